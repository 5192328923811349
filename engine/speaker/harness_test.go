package speaker

import (
	"container/heap"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/require"
)

// harness wires speakers directly, without the simulator: a Dial reaches
// the named speaker's Accepted after latency, the dialler hears Connected
// one latency later, Send bytes arrive at the other end's Received in
// order, a Close reaches the other end as ConnectFailed, and timers fire
// at their deadlines. Speakers are named after each other: speaker "A"
// has a peer named "B" when it talks to "B".
type harness struct {
	t       testing.TB
	now     time.Duration
	latency time.Duration
	sp      map[string]*Speaker
	// ends maps each end of a connection to the other end.
	ends   map[end]end
	closed map[end]bool
	timers map[string]map[Timer]time.Duration
	q      hq
	seq    int
	// log is every action, in order, as text: what determinism compares.
	log []string
	// sent lists the messages each speaker wrote, by speaker name.
	sent map[string][]Send
	// undecodable counts bytes a speaker could not decode as a whole
	// message of the session (never expected).
	undecodable int
}

// end is one end of a harness connection.
type end struct {
	router, peer string
	conn         fsm.ConnID
}

type hitem struct {
	at  time.Duration
	seq int
	do  func()
}

type hq []hitem

func (q hq) Len() int { return len(q) }
func (q hq) Less(i, j int) bool {
	return q[i].at < q[j].at || (q[i].at == q[j].at && q[i].seq < q[j].seq)
}
func (q hq) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *hq) Push(x any)   { *q = append(*q, x.(hitem)) }
func (q *hq) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}

// newHarness builds the speakers of cfgs, each with a random source seeded
// from seed and its position, and starts them.
func newHarness(t testing.TB, seed uint64, cfgs ...Config) *harness {
	t.Helper()
	h := &harness{
		t: t, latency: time.Millisecond,
		sp: map[string]*Speaker{}, ends: map[end]end{}, closed: map[end]bool{},
		timers: map[string]map[Timer]time.Duration{}, sent: map[string][]Send{},
	}
	for i, c := range cfgs {
		s, err := New(c, rand.New(rand.NewPCG(seed, uint64(i))))
		require.NoError(t, err)
		h.sp[c.Name] = s
		h.timers[c.Name] = map[Timer]time.Duration{}
	}
	for _, c := range cfgs {
		h.apply(c.Name, h.sp[c.Name].Start(0))
	}
	return h
}

func (h *harness) schedule(at time.Duration, do func()) {
	h.seq++
	heap.Push(&h.q, hitem{at, h.seq, do})
}

// apply carries out the actions of speaker name.
func (h *harness) apply(name string, acts []Action) {
	s := h.sp[name]
	for _, a := range acts {
		h.log = append(h.log, fmt.Sprintf("%s %s %s", h.now, name, a))
		switch a := a.(type) {
		case Dial:
			other := h.sp[a.Peer]
			if other == nil {
				h.schedule(h.now+h.latency, func() { h.apply(name, s.ConnectFailed(h.now, a.Peer, a.Conn)) })
				continue
			}
			me := end{name, a.Peer, a.Conn}
			h.schedule(h.now+h.latency, func() {
				id, acts, ok := other.Accepted(h.now, name)
				if !ok {
					h.schedule(h.now+h.latency, func() { h.apply(name, s.ConnectFailed(h.now, a.Peer, a.Conn)) })
					return
				}
				them := end{a.Peer, name, id}
				h.ends[me], h.ends[them] = them, me
				h.schedule(h.now+h.latency, func() {
					if !h.closed[me] {
						h.apply(name, s.Connected(h.now, a.Peer, a.Conn))
					}
				})
				h.apply(a.Peer, acts)
			})
		case Send:
			h.sent[name] = append(h.sent[name], a)
			me := end{name, a.Peer, a.Conn}
			them, ok := h.ends[me]
			if !ok || h.closed[me] {
				continue
			}
			if _, err := wire.Decode(a.Bytes, a.Opt); err != nil && a.Msg.Type() != wire.TypeOpen {
				h.undecodable++
			}
			b := slices.Clone(a.Bytes)
			h.schedule(h.now+h.latency, func() {
				if !h.closed[them] {
					h.apply(them.router, h.sp[them.router].Received(h.now, them.peer, them.conn, b))
				}
			})
		case Close:
			me := end{name, a.Peer, a.Conn}
			if h.closed[me] {
				continue
			}
			h.closed[me] = true
			if them, ok := h.ends[me]; ok {
				h.schedule(h.now+h.latency, func() {
					if !h.closed[them] {
						h.closed[them] = true
						h.apply(them.router, h.sp[them.router].ConnectFailed(h.now, them.peer, them.conn))
					}
				})
			}
		case ArmTimer:
			h.timers[name][a.Timer] = a.At
			at := a.At
			h.schedule(at, func() {
				if h.timers[name][a.Timer] != at {
					return
				}
				delete(h.timers[name], a.Timer)
				h.apply(name, s.TimerExpired(h.now, a.Timer))
			})
		case StopTimer:
			delete(h.timers[name], a.Timer)
		case Trace:
		}
	}
}

// step runs the next happening; false when there is none.
func (h *harness) step() bool {
	if h.q.Len() == 0 {
		return false
	}
	it := heap.Pop(&h.q).(hitem)
	h.now = max(h.now, it.at)
	it.do()
	return true
}

// runUntil runs every happening up to t.
func (h *harness) runUntil(t time.Duration) {
	for h.q.Len() > 0 && h.q[0].at <= t {
		h.step()
	}
	h.now = max(h.now, t)
}

// run runs for d more.
func (h *harness) run(d time.Duration) { h.runUntil(h.now + d) }

// do runs an input of speaker name now and applies its actions.
func (h *harness) do(name string, f func(s *Speaker) []Action) {
	h.apply(name, f(h.sp[name]))
}

// established runs until every speaker has every enabled peer
// Established, failing after a minute.
func (h *harness) established() {
	h.t.Helper()
	deadline := h.now + time.Minute
	for {
		all := true
		for _, s := range h.sp {
			for _, p := range s.peers {
				if !p.cfg.Disabled && p.sess == nil {
					all = false
				}
			}
		}
		if all {
			return
		}
		require.True(h.t, h.q.Len() > 0 && h.q[0].at <= deadline, "sessions not Established by %s", deadline)
		h.step()
	}
}

// conn returns speaker name's connection of its Established session with
// peer.
func (h *harness) conn(name, peer string) fsm.ConnID {
	h.t.Helper()
	p := h.sp[name].by[peer]
	require.NotNil(h.t, p.sess, "%s has no session with %s", name, peer)
	return p.conn
}

// inject hands speaker name the bytes b as if peer had sent them on the
// Established session, and applies the actions.
func (h *harness) inject(name, peer string, b []byte) {
	h.do(name, func(s *Speaker) []Action { return s.Received(h.now, peer, h.conn(name, peer), b) })
}

// updatesFrom decodes the UPDATEs speaker name sent to peer from index
// from of its sent list on.
func (h *harness) updatesFrom(name, peer string, from int) []*wire.Update {
	h.t.Helper()
	var out []*wire.Update
	for _, a := range h.sent[name][from:] {
		if a.Peer != peer || a.Msg.Type() != wire.TypeUpdate {
			continue
		}
		m, err := wire.Decode(a.Bytes, a.Opt)
		require.NoError(h.t, err)
		out = append(out, m.(*wire.Update))
	}
	return out
}

// pair returns two configurations, A in AS asA at 192.0.2.1 and B in AS
// asB at 192.0.2.2, peering with each other with MRAI 0.
func pair(asA, asB uint32) (Config, Config) {
	zero := time.Duration(0)
	a := Config{Name: "A", AS: asA, RouterID: netip.MustParseAddr("10.0.0.1")}
	b := Config{Name: "B", AS: asB, RouterID: netip.MustParseAddr("10.0.0.2")}
	addrA, addrB := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	a.Peers = []PeerConfig{{Name: "B", AS: asB, Addr: addrB, LocalAddr: addrA, MRAI: &zero}}
	b.Peers = []PeerConfig{{Name: "A", AS: asA, Addr: addrA, LocalAddr: addrB, MRAI: &zero}}
	return a, b
}

// pfx parses a prefix.
func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

// checkRIBs fails unless every speaker's tables are consistent: every
// path of a Dest has received attributes and is the only one from its peer
// with its path identifier, every Best is one of its Dest's Paths and
// usable, every Adj-RIB-Out entry has attributes, and the peers' counts
// of received and accepted paths match their Adj-RIBs-In.
func checkRIBs(t testing.TB, s *Speaker) {
	t.Helper()
	for _, d := range s.LocRIB() {
		type key struct {
			peer *rib.Peer
			id   uint32
		}
		seen := map[key]bool{}
		for _, p := range d.Paths {
			require.NotNil(t, p.Received, "%s: path %s without received attributes", d.Prefix, p)
			require.Equal(t, d.Prefix, p.Prefix)
			require.False(t, seen[key{p.Peer, p.ID}], "%s: two paths from %s with ID %d", d.Prefix, p.Peer, p.ID)
			seen[key{p.Peer, p.ID}] = true
		}
		if d.Best != nil {
			require.Contains(t, d.Paths, d.Best, "%s: best path is not a candidate", d.Prefix)
			require.NotNil(t, d.Best.Attrs, "%s: best path %s was rejected", d.Prefix, d.Best)
		}
	}
	for _, ps := range s.Peers() {
		for _, a := range s.AdjOut(ps.Name) {
			require.NotNil(t, a.Attrs, "%s: Adj-RIB-Out %s to %s has no attributes", s.Name(), a.Prefix, ps.Name)
		}
		in := s.AdjIn(ps.Name)
		accepted := 0
		for _, p := range in {
			require.NotNil(t, p.Received, "%s: Adj-RIB-In %s from %s has no received attributes", s.Name(), p.Prefix, ps.Name)
			require.Equal(t, ps.Name, p.Peer.Name)
			if p.Attrs != nil {
				accepted++
			}
		}
		require.Equal(t, len(in), ps.Received, "%s: paths received from %s", s.Name(), ps.Name)
		require.Equal(t, accepted, ps.Accepted, "%s: paths accepted from %s", s.Name(), ps.Name)
	}
}
