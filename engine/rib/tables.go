package rib

import (
	"cmp"
	"net/netip"
	"slices"
)

// Key identifies a path within one peer's Adj-RIB-In: its prefix and, with
// ADD-PATH (RFC 7911), its path identifier.
type Key struct {
	Prefix netip.Prefix
	ID     uint32
}

// ComparePrefix orders prefixes by address family, then address, then
// length: the order in which tables are listed.
func ComparePrefix(a, b netip.Prefix) int {
	return cmp.Or(a.Addr().Compare(b.Addr()), cmp.Compare(a.Bits(), b.Bits()))
}

// compareKey orders keys by prefix, then path identifier.
func compareKey(a, b Key) int {
	return cmp.Or(ComparePrefix(a.Prefix, b.Prefix), cmp.Compare(a.ID, b.ID))
}

// AdjIn is the Adj-RIB-In of one peer (RFC 4271 section 3.2): every path
// it advertised and has not withdrawn.
type AdjIn struct {
	m map[Key]*Path
	// accepted counts the paths with Attrs.
	accepted int
}

// NewAdjIn returns an empty Adj-RIB-In.
func NewAdjIn() *AdjIn { return &AdjIn{m: make(map[Key]*Path)} }

// Len reports the number of paths.
func (a *AdjIn) Len() int { return len(a.m) }

// Get returns the path with key k, or nil.
func (a *AdjIn) Get(k Key) *Path { return a.m[k] }

// Put stores p under its prefix and path identifier, replacing any path
// there.
func (a *AdjIn) Put(p *Path) {
	k := Key{p.Prefix, p.ID}
	if old := a.m[k]; old != nil && old.Attrs != nil {
		a.accepted--
	}
	if p.Attrs != nil {
		a.accepted++
	}
	a.m[k] = p
}

// Delete removes and returns the path with key k, or nil.
func (a *AdjIn) Delete(k Key) *Path {
	p := a.m[k]
	if p != nil {
		delete(a.m, k)
		if p.Attrs != nil {
			a.accepted--
		}
	}
	return p
}

// Accepted counts the paths that import policy accepted. A path's Attrs
// must not change while it is stored.
func (a *AdjIn) Accepted() int { return a.accepted }

// Paths returns every path, sorted by prefix and path identifier.
func (a *AdjIn) Paths() []*Path {
	ps := make([]*Path, 0, len(a.m))
	for _, p := range a.m {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(x, y *Path) int { return compareKey(Key{x.Prefix, x.ID}, Key{y.Prefix, y.ID}) })
	return ps
}

// Dest is one destination of the Loc-RIB: the candidate paths for a prefix
// and the best of them.
type Dest struct {
	Prefix netip.Prefix
	// Paths are the candidates in the order they arrived.
	Paths []*Path
	// Best is the selected path, nil when none is usable; Reason says
	// why it won.
	Best   *Path
	Reason Reason
	// out is the Adj-RIB-Out entry of the destination for every peer,
	// indexed by the speaker's peer number: the attributes advertised to
	// that peer, nil when none. Keeping it here rather than in one table
	// per peer saves a lookup per peer for every change.
	out []*Attrs
	// queued has bit i set while the destination waits in peer i's queue
	// of changes to send (peers 0 to 63; the speaker keeps a set for the
	// others).
	queued uint64
}

// Out returns what was advertised to peer i for d (its Adj-RIB-Out
// entry), or nil.
func (d *Dest) Out(i int) *Attrs {
	if i < len(d.out) {
		return d.out[i]
	}
	return nil
}

// SetOut records attrs as advertised to peer i (nil: withdrawn) and
// returns what was there.
func (d *Dest) SetOut(i int, attrs *Attrs) *Attrs {
	if i >= len(d.out) {
		if attrs == nil {
			return nil
		}
		d.out = append(d.out, make([]*Attrs, i+1-len(d.out))...)
	}
	old := d.out[i]
	d.out[i] = attrs
	return old
}

// Queue marks d as queued for peer i (i < 64) and reports whether it was
// not already.
func (d *Dest) Queue(i int) bool {
	bit := uint64(1) << i
	if d.queued&bit != 0 {
		return false
	}
	d.queued |= bit
	return true
}

// Dequeue clears the queued mark of peer i (i < 64).
func (d *Dest) Dequeue(i int) { d.queued &^= 1 << i }

// idle reports whether d holds nothing: no path, no advertisement, no
// queued change.
func (d *Dest) idle() bool {
	if len(d.Paths) > 0 || d.queued != 0 {
		return false
	}
	for _, a := range d.out {
		if a != nil {
			return false
		}
	}
	return true
}

// LocRIB is the Loc-RIB (RFC 4271 section 3.2): for every destination, the
// candidate paths and the best one.
type LocRIB struct {
	m map[netip.Prefix]*Dest
}

// NewLocRIB returns an empty Loc-RIB.
func NewLocRIB() *LocRIB { return &LocRIB{m: make(map[netip.Prefix]*Dest)} }

// Len reports the number of destinations.
func (l *LocRIB) Len() int { return len(l.m) }

// Get returns the destination for prefix, or nil.
func (l *LocRIB) Get(prefix netip.Prefix) *Dest { return l.m[prefix] }

// Add makes p a candidate for its prefix, replacing old (which may be nil)
// in place, and returns the destination. The caller runs Decide.
func (l *LocRIB) Add(p, old *Path) *Dest {
	d := l.m[p.Prefix]
	if d == nil {
		d = &Dest{Prefix: p.Prefix}
		l.m[p.Prefix] = d
	}
	if old != nil {
		if i := slices.Index(d.Paths, old); i >= 0 {
			d.Paths[i] = p
			return d
		}
	}
	d.Paths = append(d.Paths, p)
	return d
}

// Remove drops candidate p and returns its destination, or nil if p was
// not a candidate. The caller runs Decide, then Forget if it is empty.
func (l *LocRIB) Remove(p *Path) *Dest {
	d := l.m[p.Prefix]
	if d == nil {
		return nil
	}
	i := slices.Index(d.Paths, p)
	if i < 0 {
		return nil
	}
	d.Paths = slices.Delete(d.Paths, i, i+1)
	return d
}

// Forget removes d when it holds nothing any more: no candidate, no
// Adj-RIB-Out entry, no queued change.
func (l *LocRIB) Forget(d *Dest) {
	if d.idle() && l.m[d.Prefix] == d {
		delete(l.m, d.Prefix)
	}
}

// Each calls f for every destination, in no particular order: for work
// whose result does not depend on the order.
func (l *LocRIB) Each(f func(*Dest)) {
	for _, d := range l.m {
		f(d)
	}
}

// Decide runs the decision process for d and reports whether the best
// path changed (another path, or none).
func (d *Dest) Decide(dec *Decider) bool {
	old := d.Best
	i, r := dec.Best(d.Paths)
	d.Best, d.Reason = nil, Reason{}
	if i >= 0 {
		d.Best, d.Reason = d.Paths[i], r
	}
	return d.Best != old
}

// Dests returns every destination sorted by prefix.
func (l *LocRIB) Dests() []*Dest {
	ds := make([]*Dest, 0, len(l.m))
	for _, d := range l.m {
		ds = append(ds, d)
	}
	slices.SortFunc(ds, func(x, y *Dest) int { return ComparePrefix(x.Prefix, y.Prefix) })
	return ds
}
