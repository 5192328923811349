package wire

import (
	"encoding/binary"
	"fmt"
)

//go:generate go tool stringer -type=MessageType -linecomment -output=header_string.go

// MessageType is the type octet of the message header (RFC 4271 section
// 4.1, RFC 2918 section 3).
type MessageType uint8

// Message types.
const (
	TypeOpen         MessageType = 1 // OPEN
	TypeUpdate       MessageType = 2 // UPDATE
	TypeNotification MessageType = 3 // NOTIFICATION
	TypeKeepalive    MessageType = 4 // KEEPALIVE
	TypeRouteRefresh MessageType = 5 // ROUTE-REFRESH
)

// Message sizes (RFC 4271 section 4, RFC 8654 section 4).
const (
	// HeaderLen is the length of the fixed header: marker, length, type.
	HeaderLen = 19
	// MaxMessageLen is the largest message without extended messages.
	MaxMessageLen = 4096
	// MaxExtendedMessageLen is the largest message with extended messages.
	MaxExtendedMessageLen = 65535
)

// minLen is the smallest length of each message type, header included,
// that ParseHeader accepts (RFC 4271 sections 4.2-4.5, 6.1).
//
// ROUTE-REFRESH is always 23 octets (RFC 2918 section 3), but a wrong
// length is not a header error: RFC 7313 section 5 makes it ROUTE-REFRESH
// Message Error / Invalid Message Length with the complete message as
// data, which only the body decoder (RouteRefresh.DecodeBody) can build.
// So the header accepts any ROUTE-REFRESH length up to the maximum.
var minLen = [...]int{
	TypeOpen:         29,
	TypeUpdate:       23,
	TypeNotification: 21,
	TypeKeepalive:    19,
	TypeRouteRefresh: HeaderLen,
}

// Message is a decoded BGP message body. Append writes a whole message,
// header included.
type Message interface {
	// Type is the message type written in the header.
	Type() MessageType
	// AppendBody appends the message body, everything after the 19-octet
	// header, encoded for a session with options opt.
	AppendBody(b []byte, opt Options) ([]byte, error)
}

// Header is the fixed part of every message:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                                                               |
//	+                                                               +
//	|                           Marker                              |
//	+                                                               +
//	|                                                               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|          Length               |      Type     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
type Header struct {
	Length int // total message length, header included
	Type   MessageType
}

// ParseHeader checks the first HeaderLen octets of b as RFC 4271 section
// 6.1 requires: an all-ones marker, a length within the bounds for the
// type and the session, and a known type. Errors carry the NOTIFICATION
// data the RFC prescribes.
func ParseHeader(b []byte, opt Options) (Header, error) {
	if len(b) < HeaderLen {
		return Header{}, errorf(CodeMessageHeader, SubBadMessageLength, nil, len(b),
			"message header needs %d octets, have %d", HeaderLen, len(b))
	}
	for i := range 16 {
		if b[i] != 0xff {
			return Header{}, errorf(CodeMessageHeader, SubConnectionNotSynchronized, nil, i,
				"marker octet %d is 0x%02x, not 0xff", i, b[i])
		}
	}
	h := Header{Length: int(binary.BigEndian.Uint16(b[16:18])), Type: MessageType(b[18])}
	if h.Type < TypeOpen || h.Type > TypeRouteRefresh {
		return h, errorf(CodeMessageHeader, SubBadMessageType, []byte{b[18]}, 18,
			"unknown message type %d", b[18])
	}
	if h.Type == TypeKeepalive && h.Length != HeaderLen {
		return h, errorf(CodeMessageHeader, SubBadMessageLength, []byte{b[16], b[17]}, 16,
			"length %d is not allowed for KEEPALIVE (exactly %d)", h.Length, HeaderLen)
	}
	if h.Length < minLen[h.Type] || h.Length > opt.MaxLen(h.Type) {
		return h, errorf(CodeMessageHeader, SubBadMessageLength, []byte{b[16], b[17]}, 16,
			"length %d is not allowed for %s (%d..%d)", h.Length, h.Type, minLen[h.Type], opt.MaxLen(h.Type))
	}
	return h, nil
}

// Split takes the first complete message off the front of a byte stream.
// It returns the message (header included, aliasing buf) and the rest of
// buf; msg is nil when buf does not yet hold a whole message. A header
// error is returned as soon as the header has arrived.
func Split(buf []byte, opt Options) (msg, rest []byte, err error) {
	if len(buf) < HeaderLen {
		return nil, buf, nil
	}
	h, err := ParseHeader(buf, opt)
	if err != nil {
		return nil, buf, err
	}
	if len(buf) < h.Length {
		return nil, buf, nil
	}
	return buf[:h.Length], buf[h.Length:], nil
}

// Append appends the whole message m (header and body) to b and checks
// that it fits the session's maximum message length.
func Append(b []byte, m Message, opt Options) ([]byte, error) {
	start := len(b)
	b = append(b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, byte(m.Type()))
	b, err := m.AppendBody(b, opt)
	if err != nil {
		return b[:start], err
	}
	n := len(b) - start
	if max := opt.MaxLen(m.Type()); n > max {
		return b[:start], fmt.Errorf("wire: %s of %d octets exceeds the maximum of %d", m.Type(), n, max)
	}
	binary.BigEndian.PutUint16(b[start+16:], uint16(n))
	return b, nil
}
