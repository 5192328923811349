package policy

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// Match holds the compiled conditions of a term. A condition with no
// entries (nil list, nil ASPath, MatchOrigin false, zero Family) is not
// checked; a list condition holds when any entry matches. Conditions are
// checked in this order, the cheapest first: family, prefix, peer,
// peer_as, origin, next_hop, community, large_community, as_path.
type Match struct {
	Family         wire.Family // zero: any family
	Prefix         []PrefixRange
	Peer           []PeerRef
	PeerAS         []uint32
	Origin         wire.Origin
	MatchOrigin    bool // Origin is a condition
	NextHop        []netip.Prefix
	Community      []CommunityPattern
	LargeCommunity []LargeCommunityPattern
	ASPath         *ASPathRegexp
}

// PeerRef is one entry of a peer condition: it matches a neighbour whose
// name is Entry, or whose address is Addr when Entry is an address (an
// IPv4-mapped IPv6 neighbour address counts as the IPv4 address).
type PeerRef struct {
	Entry string
	Addr  netip.Addr // valid when Entry is an address
}

// condition names one condition of a Match.
type condition uint8

const (
	condNone condition = iota
	condFamily
	condPrefix
	condPeer
	condPeerAS
	condOrigin
	condNextHop
	condCommunity
	condLargeCommunity
	condASPath
)

// routeFamily is r.Family, or the unicast family of r.Prefix when r.Family
// is zero.
func routeFamily(r *Route) wire.Family {
	if r.Family != (wire.Family{}) {
		return r.Family
	}
	if r.Prefix.Addr().Is6() {
		return wire.IPv6Unicast
	}
	return wire.IPv4Unicast
}

// nextHop is the route's next hop: NextHop, or the MP_REACH_NLRI next hop
// of attributes as decoded from an UPDATE.
func nextHop(a *wire.Attributes) netip.Addr {
	if !a.NextHop.IsValid() && a.Has(wire.AttrMPReach) {
		return a.MPReach.NextHop
	}
	return a.NextHop
}

// communities returns the COMMUNITIES of a, nil when absent.
func communities(a *wire.Attributes) []wire.Community {
	if !a.Has(wire.AttrCommunities) {
		return nil
	}
	return a.Communities
}

// largeCommunities returns the LARGE_COMMUNITY of a, nil when absent.
func largeCommunities(a *wire.Attributes) []wire.LargeCommunity {
	if !a.Has(wire.AttrLargeCommunities) {
		return nil
	}
	return a.LargeCommunities
}

// failed returns the first condition of m that route r with attributes a
// does not meet, or condNone when it meets them all.
func (m *Match) failed(r *Route, a *wire.Attributes) condition {
	if m.Family != (wire.Family{}) && routeFamily(r) != m.Family {
		return condFamily
	}
	if len(m.Prefix) > 0 && !m.matchPrefix(r.Prefix) {
		return condPrefix
	}
	if len(m.Peer) > 0 && !m.matchPeer(&r.Peer) {
		return condPeer
	}
	if len(m.PeerAS) > 0 && !contains(m.PeerAS, r.Peer.AS) {
		return condPeerAS
	}
	if m.MatchOrigin && (!a.Has(wire.AttrOrigin) || a.Origin != m.Origin) {
		return condOrigin
	}
	if len(m.NextHop) > 0 && !m.matchNextHop(nextHop(a)) {
		return condNextHop
	}
	if len(m.Community) > 0 && !matchAnyCommunity(communities(a), m.Community) {
		return condCommunity
	}
	if len(m.LargeCommunity) > 0 && !matchAnyLarge(largeCommunities(a), m.LargeCommunity) {
		return condLargeCommunity
	}
	if m.ASPath != nil && !m.ASPath.Match(&a.ASPath) {
		return condASPath
	}
	return condNone
}

func (m *Match) matchPrefix(p netip.Prefix) bool {
	for _, r := range m.Prefix {
		if r.Contains(p) {
			return true
		}
	}
	return false
}

func (m *Match) matchPeer(p *Peer) bool {
	for _, e := range m.Peer {
		if e.Entry == p.Name || (e.Addr.IsValid() && e.Addr == p.Addr.Unmap()) {
			return true
		}
	}
	return false
}

func (m *Match) matchNextHop(nh netip.Addr) bool {
	if !nh.IsValid() {
		return false
	}
	for _, p := range m.NextHop {
		if p.Contains(nh) {
			return true
		}
	}
	return false
}

func contains[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// describe explains why condition c failed for route r with attributes a.
func (m *Match) describe(c condition, r *Route, a *wire.Attributes) string {
	switch c {
	case condFamily:
		return "family " + routeFamily(r).String() + " is not " + m.Family.String()
	case condPrefix:
		return "prefix " + r.Prefix.String() + " is in none of " + list(m.Prefix, PrefixRange.String)
	case condPeer:
		who := strconv.Quote(r.Peer.Name)
		if r.Peer.Addr.IsValid() {
			who += " (" + r.Peer.Addr.String() + ")"
		}
		return "peer " + who + " is none of " + list(m.Peer, func(p PeerRef) string { return strconv.Quote(p.Entry) })
	case condPeerAS:
		return "peer_as " + strconv.FormatUint(uint64(r.Peer.AS), 10) + " is none of " +
			list(m.PeerAS, func(as uint32) string { return strconv.FormatUint(uint64(as), 10) })
	case condOrigin:
		if !a.Has(wire.AttrOrigin) {
			return "origin is absent, not " + originName(m.Origin)
		}
		return "origin " + originName(a.Origin) + " is not " + originName(m.Origin)
	case condNextHop:
		nh := nextHop(a)
		if !nh.IsValid() {
			return "next_hop is absent"
		}
		return "next_hop " + nh.String() + " is in none of " + list(m.NextHop, netip.Prefix.String)
	case condCommunity:
		cs := communities(a)
		if len(cs) == 0 {
			return "no community, want " + list(m.Community, CommunityPattern.String)
		}
		return "community " + list(cs, wire.Community.String) + " matches none of " + list(m.Community, CommunityPattern.String)
	case condLargeCommunity:
		cs := largeCommunities(a)
		if len(cs) == 0 {
			return "no large_community, want " + list(m.LargeCommunity, LargeCommunityPattern.String)
		}
		return "large_community " + list(cs, wire.LargeCommunity.String) + " matches none of " +
			list(m.LargeCommunity, LargeCommunityPattern.String)
	case condASPath:
		return "as_path " + m.ASPath.String() + " does not match " + strconv.Quote(a.ASPath.String())
	}
	return ""
}

// list renders s as comma-separated strings.
func list[T any](s []T, str func(T) string) string {
	f := make([]string, len(s))
	for i, x := range s {
		f[i] = str(x)
	}
	return strings.Join(f, ", ")
}

// origins are the written names of the ORIGIN values.
var origins = [...]string{wire.OriginIGP: "igp", wire.OriginEGP: "egp", wire.OriginIncomplete: "incomplete"}

// originName is the written name of o.
func originName(o wire.Origin) string {
	if int(o) < len(origins) {
		return origins[o]
	}
	return "origin(" + strconv.Itoa(int(o)) + ")"
}

// parseOrigin reads the written name of an ORIGIN value.
func parseOrigin(s string) (wire.Origin, bool) {
	for i, n := range origins {
		if n == s {
			return wire.Origin(i), true
		}
	}
	return 0, false
}

// PrefixFree reports whether no term of p looks at the route's prefix, so
// that its verdict and changes depend only on the attributes, the family
// and the peer: a speaker may then evaluate it once per attribute set.
func (p *Policy) PrefixFree() bool {
	if p == nil {
		return true
	}
	for i := range p.Terms {
		if len(p.Terms[i].Match.Prefix) > 0 {
			return false
		}
	}
	return true
}
