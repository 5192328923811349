package sim_test

import (
	"net/netip"
	"testing"

	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/sim"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const splitHorizon = "learned over IBGP: not sent to an IBGP peer (split horizon)"

// TestScenarioAdvertiseBestOnly: X hears 203.0.113.0/24 from A and from B
// and uses and advertises only the best path, A's (lower router ID),
// to every peer but A (RFC 4271 section 9.1.3): an EBGP-learned route goes
// to external (B, C) and internal (Y) peers alike.
func TestScenarioAdvertiseBestOnly(t *testing.T) {
	sc := load(t, "adv-best-only")
	const p = "203.0.113.0/24"

	b := sc.best("X", p)
	assert.Equal(t, "A", b.Peer.Name)
	assert.Equal(t, rib.StepRouterID, sc.sp("X").Route(pfx(p)).Reason.Step)
	assert.Equal(t, "lower router ID (10.0.0.1 < 10.0.0.3) than the path from B", sc.sp("X").Route(pfx(p)).Reason.String())
	out := sc.sp("X").Explain(pfx(p))
	require.Len(t, out, 2)
	for _, o := range out {
		if o.Path.Peer.Name == "B" {
			assert.False(t, o.Best)
			assert.Equal(t, rib.StepRouterID, o.Reason.Step)
		} else {
			assert.True(t, o.Best, o.Path.Peer.Name)
		}
	}

	// C gets one path only, the best, in one UPDATE (after the End-of-RIB
	// of X's table, empty when the session came up).
	require.Len(t, sc.sp("C").AdjIn("X"), 1)
	c := sc.best("C", p)
	assert.Equal(t, "65002 65001", c.Attrs.ASPath.String())
	assert.Equal(t, addr("192.0.2.9"), c.Attrs.NextHop)
	var updates []string
	for _, d := range describe(sc.sent("X", "C", 0)) {
		if d != "OPEN" && d != "NOTIFICATION 6/7" {
			updates = append(updates, d)
		}
	}
	assert.Equal(t, []string{"UPDATE End-of-RIB ipv4-unicast", "UPDATE +203.0.113.0/24"}, updates)

	// B is told about A's path too, but keeps its own.
	bIn := sc.adjIn("B", "X", p)
	require.NotNil(t, bIn)
	assert.Equal(t, "65002 65001", bIn.Attrs.ASPath.String())
	assert.True(t, sc.best("B", p).Peer.Local)
	assert.Equal(t, "shorter AS_PATH (0 < 2) than the path from X", sc.sp("B").Route(pfx(p)).Reason.String())

	// The internal neighbour Y gets it unchanged but for LOCAL_PREF.
	y := sc.best("Y", p)
	assert.Equal(t, "X", y.Peer.Name)
	assert.Equal(t, "65001", y.Attrs.ASPath.String())
	assert.Equal(t, addr("192.0.2.1"), y.Attrs.NextHop)
	assert.True(t, y.Attrs.Has(wire.AttrLocalPref))
	assert.Equal(t, uint32(100), y.Attrs.LocalPref(0))

	// Not back to A.
	assert.Equal(t, "learned from this peer", sc.heldBack("X", "A", p))
	assert.Len(t, sc.sp("X").AdjOut("B"), 1)
	assert.Len(t, sc.sp("X").AdjOut("C"), 1)
	assert.Len(t, sc.sp("X").AdjOut("Y"), 1)
	assert.Empty(t, sc.sp("X").AdjOut("A"))
	sc.golden()
}

// TestScenarioIBGPSplitHorizon: in AS 65002, R1-R2-R3 in a line with
// IBGP sessions R1-R2 and R2-R3 only, R2 does not pass R1's external route
// on to R3 (RFC 4271 section 9.2.1: IBGP-learned routes are not sent to
// IBGP peers): R3 has no route. A full mesh (R1-R3) or a route reflector
// (R2 with R1 and R3 as clients, RFC 4456) fixes it.
func TestScenarioIBGPSplitHorizon(t *testing.T) {
	const p = "198.51.100.0/24"
	for _, tc := range []struct {
		topo string
		// check looks at R3.
		check func(t *testing.T, sc *scenario)
	}{
		{"ibgp-line", func(t *testing.T, sc *scenario) {
			sc.noRoute("R3", p)
			assert.Empty(t, sc.sp("R3").AdjIn("R2"))
			assert.Empty(t, sc.routes("R3", p, trace.AdjRIBIn, "", 0))
			assert.Equal(t, splitHorizon, sc.heldBack("R2", "R3", p))
			assert.Empty(t, sc.sp("R2").AdjOut("R3"))
		}},
		{"ibgp-line-full-mesh", func(t *testing.T, sc *scenario) {
			b := sc.best("R3", p)
			assert.Equal(t, "R1", b.Peer.Name)
			assert.Equal(t, "65001", b.Attrs.ASPath.String())
			assert.Equal(t, addr("192.0.2.1"), b.Attrs.NextHop)
			assert.False(t, b.Attrs.Has(wire.AttrOriginatorID))
			assert.False(t, b.Attrs.Has(wire.AttrClusterList))
			// R2 still keeps it from R3: R3 has one path.
			assert.Equal(t, splitHorizon, sc.heldBack("R2", "R3", p))
			assert.Equal(t, "Loc-RIB added 198.51.100.0/24 from R1 via 192.0.2.1 [65001] lp 100 (the only path)",
				sc.lastRoute("R3", p, trace.LocRIB, "").String())
		}},
		{"ibgp-line-rr", func(t *testing.T, sc *scenario) {
			b := sc.best("R3", p)
			assert.Equal(t, "R2", b.Peer.Name)
			assert.Equal(t, "65001", b.Attrs.ASPath.String())
			assert.Equal(t, addr("192.0.2.1"), b.Attrs.NextHop, "reflection keeps the next hop")
			assert.True(t, b.Attrs.Has(wire.AttrOriginatorID))
			assert.Equal(t, addr("10.0.0.1"), b.Attrs.OriginatorID)
			assert.Equal(t, []netip.Addr{addr("10.0.0.2")}, b.Attrs.ClusterList)
			assert.Equal(t, uint32(100), b.Attrs.LocalPref(0))
			out := sc.adjOut("R2", "R3", p)
			require.NotNil(t, out)
			assert.Equal(t, addr("10.0.0.1"), out.OriginatorID)
			// Not reflected back to the client it came from.
			assert.Equal(t, "learned from this peer", sc.heldBack("R2", "R1", p))
		}},
	} {
		t.Run(tc.topo, func(t *testing.T) {
			sc := load(t, tc.topo)
			// R1 and R2 have it in every case.
			assert.Equal(t, "E", sc.best("R1", p).Peer.Name)
			assert.Equal(t, "R1", sc.best("R2", p).Peer.Name)
			tc.check(t, sc)
			sc.golden()
		})
	}
}

// TestScenarioRouteReflectorRules: RFC 4456 section 8. A route from the
// client C1 is reflected to the other client C2 and to the non-clients
// N1 and N2; a route from the non-client N1 is reflected to the clients
// only (N2 has it from N1 itself). Reflected routes carry ORIGINATOR_ID
// and the reflector's cluster ID in CLUSTER_LIST.
func TestScenarioRouteReflectorRules(t *testing.T) {
	sc := load(t, "rr-rules")
	const fromClient, fromNonClient = "198.51.100.0/24", "203.0.113.0/24"
	cluster := []netip.Addr{addr("10.0.0.100")}

	for _, r := range []string{"C2", "N1", "N2"} {
		b := sc.best(r, fromClient)
		assert.Equal(t, "RR", b.Peer.Name, r)
		assert.Equal(t, addr("10.0.0.11"), b.Attrs.OriginatorID, r)
		assert.Equal(t, cluster, b.Attrs.ClusterList, r)
		assert.Equal(t, addr("192.0.2.2"), b.Attrs.NextHop, r)
		assert.Equal(t, "65001", b.Attrs.ASPath.String(), r)
	}
	assert.Equal(t, "learned from this peer", sc.heldBack("RR", "C1", fromClient))
	// N1 does not pass the reflected route on to N2: it is no reflector.
	assert.Equal(t, splitHorizon, sc.heldBack("N1", "N2", fromClient))

	for _, r := range []string{"C1", "C2"} {
		b := sc.best(r, fromNonClient)
		assert.Equal(t, "RR", b.Peer.Name, r)
		assert.Equal(t, addr("10.0.0.21"), b.Attrs.OriginatorID, r)
		assert.Equal(t, cluster, b.Attrs.ClusterList, r)
		assert.Equal(t, addr("192.0.2.6"), b.Attrs.NextHop, r)
	}
	assert.Equal(t, splitHorizon, sc.heldBack("RR", "N2", fromNonClient))
	assert.Nil(t, sc.adjIn("N2", "RR", fromNonClient))
	n2 := sc.best("N2", fromNonClient)
	assert.Equal(t, "N1", n2.Peer.Name)
	assert.False(t, n2.Attrs.Has(wire.AttrOriginatorID))
	assert.False(t, n2.Attrs.Has(wire.AttrClusterList))

	// What the clients learned from the reflector does not go back.
	assert.Equal(t, "learned from this peer", sc.heldBack("C2", "RR", fromClient))
	assert.Equal(t, "learned from this peer", sc.heldBack("C1", "RR", fromNonClient))
	st := sc.peer("RR", "C1")
	assert.True(t, st.RRClient)
	assert.True(t, st.Internal)
	assert.False(t, sc.peer("RR", "N1").RRClient)
	sc.golden()
}

// TestScenarioReflectionLoops: RFC 4456 section 8. Two reflectors of one
// cluster discard each other's reflections of C's route (CLUSTER_LIST
// holds their cluster ID); and a client that receives its own route back
// through two reflectors of different clusters discards it (ORIGINATOR_ID
// is its router ID). Both stay in the Adj-RIB-In as "rejected".
func TestScenarioReflectionLoops(t *testing.T) {
	const p = "198.51.100.0/24"
	t.Run("cluster-list", func(t *testing.T) {
		sc := load(t, "rr-cluster-loop")
		for _, tc := range []struct{ at, from string }{{"RR2", "RR1"}, {"RR1", "RR2"}} {
			in := sc.adjIn(tc.at, tc.from, p)
			require.NotNil(t, in, "%s has nothing from %s", tc.at, tc.from)
			assert.Nil(t, in.Attrs, "not usable")
			assert.Equal(t, []netip.Addr{addr("10.0.0.100")}, in.Received.ClusterList)
			assert.Equal(t, addr("10.0.0.11"), in.Received.OriginatorID)
			r := sc.lastRoute(tc.at, p, trace.AdjRIBIn, tc.from)
			assert.Equal(t, trace.Rejected, r.Change)
			assert.Equal(t, "CLUSTER_LIST contains our cluster ID 10.0.0.100", r.Why)
			b := sc.best(tc.at, p)
			assert.Equal(t, "C", b.Peer.Name)
			assert.Equal(t, rib.StepOnly, sc.sp(tc.at).Route(pfx(p)).Reason.Step)
			st := sc.peer(tc.at, tc.from)
			assert.Equal(t, 1, st.Received)
			assert.Equal(t, 0, st.Accepted)
		}
		sc.golden()
	})
	t.Run("originator-id", func(t *testing.T) {
		sc := load(t, "rr-originator-loop")
		// C's export policy keeps the route from RR2, which learns it
		// from RR1 only and reflects it to its client C.
		assert.Equal(t, "export policy nothing: rejected by default", sc.heldBack("C", "RR2", p))
		b := sc.best("RR2", p)
		assert.Equal(t, "RR1", b.Peer.Name)
		out := sc.adjOut("RR2", "C", p)
		require.NotNil(t, out)
		assert.Equal(t, addr("10.0.0.11"), out.OriginatorID)
		assert.Equal(t, []netip.Addr{addr("10.0.0.2"), addr("10.0.0.1")}, out.ClusterList)
		in := sc.adjIn("C", "RR2", p)
		require.NotNil(t, in)
		assert.Nil(t, in.Attrs)
		r := sc.lastRoute("C", p, trace.AdjRIBIn, "RR2")
		assert.Equal(t, trace.Rejected, r.Change)
		assert.Equal(t, "ORIGINATOR_ID is our router ID 10.0.0.11", r.Why)
		assert.Equal(t, "E", sc.best("C", p).Peer.Name)
		assert.Len(t, sc.sp("C").Explain(pfx(p)), 1, "the looped path is no candidate")
		sc.golden()
	})
}

// TestScenarioCommunities: RFC 1997. R1 tags 198.51.100.0/24 NO_EXPORT and
// 198.51.101.0/24 NO_ADVERTISE on import from E. The first reaches R2 over
// IBGP but not F; the second stays in R1. 198.51.102.0/24 goes everywhere.
func TestScenarioCommunities(t *testing.T) {
	sc := load(t, "communities")
	const noExport, noAdvertise, plain = "198.51.100.0/24", "198.51.101.0/24", "198.51.102.0/24"

	r1 := sc.best("R1", noExport)
	assert.Equal(t, []wire.Community{wire.CommunityNoExport}, r1.Attrs.Communities)
	assert.Empty(t, r1.Received.Communities, "E sent none: import policy added it")
	r2 := sc.best("R2", noExport)
	assert.Equal(t, "R1", r2.Peer.Name)
	assert.Equal(t, []wire.Community{wire.CommunityNoExport}, r2.Attrs.Communities)
	sc.noRoute("F", noExport)
	assert.Equal(t, "NO_EXPORT community: not sent outside the AS", sc.heldBack("R2", "F", noExport))

	assert.Equal(t, []wire.Community{wire.CommunityNoAdvertise}, sc.best("R1", noAdvertise).Attrs.Communities)
	sc.noRoute("R2", noAdvertise)
	sc.noRoute("F", noAdvertise)
	assert.Equal(t, "NO_ADVERTISE community", sc.heldBack("R1", "R2", noAdvertise))

	f := sc.best("F", plain)
	assert.Equal(t, "65002 65001", f.Attrs.ASPath.String())
	assert.Empty(t, f.Attrs.Communities)
	assert.Equal(t, []string{plain}, prefixes(sc.sp("F").AdjIn("R2")))
	sc.golden()
}

// TestScenarioIGPSync: R2 synchronizes (RFC 1771 section 9.2.1.1): an
// IBGP route goes to its external peer F only when the IGP of AS 65002
// reaches the prefix. R1's own 203.0.113.0/24 is in the IGP; E's
// 198.51.100.0/24 is not, until the link from R1 to the host subnet
// 198.51.100.0/24 comes up.
func TestScenarioIGPSync(t *testing.T) {
	sc := load(t, "igp-sync")
	const external, internal = "198.51.100.0/24", "203.0.113.0/24"

	assert.Equal(t, "R1", sc.best("R2", external).Peer.Name)
	sc.noRoute("F", external)
	assert.Equal(t, "not synchronized: the IGP does not reach 198.51.100.0/24", sc.heldBack("R2", "F", external))
	assert.Equal(t, "65002", sc.best("F", internal).Attrs.ASPath.String())

	seq := sc.do(sim.Command{Op: sim.LinkUp, Link: 3})
	f := sc.best("F", external)
	assert.Equal(t, "65002 65001", f.Attrs.ASPath.String())
	assert.Equal(t, addr("192.0.2.5"), f.Attrs.NextHop)
	out := sc.routes("R2", external, trace.AdjRIBOut, "F", seq)
	require.Len(t, out, 1)
	assert.Equal(t, "Adj-RIB-Out added 198.51.100.0/24 via 192.0.2.5 [65002 65001]", out[0].String())
	assert.Equal(t, []string{"UPDATE +198.51.100.0/24"}, describe(sc.sent("R2", "F", seq)))
	sc.golden()
}

// TestScenarioASPathLoop: RFC 4271 section 9.1.2. C1 (AS 65001) discards
// the route of its own AS's other site A; C2, with allowas_in 1, accepts
// it.
func TestScenarioASPathLoop(t *testing.T) {
	sc := load(t, "aspath-loop")
	const p = "198.51.100.0/24"

	in := sc.adjIn("C1", "B", p)
	require.NotNil(t, in)
	assert.Nil(t, in.Attrs)
	assert.Equal(t, "65002 65001", in.Received.ASPath.String())
	r := sc.lastRoute("C1", p, trace.AdjRIBIn, "B")
	assert.Equal(t, "Adj-RIB-In rejected 198.51.100.0/24 from B via 192.0.2.5 [65002 65001] (AS_PATH contains our AS 65001)", r.String())
	sc.noRoute("C1", p)
	assert.Empty(t, sc.routes("C1", p, trace.LocRIB, "", 0))

	b := sc.best("C2", p)
	assert.Equal(t, "B", b.Peer.Name)
	assert.Equal(t, "65002 65001", b.Attrs.ASPath.String())
	assert.Equal(t, "Adj-RIB-In added 198.51.100.0/24 from B via 192.0.2.9 [65002 65001]",
		sc.lastRoute("C2", p, trace.AdjRIBIn, "B").String())
	sc.golden()
}

// prefixes lists the prefixes of paths.
func prefixes(ps []*rib.Path) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Prefix.String()
	}
	return out
}
