package speaker

import (
	"net/netip"
	"slices"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/rib"
)

// PeerStatus describes one neighbour for people and tools.
type PeerStatus struct {
	Name     string
	Addr     netip.Addr
	AS       uint32
	Internal bool
	RRClient bool
	State    fsm.State
	// Session is the negotiated session, nil unless Established.
	Session *fsm.Negotiated
	// Received counts the paths in the Adj-RIB-In, Accepted those import
	// policy accepted, Advertised the routes in the Adj-RIB-Out, Stale
	// those kept across the peer's restart.
	Received, Accepted, Advertised, Stale int
	// Disabled is set while the peer is administratively stopped
	// (PeerConfig.Disabled, StopPeer): it neither connects nor accepts
	// connections until StartPeer.
	Disabled bool
}

// Peers returns the status of every neighbour, in configuration order.
func (s *Speaker) Peers() []PeerStatus {
	out := make([]PeerStatus, 0, len(s.peers))
	for _, p := range s.peers {
		out = append(out, p.status())
	}
	return out
}

// Peer returns the status of one neighbour.
func (s *Speaker) Peer(name string) (PeerStatus, bool) {
	if p := s.by[name]; p != nil {
		return p.status(), true
	}
	return PeerStatus{}, false
}

// status describes p.
func (p *peer) status() PeerStatus {
	return PeerStatus{
		Name: p.cfg.Name, Addr: p.cfg.Addr, AS: p.cfg.AS, Internal: p.internal(), RRClient: p.cfg.RRClient,
		State: p.fsm.State(), Session: p.sess,
		Received: p.received, Accepted: p.accepted, Advertised: p.advertised, Stale: p.stale,
		Disabled: p.cfg.Disabled,
	}
}

// LocRIB returns every destination of the Loc-RIB, sorted by prefix:
// those with a candidate path, or an advertisement or a withdrawal still
// to send (see rib.Dest.InLocRIB). The values are the speaker's own: read
// them, do not keep them across inputs.
func (s *Speaker) LocRIB() []*rib.Dest { return s.loc.Dests() }

// Route returns the Loc-RIB destination for prefix, or nil. Its Paths
// include those import policy rejected.
func (s *Speaker) Route(prefix netip.Prefix) *rib.Dest {
	if d := s.loc.Get(prefix.Masked()); d != nil && d.InLocRIB() {
		return d
	}
	return nil
}

// Best returns the best path for prefix, or nil.
func (s *Speaker) Best(prefix netip.Prefix) *rib.Path {
	if d := s.Route(prefix); d != nil {
		return d.Best
	}
	return nil
}

// Explain runs the decision process for prefix again and says why each
// candidate won or lost.
func (s *Speaker) Explain(prefix netip.Prefix) []rib.Outcome {
	d := s.Route(prefix)
	if d == nil {
		return nil
	}
	return s.dec.Explain(d.Paths)
}

// AdjIn returns the Adj-RIB-In of a neighbour (every path, accepted or
// not), sorted, or nil for an unknown name.
func (s *Speaker) AdjIn(name string) []*rib.Path {
	if p := s.by[name]; p != nil {
		return s.adjIn(p)
	}
	return nil
}

// Advertised is one route of an Adj-RIB-Out.
type Advertised struct {
	Prefix netip.Prefix
	Attrs  *rib.Attrs
}

// AdjOut returns the Adj-RIB-Out of a neighbour, sorted by prefix.
func (s *Speaker) AdjOut(name string) []Advertised {
	p := s.by[name]
	if p == nil {
		return nil
	}
	var out []Advertised
	for _, d := range s.loc.Dests() {
		if a := d.Out(p.idx); a != nil {
			out = append(out, Advertised{d.Prefix, a})
		}
	}
	return out
}

// Originated returns the prefixes the speaker originates, sorted.
func (s *Speaker) Originated() []netip.Prefix {
	paths := s.loc.From(s.local)
	out := make([]netip.Prefix, 0, len(paths))
	for _, p := range paths {
		out = append(out, p.Prefix)
	}
	return out
}

// Deferring reports whether a restarting speaker still waits for its
// peers' End-of-RIB.
func (s *Speaker) Deferring() bool { return s.deferring }

func sortPrefixes(ps []netip.Prefix) {
	slices.SortFunc(ps, rib.ComparePrefix)
}
