package mrt

import (
	"net/netip"
	"strconv"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// This file prints records the way `bgpdump -m` (version 1.6.2) does: one
// line per route, fields separated by '|':
//
//	TYPE|time|B/A/W|peer IP|peer AS|prefix|AS path|origin|next hop|local pref|MED|communities|AG/NAG|aggregator|
//	BGP4MP|time|W|peer IP|peer AS|prefix
//	BGP4MP|time|STATE|peer IP|peer AS|old state|new state
//
// with a path identifier column after the prefix in the ADD-PATH
// variants (TABLE_DUMP2_AP, BGP4MP_AP, ...). Its corners, all kept:
//
//   - An absent ORIGIN prints INCOMPLETE, an absent NEXT_HOP
//     255.255.255.255, absent LOCAL_PREF and MED 0.
//   - AS paths: segments are separated by spaces, AS_SET members by commas
//     in {}, confederation sequences in (), confederation sets in [].
//     Strings longer than 7900 characters end in "...".
//   - With 2-octet AS numbers (TABLE_DUMP, BGP4MP without _AS4) AS4_PATH
//     and AS4_AGGREGATOR are merged as RFC 6793 section 4.2.3 says, but
//     counted and copied bgpdump's way (see mergeAS4Path).
//   - Communities print as "AS:value" except NO_EXPORT, NO_ADVERTISE and
//     NO_EXPORT_SUBCONFED ("no-export", "no-advertise", "local-AS").
//   - An aggregator whose address is 255.255.255.255 prints as absent.
//   - Next hop: the NEXT_HOP attribute, except for routes in MP_REACH_NLRI
//     (its next hop, IPv4 or the global IPv6 address by its length; for
//     IPv4 routes in BGP4MP messages local pref and MED then print as
//     signed numbers) and RIB entries with an MP_REACH_NLRI (see
//     ribNextHop).
//   - BGP4MP_ET times carry microseconds: 1234567890.000042.
//   - Each prefix list of an UPDATE (withdrawn routes, NLRI, and those of
//     MP_UNREACH_NLRI and MP_REACH_NLRI) prints at most its first 8192
//     prefixes (bgpdump's MAX_PREFIXES; it reports "too many prefixes").
//   - The _LOCAL subtypes print the peer's fields like the others; an
//     IPv6 withdrawal in a _LOCAL message over IPv4 prints the peer's IPv4
//     address as if it were the first 4 octets of an IPv6 one.
//
// Records without route lines (PEER_INDEX_TABLE, OPEN, KEEPALIVE, ...)
// print nothing.

// Printer formats records as `bgpdump -m` lines. Its zero value is ready
// to use; it keeps scratch space between calls, so reuse one Printer for a
// whole file. It is not safe for concurrent use.
type Printer struct {
	head []byte // per-line prefix: "TYPE|time|A|peer|as|"
	tail []byte // per-route suffix: "aspath|origin|nexthop|...|\n"
	segs []wire.Segment
}

// AppendBgpdump appends the `bgpdump -m` lines for rec to b. It is a
// convenience for one record; use a Printer for many.
func AppendBgpdump(b []byte, rec *Record) []byte {
	var p Printer
	return p.Append(b, rec)
}

// Append appends the `bgpdump -m` lines for rec to b.
func (p *Printer) Append(b []byte, rec *Record) []byte {
	switch {
	case rec.TableDump != nil:
		return p.appendTableDump(b, rec)
	case rec.RIB != nil:
		return p.appendRIB(b, rec)
	case rec.Message != nil:
		return p.appendMessage(b, rec)
	case rec.State != nil:
		return p.appendState(b, rec)
	}
	return b
}

func appendTime(b []byte, rec *Record) []byte {
	return strconv.AppendUint(b, uint64(rec.Timestamp), 10)
}

func (p *Printer) appendTableDump(b []byte, rec *Record) []byte {
	td := rec.TableDump
	b = append(b, "TABLE_DUMP|"...)
	b = appendTime(b, rec)
	b = append(b, "|B|"...)
	b = appendAddr(b, td.PeerIP)
	b = append(b, '|')
	b = strconv.AppendUint(b, uint64(td.PeerAS), 10)
	b = append(b, '|')
	b = appendPrefix(b, td.Prefix)
	b = append(b, '|')
	return p.appendRoute(b, &td.Attrs, false, p.ribNextHop(&td.Attrs, td.mpAbbrev, true), false)
}

func (p *Printer) appendRIB(b []byte, rec *Record) []byte {
	rib := rec.RIB
	for i := range rib.Entries {
		e := &rib.Entries[i]
		if rib.AddPath {
			b = append(b, "TABLE_DUMP2_AP|"...)
		} else {
			b = append(b, "TABLE_DUMP2|"...)
		}
		b = appendTime(b, rec)
		b = append(b, "|B|"...)
		var peer Peer
		if rec.Peers != nil && int(e.PeerIndex) < len(rec.Peers.Peers) {
			peer = rec.Peers.Peers[e.PeerIndex]
		}
		b = appendAddr(b, peer.IP)
		b = append(b, '|')
		b = strconv.AppendUint(b, uint64(peer.AS), 10)
		b = append(b, '|')
		b = appendPrefix(b, rib.Prefix)
		b = append(b, '|')
		if rib.AddPath {
			b = strconv.AppendUint(b, uint64(e.PathID), 10)
			b = append(b, '|')
		}
		b = p.appendRoute(b, &e.Attrs, true, p.ribNextHop(&e.Attrs, e.mpAbbrev, false), false)
	}
	return b
}

// nextHop says which next hop a route line shows.
type nextHop struct {
	kind int // nhAttr, nhMP, nhMPAs6
	addr netip.Addr
}

const (
	nhAttr  = iota // the NEXT_HOP attribute, 255.255.255.255 when absent
	nhMP           // the MP_REACH_NLRI next hop, IPv4 or IPv6 by its length
	nhMPAs6        // the MP_REACH_NLRI next hop, always as 16 octets
)

// ribNextHop is the next hop bgpdump shows for a TABLE_DUMP (v1 set) or
// TABLE_DUMP_V2 entry. bgpdump files a short-form MP_REACH_NLRI under
// IPv6 unicast whatever its length. In TABLE_DUMP_V2 it shows the
// MP_REACH_NLRI next hop of IPv6 or IPv4 unicast by its length; in
// TABLE_DUMP only that of IPv6 unicast, always as 16 octets (an IPv4 next
// hop in the first four).
func (p *Printer) ribNextHop(a *wire.Attributes, abbrev, v1 bool) nextHop {
	if !a.Has(wire.AttrMPReach) {
		return nextHop{kind: nhAttr}
	}
	f := a.MPReach.Family
	switch {
	case v1 && (abbrev || f == wire.IPv6Unicast):
		return nextHop{kind: nhMPAs6, addr: a.MPReach.NextHop}
	case !v1 && (abbrev || f == wire.IPv6Unicast || f == wire.IPv4Unicast):
		return nextHop{kind: nhMP, addr: a.MPReach.NextHop}
	}
	return nextHop{kind: nhAttr}
}

// appendRoute appends the attribute fields of a route line, from the AS
// path to the final "|\n". as4 says whether AS_PATH and AGGREGATOR hold
// 4-octet AS numbers (no AS4_PATH merge then); signed prints local pref
// and MED as signed 32-bit numbers.
func (p *Printer) appendRoute(b []byte, a *wire.Attributes, as4 bool, nh nextHop, signed bool) []byte {
	aggAS, aggAddr, aggOK, merge := aggregator(a, as4)
	if a.Has(wire.AttrASPath) {
		path := a.ASPath.Segments
		if merge {
			path = p.mergeAS4Path(path, a.AS4Path.Segments)
		}
		b = appendASPath(b, path)
	}
	b = append(b, '|')
	b = appendOrigin(b, a)
	b = append(b, '|')
	switch nh.kind {
	case nhMP:
		b = appendAddr(b, nh.addr)
	case nhMPAs6:
		b = appendAddrAs6(b, nh.addr)
	default:
		if a.Has(wire.AttrNextHop) {
			b = appendAddrAs4(b, a.NextHop)
		} else {
			b = append(b, "255.255.255.255"...)
		}
	}
	b = append(b, '|')
	var lp, med uint32
	if a.Has(wire.AttrLocalPref) {
		lp = a.LocalPref
	}
	if a.Has(wire.AttrMED) {
		med = a.MED
	}
	if signed {
		b = strconv.AppendInt(b, int64(int32(lp)), 10)
		b = append(b, '|')
		b = strconv.AppendInt(b, int64(int32(med)), 10)
	} else {
		b = strconv.AppendUint(b, uint64(lp), 10)
		b = append(b, '|')
		b = strconv.AppendUint(b, uint64(med), 10)
	}
	b = append(b, '|')
	if a.Has(wire.AttrCommunities) {
		b = appendCommunities(b, a.Communities)
	}
	if a.Has(wire.AttrAtomicAggregate) {
		b = append(b, "|AG|"...)
	} else {
		b = append(b, "|NAG|"...)
	}
	if aggOK {
		b = strconv.AppendUint(b, uint64(aggAS), 10)
		b = append(b, ' ')
		b = appendAddrAs4(b, aggAddr)
	}
	return append(b, '|', '\n')
}

// asTrans is AS_TRANS, the 2-octet stand-in for a 4-octet AS number (RFC
// 6793 section 9).
const asTrans = 23456

// aggregator works out the aggregator bgpdump shows and whether AS4_PATH
// is to be merged into AS_PATH. With 2-octet AS numbers, AS4_AGGREGATOR
// replaces an AGGREGATOR of AS_TRANS; an AGGREGATOR of any other AS means
// both AS4_AGGREGATOR and AS4_PATH are ignored (RFC 6793 section 4.2.3).
func aggregator(a *wire.Attributes, as4 bool) (as uint32, addr netip.Addr, ok, merge bool) {
	hasAgg := a.Has(wire.AttrAggregator)
	as, addr = a.Aggregator.AS, a.Aggregator.Address
	if !as4 {
		merge = a.Has(wire.AttrAS4Path) && a.Has(wire.AttrASPath)
		if hasAgg && a.Has(wire.AttrAS4Aggregator) {
			if as != asTrans {
				merge = false
			} else {
				as, addr = a.AS4Aggregator.AS, a.AS4Aggregator.Address
			}
		}
	}
	ok = hasAgg && addr != netip.AddrFrom4([4]byte{255, 255, 255, 255})
	return as, addr, ok, merge
}

// pathCount counts AS numbers the way bgpdump does before merging: every
// AS of a sequence or confederation sequence, one for a set or
// confederation set.
func pathCount(segs []wire.Segment) int {
	n := 0
	for _, s := range segs {
		if s.Type == wire.SegmentSet || s.Type == wire.SegmentConfedSet {
			n++
		} else {
			n += len(s.ASNs)
		}
	}
	return n
}

// mergeAS4Path rebuilds the AS path from a 2-octet AS_PATH and AS4_PATH
// the way bgpdump does: when AS_PATH counts fewer ASes than AS4_PATH it
// is kept as it is; otherwise the merged path is the leading
// count(AS_PATH)-count(AS4_PATH) ASes followed by the whole AS4_PATH. Like
// bgpdump, it takes those leading ASes from the first segment of AS_PATH
// only, repeating that segment while more are needed.
func (p *Printer) mergeAS4Path(path, path4 []wire.Segment) []wire.Segment {
	n, n4 := pathCount(path), pathCount(path4)
	if n < n4 {
		return path
	}
	want := n - n4
	p.segs = p.segs[:0]
	got := 0
	for got < want {
		first := path[0]
		if len(first.ASNs) == 0 && first.Type != wire.SegmentSet && first.Type != wire.SegmentConfedSet {
			break // bgpdump loops forever here
		}
		seg := wire.Segment{Type: first.Type, ASNs: first.ASNs}
		if seg.Type == wire.SegmentSet || seg.Type == wire.SegmentConfedSet {
			got++
		} else {
			got += len(seg.ASNs)
			if got > want {
				seg.ASNs = seg.ASNs[:len(seg.ASNs)-(got-want)]
			}
		}
		p.segs = append(p.segs, seg)
	}
	return append(p.segs, path4...)
}

// maxPathString is where bgpdump cuts AS path strings short with "...".
const maxPathString = 8000 - 100

// appendASPath appends an AS path in bgpdump's notation.
func appendASPath(b []byte, segs []wire.Segment) []byte {
	start := len(b)
	prev := wire.SegmentSequence
	space := false
	for i := range segs {
		s := &segs[i]
		if prev != wire.SegmentSequence {
			b = append(b, segClose(prev))
		}
		if space {
			b = append(b, ' ')
		}
		if s.Type != wire.SegmentSequence {
			b = append(b, segOpen(s.Type))
		}
		space = false
		set := s.Type == wire.SegmentSet || s.Type == wire.SegmentConfedSet
		for _, asn := range s.ASNs {
			if space {
				if set {
					b = append(b, ',')
				} else {
					b = append(b, ' ')
				}
			}
			space = true
			b = strconv.AppendUint(b, uint64(asn), 10)
			if len(b)-start > maxPathString {
				return append(b, "..."...)
			}
		}
		prev = s.Type
	}
	if prev != wire.SegmentSequence && len(segs) > 0 {
		b = append(b, segClose(prev))
	}
	return b
}

func segOpen(t wire.SegmentType) byte {
	switch t {
	case wire.SegmentSet:
		return '{'
	case wire.SegmentConfedSet:
		return '['
	case wire.SegmentConfedSequence:
		return '('
	}
	return ' '
}

func segClose(t wire.SegmentType) byte {
	switch t {
	case wire.SegmentSet:
		return '}'
	case wire.SegmentConfedSet:
		return ']'
	case wire.SegmentConfedSequence:
		return ')'
	}
	return ' '
}

func appendOrigin(b []byte, a *wire.Attributes) []byte {
	if a.Has(wire.AttrOrigin) {
		switch a.Origin {
		case wire.OriginIGP:
			return append(b, "IGP"...)
		case wire.OriginEGP:
			return append(b, "EGP"...)
		}
	}
	return append(b, "INCOMPLETE"...)
}

func appendCommunities(b []byte, cs []wire.Community) []byte {
	for i, c := range cs {
		if i > 0 {
			b = append(b, ' ')
		}
		switch c {
		case wire.CommunityNoExport:
			b = append(b, "no-export"...)
		case wire.CommunityNoAdvertise:
			b = append(b, "no-advertise"...)
		case wire.CommunityNoExportSubconfed:
			b = append(b, "local-AS"...)
		default:
			b = strconv.AppendUint(b, uint64(c>>16), 10)
			b = append(b, ':')
			b = strconv.AppendUint(b, uint64(c&0xffff), 10)
		}
	}
	return b
}

// appendPrefix appends "address/length", the address in bgpdump's
// notation.
func appendPrefix(b []byte, p netip.Prefix) []byte {
	b = appendAddr(b, p.Addr())
	b = append(b, '/')
	return strconv.AppendInt(b, int64(p.Bits()), 10)
}

// appendMessageHead appends "FORMAT|time|kind|peer|AS|" for a BGP4MP
// message line; as6 prints the peer address as 16 octets.
func appendMessageHead(b []byte, rec *Record, kind string, as6 bool) []byte {
	m := rec.Message
	b = append(b, "BGP4MP"...)
	if rec.Type == TypeBGP4MPET {
		b = append(b, "_ET"...)
	}
	if m.Local {
		b = append(b, "_LOCAL"...)
	}
	if m.AddPath {
		b = append(b, "_AP"...)
	}
	b = append(b, '|')
	b = appendTime(b, rec)
	if rec.Type == TypeBGP4MPET {
		b = appendMicros(b, rec.Microseconds)
	}
	b = append(b, '|')
	b = append(b, kind...)
	b = append(b, '|')
	if as6 {
		b = appendAddrAs6(b, m.PeerIP)
	} else {
		b = appendAddr(b, m.PeerIP)
	}
	b = append(b, '|')
	b = strconv.AppendUint(b, uint64(m.PeerAS), 10)
	return append(b, '|')
}

// appendMicros appends ".%06d".
func appendMicros(b []byte, us uint32) []byte {
	b = append(b, '.')
	var d [10]byte
	s := strconv.AppendUint(d[:0], uint64(us), 10)
	for i := len(s); i < 6; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

func (p *Printer) appendMessage(b []byte, rec *Record) []byte {
	m := rec.Message
	if m.MsgType != wire.TypeUpdate {
		return b
	}
	u := &m.Update
	a := &u.Attrs
	if len(u.Withdrawn) > 0 || a.Has(wire.AttrMPUnreach) {
		p.head = appendMessageHead(p.head[:0], rec, "W", false)
		for _, n := range capPrefixes(u.Withdrawn) {
			b = p.appendWithdraw(b, n, m.AddPath)
		}
		if a.Has(wire.AttrMPUnreach) && len(a.MPUnreach.Withdrawn) > 0 {
			switch a.MPUnreach.Family.AFI {
			case wire.AFIIPv4:
				for _, n := range capPrefixes(a.MPUnreach.Withdrawn) {
					b = p.appendWithdraw(b, n, m.AddPath)
				}
			case wire.AFIIPv6:
				if m.Local && m.AFI == wire.AFIIPv4 {
					// bgpdump prints the IPv4 peer address as the start
					// of an IPv6 one here.
					p.head = appendMessageHead(p.head[:0], rec, "W", true)
				}
				for _, n := range capPrefixes(a.MPUnreach.Withdrawn) {
					b = p.appendWithdraw(b, n, m.AddPath)
				}
			}
		}
	}
	if len(u.NLRI) > 0 || a.Has(wire.AttrMPReach) {
		p.head = appendMessageHead(p.head[:0], rec, "A", false)
		if len(u.NLRI) > 0 {
			p.tail = p.appendRoute(p.tail[:0], a, m.AS4, nextHop{kind: nhAttr}, false)
			for _, n := range capPrefixes(u.NLRI) {
				b = p.appendAnnounce(b, n, m.AddPath)
			}
		}
		if a.Has(wire.AttrMPReach) && len(a.MPReach.NLRI) > 0 {
			switch a.MPReach.Family.AFI {
			case wire.AFIIPv4:
				p.tail = p.appendRoute(p.tail[:0], a, m.AS4, nextHop{kind: nhMP, addr: a.MPReach.NextHop}, true)
			case wire.AFIIPv6:
				p.tail = p.appendRoute(p.tail[:0], a, m.AS4, nextHop{kind: nhMP, addr: a.MPReach.NextHop}, false)
			default:
				return b
			}
			for _, n := range capPrefixes(a.MPReach.NLRI) {
				b = p.appendAnnounce(b, n, m.AddPath)
			}
		}
	}
	return b
}

// maxPrefixes is the most prefixes bgpdump keeps of one prefix list.
const maxPrefixes = 8192

func capPrefixes(n []wire.NLRI) []wire.NLRI {
	if len(n) > maxPrefixes {
		return n[:maxPrefixes]
	}
	return n
}

func (p *Printer) appendWithdraw(b []byte, n wire.NLRI, addPath bool) []byte {
	b = append(b, p.head...)
	b = appendPrefix(b, n.Prefix)
	if addPath {
		b = append(b, '|')
		b = strconv.AppendUint(b, uint64(n.PathID), 10)
	}
	return append(b, '\n')
}

func (p *Printer) appendAnnounce(b []byte, n wire.NLRI, addPath bool) []byte {
	b = append(b, p.head...)
	b = appendPrefix(b, n.Prefix)
	b = append(b, '|')
	if addPath {
		b = strconv.AppendUint(b, uint64(n.PathID), 10)
		b = append(b, '|')
	}
	return append(b, p.tail...)
}

func (p *Printer) appendState(b []byte, rec *Record) []byte {
	s := rec.State
	b = append(b, "BGP4MP"...)
	if rec.Type == TypeBGP4MPET {
		b = append(b, "_ET"...)
	}
	b = append(b, '|')
	b = appendTime(b, rec)
	if rec.Type == TypeBGP4MPET {
		b = appendMicros(b, rec.Microseconds)
	}
	b = append(b, "|STATE|"...)
	b = appendAddr(b, s.PeerIP)
	b = append(b, '|')
	b = strconv.AppendUint(b, uint64(s.PeerAS), 10)
	b = append(b, '|')
	b = strconv.AppendUint(b, uint64(s.OldState), 10)
	b = append(b, '|')
	b = strconv.AppendUint(b, uint64(s.NewState), 10)
	return append(b, '\n')
}
