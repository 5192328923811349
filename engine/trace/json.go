package trace

import (
	"encoding/hex"
	"errors"
	"io"
	"strconv"

	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/wire"
)

// The JSON form of events is documented member by member in SCHEMA.md,
// beside this file. It is what the browser UI animates and what the
// daemon's live stream sends, one event per line or per Server-Sent
// Event. Keys are snake_case, members that are absent or empty are left
// out, and members always appear in the same order, so equal events give
// equal bytes.

// JSONOptions selects the optional parts of an event's JSON form.
type JSONOptions struct {
	// Fields adds, to every message, the decoded field tree of
	// Message.Annotate under "fields" (and "decode_error" when the bytes
	// do not decode), so a hex view needs no decoder of its own. It costs
	// a decode and its allocations per message.
	Fields bool
}

// errNilEvent is AppendJSON's answer to a nil event.
var errNilEvent = errors.New("trace: AppendJSON of a nil event")

// AppendJSON appends the JSON form of e (one object, no newline) to b and
// returns the extended buffer. It writes the JSON by hand, without
// reflection, and allocates nothing of its own when b has room and
// opt.Fields is off. Its only error is a nil e: every Event has a JSON
// form, even one whose kind, table or change is out of range (those are
// written as their String, which UnmarshalJSON then refuses).
func AppendJSON(b []byte, e *Event, opt JSONOptions) ([]byte, error) {
	if e == nil {
		return b, errNilEvent
	}
	b = append(b, '{')
	b = strconv.AppendInt(appendKey(b, "seq"), int64(e.Seq), 10)
	b = strconv.AppendInt(appendKey(b, "at_ns"), int64(e.At), 10)
	b = appendStringMember(b, "at", e.At.String())
	b = appendStringMember(b, "kind", e.Kind.String())
	if e.Router != "" {
		b = appendStringMember(b, "router", e.Router)
	}
	if e.Peer != "" {
		b = appendStringMember(b, "peer", e.Peer)
	}
	if e.Conn != 0 {
		b = appendUintMember(b, "conn", uint64(e.Conn))
	}
	if e.Text != "" {
		b = appendStringMember(b, "text", e.Text)
	}
	if e.Msg != nil {
		b = appendMessage(appendKey(b, "msg"), e.Msg, opt)
	}
	if e.Route != nil {
		b = appendRoute(appendKey(b, "route"), e.Route)
	}
	return append(b, '}'), nil
}

// MarshalJSON returns the JSON form of e without the decoded field trees
// (AppendJSON with the zero JSONOptions). The method is on *Event:
// encoding/json uses it for *Event values and for the elements of an
// []Event, not for an Event passed by value.
func (e *Event) MarshalJSON() ([]byte, error) {
	return AppendJSON(make([]byte, 0, 256), e, JSONOptions{})
}

// appendMessage writes the "msg" object.
func appendMessage(b []byte, m *Message, opt JSONOptions) []byte {
	b = append(b, '{')
	b = appendUintMember(b, "id", m.ID)
	b = appendStringMember(b, "type", m.Type.String())
	b = append(appendKey(b, "bytes_hex"), '"')
	b = hex.AppendEncode(b, m.Bytes)
	b = append(b, '"')
	b = appendUintMember(b, "length", uint64(len(m.Bytes)))
	if o := &m.Opt; o.AS4 || o.ExtendedMessage || o.RIBEntry || len(o.AddPath) > 0 {
		b = append(appendKey(b, "opt"), '{')
		if o.AS4 {
			b = append(appendKey(b, "as4"), "true"...)
		}
		if o.ExtendedMessage {
			b = append(appendKey(b, "extended_message"), "true"...)
		}
		if len(o.AddPath) > 0 {
			b = append(appendKey(b, "add_path"), '[')
			for _, f := range o.AddPath {
				b = appendString(appendSep(b), f.String())
			}
			b = append(b, ']')
		}
		if o.RIBEntry {
			b = append(appendKey(b, "rib_entry"), "true"...)
		}
		b = append(b, '}')
	}
	if opt.Fields {
		f, _, err := m.Annotate()
		if f != nil {
			b = appendField(appendKey(b, "fields"), f)
		}
		if err != nil {
			b = appendStringMember(b, "decode_error", err.Error())
		}
	}
	return append(b, '}')
}

// appendRoute writes the "route" object.
func appendRoute(b []byte, r *Route) []byte {
	b = append(b, '{')
	b = appendStringMember(b, "table", r.Table.String())
	b = appendStringMember(b, "change", r.Change.String())
	if r.Prefix.IsValid() {
		b = append(appendKey(b, "prefix"), '"')
		b = r.Prefix.AppendTo(b)
		b = append(b, '"')
	}
	if r.PathID != 0 {
		b = appendUintMember(b, "path_id", uint64(r.PathID))
	}
	if r.From != "" {
		b = appendStringMember(b, "from", r.From)
	}
	if r.Attrs != nil {
		b = appendAttrs(appendKey(b, "attrs"), r.Attrs)
	}
	if r.Decision != nil {
		b = appendDecision(appendKey(b, "decision"), r.Decision)
	}
	if r.Why != "" {
		b = appendStringMember(b, "why", r.Why)
	}
	return append(b, '}')
}

// appendDecision writes the "decision" object: the step of the decision
// process that chose the best path (absent when there is none), the
// sentence that explains it, and the peer of the strongest path it beat.
func appendDecision(b []byte, r *rib.Reason) []byte {
	b = append(b, '{')
	if r.Best != nil {
		b = appendStringMember(b, "step", r.Step.String())
	}
	b = appendStringMember(b, "text", r.String())
	if r.Best != nil && r.Other != nil && r.Step != rib.StepOnly {
		b = appendStringMember(b, "other_from", r.Other.Peer.String())
	}
	return append(b, '}')
}

// WriteJSONL writes the events with sequence numbers above since to w as
// JSON lines: one AppendJSON object per line, each ending in '\n'. It
// returns the first error of w.
func (l *Log) WriteJSONL(w io.Writer, since int, opt JSONOptions) error {
	const flushAt = 32 << 10
	buf := make([]byte, 0, flushAt+4096)
	evs := l.Since(since)
	for i := range evs {
		var err error
		if buf, err = AppendJSON(buf, &evs[i], opt); err != nil {
			return err
		}
		buf = append(buf, '\n')
		if len(buf) >= flushAt {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if len(buf) > 0 {
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// messageType is the wire.MessageType named s: its String ("UPDATE") or,
// for types this project does not know, "MessageType(N)".
func messageType(s string) (wire.MessageType, bool) {
	if t, ok := messageTypes[s]; ok {
		return t, true
	}
	n, ok := parseEnumNumber(s, "MessageType(")
	return wire.MessageType(n), ok
}

// parseEnumNumber reads the N of a stringer's "Name(N)" for values out of
// range.
func parseEnumNumber(s, prefix string) (uint8, bool) {
	if len(s) < len(prefix)+2 || s[:len(prefix)] != prefix || s[len(s)-1] != ')' {
		return 0, false
	}
	n, err := strconv.ParseUint(s[len(prefix):len(s)-1], 10, 8)
	return uint8(n), err == nil
}
