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

// grStart loads the topology, announces grGone, crashes A's BGP process
// and runs until B saw its connection reset. It returns when A crashed
// and the sequence number of the crash command's first event.
func grStart(t *testing.T, name string) (sc *scenario, crashed time.Duration, seq int) {
	sc = load(t, "graceful-restart")
	sc.name = name
	sc.do(sim.Command{Op: sim.Announce, Router: "A", Prefix: pfx(grGone)})
	for _, p := range []string{grKept, grGone} {
		require.Equal(t, "65002 65001", sc.best("C", p).Attrs.ASPath.String())
	}
	crashed, seq = sc.s.Now(), sc.s.Log().Len()+1
	require.NoError(t, sc.s.Do(sim.Command{Op: sim.Crash, Router: "A"}))
	sc.run(time.Second)
	return sc, crashed, seq
}

// grHelping checks what B did when A's host reset their connection: it
// saw the session end one link latency after the crash, without a
// NOTIFICATION either way, and keeps A's routes as stale and in use for
// A's restart time, telling C nothing (RFC 4724 section 4.2).
func grHelping(t *testing.T, sc *scenario, crashed time.Duration, seq int) {
	t.Helper()
	closes := sc.events(trace.TCPClose, "B", "A", seq)
	require.Len(t, closes, 1)
	assert.Equal(t, "connection reset by A", closes[0].Text)
	assert.Equal(t, crashed+10*time.Millisecond, closes[0].At, "one link latency after the crash")
	down := sc.events(trace.SessionDown, "B", "A", seq)
	require.Len(t, down, 1)
	assert.Equal(t, "the TCP connection failed or was closed", down[0].Text)
	assert.Equal(t, crashed+10*time.Millisecond, down[0].At)
	assert.Empty(t, timerFired(sc, "B", "A", "HoldTimer", seq), "no hold timer involved")
	for _, pair := range [][2]string{{"A", "B"}, {"B", "A"}} {
		for _, m := range sc.sent(pair[0], pair[1], seq) {
			assert.NotEqual(t, wire.TypeNotification, m.typ, "%s to %s", pair[0], pair[1])
		}
	}
	notes := sc.events(trace.Note, "B", "A", seq)
	require.NotEmpty(t, notes)
	assert.Equal(t, "graceful restart: keeping 2 routes as stale for 30s", notes[0].Text)
	assert.Equal(t, crashed+10*time.Millisecond, notes[0].At)
	grStaleAtB(t, sc)
	for _, p := range []string{grKept, grGone} {
		assert.Equal(t, "A", sc.best("B", p).Peer.Name, p)
		assert.True(t, sc.best("B", p).Stale, p)
		assert.Equal(t, "65002 65001", sc.best("C", p).Attrs.ASPath.String(), p)
	}
	assert.Empty(t, sc.sent("B", "C", seq), "C hears nothing")
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

// TestScenarioGracefulRestart: A's BGP process crashes on a host that
// keeps running, so the host resets the TCP connection: B sees it fail
// without a NOTIFICATION, keeps A's routes as stale, still uses them and
// tells C nothing (RFC 4724 section 4.2); B's attempts to reconnect are
// refused at once. A restarts within its restart time and opens a
// session with the Restart State (R) bit (section 3); A, restarting,
// defers its own routes until B's End-of-RIB (section 4.1), then sends
// its table and End-of-RIB; B removes the stale route A did not send
// again, and only that one is withdrawn from C.
func TestScenarioGracefulRestart(t *testing.T) {
	sc, crashed, seq := grStart(t, "graceful-restart")
	grHelping(t, sc, crashed, seq)
	sc.run(4 * time.Second)
	refused := sc.events(trace.TCPRefused, "B", "A", seq)
	require.NotEmpty(t, refused, "B tried to reconnect")
	for _, e := range refused {
		assert.Equal(t, "connection refused by 192.0.2.1: nothing listens on port 179", e.Text)
	}
	grHelping(t, sc, crashed, seq)

	restart := sc.s.Log().Len() + 1
	require.NoError(t, sc.s.Do(sim.Command{Op: sim.Restart, Router: "A"}))
	assert.Equal(t, []string{"restarting: route selection deferred until every peer sent End-of-RIB"},
		texts(sc.events(trace.Note, "A", "", restart)))
	up := sc.stepUntil(func(e trace.Event) bool { return e.Kind == trace.SessionUp && e.Router == "B" })
	assert.Contains(t, up.Text, "peer graceful restart (restart time 30 s, R (restarting), ipv4-unicast (F))")
	assert.True(t, sc.sp("A").Deferring(), "A waits for B's End-of-RIB")
	grStaleAtB(t, sc)

	sc.quiet()
	assert.Empty(t, sc.events(trace.SessionDown, "B", "A", restart))
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
	assert.Empty(t, timerFired(sc, "B", "A", "RestartTimer", seq), "the restart timer was stopped")

	// C lost only the route A did not send again; the other never moved.
	assert.Equal(t, []string{"UPDATE -198.51.100.0/24"}, describe(sc.sent("B", "C", seq)))
	sc.noRoute("C", grGone)
	assert.Len(t, sc.routes("C", grKept, trace.LocRIB, "", 0), 1, "added once, never withdrawn")
	assert.Equal(t, "65002 65001", sc.best("C", grKept).Attrs.ASPath.String())
	sc.golden()
}

// TestScenarioGracefulRestartNotBack: A's BGP process crashes and never
// comes back. B keeps A's routes as stale and in use for A's restart
// time (RFC 4724 section 4.2), its attempts to reconnect refused, and
// removes them when the 30 s pass without A; only then does C lose them.
func TestScenarioGracefulRestartNotBack(t *testing.T) {
	sc, crashed, seq := grStart(t, "graceful-restart-not-back")
	grHelping(t, sc, crashed, seq)

	sc.quiet()
	fired := timerFired(sc, "B", "A", "RestartTimer", seq)
	require.Len(t, fired, 1)
	assert.Equal(t, crashed+10*time.Millisecond+30*time.Second, fired[0].At, "the restart time after B saw the reset")
	assert.Equal(t, []string{
		"graceful restart: keeping 2 routes as stale for 30s",
		"graceful restart: the peer did not come back within its restart time: removing stale routes",
	}, texts(sc.events(trace.Note, "B", "A", seq)))
	assert.Empty(t, sc.sp("B").AdjIn("A"))
	assert.Equal(t, 0, sc.peer("B", "A").Stale)
	for _, p := range []string{grKept, grGone} {
		r := sc.lastRoute("B", p, trace.AdjRIBIn, "A")
		assert.Equal(t, "Adj-RIB-In withdrawn "+p+" from A (stale: restart time over)", r.String())
		assert.Nil(t, sc.sp("B").Route(pfx(p)))
		sc.noRoute("C", p)
	}
	sent := sc.sent("B", "C", seq)
	require.Len(t, sent, 1)
	assert.Equal(t, fired[0].At, sc.s.Log().Events()[sent[0].seq-1].At, "C hears of it when the restart time is over")
	assert.Equal(t, []string{"UPDATE -198.51.100.0/24 -203.0.113.0/24"}, describe(sent))
	assert.NotEmpty(t, sc.events(trace.TCPRefused, "B", "A", seq), "B kept trying, refused")
	assert.Empty(t, sc.events(trace.SessionUp, "B", "A", seq))
	sc.golden()
}

// timerFired returns the expiries of router's timer name about peer from
// event seq on.
func timerFired(sc *scenario, router, peer, name string, seq int) []trace.Event {
	var out []trace.Event
	for _, e := range sc.events(trace.TimerFired, router, peer, seq) {
		if e.Text == name+" expired" {
			out = append(out, e)
		}
	}
	return out
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
