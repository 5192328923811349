package wire

import (
	"encoding/binary"
	"net/netip"
	"strconv"
	"strings"
)

// wellKnownCommunities names the well-known communities, in the order
// String and ParseCommunity use.
var wellKnownCommunities = [...]struct {
	c    Community
	name string
}{
	{CommunityNoExport, "NO_EXPORT"},
	{CommunityNoAdvertise, "NO_ADVERTISE"},
	{CommunityNoExportSubconfed, "NO_EXPORT_SUBCONFED"},
	{CommunityNoPeer, "NO_PEER"},
	{CommunityBlackhole, "BLACKHOLE"},
	{CommunityGracefulShutdown, "GRACEFUL_SHUTDOWN"},
	{CommunityAcceptOwn, "ACCEPT_OWN"},
	{CommunityLLGRStale, "LLGR_STALE"},
	{CommunityNoLLGR, "NO_LLGR"},
}

// String renders c as its well-known name (e.g. "NO_EXPORT") or as
// "AS:value" (e.g. "65000:100").
func (c Community) String() string {
	for _, w := range wellKnownCommunities {
		if w.c == c {
			return w.name
		}
	}
	b := make([]byte, 0, 11)
	b = strconv.AppendUint(b, uint64(c>>16), 10)
	b = append(b, ':')
	b = strconv.AppendUint(b, uint64(c&0xffff), 10)
	return string(b)
}

// ParseCommunity parses "AS:value" (each part 0..65535) or a well-known
// name as String writes it; names are matched without regard to case, and
// "-" may stand for "_" ("no-export").
func ParseCommunity(s string) (Community, error) {
	name := strings.ReplaceAll(strings.ToUpper(strings.TrimSpace(s)), "-", "_")
	for _, w := range wellKnownCommunities {
		if w.name == name {
			return w.c, nil
		}
	}
	hi, lo, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return 0, &parseError{"community", s}
	}
	h, err1 := strconv.ParseUint(hi, 10, 16)
	l, err2 := strconv.ParseUint(lo, 10, 16)
	if err1 != nil || err2 != nil {
		return 0, &parseError{"community", s}
	}
	return Community(h<<16 | l), nil
}

// String renders c as "global:local1:local2" (RFC 8092 section 5).
func (c LargeCommunity) String() string {
	b := make([]byte, 0, 32)
	b = strconv.AppendUint(b, uint64(c.Global), 10)
	b = append(b, ':')
	b = strconv.AppendUint(b, uint64(c.Local1), 10)
	b = append(b, ':')
	b = strconv.AppendUint(b, uint64(c.Local2), 10)
	return string(b)
}

// ParseLargeCommunity parses "global:local1:local2", each part 0..2^32-1.
func ParseLargeCommunity(s string) (LargeCommunity, error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) != 3 {
		return LargeCommunity{}, &parseError{"large community", s}
	}
	var v [3]uint32
	for i, p := range parts {
		x, err := strconv.ParseUint(p, 10, 32)
		if err != nil {
			return LargeCommunity{}, &parseError{"large community", s}
		}
		v[i] = uint32(x)
	}
	return LargeCommunity{v[0], v[1], v[2]}, nil
}

// Extended community types and subtypes (RFC 4360 section 3, RFC 5668,
// IANA "BGP Extended Communities").
const (
	ExtTypeTwoOctetAS  = 0x00 // Transitive Two-Octet AS-Specific
	ExtTypeIPv4        = 0x01 // Transitive IPv4-Address-Specific
	ExtTypeFourOctetAS = 0x02 // Transitive Four-Octet AS-Specific
	ExtTypeOpaque      = 0x03 // Transitive Opaque

	ExtSubRouteTarget = 0x02 // Route Target
	ExtSubRouteOrigin = 0x03 // Route Origin
)

// Type is the type octet (high octet) of c; bit 0x40 set means
// non-transitive (RFC 4360 section 2).
func (c ExtCommunity) Type() uint8 { return c[0] }

// Subtype is the subtype octet of c.
func (c ExtCommunity) Subtype() uint8 { return c[1] }

// RouteTarget makes a 2-octet-AS-specific route target "RT:as:value"
// (RFC 4360 section 4), or a 4-octet-AS-specific one (RFC 5668) when as
// does not fit 16 bits (value then must fit 16 bits).
func RouteTarget(as, value uint32) ExtCommunity { return asSpecific(ExtSubRouteTarget, as, value) }

// RouteOrigin makes a route origin community "RO:as:value" like RouteTarget.
func RouteOrigin(as, value uint32) ExtCommunity { return asSpecific(ExtSubRouteOrigin, as, value) }

func asSpecific(sub uint8, as, value uint32) ExtCommunity {
	var c ExtCommunity
	c[1] = sub
	if as <= 0xffff {
		c[0] = ExtTypeTwoOctetAS
		binary.BigEndian.PutUint16(c[2:], uint16(as))
		binary.BigEndian.PutUint32(c[4:], value)
	} else {
		c[0] = ExtTypeFourOctetAS
		binary.BigEndian.PutUint32(c[2:], as)
		binary.BigEndian.PutUint16(c[6:], uint16(value))
	}
	return c
}

// String renders route targets and route origins of the 2-octet AS,
// IPv4 and 4-octet AS kinds as "RT:65000:100", "RO:192.0.2.1:7",
// "RT:4200000000:5"; any other community as "0x" and 16 hex digits.
func (c ExtCommunity) String() string {
	var kind string
	switch c[1] {
	case ExtSubRouteTarget:
		kind = "RT:"
	case ExtSubRouteOrigin:
		kind = "RO:"
	}
	if kind != "" {
		b := make([]byte, 0, 24)
		b = append(b, kind...)
		switch c[0] {
		case ExtTypeTwoOctetAS:
			b = strconv.AppendUint(b, uint64(binary.BigEndian.Uint16(c[2:])), 10)
			b = append(b, ':')
			b = strconv.AppendUint(b, uint64(binary.BigEndian.Uint32(c[4:])), 10)
			return string(b)
		case ExtTypeIPv4:
			b = netip.AddrFrom4([4]byte(c[2:6])).AppendTo(b)
			b = append(b, ':')
			b = strconv.AppendUint(b, uint64(binary.BigEndian.Uint16(c[6:])), 10)
			return string(b)
		case ExtTypeFourOctetAS:
			b = strconv.AppendUint(b, uint64(binary.BigEndian.Uint32(c[2:])), 10)
			b = append(b, ':')
			b = strconv.AppendUint(b, uint64(binary.BigEndian.Uint16(c[6:])), 10)
			return string(b)
		}
	}
	return "0x" + hexString(c[:])
}

// ParseExtCommunity parses the forms String writes.
func ParseExtCommunity(s string) (ExtCommunity, error) {
	s = strings.TrimSpace(s)
	var c ExtCommunity
	if h, ok := strings.CutPrefix(s, "0x"); ok && len(h) == 16 {
		for i := range 8 {
			x, err := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
			if err != nil {
				return c, &parseError{"extended community", s}
			}
			c[i] = byte(x)
		}
		return c, nil
	}
	var sub uint8
	rest, ok := strings.CutPrefix(s, "RT:")
	if ok {
		sub = ExtSubRouteTarget
	} else if rest, ok = strings.CutPrefix(s, "RO:"); ok {
		sub = ExtSubRouteOrigin
	} else {
		return c, &parseError{"extended community", s}
	}
	i := strings.LastIndexByte(rest, ':')
	if i < 0 {
		return c, &parseError{"extended community", s}
	}
	admin, val := rest[:i], rest[i+1:]
	c[1] = sub
	if ip, err := netip.ParseAddr(admin); err == nil && ip.Is4() {
		v, err := strconv.ParseUint(val, 10, 16)
		if err != nil {
			return c, &parseError{"extended community", s}
		}
		c[0] = ExtTypeIPv4
		a := ip.As4()
		copy(c[2:6], a[:])
		binary.BigEndian.PutUint16(c[6:], uint16(v))
		return c, nil
	}
	as, err1 := strconv.ParseUint(admin, 10, 32)
	v, err2 := strconv.ParseUint(val, 10, 32)
	if err1 != nil || err2 != nil || (as > 0xffff && v > 0xffff) {
		return c, &parseError{"extended community", s}
	}
	return asSpecific(sub, uint32(as), uint32(v)), nil
}

// decodeCommunities decodes COMMUNITIES (RFC 1997): 4-octet values. A
// length that is not a non-zero multiple of 4 is treat-as-withdraw (RFC
// 7606 section 7.8).
func (a *Attributes) decodeCommunities(d *attrDecoder, attr, val []byte) {
	if len(val) == 0 || len(val)%4 != 0 {
		d.attrError(SubAttributeLengthError, ActionTreatAsWithdraw, attr, true,
			"COMMUNITIES length %d is not a non-zero multiple of 4 (RFC 7606 section 7.8)", len(val))
		d.annotateBad(val)
		return
	}
	cs := a.Communities[:0]
	for v := val; len(v) >= 4; v = v[4:] {
		cs = append(cs, Community(binary.BigEndian.Uint32(v)))
		if d.an != nil {
			d.an.leaf("community", v[:4], cs[len(cs)-1].String())
		}
	}
	a.Communities = cs
	a.Set(AttrCommunities)
}

// decodeExtCommunities decodes EXTENDED_COMMUNITIES (RFC 4360): 8-octet
// values. A length that is not a non-zero multiple of 8 is
// treat-as-withdraw (RFC 7606 section 7.14).
func (a *Attributes) decodeExtCommunities(d *attrDecoder, attr, val []byte) {
	if len(val) == 0 || len(val)%8 != 0 {
		d.attrError(SubAttributeLengthError, ActionTreatAsWithdraw, attr, true,
			"EXTENDED_COMMUNITIES length %d is not a non-zero multiple of 8 (RFC 7606 section 7.14)", len(val))
		d.annotateBad(val)
		return
	}
	cs := a.ExtCommunities[:0]
	for v := val; len(v) >= 8; v = v[8:] {
		cs = append(cs, ExtCommunity(v[:8]))
		if d.an != nil {
			d.an.leaf("extended community", v[:8], cs[len(cs)-1].String())
		}
	}
	a.ExtCommunities = cs
	a.Set(AttrExtCommunities)
}

// decodeLargeCommunities decodes LARGE_COMMUNITY (RFC 8092): 12-octet
// values. A length that is not a non-zero multiple of 12 is
// treat-as-withdraw (RFC 8092 section 6).
func (a *Attributes) decodeLargeCommunities(d *attrDecoder, attr, val []byte) {
	if len(val) == 0 || len(val)%12 != 0 {
		d.attrError(SubAttributeLengthError, ActionTreatAsWithdraw, attr, true,
			"LARGE_COMMUNITY length %d is not a non-zero multiple of 12 (RFC 8092 section 6)", len(val))
		d.annotateBad(val)
		return
	}
	cs := a.LargeCommunities[:0]
	for v := val; len(v) >= 12; v = v[12:] {
		cs = append(cs, LargeCommunity{binary.BigEndian.Uint32(v), binary.BigEndian.Uint32(v[4:]),
			binary.BigEndian.Uint32(v[8:])})
		if d.an != nil {
			d.an.leaf("large community", v[:12], cs[len(cs)-1].String())
		}
	}
	a.LargeCommunities = cs
	a.Set(AttrLargeCommunities)
}
