package wire

import "fmt"

// Decoder decodes whole messages into values it owns and reuses: one of
// each message type. A speaker keeps one Decoder per session, so decoding
// a stream of UPDATEs and KEEPALIVEs allocates nothing once the Decoder's
// slices have grown to the size of the largest message seen.
//
// The zero value is ready to use. A Decoder is not safe for concurrent
// use.
type Decoder struct {
	open         Open
	update       Update
	notification Notification
	keepalive    Keepalive
	refresh      RouteRefresh
}

// Decode decodes one whole message, header included, as returned by
// Split. It checks the header (ParseHeader) and that msg is exactly as
// long as its Length field says, then decodes the body.
//
// The returned Message is a pointer to one of d's values (*Open, *Update,
// *Notification, *Keepalive or *RouteRefresh) and is valid until the next
// call to Decode; it never aliases msg. When the header is bad, Decode
// returns a nil Message and the *Error. When the body is bad, it returns
// the message as far as it was decoded together with the *Error; for an
// UPDATE error whose Action is gentler than a session reset (RFC 7606)
// the message is fully decoded and the caller applies the Action.
func (d *Decoder) Decode(msg []byte, opt Options) (Message, error) {
	h, err := checkWhole(msg, opt)
	if err != nil {
		return nil, err
	}
	var m Message
	switch h.Type {
	case TypeOpen:
		m = &d.open
	case TypeUpdate:
		m = &d.update
	case TypeNotification:
		m = &d.notification
	case TypeKeepalive:
		m = &d.keepalive
	default:
		m = &d.refresh
	}
	return m, decodeBody(m, msg[HeaderLen:], opt, nil)
}

// Decode decodes one whole message like Decoder.Decode, into a newly
// allocated value that the caller owns.
func Decode(msg []byte, opt Options) (Message, error) {
	h, err := checkWhole(msg, opt)
	if err != nil {
		return nil, err
	}
	m := newMessage(h.Type)
	return m, decodeBody(m, msg[HeaderLen:], opt, nil)
}

// checkWhole checks the header of msg and that msg holds exactly the
// message its Length field announces.
func checkWhole(msg []byte, opt Options) (Header, error) {
	h, err := ParseHeader(msg, opt)
	if err != nil {
		return h, err
	}
	if len(msg) != h.Length {
		return h, errorf(CodeMessageHeader, SubBadMessageLength, []byte{msg[16], msg[17]}, 16,
			"length field says %d octets, but the message has %d", h.Length, len(msg))
	}
	return h, nil
}

// newMessage allocates an empty message of type t, which ParseHeader has
// checked to be known.
func newMessage(t MessageType) Message {
	switch t {
	case TypeOpen:
		return new(Open)
	case TypeUpdate:
		return new(Update)
	case TypeNotification:
		return new(Notification)
	case TypeKeepalive:
		return new(Keepalive)
	}
	return new(RouteRefresh)
}

// decodeBody decodes body b into m, annotating when an is non-nil.
func decodeBody(m Message, b []byte, opt Options, an *annotator) error {
	switch m := m.(type) {
	case *Update:
		return m.decodeBody(b, opt, an)
	case *Keepalive:
		return m.decodeBody(b, an)
	case *Open:
		return m.decodeBody(b, an)
	case *Notification:
		return m.decodeBody(b, an)
	case *RouteRefresh:
		return m.decodeBody(b, an)
	}
	return fmt.Errorf("wire: cannot decode %T", m)
}
