package sim_test

import (
	"net/netip"
	"testing"

	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/sim"
	"github.com/bgpplay/bgpplay/engine/speaker"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScenarioDecision runs one topology per step of the decision process
// (RFC 4271 section 9.1.2.2 and RFC 4456 section 9): X has two paths to
// 203.0.113.0/24 that tie on every earlier step, and the step under test
// picks the winner; the loser would have won at a later step. ORIGIN is
// left out: no policy action sets it.
func TestScenarioDecision(t *testing.T) {
	const p = "203.0.113.0/24"
	for _, tc := range []struct {
		topo   string
		winner string
		step   rib.Step
		reason string
		// winnerFirst: the winner arrived first and the loser did not
		// change the best path, so the last Loc-RIB change in the trace
		// still says "the only path" (the trace records changes).
		winnerFirst bool
		// check looks further at the winning path.
		check func(t *testing.T, sc *scenario, best *rib.Path)
	}{
		{"decide-local-pref", "B", rib.StepLocalPref, "higher LOCAL_PREF (200 > 100) than the path from A", false,
			func(t *testing.T, sc *scenario, best *rib.Path) {
				assert.Equal(t, uint32(200), best.Attrs.LocalPref(0))
				assert.False(t, best.Received.Has(wire.AttrLocalPref), "EBGP carries no LOCAL_PREF: import policy set it")
			}},
		{"decide-as-path", "B", rib.StepASPathLen, "shorter AS_PATH (1 < 3) than the path from A", false,
			func(t *testing.T, sc *scenario, _ *rib.Path) {
				assert.Equal(t, "65001 65001 65001", sc.adjIn("X", "A", p).Attrs.ASPath.String())
			}},
		{"decide-med-same-as", "B", rib.StepMED, "lower MED (10 < 50) than the path from A", false,
			func(t *testing.T, sc *scenario, best *rib.Path) {
				assert.Equal(t, uint32(10), best.Attrs.MED)
				assert.Equal(t, uint32(50), sc.adjIn("X", "A", p).Attrs.MED)
			}},
		{"decide-med-other-as", "A", rib.StepRouterID, "lower router ID (10.0.0.1 < 10.0.0.3) than the path from B", true,
			func(t *testing.T, sc *scenario, best *rib.Path) {
				assert.Equal(t, uint32(50), best.Attrs.MED, "the higher MED won: not compared across ASes")
			}},
		{"decide-always-compare-med", "B", rib.StepMED, "lower MED (10 < 50) than the path from A", false, nil},
		{"decide-ebgp-over-ibgp", "B", rib.StepExternal, "EBGP path preferred over the IBGP path from Y", true,
			func(t *testing.T, sc *scenario, _ *rib.Path) {
				// Y prefers its own EBGP path too, so it does not
				// learn X's: each exit keeps its own.
				assert.Equal(t, "A", sc.best("Y", p).Peer.Name)
				assert.Equal(t, "EBGP path preferred over the IBGP path from X", sc.sp("Y").Route(pfx(p)).Reason.String())
			}},
		{"decide-igp-cost", "Y2", rib.StepIGPCost, "lower IGP cost to the next hop (10 < 50) than the path from Y1", false,
			func(t *testing.T, sc *scenario, best *rib.Path) {
				assert.Equal(t, addr("10.0.0.2"), best.Attrs.NextHop)
				r := sc.sp("X").Route(pfx(p)).Reason
				assert.Equal(t, uint32(10), r.BestCost)
				assert.Equal(t, uint32(50), r.OtherCost)
			}},
		{"decide-originator-id", "RR2", rib.StepRouterID, "lower router ID (10.0.0.5 < 10.0.0.9) than the path from RR1", false,
			func(t *testing.T, sc *scenario, best *rib.Path) {
				assert.Equal(t, addr("10.0.0.5"), best.Attrs.OriginatorID)
				assert.Equal(t, addr("10.0.0.9"), sc.adjIn("X", "RR1", p).Attrs.OriginatorID)
			}},
		{"decide-cluster-list", "RR1", rib.StepClusterList, "shorter CLUSTER_LIST (1 < 2) than the path from RR2", true,
			func(t *testing.T, sc *scenario, best *rib.Path) {
				assert.Equal(t, []netip.Addr{addr("10.0.0.1")}, best.Attrs.ClusterList)
				other := sc.adjIn("X", "RR2", p)
				require.NotNil(t, other)
				assert.Equal(t, []netip.Addr{addr("10.0.0.2"), addr("10.0.0.1")}, other.Attrs.ClusterList)
				assert.Equal(t, best.Attrs.OriginatorID, other.Attrs.OriginatorID)
				assert.Equal(t, addr("10.0.0.9"), best.Attrs.OriginatorID)
			}},
		{"decide-peer-address", "RR2", rib.StepPeerAddr, "lower peer address (10.0.0.2 < 10.0.0.3) than the path from RR1", false,
			func(t *testing.T, sc *scenario, best *rib.Path) {
				other := sc.adjIn("X", "RR1", p)
				require.NotNil(t, other)
				assert.Len(t, best.Attrs.ClusterList, 1)
				assert.Len(t, other.Attrs.ClusterList, 1)
				assert.Equal(t, addr("10.0.0.9"), best.Attrs.OriginatorID)
				assert.Equal(t, addr("10.0.0.9"), other.Attrs.OriginatorID)
			}},
		{"decide-unreachable", "B", rib.StepReachable, "the path from Y has an unreachable next hop 192.0.2.1", true,
			func(t *testing.T, sc *scenario, best *rib.Path) {
				assert.Equal(t, "65003 65003 65003", best.Attrs.ASPath.String())
				y := sc.adjIn("X", "Y", p)
				require.NotNil(t, y)
				assert.Equal(t, addr("192.0.2.1"), y.Attrs.NextHop)
				assert.Equal(t, "65001", y.Attrs.ASPath.String(), "the shorter path, but unusable")
			}},
		{"decide-unreachable-next-hop-self", "Y", rib.StepASPathLen, "shorter AS_PATH (1 < 3) than the path from B", false,
			func(t *testing.T, sc *scenario, best *rib.Path) {
				assert.Equal(t, addr("10.0.0.1"), best.Attrs.NextHop, "Y's loopback")
			}},
	} {
		t.Run(tc.topo, func(t *testing.T) {
			sc := load(t, tc.topo)
			d := sc.sp("X").Route(pfx(p))
			require.NotNil(t, d)
			require.Len(t, d.Paths, 2, "X should have two candidate paths")
			best := sc.best("X", p)
			assert.Equal(t, tc.winner, best.Peer.Name)
			assert.Equal(t, tc.step, d.Reason.Step, d.Reason.String())
			assert.Equal(t, tc.reason, d.Reason.String())
			require.NotNil(t, d.Reason.Other)
			assert.NotEqual(t, tc.winner, d.Reason.Other.Peer.Name)

			// Explain agrees: the loser fell at the same step.
			out := sc.sp("X").Explain(pfx(p))
			require.Len(t, out, 2)
			for _, o := range out {
				if o.Path.Peer.Name == tc.winner {
					assert.True(t, o.Best)
					continue
				}
				assert.False(t, o.Best)
				assert.Equal(t, tc.step, o.Reason.Step)
				assert.Equal(t, tc.winner, o.Reason.Best.Peer.Name)
			}

			// The trace's last Loc-RIB change tells the same, unless
			// the loser came second and changed nothing.
			last := sc.lastRoute("X", p, trace.LocRIB, "")
			assert.Equal(t, tc.winner, last.From)
			require.NotNil(t, last.Decision)
			if tc.winnerFirst {
				assert.Equal(t, "the only path", last.Decision.String())
				assert.Equal(t, trace.Added, last.Change)
			} else {
				assert.Equal(t, tc.reason, last.Decision.String())
				assert.Equal(t, trace.Replaced, last.Change)
			}
			if tc.check != nil {
				tc.check(t, sc, best)
			}
			sc.golden()
		})
	}
}

// TestScenarioUnreachableOnly: with only the IBGP path, whose next hop the
// IGP cannot reach (the AS hides its external links and Y does not set
// next_hop_self), X has the path but no route, and does not advertise it.
func TestScenarioUnreachableOnly(t *testing.T) {
	sc := load(t, "decide-unreachable")
	const p = "203.0.113.0/24"
	sc.do(sim.Command{Op: sim.StopPeer, Router: "X", Peer: "B"})
	d := sc.sp("X").Route(pfx(p))
	require.NotNil(t, d)
	require.Len(t, d.Paths, 1)
	assert.Nil(t, d.Best)
	assert.Equal(t, "no usable path", d.Reason.String())
	in := sc.adjIn("X", "Y", p)
	require.NotNil(t, in)
	assert.NotNil(t, in.Attrs, "accepted, but its next hop is unreachable")
	r := sc.lastRoute("X", p, trace.LocRIB, "")
	assert.Equal(t, "Loc-RIB withdrawn 203.0.113.0/24 (no usable path)", r.String())
	assert.Equal(t, "no best path", sc.lastRoute("X", p, trace.AdjRIBOut, "Y").Why)
	sc.name = "decide-unreachable-only"
	sc.golden()
}

// TestScenarioDecisionOrigin: no policy action sets ORIGIN, so A announces
// 203.0.113.0/24 with ORIGIN INCOMPLETE by command; B's ORIGIN IGP path
// wins at X although A has the lower router ID (RFC 4271 section 9.1.2.2
// b).
func TestScenarioDecisionOrigin(t *testing.T) {
	sc := load(t, "decide-origin")
	const p = "203.0.113.0/24"
	a := wire.Attributes{Origin: wire.OriginIncomplete}
	a.Set(wire.AttrOrigin)
	seq := sc.do(sim.Command{Op: sim.Announce, Router: "A", Routes: []speaker.Origin{{Prefix: pfx(p), Attrs: &a}}})

	in := sc.adjIn("X", "A", p)
	require.NotNil(t, in)
	assert.Equal(t, wire.OriginIncomplete, in.Attrs.Origin)
	d := sc.sp("X").Route(pfx(p))
	require.Len(t, d.Paths, 2)
	assert.Equal(t, "B", d.Best.Peer.Name)
	assert.Equal(t, wire.OriginIGP, d.Best.Attrs.Origin)
	assert.Equal(t, rib.StepOrigin, d.Reason.Step)
	assert.Equal(t, "lower ORIGIN (IGP < INCOMPLETE) than the path from A", d.Reason.String())
	assert.Empty(t, sc.routes("X", p, trace.LocRIB, "", seq), "the best path did not change")
	// A prefers its own route to B's, which it still hears from X.
	assert.True(t, sc.best("A", p).Peer.Local)
	fromX := sc.adjIn("A", "X", p)
	require.NotNil(t, fromX)
	assert.Equal(t, "65002 65003", fromX.Attrs.ASPath.String())
	sc.golden()
}
