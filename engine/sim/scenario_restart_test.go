package sim_test

import (
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/sim"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Graceful restart (RFC 4724) between A and B, restart time 30 s. A
// originates 203.0.113.0/24 from its configuration and 198.51.100.0/24
// by a command, which a fresh boot forgets.
const (
	grKept = "203.0.113.0/24"  // A sends it again after the restart
	grGone = "198.51.100.0/24" // A does not
)

// grStart loads the topology, announces grGone and crashes A.
func grStart(t *testing.T, name string) (*scenario, time.Duration) {
	sc := load(t, "graceful-restart")
	sc.name = name
	sc.do(sim.Command{Op: sim.Announce, Router: "A", Prefix: pfx(grGone)})
	for _, p := range []string{grKept, grGone} {
		require.Equal(t, "65002 65001", sc.best("C", p).Attrs.ASPath.String())
	}
	crashed := sc.s.Now()
	require.NoError(t, sc.s.Do(sim.Command{Op: sim.Crash, Router: "A"}))
	return sc, crashed
}

// grStaleAtB checks that B keeps both of A's routes as stale.
func grStaleAtB(t *testing.T, sc *scenario) {
	t.Helper()
	in := sc.sp("B").AdjIn("A")
	require.Len(t, in, 2)
	for _, p := range in {
		assert.True(t, p.Stale, p.Prefix.String())
		assert.NotNil(t, p.Attrs, p.Prefix.String())
	}
	assert.Equal(t, 2, sc.peer("B", "A").Stale)
	for _, p := range []string{grKept, grGone} {
		r := sc.routes("B", p, trace.AdjRIBIn, "A", 0)
		require.NotEmpty(t, r)
		assert.Equal(t, "Adj-RIB-In stale "+p+" from A via 192.0.2.1 [65001] (peer restarting)", r[len(r)-1].String())
	}
}

// TestScenarioGracefulRestart: A restarts before B's hold timer noticed
// the crash. Its new connection tells B that the old session is over
// without a NOTIFICATION: B keeps A's routes as stale, still uses them
// and tells C nothing (RFC 4724 section 4.2). A, restarting, defers its
// own routes until B's End-of-RIB (section 4.1), then sends its table and
// End-of-RIB; B removes the stale route A did not send again, and only
// that one is withdrawn from C.
func TestScenarioGracefulRestart(t *testing.T) {
	sc, _ := grStart(t, "graceful-restart")
	sc.run(5 * time.Second)
	restart := sc.s.Log().Len() + 1
	require.NoError(t, sc.s.Do(sim.Command{Op: sim.Restart, Router: "A"}))

	note := sc.stepUntil(func(e trace.Event) bool { return e.Kind == trace.Note && e.Router == "B" })
	assert.Equal(t, "graceful restart: keeping 2 routes as stale for 30s", note.Text)
	assert.Equal(t, []string{"graceful restart: the peer opened a new session on #3, so this one is over"},
		texts(sc.events(trace.SessionDown, "B", "A", restart)))
	grStaleAtB(t, sc)
	// The data stays in the Loc-RIB, and C hears nothing.
	for _, p := range []string{grKept, grGone} {
		assert.Equal(t, "A", sc.best("B", p).Peer.Name, p)
		assert.True(t, sc.best("B", p).Stale, p)
		assert.Equal(t, "65002 65001", sc.best("C", p).Attrs.ASPath.String(), p)
	}
	assert.True(t, sc.sp("A").Deferring(), "A waits for B's End-of-RIB")
	assert.Equal(t, []string{"restarting: route selection deferred until every peer sent End-of-RIB"},
		texts(sc.events(trace.Note, "A", "", restart)))

	sc.quiet()
	assert.False(t, sc.sp("A").Deferring())
	assert.Equal(t, []string{
		"restarting: route selection deferred until every peer sent End-of-RIB",
		"End-of-RIB received for ipv4-unicast",
		"restart complete: advertising routes",
	}, texts(sc.events(trace.Note, "A", "", restart)))
	assert.Equal(t, []string{"UPDATE +203.0.113.0/24", "UPDATE End-of-RIB ipv4-unicast"}, describe(updates(sc.sent("A", "B", restart))))

	kept := sc.best("B", grKept)
	assert.Equal(t, "A", kept.Peer.Name)
	assert.False(t, kept.Stale, "refreshed")
	sc.noRoute("B", grGone)
	assert.Equal(t, "Adj-RIB-In withdrawn 198.51.100.0/24 from A (stale: not refreshed before End-of-RIB)",
		sc.lastRoute("B", grGone, trace.AdjRIBIn, "A").String())
	assert.Equal(t, 0, sc.peer("B", "A").Stale)
	assert.Len(t, sc.sp("B").AdjIn("A"), 1)

	// C lost only the route A did not send again; the other never moved.
	assert.Equal(t, []string{"UPDATE -198.51.100.0/24"}, describe(sc.sent("B", "C", restart)))
	sc.noRoute("C", grGone)
	assert.Len(t, sc.routes("C", grKept, trace.LocRIB, "", 0), 1, "added once, never withdrawn")
	assert.Equal(t, "65002 65001", sc.best("C", grKept).Attrs.ASPath.String())
	sc.golden()
}

// TestScenarioGracefulRestartNotBack: A loses power and its link goes
// dark. B's session ends without a NOTIFICATION, so B keeps A's routes as
// stale for A's restart time (RFC 4724 section 4.2) — though it cannot use
// them while their next hop is on the dead link — and removes them when
// the 30 s pass without A.
func TestScenarioGracefulRestartNotBack(t *testing.T) {
	sc, crashed := grStart(t, "graceful-restart-not-back")
	down := sc.s.Log().Len() + 1
	require.NoError(t, sc.s.Do(sim.Command{Op: sim.LinkDown, Link: 0}))
	sc.run(time.Second)
	assert.Equal(t, []string{"the TCP connection failed or was closed"}, texts(sc.events(trace.SessionDown, "B", "A", down)))
	assert.Equal(t, []string{"graceful restart: keeping 2 routes as stale for 30s"}, texts(sc.events(trace.Note, "B", "A", down)))
	grStaleAtB(t, sc)
	for _, p := range []string{grKept, grGone} {
		d := sc.sp("B").Route(pfx(p))
		require.NotNil(t, d, p)
		assert.Len(t, d.Paths, 1)
		assert.Nil(t, d.Best, "the next hop 192.0.2.1 is on the link that is down")
		sc.noRoute("C", p)
	}

	sc.quiet()
	var fired []trace.Event
	for _, e := range sc.events(trace.TimerFired, "B", "A", down) {
		if e.Text == "RestartTimer expired" {
			fired = append(fired, e)
		}
	}
	require.Len(t, fired, 1)
	assert.Equal(t, crashed+30*time.Second, fired[0].At)
	assert.Equal(t, []string{
		"graceful restart: keeping 2 routes as stale for 30s",
		"graceful restart: the peer did not come back within its restart time: removing stale routes",
	}, texts(sc.events(trace.Note, "B", "A", down)))
	assert.Empty(t, sc.sp("B").AdjIn("A"))
	assert.Equal(t, 0, sc.peer("B", "A").Stale)
	for _, p := range []string{grKept, grGone} {
		r := sc.lastRoute("B", p, trace.AdjRIBIn, "A")
		assert.Equal(t, "Adj-RIB-In withdrawn "+p+" from A (stale: restart time over)", r.String())
		assert.Nil(t, sc.sp("B").Route(pfx(p)))
	}
	sc.golden()
}

// updates keeps the UPDATE messages.
func updates(ms []sentMsg) []sentMsg {
	var out []sentMsg
	for _, m := range ms {
		if m.typ == wire.TypeUpdate {
			out = append(out, m)
		}
	}
	return out
}
