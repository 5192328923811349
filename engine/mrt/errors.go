package mrt

import (
	"fmt"
	"strconv"
)

// Error is a record the reader could not frame or parse: the stream ended
// inside it, or a length or value in it is impossible. It names where the
// record starts in the (decompressed) stream and what is wrong:
//
//	mrt: record at offset 81234 (TABLE_DUMP_V2/RIB_IPV4_UNICAST): entry 3 attribute length 40 overruns record
//
// Every record before it was returned intact.
type Error struct {
	// Offset is the byte offset of the record's first header octet.
	Offset int64
	// Header is the record's header; Type is 0 when the header itself was
	// cut short.
	Header Header
	// HeaderOK is set when the whole header was read, so Header is valid.
	HeaderOK bool
	// Reason says what is wrong, for people.
	Reason string
	// Truncated is set when the stream ended inside the record; the
	// reader cannot go on. Otherwise the record was skipped whole and the
	// next call to Next reads the record after it.
	Truncated bool
	// Err is the underlying error, if any (a *wire.Error, an I/O error or
	// io.ErrUnexpectedEOF).
	Err error
}

func (e *Error) Error() string {
	b := make([]byte, 0, 64+len(e.Reason))
	b = append(b, "mrt: record at offset "...)
	b = strconv.AppendInt(b, e.Offset, 10)
	if e.HeaderOK {
		b = append(b, " ("...)
		b = append(b, e.Header.String()...)
		b = append(b, ')')
	}
	b = append(b, ": "...)
	b = append(b, e.Reason...)
	if e.Err != nil && e.Reason == "" {
		b = append(b, e.Err.Error()...)
	}
	return string(b)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// recordError is the error for a malformed record body; the reader can go
// on with the next record.
func (r *Reader) recordError(format string, args ...any) *Error {
	return &Error{Offset: r.recOffset, Header: r.rec.Header, HeaderOK: true,
		Reason: fmt.Sprintf(format, args...)}
}

// EntryError is a protocol problem in the attributes or BGP message of one
// record, found while decoding it. The record itself was framed correctly
// and is returned; the reader goes on.
type EntryError struct {
	Offset int64  // the record's offset in the stream
	Header Header // the record's header
	// Entry is the RIB entry index for TABLE_DUMP_V2 RIB records, -1
	// otherwise.
	Entry int
	Err   error // usually a *wire.Error carrying the RFC 7606 action
}

func (e *EntryError) Error() string {
	b := make([]byte, 0, 128)
	b = append(b, "mrt: record at offset "...)
	b = strconv.AppendInt(b, e.Offset, 10)
	b = append(b, " ("...)
	b = append(b, e.Header.String()...)
	b = append(b, "): "...)
	if e.Entry >= 0 {
		b = append(b, "entry "...)
		b = strconv.AppendInt(b, int64(e.Entry), 10)
		b = append(b, ": "...)
	}
	b = append(b, e.Err.Error()...)
	return string(b)
}

// Unwrap returns the underlying error.
func (e *EntryError) Unwrap() error { return e.Err }
