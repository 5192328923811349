package speaker

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
)

// flushAll sends every peer the changes it is due.
func (s *Speaker) flushAll() {
	if s.deferring {
		return
	}
	for _, p := range s.peers {
		s.flush(p)
	}
}

// batch collects the routes of one flush: withdrawals per family (IPv4
// and IPv6 unicast), and announcements grouped by attributes in the order
// the groups appeared. Routes are named by their destinations.
type batch struct {
	withdrawn [2][]*rib.Dest
	groups    []group
	index     map[*rib.Attrs]int
}

type group struct {
	attrs  *rib.Attrs
	family wire.Family
	dests  []*rib.Dest
}

// unicast lists the families a batch holds, by their index in withdrawn.
var unicast = [2]wire.Family{wire.IPv4Unicast, wire.IPv6Unicast}

// add records destination d of family f under attrs (nil: withdrawn).
func (b *batch) add(f wire.Family, d *rib.Dest, attrs *rib.Attrs) {
	if attrs == nil {
		i := 0
		if f != wire.IPv4Unicast {
			i = 1
		}
		b.withdrawn[i] = append(b.withdrawn[i], d)
		return
	}
	if b.index == nil {
		b.index = make(map[*rib.Attrs]int)
	}
	i, ok := b.index[attrs]
	if !ok || b.groups[i].family != f {
		i = len(b.groups)
		b.index[attrs] = i
		if i < cap(b.groups) {
			// Reuse the storage of a group of an earlier flush.
			b.groups = b.groups[:i+1]
			g := &b.groups[i]
			g.attrs, g.family, g.dests = attrs, f, g.dests[:0]
		} else {
			b.groups = append(b.groups, group{attrs: attrs, family: f})
		}
	}
	b.groups[i].dests = append(b.groups[i].dests, d)
}

// maxKept is the most routes a batch keeps storage for between flushes;
// a larger one (a full table) is left to the garbage collector.
const maxKept = 4096

// reset empties b for the next flush, keeping its storage unless it grew
// large.
func (b *batch) reset() {
	for i, w := range b.withdrawn {
		b.withdrawn[i] = reuse(w)
	}
	// The groups beyond len were emptied by the resets before.
	for i := range b.groups {
		g := &b.groups[i]
		g.attrs, g.dests = nil, reuse(g.dests)
	}
	b.groups = b.groups[:0]
	// Emptying a map costs its size, not its length: a large one goes.
	if cap(b.groups) > maxPending {
		b.groups, b.index = nil, nil
	}
	clear(b.index)
}

// maxPending is the largest queue whose storage a peer keeps for the
// next: each peer keeps one, so it is small.
const maxPending = 256

// reuse returns ds emptied, or nil when it is too large to keep.
func reuse(ds []*rib.Dest) []*rib.Dest { return reuseUpTo(ds, maxKept) }

// reuseUpTo returns ds emptied, or nil when it holds more than max.
func reuseUpTo(ds []*rib.Dest, max int) []*rib.Dest {
	if cap(ds) > max {
		return nil
	}
	clear(ds)
	return ds[:0]
}

// batch returns the speaker's batch, empty; done gives it back.
func (s *Speaker) batch() *batch {
	b := s.spare
	if b == nil {
		return &batch{}
	}
	s.spare = nil
	return b
}

// done gives back a batch taken with batch.
func (s *Speaker) done(b *batch) {
	b.reset()
	s.spare = b
}

// flush brings p's Adj-RIB-Out up to date with the Loc-RIB for the queued
// prefixes (or all of them after the session came up) and sends the
// difference. While p's MRAI timer runs only withdrawals go out; the
// announcements stay queued (RFC 4271 section 9.2.1.1).
func (s *Speaker) flush(p *peer) {
	if p.sess == nil || (!p.fullTable && len(p.pending) == 0) {
		return
	}
	b := s.batch()
	defer s.done(b)
	if p.mraiRunning && !p.fullTable {
		// Only withdrawals go out now; they are the destinations that
		// lost their last path since the timer started.
		for _, d := range p.gone {
			s.update(p, d, b)
		}
		p.gone = p.gone[:0]
		s.send(p, b)
		return
	}
	p.gone = p.gone[:0]
	// The destinations queued again while the queue is worked through
	// go to the other list.
	queued := p.pending
	p.pending, p.spare = p.spare, nil
	for _, d := range queued {
		p.dequeue(d)
	}
	if p.fullTable {
		p.fullTable = false
		for _, d := range s.loc.Dests() {
			s.update(p, d, b)
		}
	} else {
		for _, d := range queued {
			s.update(p, d, b)
		}
	}
	p.spare = reuseUpTo(queued, maxPending)
	s.send(p, b)
	if len(b.groups) > 0 && p.mrai > 0 {
		p.mraiRunning = true
		// RFC 4271 section 10: the interval is jittered by a factor
		// from 0.75 to 1.
		jit := time.Duration(float64(p.mrai) * (0.75 + 0.25*s.rng.Float64()))
		s.emit(ArmTimer{Timer{Peer: p.cfg.Name, Kind: MRAITimer}, s.now + jit})
	}
	for _, f := range p.eorDue {
		s.sendMessage(p, wire.NewEndOfRIB(f))
	}
	p.eorDue = p.eorDue[:0]
}

// update works out p's Adj-RIB-Out entry for destination d and adds the
// change, if any, to b. An announcement found while the MRAI timer runs
// is queued again instead.
func (s *Speaker) update(p *peer, d *rib.Dest, b *batch) {
	attrs, why := s.advertise(p, d)
	old := d.Out(p.idx)
	if attrs == old {
		if attrs == nil {
			s.heldBack(p, d, why)
		}
		s.attrs.Release(attrs)
		s.loc.Forget(d)
		return
	}
	if attrs != nil && p.mraiRunning {
		s.attrs.Release(attrs)
		s.queue(p, d)
		return
	}
	d.SetOut(p.idx, attrs)
	switch {
	case attrs == nil:
		p.advertised--
	case old == nil:
		p.advertised++
	}
	s.attrs.Release(old)
	prefix := d.Prefix
	b.add(familyOf(prefix), d, attrs)
	if s.keeps(trace.RouteChange) {
		r := &trace.Route{Table: trace.AdjRIBOut, Prefix: prefix, Why: why}
		switch {
		case attrs == nil:
			r.Change = trace.Withdrawn
		case old == nil:
			r.Change = trace.Added
		default:
			r.Change = trace.Replaced
		}
		if attrs != nil {
			r.Attrs = &attrs.Attributes
		}
		s.emit(Trace{trace.Event{At: s.now, Kind: trace.RouteChange, Router: s.cfg.Name, Peer: p.cfg.Name, Route: r}})
	}
	s.loc.Forget(d)
}

// heldBack reports, as an Adj-RIB-Out change "rejected", the rule that
// keeps a best path from p when nothing was advertised before: without
// it the trace would explain only routes that were advertised and later
// withdrawn, not those that never left (the split-horizon black hole).
func (s *Speaker) heldBack(p *peer, d *rib.Dest, why string) {
	if d.Best == nil || !s.keeps(trace.RouteChange) {
		return
	}
	r := &trace.Route{Table: trace.AdjRIBOut, Change: trace.Rejected, Prefix: d.Prefix, Why: why}
	s.emit(Trace{trace.Event{At: s.now, Kind: trace.RouteChange, Router: s.cfg.Name, Peer: p.cfg.Name, Route: r}})
}

// send encodes the batch as UPDATE messages for p: withdrawals first,
// then one or more messages per attribute group.
func (s *Speaker) send(p *peer, b *batch) {
	opt := p.sess.SendOptions
	max := opt.MaxLen(wire.TypeUpdate) - wire.HeaderLen - 4
	for i, f := range unicast {
		w := b.withdrawn[i]
		budget := max
		if f != wire.IPv4Unicast {
			budget -= 8 // MP_UNREACH_NLRI header, AFI, SAFI
		}
		for len(w) > 0 {
			n := fit(w, budget, opt.HasAddPath(f))
			u := &wire.Update{}
			nlri := toNLRI(w[:n])
			if f == wire.IPv4Unicast {
				u.Withdrawn = nlri
			} else {
				u.Attrs.Set(wire.AttrMPUnreach)
				u.Attrs.MPUnreach = wire.MPUnreach{Family: f, Withdrawn: nlri}
			}
			s.sendMessage(p, u)
			w = w[n:]
		}
	}
	scratch := s.scratch[:0]
	for _, g := range b.groups {
		// The attributes as they go out: for other families than IPv4
		// the next hop travels in MP_REACH_NLRI, not in NEXT_HOP (RFC
		// 4760 section 3), which can only hold an IPv4 address.
		attrs := g.attrs.Attributes
		if g.family != wire.IPv4Unicast {
			attrs.Clear(wire.AttrNextHop)
			attrs.NextHop = netip.Addr{}
			attrs.Set(wire.AttrMPReach)
			attrs.MPReach = wire.MPReach{Family: g.family, NextHop: g.attrs.NextHop}
		}
		var err error
		scratch, err = attrs.Append(scratch[:0], opt)
		if err != nil {
			s.event(trace.UpdateError, p.cfg.Name, fmt.Sprintf("cannot encode the attributes of %d routes: %v", len(g.dests), err))
			continue
		}
		budget := max - len(scratch)
		if g.family != wire.IPv4Unicast {
			budget-- // MP_REACH_NLRI may need an extended length
		}
		for ps := g.dests; len(ps) > 0; {
			n := fit(ps, budget, opt.HasAddPath(g.family))
			if n == 0 {
				s.event(trace.UpdateError, p.cfg.Name, fmt.Sprintf("attributes too long to send %s", ps[0].Prefix))
				break
			}
			u := &wire.Update{Attrs: attrs}
			if g.family == wire.IPv4Unicast {
				u.NLRI = toNLRI(ps[:n])
			} else {
				u.Attrs.MPReach.NLRI = toNLRI(ps[:n])
			}
			s.sendMessage(p, u)
			ps = ps[n:]
		}
	}
	s.scratch = scratch
}

// fit returns how many of the prefixes of dests fit in budget octets of
// NLRI.
func fit(dests []*rib.Dest, budget int, addPath bool) int {
	used := 0
	for i, d := range dests {
		n := 1 + (d.Prefix.Bits()+7)/8
		if addPath {
			n += 4
		}
		if used+n > budget {
			return i
		}
		used += n
	}
	return len(dests)
}

// toNLRI converts the prefixes of dests to NLRI with path identifier 0
// (we advertise one path per prefix).
func toNLRI(dests []*rib.Dest) []wire.NLRI {
	out := make([]wire.NLRI, len(dests))
	for i, d := range dests {
		out[i] = wire.NLRI{Prefix: d.Prefix}
	}
	return out
}

// sendMessage sends an UPDATE or ROUTE-REFRESH on p's session.
func (s *Speaker) sendMessage(p *peer, m wire.Message) {
	acts, err := p.fsm.Send(s.now, m)
	if err != nil {
		s.event(trace.UpdateError, p.cfg.Name, fmt.Sprintf("cannot send %s: %v", m.Type(), err))
		return
	}
	s.fsmActions(p, acts)
}
