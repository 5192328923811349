package wire

import (
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
)

// Update is an UPDATE message (RFC 4271 section 4.3):
//
//	+-----------------------------------------------------+
//	|   Withdrawn Routes Length (2 octets)                |
//	+-----------------------------------------------------+
//	|   Withdrawn Routes (variable)                       |
//	+-----------------------------------------------------+
//	|   Total Path Attribute Length (2 octets)            |
//	+-----------------------------------------------------+
//	|   Path Attributes (variable)                        |
//	+-----------------------------------------------------+
//	|   Network Layer Reachability Information (variable) |
//	+-----------------------------------------------------+
//
// Withdrawn and NLRI are the IPv4 unicast routes of the message body; other
// families travel in Attrs.MPReach and Attrs.MPUnreach (RFC 4760).
type Update struct {
	Withdrawn []NLRI
	Attrs     Attributes
	NLRI      []NLRI
}

// Type is TypeUpdate.
func (*Update) Type() MessageType { return TypeUpdate }

// DecodeBody decodes an UPDATE body: everything after the 19-octet
// header. u is reset first and its storage reused, so decoding into the
// same Update again allocates nothing once its slices have grown.
//
// Errors follow RFC 7606: the returned *Error is the most severe one
// found (section 3 (i)). After an attribute-discard or treat-as-withdraw
// error, u still holds every NLRI and withdrawn route of the message (the
// speaker withdraws the NLRI when the action is treat-as-withdraw); with
// AFI/SAFI-disable, DisabledFamily names the family. Error offsets count
// from the first octet of the message (header included).
func (u *Update) DecodeBody(b []byte, opt Options) error {
	return u.decodeBody(b, opt, nil)
}

func (u *Update) decodeBody(b []byte, opt Options, an *annotator) error {
	u.Withdrawn = u.Withdrawn[:0]
	u.NLRI = u.NLRI[:0]
	u.Attrs.Reset()
	d := attrDecoder{opt: opt, an: an, capBase: cap(b) + HeaderLen}
	if an != nil {
		d.capBase = an.capBase
	}
	if len(b) < 4 {
		return &Error{Code: CodeUpdateMessage, Subcode: SubMalformedAttributeList, Action: ActionSessionReset,
			Offset: d.off(b), Reason: "UPDATE body of " + itoa(len(b)) + " octets is shorter than 4"}
	}
	wl := int(b[0])<<8 | int(b[1])
	if 2+wl+2 > len(b) {
		// RFC 4271 section 6.3: Withdrawn Routes Length too large.
		if an != nil {
			an.leaf("withdrawn routes length", b[:2], itoa(wl)+" (too large)")
		}
		return &Error{Code: CodeUpdateMessage, Subcode: SubMalformedAttributeList, Action: ActionSessionReset,
			Offset: d.off(b), Reason: "withdrawn routes length " + itoa(wl) + " overruns the message (RFC 4271 section 6.3)"}
	}
	addPath := opt.HasAddPath(IPv4Unicast)
	w := b[2 : 2+wl]
	if an != nil {
		an.leaf("withdrawn routes length", b[:2], itoa(wl))
		if wl > 0 {
			an.open("withdrawn routes", w, "")
		}
	}
	var e *Error
	u.Withdrawn, e = decodeNLRI(u.Withdrawn, w, false, addPath, d.capBase, an, "withdrawn route")
	if an != nil && wl > 0 {
		an.setValue(count(len(u.Withdrawn), "prefix", "prefixes"))
		an.close()
	}
	if e != nil {
		// RFC 7606 section 5.3: withdrawn routes that cannot be parsed
		// reset the session.
		e.Reason = "withdrawn routes: " + e.Reason + " (RFC 7606 section 5.3)"
		return e
	}
	rest := b[2+wl:]
	tl := int(rest[0])<<8 | int(rest[1])
	if 2+tl > len(rest) {
		if an != nil {
			an.leaf("total path attribute length", rest[:2], itoa(tl)+" (too large)")
		}
		return &Error{Code: CodeUpdateMessage, Subcode: SubMalformedAttributeList, Action: ActionSessionReset,
			Offset: d.off(rest), Reason: "total path attribute length " + itoa(tl) + " overruns the message (RFC 4271 section 6.3)"}
	}
	attrs, nlri := rest[2:2+tl], rest[2+tl:]
	if an != nil {
		an.leaf("total path attribute length", rest[:2], itoa(tl))
		if tl > 0 {
			an.open("path attributes", attrs, "")
		}
	}
	u.Attrs.decode(attrs, &d)
	if an != nil && tl > 0 {
		an.close()
		if len(nlri) > 0 {
			an.open("NLRI", nlri, "")
		}
	}
	u.NLRI, e = decodeNLRI(u.NLRI, nlri, false, addPath, d.capBase, an, "prefix")
	if an != nil && len(nlri) > 0 {
		an.setValue(count(len(u.NLRI), "prefix", "prefixes"))
		an.close()
	}
	if e != nil {
		// RFC 7606 section 5.3.
		e.Reason = "NLRI: " + e.Reason + " (RFC 7606 section 5.3)"
		d.report(e)
	}
	u.checkMandatory(&d)
	if d.err != nil {
		return d.err
	}
	return nil
}

// checkMandatory reports missing well-known mandatory attributes when
// the UPDATE carries reachable NLRI: ORIGIN and AS_PATH always, NEXT_HOP
// only when there are NLRI in the UPDATE body (RFC 4271 section 6.3, RFC
// 4760 section 3). A missing attribute is treat-as-withdraw (RFC 7606
// section 3 (d)); the data is the missing attribute's type code.
// LOCAL_PREF, mandatory on internal sessions only, is left to the speaker.
func (u *Update) checkMandatory(d *attrDecoder) {
	if len(u.NLRI) == 0 && len(u.Attrs.MPReach.NLRI) == 0 {
		return
	}
	a := &u.Attrs
	var missing AttrType
	switch {
	case !a.Has(AttrOrigin) && d.seen[0]&(1<<AttrOrigin) == 0:
		missing = AttrOrigin
	case !a.Has(AttrASPath) && d.seen[0]&(1<<AttrASPath) == 0:
		missing = AttrASPath
	case len(u.NLRI) > 0 && !a.Has(AttrNextHop) && d.seen[0]&(1<<AttrNextHop) == 0:
		missing = AttrNextHop
	default:
		return
	}
	d.report(&Error{Code: CodeUpdateMessage, Subcode: SubMissingWellKnownAttribute, Data: []byte{byte(missing)},
		Action: ActionTreatAsWithdraw, Offset: -1,
		Reason: "missing well-known attribute " + missing.String() + " (RFC 7606 section 3 (d))"})
}

// AppendBody appends the UPDATE body for a session with options opt.
// Withdrawn and NLRI must be IPv4 prefixes; other families go in
// Attrs.MPReach / Attrs.MPUnreach.
func (u *Update) AppendBody(b []byte, opt Options) ([]byte, error) {
	start := len(b)
	addPath := opt.HasAddPath(IPv4Unicast)
	b = append(b, 0, 0)
	b, err := appendNLRIChecked(b, u.Withdrawn, false, addPath)
	if err != nil {
		return b[:start], err
	}
	n := len(b) - start - 2
	if n > 0xffff {
		return b[:start], errBodyTooLong
	}
	binary.BigEndian.PutUint16(b[start:], uint16(n))
	at := len(b)
	b = append(b, 0, 0)
	if b, err = u.Attrs.Append(b, opt); err != nil {
		return b[:start], err
	}
	n = len(b) - at - 2
	if n > 0xffff {
		return b[:start], errBodyTooLong
	}
	binary.BigEndian.PutUint16(b[at:], uint16(n))
	if b, err = appendNLRIChecked(b, u.NLRI, false, addPath); err != nil {
		return b[:start], err
	}
	return b, nil
}

var errBodyTooLong = errors.New("wire: UPDATE withdrawn routes or path attributes exceed 65535 octets")

// EndOfRIB reports whether u is an End-of-RIB marker and for which family
// (RFC 4724 section 2): an UPDATE with nothing in it for IPv4 unicast, or
// one holding only an MP_UNREACH_NLRI without withdrawn routes for any
// other family.
func (u *Update) EndOfRIB() (Family, bool) {
	a := &u.Attrs
	if len(u.Withdrawn) != 0 || len(u.NLRI) != 0 || len(a.Unknown) != 0 || a.present[1]|a.present[2]|a.present[3] != 0 {
		return Family{}, false
	}
	switch a.present[0] {
	case 0:
		return IPv4Unicast, true
	case 1 << AttrMPUnreach:
		if len(a.MPUnreach.Withdrawn) == 0 {
			return a.MPUnreach.Family, true
		}
	}
	return Family{}, false
}

// NewEndOfRIB returns the End-of-RIB marker for family f (RFC 4724
// section 2).
func NewEndOfRIB(f Family) *Update {
	u := &Update{}
	if f != IPv4Unicast {
		u.Attrs.MPUnreach.Family = f
		u.Attrs.Set(AttrMPUnreach)
	}
	return u
}

// itoa formats a small non-negative integer.
func itoa(n int) string { return strconv.Itoa(n) }

// String summarises u for people, e.g. "announce 2 prefixes, withdraw 1
// prefix, AS path 65001 65002" or "End-of-RIB ipv6-unicast".
func (u *Update) String() string {
	if f, ok := u.EndOfRIB(); ok {
		return "End-of-RIB " + f.String()
	}
	a := &u.Attrs
	var parts []string
	if n := len(u.NLRI) + len(a.MPReach.NLRI); n > 0 {
		parts = append(parts, "announce "+count(n, "prefix", "prefixes"))
	}
	if n := len(u.Withdrawn) + len(a.MPUnreach.Withdrawn); n > 0 {
		parts = append(parts, "withdraw "+count(n, "prefix", "prefixes"))
	}
	if a.Has(AttrASPath) {
		parts = append(parts, "AS path "+a.ASPath.String())
	}
	if len(parts) == 0 {
		return "no routes"
	}
	return strings.Join(parts, ", ")
}

// count renders n with the singular or plural noun.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}
