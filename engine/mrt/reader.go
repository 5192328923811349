package mrt

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"slices"
	"strconv"
)

// Decompress returns a reader of the decompressed contents of r when r
// starts with a gzip or bzip2 stream, or r's bytes as they are otherwise.
// It tells the formats apart by their magic numbers, so a plain MRT file
// whose first timestamp happens to start like "BZh" is not mistaken for
// bzip2: the full bzip2 stream header (with its block or end-of-stream
// magic) must be there.
func Decompress(r io.Reader) (io.Reader, error) {
	br, ok := r.(*bufio.Reader)
	if !ok || br.Size() < 64<<10 {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	head, err := br.Peek(10)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	switch {
	case len(head) >= 3 && head[0] == 0x1f && head[1] == 0x8b && head[2] == 8:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		return zr, nil
	case isBzip2(head):
		return bzip2.NewReader(br), nil
	}
	return br, nil
}

// isBzip2 reports whether head is the start of a bzip2 stream: "BZh", a
// block size digit, then the block magic (BCD pi) or the end-of-stream
// magic (BCD sqrt(pi)).
func isBzip2(head []byte) bool {
	if len(head) < 10 || head[0] != 'B' || head[1] != 'Z' || head[2] != 'h' || head[3] < '1' || head[3] > '9' {
		return false
	}
	m := head[4:10]
	return bytes.Equal(m, []byte{0x31, 0x41, 0x59, 0x26, 0x53, 0x59}) ||
		bytes.Equal(m, []byte{0x17, 0x72, 0x45, 0x38, 0x50, 0x90})
}

// MaxRecordLen is the largest record body the Reader accepts. RFC 6396
// allows 4 GiB; real records stay far below this, and a corrupt length
// must not make the reader allocate gigabytes.
const MaxRecordLen = 64 << 20

// Reader reads MRT records from a stream. It is not safe for concurrent
// use.
type Reader struct {
	src  io.Reader // as given
	br   *bufio.Reader
	err  error // sticky: stream errors end the reading
	init bool

	off       int64 // bytes consumed from the decompressed stream
	recOffset int64 // offset of the record being decoded

	hdr  [16]byte
	body []byte

	rec       Record
	tableDump TableDump
	peers     *PeerIndexTable // the table in force
	peerBuf   [2]PeerIndexTable
	rib       RIB
	msg       BGP4MPMessage
	state     BGP4MPStateChange

	skipped []Skipped
}

// Skipped counts the records of one type and subtype that the Reader
// passed over because it does not decode them.
type Skipped struct {
	Type    Type
	Subtype uint16
	Count   int
	// Offset is where the first of them starts.
	Offset int64
}

// String renders s as "3 TABLE_DUMP_V2/RIB_GENERIC records (first at offset 120)".
func (s Skipped) String() string {
	b := strconv.AppendInt(nil, int64(s.Count), 10)
	b = append(b, ' ')
	b = append(b, Header{Type: s.Type, Subtype: s.Subtype}.String()...)
	if s.Count == 1 {
		b = append(b, " record (at offset "...)
	} else {
		b = append(b, " records (first at offset "...)
	}
	b = strconv.AppendInt(b, s.Offset, 10)
	b = append(b, ')')
	return string(b)
}

// NewReader returns a Reader of the MRT records in r, which may be
// gzip- or bzip2-compressed (see Decompress). A decompression error is
// returned by the first call to Next.
func NewReader(r io.Reader) *Reader {
	return &Reader{src: r}
}

// NewRawReader returns a Reader of the MRT records in r, which must not
// be compressed.
func NewRawReader(r io.Reader) *Reader {
	rd := &Reader{src: r, init: true}
	rd.br = bufio.NewReaderSize(r, 64<<10)
	return rd
}

// Skipped lists, in order of first appearance, the records the Reader
// passed over so far because their type or subtype is not one it decodes.
func (r *Reader) Skipped() []Skipped { return r.skipped }

// Offset is the number of decompressed bytes consumed so far: the offset
// of the next record.
func (r *Reader) Offset() int64 { return r.off }

// PeerIndexTable returns the last PEER_INDEX_TABLE read, or nil.
func (r *Reader) PeerIndexTable() *PeerIndexTable { return r.peers }

// Next reads the next record. It returns io.EOF after the last one. The
// Record is reused by the next call (see Record).
//
// A malformed record gives an *Error. When its Truncated field is clear
// the record was skipped whole and Next may be called again for the
// records after it; otherwise the error is final and every later call
// returns it again.
func (r *Reader) Next() (*Record, error) {
	if r.err != nil {
		return nil, r.err
	}
	if !r.init {
		r.init = true
		d, err := Decompress(r.src)
		if err != nil {
			r.err = &Error{Reason: "cannot decompress input: " + err.Error(), Err: err, Truncated: true}
			return nil, r.err
		}
		if br, ok := d.(*bufio.Reader); ok {
			r.br = br
		} else {
			r.br = bufio.NewReaderSize(d, 64<<10)
		}
	}
	for {
		rec, err := r.next()
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Truncated {
				r.err = err
			}
			return nil, err
		}
		if rec != nil {
			return rec, nil
		}
	}
}

// next reads one record; it returns a nil record and nil error for a
// record it skipped.
func (r *Reader) next() (*Record, error) {
	r.recOffset = r.off
	n, err := io.ReadFull(r.br, r.hdr[:HeaderLen])
	r.off += int64(n)
	if err != nil {
		if n == 0 && errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, &Error{Offset: r.recOffset, Truncated: true, Err: err,
				Reason: "stream ends inside the record header (" + strconv.Itoa(n) + " of 12 octets)"}
		}
		return nil, &Error{Offset: r.recOffset, Truncated: true, Err: err, Reason: "read error: " + err.Error()}
	}
	h := Header{
		Timestamp: binary.BigEndian.Uint32(r.hdr[0:4]),
		Type:      Type(binary.BigEndian.Uint16(r.hdr[4:6])),
		Subtype:   binary.BigEndian.Uint16(r.hdr[6:8]),
		Length:    binary.BigEndian.Uint32(r.hdr[8:12]),
	}
	r.rec = Record{Header: h, Offset: r.recOffset}
	if h.Length > MaxRecordLen {
		return nil, &Error{Offset: r.recOffset, Header: h, HeaderOK: true, Truncated: true,
			Reason: "record length " + strconv.FormatUint(uint64(h.Length), 10) + " exceeds the limit of " + strconv.Itoa(MaxRecordLen)}
	}
	if err := r.readBody(int(h.Length)); err != nil {
		return nil, err
	}
	body := r.body
	if h.Type.extendedTime() {
		if len(body) < 4 {
			return nil, r.recordError("length %d leaves no room for the microsecond timestamp", h.Length)
		}
		r.rec.Microseconds = binary.BigEndian.Uint32(body)
		body = body[4:]
	}
	var derr *Error
	switch h.Type {
	case TypeTableDump:
		if h.Subtype != SubtypeAFIIPv4 && h.Subtype != SubtypeAFIIPv6 {
			break
		}
		r.rec.TableDump = &r.tableDump
		derr = r.decodeTableDump(&r.tableDump, body)
		return r.result(derr)
	case TypeTableDumpV2:
		switch h.Subtype {
		case SubtypePeerIndexTable:
			// Decode into the spare table so a corrupt one leaves the
			// table in force untouched.
			t := &r.peerBuf[0]
			if t == r.peers {
				t = &r.peerBuf[1]
			}
			derr = r.decodePeerIndex(t, body)
			if derr == nil {
				r.peers = t
				r.rec.PeerIndex = t
			}
			return r.result(derr)
		case SubtypeRIBIPv4Unicast, SubtypeRIBIPv6Unicast, SubtypeRIBIPv4UnicastAddPath, SubtypeRIBIPv6UnicastAddPath:
			r.rec.RIB = &r.rib
			r.rec.Peers = r.peers
			derr = r.decodeRIB(&r.rib, body)
			return r.result(derr)
		}
	case TypeBGP4MP, TypeBGP4MPET:
		switch s := h.Subtype; {
		case s == SubtypeBGP4MPStateChange || s == SubtypeBGP4MPStateChangeAS4:
			r.rec.State = &r.state
			derr = r.decodeStateChange(&r.state, body, s == SubtypeBGP4MPStateChangeAS4)
			return r.result(derr)
		case int(s) < len(bgp4mpFlavours) && bgp4mpFlavours[s].ok:
			r.rec.Message = &r.msg
			derr = r.decodeMessage(&r.msg, body)
			return r.result(derr)
		}
	}
	r.skip(h)
	return nil, nil
}

func (r *Reader) result(err *Error) (*Record, error) {
	if err != nil {
		return nil, err
	}
	return &r.rec, nil
}

func (r *Reader) skip(h Header) {
	for i := range r.skipped {
		if s := &r.skipped[i]; s.Type == h.Type && s.Subtype == h.Subtype {
			s.Count++
			return
		}
	}
	r.skipped = append(r.skipped, Skipped{Type: h.Type, Subtype: h.Subtype, Count: 1, Offset: r.recOffset})
}

// readBody reads the n-octet record body into r.body. It grows the buffer
// as the data arrives, so a corrupt length in a short stream costs no
// more memory than the stream holds.
func (r *Reader) readBody(n int) error {
	const step = 1 << 20
	r.body = r.body[:0]
	for len(r.body) < n {
		if len(r.body) == cap(r.body) {
			r.body = slices.Grow(r.body, min(n-len(r.body), step))
		}
		chunk := min(n-len(r.body), cap(r.body)-len(r.body))
		got, err := io.ReadFull(r.br, r.body[len(r.body):len(r.body)+chunk])
		r.body = r.body[:len(r.body)+got]
		r.off += int64(got)
		if err != nil {
			e := &Error{Offset: r.recOffset, Header: r.rec.Header, HeaderOK: true, Truncated: true, Err: err}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				e.Err = io.ErrUnexpectedEOF
				e.Reason = "stream ends inside the record: length " + strconv.Itoa(n) +
					", only " + strconv.Itoa(len(r.body)) + " octets follow the header"
			} else {
				e.Reason = "read error: " + err.Error()
			}
			return e
		}
	}
	return nil
}
