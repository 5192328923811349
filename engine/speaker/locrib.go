package speaker

import (
	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
)

// replacePath stores path in destination d in place of old (nil for a new
// path), releases old and, when either is a candidate, re-runs the
// decision process.
func (s *Speaker) replacePath(d *rib.Dest, path, old *rib.Path) {
	d.Replace(path, old)
	candidate := path.Attrs != nil
	if old != nil {
		candidate = candidate || old.Attrs != nil
		s.release(old)
	}
	if candidate {
		s.decide(d)
	}
	s.loc.Forget(d)
}

// removePath takes path out of destination d (nil: look it up), re-runs
// the decision process if it was a candidate, and releases it.
func (s *Speaker) removePath(d *rib.Dest, path *rib.Path) {
	if d == nil {
		d = s.loc.Get(path.Prefix)
	}
	if d != nil && d.Remove(path) {
		if path.Attrs != nil {
			s.decide(d)
		}
		s.loc.Forget(d)
	}
	s.release(path)
}

// release drops a path's references on its attributes.
func (s *Speaker) release(path *rib.Path) {
	s.attrs.Release(path.Received)
	s.attrs.Release(path.Attrs)
}

// decide re-runs the decision process for d and, when the best path
// changed, reports it and queues the prefix for every peer.
func (s *Speaker) decide(d *rib.Dest) {
	old := d.Best
	if !d.Decide(&s.dec) {
		return
	}
	if s.keeps(trace.RouteChange) {
		r := &trace.Route{Table: trace.LocRIB, Prefix: d.Prefix}
		switch {
		case d.Best == nil:
			r.Change, r.Why = trace.Withdrawn, "no usable path"
		case old == nil:
			r.Change = trace.Added
		default:
			r.Change = trace.Replaced
		}
		if b := d.Best; b != nil {
			r.PathID, r.From, r.Attrs = b.ID, b.Peer.Name, &b.Attrs.Attributes
			reason := d.Reason
			r.Decision = &reason
		}
		s.emit(Trace{trace.Event{At: s.now, Kind: trace.RouteChange, Router: s.cfg.Name, Route: r}})
	}
	for _, p := range s.peers {
		s.queue(p, d)
		if d.Best == nil && p.mraiRunning && p.sess != nil {
			p.gone = append(p.gone, d)
		}
	}
}

// routeEvent reports a change of path in an Adj-RIB-In.
func (s *Speaker) routeEvent(peer string, table trace.Table, change trace.Change, path *rib.Path, why string) {
	if !s.keeps(trace.RouteChange) {
		return
	}
	r := &trace.Route{Table: table, Change: change, Prefix: path.Prefix, PathID: path.ID, From: peer, Why: why}
	if change != trace.Withdrawn {
		a := path.Attrs
		if a == nil {
			a = path.Received
		}
		if a != nil {
			r.Attrs = &a.Attributes
		}
	}
	s.emit(Trace{trace.Event{At: s.now, Kind: trace.RouteChange, Router: s.cfg.Name, Peer: peer, Route: r}})
}

// changeOf says whether new replaced old or is new.
func changeOf(old, new *rib.Path) trace.Change {
	if old == nil {
		return trace.Added
	}
	return trace.Replaced
}

// negotiated reports whether family f is in p's session.
func (p *peer) negotiated(f wire.Family) bool {
	if p.sess == nil {
		return false
	}
	for _, g := range p.sess.Families {
		if g == f {
			return true
		}
	}
	return false
}
