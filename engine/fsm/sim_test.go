package fsm

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// sim wires two Peers back to back: a tiny driver with a virtual clock,
// TCP connections that deliver bytes after a fixed latency, and timers
// fired in deadline order. It records every action as a trace line.
type sim struct {
	t       testing.TB
	now     time.Duration
	latency time.Duration
	peers   [2]*Peer
	names   [2]string
	// down[i] makes connection attempts to peer i fail (nothing listens).
	down [2]bool
	// mute[i] drops everything peer i sends.
	mute   [2]bool
	timers [2]map[timerKey]time.Duration
	// links maps (peer, conn) to the other end.
	links map[end]end
	queue []item
	seq   int
	trace []string
	// recv, ups and downs collect what each peer passed up.
	recv  [2][]Received
	ups   [2][]SessionUp
	downs [2][]SessionDown
}

type timerKey struct {
	kind TimerKind
	conn ConnID
}

type end struct {
	peer int
	conn ConnID
}

// item is a scheduled delivery.
type item struct {
	at  time.Duration
	seq int
	do  func()
}

func newSim(t testing.TB, a, b Config, seed uint64) *sim {
	s := &sim{t: t, latency: 10 * time.Millisecond, names: [2]string{"A", "B"}, links: map[end]end{}}
	for i, cfg := range []Config{a, b} {
		p, err := New(cfg, rand.New(rand.NewPCG(seed, uint64(i))))
		require.NoError(t, err)
		s.peers[i] = p
		s.timers[i] = map[timerKey]time.Duration{}
	}
	return s
}

// cfgA and cfgB are two EBGP neighbours.
func cfgA() Config {
	return Config{LocalAS: 65001, LocalID: netip.MustParseAddr("10.0.0.1"), PeerAS: 65002}
}

func cfgB() Config {
	return Config{LocalAS: 65002, LocalID: netip.MustParseAddr("10.0.0.2"), PeerAS: 65001}
}

func (s *sim) schedule(at time.Duration, do func()) {
	s.seq++
	s.queue = append(s.queue, item{at: at, seq: s.seq, do: do})
}

// apply executes the actions of peer i.
func (s *sim) apply(i int, acts []Action) {
	for _, a := range acts {
		s.trace = append(s.trace, fmt.Sprintf("%9s %s %s", s.now, s.names[i], a))
		switch a := a.(type) {
		case Dial:
			s.dial(i, a.Conn)
		case Close:
			me := end{i, a.Conn}
			if o, ok := s.links[me]; ok {
				delete(s.links, me)
				delete(s.links, o)
				s.schedule(s.now+s.latency, func() { s.apply(o.peer, s.peers[o.peer].TCPFailed(s.now, o.conn)) })
			}
		case Send:
			if o, ok := s.links[end{i, a.Conn}]; ok && !s.mute[i] {
				b := a.Bytes
				s.schedule(s.now+s.latency, func() {
					s.apply(o.peer, s.peers[o.peer].BytesReceived(s.now, o.conn, b))
				})
			}
		case ArmTimer:
			s.timers[i][timerKey{a.Timer, a.Conn}] = a.At
		case StopTimer:
			delete(s.timers[i], timerKey{a.Timer, a.Conn})
		case Received:
			s.recv[i] = append(s.recv[i], a)
		case SessionUp:
			s.ups[i] = append(s.ups[i], a)
		case SessionDown:
			s.downs[i] = append(s.downs[i], a)
		}
	}
}

// dial connects peer i's connection id to the other peer after one
// latency, or fails it if the other peer is down.
func (s *sim) dial(i int, id ConnID) {
	o := 1 - i
	s.schedule(s.now+s.latency, func() {
		if s.down[o] {
			s.apply(i, s.peers[i].TCPFailed(s.now, id))
			return
		}
		if !slices.ContainsFunc(s.peers[i].Conns(), func(c ConnInfo) bool { return c.ID == id }) {
			return // abandoned meanwhile
		}
		oid, acts := s.peers[o].TCPAccepted(s.now)
		s.links[end{i, id}] = end{o, oid}
		s.links[end{o, oid}] = end{i, id}
		s.apply(o, acts)
		s.apply(i, s.peers[i].TCPConnected(s.now, id))
	})
}

// next runs the earliest pending delivery or timer at or before until
// and reports whether there was one.
func (s *sim) next(until time.Duration) bool {
	best := -1
	for j, it := range s.queue {
		if best < 0 || it.at < s.queue[best].at || (it.at == s.queue[best].at && it.seq < s.queue[best].seq) {
			best = j
		}
	}
	tPeer, tKey, tAt := -1, timerKey{}, time.Duration(0)
	for i := range s.timers {
		keys := make([]timerKey, 0, len(s.timers[i]))
		for k := range s.timers[i] {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b timerKey) int {
			if a.conn != b.conn {
				return int(a.conn) - int(b.conn)
			}
			return int(a.kind) - int(b.kind)
		})
		for _, k := range keys {
			if at := s.timers[i][k]; tPeer < 0 || at < tAt {
				tPeer, tKey, tAt = i, k, at
			}
		}
	}
	switch {
	case best >= 0 && (tPeer < 0 || s.queue[best].at <= tAt):
		it := s.queue[best]
		if it.at > until {
			return false
		}
		s.queue = append(s.queue[:best], s.queue[best+1:]...)
		s.now = it.at
		it.do()
	case tPeer >= 0:
		if tAt > until {
			return false
		}
		delete(s.timers[tPeer], tKey)
		s.now = tAt
		s.apply(tPeer, s.peers[tPeer].TimerExpired(s.now, tKey.kind, tKey.conn))
	default:
		return false
	}
	return true
}

// run advances the clock to until.
func (s *sim) run(until time.Duration) {
	for n := 0; s.next(until); n++ {
		require.Less(s.t, n, 100000, "runaway simulation")
	}
	s.now = until
}

// at runs f for peer i at time at.
func (s *sim) at(at time.Duration, i int, f func(p *Peer) []Action) {
	s.schedule(at, func() { s.apply(i, f(s.peers[i])) })
}

func (s *sim) start(at time.Duration, i int) {
	s.at(at, i, func(p *Peer) []Action { return p.Start(s.now) })
}

// dump returns the trace, for failure messages.
func (s *sim) dump() string { return strings.Join(s.trace, "\n") }

// sent lists the messages peer i sent, as "TYPE" strings.
func (s *sim) grep(sub string) []string {
	var out []string
	for _, l := range s.trace {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return out
}
