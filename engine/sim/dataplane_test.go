package sim

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/topo"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dataplaneSim builds the simulation of testdata/dataplane/NAME.json.
func dataplaneSim(t *testing.T, name string, opt Options) *Sim {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "dataplane", name+".json"))
	require.NoError(t, err)
	tp, err := topo.Load(data)
	require.NoError(t, err, "topology %s", name)
	s, err := New(tp, opt)
	require.NoError(t, err)
	return s
}

// settle runs s until it is quiet, which it must become within an hour.
func settle(t *testing.T, s *Sim) {
	t.Helper()
	require.True(t, s.RunUntilQuiet(s.Now()+time.Hour), "not quiet by %s", s.Now())
}

// ping traces a packet and returns its hops as "node link: why" lines,
// the last one saying how it ended.
func ping(t *testing.T, s *Sim, from, to string) (Path, []string) {
	t.Helper()
	p, err := s.Trace(from, netip.MustParseAddr(to))
	require.NoError(t, err)
	require.NotEmpty(t, p.Hops)
	require.Equal(t, p.Delivered, p.Drop == "", "delivered and a drop reason: %s", p)
	var lines []string
	for _, h := range p.Hops {
		lines = append(lines, fmt.Sprintf("%s %d: %s", h.Node, h.Link, h.Why))
	}
	return p, lines
}

func TestTraceNeedsRoutesBetweenASes(t *testing.T) {
	s := dataplaneSim(t, "two-as", Options{})
	s.RunUntil(5 * time.Millisecond)
	p, hops := ping(t, s, "H1", "10.2.0.10")
	assert.Equal(t, []string{
		"H1 1: default route via 10.1.0.1",
		"R1 -1: dropped: no route to 10.2.0.10 at R1",
	}, hops)
	assert.False(t, p.Delivered)
	assert.Equal(t, "no route to 10.2.0.10 at R1", p.Drop)

	settle(t, s)
	p, hops = ping(t, s, "H1", "10.2.0.10")
	assert.True(t, p.Delivered)
	assert.Equal(t, []string{
		"H1 1: default route via 10.1.0.1",
		"R1 0: BGP 10.2.0.0/24 via 192.0.2.2 [65002]",
		"R2 2: connected 10.2.0.0/24",
		"H2 -1: delivered: 10.2.0.10 is H2's address",
	}, hops)
	assert.Equal(t, []string{"H1", "R1", "R2", "H2"}, p.Nodes())
	_, hops = ping(t, s, "H2", "10.1.0.10")
	assert.Equal(t, []string{
		"H2 2: default route via 10.2.0.1",
		"R2 0: BGP 10.1.0.0/24 via 192.0.2.1 [65001]",
		"R1 1: connected 10.1.0.0/24",
		"H1 -1: delivered: 10.1.0.10 is H1's address",
	}, hops)
}

func TestTraceEndings(t *testing.T) {
	s := dataplaneSim(t, "two-as", Options{})
	settle(t, s)
	tests := []struct {
		from, to string
		want     []string
	}{
		{"H1", "10.1.0.10", []string{"H1 -1: delivered: 10.1.0.10 is H1's address"}},
		{"R1", "10.0.0.1", []string{"R1 -1: delivered: 10.0.0.1 is R1's own address"}},
		{"R1", "10.1.0.10", []string{"R1 1: connected 10.1.0.0/24", "H1 -1: delivered: 10.1.0.10 is H1's address"}},
		// An interface address of the neighbour, over the shared link.
		{"H1", "192.0.2.2", []string{
			"H1 1: default route via 10.1.0.1",
			"R1 0: connected 192.0.2.0/30",
			"R2 -1: delivered: 192.0.2.2 is R2's own address"}},
		// No host holds the address: the originated prefix counts as
		// R2's own network.
		{"H1", "10.2.0.99", []string{
			"H1 1: default route via 10.1.0.1",
			"R1 0: BGP 10.2.0.0/24 via 192.0.2.2 [65002]",
			"R2 -1: delivered: 10.2.0.99 is in 10.2.0.0/24, originated by R2"}},
		// Loopbacks are not announced in BGP.
		{"H1", "10.0.0.2", []string{"H1 1: default route via 10.1.0.1", "R1 -1: dropped: no route to 10.0.0.2 at R1"}},
		// The broadcast address of the link: nobody holds it.
		{"R1", "192.0.2.3", []string{"R1 -1: dropped: no node has 192.0.2.3 on link 0 at R1"}},
		{"R1", "2001:db8::1", []string{"R1 -1: dropped: no route to 2001:db8::1 at R1"}},
		// An IPv4-mapped IPv6 address is its IPv4 address.
		{"R1", "::ffff:10.0.0.1", []string{"R1 -1: delivered: 10.0.0.1 is R1's own address"}},
	}
	for _, tt := range tests {
		t.Run(tt.from+" to "+tt.to, func(t *testing.T) {
			_, hops := ping(t, s, tt.from, tt.to)
			assert.Equal(t, tt.want, hops)
		})
	}
}

func TestTraceLinkDownDrops(t *testing.T) {
	s := dataplaneSim(t, "two-as", Options{})
	settle(t, s)
	// The host's own link: the host cannot send, and its router, which
	// still originates the host's subnet, cannot deliver.
	require.NoError(t, s.Do(Command{Op: LinkDown, Link: 1}))
	p, hops := ping(t, s, "H1", "10.2.0.10")
	assert.Equal(t, []string{"H1 -1: dropped: link 1 is down"}, hops)
	assert.Equal(t, "link 1 is down", p.Drop)
	_, hops = ping(t, s, "H2", "10.1.0.10")
	assert.Equal(t, []string{
		"H2 2: default route via 10.2.0.1",
		"R2 0: BGP 10.1.0.0/24 via 192.0.2.1 [65001]",
		"R1 -1: dropped: link 1 is down",
	}, hops)
	require.NoError(t, s.Do(Command{Op: LinkUp, Link: 1}))

	// The link between the ASes: the session goes down with it (fast
	// external fallover) and the routes are gone at once.
	require.NoError(t, s.Do(Command{Op: LinkDown, Link: 0}))
	_, hops = ping(t, s, "H1", "10.2.0.10")
	assert.Equal(t, []string{"H1 1: default route via 10.1.0.1", "R1 -1: dropped: no route to 10.2.0.10 at R1"}, hops)
	settle(t, s)
	_, hops = ping(t, s, "H1", "10.2.0.10")
	assert.Equal(t, []string{"H1 1: default route via 10.1.0.1", "R1 -1: dropped: no route to 10.2.0.10 at R1"}, hops)
}

func TestTraceRouterDown(t *testing.T) {
	for _, op := range []Op{Crash, PowerOff} {
		t.Run(string(op), func(t *testing.T) {
			s := dataplaneSim(t, "two-as", Options{})
			settle(t, s)
			require.NoError(t, s.Do(Command{Op: op, Router: "R2"}))
			// R1 still has R2's route: the packet dies at R2.
			p, hops := ping(t, s, "H1", "10.2.0.10")
			assert.Equal(t, []string{
				"H1 1: default route via 10.1.0.1",
				"R1 0: BGP 10.2.0.0/24 via 192.0.2.2 [65002]",
				"R2 -1: dropped: router R2 is down",
			}, hops)
			assert.Equal(t, "router R2 is down", p.Drop)
			_, hops = ping(t, s, "R2", "10.2.0.10")
			assert.Equal(t, []string{"R2 -1: dropped: router R2 is down"}, hops)
			// Once R1 noticed, it has no route any more.
			settle(t, s)
			_, hops = ping(t, s, "H1", "10.2.0.10")
			assert.Equal(t, []string{"H1 1: default route via 10.1.0.1", "R1 -1: dropped: no route to 10.2.0.10 at R1"}, hops)
		})
	}
}

func TestTraceIBGPNextHopThroughIGP(t *testing.T) {
	s := dataplaneSim(t, "ibgp-line", Options{})
	settle(t, s)
	// R3 learned E's route over IBGP with E's address as next hop; the
	// IGP reaches it through R2 (cost 20), not the shortcut (cost 100).
	_, hops := ping(t, s, "H3", "198.51.100.1")
	assert.Equal(t, []string{
		"H3 4: default route via 10.3.0.1",
		"R3 2: BGP 198.51.100.0/24 via 192.0.2.1 [65001]",
		"R2 1: BGP 198.51.100.0/24 via 192.0.2.1 [65001]",
		"R1 0: BGP 198.51.100.0/24 via 192.0.2.1 [65001]",
		"E -1: delivered: 198.51.100.1 is in 198.51.100.0/24, originated by E",
	}, hops)
	// Inside the AS, the host's subnet is an IGP route, preferred over
	// the BGP route of the same length.
	_, hops = ping(t, s, "E", "10.3.0.10")
	assert.Equal(t, []string{
		"E 0: BGP 10.3.0.0/24 via 192.0.2.2 [65002]",
		"R1 1: IGP to 10.3.0.0/24 cost 20",
		"R2 2: IGP to 10.3.0.0/24 cost 10",
		"R3 4: connected 10.3.0.0/24",
		"H3 -1: delivered: 10.3.0.10 is H3's address",
	}, hops)
	// A connected subnet wins over the IGP's route to it, even when the
	// IGP path is cheaper.
	_, hops = ping(t, s, "R3", "10.255.0.13")
	assert.Equal(t, []string{"R3 3: connected 10.255.0.12/30", "R1 -1: delivered: 10.255.0.13 is R1's own address"}, hops)
	_, hops = ping(t, s, "R1", "10.255.0.6")
	assert.Equal(t, []string{"R1 1: connected 10.255.0.4/30", "R2 -1: delivered: 10.255.0.6 is R2's own address"}, hops)
	_, hops = ping(t, s, "R1", "10.0.0.3")
	assert.Equal(t, []string{"R1 1: IGP to 10.0.0.3 cost 20", "R2 2: IGP to 10.0.0.3 cost 10", "R3 -1: delivered: 10.0.0.3 is R3's own address"}, hops)

	// R2-R3 fails: the IGP moves R3's next hop to the shortcut at once.
	require.NoError(t, s.Do(Command{Op: LinkDown, Link: 2}))
	_, hops = ping(t, s, "H3", "198.51.100.1")
	assert.Equal(t, []string{
		"H3 4: default route via 10.3.0.1",
		"R3 3: BGP 198.51.100.0/24 via 192.0.2.1 [65001]",
		"R1 0: BGP 198.51.100.0/24 via 192.0.2.1 [65001]",
		"E -1: delivered: 198.51.100.1 is in 198.51.100.0/24, originated by E",
	}, hops)
}

func TestTraceBGPFreeCoreDrops(t *testing.T) {
	// In the triangle only R1 and R3 speak IBGP: R3's next hop (R1's
	// loopback, next-hop-self) is through R2, which has no BGP route.
	s := newSim(t, triangle, Options{})
	settle(t, s)
	p, hops := ping(t, s, "R3", "198.51.100.1")
	assert.Equal(t, []string{
		"R3 1: BGP 198.51.100.0/24 via 10.0.0.1 [65002]",
		"R2 -1: dropped: no route to 198.51.100.1 at R2",
	}, hops)
	assert.False(t, p.Delivered)
}

func TestTraceReroutesAroundFailedLink(t *testing.T) {
	s := dataplaneSim(t, "as-triangle", Options{})
	settle(t, s)
	_, hops := ping(t, s, "R2", "203.0.113.1")
	assert.Equal(t, []string{
		"R2 0: BGP 203.0.113.0/24 via 10.255.0.1 [65001]",
		"R1 -1: delivered: 203.0.113.1 is in 203.0.113.0/24, originated by R1",
	}, hops)
	require.NoError(t, s.Do(Command{Op: LinkDown, Link: 0}))
	settle(t, s)
	_, hops = ping(t, s, "R2", "203.0.113.1")
	assert.Equal(t, []string{
		"R2 2: BGP 203.0.113.0/24 via 10.255.0.10 [65003 65001]",
		"R3 1: BGP 203.0.113.0/24 via 10.255.0.5 [65001]",
		"R1 -1: delivered: 203.0.113.1 is in 203.0.113.0/24, originated by R1",
	}, hops)
}

func TestTraceTransientLoop(t *testing.T) {
	// R1 withdraws; 10 ms later R2 and R3 hear it and each falls back on
	// the other's path, which they withdraw only 50 ms later.
	s := dataplaneSim(t, "as-triangle", Options{})
	settle(t, s)
	require.NoError(t, s.Do(Command{Op: Withdraw, Router: "R1", Prefix: pfx("203.0.113.0/24")}))
	t0 := s.Now()
	tests := []struct {
		after time.Duration
		drop  string
	}{
		{5 * time.Millisecond, "no route to 203.0.113.1 at R1"},
		{15 * time.Millisecond, "TTL exceeded: forwarding loop R2 → R3 → R2"},
		{55 * time.Millisecond, "TTL exceeded: forwarding loop R2 → R3 → R2"},
		{65 * time.Millisecond, "no route to 203.0.113.1 at R2"},
	}
	for _, tt := range tests {
		s.RunUntil(t0 + tt.after)
		p, _ := ping(t, s, "R2", "203.0.113.1")
		assert.Equal(t, tt.drop, p.Drop, "after %s", tt.after)
		if tt.drop[:3] == "TTL" {
			require.Len(t, p.Hops, MaxHops+1)
			for i, h := range p.Hops[:MaxHops] {
				assert.Equal(t, []string{"R2", "R3"}[i%2], h.Node)
				assert.Equal(t, 2, h.Link)
			}
			assert.Equal(t, Hop{Node: "R2", Link: -1, Why: "dropped: " + tt.drop}, p.Hops[MaxHops])
		}
	}
}

func TestTTLExceededNamesTheLoop(t *testing.T) {
	s := dataplaneSim(t, "ibgp-line", Options{})
	// Nodes: E 0, R1 1, R2 2, R3 3, H3 4.
	tests := []struct {
		seen []int
		want string
	}{
		{[]int{4, 3, 2, 1, 2}, "TTL exceeded: forwarding loop R2 → R1 → R2"},
		{[]int{1, 2, 3, 1, 2, 3, 1}, "TTL exceeded: forwarding loop R1 → R2 → R3 → R1"},
		{[]int{3, 2, 1, 0}, "TTL exceeded after 64 hops at E"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, s.ttlExceeded(tt.seen))
	}
}

func TestHostsDoNotForward(t *testing.T) {
	s := dataplaneSim(t, "two-as", Options{})
	h1 := s.net.node["H1"]
	st := s.forward(h1, netip.MustParseAddr("10.2.0.10"), false)
	assert.Equal(t, "host H1 does not forward packets", st.drop)
	assert.False(t, st.delivered)
}

func TestTraceBadArguments(t *testing.T) {
	s := dataplaneSim(t, "two-as", Options{})
	n := s.Log().Len()
	_, err := s.Trace("R9", netip.MustParseAddr("10.2.0.10"))
	assert.EqualError(t, err, `trace from "R9": no router or host of that name`)
	_, err = s.Trace("H1", netip.Addr{})
	assert.EqualError(t, err, "trace from H1: the destination is not a valid IP address")
	assert.Equal(t, n, s.Log().Len(), "nothing recorded")
}

func TestTraceRecordsPacketEvents(t *testing.T) {
	s := dataplaneSim(t, "two-as", Options{})
	settle(t, s)
	before, now, processed := s.Log().Len(), s.Now(), s.Processed()
	_, err := s.Trace("H1", netip.MustParseAddr("10.2.0.10"))
	require.NoError(t, err)
	assert.Equal(t, now, s.Now(), "no virtual time passes")
	assert.Equal(t, processed, s.Processed())
	var got []string
	for _, e := range s.Log().Since(before) {
		got = append(got, e.String())
	}
	at := now.String()
	assert.Equal(t, []string{
		at + " H1 packet peer R1: default route via 10.1.0.1",
		at + " R1 packet peer R2: BGP 10.2.0.0/24 via 192.0.2.2 [65002]",
		at + " R2 packet peer H2: connected 10.2.0.0/24",
		at + " H2 packet: delivered: 10.2.0.10 is H2's address",
	}, got)

	// A log that does not keep packets gets none.
	quiet := dataplaneSim(t, "two-as", Options{Trace: func(k trace.Kind) bool { return k != trace.Packet }})
	settle(t, quiet)
	n := quiet.Log().Len()
	p, err := quiet.Trace("H1", netip.MustParseAddr("10.2.0.10"))
	require.NoError(t, err)
	assert.True(t, p.Delivered)
	assert.Equal(t, n, quiet.Log().Len())
}

func TestTraceIsDeterministic(t *testing.T) {
	paths := func() string {
		s := dataplaneSim(t, "as-triangle", Options{})
		settle(t, s)
		require.NoError(t, s.Do(Command{Op: Withdraw, Router: "R1", Prefix: pfx("203.0.113.0/24")}))
		s.RunUntil(s.Now() + 15*time.Millisecond)
		out := ""
		for _, from := range []string{"R1", "R2", "R3", "R2"} {
			p, err := s.Trace(from, netip.MustParseAddr("203.0.113.1"))
			require.NoError(t, err)
			out += p.String()
		}
		return out + s.Log().Digest()
	}
	assert.Equal(t, paths(), paths())
}
