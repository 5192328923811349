package policy

import (
	"cmp"
	"net/netip"
	"slices"
	"strconv"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// maxPrepend is the largest SetSpec.Prepend Compile accepts.
const maxPrepend = 32

// Set holds the compiled actions of a term. They are applied in this
// order: local_pref, med, next_hop, community_remove, community_add,
// large_community_remove, large_community_add, prepend. So removing
// "65001:*" and adding "65001:100" in one term replaces the communities
// of AS 65001.
type Set struct {
	LocalPref    uint32
	SetLocalPref bool // LocalPref is an action
	MED          uint32
	SetMED       bool // MED is an action
	// NextHop, when valid, becomes the next hop; NextHopSelf makes it the
	// route's Peer.LocalAddr instead.
	NextHop     netip.Addr
	NextHopSelf bool
	// CommunityRemove removes the communities matching any pattern;
	// CommunityAdd adds communities (sorted, without duplicates).
	CommunityRemove []CommunityPattern
	CommunityAdd    []wire.Community
	// LargeCommunityRemove and LargeCommunityAdd are the same for large
	// communities.
	LargeCommunityRemove []LargeCommunityPattern
	LargeCommunityAdd    []wire.LargeCommunity
	// Prepend is how many times PrependAS (the route's Peer.LocalAS when
	// 0) is put in front of the AS_PATH.
	Prepend   int
	PrependAS uint32
}

// empty reports whether s has no actions.
func (s *Set) empty() bool {
	return !s.SetLocalPref && !s.SetMED && !s.NextHop.IsValid() && !s.NextHopSelf &&
		len(s.CommunityRemove) == 0 && len(s.CommunityAdd) == 0 &&
		len(s.LargeCommunityRemove) == 0 && len(s.LargeCommunityAdd) == 0 && s.Prepend == 0
}

// editor gives copy-on-write access to the attributes under evaluation.
type editor struct {
	cur     *wire.Attributes
	copied  bool // cur is our own shallow copy
	changed bool
	// set records the attributes an action set, changed or not.
	set Sets
}

// write returns attributes that may be modified, copying the input's the
// first time. The copy shares the input's slices, capped so that an
// append never writes into the input's storage; every action that changes
// a slice replaces it with a new one.
func (e *editor) write() *wire.Attributes {
	e.changed = true
	if !e.copied {
		c := *e.cur
		c.Communities = c.Communities[:len(c.Communities):len(c.Communities)]
		c.LargeCommunities = c.LargeCommunities[:len(c.LargeCommunities):len(c.LargeCommunities)]
		c.ExtCommunities = c.ExtCommunities[:len(c.ExtCommunities):len(c.ExtCommunities)]
		c.ClusterList = c.ClusterList[:len(c.ClusterList):len(c.ClusterList)]
		c.ASPath.Segments = c.ASPath.Segments[:len(c.ASPath.Segments):len(c.ASPath.Segments)]
		c.AS4Path.Segments = c.AS4Path.Segments[:len(c.AS4Path.Segments):len(c.AS4Path.Segments)]
		c.Unknown = c.Unknown[:len(c.Unknown):len(c.Unknown)]
		c.MPReach.NLRI = c.MPReach.NLRI[:len(c.MPReach.NLRI):len(c.MPReach.NLRI)]
		c.MPUnreach.Withdrawn = c.MPUnreach.Withdrawn[:len(c.MPUnreach.Withdrawn):len(c.MPUnreach.Withdrawn)]
		e.cur, e.copied = &c, true
	}
	return e.cur
}

// apply applies the actions of s for route r. When trace is not nil it
// appends a description of every action.
func (s *Set) apply(e *editor, r *Route, trace *[]string) {
	if s.SetLocalPref {
		e.set |= SetLocalPref
		s.setUint(e, wire.AttrLocalPref, "local_pref", s.LocalPref, trace)
	}
	if s.SetMED {
		e.set |= SetMED
		s.setUint(e, wire.AttrMED, "med", s.MED, trace)
	}
	if s.NextHop.IsValid() || s.NextHopSelf {
		e.set |= SetNextHop
		s.setNextHop(e, r, trace)
	}
	if len(s.CommunityRemove) > 0 {
		removeCommunities(e, s.CommunityRemove, trace)
	}
	if len(s.CommunityAdd) > 0 {
		addCommunities(e, s.CommunityAdd, trace)
	}
	if len(s.LargeCommunityRemove) > 0 {
		removeLarge(e, s.LargeCommunityRemove, trace)
	}
	if len(s.LargeCommunityAdd) > 0 {
		addLarge(e, s.LargeCommunityAdd, trace)
	}
	if s.Prepend > 0 {
		s.prepend(e, r, trace)
	}
}

// setUint sets LOCAL_PREF or MULTI_EXIT_DISC to v.
func (s *Set) setUint(e *editor, t wire.AttrType, name string, v uint32, trace *[]string) {
	field := func(a *wire.Attributes) *uint32 {
		if t == wire.AttrMED {
			return &a.MED
		}
		return &a.LocalPref
	}
	had, old := e.cur.Has(t), *field(e.cur)
	if had && old == v {
		if trace != nil {
			note(trace, name, strconv.FormatUint(uint64(v), 10), "unchanged")
		}
		return
	}
	a := e.write()
	*field(a) = v
	a.Set(t)
	if trace != nil {
		was := "was absent"
		if had {
			was = "was " + strconv.FormatUint(uint64(old), 10)
		}
		note(trace, name, strconv.FormatUint(uint64(v), 10), was)
	}
}

// setNextHop sets the next hop: NEXT_HOP for an IPv4 address and, when
// the attributes hold MP_REACH_NLRI, its next hop (dropping a link-local
// second address).
func (s *Set) setNextHop(e *editor, r *Route, trace *[]string) {
	nh := s.NextHop
	if s.NextHopSelf {
		nh = r.Peer.LocalAddr
	}
	what := func() string {
		if s.NextHopSelf {
			return "self " + nh.String()
		}
		return nh.String()
	}
	if !nh.IsValid() {
		if trace != nil {
			note(trace, "next_hop", "self", "no local address, unchanged")
		}
		return
	}
	c := e.cur
	if c.NextHop == nh && (!nh.Is4() || c.Has(wire.AttrNextHop)) &&
		(!c.Has(wire.AttrMPReach) || (c.MPReach.NextHop == nh && !c.MPReach.LinkLocal.IsValid())) {
		if trace != nil {
			note(trace, "next_hop", what(), "unchanged")
		}
		return
	}
	old := nextHop(c)
	a := e.write()
	a.NextHop = nh
	if nh.Is4() {
		a.Set(wire.AttrNextHop)
	}
	if a.Has(wire.AttrMPReach) {
		a.MPReach.NextHop, a.MPReach.LinkLocal = nh, netip.Addr{}
	}
	if trace != nil {
		was := "was absent"
		if old.IsValid() {
			was = "was " + old.String()
		}
		note(trace, "next_hop", what(), was)
	}
}

// removeCommunities removes the communities matching any of ps, and the
// attribute with the last one.
func removeCommunities(e *editor, ps []CommunityPattern, trace *[]string) {
	cs := communities(e.cur)
	if !matchAnyCommunity(cs, ps) {
		noteRemoved(trace, "community_remove", ps, CommunityPattern.String, nil, wire.Community.String)
		return
	}
	kept, gone := split(cs, func(c wire.Community) bool {
		return matchAnyCommunity([]wire.Community{c}, ps)
	})
	a := e.write()
	a.Communities = kept
	if len(kept) == 0 {
		a.Clear(wire.AttrCommunities)
	}
	noteRemoved(trace, "community_remove", ps, CommunityPattern.String, gone, wire.Community.String)
}

// addCommunities adds the communities of add that are missing, leaving
// the list sorted and without duplicates.
func addCommunities(e *editor, add []wire.Community, trace *[]string) {
	n, missing := union(communities(e.cur), add, cmp.Compare[wire.Community])
	if len(missing) > 0 {
		a := e.write()
		a.Communities = n
		a.Set(wire.AttrCommunities)
	}
	noteAdded(trace, "community_add", add, missing, wire.Community.String)
}

// removeLarge is removeCommunities for large communities.
func removeLarge(e *editor, ps []LargeCommunityPattern, trace *[]string) {
	cs := largeCommunities(e.cur)
	if !matchAnyLarge(cs, ps) {
		noteRemoved(trace, "large_community_remove", ps, LargeCommunityPattern.String, nil, wire.LargeCommunity.String)
		return
	}
	kept, gone := split(cs, func(c wire.LargeCommunity) bool {
		return matchAnyLarge([]wire.LargeCommunity{c}, ps)
	})
	a := e.write()
	a.LargeCommunities = kept
	if len(kept) == 0 {
		a.Clear(wire.AttrLargeCommunities)
	}
	noteRemoved(trace, "large_community_remove", ps, LargeCommunityPattern.String, gone, wire.LargeCommunity.String)
}

// addLarge is addCommunities for large communities.
func addLarge(e *editor, add []wire.LargeCommunity, trace *[]string) {
	n, missing := union(largeCommunities(e.cur), add, compareLarge)
	if len(missing) > 0 {
		a := e.write()
		a.LargeCommunities = n
		a.Set(wire.AttrLargeCommunities)
	}
	noteAdded(trace, "large_community_add", add, missing, wire.LargeCommunity.String)
}

// split divides cs into the values gone (matching remove) and kept.
func split[T any](cs []T, remove func(T) bool) (kept, gone []T) {
	for _, c := range cs {
		if remove(c) {
			gone = append(gone, c)
		} else {
			kept = append(kept, c)
		}
	}
	return kept, gone
}

// union returns cs with the values of add it lacks, sorted by cmp and
// without duplicates, and those missing values; nil and nil when none is
// missing.
func union[T comparable](cs, add []T, cmp func(x, y T) int) (n, missing []T) {
	for _, c := range add {
		if !slices.Contains(cs, c) {
			missing = append(missing, c)
		}
	}
	if len(missing) == 0 {
		return nil, nil
	}
	n = append(append(make([]T, 0, len(cs)+len(missing)), cs...), missing...)
	slices.SortFunc(n, cmp)
	return slices.Compact(n), missing
}

// noteRemoved traces a remove action on patterns ps.
func noteRemoved[P, T any](trace *[]string, name string, ps []P, pstr func(P) string, gone []T, str func(T) string) {
	if trace == nil {
		return
	}
	if len(gone) == 0 {
		note(trace, name, list(ps, pstr), "none present")
		return
	}
	note(trace, name, list(ps, pstr), "removed "+list(gone, str))
}

// noteAdded traces an add action.
func noteAdded[T any](trace *[]string, name string, add, missing []T, str func(T) string) {
	if trace == nil {
		return
	}
	if len(missing) == 0 {
		note(trace, name, list(add, str), "already present")
		return
	}
	note(trace, name, list(add, str), "added "+list(missing, str))
}

// compareLarge orders large communities by global, local1, local2.
func compareLarge(x, y wire.LargeCommunity) int {
	return cmp.Or(cmp.Compare(x.Global, y.Global), cmp.Compare(x.Local1, y.Local1), cmp.Compare(x.Local2, y.Local2))
}

// prepend puts PrependAS (or the local AS) Prepend times in front of the
// AS_PATH, creating the attribute if needed.
func (s *Set) prepend(e *editor, r *Route, trace *[]string) {
	as := s.PrependAS
	if as == 0 {
		as = r.Peer.LocalAS
	}
	if as == 0 {
		if trace != nil {
			note(trace, "prepend", "x"+strconv.Itoa(s.Prepend), "no local AS, unchanged")
		}
		return
	}
	a := e.write()
	segs := make([]wire.Segment, len(a.ASPath.Segments), len(a.ASPath.Segments)+1)
	copy(segs, a.ASPath.Segments)
	a.ASPath.Segments = segs
	a.ASPath.Prepend(as, s.Prepend)
	a.Set(wire.AttrASPath)
	if trace != nil {
		what := strconv.FormatUint(uint64(as), 10) + " x" + strconv.Itoa(s.Prepend)
		note(trace, "prepend", what, "as_path now "+strconv.Quote(a.ASPath.String()))
	}
}

// note appends "name value (detail)" to trace. Callers check that trace
// is not nil first, so that Evaluate does not pay for the strings.
func note(trace *[]string, name, value, detail string) {
	*trace = append(*trace, name+" "+value+" ("+detail+")")
}
