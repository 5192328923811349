package sim_test

import (
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/sim"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScenarioCollision: A and B dial each other at start (RFC 4271
// section 6.8). The connection dialled by the higher BGP Identifier, B,
// survives; the other is closed with Cease / Connection Collision
// Resolution, and exactly one session comes up.
func TestScenarioCollision(t *testing.T) {
	sc := load(t, "hold-timer")
	dumped := func(router string) []string {
		var out []string
		for _, e := range sc.events(trace.StateChange, router, "", 0) {
			if e.Peer == "A" || e.Peer == "B" {
				if contains(e.Text, "OpenCollisionDump") {
					out = append(out, e.Text)
				}
			}
		}
		return out
	}
	assert.Equal(t, []string{"#2 OpenSent -> Idle on OpenCollisionDump (event 23): connection collision with #1: " +
		"our BGP Identifier 10.0.0.2 (167772162) is higher than the peer's 10.0.0.1 (167772161), so the connection we initiated survives"}, dumped("B"))
	assert.Equal(t, []string{"#1 OpenConfirm -> Idle on OpenCollisionDump (event 23): connection collision with #2: " +
		"the peer's BGP Identifier 10.0.0.2 (167772162) is higher than ours 10.0.0.1 (167772161), so the connection the peer initiated survives"}, dumped("A"))

	// Two connections were made, one was closed: B's #2 is A's #1.
	assert.Len(t, sc.events(trace.TCPEstablished, "A", "B", 0), 2)
	assert.Len(t, sc.events(trace.TCPEstablished, "B", "A", 0), 2)
	closes := func(router, peer string) []uint32 {
		var out []uint32
		for _, e := range sc.events(trace.TCPClose, router, peer, 0) {
			out = append(out, e.Conn)
		}
		return out
	}
	assert.Equal(t, []uint32{1}, closes("A", "B"))
	assert.Equal(t, []uint32{2}, closes("B", "A"))
	// One session came up on each side, on the surviving connection.
	established := func(router, peer string) []string {
		var out []string
		for _, e := range sc.events(trace.StateChange, router, peer, 0) {
			if contains(e.Text, "-> Established") {
				out = append(out, e.Text)
			}
		}
		return out
	}
	assert.Equal(t, []string{"#2 OpenConfirm -> Established on KeepAliveMsg (event 26): the peer confirmed our OPEN"}, established("A", "B"))
	assert.Equal(t, []string{"#1 OpenConfirm -> Established on KeepAliveMsg (event 26): the peer confirmed our OPEN"}, established("B", "A"))
	assert.Len(t, sc.events(trace.SessionUp, "A", "B", 0), 1)
	assert.Len(t, sc.events(trace.SessionUp, "B", "A", 0), 1)
	assert.Equal(t, fsm.Established, sc.peer("A", "B").State)
	assert.Equal(t, fsm.Established, sc.peer("B", "A").State)

	// Both ends closed the dumped connection with a Cease.
	var ceases []string
	for _, m := range append(sc.sent("A", "B", 0), sc.sent("B", "A", 0)...) {
		if n, ok := m.msg.(*wire.Notification); ok {
			ceases = append(ceases, describe([]sentMsg{m})[0])
			assert.Equal(t, wire.CodeCease, n.Code)
			assert.Equal(t, uint8(wire.SubConnectionCollision), n.Subcode)
		}
	}
	assert.Len(t, ceases, 2)
}

// TestScenarioHoldTimer: A loses power (no NOTIFICATION, no FIN, no
// RST). B's hold timer expires within the 9 s hold time (RFC 4271 section
// 6.5): B sends NOTIFICATION Hold Timer Expired, which never arrives,
// drops A's route and withdraws it from C. When A restarts, the session
// and the route come back.
func TestScenarioHoldTimer(t *testing.T) {
	sc := load(t, "hold-timer")
	const p = "203.0.113.0/24"
	require.Equal(t, "65002 65001", sc.best("C", p).Attrs.ASPath.String())

	off := sc.s.Now()
	seq := sc.do(sim.Command{Op: sim.PowerOff, Router: "A"})
	var fired []trace.Event
	for _, e := range sc.events(trace.TimerFired, "B", "A", seq) {
		if e.Text == "HoldTimer expired" {
			fired = append(fired, e)
		}
	}
	require.Len(t, fired, 1)
	assert.Greater(t, fired[0].At, off)
	// Within the hold time of the last message from A, which may still
	// have been on the 10 ms link when A lost power.
	assert.LessOrEqual(t, fired[0].At, off+9*time.Second+10*time.Millisecond)

	assert.Equal(t, []string{"NOTIFICATION 4/0"}, describe(sc.sent("B", "A", seq)))
	for _, e := range sc.s.Log().Messages("A", "B") {
		if e.Seq >= seq && e.Router == "A" {
			assert.Fail(t, "nothing reaches a powered-off router", e.String())
		}
	}
	var states []string
	for _, e := range sc.events(trace.StateChange, "B", "A", seq) {
		states = append(states, e.Text)
	}
	require.NotEmpty(t, states)
	assert.Equal(t, "#1 Established -> Idle on HoldTimer_Expires (event 10): HoldTimer expired", states[0])
	assert.Equal(t, []string{"HoldTimer expired"}, texts(sc.events(trace.SessionDown, "B", "A", seq)))

	sc.noRoute("B", p)
	sc.noRoute("C", p)
	assert.Empty(t, sc.sp("B").AdjIn("A"))
	assert.Equal(t, "Adj-RIB-In withdrawn 203.0.113.0/24 from A (session down)", sc.lastRoute("B", p, trace.AdjRIBIn, "A").String())
	assert.Equal(t, "Adj-RIB-Out withdrawn 203.0.113.0/24 (no best path)", sc.lastRoute("B", p, trace.AdjRIBOut, "C").String())
	assert.Equal(t, "Adj-RIB-In withdrawn 203.0.113.0/24 from B (withdrawn)", sc.lastRoute("C", p, trace.AdjRIBIn, "B").String())
	assert.Equal(t, []string{"UPDATE -203.0.113.0/24"}, describe(sc.sent("B", "C", seq)))
	assert.NotEqual(t, fsm.Established, sc.peer("B", "A").State)
	r, _ := sc.s.Router("A")
	assert.False(t, r.Up())
	assert.Nil(t, r.Speaker())
	for _, e := range sc.s.Log().Since(seq) {
		if e.Router == "A" {
			assert.Contains(t, []trace.Kind{trace.Command, trace.RouterChange}, e.Kind, "a powered-off router does nothing: %s", e.String())
		}
	}

	sc.run(10 * time.Second)
	seq = sc.do(sim.Command{Op: sim.Restart, Router: "A"})
	assert.Equal(t, []string{"restarted"}, texts(sc.events(trace.RouterChange, "A", "", seq)))
	assert.Equal(t, fsm.Established, sc.peer("B", "A").State)
	assert.Equal(t, fsm.Established, sc.peer("A", "B").State)
	assert.Len(t, sc.events(trace.SessionUp, "B", "A", seq), 1)
	c := sc.best("C", p)
	assert.Equal(t, "65002 65001", c.Attrs.ASPath.String())
	assert.Equal(t, trace.Added, sc.lastRoute("C", p, trace.LocRIB, "").Change)
	sc.golden()
}

// TestScenarioLinkDown: the link under the EBGP session A-B goes down.
// Both ends see their interface go down and close the session at once,
// without waiting for the hold timer and without a NOTIFICATION (what
// routers call fast external fallover); B withdraws A's route from C.
// When the link comes back, so do the session and the route.
func TestScenarioLinkDown(t *testing.T) {
	sc := load(t, "link-down")
	const p = "203.0.113.0/24"
	require.Equal(t, "65002 65001", sc.best("C", p).Attrs.ASPath.String())

	down := sc.s.Now()
	seq := sc.do(sim.Command{Op: sim.LinkDown, Link: 0})
	assert.Equal(t, []string{"link 0 A-B down"}, texts(sc.events(trace.LinkChange, "", "", seq)))
	for _, pair := range [][2]string{{"A", "B"}, {"B", "A"}} {
		closes := sc.events(trace.TCPClose, pair[0], pair[1], seq)
		require.NotEmpty(t, closes, pair[0])
		assert.Equal(t, "interface down", closes[0].Text)
		assert.Equal(t, down, closes[0].At, "at once")
		sd := sc.events(trace.SessionDown, pair[0], pair[1], seq)
		require.Len(t, sd, 1, pair[0])
		assert.Equal(t, down, sd[0].At)
		assert.Equal(t, "the TCP connection failed or was closed", sd[0].Text)
		assert.Empty(t, sc.events(trace.TimerFired, pair[0], pair[1], seq), "no hold timer: the interface went down")
		for _, m := range sc.sent(pair[0], pair[1], seq) {
			assert.NotEqual(t, wire.TypeNotification, m.typ)
		}
	}
	sc.noRoute("B", p)
	sc.noRoute("C", p)
	assert.Equal(t, "Adj-RIB-In withdrawn 203.0.113.0/24 from A (session down)", sc.lastRoute("B", p, trace.AdjRIBIn, "A").String())
	assert.Equal(t, []string{"UPDATE -203.0.113.0/24"}, describe(sc.sent("B", "C", seq)))
	assert.Empty(t, sc.sp("A").AdjOut("B"))
	// A keeps its own route; it has nobody to tell.
	assert.True(t, sc.best("A", p).Peer.Local)
	assert.NotEqual(t, fsm.Established, sc.peer("A", "B").State)

	seq = sc.do(sim.Command{Op: sim.LinkUp, Link: 0})
	assert.Equal(t, []string{"link 0 A-B up"}, texts(sc.events(trace.LinkChange, "", "", seq)))
	assert.Len(t, sc.events(trace.SessionUp, "A", "B", seq), 1)
	assert.Len(t, sc.events(trace.SessionUp, "B", "A", seq), 1)
	assert.Equal(t, fsm.Established, sc.peer("A", "B").State)
	assert.Equal(t, "65002 65001", sc.best("C", p).Attrs.ASPath.String())
	assert.Equal(t, []string{"UPDATE +203.0.113.0/24"}, describe(sc.sent("B", "C", seq)))
	sc.golden()
}
