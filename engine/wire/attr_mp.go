package wire

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"strconv"
)

// Supported reports whether this package decodes NLRI of family f: IPv4
// or IPv6, unicast or multicast (RFC 4760 section 5).
func (f Family) Supported() bool {
	return (f.AFI == AFIIPv4 || f.AFI == AFIIPv6) && (f.SAFI == SAFIUnicast || f.SAFI == SAFIMulticast)
}

// mpError reports a malformed MP_REACH_NLRI or MP_UNREACH_NLRI: an
// AFI/SAFI-disable when the family can be read, a session reset
// otherwise, with "UPDATE Message Error / Optional Attribute Error" and the
// attribute as data (RFC 4760 section 7, RFC 7606 section 7.11).
func (d *attrDecoder) mpError(attr, val []byte, offset int, reason string) {
	d.report(&Error{Code: CodeUpdateMessage, Subcode: SubOptionalAttributeError,
		Data: append([]byte(nil), attr...), Action: mpAction(val), Offset: offset, Reason: reason})
}

// decodeMPReach decodes MP_REACH_NLRI (RFC 4760 section 3):
//
//	+---------------------------------------------------------+
//	| Address Family Identifier (2 octets)                    |
//	+---------------------------------------------------------+
//	| Subsequent Address Family Identifier (1 octet)          |
//	+---------------------------------------------------------+
//	| Length of Next Hop Network Address (1 octet)            |
//	+---------------------------------------------------------+
//	| Network Address of Next Hop (variable)                  |
//	+---------------------------------------------------------+
//	| Reserved (1 octet)                                      |
//	+---------------------------------------------------------+
//	| Network Layer Reachability Information (variable)       |
//	+---------------------------------------------------------+
//
// An IPv6 next hop is 16 octets, or 32 when a link-local address follows
// the global one (RFC 2545 section 3); an IPv4 family takes a 4-octet
// next hop or an IPv6 one (RFC 8950). In an MRT RIB entry (opt.RIBEntry)
// the attribute holds only the next hop length and next hop (RFC 6396
// section 4.3.4); the family is then guessed from the next hop length and
// the reader sets it from the RIB subtype.
func (a *Attributes) decodeMPReach(d *attrDecoder, attr, val []byte) {
	m := &a.MPReach
	if d.opt.RIBEntry && len(val) >= 1 && int(val[0])+1 == len(val) {
		nh := val[1:]
		if !m.setNextHop(nh) {
			d.mpError(attr, nil, d.off(attr), "MP_REACH_NLRI next hop length "+strconv.Itoa(len(nh))+" is not 4, 16 or 32")
			return
		}
		m.Family = IPv4Unicast
		if len(nh) != 4 {
			m.Family = IPv6Unicast
		}
		a.Set(AttrMPReach)
		if d.an != nil {
			d.an.leaf("next hop length", val[:1], strconv.Itoa(len(nh)))
			annotateNextHop(d.an, m, nh)
		}
		return
	}
	if len(val) < 5 {
		d.mpError(attr, val, d.off(attr), "MP_REACH_NLRI length "+strconv.Itoa(len(val))+" is shorter than 5 (RFC 4760 section 3)")
		return
	}
	m.Family = Family{AFI(binary.BigEndian.Uint16(val)), SAFI(val[2])}
	nhl := int(val[3])
	if d.an != nil {
		d.an.setValue(m.Family.String())
		d.an.leaf("AFI", val[0:2], m.Family.AFI.String())
		d.an.leaf("SAFI", val[2:3], m.Family.SAFI.String())
		d.an.leaf("next hop length", val[3:4], strconv.Itoa(nhl))
	}
	if !m.Family.Supported() {
		d.mpError(attr, val, d.off(attr), "MP_REACH_NLRI for unsupported AFI/SAFI "+m.Family.String()+" (RFC 4760 section 7)")
		return
	}
	if len(val) < 5+nhl {
		d.mpError(attr, val, d.off(val[3:]), "MP_REACH_NLRI next hop length "+strconv.Itoa(nhl)+" overruns the attribute (RFC 7606 section 7.11)")
		return
	}
	nh := val[4 : 4+nhl]
	if !m.setNextHop(nh) || (m.Family.AFI == AFIIPv6 && nhl == 4) {
		m.NextHop, m.LinkLocal = netip.Addr{}, netip.Addr{}
		d.mpError(attr, val, d.off(val[3:]), "MP_REACH_NLRI next hop length "+strconv.Itoa(nhl)+" is not valid for "+m.Family.String()+" (RFC 7606 section 7.11)")
		return
	}
	if d.an != nil {
		annotateNextHop(d.an, m, nh)
		d.an.leaf("reserved", val[4+nhl:5+nhl], strconv.Itoa(int(val[4+nhl])))
	}
	var ok bool
	if m.NLRI, ok = d.mpNLRI(m.NLRI, val[5+nhl:], m.Family, attr, val, "NLRI", "prefix", "MP_REACH_NLRI"); ok {
		a.Set(AttrMPReach)
	}
}

// mpNLRI decodes the NLRI or withdrawn routes of an MP_REACH_NLRI or
// MP_UNREACH_NLRI of family f into dst, annotated as a field named group
// with one field named item per prefix. A prefix that cannot be parsed is
// reported as an MP attribute error (RFC 7606 section 5.3) and leaves dst
// empty and ok false.
func (d *attrDecoder) mpNLRI(dst []NLRI, b []byte, f Family, attr, val []byte, group, item, attrName string) (_ []NLRI, ok bool) {
	if d.an != nil {
		d.an.open(group, b, "")
	}
	dst, e := decodeNLRI(dst[:0], b, f.AFI == AFIIPv6, d.opt.HasAddPath(f), d.capBase, d.an, item)
	if d.an != nil {
		d.an.setValue(count(len(dst), "prefix", "prefixes"))
		d.an.close()
	}
	if e != nil {
		d.mpError(attr, val, e.Offset, attrName+": "+e.Reason+" (RFC 7606 section 5.3)")
		return dst[:0], false
	}
	return dst, true
}

// setNextHop sets the next hop from a 4, 16 or 32 octet field.
func (m *MPReach) setNextHop(nh []byte) bool {
	m.LinkLocal = netip.Addr{}
	switch len(nh) {
	case 4:
		m.NextHop = netip.AddrFrom4([4]byte(nh))
	case 16:
		m.NextHop = netip.AddrFrom16([16]byte(nh))
	case 32:
		m.NextHop = netip.AddrFrom16([16]byte(nh[:16]))
		m.LinkLocal = netip.AddrFrom16([16]byte(nh[16:]))
	default:
		m.NextHop = netip.Addr{}
		return false
	}
	return true
}

func annotateNextHop(an *annotator, m *MPReach, nh []byte) {
	if len(nh) == 32 {
		an.leaf("next hop", nh[:16], m.NextHop.String())
		an.leaf("link-local next hop", nh[16:], m.LinkLocal.String())
	} else {
		an.leaf("next hop", nh, m.NextHop.String())
	}
}

// decodeMPUnreach decodes MP_UNREACH_NLRI (RFC 4760 section 4):
//
//	+---------------------------------------------------------+
//	| Address Family Identifier (2 octets)                    |
//	+---------------------------------------------------------+
//	| Subsequent Address Family Identifier (1 octet)          |
//	+---------------------------------------------------------+
//	| Withdrawn Routes (variable)                             |
//	+---------------------------------------------------------+
func (a *Attributes) decodeMPUnreach(d *attrDecoder, attr, val []byte) {
	m := &a.MPUnreach
	if len(val) < 3 {
		d.mpError(attr, val, d.off(attr), "MP_UNREACH_NLRI length "+strconv.Itoa(len(val))+" is shorter than 3 (RFC 4760 section 4)")
		return
	}
	m.Family = Family{AFI(binary.BigEndian.Uint16(val)), SAFI(val[2])}
	if d.an != nil {
		d.an.setValue(m.Family.String())
		d.an.leaf("AFI", val[0:2], m.Family.AFI.String())
		d.an.leaf("SAFI", val[2:3], m.Family.SAFI.String())
	}
	if !m.Family.Supported() {
		d.mpError(attr, val, d.off(attr), "MP_UNREACH_NLRI for unsupported AFI/SAFI "+m.Family.String()+" (RFC 4760 section 7)")
		return
	}
	var ok bool
	if m.Withdrawn, ok = d.mpNLRI(m.Withdrawn, val[3:], m.Family, attr, val, "withdrawn routes", "withdrawn prefix", "MP_UNREACH_NLRI"); ok {
		a.Set(AttrMPUnreach)
	}
}

var (
	errMPFamily  = errors.New("wire: MP_REACH_NLRI/MP_UNREACH_NLRI family is not IPv4 or IPv6 unicast/multicast")
	errMPNextHop = errors.New("wire: MP_REACH_NLRI next hop is missing or not of the family")
	errNLRIAddr  = errors.New("wire: NLRI prefix is invalid or of the wrong address family")
)

// appendMPReachValue appends the value of MP_REACH_NLRI.
func (m *MPReach) appendValue(b []byte, opt *Options) ([]byte, error) {
	if !m.Family.Supported() {
		return b, errMPFamily
	}
	nh := m.NextHop
	if !nh.IsValid() || (m.Family.AFI == AFIIPv6 && !nh.Is6()) {
		return b, errMPNextHop
	}
	nhl := 4
	if nh.Is6() {
		nhl = 16
		if m.LinkLocal.Is6() {
			nhl = 32
		}
	}
	if !opt.RIBEntry {
		b = append(b, byte(m.Family.AFI>>8), byte(m.Family.AFI), byte(m.Family.SAFI))
	}
	b = append(b, byte(nhl))
	b = appendAddr(b, nh)
	if nhl == 32 {
		b = appendAddr(b, m.LinkLocal)
	}
	if opt.RIBEntry {
		return b, nil
	}
	b = append(b, 0) // reserved
	return appendNLRIChecked(b, m.NLRI, m.Family.AFI == AFIIPv6, opt.HasAddPath(m.Family))
}

// appendValue appends the value of MP_UNREACH_NLRI.
func (m *MPUnreach) appendValue(b []byte, opt *Options) ([]byte, error) {
	if !m.Family.Supported() {
		return b, errMPFamily
	}
	b = append(b, byte(m.Family.AFI>>8), byte(m.Family.AFI), byte(m.Family.SAFI))
	return appendNLRIChecked(b, m.Withdrawn, m.Family.AFI == AFIIPv6, opt.HasAddPath(m.Family))
}

// appendNLRIChecked appends nlri after checking each prefix is of the
// family's address kind.
func appendNLRIChecked(b []byte, nlri []NLRI, v6, addPath bool) ([]byte, error) {
	for i := range nlri {
		p := nlri[i].Prefix
		if !p.IsValid() || p.Addr().Is6() != v6 {
			return b, errNLRIAddr
		}
		if addPath {
			b = binary.BigEndian.AppendUint32(b, nlri[i].PathID)
		}
		b = AppendPrefix(b, p)
	}
	return b, nil
}
