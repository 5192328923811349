package rib

import (
	"fmt"
	"net/netip"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// Peer describes where a path was learned: a BGP neighbour, or the speaker
// itself for routes it originates. The speaker owns one Peer per neighbour
// and updates it when a session comes up.
type Peer struct {
	// Name identifies the neighbour in traces and explanations ("R4").
	Name string
	// Addr is the neighbour's address on the session; zero for Local.
	Addr netip.Addr
	// RouterID is the neighbour's BGP Identifier (its OPEN); ours for
	// Local.
	RouterID netip.Addr
	// AS is the neighbour's AS number.
	AS uint32
	// Internal is set for IBGP neighbours.
	Internal bool
	// RRClient is set when the neighbour is our route-reflector client
	// (RFC 4456).
	RRClient bool
	// Local marks the speaker itself.
	Local bool
}

// String returns the peer's name, or its address when it has none.
func (p *Peer) String() string {
	switch {
	case p == nil:
		return "nobody"
	case p.Name != "":
		return p.Name
	case p.Local:
		return "local"
	}
	return p.Addr.String()
}

// Kind returns "local", "IBGP" or "EBGP".
func (p *Peer) Kind() string {
	switch {
	case p.Local:
		return "local"
	case p.Internal:
		return "IBGP"
	}
	return "EBGP"
}

// Path is one route to a destination, as learned from one peer. (Stale
// follows ID so that they share a word: 64 octets, not 80.)
type Path struct {
	Prefix netip.Prefix
	// ID is the path identifier the peer sent (RFC 7911); 0 without
	// ADD-PATH.
	ID uint32
	// Stale marks a path kept while its peer restarts (RFC 4724 section
	// 4.2).
	Stale bool
	Peer  *Peer
	// Received holds the attributes as the peer sent them (the Adj-RIB-In
	// before import policy).
	Received *Attrs
	// Attrs holds the attributes after import policy; nil when the
	// policy rejected the path or it was found invalid (an AS path loop,
	// say), in which case the path is not a candidate for best.
	Attrs *Attrs
}

// Family returns the unicast family of the path's prefix.
func (p *Path) Family() wire.Family {
	if p.Prefix.Addr().Is4() {
		return wire.IPv4Unicast
	}
	return wire.IPv6Unicast
}

// String renders the path as "203.0.113.0/24 via 192.0.2.1 from R4 [65004 65010]".
func (p *Path) String() string {
	a := p.Attrs
	if a == nil {
		a = p.Received
	}
	s := fmt.Sprintf("%s from %s", p.Prefix, p.Peer)
	if a != nil {
		s = fmt.Sprintf("%s via %s from %s [%s]", p.Prefix, a.NextHop, p.Peer, a.ASPath.String())
	}
	if p.Stale {
		s += " (stale)"
	}
	return s
}
