package rib

import (
	"cmp"
	"encoding/binary"
	"net/netip"
	"slices"
)

// LocRIB holds every destination of one speaker: the Loc-RIB (RFC 4271
// section 3.2) — for every prefix the candidate paths and the best one —
// together with the Adj-RIBs-In (every path received, accepted or not) and
// the Adj-RIBs-Out.
//
// The destinations are found by keys without pointers (a netip.Prefix
// holds one), an IPv4 prefix in one machine word: the maps are smaller
// and faster to hash, and the garbage collector has less to look at.
type LocRIB struct {
	v4 map[uint64]*Dest
	v6 map[key6]*Dest
}

// key6 is the key of a prefix that is not IPv4: its address, and its
// length (0xff for an invalid prefix).
type key6 struct {
	hi, lo uint64
	bits   uint8
}

// key4 returns the key of IPv4 prefix p: its address, then its length.
func key4(p netip.Prefix) uint64 {
	a := p.Addr().As4()
	return uint64(binary.BigEndian.Uint32(a[:]))<<8 | uint64(p.Bits())
}

// keyOf returns the key of a prefix that is not IPv4.
func keyOf(p netip.Prefix) key6 {
	if !p.IsValid() {
		return key6{bits: 0xff}
	}
	a := p.Addr().As16()
	return key6{binary.BigEndian.Uint64(a[:8]), binary.BigEndian.Uint64(a[8:]), uint8(p.Bits())}
}

// NewLocRIB returns an empty Loc-RIB.
func NewLocRIB() *LocRIB {
	return &LocRIB{v4: make(map[uint64]*Dest), v6: make(map[key6]*Dest)}
}

// Len reports the number of destinations held, including those whose
// every path was rejected.
func (l *LocRIB) Len() int { return len(l.v4) + len(l.v6) }

// Get returns the destination for prefix, or nil.
func (l *LocRIB) Get(prefix netip.Prefix) *Dest {
	if prefix.Addr().Is4() {
		return l.v4[key4(prefix)]
	}
	return l.v6[keyOf(prefix)]
}

// Dest returns the destination for prefix, adding an empty one when there
// is none. The caller runs Forget if it leaves it empty.
func (l *LocRIB) Dest(prefix netip.Prefix) *Dest {
	if prefix.Addr().Is4() {
		k := key4(prefix)
		d := l.v4[k]
		if d == nil {
			d = &Dest{Prefix: prefix}
			l.v4[k] = d
		}
		return d
	}
	k := keyOf(prefix)
	d := l.v6[k]
	if d == nil {
		d = &Dest{Prefix: prefix}
		l.v6[k] = d
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
	d := l.Get(p.Prefix)
	if d == nil || !d.Remove(p) {
		return nil
	}
	return d
}

// Forget removes d when it holds nothing any more: no path, no
// Adj-RIB-Out entry, no queued change.
func (l *LocRIB) Forget(d *Dest) {
	if !d.idle() {
		return
	}
	if d.Prefix.Addr().Is4() {
		if k := key4(d.Prefix); l.v4[k] == d {
			delete(l.v4, k)
		}
		return
	}
	if k := keyOf(d.Prefix); l.v6[k] == d {
		delete(l.v6, k)
	}
}

// Each calls f for every destination held, in no particular order: for
// work whose result does not depend on the order.
func (l *LocRIB) Each(f func(*Dest)) {
	for _, d := range l.v4 {
		f(d)
	}
	for _, d := range l.v6 {
		f(d)
	}
}

// Dests returns the destinations of the Loc-RIB proper (see
// Dest.InLocRIB) sorted by prefix (as ComparePrefix orders them).
func (l *LocRIB) Dests() []*Dest {
	// Sorted by their keys, which order prefixes as ComparePrefix does
	// within a family, without reading the destinations.
	type entry4 struct {
		k uint64
		d *Dest
	}
	type entry6 struct {
		k key6
		d *Dest
	}
	e4 := make([]entry4, 0, len(l.v4))
	for k, d := range l.v4 {
		if d.InLocRIB() {
			e4 = append(e4, entry4{k, d})
		}
	}
	e6 := make([]entry6, 0, len(l.v6))
	for k, d := range l.v6 {
		if d.InLocRIB() {
			e6 = append(e6, entry6{k, d})
		}
	}
	slices.SortFunc(e4, func(x, y entry4) int { return cmp.Compare(x.k, y.k) })
	slices.SortFunc(e6, func(x, y entry6) int { return compare6(x.k, y.k) })
	ds := make([]*Dest, 0, len(e4)+len(e6))
	// The invalid prefix, if any, comes first (see compare6).
	if len(e6) > 0 && e6[0].k.bits == 0xff {
		ds = append(ds, e6[0].d)
		e6 = e6[1:]
	}
	for _, e := range e4 {
		ds = append(ds, e.d)
	}
	for _, e := range e6 {
		ds = append(ds, e.d)
	}
	return ds
}

// compare6 orders keys of prefixes that are not IPv4: the invalid prefix
// first, as ComparePrefix has it, then by address, then length.
func compare6(a, b key6) int {
	if ai, bi := a.bits == 0xff, b.bits == 0xff; ai != bi {
		if ai {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(a.hi, b.hi), cmp.Compare(a.lo, b.lo), cmp.Compare(a.bits, b.bits))
}

// From returns the Adj-RIB-In of peer (RFC 4271 section 3.2): every path
// it advertised and has not withdrawn, accepted or not, sorted by prefix
// and path identifier.
func (l *LocRIB) From(peer *Peer) []*Path {
	var ps []*Path
	l.Each(func(d *Dest) {
		for _, p := range d.Paths {
			if p.Peer == peer {
				ps = append(ps, p)
			}
		}
	})
	slices.SortFunc(ps, comparePath)
	return ps
}
