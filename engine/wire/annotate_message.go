package wire

import (
	"fmt"
	"strconv"
)

// Annotate decodes one whole message, header included, and returns the
// tree of its fields for a hex view along with the decoded message.
//
// The root field spans the message and is named after its type ("OPEN",
// "UPDATE", ...; "message" when the type octet is missing or unknown); its
// Value summarises the message. Its first child is "header" with the
// leaves "marker", "length" and "type"; the body's fields follow as
// further children of the root. Every field's Offset counts from the
// first octet of msg.
//
// On a decode error Annotate returns the tree of everything decoded up to
// the error, the message as far as it was decoded (nil when the header is
// bad), and the *Error. Annotate costs allocations for the tree; the
// session path uses Decoder instead.
func Annotate(msg []byte, opt Options) (*Field, Message, error) {
	name := "message"
	if len(msg) >= HeaderLen {
		if t := MessageType(msg[18]); t >= TypeOpen && t <= TypeRouteRefresh {
			name = t.String()
		}
	}
	an := newAnnotator(name, msg)
	annotateHeader(an, msg)
	h, err := checkWhole(msg, opt)
	if err != nil {
		return an.root(), nil, err
	}
	m := newMessage(h.Type)
	err = decodeBody(m, msg[HeaderLen:], opt, an)
	root := an.root()
	if s, ok := m.(fmt.Stringer); ok && err == nil {
		root.Value = s.String()
	}
	return root, m, err
}

// annotateHeader adds the "header" field and its leaves, as far as msg
// holds them.
func annotateHeader(an *annotator, msg []byte) {
	if len(msg) == 0 {
		return
	}
	an.open("header", msg[:min(len(msg), HeaderLen)], "")
	defer an.close()
	marker := msg[:min(len(msg), 16)]
	mv := "all ones"
	for _, c := range marker {
		if c != 0xff {
			mv = "not all ones: Connection Not Synchronized"
			break
		}
	}
	if len(marker) < 16 {
		mv = "truncated"
	}
	an.leaf("marker", marker, mv)
	if len(msg) < 18 {
		if len(msg) > 16 {
			an.leaf("length", msg[16:], "truncated")
		}
		return
	}
	an.leaf("length", msg[16:18], strconv.Itoa(int(msg[16])<<8|int(msg[17]))+" octets")
	if len(msg) < HeaderLen {
		return
	}
	t := MessageType(msg[18])
	an.leaf("type", msg[18:19], strconv.Itoa(int(t))+" ("+t.String()+")")
	an.setValue(t.String() + ", " + strconv.Itoa(int(msg[16])<<8|int(msg[17])) + " octets")
}
