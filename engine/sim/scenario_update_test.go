package sim_test

import (
	"testing"

	"github.com/bgpplay/bgpplay/engine/sim"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScenarioFirstUpdateWholeTable: when the session comes up, A sends
// its whole Adj-RIB-Out (five routes sharing attributes: one UPDATE), then
// End-of-RIB (RFC 4724 section 2); a route announced later goes alone, and
// a withdrawal carries only the withdrawn prefix.
func TestScenarioFirstUpdateWholeTable(t *testing.T) {
	sc := load(t, "first-update-whole-table")
	five := []string{"198.51.100.0/24", "198.51.101.0/24", "198.51.102.0/24", "203.0.113.0/25", "203.0.113.128/25"}

	up := sc.events(trace.SessionUp, "A", "B", 0)
	require.Len(t, up, 1)
	assert.Equal(t, []string{
		"UPDATE +198.51.100.0/24 +198.51.101.0/24 +198.51.102.0/24 +203.0.113.0/25 +203.0.113.128/25",
		"UPDATE End-of-RIB ipv4-unicast",
	}, describe(sc.sent("A", "B", up[0].Seq)))
	for _, p := range five {
		b := sc.best("B", p)
		assert.Equal(t, "A", b.Peer.Name, p)
		assert.Equal(t, "65001", b.Attrs.ASPath.String(), p)
		assert.Equal(t, addr("192.0.2.1"), b.Attrs.NextHop, p)
	}
	assert.Len(t, sc.sp("B").AdjIn("A"), 5)
	assert.Equal(t, 5, sc.peer("B", "A").Accepted)
	// B has nothing to tell A but End-of-RIB: the routes came from A.
	upB := sc.events(trace.SessionUp, "B", "A", 0)
	require.Len(t, upB, 1)
	assert.Equal(t, []string{"UPDATE End-of-RIB ipv4-unicast"}, describe(sc.sent("B", "A", upB[0].Seq)))

	seq := sc.do(sim.Command{Op: sim.Announce, Router: "A", Prefix: pfx("192.0.2.128/25")})
	assert.Equal(t, []string{"UPDATE +192.0.2.128/25"}, describe(sc.sent("A", "B", seq)))
	assert.Equal(t, "65001", sc.best("B", "192.0.2.128/25").Attrs.ASPath.String())
	assert.Len(t, sc.sp("B").AdjIn("A"), 6)

	seq = sc.do(sim.Command{Op: sim.Withdraw, Router: "A", Prefix: pfx("198.51.101.0/24")})
	assert.Equal(t, []string{"UPDATE -198.51.101.0/24"}, describe(sc.sent("A", "B", seq)))
	sc.noRoute("B", "198.51.101.0/24")
	in := sc.routes("B", "198.51.101.0/24", trace.AdjRIBIn, "A", seq)
	require.Len(t, in, 1)
	assert.Equal(t, "Adj-RIB-In withdrawn 198.51.101.0/24 from A (withdrawn)", in[0].String())
	loc := sc.routes("B", "198.51.101.0/24", trace.LocRIB, "", seq)
	require.Len(t, loc, 1)
	assert.Equal(t, trace.Withdrawn, loc[0].Change)
	assert.Len(t, sc.sp("B").AdjIn("A"), 5)
	sc.golden()
}
