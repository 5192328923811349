package rib

import (
	"cmp"
	"slices"
)

// Decider runs the decision process of RFC 4271 section 9.1.2 over the
// candidate paths of one destination. It keeps scratch space between
// calls, so one Decider per speaker decides without allocating. It is not
// safe for concurrent use.
type Decider struct {
	Env
	c []candidate
}

// candidate is one path under consideration.
type candidate struct {
	p *Path
	// idx is the path's index in the caller's slice.
	idx  int
	cost uint32
	// out is the step that eliminated the path (0 while it is in), by
	// the index of the path that beat it there.
	out Step
	by  int
	in  bool
}

// Outcome is the fate of one candidate path in an explained decision.
type Outcome struct {
	Path *Path
	// Best is set for the winner. Otherwise Reason says why the path
	// lost: its Step is where it was eliminated and its Best the path
	// that beat it there.
	Best   bool
	Reason Reason
}

// Best returns the index of the best usable path in paths, or -1 when no
// path is usable, and the reason it won. Paths whose Attrs are nil
// (rejected by import policy) are not candidates. Neither the winner nor
// the reason depends on the order of paths: candidates that tie on every
// step are taken in the order of peer address and path identifier.
func (d *Decider) Best(paths []*Path) (int, Reason) {
	best := d.run(paths)
	if best < 0 {
		return -1, Reason{}
	}
	return d.c[best].idx, d.reason(best)
}

// Explain runs the decision process and reports the outcome of every
// usable path: the winner first, then the others in the order they were
// eliminated, the latest first; among paths eliminated at the same step,
// the one closest to winning first (the highest LOCAL_PREF, say). The
// second outcome is the winner's Reason.Other.
func (d *Decider) Explain(paths []*Path) []Outcome {
	best := d.run(paths)
	if best < 0 {
		return nil
	}
	lost := make([]int, 0, len(d.c)-1)
	for i := range d.c {
		if !d.c[i].in {
			lost = append(lost, i)
		}
	}
	slices.SortStableFunc(lost, func(i, j int) int { return d.closer(&d.c[i], &d.c[j]) })
	out := make([]Outcome, 0, 1+len(lost))
	out = append(out, Outcome{Path: d.c[best].p, Best: true, Reason: d.reason(best)})
	for _, i := range lost {
		c, by := &d.c[i], &d.c[d.c[i].by]
		out = append(out, Outcome{Path: c.p, Reason: Reason{Step: c.out, Best: by.p, Other: c.p, BestCost: by.cost, OtherCost: c.cost}})
	}
	return out
}

// reason explains why candidate best won: the last elimination decided
// it, against the path closest to winning at that step.
func (d *Decider) reason(best int) Reason {
	r := Reason{Step: StepOnly, Best: d.c[best].p, BestCost: d.c[best].cost}
	var other *candidate
	for i := range d.c {
		if c := &d.c[i]; !c.in && (other == nil || d.closer(c, other) < 0) {
			other = c
		}
	}
	if other != nil {
		r.Step, r.Other, r.OtherCost = other.out, other.p, other.cost
	}
	return r
}

// closer orders eliminated candidates: the later eliminated first, then at
// the same step the better value there (candidates that tie stay in the
// canonical order).
func (d *Decider) closer(a, b *candidate) int {
	return cmp.Or(cmp.Compare(b.out, a.out), d.compareAt(a.out, a, b))
}

// run eliminates candidates step by step and returns the index in d.c of
// the survivor, or -1.
func (d *Decider) run(paths []*Path) int {
	d.c = d.c[:0]
	n := 0
	for i, p := range paths {
		if p == nil || p.Attrs == nil {
			continue
		}
		c := candidate{p: p, idx: i}
		c.cost, c.in = d.resolve(p)
		if c.in {
			n++
		} else {
			c.out = StepReachable
		}
		d.c = append(d.c, c)
	}
	if n == 0 {
		return -1
	}
	// A canonical order, so that ties are broken the same way whatever
	// the order of paths.
	slices.SortStableFunc(d.c, canonical)
	for s := StepLocalPref; s <= StepPeerAddr; s++ {
		if s == StepMED {
			n = d.med(n)
		} else {
			n = d.keep(n, s)
		}
	}
	best := d.first()
	// The winner had the best value at every step, so it beat every
	// path eliminated; at StepMED only the paths of its own neighbouring
	// AS.
	w := d.c[best].p
	for i := range d.c {
		if c := &d.c[i]; !c.in && (c.out != StepMED || d.neighbourAS(c.p) == d.neighbourAS(w)) {
			c.by = best
		}
	}
	return best
}

// canonical orders candidates by peer address, path identifier, then
// peer name and router ID.
func canonical(a, b candidate) int {
	return cmp.Or(
		a.p.Peer.Addr.Compare(b.p.Peer.Addr),
		cmp.Compare(a.p.ID, b.p.ID),
		cmp.Compare(a.p.Peer.Name, b.p.Peer.Name),
		a.p.Peer.RouterID.Compare(b.p.Peer.RouterID),
	)
}

// resolve finds the IGP cost of a path's next hop and whether it is
// reachable.
func (d *Decider) resolve(p *Path) (uint32, bool) {
	if p.Peer.Local || d.Resolve == nil {
		return 0, true
	}
	return d.Resolve(p.Attrs.NextHop)
}

// first returns the index of the first candidate still in, or -1.
func (d *Decider) first() int {
	for i := range d.c {
		if d.c[i].in {
			return i
		}
	}
	return -1
}

// compareAt compares two candidates by what step s looks at: negative
// when a is preferred.
func (d *Decider) compareAt(s Step, a, b *candidate) int {
	switch s {
	case StepLocalPref:
		return cmp.Compare(b.p.Attrs.LocalPref(DefaultLocalPref), a.p.Attrs.LocalPref(DefaultLocalPref))
	case StepASPathLen:
		return cmp.Compare(a.p.Attrs.ASPath.Len(), b.p.Attrs.ASPath.Len())
	case StepOrigin:
		return cmp.Compare(a.p.Attrs.Origin, b.p.Attrs.Origin)
	case StepMED:
		return cmp.Compare(a.p.Attrs.MEDValue(), b.p.Attrs.MEDValue())
	case StepExternal:
		// Originated paths count as external.
		return cmp.Compare(internal(a.p), internal(b.p))
	case StepIGPCost:
		return cmp.Compare(a.cost, b.cost)
	case StepRouterID:
		return routerID(a.p).Compare(routerID(b.p))
	case StepClusterList:
		return cmp.Compare(len(a.p.Attrs.ClusterList), len(b.p.Attrs.ClusterList))
	case StepPeerAddr:
		return cmp.Or(peerAddr(a.p).Compare(peerAddr(b.p)), cmp.Compare(a.p.ID, b.p.ID))
	}
	return 0
}

// internal is 1 for a path learned over IBGP, else 0.
func internal(p *Path) int {
	if p.Peer.Internal {
		return 1
	}
	return 0
}

// keep eliminates, at step s, every candidate that compares worse than the
// best, and returns how many remain.
func (d *Decider) keep(n int, s Step) int {
	if n <= 1 {
		return n
	}
	best := -1
	for i := range d.c {
		if c := &d.c[i]; c.in && (best < 0 || d.compareAt(s, c, &d.c[best]) < 0) {
			best = i
		}
	}
	for i := range d.c {
		if c := &d.c[i]; c.in && d.compareAt(s, c, &d.c[best]) > 0 {
			c.in, c.out, c.by = false, s, best
			n--
		}
	}
	return n
}

// med applies RFC 4271 section 9.1.2.2 (c): among the paths from each
// neighbouring AS, only those with the lowest MED stay. With
// AlwaysCompareMED every path is in one group.
func (d *Decider) med(n int) int {
	if n <= 1 {
		return n
	}
	for i := range d.c {
		c := &d.c[i]
		if !c.in {
			continue
		}
		as := d.neighbourAS(c.p)
		by := i
		for j := range d.c {
			o := &d.c[j]
			if o.in && d.neighbourAS(o.p) == as && o.p.Attrs.MEDValue() < d.c[by].p.Attrs.MEDValue() {
				by = j
			}
		}
		if by != i {
			// Marked after the scan of every group, so that an
			// elimination cannot change another path's group minimum.
			c.out, c.by = StepMED, by
		}
	}
	for i := range d.c {
		if c := &d.c[i]; c.in && c.out == StepMED {
			c.in = false
			n--
		}
	}
	return n
}

// neighbourAS is the AS whose MEDs are comparable: the first AS of the
// path, or 0 (all together) with AlwaysCompareMED. Paths with an empty
// AS_PATH (originated in our AS) form a group of their own.
func (d *Decider) neighbourAS(p *Path) uint32 {
	if d.AlwaysCompareMED {
		return 0
	}
	return p.Attrs.ASPath.First()
}
