package topo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// kind is the JSON type of a node.
type kind uint8

const (
	kNull kind = iota
	kObject
	kArray
	kString
	kNumber
	kBool
)

// node is one JSON value with the byte offset where it starts, so that
// errors can be sorted by their place in the file and given a line.
type node struct {
	kind    kind
	off     int
	str     string // string value, or the text of a number
	b       bool
	members []member // object members, in file order
	elems   []*node  // array elements
}

// member is one key of an object.
type member struct {
	key string
	off int
	val *node
}

// describe renders n for "want X, got Y" messages.
func (n *node) describe() string {
	switch n.kind {
	case kObject:
		return "an object"
	case kArray:
		return "a list"
	case kString:
		s := n.str
		if len(s) > 40 {
			s = s[:37] + "..."
		}
		return strconv.Quote(s)
	case kNumber:
		return n.str
	case kBool:
		return strconv.FormatBool(n.b)
	}
	return "null"
}

// parseTree reads one JSON value from data. A syntax error is returned
// as a FieldError with an empty path and the line and column in Msg.
func parseTree(data []byte) (*node, *FieldError) {
	p := &treeParser{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	n, err := p.value()
	off := int(p.dec.InputOffset())
	if err == nil {
		off = p.start()
		if _, e := p.dec.Token(); e != io.EOF {
			err = fmt.Errorf("unexpected data after the top-level value")
			if e != nil {
				err = e
				off = int(p.dec.InputOffset())
			}
		}
	}
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = int(se.Offset)
		}
		msg := err.Error()
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			msg = "unexpected end of the file"
			off = len(data)
		}
		line, col := lineCol(data, off)
		return nil, &FieldError{Msg: fmt.Sprintf("line %d, column %d: %s", line, col, msg), Line: line}
	}
	return n, nil
}

type treeParser struct {
	data []byte
	dec  *json.Decoder
}

// start returns the offset of the next token: the decoder's offset is the
// end of the previous one, before any separator.
func (p *treeParser) start() int {
	off := int(p.dec.InputOffset())
	for off < len(p.data) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

func (p *treeParser) value() (*node, error) {
	off := p.start()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	n := &node{off: off}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.kind = kObject
			for p.dec.More() {
				koff := p.start()
				k, err := p.dec.Token()
				if err != nil {
					return nil, err
				}
				ks, ok := k.(string)
				if !ok {
					return nil, fmt.Errorf("object key is not a string")
				}
				v, err := p.value()
				if err != nil {
					return nil, err
				}
				n.members = append(n.members, member{key: ks, off: koff, val: v})
			}
		case '[':
			n.kind = kArray
			for p.dec.More() {
				v, err := p.value()
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
		default:
			return nil, fmt.Errorf("unexpected %q", rune(t))
		}
		if _, err := p.dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
	case string:
		n.kind, n.str = kString, t
	case json.Number:
		n.kind, n.str = kNumber, string(t)
	case bool:
		n.kind, n.b = kBool, t
	case nil:
		n.kind = kNull
	}
	return n, nil
}

// lineCol converts a byte offset to a 1-based line and column.
func lineCol(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	col = off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}
