package rib

import (
	"cmp"
	"net/netip"
	"slices"
)

// ComparePrefix orders prefixes by address family, then address, then
// length: the order in which tables are listed.
func ComparePrefix(a, b netip.Prefix) int {
	return cmp.Or(a.Addr().Compare(b.Addr()), cmp.Compare(a.Bits(), b.Bits()))
}

// comparePath orders paths by prefix, then path identifier.
func comparePath(a, b *Path) int {
	return cmp.Or(ComparePrefix(a.Prefix, b.Prefix), cmp.Compare(a.ID, b.ID))
}

// Dest is one destination: every path received for a prefix, the best of
// them, and what was advertised for it. The Adj-RIBs-In of all peers live
// here rather than in one table per peer, so that a received path costs
// one lookup, not one per table.
type Dest struct {
	Prefix netip.Prefix
	// Paths are the paths received for the prefix (at most one per peer
	// and path identifier), in the order they arrived. Those whose Attrs
	// are nil — rejected by import policy, or looping — are kept as part
	// of their peer's Adj-RIB-In but are not candidates.
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

// Find returns the path from peer with path identifier id, or nil.
func (d *Dest) Find(peer *Peer, id uint32) *Path {
	for _, p := range d.Paths {
		if p.Peer == peer && p.ID == id {
			return p
		}
	}
	return nil
}

// Replace stores p in place of old, or adds it when old is nil or not
// there. The caller runs Decide.
func (d *Dest) Replace(p, old *Path) {
	if old != nil {
		if i := slices.Index(d.Paths, old); i >= 0 {
			d.Paths[i] = p
			return
		}
	}
	d.Paths = append(d.Paths, p)
}

// Remove drops p and reports whether it was there. The caller runs
// Decide, then Forget.
func (d *Dest) Remove(p *Path) bool {
	i := slices.Index(d.Paths, p)
	if i < 0 {
		return false
	}
	d.Paths = slices.Delete(d.Paths, i, i+1)
	return true
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

// InLocRIB reports whether d belongs to the Loc-RIB proper: it has a
// candidate path, an Adj-RIB-Out entry or a queued change. A destination
// whose every path was rejected does not.
func (d *Dest) InLocRIB() bool {
	if d.queued != 0 || d.advertised() {
		return true
	}
	for _, p := range d.Paths {
		if p.Attrs != nil {
			return true
		}
	}
	return false
}

// advertised reports whether d has an Adj-RIB-Out entry.
func (d *Dest) advertised() bool {
	for _, a := range d.out {
		if a != nil {
			return true
		}
	}
	return false
}

// idle reports whether d holds nothing: no path, no advertisement, no
// queued change.
func (d *Dest) idle() bool {
	return len(d.Paths) == 0 && d.queued == 0 && !d.advertised()
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
