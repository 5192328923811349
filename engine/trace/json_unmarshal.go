package trace

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// JSONError is the error of UnmarshalJSON: what is wrong with the member
// at Field, a dotted path of JSON keys ("route.attrs.med"), empty when the
// input is not JSON at all.
type JSONError struct {
	Field string
	Err   error
}

// Error names the field: "trace: event JSON: route.attrs.med: ...".
func (e *JSONError) Error() string {
	if e.Field == "" {
		return "trace: event JSON: " + e.Err.Error()
	}
	return "trace: event JSON: " + e.Field + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *JSONError) Unwrap() error { return e.Err }

// fieldErr makes a *JSONError.
func fieldErr(field, format string, args ...any) error {
	return &JSONError{Field: field, Err: fmt.Errorf(format, args...)}
}

// The shapes UnmarshalJSON reads. Pointers tell an absent member from a
// zero one. Members AppendJSON writes that are one-way (msg.fields,
// msg.decode_error, route.decision) and unknown members are ignored.
type (
	eventJSON struct {
		Seq    int          `json:"seq"`
		AtNS   *int64       `json:"at_ns"`
		At     *string      `json:"at"`
		Kind   *string      `json:"kind"`
		Router string       `json:"router"`
		Peer   string       `json:"peer"`
		Conn   uint32       `json:"conn"`
		Text   string       `json:"text"`
		Msg    *messageJSON `json:"msg"`
		Route  *routeJSON   `json:"route"`
	}
	messageJSON struct {
		ID       uint64   `json:"id"`
		Type     *string  `json:"type"`
		BytesHex string   `json:"bytes_hex"`
		Length   *int     `json:"length"`
		Opt      *optJSON `json:"opt"`
	}
	optJSON struct {
		AS4             bool     `json:"as4"`
		ExtendedMessage bool     `json:"extended_message"`
		AddPath         []string `json:"add_path"`
		RIBEntry        bool     `json:"rib_entry"`
	}
	routeJSON struct {
		Table  *string    `json:"table"`
		Change *string    `json:"change"`
		Prefix string     `json:"prefix"`
		PathID uint32     `json:"path_id"`
		From   string     `json:"from"`
		Attrs  *attrsJSON `json:"attrs"`
		Why    string     `json:"why"`
	}
)

// UnmarshalJSON reads the JSON form AppendJSON writes into e, replacing
// all of e. kind is required; at_ns wins over at, which is read only when
// at_ns is absent and must agree with it otherwise. A wrong type, an
// unknown name (kind, table, change, message type, ORIGIN, segment type),
// a bad address, prefix, community or hex string is a *JSONError naming
// the member. One-way members are not read: msg.fields and
// msg.decode_error (Message.Annotate remakes them from the bytes) and
// route.decision (rib.Reason points at the paths compared, which JSON does
// not carry), so Route.Decision is nil after UnmarshalJSON.
func (e *Event) UnmarshalJSON(data []byte) error {
	var j eventJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return jsonDecodeError(err)
	}
	if j.Kind == nil {
		return fieldErr("kind", "missing")
	}
	kind, ok := kinds[*j.Kind]
	if !ok {
		return fieldErr("kind", "unknown kind %q", *j.Kind)
	}
	at, err := eventTime(j.AtNS, j.At)
	if err != nil {
		return err
	}
	ev := Event{Seq: j.Seq, At: at, Kind: kind, Router: j.Router, Peer: j.Peer, Conn: j.Conn, Text: j.Text}
	if j.Seq < 0 {
		return fieldErr("seq", "negative: %d", j.Seq)
	}
	if j.Msg != nil {
		if ev.Msg, err = j.Msg.message(); err != nil {
			return err
		}
	}
	if j.Route != nil {
		if ev.Route, err = j.Route.route(); err != nil {
			return err
		}
	}
	*e = ev
	return nil
}

// jsonDecodeError names the member encoding/json found wrong.
func jsonDecodeError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			field = "(event)"
		}
		return fieldErr(field, "a JSON %s cannot be a %s", te.Value, te.Type)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &JSONError{Err: fmt.Errorf("not JSON at byte %d: %v", se.Offset, se)}
	}
	return &JSONError{Err: err}
}

// eventTime reads at_ns and at.
func eventTime(ns *int64, at *string) (time.Duration, error) {
	var d time.Duration
	if at != nil {
		var err error
		if d, err = time.ParseDuration(*at); err != nil {
			return 0, fieldErr("at", "not a duration: %q", *at)
		}
	}
	if ns == nil {
		return d, nil
	}
	if at != nil && d != time.Duration(*ns) {
		return 0, fieldErr("at", "%q disagrees with at_ns %d", *at, *ns)
	}
	return time.Duration(*ns), nil
}

// message converts the "msg" object.
func (j *messageJSON) message() (*Message, error) {
	if j.Type == nil {
		return nil, fieldErr("msg.type", "missing")
	}
	t, ok := messageType(*j.Type)
	if !ok {
		return nil, fieldErr("msg.type", "unknown message type %q", *j.Type)
	}
	m := &Message{ID: j.ID, Type: t}
	if j.BytesHex != "" {
		b, err := hex.DecodeString(j.BytesHex)
		if err != nil {
			return nil, fieldErr("msg.bytes_hex", "%v", err)
		}
		m.Bytes = b
	}
	if j.Length != nil && *j.Length != len(m.Bytes) {
		return nil, fieldErr("msg.length", "%d, but bytes_hex holds %d octets", *j.Length, len(m.Bytes))
	}
	if o := j.Opt; o != nil {
		m.Opt = wire.Options{AS4: o.AS4, ExtendedMessage: o.ExtendedMessage, RIBEntry: o.RIBEntry}
		for i, s := range o.AddPath {
			f, ok := parseFamily(s)
			if !ok {
				return nil, fieldErr(fmt.Sprintf("msg.opt.add_path[%d]", i), "unknown family %q", s)
			}
			m.Opt.AddPath = append(m.Opt.AddPath, f)
		}
	}
	return m, nil
}

// route converts the "route" object.
func (j *routeJSON) route() (*Route, error) {
	r := &Route{PathID: j.PathID, From: j.From, Why: j.Why}
	var ok bool
	if j.Table == nil {
		return nil, fieldErr("route.table", "missing")
	}
	if r.Table, ok = tables[*j.Table]; !ok {
		return nil, fieldErr("route.table", "unknown table %q", *j.Table)
	}
	if j.Change == nil {
		return nil, fieldErr("route.change", "missing")
	}
	if r.Change, ok = changes[*j.Change]; !ok {
		return nil, fieldErr("route.change", "unknown change %q", *j.Change)
	}
	if j.Prefix != "" {
		p, err := netip.ParsePrefix(j.Prefix)
		if err != nil {
			return nil, fieldErr("route.prefix", "not a prefix: %q", j.Prefix)
		}
		if p != p.Masked() {
			return nil, fieldErr("route.prefix", "%s has host bits set (did you mean %s?)", p, p.Masked())
		}
		r.Prefix = p
	}
	if j.Attrs != nil {
		a, err := j.Attrs.attributes("route.attrs")
		if err != nil {
			return nil, err
		}
		r.Attrs = a
	}
	return r, nil
}

// parseFamily reads the names wire.Family.String writes: "ipv4-unicast",
// "ipv6-multicast", "afi25-safi70".
func parseFamily(s string) (wire.Family, bool) {
	a, sf, ok := strings.Cut(s, "-")
	if !ok {
		return wire.Family{}, false
	}
	var f wire.Family
	switch a {
	case "ipv4":
		f.AFI = wire.AFIIPv4
	case "ipv6":
		f.AFI = wire.AFIIPv6
	default:
		n, err := parseUintAfter(a, "afi", 16)
		if err != nil {
			return f, false
		}
		f.AFI = wire.AFI(n)
	}
	switch sf {
	case "unicast":
		f.SAFI = wire.SAFIUnicast
	case "multicast":
		f.SAFI = wire.SAFIMulticast
	default:
		n, err := parseUintAfter(sf, "safi", 8)
		if err != nil {
			return f, false
		}
		f.SAFI = wire.SAFI(n)
	}
	return f, f.String() == s
}

// Lookups from the names AppendJSON writes back to the values.
var (
	kinds        = enumNames(Kind.String)
	tables       = enumNames(Table.String)
	changes      = enumNames(Change.String)
	messageTypes = enumNames(wire.MessageType.String)
	origins      = enumNames(wire.Origin.String)
	segmentTypes = enumNames(wire.SegmentType.String)
)

// enumNames maps the String of every named value of a one-octet enum to
// the value; stringer writes "Name(N)" for the values without a name.
func enumNames[T ~uint8](str func(T) string) map[string]T {
	m := make(map[string]T)
	for i := range 256 {
		if s := str(T(i)); !strings.Contains(s, "(") {
			m[s] = T(i)
		}
	}
	return m
}
