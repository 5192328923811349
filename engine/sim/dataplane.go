package sim

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/bgpplay/bgpplay/engine/trace"
)

// MaxHops is how many times a traced packet may be forwarded before it is
// dropped: the TTL its source gives it, the default RFC 1700 recommends.
const MaxHops = 64

// Hop is one node a traced packet visited.
type Hop struct {
	// Node names the router or host.
	Node string
	// Link indexes the topology's links: the link the packet left by, or
	// -1 when it went no further (delivered or dropped here).
	Link int
	// Why says why the node chose that link ("connected 10.255.0.0/30",
	// "IGP to 10.0.0.3 cost 20", "BGP 203.0.113.0/24 via 192.0.2.2
	// [65002 65010]"), or, at the last hop, "delivered: ..." or
	// "dropped: ...".
	Why string
}

// Path is the way a packet went through the network, hop by hop, and how
// its journey ended.
type Path struct {
	// From and To are the source node and the destination address.
	From string
	To   netip.Addr
	// Hops lists the nodes visited, the source first and the node where
	// the packet was delivered or dropped last.
	Hops []Hop
	// Delivered is set when the packet reached the owner of To.
	Delivered bool
	// Drop says why the packet was dropped, when it was not delivered:
	// "no route to 198.51.100.7 at R3", "link 4 is down", "router R2 is
	// down", "TTL exceeded: forwarding loop R1 → R2 → R1".
	Drop string
}

// Nodes returns the names of the nodes visited, in order.
func (p Path) Nodes() []string {
	out := make([]string, len(p.Hops))
	for i, h := range p.Hops {
		out[i] = h.Node
	}
	return out
}

// String renders the path one hop a line, as "R1 link 2: connected
// 10.255.0.8/30", the last line saying how it ended.
func (p Path) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s to %s\n", p.From, p.To)
	for _, h := range p.Hops {
		if h.Link >= 0 {
			fmt.Fprintf(&b, "%s link %d: %s\n", h.Node, h.Link, h.Why)
		} else {
			fmt.Fprintf(&b, "%s: %s\n", h.Node, h.Why)
		}
	}
	return b.String()
}

// hopStep is what one node does with the packet: leave by link towards
// node next, or stop (delivered or dropped).
type hopStep struct {
	link, next int
	why        string
	delivered  bool
	drop       string
}

// Trace follows a packet from the router or host named from to address
// to through the network as it is now, hop by hop, without letting
// virtual time pass or scheduling anything. A host sends to its gateway;
// a router delivers what is addressed to it and otherwise forwards by the
// longest match over its connected subnets, the IGP routes of its AS and
// its Loc-RIB best paths (connected, then IGP, then BGP between matches
// of the same length), resolving a BGP next hop through its connected and
// IGP routes (RFC 4271 section 5.1.3). A prefix the router originates is
// delivered there, as a network of its own, when no host or router holds
// the address. When the log keeps trace.Packet events, every hop is
// recorded as one (Router the hop, Peer the next node, Text why).
//
// The error is for bad arguments; a packet that is dropped is a Path
// that is not Delivered.
func (s *Sim) Trace(from string, to netip.Addr) (Path, error) {
	src, ok := s.net.node[from]
	if !ok {
		return Path{}, fmt.Errorf("trace from %q: no router or host of that name", from)
	}
	if !to.IsValid() {
		return Path{}, fmt.Errorf("trace from %s: the destination is not a valid IP address", from)
	}
	to = to.Unmap()
	p := Path{From: from, To: to}
	cur, forwarded := src, 0
	var seen []int
	for {
		seen = append(seen, cur)
		st := s.forward(cur, to, len(seen) == 1)
		if !st.delivered && st.drop == "" && forwarded == MaxHops {
			st.drop = s.ttlExceeded(seen)
		}
		if st.delivered || st.drop != "" {
			why := "delivered: " + st.why
			if !st.delivered {
				why, p.Drop = "dropped: "+st.drop, st.drop
			}
			p.Delivered = st.delivered
			p.Hops = append(p.Hops, Hop{Node: s.nodeName(cur), Link: -1, Why: why})
			break
		}
		p.Hops = append(p.Hops, Hop{Node: s.nodeName(cur), Link: st.link, Why: st.why})
		cur = st.next
		forwarded++
	}
	s.recordPath(p)
	return p, nil
}

// recordPath adds a trace.Packet event per hop, when the log keeps them.
func (s *Sim) recordPath(p Path) {
	if !s.log.Keeps(trace.Packet) {
		return
	}
	for i, h := range p.Hops {
		next := ""
		if i+1 < len(p.Hops) {
			next = p.Hops[i+1].Node
		}
		s.record(trace.Event{Kind: trace.Packet, Router: h.Node, Peer: next, Text: h.Why})
	}
}

// ttlExceeded explains a drop after MaxHops forwards: the loop the packet
// went round, from the node's previous visit to this one.
func (s *Sim) ttlExceeded(seen []int) string {
	cur := seen[len(seen)-1]
	for i := len(seen) - 2; i >= 0; i-- {
		if seen[i] != cur {
			continue
		}
		names := make([]string, 0, len(seen)-i)
		for _, n := range seen[i:] {
			names = append(names, s.nodeName(n))
		}
		return "TTL exceeded: forwarding loop " + strings.Join(names, " → ")
	}
	return fmt.Sprintf("TTL exceeded after %d hops at %s", MaxHops, s.nodeName(cur))
}

// nodeName names node i of the network (routers first, then hosts).
func (s *Sim) nodeName(i int) string {
	if i < len(s.routers) {
		return s.routers[i].Name
	}
	return s.topo.Hosts[i-len(s.routers)].Name
}

// forward decides what node i does with a packet to a; source is set at
// the node that sends it.
func (s *Sim) forward(i int, a netip.Addr, source bool) hopStep {
	name := s.nodeName(i)
	if i >= len(s.routers) {
		return s.hostForward(i, a, source)
	}
	if !s.routers[i].up {
		return hopStep{drop: fmt.Sprintf("router %s is down", name)}
	}
	if s.owns(i, a) {
		return hopStep{delivered: true, why: fmt.Sprintf("%s is %s's own address", a, name)}
	}
	rt, ok := s.lookup(i, a)
	if !ok {
		if l, ok := s.net.linkOf[a]; ok && !s.net.up[l] && s.onLink(i, l) {
			return hopStep{drop: fmt.Sprintf("link %d is down", l)}
		}
		return hopStep{drop: fmt.Sprintf("no route to %s at %s", a, name)}
	}
	switch rt.source {
	case fromConnected:
		o := s.net.other(rt.link, i)
		if s.owns(o, a) {
			return hopStep{link: rt.link, next: o, why: rt.why()}
		}
		if p, ok := s.originates(i, a); ok {
			return hopStep{delivered: true, why: fmt.Sprintf("%s is in %s, originated by %s", a, p, name)}
		}
		return hopStep{drop: fmt.Sprintf("no node has %s on link %d at %s", a, rt.link, name)}
	case fromIGP:
		return hopStep{link: rt.link, next: s.net.other(rt.link, i), why: rt.why()}
	}
	if rt.path.Peer != nil && rt.path.Peer.Local {
		if l, ok := s.net.linkOf[a]; ok && !s.net.up[l] && s.onLink(i, l) {
			return hopStep{drop: fmt.Sprintf("link %d is down", l)}
		}
		return hopStep{delivered: true, why: fmt.Sprintf("%s is in %s, originated by %s", a, rt.prefix, name)}
	}
	return s.viaNextHop(i, rt)
}

// viaNextHop forwards along BGP route rt of router i: towards its next
// hop, found through i's connected and IGP routes.
func (s *Sim) viaNextHop(i int, rt fwdRoute) hopStep {
	name := s.nodeName(i)
	nh := rt.path.Attrs.NextHop.Unmap()
	if !nh.IsValid() || s.net.owner[nh] == i {
		return hopStep{drop: fmt.Sprintf("BGP route %s at %s has no usable next hop (%s)", rt.prefix, name, nh)}
	}
	via, ok := s.net.lookupIGP(i, nh)
	if ok && via.source == fromConnected && !s.owns(s.net.other(via.link, i), nh) {
		ok = false
	}
	if !ok {
		if l, on := s.net.linkOf[nh]; on && !s.net.up[l] {
			return hopStep{drop: fmt.Sprintf("link %d is down", l)}
		}
		return hopStep{drop: fmt.Sprintf("next hop %s of %s is unreachable at %s", nh, rt.prefix, name)}
	}
	return hopStep{link: via.link, next: s.net.other(via.link, i), why: rt.why()}
}

// hostForward decides what host node i does with a packet to a: keep it
// when it is the host's, send it to the gateway when the host is the
// source, drop it otherwise (hosts do not forward).
func (s *Sim) hostForward(i int, a netip.Addr, source bool) hopStep {
	h := &s.topo.Hosts[i-len(s.routers)]
	if h.Address == a {
		return hopStep{delivered: true, why: fmt.Sprintf("%s is %s's address", a, h.Name)}
	}
	if !source {
		return hopStep{drop: fmt.Sprintf("host %s does not forward packets", h.Name)}
	}
	if len(s.net.adj[i]) == 0 {
		return hopStep{drop: fmt.Sprintf("host %s has no link", h.Name)}
	}
	l := s.net.adj[i][0]
	if !s.net.up[l] {
		return hopStep{drop: fmt.Sprintf("link %d is down", l)}
	}
	return hopStep{link: l, next: s.net.other(l, i), why: fmt.Sprintf("default route via %s", h.Gateway)}
}

// owns reports whether node i holds address a: a loopback, or an
// interface address on one of its links.
func (s *Sim) owns(i int, a netip.Addr) bool {
	o, ok := s.net.owner[a]
	return ok && o == i
}

// onLink reports whether link l is one of node i's.
func (s *Sim) onLink(i, l int) bool {
	lk := &s.topo.Links[l]
	return s.net.node[lk.A] == i || s.net.node[lk.B] == i
}
