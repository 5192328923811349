package sim

import (
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// step is one move of a script: run until At, then apply Cmd (if any).
type step struct {
	At  time.Duration
	Cmd *Command
	// Fails marks a command that is expected to be refused.
	Fails bool
}

// script moves through commands on the generated topology: a link
// failure and repair, an announcement, a power-off and a restart, a
// session reset, a crash and a restart, and refused commands on the way.
func script(t *testing.T) []step {
	tp := generated(t)
	r0, r5 := tp.Routers[0].Name, tp.Routers[5].Name
	var peer string
	for _, ss := range tp.Sessions {
		if ss.A == r0 {
			peer = ss.B
			break
		}
	}
	require.NotEmpty(t, peer)
	return []step{
		{At: 30 * time.Second, Cmd: &Command{Op: LinkDown, Link: 0}},
		{At: 31 * time.Second, Cmd: &Command{Op: Announce, Router: r5, Prefix: pfx("192.0.2.0/24")}},
		{At: 31 * time.Second, Cmd: &Command{Op: PowerOff, Router: r5}},
		{At: 31 * time.Second, Cmd: &Command{Op: Crash, Router: r5}, Fails: true},
		{At: 45 * time.Second, Cmd: &Command{Op: LinkUp, Link: 0}},
		{At: 50 * time.Second, Cmd: &Command{Op: Withdraw, Router: r0, Prefix: pfx("192.0.2.0/24")}, Fails: true},
		{At: 100 * time.Second, Cmd: &Command{Op: Reset, Router: r0, Peer: peer}},
		{At: 200 * time.Second, Cmd: &Command{Op: Restart, Router: r5}},
		{At: 4 * time.Minute, Cmd: &Command{Op: Crash, Router: r0}},
		{At: 4*time.Minute + 10*time.Second, Cmd: &Command{Op: Restart, Router: r0}},
		{At: 10 * time.Minute},
	}
}

// play runs the script on a fresh simulation up to (and including the
// commands at) until.
func play(t *testing.T, steps []step, until time.Duration) *Sim {
	t.Helper()
	s, err := New(generated(t), Options{})
	require.NoError(t, err)
	for _, st := range steps {
		if st.At > until {
			break
		}
		s.RunUntil(st.At)
		if st.Cmd != nil {
			err := s.Do(*st.Cmd)
			if st.Fails {
				require.Error(t, err, "%s", st.Cmd)
			} else {
				require.NoError(t, err, "%s", st.Cmd)
			}
		}
	}
	s.RunUntil(until)
	return s
}

func TestRewindReplaysExactly(t *testing.T) {
	steps := script(t)
	end := steps[len(steps)-1].At
	full := play(t, steps, end).Log().Events()
	for _, at := range []time.Duration{0, 10 * time.Second, 30 * time.Second, 31 * time.Second,
		40 * time.Second, 50 * time.Second, 100*time.Second + time.Millisecond, 3 * time.Minute, 4*time.Minute + 5*time.Millisecond, 5 * time.Minute, end} {
		t.Run(at.String(), func(t *testing.T) {
			s := play(t, steps, end)
			require.NoError(t, s.Rewind(at))
			assert.Equal(t, at, s.Now())
			want := upTo(full, at)
			got := s.Log().Events()
			require.Equal(t, len(want), len(got), "events up to %s", at)
			assert.Equal(t, digestOf(want), s.Log().Digest())
			for i := range got {
				if got[i].String() != want[i].String() {
					t.Fatalf("event %d differs:\nrewound %s\noriginal %s", i, got[i].String(), want[i].String())
				}
			}
			// The same state as a run stopped at that time.
			fresh := play(t, steps, at)
			assert.Equal(t, state(fresh), state(s))
			assert.Equal(t, fresh.Commands(), s.Commands())
			for _, c := range s.Commands() {
				assert.LessOrEqual(t, c.At, at)
			}
			// And going on from there is the same as going on from the
			// fresh run.
			s.RunUntil(at + time.Minute)
			fresh.RunUntil(at + time.Minute)
			assert.Equal(t, fresh.Log().Digest(), s.Log().Digest())
		})
	}
}

func TestRewindThenRewind(t *testing.T) {
	steps := script(t)
	s := play(t, steps, 5*time.Minute)
	require.NoError(t, s.Rewind(3*time.Minute))
	require.NoError(t, s.Rewind(40*time.Second))
	fresh := play(t, steps, 40*time.Second)
	assert.Equal(t, fresh.Log().Digest(), s.Log().Digest())
	assert.Equal(t, state(fresh), state(s))
}

func TestRewindForwardIsAnError(t *testing.T) {
	s := newSim(t, triangle, Options{})
	s.RunUntil(time.Minute)
	digest := s.Log().Digest()
	err := s.Rewind(time.Minute + time.Nanosecond)
	require.Error(t, err)
	assert.Equal(t, "cannot rewind forward, from 1m0s to 1m0.000000001s", err.Error())
	assert.Equal(t, time.Minute, s.Now(), "a refused rewind changes nothing")
	assert.Equal(t, digest, s.Log().Digest())
	require.NoError(t, s.Rewind(time.Minute), "rewinding to now is allowed")
	assert.Equal(t, digest, s.Log().Digest())
}

func TestRewindWithTraceFilter(t *testing.T) {
	// The options, the trace filter among them, survive a rewind.
	opt := Options{Trace: func(k trace.Kind) bool { return k == trace.RouteChange }}
	s := newSim(t, triangle, opt)
	s.RunUntil(time.Minute)
	require.NoError(t, s.Rewind(30*time.Second))
	require.NotZero(t, s.Log().Len())
	for _, e := range s.Log().Events() {
		assert.Equal(t, trace.RouteChange, e.Kind)
	}
}
