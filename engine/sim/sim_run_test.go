package sim

import (
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runGenerated runs the generated topology with seed until it is quiet,
// with a link failure and an announcement on the way, and returns the
// log's digest and the final state.
func runGenerated(t *testing.T, seed uint64) (string, string) {
	t.Helper()
	tp := generated(t)
	tp.Seed = seed
	s, err := New(tp, Options{})
	require.NoError(t, err)
	require.True(t, s.RunUntilQuiet(time.Hour))
	require.NoError(t, s.Do(Command{Op: LinkDown, Link: 0}))
	s.RunUntil(s.Now() + 10*time.Second)
	r := s.Routers()[len(s.Routers())-1]
	require.NoError(t, s.Do(Command{Op: Announce, Router: r.Name, Prefix: pfx("192.0.2.0/24")}))
	require.True(t, s.RunUntilQuiet(s.Now()+time.Hour))
	require.Greater(t, s.Log().Len(), 1000)
	return s.Log().Digest(), state(s)
}

func TestDeterministicDigest(t *testing.T) {
	d1, st1 := runGenerated(t, 1)
	d2, st2 := runGenerated(t, 1)
	assert.Equal(t, d1, d2, "same topology and seed, same trace")
	assert.Equal(t, st1, st2)
	d3, _ := runGenerated(t, 2)
	assert.NotEqual(t, d1, d3, "another seed jitters the timers")
}

func TestDeterministicEvents(t *testing.T) {
	// Not only the digest: the events themselves, numbered alike.
	run := func() []trace.Event {
		s, err := New(generated(t), Options{})
		require.NoError(t, err)
		s.RunUntil(5 * time.Second)
		return s.Log().Events()
	}
	a, b := run(), run()
	require.Equal(t, len(a), len(b))
	for i := range a {
		require.Equal(t, a[i].String(), b[i].String(), "event %d", i)
		require.Equal(t, a[i].Seq, b[i].Seq)
	}
}

func TestStepRunsOneEvent(t *testing.T) {
	s := newSim(t, triangle, Options{})
	last := s.Now()
	for i := range 500 {
		before := s.Processed()
		queued := map[*pending]bool{}
		for _, p := range s.q {
			queued[p] = true
		}
		head := s.q[0]
		require.True(t, s.Step())
		assert.Equal(t, before+1, s.Processed(), "step %d", i)
		assert.Equal(t, head.At, s.Now(), "the clock moves to the event that ran")
		assert.GreaterOrEqual(t, s.Now(), last, "time goes forward")
		// Exactly one event ran, the earliest: every other one is
		// still queued or was cancelled (a timer it stopped), and what
		// it scheduled is not in the past.
		for _, p := range s.q {
			assert.GreaterOrEqual(t, p.At, s.Now())
		}
		assert.True(t, head.ran)
		for p := range queued {
			if p != head {
				assert.False(t, p.ran, "step %d ran more than one event", i)
			}
		}
		last = s.Now()
	}
	assert.Greater(t, s.Now(), time.Duration(0))
}

func TestStepOnEmptyQueue(t *testing.T) {
	s := newSim(t, `{"routers": [{"name": "R1", "as": 65001, "router_id": "10.0.0.1", "originate": ["203.0.113.0/24"]}]}`, Options{})
	assert.False(t, s.Step())
	assert.Equal(t, uint64(0), s.Processed())
	assert.Equal(t, time.Duration(0), s.Now())
	assert.True(t, s.RunUntilQuiet(time.Minute))
	s.RunUntil(time.Minute)
	assert.Equal(t, time.Minute, s.Now())
}

func TestRunUntil(t *testing.T) {
	s := newSim(t, triangle, Options{})
	for _, at := range []time.Duration{0, 15 * time.Millisecond, 40 * time.Millisecond, time.Second, 95 * time.Second, 10 * time.Minute} {
		s.RunUntil(at)
		assert.Equal(t, at, s.Now())
		require.Positive(t, s.q.Len(), "keepalives keep the queue busy")
		assert.Greater(t, s.q[0].At, at, "nothing pending at or before %s", at)
		for _, e := range s.Log().Events() {
			assert.LessOrEqual(t, e.At, at)
		}
	}
	// Running until an earlier time does nothing and keeps the clock.
	n := s.Processed()
	s.RunUntil(time.Second)
	assert.Equal(t, 10*time.Minute, s.Now())
	assert.Equal(t, n, s.Processed())
}

func TestRunUntilQuietHealthy(t *testing.T) {
	s := newSim(t, triangle, Options{})
	require.True(t, s.RunUntilQuiet(time.Hour))
	assert.Less(t, s.Now(), time.Minute, "a healthy network settles fast")
	assert.True(t, pendingAllBackground(s), "only background work is left")
	for _, name := range []string{"R1", "R3", "X"} {
		r, ok := s.Router(name)
		require.True(t, ok)
		for _, p := range r.Speaker().Peers() {
			assert.Equal(t, fsm.Established, p.State, "%s peer %s", name, p.Name)
		}
	}
	r3, _ := s.Router("R3")
	assert.NotNil(t, r3.Speaker().Best(pfx("198.51.100.0/24")))
	// Quiet stays quiet: asking again returns at once.
	now := s.Now()
	assert.True(t, s.RunUntilQuiet(time.Hour))
	assert.Equal(t, now, s.Now())
	// And time passing (keepalives) changes no route.
	before := state(s)
	s.RunUntil(s.Now() + 10*time.Minute)
	assert.True(t, s.RunUntilQuiet(s.Now()+time.Hour))
	after := state(s)
	assert.Equal(t, stripClock(before), stripClock(after))
}

// stripClock drops the first line of a state (the clock and counters).
func stripClock(st string) string {
	for i := range st {
		if st[i] == '\n' {
			return st[i+1:]
		}
	}
	return st
}

// TestRunUntilQuietAfterPowerOff: the network is not quiet until the
// hold timer towards the powered-off router expired.
func TestRunUntilQuietAfterPowerOff(t *testing.T) {
	s := newSim(t, triangle, Options{})
	require.True(t, s.RunUntilQuiet(time.Hour))
	offAt := s.Now()
	require.NoError(t, s.Do(Command{Op: PowerOff, Router: "R3"}))
	// R1 does not know yet: its hold timer for R3 must expire first.
	assert.False(t, s.RunUntilQuiet(offAt+10*time.Second))
	assert.Equal(t, offAt+10*time.Second, s.Now())
	r1, _ := s.Router("R1")
	st, _ := r1.Speaker().Peer("R3")
	assert.Equal(t, fsm.Established, st.State)

	require.True(t, s.RunUntilQuiet(offAt+time.Hour))
	fired := find(s, trace.TimerFired, "R1", "HoldTimer")
	require.NotEmpty(t, fired, "quiet only once R1's hold timer expired")
	assert.Greater(t, fired[0].At, offAt)
	assert.LessOrEqual(t, fired[0].At, s.Now())
	assert.GreaterOrEqual(t, s.Now(), fired[0].At)
	st, _ = r1.Speaker().Peer("R3")
	assert.NotEqual(t, fsm.Established, st.State)
	assert.True(t, pendingAllBackground(s))
	// Nothing of the powered-off router runs.
	r3, _ := s.Router("R3")
	assert.False(t, r3.Up())
	assert.Nil(t, r3.Speaker())
	for _, e := range s.Log().Events() {
		if e.At > offAt && e.Router == "R3" {
			t.Errorf("the powered-off R3 acted: %s", e.String())
		}
	}
	// Restarted, it comes back and the network settles again.
	require.NoError(t, s.Do(Command{Op: Restart, Router: "R3"}))
	require.True(t, s.RunUntilQuiet(s.Now()+time.Hour))
	assert.NotNil(t, r3.Speaker().Best(pfx("198.51.100.0/24")))
}
