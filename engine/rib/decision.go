package rib

import (
	"fmt"
	"net/netip"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// DefaultLocalPref is the LOCAL_PREF of paths that carry none: paths from
// external peers before import policy, and originated paths.
const DefaultLocalPref = 100

// Env is what the decision process needs to know beyond the paths.
type Env struct {
	// AlwaysCompareMED compares MULTI_EXIT_DISC between paths from
	// different neighbouring ASes too (a common option; RFC 4271 compares
	// it only within one neighbouring AS).
	AlwaysCompareMED bool
	// Resolve reports whether next hop nh is reachable and its interior
	// cost (RFC 4271 section 9.1.2.1). The speaker's own routes have no
	// next hop and are always reachable at cost 0. A nil Resolve finds
	// every next hop reachable at cost 0.
	Resolve func(nh netip.Addr) (cost uint32, ok bool)
}

// Reason says why a path won (or lost): the step that told it from Other,
// the strongest path it was compared with.
type Reason struct {
	Step Step
	// Best is the winner, Other the last path eliminated before it (nil
	// for StepOnly).
	Best, Other *Path
	// BestCost and OtherCost are their IGP costs, for StepIGPCost.
	BestCost, OtherCost uint32
}

// String explains the decision for people, e.g. "higher LOCAL_PREF (200 >
// 100) than the path from R4".
func (r Reason) String() string {
	if r.Best == nil {
		return "no usable path"
	}
	if r.Other == nil || r.Step == StepOnly {
		return "the only path"
	}
	b, o := r.Best.Attrs, r.Other.Attrs
	than := "than the path from " + r.Other.Peer.String()
	switch r.Step {
	case StepReachable:
		nh := "?"
		if o != nil {
			nh = o.NextHop.String()
		}
		return fmt.Sprintf("the path from %s has an unreachable next hop %s", r.Other.Peer, nh)
	case StepLocalPref:
		return fmt.Sprintf("higher LOCAL_PREF (%d > %d) %s", b.LocalPref(DefaultLocalPref), o.LocalPref(DefaultLocalPref), than)
	case StepASPathLen:
		return fmt.Sprintf("shorter AS_PATH (%d < %d) %s", b.ASPath.Len(), o.ASPath.Len(), than)
	case StepOrigin:
		return fmt.Sprintf("lower ORIGIN (%s < %s) %s", b.Origin, o.Origin, than)
	case StepMED:
		return fmt.Sprintf("lower MED (%d < %d) %s", b.MEDValue(), o.MEDValue(), than)
	case StepExternal:
		return fmt.Sprintf("%s path preferred over the IBGP path from %s", r.Best.Peer.Kind(), r.Other.Peer)
	case StepIGPCost:
		return fmt.Sprintf("lower IGP cost to the next hop (%d < %d) %s", r.BestCost, r.OtherCost, than)
	case StepRouterID:
		return fmt.Sprintf("lower router ID (%s < %s) %s", routerID(r.Best), routerID(r.Other), than)
	case StepClusterList:
		return fmt.Sprintf("shorter CLUSTER_LIST (%d < %d) %s", len(b.ClusterList), len(o.ClusterList), than)
	case StepPeerAddr:
		if r.Best.Peer == r.Other.Peer {
			return fmt.Sprintf("lower path ID (%d < %d) from the same peer", r.Best.ID, r.Other.ID)
		}
		return fmt.Sprintf("lower peer address (%s < %s) %s", peerAddr(r.Best), peerAddr(r.Other), than)
	}
	return r.Step.String()
}

// routerID is the identifier compared at StepRouterID: ORIGINATOR_ID when
// present (RFC 4456 section 9), else the advertising peer's BGP Identifier.
func routerID(p *Path) netip.Addr {
	if p.Attrs.Has(wire.AttrOriginatorID) {
		return p.Attrs.OriginatorID
	}
	return p.Peer.RouterID
}

// peerAddr is the address compared at StepPeerAddr; the speaker's own
// paths have none and sort first.
func peerAddr(p *Path) netip.Addr { return p.Peer.Addr }
