package speaker

import (
	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
)

// receivedRefresh answers a ROUTE-REFRESH (RFC 2918 section 4): the
// Adj-RIB-Out of the family is sent again, between BoRR and EoRR when
// enhanced route refresh was negotiated (RFC 7313 section 4). A BoRR from
// the peer marks its routes of the family stale until its EoRR (RFC 7313
// section 4.2).
func (s *Speaker) receivedRefresh(p *peer, m *wire.RouteRefresh) {
	if !p.negotiated(m.Family) {
		s.event(trace.UpdateError, p.cfg.Name, "ROUTE-REFRESH for "+m.Family.String()+", a family not negotiated: ignored")
		return
	}
	switch m.Subtype {
	case wire.RefreshNormal:
		s.event(trace.Note, p.cfg.Name, "route refresh requested for "+m.Family.String())
		s.resend(p, m.Family, p.sess.EnhancedRouteRefresh)
	case wire.RefreshBoRR:
		for _, path := range s.adjIn(p) {
			if path.Family() == m.Family && !path.Stale {
				path.Stale = true
				p.stale++
				s.routeEvent(p.cfg.Name, trace.AdjRIBIn, trace.Stale, path, "route refresh: kept until the peer's EoRR")
			}
		}
	case wire.RefreshEoRR:
		f := m.Family
		s.forgetStale(p, &f, "not refreshed before EoRR")
	}
}

// resend sends p its whole Adj-RIB-Out of family f again, after bringing
// it up to date.
func (s *Speaker) resend(p *peer, f wire.Family, enhanced bool) {
	s.flush(p)
	if enhanced {
		s.sendMessage(p, &wire.RouteRefresh{Family: f, Subtype: wire.RefreshBoRR})
	}
	b := s.batch()
	for _, d := range s.loc.Dests() {
		if a := d.Out(p.idx); a != nil && familyOf(d.Prefix) == f {
			b.add(f, d, a)
		}
	}
	s.send(p, b)
	s.done(b)
	if enhanced {
		s.sendMessage(p, &wire.RouteRefresh{Family: f, Subtype: wire.RefreshEoRR})
	}
}

// requestRefresh asks p to resend its routes (RFC 2918), if it can.
func (s *Speaker) requestRefresh(p *peer) {
	if p.sess == nil || !p.sess.RouteRefresh {
		return
	}
	for _, f := range p.sess.Families {
		s.sendMessage(p, &wire.RouteRefresh{Family: f, Subtype: wire.RefreshNormal})
	}
}

// reimport runs import policy again over p's Adj-RIB-In, as after a policy
// change (a "soft reset in" from the stored Adj-RIB-In).
func (s *Speaker) reimport(p *peer) {
	for _, old := range s.adjIn(p) {
		path := &rib.Path{Prefix: old.Prefix, ID: old.ID, Peer: p.src, Received: s.attrs.Ref(old.Received), Stale: old.Stale}
		why := s.loop(p, path.Received)
		if why == "" {
			path.Attrs, why = s.importPath(p, path.Family(), path.Prefix, path.Received)
		}
		if path.Attrs == old.Attrs {
			s.release(path)
			continue
		}
		p.count(old, -1)
		p.count(path, 1)
		change := trace.Replaced
		if path.Attrs == nil {
			change = trace.Rejected
		}
		s.routeEvent(p.cfg.Name, trace.AdjRIBIn, change, path, why)
		s.replacePath(s.loc.Dest(path.Prefix), path, old)
	}
}
