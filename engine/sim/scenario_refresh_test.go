package sim_test

import (
	"testing"

	"github.com/bgpplay/bgpplay/engine/sim"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScenarioPolicyAndRefresh: B's import policy from A rejects
// 203.0.113.0/24 (kept in the Adj-RIB-In as rejected, not used); its
// export policy to C prepends AS 65002 twice more, sets MED 77 and adds
// community 65002:100. A soft reset of B's session with A (RFC 2918, RFC
// 7313) asks A for its routes again — A answers between BoRR and EoRR —
// and sends A B's own Adj-RIB-Out again; nothing changes in the RIBs.
func TestScenarioPolicyAndRefresh(t *testing.T) {
	sc := load(t, "refresh-policy")
	const p1, p2, rejected, fromC = "198.51.100.0/24", "198.51.101.0/24", "203.0.113.0/24", "198.51.102.0/24"

	in := sc.adjIn("B", "A", rejected)
	require.NotNil(t, in)
	assert.Nil(t, in.Attrs)
	assert.Equal(t, "65001", in.Received.ASPath.String())
	r := sc.lastRoute("B", rejected, trace.AdjRIBIn, "A")
	assert.Equal(t, trace.Rejected, r.Change)
	assert.Equal(t, `import policy from-a: rejected by term "no-doc3"`, r.Why)
	sc.noRoute("B", rejected)
	sc.noRoute("C", rejected)
	st := sc.peer("B", "A")
	assert.Equal(t, 3, st.Received)
	assert.Equal(t, 2, st.Accepted)

	for _, p := range []string{p1, p2} {
		c := sc.best("C", p)
		assert.Equal(t, "65002 65002 65002 65001", c.Attrs.ASPath.String(), p)
		assert.True(t, c.Attrs.Has(wire.AttrMED), p)
		assert.Equal(t, uint32(77), c.Attrs.MED, p)
		assert.Equal(t, communities(t, "65002:100"), c.Attrs.Communities, p)
		assert.Equal(t, addr("192.0.2.5"), c.Attrs.NextHop, p)
		out := sc.adjOut("B", "C", p)
		require.NotNil(t, out)
		assert.Equal(t, c.Received.ASPath.String(), out.ASPath.String())
		// Policy on the way out only: B's own view is unchanged.
		b := sc.best("B", p)
		assert.Equal(t, "65001", b.Attrs.ASPath.String())
		assert.False(t, b.Attrs.Has(wire.AttrMED))
		assert.Empty(t, b.Attrs.Communities)
	}
	// The two routes share attributes: one UPDATE.
	assert.Equal(t, []string{"UPDATE End-of-RIB ipv4-unicast", "UPDATE +198.51.100.0/24 +198.51.101.0/24"},
		describe(updates(sc.sent("B", "C", 0))))
	// A route from C goes to A without C's export policy.
	assert.Equal(t, "65002 65003", sc.best("A", fromC).Attrs.ASPath.String())

	seq := sc.do(sim.Command{Op: sim.SoftReset, Router: "B", Peer: "A"})
	assert.Equal(t, []string{
		"ROUTE-REFRESH ipv4-unicast Route-Refresh",
		"UPDATE +198.51.102.0/24",
	}, describe(sc.sent("B", "A", seq)))
	assert.Equal(t, []string{
		"ROUTE-REFRESH ipv4-unicast BoRR",
		"UPDATE +198.51.100.0/24 +198.51.101.0/24 +203.0.113.0/24",
		"ROUTE-REFRESH ipv4-unicast EoRR",
	}, describe(sc.sent("A", "B", seq)))
	assert.Equal(t, []string{"route refresh requested for ipv4-unicast"}, texts(sc.events(trace.Note, "A", "B", seq)))
	assert.Empty(t, sc.sent("B", "C", seq), "C hears nothing: nothing changed")
	for _, p := range []string{p1, p2, fromC} {
		assert.Empty(t, sc.routes("B", p, trace.LocRIB, "", seq), "B's best path for %s did not change", p)
	}
	assert.Empty(t, sc.events(trace.SessionDown, "", "", seq), "a soft reset keeps the session")
	st = sc.peer("B", "A")
	assert.Equal(t, 3, st.Received)
	assert.Equal(t, 2, st.Accepted)
	assert.Equal(t, 0, st.Stale)
	sc.noRoute("B", rejected)
	assert.Equal(t, "65002 65002 65002 65001", sc.best("C", p1).Attrs.ASPath.String())
	sc.golden()
}

// TestScenarioHardReset: a hard reset of B's session with A ends it with
// Cease / Administrative Reset (RFC 4486), so B drops A's routes and
// withdraws them from C; the session comes straight back and so do they.
func TestScenarioHardReset(t *testing.T) {
	sc := load(t, "refresh-policy")
	sc.name = "hard-reset"
	const p1 = "198.51.100.0/24"

	seq := sc.do(sim.Command{Op: sim.Reset, Router: "B", Peer: "A"})
	sent := describe(sc.sent("B", "A", seq))
	require.NotEmpty(t, sent)
	assert.Equal(t, "NOTIFICATION 6/4", sent[0])
	assert.Equal(t, []string{"reset by the operator"}, texts(sc.events(trace.SessionDown, "B", "A", seq)))
	down := sc.events(trace.SessionDown, "A", "B", seq)
	require.Len(t, down, 1)
	assert.Equal(t, `the peer sent NOTIFICATION Cease / Administrative Reset: "administrative reset"`, down[0].Text)
	assert.Equal(t, []string{
		"UPDATE -198.51.100.0/24 -198.51.101.0/24",
		"UPDATE +198.51.100.0/24 +198.51.101.0/24",
	}, describe(updates(sc.sent("B", "C", seq))))
	assert.Len(t, sc.events(trace.SessionUp, "B", "A", seq), 1)
	assert.Equal(t, "65002 65002 65002 65001", sc.best("C", p1).Attrs.ASPath.String())
	var changes []trace.Change
	for _, r := range sc.routes("C", p1, trace.LocRIB, "", seq) {
		changes = append(changes, r.Change)
	}
	assert.Equal(t, []trace.Change{trace.Withdrawn, trace.Added}, changes)
	sc.golden()
}
