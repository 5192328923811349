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

// Forget removes d if it has no candidates left.
func (l *LocRIB) Forget(d *Dest) {
	if len(d.Paths) == 0 {
		delete(l.m, d.Prefix)
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

// AdjOut is the Adj-RIB-Out of one peer (RFC 4271 section 3.2): the
// attributes of every route we advertised to it and have not withdrawn.
type AdjOut struct {
	m map[netip.Prefix]*Attrs
}

// NewAdjOut returns an empty Adj-RIB-Out.
func NewAdjOut() *AdjOut { return &AdjOut{m: make(map[netip.Prefix]*Attrs)} }

// Len reports the number of routes.
func (a *AdjOut) Len() int { return len(a.m) }

// Get returns what was advertised for prefix, or nil.
func (a *AdjOut) Get(prefix netip.Prefix) *Attrs { return a.m[prefix] }

// Set records attrs as advertised for prefix (nil: withdrawn) and returns
// what was there before.
func (a *AdjOut) Set(prefix netip.Prefix, attrs *Attrs) *Attrs {
	old := a.m[prefix]
	if attrs == nil {
		delete(a.m, prefix)
	} else {
		a.m[prefix] = attrs
	}
	return old
}

// Prefixes returns the advertised prefixes, sorted.
func (a *AdjOut) Prefixes() []netip.Prefix {
	ps := make([]netip.Prefix, 0, len(a.m))
	for p := range a.m {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, ComparePrefix)
	return ps
}
