package rib

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// peerC is one more EBGP neighbour, with a high router ID.
var peerC = &Peer{Name: "C", Addr: addr("192.0.2.3"), RouterID: addr("10.0.0.7"), AS: 65007}

// decisionCase is one decision over paths: the winner is paths[best] (-1:
// none), told from paths[other] (-1: none) at step.
type decisionCase struct {
	name  string
	env   Env
	paths func(b *builder) []*Path
	best  int
	step  Step
	other int
	text  string
}

// decisionCases has, for every step of RFC 4271 section 9.1.2.2 (and the
// RFC 4456 tie-breaks), paths that tie on every earlier step and differ at
// that one, arranged so that every later step would pick the loser.
var decisionCases = []decisionCase{
	{
		name:  "only path",
		paths: func(b *builder) []*Path { return []*Path{b.path(peerA)} },
		best:  0, step: StepOnly, other: -1,
		text: "the only path",
	},
	{
		name: "unreachable next hop (section 9.1.2.1) beats a higher LOCAL_PREF",
		env:  Env{Resolve: resolver(map[string]uint32{"192.0.2.1": 0}, nil)},
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA), b.path(peerB, localPref(200))}
		},
		best: 0, step: StepReachable, other: 1,
		text: "the path from B has an unreachable next hop 192.0.2.2",
	},
	{
		name: "LOCAL_PREF beats a shorter AS_PATH",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA, localPref(200), asPath("65001 65010 65020")), b.path(peerB)}
		},
		best: 0, step: StepLocalPref, other: 1,
		text: "higher LOCAL_PREF (200 > 100) than the path from B",
	},
	{
		name: "absent LOCAL_PREF counts 100",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA, localPref(99)), b.path(peerB)}
		},
		best: 1, step: StepLocalPref, other: 0,
		text: "higher LOCAL_PREF (100 > 99) than the path from A",
	},
	{
		name: "AS_PATH length (LOCAL_PREF 100 ties with an absent one)",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA, localPref(100), asPath("65001 65010")), b.path(peerB)}
		},
		best: 1, step: StepASPathLen, other: 0,
		text: "shorter AS_PATH (1 < 2) than the path from A",
	},
	{
		name: "AS_PATH length: an AS_SET counts 1",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA, asPath("65001 65010 65011")), b.path(peerB, asPath("65002 {65020 65021 65022 65023}"))}
		},
		best: 1, step: StepASPathLen, other: 0,
		text: "shorter AS_PATH (2 < 3) than the path from A",
	},
	{
		name: "AS_PATH length: confederation segments count 0",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA, asPath("65001 65010 65011")), b.path(peerB, asPath("(65100 65101 65102) [65103 65104] 65002 65020"))}
		},
		best: 1, step: StepASPathLen, other: 0,
		text: "shorter AS_PATH (2 < 3) than the path from A",
	},
	{
		name: "a local path has the shortest AS_PATH and needs no next hop",
		env:  Env{Resolve: resolver(map[string]uint32{"192.0.2.1": 0}, nil)},
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA), b.path(local)}
		},
		best: 1, step: StepASPathLen, other: 0,
		text: "shorter AS_PATH (0 < 1) than the path from A",
	},
	{
		name: "ORIGIN EGP beats INCOMPLETE",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA, origin(wire.OriginIncomplete)), b.path(peerB, origin(wire.OriginEGP))}
		},
		best: 1, step: StepOrigin, other: 0,
		text: "lower ORIGIN (EGP < INCOMPLETE) than the path from A",
	},
	{
		name: "ORIGIN IGP beats EGP",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA, origin(wire.OriginEGP)), b.path(peerB)}
		},
		best: 1, step: StepOrigin, other: 0,
		text: "lower ORIGIN (IGP < EGP) than the path from A",
	},
	{
		name: "MED within the same neighbouring AS",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA, med(20)), b.path(peerA2, med(10))}
		},
		best: 1, step: StepMED, other: 0,
		text: "lower MED (10 < 20) than the path from A",
	},
	{
		name: "a missing MED counts 0",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA, med(5)), b.path(peerA2)}
		},
		best: 1, step: StepMED, other: 0,
		text: "lower MED (0 < 5) than the path from A",
	},
	{
		name: "MED of IBGP paths, neighbouring AS from AS_PATH",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerI1, asPath("65001 65010"), med(20)), b.path(peerI2, asPath("65001 65020"), med(10))}
		},
		best: 1, step: StepMED, other: 0,
		text: "lower MED (10 < 20) than the path from I1",
	},
	{
		name: "MED of confederation paths, neighbouring AS after the confederation segments",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerI1, asPath("(65100) 65001"), med(20)), b.path(peerI2, asPath("(65200) 65001"), med(10))}
		},
		best: 1, step: StepMED, other: 0,
		text: "lower MED (10 < 20) than the path from I1",
	},
	{
		name: "MED is not compared across neighbouring ASes",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA, med(50)), b.path(peerB, med(10))}
		},
		best: 0, step: StepRouterID, other: 1,
		text: "lower router ID (10.0.0.1 < 10.0.0.2) than the path from B",
	},
	{
		name: "AlwaysCompareMED compares MED across neighbouring ASes",
		env:  Env{AlwaysCompareMED: true},
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA, med(50)), b.path(peerB, med(10))}
		},
		best: 1, step: StepMED, other: 0,
		text: "lower MED (10 < 50) than the path from A",
	},
	{
		name: "EBGP over IBGP",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerI1, asPath("65003")), b.path(peerA2)}
		},
		best: 1, step: StepExternal, other: 0,
		text: "EBGP path preferred over the IBGP path from I1",
	},
	{
		name: "a local path over IBGP",
		env:  Env{Resolve: resolver(map[string]uint32{"10.1.0.3": 0}, nil)},
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerI1), b.path(local)}
		},
		best: 1, step: StepExternal, other: 0,
		text: "local path preferred over the IBGP path from I1",
	},
	{
		name: "IGP cost",
		env:  Env{Resolve: resolver(map[string]uint32{"10.1.0.3": 20, "10.1.0.4": 10}, nil)},
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerI1, asPath("65001")), b.path(peerI2, asPath("65002"))}
		},
		best: 1, step: StepIGPCost, other: 0,
		text: "lower IGP cost to the next hop (10 < 20) than the path from I1",
	},
	{
		name: "router ID",
		env:  Env{Resolve: resolver(map[string]uint32{"10.1.0.3": 5, "10.1.0.4": 5}, nil)},
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerI2, asPath("65001")), b.path(peerI1, asPath("65002"))}
		},
		best: 1, step: StepRouterID, other: 0,
		text: "lower router ID (10.0.0.3 < 10.0.0.4) than the path from I2",
	},
	{
		name: "ORIGINATOR_ID replaces the peer's router ID (loses)",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerI1, originatorID("10.9.9.9")), b.path(peerI2)}
		},
		best: 1, step: StepRouterID, other: 0,
		text: "lower router ID (10.0.0.4 < 10.9.9.9) than the path from I1",
	},
	{
		name: "ORIGINATOR_ID replaces the peer's router ID (wins)",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerI1), b.path(peerI2, originatorID("10.0.0.1"))}
		},
		best: 1, step: StepRouterID, other: 0,
		text: "lower router ID (10.0.0.1 < 10.0.0.3) than the path from I1",
	},
	{
		name: "CLUSTER_LIST length",
		paths: func(b *builder) []*Path {
			return []*Path{
				b.path(peerI1, originatorID("10.9.9.9"), clusterList("10.0.0.50", "10.0.0.51")),
				b.path(peerI2, originatorID("10.9.9.9"), clusterList("10.0.0.52")),
			}
		},
		best: 1, step: StepClusterList, other: 0,
		text: "shorter CLUSTER_LIST (1 < 2) than the path from I1",
	},
	{
		name: "peer address",
		paths: func(b *builder) []*Path {
			return []*Path{
				b.path(peerI2, originatorID("10.9.9.9"), clusterList("10.0.0.50")),
				b.path(peerI1, originatorID("10.9.9.9"), clusterList("10.0.0.51")),
			}
		},
		best: 1, step: StepPeerAddr, other: 0,
		text: "lower peer address (10.1.0.3 < 10.1.0.4) than the path from I2",
	},
	{
		name: "path ID from the same peer",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerI1, pathID(2)), b.path(peerI1, pathID(1))}
		},
		best: 1, step: StepPeerAddr, other: 0,
		text: "lower path ID (1 < 2) from the same peer",
	},
	{
		name: "a rejected path never wins",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA, localPref(500), rejected()), b.path(peerB)}
		},
		best: 1, step: StepOnly, other: -1,
		text: "the only path",
	},
	{
		name: "every path rejected",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA, rejected()), b.path(peerB, rejected())}
		},
		best: -1, other: -1,
		text: "no usable path",
	},
	{
		name: "every next hop unreachable",
		env:  Env{Resolve: resolver(nil, nil)},
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA), b.path(peerB)}
		},
		best: -1, other: -1,
		text: "no usable path",
	},
	{
		name:  "no paths",
		paths: func(*builder) []*Path { return nil },
		best:  -1, other: -1,
		text: "no usable path",
	},
	{
		name: "three paths: LOCAL_PREF, told from the closest",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerI1, localPref(50)), b.path(peerA, localPref(200), asPath("65001 65010 65020")), b.path(peerB, localPref(150))}
		},
		best: 1, step: StepLocalPref, other: 2,
		text: "higher LOCAL_PREF (200 > 150) than the path from B",
	},
	{
		name: "three paths: AS_PATH length, told from the closest",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerI1, asPath("65003 65030 65031 65032")), b.path(peerB, asPath("65002 65020 65021")), b.path(peerC)}
		},
		best: 2, step: StepASPathLen, other: 1,
		text: "shorter AS_PATH (1 < 3) than the path from B",
	},
	{
		name: "three paths: an unreachable one and a longer AS_PATH",
		env:  Env{Resolve: resolver(map[string]uint32{"192.0.2.2": 0, "192.0.2.3": 0}, nil)},
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerA, localPref(300)), b.path(peerB, asPath("65002 65020")), b.path(peerC)}
		},
		best: 2, step: StepASPathLen, other: 1,
		text: "shorter AS_PATH (1 < 2) than the path from B",
	},
	{
		name: "three paths: absent CLUSTER_LIST counts 0",
		paths: func(b *builder) []*Path {
			return []*Path{
				b.path(peerI1, originatorID("10.9.9.9"), clusterList("10.0.0.50", "10.0.0.51")),
				b.path(peerI2, originatorID("10.9.9.9"), clusterList("10.0.0.52")),
				b.path(peerI3, originatorID("10.9.9.9")),
			}
		},
		best: 2, step: StepClusterList, other: 1,
		text: "shorter CLUSTER_LIST (0 < 1) than the path from I2",
	},
	{
		name: "three paths: router ID, told from the closest",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerI3), b.path(peerI2), b.path(peerI1)}
		},
		best: 2, step: StepRouterID, other: 1,
		text: "lower router ID (10.0.0.3 < 10.0.0.4) than the path from I2",
	},
	{
		name: "three paths: path ID, told from the closest",
		paths: func(b *builder) []*Path {
			return []*Path{b.path(peerI1, pathID(7)), b.path(peerI1, pathID(3)), b.path(peerI1, pathID(5))}
		},
		best: 1, step: StepPeerAddr, other: 2,
		text: "lower path ID (3 < 5) from the same peer",
	},
	{
		name: "peer address: IPv4 before IPv6",
		paths: func(b *builder) []*Path {
			id := originatorID("10.9.9.9")
			return []*Path{b.path(peerV6, id), b.path(peerA2, id, asPath("65006"))}
		},
		best: 1, step: StepPeerAddr, other: 0,
		text: "lower peer address (192.0.2.11 < 2001:db8::1) than the path from V6",
	},
	{
		name: "three paths: peer address, IPv4 before IPv6",
		paths: func(b *builder) []*Path {
			id := originatorID("10.9.9.9")
			return []*Path{b.path(peerV6, id), b.path(peerA2, id, asPath("65006")), b.path(peerA, id, asPath("65006"))}
		},
		best: 2, step: StepPeerAddr, other: 1,
		text: "lower peer address (192.0.2.1 < 192.0.2.11) than the path from A2",
	},
}

// TestDecision checks the winner and its reason for every case, in every
// order of the paths.
func TestDecision(t *testing.T) {
	for _, tc := range decisionCases {
		t.Run(tc.name, func(t *testing.T) {
			paths := tc.paths(newBuilder(t))
			var wantBest, wantOther *Path
			if tc.best >= 0 {
				wantBest = paths[tc.best]
			}
			if tc.other >= 0 {
				wantOther = paths[tc.other]
			}
			d := &Decider{Env: tc.env}
			orders := 0
			permutations(paths, func(ps []*Path) {
				orders++
				i, r := d.Best(ps)
				if wantBest == nil {
					require.Equal(t, -1, i)
					require.Equal(t, Reason{}, r)
					require.Equal(t, tc.text, r.String())
					return
				}
				require.GreaterOrEqual(t, i, 0, "order %d", orders)
				require.Same(t, wantBest, ps[i], "winner in order %d: got %s", orders, ps[i])
				assert.Same(t, wantBest, r.Best, "Reason.Best")
				assert.Equal(t, tc.step, r.Step, "Reason.Step in order %d", orders)
				assert.True(t, wantOther == r.Other, "Reason.Other in order %d: got %s, want %s", orders, r.Other, wantOther)
				assert.Equal(t, tc.text, r.String(), "order %d", orders)

				// Explain agrees: the winner with the same reason first,
				// then Reason.Other.
				out := d.Explain(ps)
				require.NotEmpty(t, out)
				assert.Equal(t, Outcome{Path: wantBest, Best: true, Reason: r}, out[0])
				if wantOther != nil {
					require.Greater(t, len(out), 1)
					assert.True(t, wantOther == out[1].Path, "Explain's second outcome: got %s, want %s", out[1].Path, wantOther)
				}
			})
			require.Positive(t, orders)
		})
	}
}

// TestDecisionIGPCosts checks the costs a Reason carries.
func TestDecisionIGPCosts(t *testing.T) {
	b := newBuilder(t)
	i1, i2 := b.path(peerI1, asPath("65001")), b.path(peerI2, asPath("65002"))
	d := &Decider{Env: Env{Resolve: resolver(map[string]uint32{"10.1.0.3": 20, "10.1.0.4": 10}, nil)}}
	i, r := d.Best([]*Path{i1, i2})
	require.Equal(t, 1, i)
	assert.Equal(t, Reason{Step: StepIGPCost, Best: i2, Other: i1, BestCost: 10, OtherCost: 20}, r)
}

// TestDecisionResolve checks that Resolve is asked about the next hop of
// every usable learned path, never about local or rejected paths, and that
// a nil Resolve finds everything reachable.
func TestDecisionResolve(t *testing.T) {
	b := newBuilder(t)
	paths := []*Path{b.path(peerA, rejected()), b.path(local), b.path(peerB), b.path(peerI1)}
	var asked []netip.Addr
	d := &Decider{Env: Env{Resolve: func(nh netip.Addr) (uint32, bool) {
		asked = append(asked, nh)
		return 0, true
	}}}
	i, _ := d.Best(paths)
	require.Equal(t, 1, i)
	assert.ElementsMatch(t, []netip.Addr{addr("192.0.2.2"), addr("10.1.0.3")}, asked)

	// Unreachable everywhere except for the speaker's own path.
	d.Resolve = resolver(nil, nil)
	i, r := d.Best(paths)
	require.Equal(t, 1, i)
	assert.Equal(t, StepReachable, r.Step)

	// Nil Resolve: every next hop reachable at cost 0.
	d.Resolve = nil
	i, r = d.Best([]*Path{b.path(peerI1, asPath("65001")), b.path(peerI2, asPath("65002"))})
	require.Equal(t, 0, i)
	assert.Equal(t, StepRouterID, r.Step)
}

// TestDecisionMEDNonTransitive is the classic MED ordering problem:
// compared in pairs, A beats C (same neighbouring AS, lower MED), C beats
// B (lower IGP cost) and B beats A (lower IGP cost). RFC 4271 section
// 9.1.2.2 (c) removes C first, by MED within AS 65001, then B wins on
// IGP cost; the order the paths arrive in must not matter.
func TestDecisionMEDNonTransitive(t *testing.T) {
	b := newBuilder(t)
	pa := b.path(peerI1, asPath("65001 65010"), med(10))
	pb := b.path(peerI2, asPath("65002 65020"), med(0))
	pc := b.path(peerI3, asPath("65001 65030"), med(20))
	d := &Decider{Env: Env{Resolve: resolver(map[string]uint32{"10.1.0.3": 30, "10.1.0.4": 20, "10.1.0.5": 10}, nil)}}

	// The cycle, pair by pair.
	pair := func(x, y *Path) *Path {
		i, _ := d.Best([]*Path{x, y})
		return []*Path{x, y}[i]
	}
	require.Same(t, pa, pair(pa, pc))
	require.Same(t, pc, pair(pc, pb))
	require.Same(t, pb, pair(pb, pa))

	permutations([]*Path{pa, pb, pc}, func(ps []*Path) {
		i, r := d.Best(ps)
		require.Same(t, pb, ps[i], "winner")
		assert.Equal(t, StepIGPCost, r.Step)
		assert.Same(t, pa, r.Other)
		assert.Equal(t, "lower IGP cost to the next hop (20 < 30) than the path from I1", r.String())

		out := d.Explain(ps)
		require.Len(t, out, 3)
		assert.Equal(t, Outcome{Path: pb, Best: true, Reason: r}, out[0])
		assert.Equal(t, Outcome{Path: pa, Reason: Reason{Step: StepIGPCost, Best: pb, Other: pa, BestCost: 20, OtherCost: 30}}, out[1])
		assert.Equal(t, Outcome{Path: pc, Reason: Reason{Step: StepMED, Best: pa, Other: pc, BestCost: 30, OtherCost: 10}}, out[2])
		assert.Equal(t, "lower MED (10 < 20) than the path from I3", out[2].Reason.String())
	})
}

// TestExplain checks that Explain lists every usable path: the winner
// first, then the others by the step they lost at, the latest first, each
// with the path that beat it.
func TestExplain(t *testing.T) {
	b := newBuilder(t)
	winner := b.path(peerA, med(10))
	byRouterID := b.path(peerC)
	byMED := b.path(peerA2, med(20))
	byASPath := b.path(peerB, asPath("65002 65020"))
	byLocalPref := b.path(peerI1, localPref(50), asPath("65001"))
	unreachable := b.path(peerV6, localPref(1000))
	refused := b.path(peerI2, localPref(2000), rejected())
	paths := []*Path{refused, unreachable, byLocalPref, byASPath, byMED, byRouterID, winner}
	d := &Decider{Env: Env{Resolve: resolver(map[string]uint32{
		"192.0.2.1": 0, "192.0.2.11": 0, "192.0.2.2": 0, "192.0.2.3": 0, "10.1.0.3": 0,
	}, nil)}}

	type lost struct {
		path *Path
		step Step
		by   *Path
		text string
	}
	want := []lost{
		{byRouterID, StepRouterID, winner, "lower router ID (10.0.0.1 < 10.0.0.7) than the path from C"},
		{byMED, StepMED, winner, "lower MED (10 < 20) than the path from A2"},
		{byASPath, StepASPathLen, winner, "shorter AS_PATH (1 < 2) than the path from B"},
		{byLocalPref, StepLocalPref, winner, "higher LOCAL_PREF (100 > 50) than the path from I1"},
		{unreachable, StepReachable, winner, "the path from V6 has an unreachable next hop 2001:db8::1"},
	}
	permutations(paths, func(ps []*Path) {
		i, r := d.Best(ps)
		require.Same(t, winner, ps[i])
		out := d.Explain(ps)
		require.Len(t, out, 1+len(want))
		assert.Equal(t, Outcome{Path: winner, Best: true, Reason: r}, out[0])
		assert.Equal(t, StepRouterID, r.Step)
		for k, w := range want {
			o := out[k+1]
			assert.Same(t, w.path, o.Path, "outcome %d", k+1)
			assert.False(t, o.Best, "outcome %d", k+1)
			assert.Equal(t, w.step, o.Reason.Step, "outcome %d", k+1)
			assert.Same(t, w.by, o.Reason.Best, "outcome %d", k+1)
			assert.Same(t, w.path, o.Reason.Other, "outcome %d", k+1)
			assert.Equal(t, w.text, o.Reason.String(), "outcome %d", k+1)
		}
	})

	assert.Nil(t, d.Explain(nil))
	assert.Nil(t, d.Explain([]*Path{refused}))
	out := d.Explain([]*Path{refused, winner})
	require.Len(t, out, 1)
	assert.Equal(t, Outcome{Path: winner, Best: true, Reason: Reason{Step: StepOnly, Best: winner}}, out[0])
}

// TestExplainSameStep checks the order of paths that lost at the same
// step: the closest to winning first, then by peer address, whatever the
// input order.
func TestExplainSameStep(t *testing.T) {
	b := newBuilder(t)
	winner := b.path(peerC, localPref(200))
	lps := []*Path{b.path(peerI1), b.path(peerB, localPref(150)), b.path(peerA)}
	paths := append([]*Path{winner}, lps...)
	d := &Decider{}
	permutations(paths, func(ps []*Path) {
		out := d.Explain(ps)
		require.Len(t, out, 4)
		assert.Same(t, winner, out[0].Path)
		assert.Equal(t, "higher LOCAL_PREF (200 > 150) than the path from B", out[0].Reason.String())
		got := []*Path{out[1].Path, out[2].Path, out[3].Path}
		assert.Equal(t, []*Path{lps[1], lps[0], lps[2]}, got, "LOCAL_PREF 150 first, then 10.1.0.3, 192.0.2.1")
		for _, o := range out[1:] {
			assert.Same(t, winner, o.Reason.Best)
			assert.Equal(t, StepLocalPref, o.Reason.Step)
		}
	})
}

// TestDecisionReuse checks that one Decider gives the same answers across
// calls with fewer and more paths.
func TestDecisionReuse(t *testing.T) {
	d := &Decider{}
	for _, tc := range decisionCases {
		if tc.env.Resolve != nil || tc.env.AlwaysCompareMED {
			continue
		}
		paths := tc.paths(newBuilder(t))
		i, r := d.Best(paths)
		assert.Equal(t, tc.best, i, tc.name)
		assert.Equal(t, tc.text, r.String(), tc.name)
	}
}

// TestReasonString covers the texts no decision produces.
func TestReasonString(t *testing.T) {
	b := newBuilder(t)
	p, q := b.path(peerA), b.path(peerB)
	assert.Equal(t, "no usable path", Reason{}.String())
	assert.Equal(t, "the only path", Reason{Best: p}.String())
	assert.Equal(t, "the only path", Reason{Step: StepOnly, Best: p, Other: q}.String())
	assert.Equal(t, "Step(200)", Reason{Step: 200, Best: p, Other: q}.String())
	q.Attrs = nil
	assert.Equal(t, "the path from B has an unreachable next hop ?", Reason{Step: StepReachable, Best: p, Other: q}.String())
}

// TestStepString pins the step names the reasons and the UI show.
func TestStepString(t *testing.T) {
	want := map[Step]string{
		StepOnly: "only path", StepReachable: "reachable next hop", StepLocalPref: "LOCAL_PREF",
		StepASPathLen: "AS_PATH length", StepOrigin: "ORIGIN", StepMED: "MED", StepExternal: "EBGP over IBGP",
		StepIGPCost: "IGP cost", StepRouterID: "router ID", StepClusterList: "CLUSTER_LIST length",
		StepPeerAddr: "peer address",
	}
	for s, w := range want {
		assert.Equal(t, w, s.String())
	}
	assert.Equal(t, "Step(11)", Step(11).String())
}

// TestBestNoAllocs checks that a warmed-up Decider decides a 2 to 4 path
// destination without allocating.
func TestBestNoAllocs(t *testing.T) {
	b := newBuilder(t)
	all := []*Path{
		b.path(peerI1, asPath("65001 65010"), med(10)),
		b.path(peerI2, asPath("65001 65020"), med(20), originatorID("10.0.0.1"), clusterList("10.0.0.50")),
		b.path(peerI3, asPath("65002 65030")),
		b.path(peerA, asPath("65001 65010 65040")),
	}
	costs := map[string]uint32{"10.1.0.3": 10, "10.1.0.4": 10, "10.1.0.5": 10, "192.0.2.1": 0}
	for _, env := range []Env{{}, {Resolve: resolver(costs, nil)}, {AlwaysCompareMED: true, Resolve: resolver(costs, nil)}} {
		d := &Decider{Env: env}
		for n := 2; n <= len(all); n++ {
			paths := all[:n]
			d.Best(paths)
			allocs := testing.AllocsPerRun(100, func() { d.Best(paths) })
			assert.Zero(t, allocs, "%d paths", n)
		}
	}
}

// BenchmarkDecide decides a destination with four paths that tie down to
// the router ID.
func BenchmarkDecide(b *testing.B) {
	bl := newBuilder(b)
	paths := []*Path{
		bl.path(peerI1, asPath("65001 65010"), med(10)),
		bl.path(peerI2, asPath("65002 65020")),
		bl.path(peerI3, asPath("65003 65030")),
		bl.path(peerA, asPath("65001 65040")),
	}
	d := &Decider{Env: Env{Resolve: resolver(map[string]uint32{"10.1.0.3": 10, "10.1.0.4": 10, "10.1.0.5": 10, "192.0.2.1": 10}, nil)}}
	d.Best(paths)
	b.ReportAllocs()
	for b.Loop() {
		d.Best(paths)
	}
}
