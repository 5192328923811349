package rib

import "cmp"

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
	p    *Path
	cost uint32
	// out is the step that eliminated the path (0 while it is in), by
	// the index of a path still in at that point.
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
// (rejected by import policy) are not candidates. The result does not
// depend on the order of paths.
func (d *Decider) Best(paths []*Path) (int, Reason) {
	best := d.run(paths)
	if best < 0 {
		return -1, Reason{}
	}
	return best, d.reason(best)
}

// Explain runs the decision process and reports the outcome of every
// usable path, the winner first, then the others in the order they were
// eliminated, the latest first.
func (d *Decider) Explain(paths []*Path) []Outcome {
	best := d.run(paths)
	if best < 0 {
		return nil
	}
	out := []Outcome{{Path: paths[best], Best: true, Reason: d.reason(best)}}
	for s := StepPeerAddr; s >= StepReachable; s-- {
		for i := range d.c {
			c := &d.c[i]
			if c.p == nil || c.in || c.out != s {
				continue
			}
			by := &d.c[c.by]
			out = append(out, Outcome{Path: c.p, Reason: Reason{Step: s, Best: by.p, Other: c.p, BestCost: by.cost, OtherCost: c.cost}})
		}
	}
	return out
}

// reason explains why candidate best won: the last elimination decided it.
func (d *Decider) reason(best int) Reason {
	r := Reason{Step: StepOnly, Best: d.c[best].p, BestCost: d.c[best].cost}
	for i := range d.c {
		c := &d.c[i]
		if c.p == nil || c.in {
			continue
		}
		if r.Other == nil || c.out > r.Step {
			r.Step, r.Other, r.OtherCost = c.out, c.p, c.cost
		}
	}
	return r
}

// run eliminates candidates step by step and returns the index of the
// survivor, or -1.
func (d *Decider) run(paths []*Path) int {
	d.c = d.c[:0]
	n := 0
	for _, p := range paths {
		c := candidate{}
		if p.Attrs != nil {
			c = candidate{p: p, in: true}
			c.cost, c.in = d.resolve(p)
			if !c.in {
				c.out = StepReachable
			}
			if c.in {
				n++
			}
		}
		d.c = append(d.c, c)
	}
	if n == 0 {
		return -1
	}
	// Unreachable paths were eliminated by the first reachable one.
	first := d.first()
	for i := range d.c {
		if d.c[i].out == StepReachable {
			d.c[i].by = first
		}
	}
	n = d.keepMax(n, StepLocalPref, func(c *candidate) int64 { return int64(c.p.Attrs.LocalPref(DefaultLocalPref)) })
	n = d.keepMax(n, StepASPathLen, func(c *candidate) int64 { return -int64(c.p.Attrs.ASPath.Len()) })
	n = d.keepMax(n, StepOrigin, func(c *candidate) int64 { return -int64(c.p.Attrs.Origin) })
	n = d.med(n)
	n = d.keepMax(n, StepExternal, func(c *candidate) int64 {
		if c.p.Peer.Internal {
			return 0
		}
		return 1
	})
	n = d.keepMax(n, StepIGPCost, func(c *candidate) int64 { return -int64(c.cost) })
	n = d.keepMin(n, StepRouterID, func(a, b *candidate) int { return routerID(a.p).Compare(routerID(b.p)) })
	n = d.keepMax(n, StepClusterList, func(c *candidate) int64 { return -int64(len(c.p.Attrs.ClusterList)) })
	d.keepMin(n, StepPeerAddr, func(a, b *candidate) int {
		return cmp.Or(peerAddr(a.p).Compare(peerAddr(b.p)), cmp.Compare(a.p.ID, b.p.ID))
	})
	return d.first()
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

// keepMax eliminates, at step s, every candidate whose value is below the
// highest, and returns how many remain.
func (d *Decider) keepMax(n int, s Step, value func(*candidate) int64) int {
	if n <= 1 {
		return n
	}
	top, by := int64(0), -1
	for i := range d.c {
		if c := &d.c[i]; c.in {
			if v := value(c); by < 0 || v > top {
				top, by = v, i
			}
		}
	}
	for i := range d.c {
		if c := &d.c[i]; c.in && value(c) < top {
			c.in, c.out, c.by = false, s, by
			n--
		}
	}
	return n
}

// keepMin eliminates, at step s, every candidate that compares above the
// lowest, and returns how many remain.
func (d *Decider) keepMin(n int, s Step, compare func(a, b *candidate) int) int {
	if n <= 1 {
		return n
	}
	by := -1
	for i := range d.c {
		if c := &d.c[i]; c.in && (by < 0 || compare(c, &d.c[by]) < 0) {
			by = i
		}
	}
	for i := range d.c {
		if c := &d.c[i]; c.in && compare(c, &d.c[by]) > 0 {
			c.in, c.out, c.by = false, s, by
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
