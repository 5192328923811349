package sim

import (
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// after returns the events from sequence number seq on (as Log.Since)
// that are about router (any when "") and of kind k.
func after(s *Sim, seq int, k trace.Kind, router string) []trace.Event {
	var out []trace.Event
	for _, e := range s.Log().Since(seq) {
		if e.Kind == k && (router == "" || e.Router == router) {
			out = append(out, e)
		}
	}
	return out
}

// eventTexts returns the texts of events.
func eventTexts(es []trace.Event) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.Text)
	}
	return out
}

// noNotification checks that no NOTIFICATION was sent from seq on.
func noNotification(t *testing.T, s *Sim, seq int) {
	t.Helper()
	for _, e := range after(s, seq, trace.MessageSent, "") {
		assert.NotEqual(t, wire.TypeNotification, e.Msg.Type, e.String())
	}
}

// TestCrashResetsConnections: the crashed router's host resets its
// connection, so the peer sees it fail one link latency later, without a
// NOTIFICATION and without waiting for its hold timer, and drops the
// routes (no graceful restart here).
func TestCrashResetsConnections(t *testing.T) {
	for _, tt := range []struct{ crashed, peer string }{{"R1", "R2"}, {"R2", "R1"}} {
		t.Run(tt.crashed, func(t *testing.T) {
			s := twoRouters(t, "", Options{})
			require.True(t, s.RunUntilQuiet(time.Hour))
			at, seq := s.Now(), s.Log().Len()
			require.NoError(t, s.Do(Command{Op: Crash, Router: tt.crashed}))
			require.True(t, s.RunUntilQuiet(at+time.Hour))

			assert.Equal(t, []string{"crashed: the BGP process stopped and its host resets its TCP connections"},
				eventTexts(after(s, seq, trace.RouterChange, tt.crashed)))
			own := after(s, seq, trace.TCPClose, tt.crashed)
			require.Len(t, own, 1)
			assert.Equal(t, "reset by the host: the BGP process crashed", own[0].Text)
			assert.Equal(t, at, own[0].At)
			for _, e := range s.Log().Since(seq) {
				if e.Router == tt.crashed {
					assert.Contains(t, []trace.Kind{trace.Command, trace.RouterChange, trace.TCPClose}, e.Kind, e.String())
				}
			}

			closes := after(s, seq, trace.TCPClose, tt.peer)
			require.Len(t, closes, 1)
			assert.Equal(t, "connection reset by "+tt.crashed, closes[0].Text)
			assert.Equal(t, at+10*time.Millisecond, closes[0].At, "after one link latency")
			down := after(s, seq, trace.SessionDown, tt.peer)
			require.Len(t, down, 1)
			assert.Equal(t, at+10*time.Millisecond, down[0].At)
			assert.Equal(t, "the TCP connection failed or was closed", down[0].Text)
			for _, e := range after(s, seq, trace.TimerFired, tt.peer) {
				assert.NotEqual(t, "HoldTimer expired", e.Text, "the peer did not wait for its hold timer")
			}
			noNotification(t, s, seq)

			r, _ := s.Router(tt.peer)
			st, _ := r.Speaker().Peer(tt.crashed)
			assert.NotEqual(t, fsm.Established, st.State)
			if tt.crashed == "R1" {
				assert.Nil(t, r.Speaker().Best(pfx("203.0.113.0/24")), "R2 dropped R1's route")
			}

			require.NoError(t, s.Do(Command{Op: Restart, Router: tt.crashed}))
			require.True(t, s.RunUntilQuiet(s.Now()+time.Hour))
			st, _ = r.Speaker().Peer(tt.crashed)
			assert.Equal(t, fsm.Established, st.State, "the session comes back after the restart")
			r2, _ := s.Router("R2")
			assert.NotNil(t, r2.Speaker().Best(pfx("203.0.113.0/24")))
			checkInOrder(t, s)
		})
	}
}

// TestResetFollowsDataSent: what the crashed router sent before it
// crashed is delivered before the RST, in order.
func TestResetFollowsDataSent(t *testing.T) {
	s := twoRouters(t, "", Options{})
	require.True(t, s.RunUntilQuiet(time.Hour))
	at, seq := s.Now(), s.Log().Len()
	require.NoError(t, s.Do(Command{Op: Withdraw, Router: "R1", Prefix: pfx("203.0.113.0/24")}))
	require.NoError(t, s.Do(Command{Op: Crash, Router: "R1"}))
	require.True(t, s.RunUntilQuiet(at+time.Hour))
	var got []string
	for _, e := range s.Log().Since(seq) {
		if e.Router == "R2" && (e.Kind == trace.MessageDelivered || e.Kind == trace.TCPClose) {
			assert.Equal(t, at+10*time.Millisecond, e.At, e.String())
			got = append(got, e.String())
		}
	}
	require.Len(t, got, 2)
	assert.Contains(t, got[0], "message-delivered from R1 UPDATE")
	assert.Contains(t, got[1], "tcp-close peer R1: connection reset by R1")
}

// TestPowerOffIsSilent: a router that loses power sends nothing; its peer
// notices only when its hold timer expires (RFC 4271 section 6.5) and
// sends a NOTIFICATION that never arrives.
func TestPowerOffIsSilent(t *testing.T) {
	s := twoRouters(t, "", Options{})
	require.True(t, s.RunUntilQuiet(time.Hour))
	at, seq := s.Now(), s.Log().Len()
	require.NoError(t, s.Do(Command{Op: PowerOff, Router: "R1"}))
	require.True(t, s.RunUntilQuiet(at+time.Hour))

	assert.Equal(t, []string{"powered off: nothing is sent, peers notice when their hold timers expire"},
		eventTexts(after(s, seq, trace.RouterChange, "R1")))
	for _, e := range s.Log().Since(seq) {
		if e.Router == "R1" {
			assert.Contains(t, []trace.Kind{trace.Command, trace.RouterChange}, e.Kind, "a powered-off router does nothing: %s", e.String())
		}
	}
	var r2 []trace.Event
	for _, e := range s.Log().Since(seq) {
		if e.Router == "R2" && e.Kind != trace.MessageDelivered && !(e.Kind == trace.TimerFired && e.Text == "KeepaliveTimer expired") &&
			!(e.Kind == trace.MessageSent && e.Msg.Type == wire.TypeKeepalive) {
			r2 = append(r2, e)
		}
	}
	require.NotEmpty(t, r2)
	first := r2[0]
	assert.Equal(t, trace.TimerFired, first.Kind, "R2 hears nothing before its hold timer: %s", first.String())
	assert.Equal(t, "HoldTimer expired", first.Text)
	assert.Greater(t, first.At, at)
	assert.LessOrEqual(t, first.At, at+90*time.Second+10*time.Millisecond, "within the hold time of R1's last message")
	for _, e := range after(s, seq, trace.TCPClose, "R2") {
		assert.Equal(t, first.At, e.At, "no RST, no FIN reach R2; it closes at its hold timer: %s", e.String())
		assert.Equal(t, "closed", e.Text)
	}
	var notes []string
	for _, e := range after(s, seq, trace.MessageSent, "R2") {
		if e.Msg.Type == wire.TypeNotification {
			notes = append(notes, e.At.String())
			assert.Equal(t, first.At, e.At)
		}
	}
	assert.Len(t, notes, 1, "R2 sends NOTIFICATION Hold Timer Expired")
	assert.Empty(t, after(s, seq, trace.MessageDelivered, "R1"))
	r, _ := s.Router("R2")
	assert.Nil(t, r.Speaker().Best(pfx("203.0.113.0/24")))

	require.NoError(t, s.Do(Command{Op: Restart, Router: "R1"}))
	require.True(t, s.RunUntilQuiet(s.Now()+time.Hour))
	st, _ := r.Speaker().Peer("R1")
	assert.Equal(t, fsm.Established, st.State, "the session comes back after the restart")
	assert.NotNil(t, r.Speaker().Best(pfx("203.0.113.0/24")))
}

// TestConnectToCrashedRouterIsRefused: the host of a crashed router runs
// but nothing listens on port 179, so it answers a SYN with a RST: the
// attempt fails after one round trip, not after the connect timeout.
func TestConnectToCrashedRouterIsRefused(t *testing.T) {
	s := twoRouters(t, "", Options{ConnectTimeout: 7 * time.Second})
	require.NoError(t, s.Do(Command{Op: Crash, Router: "R2"}))
	s.RunUntil(time.Minute)
	connects := find(s, trace.TCPConnect, "R1", "")
	refused := find(s, trace.TCPRefused, "R1", "")
	require.GreaterOrEqual(t, len(refused), 2, "R1 keeps trying")
	require.GreaterOrEqual(t, len(connects), len(refused))
	for i, e := range refused {
		assert.Equal(t, connects[i].At+20*time.Millisecond, e.At, "attempt %d is refused after one round trip", i)
		assert.Equal(t, connects[i].Conn, e.Conn)
		assert.Equal(t, "R2", e.Peer)
		assert.Equal(t, "connection refused by 10.255.0.2: nothing listens on port 179", e.Text)
		if i+1 < len(connects) {
			assert.GreaterOrEqual(t, connects[i+1].At-e.At, time.Second, "R1 waits before trying again")
		}
	}
	assert.Empty(t, find(s, trace.TCPEstablished, "", ""))
	assert.True(t, s.RunUntilQuiet(s.Now()+time.Hour), "retries towards a crashed router are background")

	require.NoError(t, s.Do(Command{Op: Restart, Router: "R2"}))
	require.True(t, s.RunUntilQuiet(s.Now()+time.Hour))
	assert.Len(t, find(s, trace.SessionUp, "", ""), 2)
}

// TestDownCommands: a router that is down cannot go down again, either
// way, and restarts after either.
func TestDownCommands(t *testing.T) {
	for _, first := range []Op{Crash, PowerOff} {
		for _, second := range []Op{Crash, PowerOff} {
			t.Run(string(first)+"-"+string(second), func(t *testing.T) {
				s := twoRouters(t, "", Options{})
				require.True(t, s.RunUntilQuiet(time.Hour))
				require.NoError(t, s.Do(Command{Op: first, Router: "R2"}))
				err := s.Do(Command{Op: second, Router: "R2"})
				require.Error(t, err)
				assert.Equal(t, string(second)+" R2: router R2 is already down", err.Error())
				r, _ := s.Router("R2")
				assert.False(t, r.Up())
				assert.Nil(t, r.Speaker())
				require.NoError(t, s.Do(Command{Op: Restart, Router: "R2"}))
				assert.True(t, r.Up())
				assert.False(t, r.off, "a restarted router is powered")
				require.True(t, s.RunUntilQuiet(s.Now()+time.Hour))
				assert.Len(t, find(s, trace.SessionUp, "", ""), 4)
			})
		}
	}
}

// grPair is R1 and R2 with graceful restart (restart time 30 s) on their
// session and a 9 s hold time.
const grPair = `{
 "routers": [
  {"name": "R1", "as": 65001, "router_id": "10.0.0.1", "originate": ["203.0.113.0/24"]},
  {"name": "R2", "as": 65002, "router_id": "10.0.0.2"}],
 "links": [{"a": "R1", "b": "R2", "latency": "10ms"}],
 "sessions": [{"a": "R1", "b": "R2", "hold_time": "9s", "keepalive": "3s", "connect_retry": "5s",
  "a_side": {"graceful_restart": {"restart_time": "30s"}}, "b_side": {"graceful_restart": {"restart_time": "30s"}}}]
}`

// TestGracefulRestartAfterCrashOrPowerOff: R2 helps R1 restart (RFC 4724
// section 4.2) whether it learns of the restart from the RST of a crash
// or, after a power failure shorter than the hold time, from R1's new
// connection; either way R1's route stays in use.
func TestGracefulRestartAfterCrashOrPowerOff(t *testing.T) {
	tests := []struct {
		op       Op
		sawItEnd string
	}{
		{Crash, "the TCP connection failed or was closed"},
		{PowerOff, "graceful restart: the peer opened a new session on #"},
	}
	for _, tt := range tests {
		t.Run(string(tt.op), func(t *testing.T) {
			s := newSim(t, grPair, Options{})
			require.True(t, s.RunUntilQuiet(time.Hour))
			seq := s.Log().Len()
			require.NoError(t, s.Do(Command{Op: tt.op, Router: "R1"}))
			s.RunUntil(s.Now() + 2*time.Second)
			require.NoError(t, s.Do(Command{Op: Restart, Router: "R1"}))
			require.True(t, s.RunUntilQuiet(s.Now()+time.Hour))

			down := after(s, seq, trace.SessionDown, "R2")
			require.Len(t, down, 1)
			assert.Contains(t, down[0].Text, tt.sawItEnd)
			assert.Contains(t, eventTexts(after(s, seq, trace.Note, "R2")), "graceful restart: keeping 1 route as stale for 30s")
			noNotification(t, s, seq)
			for _, e := range find(s, trace.RouteChange, "R2", "withdrawn") {
				assert.Less(t, e.Seq, seq, "R2 never withdrew R1's route: %s", e.String())
			}
			r, _ := s.Router("R2")
			best := r.Speaker().Best(pfx("203.0.113.0/24"))
			require.NotNil(t, best)
			assert.False(t, best.Stale, "R1 sent it again")
		})
	}
}

// TestRunUntilQuietAfterCrash: the RST crosses the IGP path of an IBGP
// session between loopbacks, and the network is quiet soon after, with
// no hold timer to wait for.
func TestRunUntilQuietAfterCrash(t *testing.T) {
	s := newSim(t, triangle, Options{})
	require.True(t, s.RunUntilQuiet(time.Hour))
	at, seq := s.Now(), s.Log().Len()
	r1, _ := s.Router("R1")
	r3, _ := s.Router("R3")
	lat, ok := s.latency(r3, r1)
	require.True(t, ok)
	require.Greater(t, lat, time.Duration(0))
	require.NoError(t, s.Do(Command{Op: Crash, Router: "R3"}))
	require.True(t, s.RunUntilQuiet(at+time.Second), "quiet without waiting for a hold timer")

	closes := after(s, seq, trace.TCPClose, "R1")
	require.Len(t, closes, 1)
	assert.Equal(t, "R3", closes[0].Peer)
	assert.Equal(t, "connection reset by R3", closes[0].Text)
	assert.Equal(t, at+lat, closes[0].At, "after the path latency R3-R2-R1")
	st, _ := r1.Speaker().Peer("R3")
	assert.NotEqual(t, fsm.Established, st.State)
	noNotification(t, s, seq)
	assert.True(t, pendingAllBackground(s))
}
