package wire

import (
	"strconv"
	"unicode/utf8"
)

// Notification is a NOTIFICATION message (RFC 4271 section 4.5):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	| Error code    | Error subcode |   Data (variable)             |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// For Cease / Administrative Shutdown and Cease / Administrative Reset the
// data may hold a Shutdown Communication (RFC 9003 section 2), a length
// octet followed by that many octets of UTF-8 text:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	| Error code 6  |    Subcode    |    Length     |     ...       \
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+               /
//	\                                                               \
//	/                 ... Shutdown Communication ...                /
//	\                                                               \
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
type Notification struct {
	Code    ErrorCode
	Subcode uint8
	Data    []byte
}

// Type is TypeNotification.
func (*Notification) Type() MessageType { return TypeNotification }

// MaxShutdownCommunication is the longest Shutdown Communication in
// octets (RFC 9003 section 2).
const MaxShutdownCommunication = 255

// NewShutdown builds a Cease NOTIFICATION with subcode sub (normally
// SubAdministrativeShutdown or SubAdministrativeReset) carrying the
// Shutdown Communication msg (RFC 9003 section 2). A msg longer than 255
// octets is cut at the last whole UTF-8 character that fits; an empty msg
// gives empty data.
func NewShutdown(sub uint8, msg string) *Notification {
	n := &Notification{Code: CodeCease, Subcode: sub}
	if msg == "" {
		return n
	}
	if len(msg) > MaxShutdownCommunication {
		cut := MaxShutdownCommunication
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut]
	}
	n.Data = append(append(make([]byte, 0, 1+len(msg)), byte(len(msg))), msg...)
	return n
}

// ShutdownCommunication returns the Shutdown Communication of a Cease /
// Administrative Shutdown or Administrative Reset NOTIFICATION (RFC 9003
// section 2) and reports whether the data holds a well-formed one: a
// length that fits the data and valid UTF-8. Octets after the
// communication are ignored.
func (n *Notification) ShutdownCommunication() (string, bool) {
	if n.Code != CodeCease || (n.Subcode != SubAdministrativeShutdown && n.Subcode != SubAdministrativeReset) ||
		len(n.Data) == 0 {
		return "", false
	}
	l := int(n.Data[0])
	if 1+l > len(n.Data) || !utf8.Valid(n.Data[1:1+l]) {
		return "", false
	}
	return string(n.Data[1 : 1+l]), true
}

// AppendBody appends code, subcode and data.
func (n *Notification) AppendBody(b []byte, _ Options) ([]byte, error) {
	b = append(b, byte(n.Code), n.Subcode)
	return append(b, n.Data...), nil
}

// DecodeBody decodes a NOTIFICATION body (everything after the header).
// Data is copied, never aliased.
func (n *Notification) DecodeBody(b []byte) error {
	return n.decodeBody(b, nil)
}

func (n *Notification) decodeBody(b []byte, an *annotator) error {
	if len(b) < 2 {
		n.Code, n.Subcode, n.Data = 0, 0, n.Data[:0]
		return errorf(CodeMessageHeader, SubBadMessageLength, msgLenField(len(b)), 16,
			"NOTIFICATION body needs 2 octets, has %d", len(b))
	}
	n.Code, n.Subcode = ErrorCode(b[0]), b[1]
	n.Data = append(n.Data[:0], b[2:]...)
	if an != nil {
		an.leaf("error code", b[0:1], n.Code.String())
		an.leaf("error subcode", b[1:2], SubcodeName(n.Code, n.Subcode))
		if len(b) > 2 {
			d := b[2:]
			if s, ok := n.ShutdownCommunication(); ok {
				an.open("data", d, n.dataString())
				an.leaf("length", d[0:1], strconv.Itoa(int(d[0])))
				if len(s) > 0 {
					an.leaf("shutdown communication", d[1:1+len(s)], strconv.Quote(s))
				}
				if rest := d[1+len(s):]; len(rest) > 0 {
					an.leaf("trailing data", rest, hexString(rest))
				}
				an.close()
			} else {
				an.leaf("data", d, n.dataString())
			}
		}
	}
	return nil
}

// dataString renders the data field: the RFC 9003 Shutdown Communication,
// quoted, for Cease / Administrative Shutdown or Reset when the data holds
// a well-formed one, hex otherwise.
func (n *Notification) dataString() string {
	if s, ok := n.ShutdownCommunication(); ok {
		q := strconv.Quote(s)
		if rest := n.Data[1+len(s):]; len(rest) > 0 {
			q += " + " + hexString(rest)
		}
		return q
	}
	return hexString(n.Data)
}

// String renders n as `Cease / Administrative Shutdown: "maintenance"` or
// "OPEN Message Error / Unsupported Version Number: 0004".
func (n *Notification) String() string {
	s := n.Code.String() + " / " + SubcodeName(n.Code, n.Subcode)
	if len(n.Data) > 0 {
		s += ": " + n.dataString()
	}
	return s
}
