package wire

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// ASTrans is the 2-octet AS number that stands for a 4-octet one on a
// session without 4-octet AS support (RFC 6793 section 9).
const ASTrans = 23456

// addr4 makes an IPv4 address from its 32-bit value.
func addr4(v uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// decodeOrigin decodes ORIGIN (RFC 4271 section 5.1.1):
//
//	+-+-+-+-+-+-+-+-+
//	|    Origin     |  0 IGP, 1 EGP, 2 INCOMPLETE
//	+-+-+-+-+-+-+-+-+
//
// A wrong length or an undefined value is treat-as-withdraw (RFC 7606
// section 7.1).
func (a *Attributes) decodeOrigin(d *attrDecoder, attr, val []byte) {
	if len(val) != 1 {
		d.attrError(SubAttributeLengthError, ActionTreatAsWithdraw, attr, true,
			"ORIGIN length %d, want 1 (RFC 7606 section 7.1)", len(val))
		d.annotateBad(val)
		return
	}
	if val[0] > byte(OriginIncomplete) {
		d.attrError(SubInvalidOriginAttribute, ActionTreatAsWithdraw, attr, true,
			"ORIGIN value %d is undefined (RFC 7606 section 7.1)", val[0])
		d.annotateBad(val)
		return
	}
	a.Origin = Origin(val[0])
	a.Set(AttrOrigin)
	if d.an != nil {
		d.an.leaf("origin", val, a.Origin.String())
	}
}

// decodeNextHop decodes NEXT_HOP (RFC 4271 section 5.1.3), a 4-octet IPv4
// address. A wrong length or an address that cannot be a host's
// (unspecified, multicast, limited broadcast: "syntactically incorrect",
// RFC 4271 section 6.3) is treat-as-withdraw (RFC 7606 section 7.3). MRT
// RIB entries are recorded, not received, and are not checked for that.
func (a *Attributes) decodeNextHop(d *attrDecoder, attr, val []byte) {
	if len(val) != 4 {
		d.attrError(SubAttributeLengthError, ActionTreatAsWithdraw, attr, true,
			"NEXT_HOP length %d, want 4 (RFC 7606 section 7.3)", len(val))
		d.annotateBad(val)
		return
	}
	nh := netip.AddrFrom4([4]byte(val))
	if v := binary.BigEndian.Uint32(val); !d.opt.RIBEntry && (v == 0 || v>>28 == 0xe || v == 0xffffffff) {
		d.attrError(SubInvalidNextHopAttribute, ActionTreatAsWithdraw, attr, true,
			"NEXT_HOP %s is not a host address (RFC 4271 section 6.3)", nh)
		d.annotateBad(val)
		return
	}
	a.NextHop = nh
	a.Set(AttrNextHop)
	if d.an != nil {
		d.an.leaf("next hop", val, nh.String())
	}
}

// decodeAggregator decodes AGGREGATOR (RFC 4271 section 5.1.7) or
// AS4_AGGREGATOR (RFC 6793 section 3): the AS (2 or 4 octets) and IPv4
// address of the speaker that aggregated the route.
//
//	+-------------------------------+
//	| AS (2 or 4 octets)            |
//	+-------------------------------+
//	| IPv4 address (4 octets)       |
//	+-------------------------------+
//
// A wrong length is attribute-discard (RFC 7606 section 7.7, RFC 6793
// section 6).
func (a *Attributes) decodeAggregator(d *attrDecoder, attr, val []byte, typ AttrType, ag *Aggregator, as4 bool) {
	want := 6
	if as4 {
		want = 8
	}
	if len(val) != want {
		sec := "RFC 7606 section 7.7"
		if typ == AttrAS4Aggregator {
			sec = "RFC 6793 section 6"
		}
		d.attrError(SubAttributeLengthError, ActionAttributeDiscard, attr, true,
			"%s length %d, want %d (%s)", typ, len(val), want, sec)
		d.annotateBad(val)
		return
	}
	if as4 {
		ag.AS = binary.BigEndian.Uint32(val)
	} else {
		ag.AS = uint32(binary.BigEndian.Uint16(val))
	}
	ag.Address = netip.AddrFrom4([4]byte(val[want-4:]))
	a.Set(typ)
	if d.an != nil {
		d.an.leaf("aggregator AS", val[:want-4], strconv.FormatUint(uint64(ag.AS), 10))
		d.an.leaf("aggregator address", val[want-4:], ag.Address.String())
	}
}

// decodeClusterList decodes CLUSTER_LIST (RFC 4456 section 8), a list of
// 4-octet cluster IDs. A length that is not a non-zero multiple of 4 is
// treat-as-withdraw (RFC 7606 section 7.10).
func (a *Attributes) decodeClusterList(d *attrDecoder, attr, val []byte) {
	if len(val) == 0 || len(val)%4 != 0 {
		d.attrError(SubAttributeLengthError, ActionTreatAsWithdraw, attr, true,
			"CLUSTER_LIST length %d is not a non-zero multiple of 4 (RFC 7606 section 7.10)", len(val))
		d.annotateBad(val)
		return
	}
	cl := a.ClusterList[:0]
	for v := val; len(v) >= 4; v = v[4:] {
		cl = append(cl, netip.AddrFrom4([4]byte(v[:4])))
		if d.an != nil {
			d.an.leaf("cluster ID", v[:4], cl[len(cl)-1].String())
		}
	}
	a.ClusterList = cl
	a.Set(AttrClusterList)
}

// appendAddr appends the 4 or 16 octets of addr.
func appendAddr(b []byte, addr netip.Addr) []byte {
	if addr.Is4() {
		a := addr.As4()
		return append(b, a[:]...)
	}
	a := addr.As16()
	return append(b, a[:]...)
}
