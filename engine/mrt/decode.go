package mrt

import (
	"encoding/binary"
	"net/netip"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// decodeTableDump decodes a TABLE_DUMP body (RFC 6396 section 4.2).
func (r *Reader) decodeTableDump(td *TableDump, b []byte) *Error {
	alen := 4
	if r.rec.Subtype == SubtypeAFIIPv6 {
		alen = 16
	}
	if fixed := 2 + 2 + alen + 1 + 1 + 4 + alen + 2 + 2; len(b) < fixed {
		return r.recordError("body has %d octets, a TABLE_DUMP entry needs at least %d", len(b), fixed)
	}
	td.View = binary.BigEndian.Uint16(b[0:])
	td.Sequence = binary.BigEndian.Uint16(b[2:])
	addr := addrFrom(b[4 : 4+alen])
	b = b[4+alen:]
	bits := int(b[0])
	if bits > addr.BitLen() {
		return r.recordError("prefix length %d exceeds %d", bits, addr.BitLen())
	}
	td.Prefix, _ = addr.Prefix(bits)
	td.Status = b[1]
	td.OriginatedTime = binary.BigEndian.Uint32(b[2:])
	td.PeerIP = addrFrom(b[6 : 6+alen])
	b = b[6+alen:]
	td.PeerAS = uint32(binary.BigEndian.Uint16(b[0:]))
	n := int(binary.BigEndian.Uint16(b[2:]))
	b = b[4:]
	if n > len(b) {
		return r.recordError("attribute length %d overruns record (%d octets left)", n, len(b))
	}
	if n < len(b) {
		return r.recordError("%d octets follow the attributes", len(b)-n)
	}
	td.mpAbbrev, td.Err = decodeAttrs(&td.Attrs, b, false)
	return nil
}

// decodePeerIndex decodes a PEER_INDEX_TABLE body (RFC 6396 section
// 4.3.1).
func (r *Reader) decodePeerIndex(t *PeerIndexTable, b []byte) *Error {
	if len(b) < 6 {
		return r.recordError("body has %d octets, a PEER_INDEX_TABLE needs at least 8", len(b))
	}
	t.CollectorID = addrFrom(b[0:4])
	n := int(binary.BigEndian.Uint16(b[4:]))
	b = b[6:]
	if len(b) < n+2 {
		return r.recordError("view name length %d overruns record (%d octets left)", n, len(b))
	}
	t.ViewName = string(b[:n])
	count := int(binary.BigEndian.Uint16(b[n:]))
	b = b[n+2:]
	t.Peers = t.Peers[:0]
	for i := range count {
		if len(b) < 1 {
			return r.recordError("peer %d of %d overruns record", i, count)
		}
		typ := b[0]
		need := 1 + 4 + 4 + 2
		if typ&peerTypeIPv6 != 0 {
			need += 12
		}
		if typ&peerTypeAS4 != 0 {
			need += 2
		}
		if len(b) < need {
			return r.recordError("peer %d of %d overruns record (needs %d octets, %d left)", i, count, need, len(b))
		}
		p := Peer{BGPID: addrFrom(b[1:5])}
		b = b[5:]
		if typ&peerTypeIPv6 != 0 {
			p.IP = addrFrom(b[:16])
			b = b[16:]
		} else {
			p.IP = addrFrom(b[:4])
			b = b[4:]
		}
		if typ&peerTypeAS4 != 0 {
			p.AS = binary.BigEndian.Uint32(b)
			b = b[4:]
		} else {
			p.AS = uint32(binary.BigEndian.Uint16(b))
			p.AS2 = true
			b = b[2:]
		}
		t.Peers = append(t.Peers, p)
	}
	if len(b) != 0 {
		return r.recordError("%d octets follow the %d peer entries", len(b), count)
	}
	return nil
}

// decodeRIB decodes a RIB_IPV4_UNICAST, RIB_IPV6_UNICAST or ADD-PATH RIB
// body (RFC 6396 section 4.3.2, RFC 8050 section 4).
func (r *Reader) decodeRIB(rib *RIB, b []byte) *Error {
	switch r.rec.Subtype {
	case SubtypeRIBIPv4Unicast, SubtypeRIBIPv4UnicastAddPath:
		rib.Family = wire.IPv4Unicast
	default:
		rib.Family = wire.IPv6Unicast
	}
	rib.AddPath = r.rec.Subtype >= SubtypeRIBIPv4UnicastAddPath
	if len(b) < 5 {
		return r.recordError("body has %d octets, a RIB record needs at least 7", len(b))
	}
	rib.Sequence = binary.BigEndian.Uint32(b)
	bits := int(b[4])
	b = b[5:]
	maxBits := 32
	if rib.Family.AFI == wire.AFIIPv6 {
		maxBits = 128
	}
	if bits > maxBits {
		return r.recordError("prefix length %d exceeds %d", bits, maxBits)
	}
	plen := (bits + 7) / 8
	if len(b) < plen+2 {
		return r.recordError("prefix of length /%d and entry count overrun record (%d octets left)", bits, len(b))
	}
	var a [16]byte
	copy(a[:], b[:plen])
	var addr netip.Addr
	if maxBits == 32 {
		addr = netip.AddrFrom4([4]byte(a[:4]))
	} else {
		addr = netip.AddrFrom16(a)
	}
	rib.Prefix, _ = addr.Prefix(bits)
	count := int(binary.BigEndian.Uint16(b[plen:]))
	b = b[plen+2:]
	fixed := 2 + 4 + 2
	if rib.AddPath {
		fixed += 4
	}
	if cap(rib.Entries) < count {
		rib.Entries = append(rib.Entries[:cap(rib.Entries)], make([]RIBEntry, count-cap(rib.Entries))...)
	}
	rib.Entries = rib.Entries[:count]
	for i := range count {
		e := &rib.Entries[i]
		if len(b) < fixed {
			rib.Entries = rib.Entries[:i]
			return r.recordError("entry %d of %d overruns record (%d octets left)", i, count, len(b))
		}
		e.PeerIndex = binary.BigEndian.Uint16(b)
		e.OriginatedTime = binary.BigEndian.Uint32(b[2:])
		e.PathID = 0
		if rib.AddPath {
			e.PathID = binary.BigEndian.Uint32(b[6:])
		}
		n := int(binary.BigEndian.Uint16(b[fixed-2:]))
		b = b[fixed:]
		if n > len(b) {
			rib.Entries = rib.Entries[:i]
			return r.recordError("entry %d attribute length %d overruns record (%d octets left)", i, n, len(b))
		}
		if r.peers == nil {
			rib.Entries = rib.Entries[:i]
			return r.recordError("entry %d: no PEER_INDEX_TABLE precedes the RIB record", i)
		}
		if int(e.PeerIndex) >= len(r.peers.Peers) {
			rib.Entries = rib.Entries[:i]
			return r.recordError("entry %d peer index %d is out of range (the PEER_INDEX_TABLE has %d peers)",
				i, e.PeerIndex, len(r.peers.Peers))
		}
		e.mpAbbrev, e.Err = decodeAttrs(&e.Attrs, b[:n], true)
		b = b[n:]
	}
	if len(b) != 0 {
		return r.recordError("%d octets follow the %d RIB entries", len(b), count)
	}
	return nil
}

// decodePeerHeader decodes the BGP4MPPeer fields at the start of every
// BGP4MP body (RFC 6396 section 4.4) and returns the rest of b.
func (r *Reader) decodePeerHeader(p *BGP4MPPeer, b []byte, as4 bool) ([]byte, *Error) {
	asLen := 2
	if as4 {
		asLen = 4
	}
	if len(b) < 2*asLen+4 {
		return nil, r.recordError("body has %d octets, too short for the BGP4MP peer fields", len(b))
	}
	p.AS4 = as4
	if as4 {
		p.PeerAS = binary.BigEndian.Uint32(b)
		p.LocalAS = binary.BigEndian.Uint32(b[4:])
	} else {
		p.PeerAS = uint32(binary.BigEndian.Uint16(b))
		p.LocalAS = uint32(binary.BigEndian.Uint16(b[2:]))
	}
	b = b[2*asLen:]
	p.Interface = binary.BigEndian.Uint16(b)
	p.AFI = wire.AFI(binary.BigEndian.Uint16(b[2:]))
	b = b[4:]
	var alen int
	switch p.AFI {
	case wire.AFIIPv4:
		alen = 4
	case wire.AFIIPv6:
		alen = 16
	default:
		return nil, r.recordError("unknown address family %d", p.AFI)
	}
	if len(b) < 2*alen {
		return nil, r.recordError("peer and local %s addresses overrun record (%d octets left)", p.AFI, len(b))
	}
	p.PeerIP = addrFrom(b[:alen])
	p.LocalIP = addrFrom(b[alen : 2*alen])
	return b[2*alen:], nil
}

// decodeStateChange decodes a STATE_CHANGE or STATE_CHANGE_AS4 body
// (RFC 6396 sections 4.4.1 and 4.4.4).
func (r *Reader) decodeStateChange(s *BGP4MPStateChange, b []byte, as4 bool) *Error {
	b, err := r.decodePeerHeader(&s.BGP4MPPeer, b, as4)
	if err != nil {
		return err
	}
	if len(b) != 4 {
		return r.recordError("old and new state need 4 octets, %d left", len(b))
	}
	s.OldState = binary.BigEndian.Uint16(b)
	s.NewState = binary.BigEndian.Uint16(b[2:])
	return nil
}

// decodeMessage decodes a BGP4MP MESSAGE body of any flavour (RFC 6396
// sections 4.4.2-4.4.6, RFC 8050 section 3). The BGP message must fill
// the rest of the record exactly. An UPDATE is decoded with the options
// of the subtype; its protocol errors go to m.Err.
func (r *Reader) decodeMessage(m *BGP4MPMessage, b []byte) *Error {
	f := bgp4mpFlavours[r.rec.Subtype]
	m.Local, m.AddPath = f.local, f.addPath
	b, err := r.decodePeerHeader(&m.BGP4MPPeer, b, f.as4)
	if err != nil {
		return err
	}
	m.Err = nil
	if len(b) < wire.HeaderLen {
		return r.recordError("BGP message of %d octets is shorter than its %d-octet header", len(b), wire.HeaderLen)
	}
	for i := range 16 {
		if b[i] != 0xff {
			return r.recordError("BGP message marker octet %d is 0x%02x, not 0xff", i, b[i])
		}
	}
	n := int(binary.BigEndian.Uint16(b[16:]))
	if n < wire.HeaderLen {
		return r.recordError("BGP message length %d is shorter than the header", n)
	}
	if n > len(b) {
		return r.recordError("BGP message length %d overruns record (%d octets left)", n, len(b))
	}
	if n < len(b) {
		return r.recordError("%d octets follow the BGP message", len(b)-n)
	}
	m.MsgType = wire.MessageType(b[18])
	m.Raw = append(m.Raw[:0], b...)
	if m.MsgType == wire.TypeUpdate {
		m.Err = m.Update.DecodeBody(b[wire.HeaderLen:], m.Options())
	} else {
		m.Update.Withdrawn = m.Update.Withdrawn[:0]
		m.Update.NLRI = m.Update.NLRI[:0]
		m.Update.Attrs.Reset()
	}
	return nil
}

// decodeAttrs decodes the path attributes of a TABLE_DUMP or TABLE_DUMP_V2
// entry. RFC 6396 section 4.3.4 stores MP_REACH_NLRI in a short form (next
// hop length and next hop only); some writers put the full RFC 4760 form
// there instead. Like bgpdump, a first value octet other than zero (a
// next-hop length, where the full form starts with the high octet of an
// AFI) marks the short form. It reports which form MP_REACH_NLRI had.
func decodeAttrs(a *wire.Attributes, b []byte, as4 bool) (abbrev bool, err error) {
	abbrev = mpReachAbbreviated(b)
	err = a.Decode(b, wire.Options{AS4: as4, ExtendedMessage: true, RIBEntry: abbrev})
	return abbrev, err
}

// mpReachAbbreviated scans the attribute headers in b for MP_REACH_NLRI
// and reports whether its first value octet is non-zero.
func mpReachAbbreviated(b []byte) bool {
	for len(b) >= 3 {
		flags, typ := b[0], b[1]
		hl, n := 3, int(b[2])
		if flags&byte(wire.FlagExtendedLength) != 0 {
			if len(b) < 4 {
				return false
			}
			hl, n = 4, int(binary.BigEndian.Uint16(b[2:]))
		}
		if len(b) < hl+n {
			return false
		}
		if wire.AttrType(typ) == wire.AttrMPReach {
			return n > 0 && b[hl] != 0
		}
		b = b[hl+n:]
	}
	return false
}

// addrFrom makes an address of a 4- or 16-octet slice.
func addrFrom(b []byte) netip.Addr {
	if len(b) == 4 {
		return netip.AddrFrom4([4]byte(b))
	}
	return netip.AddrFrom16([16]byte(b))
}
