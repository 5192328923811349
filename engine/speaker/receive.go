package speaker

import (
	"fmt"
	"net/netip"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/policy"
	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
)

// receivedMessage handles an UPDATE or ROUTE-REFRESH from an Established
// session.
func (s *Speaker) receivedMessage(p *peer, a fsm.Received) {
	if p.sess == nil || a.Conn != p.conn {
		return
	}
	switch m := a.Msg.(type) {
	case *wire.Update:
		s.receivedUpdate(p, m, a.Err)
	case *wire.RouteRefresh:
		s.receivedRefresh(p, m)
	}
}

// receivedUpdate applies one UPDATE (RFC 4271 section 9) from p. err is
// the RFC 7606 error the FSM let through, if any.
func (s *Speaker) receivedUpdate(p *peer, u *wire.Update, err *wire.Error) {
	if f, ok := u.EndOfRIB(); ok && err == nil {
		s.receivedEndOfRIB(p, f)
		return
	}
	withdrawAll := false
	if err != nil {
		switch err.Action {
		case wire.ActionTreatAsWithdraw:
			withdrawAll = true
		case wire.ActionAFISAFIDisable:
			if f, ok := wire.DisabledFamily(err); ok {
				s.disableFamily(p, f, err)
			} else {
				withdrawAll = true
			}
		}
		s.event(trace.UpdateError, p.cfg.Name, fmt.Sprintf("%s: %s", err.Action, err))
	}
	if !withdrawAll {
		if why := s.checkSession(p, &u.Attrs); why != "" {
			withdrawAll = true
			s.event(trace.UpdateError, p.cfg.Name, "treat-as-withdraw: "+why)
		}
	}
	for _, n := range u.Withdrawn {
		s.withdrawNLRI(p, wire.IPv4Unicast, n, "withdrawn")
	}
	if u.Attrs.Has(wire.AttrMPUnreach) {
		for _, n := range u.Attrs.MPUnreach.Withdrawn {
			s.withdrawNLRI(p, u.Attrs.MPUnreach.Family, n, "withdrawn")
		}
	}
	hasMP := u.Attrs.Has(wire.AttrMPReach)
	if withdrawAll {
		why := "treat-as-withdraw"
		for _, n := range u.NLRI {
			s.withdrawNLRI(p, wire.IPv4Unicast, n, why)
		}
		if hasMP {
			for _, n := range u.Attrs.MPReach.NLRI {
				s.withdrawNLRI(p, u.Attrs.MPReach.Family, n, why)
			}
		}
		return
	}
	if len(u.NLRI) > 0 {
		s.learnAll(p, wire.IPv4Unicast, &u.Attrs, u.Attrs.NextHop, u.NLRI)
	}
	if hasMP && len(u.Attrs.MPReach.NLRI) > 0 {
		s.learnAll(p, u.Attrs.MPReach.Family, &u.Attrs, u.Attrs.MPReach.NextHop, u.Attrs.MPReach.NLRI)
	}
}

// checkSession makes the checks of an UPDATE that need to know the
// session, and returns why the UPDATE must be treated as withdraw, or "".
// Attributes an external peer must not send are discarded (RFC 7606
// sections 7.5, 7.9 and 7.10); AS_PATH is checked against the peer's AS
// (RFC 4271 section 6.3) and for confederation segments (RFC 5065 section
// 5.3); a 2-octet session's AS4_PATH is merged (RFC 6793 section 4.2.3).
func (s *Speaker) checkSession(p *peer, a *wire.Attributes) string {
	if !p.sess.AS4 {
		a.MergeAS4()
	}
	if p.internal() || !a.Has(wire.AttrASPath) {
		return ""
	}
	for _, t := range []wire.AttrType{wire.AttrLocalPref, wire.AttrOriginatorID, wire.AttrClusterList} {
		if a.Has(t) {
			a.Clear(t)
			s.event(trace.UpdateError, p.cfg.Name, fmt.Sprintf("attribute-discard: %s from an external peer", t))
		}
	}
	// Discarded means gone: no value left for the decision process (the
	// CLUSTER_LIST length of RFC 4456 section 9) or for reflection.
	a.LocalPref, a.OriginatorID, a.ClusterList = 0, netip.Addr{}, nil
	for _, seg := range a.ASPath.Segments {
		if seg.Type == wire.SegmentConfedSequence || seg.Type == wire.SegmentConfedSet {
			return "AS_PATH from an external peer holds a confederation segment"
		}
	}
	if first := a.ASPath.First(); first != p.src.AS {
		return fmt.Sprintf("AS_PATH starts with AS %d, not the peer's AS %d", first, p.src.AS)
	}
	return ""
}

// learnAll stores the routes of one UPDATE sharing attributes a, with the
// family's next hop nh.
func (s *Speaker) learnAll(p *peer, f wire.Family, a *wire.Attributes, nh netip.Addr, nlri []wire.NLRI) {
	if !p.negotiated(f) || p.disabled[f] {
		s.event(trace.UpdateError, p.cfg.Name, fmt.Sprintf("ignored %d routes of %s, a family not negotiated", len(nlri), f))
		return
	}
	c := *a
	c.Clear(wire.AttrMPReach)
	c.Clear(wire.AttrMPUnreach)
	c.NextHop = nh
	c.Set(wire.AttrNextHop)
	recv := s.attrs.Intern(&c)
	why := s.loop(p, recv)
	var imp imported
	for _, n := range nlri {
		s.learn(p, n, recv, why, &imp)
	}
	s.attrs.Release(imp.attrs)
	s.attrs.Release(recv)
}

// imported remembers what import policy made of the attributes of one
// UPDATE, for its other routes, when the policy does not look at
// prefixes (policy.PrefixFree): the attributes (a reference of its own),
// or nil and why they were rejected.
type imported struct {
	ok     bool
	family wire.Family
	attrs  *rib.Attrs
	why    string
}

// loop returns why a path with attributes a received from p is not
// usable — a loop — or "".
func (s *Speaker) loop(p *peer, a *rib.Attrs) string {
	if n := a.ASPath.Contains(s.cfg.AS); n > p.cfg.AllowASIn {
		return fmt.Sprintf("AS_PATH contains our AS %d", s.cfg.AS)
	}
	if p.internal() {
		if a.Has(wire.AttrOriginatorID) && a.OriginatorID == s.cfg.RouterID {
			return "ORIGINATOR_ID is our router ID " + s.cfg.RouterID.String()
		}
		for _, id := range a.ClusterList {
			if id == s.cfg.ClusterID {
				return "CLUSTER_LIST contains our cluster ID " + id.String()
			}
		}
	}
	return ""
}

// learn stores one received path with interned attributes recv, runs
// import policy on it unless it loops (imp caches its result for the
// other routes of the UPDATE), and updates the Loc-RIB.
func (s *Speaker) learn(p *peer, n wire.NLRI, recv *rib.Attrs, loop string, imp *imported) {
	var attrs *rib.Attrs
	why := loop
	if why == "" {
		attrs, why = s.importCached(p, familyOf(n.Prefix), n.Prefix, recv, imp)
	}
	d := s.loc.Dest(n.Prefix)
	old := d.Find(p.src, n.PathID)
	if old != nil && old.Stale {
		p.stale--
	}
	if old != nil && old.Received == recv && old.Attrs == attrs {
		// The same route again (a route refresh, a restarted peer
		// sending its table again): nothing changes but the stale mark,
		// so the Loc-RIB and the other peers are left alone.
		s.attrs.Release(attrs)
		if old.Stale {
			old.Stale = false
			s.routeEvent(p.cfg.Name, trace.AdjRIBIn, trace.Replaced, old, "sent again: no longer stale")
		}
		return
	}
	path := &rib.Path{Prefix: n.Prefix, ID: n.PathID, Peer: p.src, Received: s.attrs.Ref(recv), Attrs: attrs}
	p.count(old, -1)
	p.count(path, 1)
	change := changeOf(old, path)
	if path.Attrs == nil {
		change = trace.Rejected
	}
	s.routeEvent(p.cfg.Name, trace.AdjRIBIn, change, path, why)
	s.replacePath(d, path, old)
}

// importCached is importPath, answered from c when it holds the result
// for recv (the attributes of the whole UPDATE) and family f, and kept in
// c when the policy does not look at prefixes.
func (s *Speaker) importCached(p *peer, f wire.Family, prefix netip.Prefix, recv *rib.Attrs, c *imported) (*rib.Attrs, string) {
	if p.imp == nil {
		return s.attrs.Ref(recv), ""
	}
	if c.ok && c.family == f {
		if c.attrs == nil {
			return nil, c.why
		}
		return s.attrs.Ref(c.attrs), ""
	}
	attrs, why := s.importPath(p, f, prefix, recv)
	if p.imp.PrefixFree() {
		s.attrs.Release(c.attrs)
		*c = imported{ok: true, family: f, attrs: attrs, why: why}
		if attrs != nil {
			s.attrs.Ref(attrs)
		}
	}
	return attrs, why
}

// importPath applies p's import policy to the path for prefix, of family
// f, received with attributes recv, and returns its attributes (a new
// reference), or nil and why it was rejected.
func (s *Speaker) importPath(p *peer, f wire.Family, prefix netip.Prefix, recv *rib.Attrs) (*rib.Attrs, string) {
	if p.imp == nil {
		return s.attrs.Ref(recv), ""
	}
	r := p.imp.Evaluate(&policy.Route{Family: f, Prefix: prefix, Attrs: &recv.Attributes, Peer: p.pol})
	switch {
	case !r.Accept:
		if !s.keeps(trace.RouteChange) {
			return nil, "import policy"
		}
		return nil, "import policy " + p.imp.Name + ": " + r.String()
	case r.Attrs == &recv.Attributes:
		return s.attrs.Ref(recv), ""
	}
	// The policy's copy shares what it did not change with recv, and
	// nothing holds what it changed.
	return s.attrs.InternShared(r.Attrs), ""
}

// withdrawNLRI removes a path p withdrew.
func (s *Speaker) withdrawNLRI(p *peer, f wire.Family, n wire.NLRI, why string) {
	if !p.negotiated(f) {
		return
	}
	if d := s.loc.Get(n.Prefix); d != nil {
		if old := d.Find(p.src, n.PathID); old != nil {
			s.dropPath(p, d, old, why)
		}
	}
}

// dropPath removes one path of p, held in destination d, from the
// Adj-RIB-In and the Loc-RIB.
func (s *Speaker) dropPath(p *peer, d *rib.Dest, path *rib.Path, why string) {
	p.count(path, -1)
	if path.Stale {
		p.stale--
	}
	s.routeEvent(p.cfg.Name, trace.AdjRIBIn, trace.Withdrawn, path, why)
	s.removePath(d, path)
}
