package wire

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
)

// Version is the BGP version this package speaks (RFC 4271 section 4.2).
const Version = 4

// SubOpenUnspecific is OPEN Message Error subcode 0, "Unspecific" (RFC 4271
// section 4.5: used when no specific subcode applies). This package sends
// it for a malformed capability, for which RFC 5492 defines no subcode.
const SubOpenUnspecific uint8 = 0

// Open is an OPEN message (RFC 4271 section 4.2, RFC 9072 section 2):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+
//	|    Version    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|     My Autonomous System      |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|           Hold Time           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                         BGP Identifier                        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	| Opt Parm Len  |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                                                               |
//	|             Optional Parameters (variable)                    |
//	|                                                               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Each optional parameter is <Parm. Type (1), Parm. Length (1), value>.
// The only parameter type in use is 2, Capabilities (RFC 5492 section 4),
// whose value is a list of capabilities. When the parameters exceed 255
// octets, RFC 9072 replaces Opt Parm Len with a non-zero Non-Ext OP Len
// (255), a Non-Ext OP Type of 255 and a 2-octet Extended Opt. Parm.
// Length, and every parameter then has a 2-octet length:
//
//	|Non-Ext OP Len.|Non-Ext OP Type|  Extended Opt. Parm. Length   |
//
// Decoding accepts both forms and flattens all Capabilities parameters
// into Capabilities. Encoding packs all capabilities into one parameter,
// in the RFC 9072 form only when the classic form cannot hold them.
type Open struct {
	// Version is the protocol version, 4.
	Version uint8
	// AS is My Autonomous System as on the wire: the sender's AS, or
	// ASTrans when that does not fit in 2 octets (see ASN).
	AS uint16
	// HoldTime is the proposed hold time in seconds: 0 or at least 3.
	HoldTime uint16
	// ID is the BGP Identifier, an IPv4 address.
	ID netip.Addr
	// Capabilities are the advertised capabilities in wire order.
	Capabilities []Capability
}

// Type is TypeOpen.
func (*Open) Type() MessageType { return TypeOpen }

// NewOpen builds the OPEN of a speaker in AS as: version 4, My Autonomous
// System set to as or, for an AS above 65535, to AS_TRANS together with a
// 4-octet AS capability if caps has none (RFC 6793 section 3).
func NewOpen(as uint32, holdTime uint16, id netip.Addr, caps ...Capability) *Open {
	o := &Open{Version: Version, AS: uint16(as), HoldTime: holdTime, ID: id, Capabilities: caps}
	if as > 0xffff {
		o.AS = ASTrans
		if _, ok := o.AS4(); !ok {
			o.Capabilities = append(o.Capabilities, AS4Cap(as))
		}
	}
	return o
}

// ASN is the sender's AS number: the value of the 4-octet AS capability
// when present (RFC 6793 section 4.1), else My Autonomous System.
func (o *Open) ASN() uint32 {
	if as, ok := o.AS4(); ok {
		return as
	}
	return uint32(o.AS)
}

// FindCapability returns the first capability with the given code.
func (o *Open) FindCapability(code CapabilityCode) (*Capability, bool) {
	for i := range o.Capabilities {
		if o.Capabilities[i].Code == code {
			return &o.Capabilities[i], true
		}
	}
	return nil, false
}

// AS4 returns the value of the 4-octet AS capability (RFC 6793 section 3)
// and whether it is present.
func (o *Open) AS4() (uint32, bool) {
	if c, ok := o.FindCapability(CapAS4); ok {
		return c.AS4, true
	}
	return 0, false
}

// Families lists the families of the Multiprotocol Extensions
// capabilities in wire order, without duplicates. An OPEN without any
// such capability comes from a speaker that supports only IPv4 unicast
// (RFC 4760 section 8), so Families then returns just IPv4Unicast.
func (o *Open) Families() []Family {
	var fams []Family
	seen := false
	for i := range o.Capabilities {
		c := &o.Capabilities[i]
		if c.Code != CapMultiprotocol {
			continue
		}
		seen = true
		dup := false
		for _, f := range fams {
			dup = dup || f == c.Family
		}
		if !dup {
			fams = append(fams, c.Family)
		}
	}
	if !seen {
		return []Family{IPv4Unicast}
	}
	return fams
}

// AddPath returns the ADD-PATH Send/Receive mode the sender advertised for
// family f, or AddPathNone. An ADD-PATH capability holding a mode other
// than 1, 2 or 3 is ignored as RFC 7911 section 4 requires.
func (o *Open) AddPath(f Family) AddPathMode {
	for i := range o.Capabilities {
		c := &o.Capabilities[i]
		if c.Code != CapAddPath {
			continue
		}
		valid := true
		for _, e := range c.AddPath {
			valid = valid && e.Mode.Valid()
		}
		if !valid {
			continue
		}
		for _, e := range c.AddPath {
			if e.Family == f {
				return e.Mode
			}
		}
	}
	return AddPathNone
}

// GracefulRestart returns the Graceful Restart capability (RFC 4724
// section 3), if present.
func (o *Open) GracefulRestart() (*GracefulRestartCap, bool) {
	if c, ok := o.FindCapability(CapGracefulRestart); ok {
		return &c.GracefulRestart, true
	}
	return nil, false
}

// HasRouteRefresh reports whether the sender supports ROUTE-REFRESH
// (RFC 2918 section 2), under code 2 or the deprecated Cisco code 128.
func (o *Open) HasRouteRefresh() bool {
	_, ok := o.FindCapability(CapRouteRefresh)
	_, cisco := o.FindCapability(CapRouteRefreshCisco)
	return ok || cisco
}

// HasEnhancedRouteRefresh reports whether the sender supports BoRR and
// EoRR (RFC 7313 section 2).
func (o *Open) HasEnhancedRouteRefresh() bool {
	_, ok := o.FindCapability(CapEnhancedRouteRefresh)
	return ok
}

// HasExtendedMessage reports whether the sender accepts messages up to
// 65535 octets (RFC 8654 section 3). Both speakers must advertise it.
func (o *Open) HasExtendedMessage() bool {
	_, ok := o.FindCapability(CapExtendedMessage)
	return ok
}

// Role returns the sender's BGP role (RFC 9234 section 4.1), if advertised.
func (o *Open) Role() (Role, bool) {
	if c, ok := o.FindCapability(CapRole); ok {
		return c.Role, true
	}
	return 0, false
}

// Validate checks what a receiver can check without knowing the session's
// configuration, returning the *Error whose NOTIFICATION it must send:
//
//   - the version is 4, else Unsupported Version Number with the largest
//     supported version, 4, as a 2-octet data field (RFC 4271 section 6.2);
//   - the hold time is not 1 or 2 seconds, else Unacceptable Hold Time
//     (RFC 4271 section 6.2);
//   - the BGP Identifier is a non-zero IPv4 address, else Bad BGP
//     Identifier (RFC 6286 section 2.2);
//   - all BGP Role capabilities carry the same role, else Role Mismatch
//     (RFC 9234 section 4.2).
//
// DecodeBody runs these checks. The checks that need the session's
// configuration belong to the FSM: Bad Peer AS (ASN differs from the
// configured peer AS, RFC 4271 section 6.2), Bad BGP Identifier for an
// identifier equal to the local one on an internal session (RFC 6286
// section 2.2), Role Mismatch between the local and the received role
// (RFC 9234 section 4.2), Unsupported Capability for a capability the
// local speaker requires (RFC 5492 section 5), and the hold time the local
// policy finds too short.
func (o *Open) Validate() error {
	if o.Version != Version {
		return errorf(CodeOpenMessage, SubUnsupportedVersionNumber, []byte{0, Version}, HeaderLen,
			"version %d is not supported; the only supported version is %d", o.Version, Version)
	}
	if o.HoldTime == 1 || o.HoldTime == 2 {
		return errorf(CodeOpenMessage, SubUnacceptableHoldTime, nil, HeaderLen+3,
			"hold time %d s is not allowed: it must be 0 or at least 3", o.HoldTime)
	}
	if !o.ID.Is4() || o.ID.As4() == [4]byte{} {
		return errorf(CodeOpenMessage, SubBadBGPIdentifier, nil, HeaderLen+5,
			"BGP Identifier %s is not a non-zero IPv4 address", o.ID)
	}
	if first, ok := o.Role(); ok {
		for i := range o.Capabilities {
			if c := &o.Capabilities[i]; c.Code == CapRole && c.Role != first {
				return errorf(CodeOpenMessage, SubRoleMismatch, nil, -1,
					"BGP Role capabilities disagree: %s and %s", first, c.Role)
			}
		}
	}
	return nil
}

// String renders o as "AS 65001, hold time 90 s, BGP identifier 10.0.0.1,
// 6 capabilities".
func (o *Open) String() string {
	return fmt.Sprintf("AS %d, hold time %d s, BGP identifier %s, %s",
		o.ASN(), o.HoldTime, o.ID, plural(len(o.Capabilities), "capability", "capabilities"))
}

// plural renders "1 capability" or "2 capabilities".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// AppendBody appends the OPEN body. All capabilities go into one
// Capabilities parameter; the RFC 9072 extended form is used only when
// that parameter does not fit the classic one-octet lengths.
func (o *Open) AppendBody(b []byte, _ Options) ([]byte, error) {
	if !o.ID.Is4() {
		return b, fmt.Errorf("wire: OPEN BGP Identifier %s is not an IPv4 address", o.ID)
	}
	start := len(b)
	id := o.ID.As4()
	b = append(b, o.Version)
	b = binary.BigEndian.AppendUint16(b, o.AS)
	b = binary.BigEndian.AppendUint16(b, o.HoldTime)
	b = append(b, id[:]...)
	n := 0
	for i := range o.Capabilities {
		n += 2 + o.Capabilities[i].valueLen()
	}
	switch {
	case len(o.Capabilities) == 0:
		b = append(b, 0)
	case n <= 255-2:
		b = append(b, byte(n+2), byte(ParamCapabilities), byte(n))
	case n+3 <= 0xffff:
		b = append(b, 255, 255)
		b = binary.BigEndian.AppendUint16(b, uint16(n+3))
		b = append(b, byte(ParamCapabilities))
		b = binary.BigEndian.AppendUint16(b, uint16(n))
	default:
		return b[:start], fmt.Errorf("wire: OPEN capabilities of %d octets do not fit", n)
	}
	for i := range o.Capabilities {
		var err error
		if b, err = o.Capabilities[i].appendCap(b); err != nil {
			return b[:start], err
		}
	}
	return b, nil
}

// ParamType is the type of an OPEN optional parameter (IANA "BGP OPEN
// Optional Parameter Types").
type ParamType uint8

// Optional parameter types.
const (
	// ParamCapabilities holds capabilities (RFC 5492 section 4).
	ParamCapabilities ParamType = 2
	// ParamExtendedLength is the Non-Ext OP Type marking the RFC 9072
	// extended form; it never appears as a real parameter.
	ParamExtendedLength ParamType = 255
)

// DecodeBody decodes an OPEN body (everything after the header) into o,
// reusing o's capability storage, and runs Validate. Nothing in o aliases
// b. Because storage is reused, a slice that a fresh decode leaves nil
// may come out empty but non-nil from a reused Open.
//
// Errors (RFC 4271 sections 6.1 and 6.2): an Optional Parameters length
// that does not match the octets that follow, or a parameter running past
// them, is Message Header Error / Bad Message Length with the message's
// Length field as data; a parameter other than Capabilities is Unsupported
// Optional Parameter; a capability running past its parameter, or whose
// value has the wrong length for its code, is OPEN Message Error /
// Unspecific (RFC 5492 defines no subcode for it); then the Validate
// checks apply, after the whole message has been decoded.
func (o *Open) DecodeBody(b []byte) error { return o.decodeBody(b, nil) }

// reset empties o, keeping the capacity of Capabilities.
func (o *Open) reset() {
	*o = Open{Capabilities: o.Capabilities[:0]}
}

// nextCap appends a capability with the given code, reusing a previously
// decoded element and its slices when there is one.
func (o *Open) nextCap(code CapabilityCode) *Capability {
	n := len(o.Capabilities)
	if n < cap(o.Capabilities) {
		o.Capabilities = o.Capabilities[:n+1]
		o.Capabilities[n].reset(code)
	} else {
		o.Capabilities = append(o.Capabilities, Capability{Code: code})
	}
	return &o.Capabilities[n]
}

// msgLenField is the 2-octet Length field of a message whose body is
// bodyLen octets: the data of Bad Message Length (RFC 4271 section 6.1).
func msgLenField(bodyLen int) []byte {
	n := min(HeaderLen+bodyLen, 0xffff)
	return []byte{byte(n >> 8), byte(n)}
}

func (o *Open) decodeBody(b []byte, an *annotator) error {
	o.reset()
	// off is the message offset of a sub-slice of b.
	off := func(sub []byte) int { return HeaderLen + cap(b) - cap(sub) }
	badLen := func(at []byte, format string, args ...any) error {
		return errorf(CodeMessageHeader, SubBadMessageLength, msgLenField(len(b)), off(at), format, args...)
	}
	if len(b) < 10 {
		return badLen(b, "OPEN body is %d octets, needs at least 10", len(b))
	}
	o.Version = b[0]
	if an != nil {
		an.leaf("version", b[0:1], strconv.Itoa(int(o.Version)))
	}
	if o.Version != Version {
		return o.Validate()
	}
	o.AS = binary.BigEndian.Uint16(b[1:3])
	o.HoldTime = binary.BigEndian.Uint16(b[3:5])
	o.ID = netip.AddrFrom4([4]byte(b[5:9]))
	if an != nil {
		as := strconv.Itoa(int(o.AS))
		if o.AS == ASTrans {
			as += " (AS_TRANS: the real AS is in the 4-octet AS capability)"
		}
		an.leaf("my autonomous system", b[1:3], as)
		hold := strconv.Itoa(int(o.HoldTime)) + " s"
		switch o.HoldTime {
		case 0:
			hold = "0 (no hold timer, no keepalives)"
		case 1, 2:
			hold += " (unacceptable: must be 0 or at least 3)"
		}
		an.leaf("hold time", b[3:5], hold)
		an.leaf("BGP identifier", b[5:9], o.ID.String())
	}

	// Optional parameters, classic or RFC 9072 extended form.
	optLen, hdr := int(b[9]), 2
	params := b[10:]
	if optLen != 0 && len(params) > 0 && ParamType(params[0]) == ParamExtendedLength {
		if len(params) < 3 {
			return badLen(params, "RFC 9072 extended optional parameters length is truncated")
		}
		optLen, hdr = int(binary.BigEndian.Uint16(params[1:3])), 3
		if an != nil {
			an.leaf("non-extended optional parameters length", b[9:10], strconv.Itoa(int(b[9]))+" (RFC 9072 marker)")
			an.leaf("non-extended optional parameter type", b[10:11], "255 (RFC 9072: extended length follows)")
			an.leaf("extended optional parameters length", b[11:13], strconv.Itoa(optLen))
		}
		params = b[13:]
	} else if an != nil {
		an.leaf("optional parameters length", b[9:10], strconv.Itoa(optLen))
	}
	if optLen != len(params) {
		return badLen(b[9:], "optional parameters length %d does not match the %d octets that follow", optLen, len(params))
	}
	if an != nil && len(params) > 0 {
		an.open("optional parameters", params, "")
	}
	for len(params) > 0 {
		if len(params) < hdr {
			return badLen(params, "optional parameter header needs %d octets, %d left", hdr, len(params))
		}
		typ, plen := ParamType(params[0]), int(params[1])
		if hdr == 3 {
			plen = int(binary.BigEndian.Uint16(params[1:3]))
		}
		if hdr+plen > len(params) {
			return badLen(params, "optional parameter length %d runs past the %d octets left", plen, len(params)-hdr)
		}
		p := params[:hdr+plen]
		params = params[hdr+plen:]
		if an != nil {
			name := "Capabilities"
			if typ != ParamCapabilities {
				name = "unsupported"
			}
			an.open("parameter", p, name)
			an.leaf("type", p[0:1], strconv.Itoa(int(typ))+" ("+name+")")
			an.leaf("length", p[1:hdr], strconv.Itoa(plen))
		}
		if typ != ParamCapabilities {
			return errorf(CodeOpenMessage, SubUnsupportedOptionalParameter, nil, off(p),
				"optional parameter type %d is not supported (only 2, Capabilities)", typ)
		}
		if err := o.decodeCaps(p[hdr:], off, an); err != nil {
			return err
		}
		if an != nil {
			an.close()
		}
	}
	if an != nil && optLen > 0 {
		an.setValue(plural(len(o.Capabilities), "capability", "capabilities"))
		an.close()
	}
	return o.Validate()
}

// decodeCaps decodes the capabilities in the value v of a Capabilities
// parameter (RFC 5492 section 4).
func (o *Open) decodeCaps(v []byte, off func([]byte) int, an *annotator) error {
	for len(v) > 0 {
		if len(v) < 2 {
			return errorf(CodeOpenMessage, SubOpenUnspecific, nil, off(v),
				"capability header needs 2 octets, %d left in the parameter", len(v))
		}
		code, clen := CapabilityCode(v[0]), int(v[1])
		if 2+clen > len(v) {
			return errorf(CodeOpenMessage, SubOpenUnspecific, nil, off(v),
				"%s capability length %d runs past the %d octets left in the parameter", code.name(), clen, len(v)-2)
		}
		cb := v[:2+clen]
		v = v[2+clen:]
		c := o.nextCap(code)
		if an != nil {
			an.open("capability", cb, "")
			an.leaf("code", cb[0:1], strconv.Itoa(int(code))+" ("+code.name()+")")
			an.leaf("length", cb[1:2], strconv.Itoa(clen))
		}
		if err := c.decodeValue(cb[2:], off(cb), an); err != nil {
			return err
		}
		if an != nil {
			an.setValue(c.String())
			an.close()
		}
	}
	return nil
}
