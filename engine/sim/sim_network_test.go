package sim

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// igpTopology is AS 65001 with four routers, two equal-cost paths from A
// to D (A-B-D and A-C-D, both 16), and X of AS 65002 behind D. links
// lists the link objects in the order wanted; hide sets
// hide_external_links on AS 65001.
func igpTopology(t *testing.T, links []string, hide bool) *Sim {
	t.Helper()
	ls := ""
	for i, l := range links {
		if i > 0 {
			ls += ",\n  "
		}
		ls += l
	}
	return newSim(t, fmt.Sprintf(`{
 "ases": [{"asn": 65001, "hide_external_links": %t}],
 "routers": [
  {"name": "A", "as": 65001, "router_id": "10.0.0.1"},
  {"name": "B", "as": 65001, "router_id": "10.0.0.2"},
  {"name": "C", "as": 65001, "router_id": "10.0.0.3"},
  {"name": "D", "as": 65001, "router_id": "10.0.0.4"},
  {"name": "X", "as": 65002, "router_id": "10.0.0.9"}],
 "links": [
  %s]
}`, hide, ls), Options{})
}

var (
	linkAB = `{"a": "A", "b": "B", "a_addr": "192.168.0.1", "b_addr": "192.168.0.2", "cost": 10, "latency": "1ms"}`
	linkAC = `{"a": "A", "b": "C", "a_addr": "192.168.1.1", "b_addr": "192.168.1.2", "cost": 15, "latency": "4ms"}`
	linkBD = `{"a": "B", "b": "D", "a_addr": "192.168.2.1", "b_addr": "192.168.2.2", "cost": 6, "latency": "2ms"}`
	linkCD = `{"a": "C", "b": "D", "a_addr": "192.168.3.1", "b_addr": "192.168.3.2", "cost": 1, "latency": "8ms"}`
	linkDX = `{"a": "D", "b": "X", "a_addr": "172.16.0.1", "b_addr": "172.16.0.2", "cost": 10}`
)

func addr(s string) netip.Addr { return netip.MustParseAddr(s) }

func TestIGPResolveCost(t *testing.T) {
	s := igpTopology(t, []string{linkAB, linkAC, linkBD, linkCD, linkDX}, false)
	a, _ := s.Router("A")
	tests := []struct {
		name string
		addr string
		cost uint32
		ok   bool
	}{
		{"own interface", "192.168.0.1", 0, true},
		{"neighbour on a shared link", "192.168.0.2", 0, true},
		{"own loopback", "10.0.0.1", 0, true},
		{"B's loopback: A-B", "10.0.0.2", 10, true},
		{"C's loopback: A-C", "10.0.0.3", 15, true},
		{"D's loopback: A-B-D or A-C-D", "10.0.0.4", 16, true},
		{"C's far interface", "192.168.3.1", 15, true},
		{"D's interface towards X", "172.16.0.1", 16, true},
		{"X's interface: through border router D", "172.16.0.2", 16, true},
		{"IPv4-mapped form", "::ffff:10.0.0.4", 16, true},
		{"X's loopback is not in our IGP", "10.0.0.9", 0, false},
		{"unknown address", "198.51.100.1", 0, false},
	}
	for _, tt := range tests {
		cost, ok := s.net.resolve(a.index, addr(tt.addr))
		assert.Equal(t, tt.ok, ok, tt.name)
		assert.Equal(t, tt.cost, cost, tt.name)
		// The speaker asks the same question.
		c2, ok2 := a.Speaker().Config().Resolve(addr(tt.addr))
		assert.Equal(t, tt.ok, ok2, tt.name)
		assert.Equal(t, tt.cost, c2, tt.name)
	}
	// From D: X's address is on its own link.
	d, _ := s.Router("D")
	cost, ok := s.net.resolve(d.index, addr("172.16.0.2"))
	assert.True(t, ok)
	assert.Zero(t, cost)
	// X knows nothing of AS 65001's insides.
	x, _ := s.Router("X")
	_, ok = s.net.resolve(x.index, addr("10.0.0.1"))
	assert.False(t, ok)
}

func TestIGPTiesGoToTheLowerLinkIndex(t *testing.T) {
	// A-B-D and A-C-D both cost 16: the path whose first link comes
	// first in the topology wins, whatever else changes.
	s := igpTopology(t, []string{linkAB, linkAC, linkBD, linkCD, linkDX}, false)
	a, _ := s.Router("A")
	d, _ := s.Router("D")
	assert.Equal(t, []int{0, 2}, s.net.path(a.index, d.index), "A-B-D")
	lat, ok := s.latency(a, d)
	require.True(t, ok)
	assert.Equal(t, 3*time.Millisecond, lat, "latency sums the links of the path")

	swapped := igpTopology(t, []string{linkAC, linkAB, linkBD, linkCD, linkDX}, false)
	a, _ = swapped.Router("A")
	d, _ = swapped.Router("D")
	assert.Equal(t, []int{0, 3}, swapped.net.path(a.index, d.index), "A-C-D")
	lat, _ = swapped.latency(a, d)
	assert.Equal(t, 12*time.Millisecond, lat)
	cost, _ := swapped.net.resolve(a.index, addr("10.0.0.4"))
	assert.EqualValues(t, 16, cost, "the cost does not depend on the tie")

	// Deterministic: the same topology gives the same tables.
	again := igpTopology(t, []string{linkAC, linkAB, linkBD, linkCD, linkDX}, false)
	assert.Equal(t, swapped.net.next, again.net.next)
	assert.Equal(t, swapped.net.dist, again.net.dist)
}

func TestIGPRecomputesOnLinkChanges(t *testing.T) {
	s := igpTopology(t, []string{linkAB, linkAC, linkBD, linkCD, linkDX}, false)
	a, _ := s.Router("A")
	cost := func(ad string) (uint32, bool) { return s.net.resolve(a.index, addr(ad)) }

	require.NoError(t, s.Do(Command{Op: LinkDown, Link: 0})) // A-B
	c, ok := cost("10.0.0.2")
	assert.True(t, ok)
	assert.EqualValues(t, 22, c, "B now through C and D: 15+1+6")
	_, ok = cost("192.168.0.2")
	assert.False(t, ok, "the interfaces of a down link are unreachable")
	c, _ = cost("10.0.0.4")
	assert.EqualValues(t, 16, c)

	require.NoError(t, s.Do(Command{Op: LinkDown, Link: 1})) // A-C
	for _, ad := range []string{"10.0.0.2", "10.0.0.3", "10.0.0.4", "172.16.0.2"} {
		_, ok := cost(ad)
		assert.False(t, ok, "%s with A cut off", ad)
	}
	_, ok = cost("10.0.0.1")
	assert.True(t, ok, "our own loopback")

	require.NoError(t, s.Do(Command{Op: LinkUp, Link: 0}))
	c, ok = cost("10.0.0.3")
	assert.True(t, ok)
	assert.EqualValues(t, 17, c, "C through B and D: 10+6+1")
	ev := find(s, trace.LinkChange, "A", "link 0 A-B up")
	require.Len(t, ev, 1)
}

func TestHideExternalLinks(t *testing.T) {
	s := igpTopology(t, []string{linkAB, linkAC, linkBD, linkCD, linkDX}, true)
	a, _ := s.Router("A")
	d, _ := s.Router("D")
	_, ok := s.net.resolve(a.index, addr("172.16.0.2"))
	assert.False(t, ok, "X's interface is not in the IGP")
	c, ok := s.net.resolve(a.index, addr("172.16.0.1"))
	assert.True(t, ok, "D's own interface is")
	assert.EqualValues(t, 16, c)
	c, ok = s.net.resolve(d.index, addr("172.16.0.2"))
	assert.True(t, ok, "to D the link is connected")
	assert.Zero(t, c)
}

// ibgpOverLoopbacks is R1 - R2 - R3 in AS 65001 with an IBGP session
// between the loopbacks of R1 and R3, which crosses both links.
const ibgpOverLoopbacks = `{
 "seed": 3,
 "routers": [
  {"name": "R1", "as": 65001, "router_id": "10.0.0.1", "originate": ["203.0.113.0/24"]},
  {"name": "R2", "as": 65001, "router_id": "10.0.0.2"},
  {"name": "R3", "as": 65001, "router_id": "10.0.0.3", "originate": ["198.51.100.0/24"]}],
 "links": [{"a": "R1", "b": "R2"}, {"a": "R2", "b": "R3"}],
 "sessions": [{"a": "R1", "b": "R3", "mrai": "0s"}]
}`

// checkInOrder fails unless every connection delivered its messages in
// the order they were sent, and each after it was sent.
func checkInOrder(t *testing.T, s *Sim) {
	t.Helper()
	sentAt := map[uint64]time.Duration{}
	type key struct {
		router, peer string
		conn         uint32
	}
	last := map[key]uint64{}
	for _, e := range s.Log().Events() {
		switch e.Kind {
		case trace.MessageSent:
			sentAt[e.Msg.ID] = e.At
		case trace.MessageDelivered:
			at, ok := sentAt[e.Msg.ID]
			require.True(t, ok, "delivered before sent: %s", e.String())
			assert.GreaterOrEqual(t, e.At, at)
			k := key{e.Router, e.Peer, e.Conn}
			assert.Greater(t, e.Msg.ID, last[k], "out of order: %s", e.String())
			last[k] = e.Msg.ID
			_, _, err := e.Msg.Annotate()
			assert.NoError(t, err, "undecodable: %s", e.String())
		}
	}
}

func TestLinkDownStallsIBGPThenFlows(t *testing.T) {
	s := newSim(t, ibgpOverLoopbacks, Options{})
	require.True(t, s.RunUntilQuiet(time.Hour))
	r1, _ := s.Router("R1")
	r3, _ := s.Router("R3")
	require.NotNil(t, r3.Speaker().Best(pfx("203.0.113.0/24")))

	down := s.Now()
	require.NoError(t, s.Do(Command{Op: LinkDown, Link: 1}))
	_, ok := s.net.resolve(r1.index, addr("10.0.0.3"))
	assert.False(t, ok, "the IGP lost R3")
	require.NoError(t, s.Do(Command{Op: Announce, Router: "R1", Prefix: pfx("192.0.2.0/24")}))
	assert.False(t, s.RunUntilQuiet(down+40*time.Second), "stalled traffic is not quiet")
	// Nothing crossed during the outage, though R1 sent.
	var sent, delivered int
	for _, e := range s.Log().Since(0) {
		if e.At <= down || e.Msg == nil {
			continue
		}
		switch {
		case e.Kind == trace.MessageSent && e.Router == "R1":
			sent++
		case e.Kind == trace.MessageDelivered && e.Router == "R3":
			delivered++
		}
	}
	assert.Positive(t, sent, "the UPDATE and keepalives were sent")
	assert.Zero(t, delivered)
	assert.Nil(t, r3.Speaker().Best(pfx("192.0.2.0/24")))

	up := s.Now()
	require.NoError(t, s.Do(Command{Op: LinkUp, Link: 1}))
	c, ok := s.net.resolve(r1.index, addr("10.0.0.3"))
	assert.True(t, ok)
	assert.EqualValues(t, 20, c)
	require.True(t, s.RunUntilQuiet(up+time.Hour))
	assert.NotNil(t, r3.Speaker().Best(pfx("192.0.2.0/24")), "the stalled UPDATE arrived")

	// Nothing was lost, reordered or mangled: no errors, no NOTIFICATION,
	// the session never went down.
	assert.Empty(t, find(s, trace.UpdateError, "", ""))
	assert.Empty(t, find(s, trace.SessionDown, "", ""))
	for _, e := range s.Log().Events() {
		if e.Msg != nil && e.At > down {
			assert.NotEqual(t, wire.TypeNotification, e.Msg.Type, e.String())
		}
	}
	checkInOrder(t, s)
	for _, r := range []*Router{r1, r3} {
		for _, p := range r.Speaker().Peers() {
			assert.Equal(t, fsm.Established, p.State)
		}
	}
}

func TestLongOutageEndsTheSession(t *testing.T) {
	// Longer than the hold time: the session ends on both sides, and
	// comes back once the link does.
	s := newSim(t, ibgpOverLoopbacks, Options{})
	require.True(t, s.RunUntilQuiet(time.Hour))
	require.NoError(t, s.Do(Command{Op: LinkDown, Link: 0}))
	require.True(t, s.RunUntilQuiet(s.Now()+time.Hour))
	require.Len(t, find(s, trace.SessionDown, "", "HoldTimer"), 2)
	r3, _ := s.Router("R3")
	assert.Nil(t, r3.Speaker().Best(pfx("203.0.113.0/24")))
	require.NoError(t, s.Do(Command{Op: LinkUp, Link: 0}))
	require.True(t, s.RunUntilQuiet(s.Now()+time.Hour))
	assert.NotNil(t, r3.Speaker().Best(pfx("203.0.113.0/24")))
	checkInOrder(t, s)
}

func TestEBGPLinkDownClosesAtOnce(t *testing.T) {
	// A session over a link's own addresses ends when the link does
	// (fast external fallover), at both ends, without waiting for hold
	// timers.
	s := newSim(t, triangle, Options{})
	require.True(t, s.RunUntilQuiet(time.Hour))
	at := s.Now()
	require.NoError(t, s.Do(Command{Op: LinkDown, Link: 2}))
	closes := find(s, trace.TCPClose, "", "interface down")
	require.Len(t, closes, 2)
	for _, e := range closes {
		assert.Equal(t, at, e.At)
	}
	downs := find(s, trace.SessionDown, "", "")
	require.Len(t, downs, 2)
	assert.Equal(t, at, downs[0].At)
	r3, _ := s.Router("R3")
	require.True(t, s.RunUntilQuiet(at+time.Hour))
	assert.Nil(t, r3.Speaker().Best(pfx("198.51.100.0/24")))
}

func TestInOrderOnGeneratedRun(t *testing.T) {
	s, err := New(generated(t), Options{})
	require.NoError(t, err)
	require.True(t, s.RunUntilQuiet(time.Hour))
	for l := range 6 {
		require.NoError(t, s.Do(Command{Op: LinkDown, Link: l}))
		s.RunUntil(s.Now() + 5*time.Second)
	}
	for l := range 6 {
		require.NoError(t, s.Do(Command{Op: LinkUp, Link: l}))
	}
	require.True(t, s.RunUntilQuiet(s.Now()+time.Hour))
	checkInOrder(t, s)
}
