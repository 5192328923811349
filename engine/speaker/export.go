package speaker

import (
	"net/netip"
	"slices"

	"github.com/bgpplay/bgpplay/engine/policy"
	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
)

// queue marks destination d as possibly changed for p, once.
func (s *Speaker) queue(p *peer, d *rib.Dest) {
	if p.sess == nil || p.fullTable {
		return
	}
	if p.idx < 64 {
		if !d.Queue(p.idx) {
			return
		}
	} else {
		if p.queued[d] {
			return
		}
		p.queued[d] = true
	}
	p.pending = append(p.pending, d)
}

// dequeue clears d's queued mark for p.
func (p *peer) dequeue(d *rib.Dest) {
	if p.idx < 64 {
		d.Dequeue(p.idx)
	} else {
		delete(p.queued, d)
	}
}

// advertise decides what p should hold for destination d in its
// Adj-RIB-Out: the attributes to send (a new reference, which the caller
// owns), or nil and the rule that holds the route back.
func (s *Speaker) advertise(p *peer, d *rib.Dest) (*rib.Attrs, string) {
	if d.Best == nil {
		return nil, "no best path"
	}
	b := d.Best
	if !p.negotiated(b.Family()) {
		return nil, "family " + b.Family().String() + " not negotiated"
	}
	if why := s.rule(p, b); why != "" {
		return nil, why
	}
	if !p.localAddr(b.Family()).IsValid() {
		return nil, "no IPv4 next hop on this IPv6 session (NEXT_HOP must be IPv4, RFC 4271 section 5.1.3; set NextHop4)"
	}
	if rejectsAll(p.exp) {
		// Nothing to cache: the policy says no without looking (a
		// router that only feeds us, say).
		return s.export(p, b)
	}
	k := exportKey{b.Attrs, b.Peer, b.Family()}
	e, ok := p.lastExport, p.lastKey == k
	if !ok {
		e, ok = p.exported[k]
	}
	if ok {
		// Consecutive destinations usually share attributes (they came
		// in one UPDATE): the last export answers without a lookup.
		p.lastKey, p.lastExport = k, e
		if e.attrs == nil {
			return nil, e.why
		}
		return s.attrs.Ref(e.attrs), ""
	}
	attrs, why := s.export(p, b)
	if p.exp.PrefixFree() {
		// The result holds for every prefix with these attributes.
		if len(p.exported) > 4096 && len(p.exported) > 2*s.attrs.Len() {
			s.clearExportCache(p)
		}
		if attrs != nil {
			s.attrs.Ref(attrs)
		}
		p.exported[k] = exported{attrs, why}
	}
	return attrs, why
}

// rejectsAll reports whether pol rejects every route without looking at
// it: it has no terms and its default is reject.
func rejectsAll(pol *policy.Policy) bool {
	return pol != nil && len(pol.Terms) == 0 && pol.Default == policy.Reject
}

// export applies p's export policy to best path b, then our rules, and
// interns the result: a new reference, or nil and why the policy rejected
// the route. The policy sees the route as it is in the Loc-RIB, before our
// AS is prepended, as in BIRD and FRR.
func (s *Speaker) export(p *peer, b *rib.Path) (*rib.Attrs, string) {
	in, set := &b.Attrs.Attributes, policy.Sets(0)
	if p.exp != nil {
		r := p.exp.Evaluate(&policy.Route{Family: b.Family(), Prefix: b.Prefix, Attrs: in, Peer: p.pol})
		if !r.Accept {
			if !s.keeps(trace.RouteChange) {
				return nil, "export policy"
			}
			return nil, "export policy " + p.exp.Name + ": " + r.String()
		}
		in, set = r.Attrs, r.Set
	}
	var c wire.Attributes
	s.exportAttrs(&c, p, b, in, set)
	// c shares what it did not change with interned attributes, and
	// what it changed is its own.
	return s.attrs.InternShared(&c), ""
}

// rule returns the advertisement rule that keeps best path b from p, or
// "" (see the package documentation).
func (s *Speaker) rule(p *peer, b *rib.Path) string {
	from := b.Peer
	if from == p.src {
		return "learned from this peer"
	}
	if from.Internal && p.internal() {
		switch {
		case from.RRClient:
			// RFC 4456 section 8: a route from a client goes to every
			// peer but the originating client.
		case p.cfg.RRClient:
			// A route from a non-client goes to the clients.
		default:
			return "learned over IBGP: not sent to an IBGP peer (split horizon)"
		}
	}
	for _, c := range b.Attrs.Communities {
		switch {
		case c == wire.CommunityNoAdvertise:
			return "NO_ADVERTISE community"
		case c == wire.CommunityNoExport && !p.internal():
			return "NO_EXPORT community: not sent outside the AS"
		case c == wire.CommunityNoExportSubconfed && !p.internal():
			return "NO_EXPORT_SUBCONFED community: not sent to an external peer"
		}
	}
	if s.cfg.IGPSync && from.Internal && !p.internal() && s.cfg.Synced != nil && !s.cfg.Synced(b.Prefix) {
		return "not synchronized: the IGP does not reach " + b.Prefix.String()
	}
	return ""
}

// exportAttrs sets c to the attributes in (those of best path b after
// export policy) as sent to peer p, by the rules of RFC 4271 section 5.1
// and RFC 4456 section 8; what the policy set among LOCAL_PREF, MED and
// the next hop is kept. c shares the slices it does not change with in.
func (s *Speaker) exportAttrs(c *wire.Attributes, p *peer, b *rib.Path, in *wire.Attributes, set policy.Sets) {
	*c = *in
	if len(c.Unknown) > 0 {
		c.Unknown = slices.Clone(c.Unknown)
		c.Propagate()
	}
	self := p.localAddr(b.Family())
	if p.internal() {
		if !c.Has(wire.AttrLocalPref) {
			c.Set(wire.AttrLocalPref)
			c.LocalPref = rib.DefaultLocalPref
		}
		if set&policy.SetNextHop == 0 && (b.Peer.Local || (!b.Peer.Internal && p.cfg.NextHopSelf)) {
			c.NextHop = self
		}
		if b.Peer.Internal {
			if !c.Has(wire.AttrOriginatorID) {
				c.Set(wire.AttrOriginatorID)
				c.OriginatorID = b.Peer.RouterID
			}
			c.Set(wire.AttrClusterList)
			c.ClusterList = append([]netip.Addr{s.cfg.ClusterID}, c.ClusterList...)
		}
	} else {
		c.ASPath = c.ASPath.Clone()
		c.ASPath.Prepend(s.cfg.AS, 1)
		if set&policy.SetNextHop == 0 {
			c.NextHop = self
		}
		c.Clear(wire.AttrLocalPref)
		c.LocalPref = 0
		c.Clear(wire.AttrOriginatorID)
		c.OriginatorID = netip.Addr{}
		c.Clear(wire.AttrClusterList)
		c.ClusterList = nil
		if !b.Peer.Local && set&policy.SetMED == 0 {
			c.Clear(wire.AttrMED)
			c.MED = 0
		}
	}
	c.Set(wire.AttrNextHop)
}

// localAddr is our next hop towards p for family f: LocalAddr, or for
// IPv6 routes over an IPv4 session its IPv4-mapped form. For IPv4 routes
// over an IPv6 session it is NextHop4, the zero Addr when that is not
// set: NEXT_HOP can only hold an IPv4 address (RFC 4271 section 5.1.3),
// and the extended next hop of RFC 8950 is not supported.
func (p *peer) localAddr(f wire.Family) netip.Addr {
	a := p.cfg.LocalAddr
	switch {
	case f.AFI == wire.AFIIPv6 && a.Is4():
		return netip.AddrFrom16(a.As16())
	case f.AFI == wire.AFIIPv4 && !a.Unmap().Is4():
		return p.cfg.NextHop4
	}
	return a.Unmap()
}
