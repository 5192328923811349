package sim

import (
	"fmt"
	"net/netip"

	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/speaker"
)

// routeSource is where a forwarding entry comes from; between matches of
// the same length the lower one wins, as a router's administrative
// distance prefers connected over IGP over BGP routes.
type routeSource uint8

const (
	fromConnected routeSource = iota
	fromIGP
	fromBGP
)

// fwdRoute is the entry of a router's forwarding table that matched an
// address.
type fwdRoute struct {
	prefix netip.Prefix
	source routeSource
	// link is the link to leave by: the connected link, or the first
	// link of the IGP path to target.
	link int
	// target is the router of the AS the IGP route leads to.
	target int
	// cost is the IGP distance to target.
	cost uint32
	// path is the Loc-RIB best path of a BGP route.
	path *rib.Path
}

// better reports whether a is preferred over b: the longer prefix, then
// connected over IGP over BGP, then the lower IGP cost, the lower router
// and the lower link, so that the choice never depends on map order.
func (a *fwdRoute) better(b *fwdRoute) bool {
	if a.prefix.Bits() != b.prefix.Bits() {
		return a.prefix.Bits() > b.prefix.Bits()
	}
	if a.source != b.source {
		return a.source < b.source
	}
	if a.cost != b.cost {
		return a.cost < b.cost
	}
	if a.target != b.target {
		return a.target < b.target
	}
	return a.link < b.link
}

// why says why a packet took the route, for the hop list and the trace.
func (a *fwdRoute) why() string {
	switch a.source {
	case fromConnected:
		return "connected " + a.prefix.String()
	case fromIGP:
		to := a.prefix.String()
		if a.prefix.IsSingleIP() {
			to = a.prefix.Addr().String()
		}
		return fmt.Sprintf("IGP to %s cost %d", to, a.cost)
	}
	at := a.path.Attrs
	return fmt.Sprintf("BGP %s via %s [%s]", a.prefix, at.NextHop, at.ASPath)
}

// lookupIGP finds the connected or IGP route of router r that best
// matches a: the subnets of r's up links (hosts' subnets included), and
// through the IGP of r's AS the loopbacks and up link subnets of the
// routers it reaches, leaving out the links to other ASes when the AS
// hides them (as network.resolve does).
func (n *network) lookupIGP(r int, a netip.Addr) (fwdRoute, bool) {
	var best fwdRoute
	found := false
	offer := func(c fwdRoute) {
		if c.prefix.Contains(a) && (!found || c.better(&best)) {
			best, found = c, true
		}
	}
	for _, l := range n.adj[r] {
		if n.up[l] {
			offer(fwdRoute{prefix: n.t.Links[l].Prefix(), source: fromConnected, link: l, target: r})
		}
	}
	as := n.asOf[r]
	hide := false
	if e, ok := n.t.AS(as); ok {
		hide = e.HideExternalLinks
	}
	for o := range n.t.Routers {
		if o == r || n.asOf[o] != as || n.dist[r][o] == unreachable {
			continue
		}
		c := fwdRoute{source: fromIGP, link: n.next[r][o], target: o, cost: n.dist[r][o]}
		lb := n.t.Routers[o].Loopback
		c.prefix = netip.PrefixFrom(lb, lb.BitLen())
		offer(c)
		for _, l := range n.adj[o] {
			far := n.other(l, o)
			if !n.up[l] || hide && far < len(n.t.Routers) && n.asOf[far] != as {
				continue
			}
			c.prefix = n.t.Links[l].Prefix()
			offer(c)
		}
	}
	return best, found
}

// lookupBGP finds the Loc-RIB best path of sp for the longest prefix
// holding a that is longer than minBits.
func lookupBGP(sp *speaker.Speaker, a netip.Addr, minBits int) (fwdRoute, bool) {
	for bits := a.BitLen(); bits >= minBits; bits-- {
		p := netip.PrefixFrom(a, bits).Masked()
		if b := sp.Best(p); b != nil && b.Attrs != nil {
			return fwdRoute{prefix: p, source: fromBGP, link: -1, target: -1, path: b}, true
		}
	}
	return fwdRoute{}, false
}

// lookup finds router r's forwarding entry for a: the longest match over
// its connected, IGP and BGP routes, connected first, then IGP, then BGP
// between matches of the same length.
func (s *Sim) lookup(r int, a netip.Addr) (fwdRoute, bool) {
	best, found := s.net.lookupIGP(r, a)
	minBits := 0
	if found {
		minBits = best.prefix.Bits() + 1
	}
	if sp := s.routers[r].sp; sp != nil {
		if b, ok := lookupBGP(sp, a, minBits); ok {
			return b, true
		}
	}
	return best, found
}

// originates returns the prefix router r originates that holds a, the
// longest one, if any.
func (s *Sim) originates(r int, a netip.Addr) (netip.Prefix, bool) {
	sp := s.routers[r].sp
	if sp == nil {
		return netip.Prefix{}, false
	}
	for bits := a.BitLen(); bits >= 0; bits-- {
		p := netip.PrefixFrom(a, bits).Masked()
		if d := sp.Route(p); d != nil {
			for _, path := range d.Paths {
				if path.Peer != nil && path.Peer.Local {
					return p, true
				}
			}
		}
	}
	return netip.Prefix{}, false
}
