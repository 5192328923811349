package sim

import (
	"slices"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// twoRouters is R1 (AS 65001) and R2 (AS 65002) on one 10 ms link; R2
// waits for R1 to connect. extra is spliced into the link object.
func twoRouters(t *testing.T, extra string, opt Options) *Sim {
	t.Helper()
	return newSim(t, `{
 "routers": [
  {"name": "R1", "as": 65001, "router_id": "10.0.0.1", "originate": ["203.0.113.0/24"]},
  {"name": "R2", "as": 65002, "router_id": "10.0.0.2"}],
 "links": [{"a": "R1", "b": "R2", "latency": "10ms"`+extra+`}],
 "sessions": [{"a": "R1", "b": "R2", "connect_retry": "20s", "b_side": {"passive": true}}]
}`, opt)
}

// TestConnectToPoweredOffRouterTimesOut: nothing answers the SYN, so the
// attempt fails after Options.ConnectTimeout.
func TestConnectToPoweredOffRouterTimesOut(t *testing.T) {
	for _, timeout := range []time.Duration{0, 7 * time.Second} {
		t.Run(timeout.String(), func(t *testing.T) {
			s := twoRouters(t, "", Options{ConnectTimeout: timeout})
			want := timeout
			if want == 0 {
				want = 3 * time.Second
			}
			require.NoError(t, s.Do(Command{Op: PowerOff, Router: "R2"}))
			s.RunUntil(time.Minute)
			connects := find(s, trace.TCPConnect, "R1", "")
			refused := find(s, trace.TCPRefused, "R1", "")
			require.GreaterOrEqual(t, len(connects), 2, "R1 keeps trying")
			require.GreaterOrEqual(t, len(refused), 2)
			for i, e := range refused {
				assert.Equal(t, connects[i].At+want, e.At, "attempt %d fails after the connect timeout", i)
				assert.Equal(t, connects[i].Conn, e.Conn)
				assert.Equal(t, "R2", e.Peer)
				assert.Equal(t, "10.255.0.2 does not answer", e.Text)
			}
			assert.Empty(t, find(s, trace.TCPEstablished, "", ""))
			assert.True(t, s.RunUntilQuiet(s.Now()+time.Hour), "retries towards a powered-off router are background")
		})
	}
}

func TestConnectWithoutRoute(t *testing.T) {
	s := twoRouters(t, `, "down": true`, Options{})
	s.RunUntil(10 * time.Second)
	refused := find(s, trace.TCPRefused, "R1", "")
	require.NotEmpty(t, refused)
	assert.Equal(t, 3*time.Second, refused[0].At)
	assert.Equal(t, "no route to 10.255.0.2", refused[0].Text)
	// The link comes up: the next attempt succeeds.
	require.NoError(t, s.Do(Command{Op: LinkUp, Link: 0}))
	require.True(t, s.RunUntilQuiet(s.Now()+time.Hour))
	assert.Len(t, find(s, trace.SessionUp, "", ""), 2)
}

func TestConnectionSetupOrder(t *testing.T) {
	s := twoRouters(t, "", Options{})
	require.True(t, s.RunUntilQuiet(time.Hour))
	evs := s.Log().Events()
	index := func(match func(e *trace.Event) bool) int {
		return slices.IndexFunc(evs, func(e trace.Event) bool { return match(&e) })
	}
	connect := index(func(e *trace.Event) bool { return e.Kind == trace.TCPConnect && e.Router == "R1" })
	require.GreaterOrEqual(t, connect, 0)
	conn := evs[connect].Conn
	accepted := index(func(e *trace.Event) bool { return e.Kind == trace.TCPEstablished && e.Router == "R2" })
	connected := index(func(e *trace.Event) bool {
		return e.Kind == trace.TCPEstablished && e.Router == "R1" && e.Conn == conn
	})
	openSent := index(func(e *trace.Event) bool {
		return e.Kind == trace.MessageSent && e.Router == "R1" && e.Conn == conn && e.Msg.Type == wire.TypeOpen
	})
	openIn := index(func(e *trace.Event) bool {
		return e.Kind == trace.MessageDelivered && e.Router == "R1" && e.Conn == conn && e.Msg.Type == wire.TypeOpen
	})
	peerOpen := index(func(e *trace.Event) bool {
		return e.Kind == trace.MessageSent && e.Router == "R2" && e.Msg.Type == wire.TypeOpen
	})
	for name, i := range map[string]int{"accepted": accepted, "connected": connected, "open sent": openSent, "open in": openIn, "peer open": peerOpen} {
		require.GreaterOrEqual(t, i, 0, name)
	}
	assert.Less(t, connect, accepted, "tcp-connect, then the acceptor's tcp-established")
	assert.Less(t, accepted, connected, "then the dialler's")
	assert.Less(t, connected, openSent, "then the dialler's OPEN")
	assert.Less(t, accepted, peerOpen, "the acceptor sends its OPEN once it accepted")
	assert.Less(t, connected, openIn, "and it reaches the dialler after the dialler is connected")

	assert.Equal(t, time.Duration(0), evs[connect].At)
	assert.Equal(t, 10*time.Millisecond, evs[accepted].At)
	assert.Equal(t, 20*time.Millisecond, evs[connected].At)
	assert.Equal(t, "accepted from 10.255.0.1 to port 179", evs[accepted].Text)
	assert.Equal(t, "connected to 10.255.0.2 port 179", evs[connected].Text)
	assert.Equal(t, "10.255.0.1 -> 10.255.0.2 port 179", evs[connect].Text)
	// Every message takes the link latency.
	sent := map[uint64]time.Duration{}
	for _, e := range evs {
		switch e.Kind {
		case trace.MessageSent:
			sent[e.Msg.ID] = e.At
		case trace.MessageDelivered:
			assert.Equal(t, sent[e.Msg.ID]+10*time.Millisecond, e.At, e.String())
		}
	}
	checkInOrder(t, s)
}
