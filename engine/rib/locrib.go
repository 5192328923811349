package rib

import (
	"net/netip"
	"slices"
)

// LocRIB holds every destination of one speaker: the Loc-RIB (RFC 4271
// section 3.2) — for every prefix the candidate paths and the best one —
// together with the Adj-RIBs-In (every path received, accepted or not) and
// the Adj-RIBs-Out.
type LocRIB struct {
	m map[netip.Prefix]*Dest
}

// NewLocRIB returns an empty Loc-RIB.
func NewLocRIB() *LocRIB { return &LocRIB{m: make(map[netip.Prefix]*Dest)} }

// Len reports the number of destinations held, including those whose
// every path was rejected.
func (l *LocRIB) Len() int { return len(l.m) }

// Get returns the destination for prefix, or nil.
func (l *LocRIB) Get(prefix netip.Prefix) *Dest { return l.m[prefix] }

// Dest returns the destination for prefix, adding an empty one when there
// is none. The caller runs Forget if it leaves it empty.
func (l *LocRIB) Dest(prefix netip.Prefix) *Dest {
	d := l.m[prefix]
	if d == nil {
		d = &Dest{Prefix: prefix}
		l.m[prefix] = d
	}
	return d
}

// Add stores p for its prefix in place of old (which may be nil), and
// returns the destination. The caller runs Decide.
func (l *LocRIB) Add(p, old *Path) *Dest {
	d := l.Dest(p.Prefix)
	d.Replace(p, old)
	return d
}

// Remove drops p and returns its destination, or nil if p was not there.
// The caller runs Decide, then Forget if it is empty.
func (l *LocRIB) Remove(p *Path) *Dest {
	d := l.m[p.Prefix]
	if d == nil || !d.Remove(p) {
		return nil
	}
	return d
}

// Forget removes d when it holds nothing any more: no path, no
// Adj-RIB-Out entry, no queued change.
func (l *LocRIB) Forget(d *Dest) {
	if d.idle() && l.m[d.Prefix] == d {
		delete(l.m, d.Prefix)
	}
}

// Each calls f for every destination held, in no particular order: for
// work whose result does not depend on the order.
func (l *LocRIB) Each(f func(*Dest)) {
	for _, d := range l.m {
		f(d)
	}
}

// Dests returns the destinations of the Loc-RIB proper (see
// Dest.InLocRIB) sorted by prefix.
func (l *LocRIB) Dests() []*Dest {
	ds := make([]*Dest, 0, len(l.m))
	for _, d := range l.m {
		if d.InLocRIB() {
			ds = append(ds, d)
		}
	}
	slices.SortFunc(ds, func(x, y *Dest) int { return ComparePrefix(x.Prefix, y.Prefix) })
	return ds
}

// From returns the Adj-RIB-In of peer (RFC 4271 section 3.2): every path
// it advertised and has not withdrawn, accepted or not, sorted by prefix
// and path identifier.
func (l *LocRIB) From(peer *Peer) []*Path {
	var ps []*Path
	for _, d := range l.m {
		for _, p := range d.Paths {
			if p.Peer == peer {
				ps = append(ps, p)
			}
		}
	}
	slices.SortFunc(ps, comparePath)
	return ps
}
