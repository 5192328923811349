package trace

import (
	"encoding/hex"
	"strconv"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// appendAttrs writes the "attrs" object: one member per attribute present
// (wire.Attributes.Has), so an absent MED is no member while a MED of 0 is
// "med":0. The next hop is written when it is a valid address, present
// flag or not: route events carry every family's next hop in NextHop (RFC
// 4760 section 3) and our own routes have none. MP_REACH_NLRI and
// MP_UNREACH_NLRI are not written: route events never hold them.
func appendAttrs(b []byte, a *wire.Attributes) []byte {
	b = append(b, '{')
	if a.Has(wire.AttrOrigin) {
		b = appendStringMember(b, "origin", a.Origin.String())
	}
	if a.Has(wire.AttrASPath) {
		b = appendASPath(b, "as_path", &a.ASPath)
	}
	if a.NextHop.IsValid() {
		b = appendAddrMember(b, "next_hop", a.NextHop)
	}
	if a.Has(wire.AttrMED) {
		b = appendUintMember(b, "med", uint64(a.MED))
	}
	if a.Has(wire.AttrLocalPref) {
		b = appendUintMember(b, "local_pref", uint64(a.LocalPref))
	}
	if a.Has(wire.AttrAtomicAggregate) {
		b = append(appendKey(b, "atomic_aggregate"), "true"...)
	}
	if a.Has(wire.AttrAggregator) {
		b = appendAggregator(b, "aggregator", a.Aggregator)
	}
	if a.Has(wire.AttrCommunities) {
		b = append(appendKey(b, "communities"), '[')
		for _, c := range a.Communities {
			b = appendString(appendSep(b), c.String())
		}
		b = append(b, ']')
	}
	if a.Has(wire.AttrOriginatorID) {
		b = appendAddrMember(b, "originator_id", a.OriginatorID)
	}
	if a.Has(wire.AttrClusterList) {
		b = append(appendKey(b, "cluster_list"), '[')
		for _, id := range a.ClusterList {
			b = append(appendSep(b), '"')
			b = id.AppendTo(b)
			b = append(b, '"')
		}
		b = append(b, ']')
	}
	if a.Has(wire.AttrExtCommunities) {
		b = append(appendKey(b, "ext_communities"), '[')
		for _, c := range a.ExtCommunities {
			b = appendString(appendSep(b), c.String())
		}
		b = append(b, ']')
	}
	if a.Has(wire.AttrAS4Path) {
		b = appendASPath(b, "as4_path", &a.AS4Path)
	}
	if a.Has(wire.AttrAS4Aggregator) {
		b = appendAggregator(b, "as4_aggregator", a.AS4Aggregator)
	}
	if a.Has(wire.AttrLargeCommunities) {
		b = append(appendKey(b, "large_communities"), '[')
		for _, c := range a.LargeCommunities {
			b = append(appendSep(b), '"')
			b = strconv.AppendUint(b, uint64(c.Global), 10)
			b = append(b, ':')
			b = strconv.AppendUint(b, uint64(c.Local1), 10)
			b = append(b, ':')
			b = strconv.AppendUint(b, uint64(c.Local2), 10)
			b = append(b, '"')
		}
		b = append(b, ']')
	}
	if a.Has(wire.AttrOTC) {
		b = appendUintMember(b, "otc", uint64(a.OTC))
	}
	if len(a.Unknown) > 0 {
		b = append(appendKey(b, "unknown"), '[')
		for _, u := range a.Unknown {
			b = append(appendSep(b), '{')
			b = appendUintMember(b, "type", uint64(u.Type))
			b = appendUintMember(b, "flags", uint64(u.Flags))
			b = append(appendKey(b, "value_hex"), '"')
			b = hex.AppendEncode(b, u.Value)
			b = append(b, '"', '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendASPath writes an AS path twice: under name as the text
// ASPath.String writes ("65002 {65010,65011}"), and under name+"_segments"
// as its segments in wire order, [{"type":"AS_SEQUENCE","asns":[65002]}],
// which keep what the text cannot (two AS_SEQUENCE segments in a row).
func appendASPath(b []byte, name string, p *wire.ASPath) []byte {
	b = append(appendKey(b, name), '"')
	b = p.AppendText(b)
	b = append(b, '"')
	b = appendSep(b)
	b = append(b, '"')
	b = append(b, name...)
	b = append(b, `_segments":[`...)
	for _, s := range p.Segments {
		b = append(appendSep(b), '{')
		b = appendStringMember(b, "type", s.Type.String())
		b = append(appendKey(b, "asns"), '[')
		for _, as := range s.ASNs {
			b = strconv.AppendUint(appendSep(b), uint64(as), 10)
		}
		b = append(b, ']', '}')
	}
	return append(b, ']')
}

// appendAggregator writes {"as":65001,"address":"192.0.2.1"}.
func appendAggregator(b []byte, name string, g wire.Aggregator) []byte {
	b = append(appendKey(b, name), '{')
	b = appendUintMember(b, "as", uint64(g.AS))
	if g.Address.IsValid() {
		b = appendAddrMember(b, "address", g.Address)
	}
	return append(b, '}')
}
