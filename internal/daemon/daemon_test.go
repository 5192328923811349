package daemon

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/speaker"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/stretchr/testify/require"
)

// pair is two daemons peering over loopback: A (AS 65001, 127.0.0.1)
// originates a prefix, B (AS 4200000002, 127.0.0.2) learns it.
type pair struct {
	a, b         *Daemon
	cancelA      context.CancelFunc
	cancelB      context.CancelFunc
	doneA, doneB chan error
	mu           sync.Mutex
	events       []trace.Event
}

var testPrefix = netip.MustParsePrefix("203.0.113.0/24")

func newPair(t *testing.T) *pair {
	t.Helper()
	zero := time.Duration(0)
	short := fsm.Config{HoldTime: 3 * time.Second, ConnectRetryTime: time.Second, IdleHoldTime: 200 * time.Millisecond}
	p := &pair{}
	record := func(e trace.Event) {
		p.mu.Lock()
		p.events = append(p.events, e)
		p.mu.Unlock()
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := New(Config{Listen: "127.0.0.1:0", Seed: 1, OnEvent: record, Logger: quiet, Speaker: speaker.Config{
		Name: "A", AS: 65001, RouterID: netip.MustParseAddr("192.0.2.1"), Originate: []netip.Prefix{testPrefix},
		Peers: []speaker.PeerConfig{{Name: "B", Addr: netip.MustParseAddr("127.0.0.2"), LocalAddr: netip.MustParseAddr("127.0.0.1"),
			AS: 4200000002, MRAI: &zero, Session: short}},
	}})
	require.NoError(t, err)
	b, err := New(Config{Listen: "127.0.0.2:0", Seed: 2, OnEvent: record, Logger: quiet, Speaker: speaker.Config{
		Name: "B", AS: 4200000002, RouterID: netip.MustParseAddr("192.0.2.2"),
		Peers: []speaker.PeerConfig{{Name: "A", Addr: netip.MustParseAddr("127.0.0.1"), LocalAddr: netip.MustParseAddr("127.0.0.2"),
			AS: 65001, MRAI: &zero, Session: short}},
	}})
	require.NoError(t, err)
	a.SetPeerPort("B", b.Addr().(*net.TCPAddr).Port)
	b.SetPeerPort("A", a.Addr().(*net.TCPAddr).Port)
	p.a, p.b = a, b
	var ctxA, ctxB context.Context
	ctxA, p.cancelA = context.WithCancel(context.Background())
	ctxB, p.cancelB = context.WithCancel(context.Background())
	p.doneA, p.doneB = make(chan error, 1), make(chan error, 1)
	go func() { p.doneA <- a.Run(ctxA) }()
	go func() { p.doneB <- b.Run(ctxB) }()
	t.Cleanup(func() {
		p.cancelA()
		p.cancelB()
		for _, c := range []chan error{p.doneA, p.doneB} {
			select {
			case <-c:
			case <-time.After(10 * time.Second):
				t.Error("a daemon did not stop")
			}
		}
	})
	return p
}

// best asks d for its best path to testPrefix: its AS_PATH, or "" when
// there is none.
func best(t *testing.T, d *Daemon) string {
	var path string
	err := d.Do(context.Background(), func(_ time.Duration, sp *speaker.Speaker) ([]speaker.Action, error) {
		if b := sp.Best(testPrefix); b != nil && b.Attrs != nil {
			path = b.Attrs.ASPath.String()
		} else {
			path = ""
		}
		return nil, nil
	})
	if err != nil {
		return ""
	}
	return path
}

func TestTwoDaemonsExchangeRoutes(t *testing.T) {
	p := newPair(t)
	require.Eventually(t, func() bool { return best(t, p.b) == "65001" }, 10*time.Second, 10*time.Millisecond,
		"B learns A's prefix with AS_PATH 65001 over a real TCP session")

	// A withdraws: B forgets.
	require.NoError(t, p.a.Do(context.Background(), func(now time.Duration, sp *speaker.Speaker) ([]speaker.Action, error) {
		return sp.Withdraw(now, testPrefix)
	}))
	require.Eventually(t, func() bool { return best(t, p.b) == "" }, 10*time.Second, 10*time.Millisecond)

	// A announces again, then stops: B gets a Cease NOTIFICATION and
	// drops the route.
	require.NoError(t, p.a.Do(context.Background(), func(now time.Duration, sp *speaker.Speaker) ([]speaker.Action, error) {
		return sp.Announce(now, testPrefix, nil)
	}))
	require.Eventually(t, func() bool { return best(t, p.b) == "65001" }, 10*time.Second, 10*time.Millisecond)
	p.cancelA()
	select {
	case err := <-p.doneA:
		require.NoError(t, err)
		p.doneA <- nil // for Cleanup
	case <-time.After(10 * time.Second):
		t.Fatal("A did not stop")
	}
	require.Eventually(t, func() bool { return best(t, p.b) == "" }, 10*time.Second, 10*time.Millisecond)
	p.mu.Lock()
	defer p.mu.Unlock()
	var ceased bool
	for _, e := range p.events {
		if e.Router == "B" && e.Kind == trace.SessionDown {
			ceased = true
			require.Contains(t, e.Text, "Cease")
		}
	}
	require.True(t, ceased, "B saw the session go down")
}
