package topo

import (
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	addr   = netip.MustParseAddr
	prefix = netip.MustParsePrefix
)

func loadFile(t *testing.T, name string) *Topology {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return mustLoad(t, string(data))
}

func TestDefaults(t *testing.T) {
	tp := mustLoad(t, doc(routers(r1, r2, r3), links(`{"a": "R1", "b": "R2"}`),
		sessions(`{"a": "R1", "b": "R2", "a_side": {"graceful_restart": {}}}`, `{"a": "R3", "b": "R1"}`)))
	r, ok := tp.Router("R1")
	require.True(t, ok)
	assert.Equal(t, addr("10.0.0.1"), r.Loopback, "loopback defaults to router_id")
	assert.False(t, r.ClusterID.IsValid(), "cluster_id stays unset: the speaker's default")
	assert.Nil(t, r.Originate)

	l := tp.Links[0]
	assert.Equal(t, DefaultLatency, l.Latency)
	assert.Equal(t, DefaultCost, l.Cost)
	assert.False(t, l.Down)

	s := tp.Sessions[0]
	assert.Equal(t, EBGP, s.Type)
	assert.Equal(t, TransportLink, s.Transport)
	assert.Zero(t, s.HoldTime)
	assert.Nil(t, s.MRAI)
	assert.Equal(t, []wire.Family{wire.IPv4Unicast}, s.ASide.Families)
	assert.Equal(t, []wire.Family{wire.IPv4Unicast}, s.BSide.Families)
	require.NotNil(t, s.ASide.GracefulRestart)
	assert.Equal(t, DefaultRestartTime, s.ASide.GracefulRestart.RestartTime)
	assert.Nil(t, s.BSide.GracefulRestart)

	s = tp.Sessions[1]
	assert.Equal(t, IBGP, s.Type)
	assert.Equal(t, TransportLoopback, s.Transport)
	assert.Equal(t, addr("10.0.0.3"), s.AAddr)
	assert.Equal(t, addr("10.0.0.1"), s.BAddr)

	// Implicit ASes, in the order of their first router.
	assert.Equal(t, []AS{{ASN: 65001}, {ASN: 65002}}, tp.ASes)
}

func TestExplicitZeroLatency(t *testing.T) {
	tp := mustLoad(t, doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "latency": "0s"}`)))
	assert.Zero(t, tp.Links[0].Latency)
}

func TestImplicitASesFollowListedOnes(t *testing.T) {
	tp := mustLoad(t, doc(`"ases": [{"asn": 65002, "name": "B"}, {"asn": 7}]`, routers(r1, r2, r3)))
	assert.Equal(t, []AS{{ASN: 65002, Name: "B"}, {ASN: 7}, {ASN: 65001}}, tp.ASes)
	as, ok := tp.AS(65001)
	require.True(t, ok)
	assert.Equal(t, uint32(65001), as.ASN)
	_, ok = tp.AS(1)
	assert.False(t, ok)
}

func TestAddressAssignment(t *testing.T) {
	tp := mustLoad(t, doc(routers(r1, r2, r3, `{"name": "R4", "as": 4200000000, "router_id": "10.0.0.4"}`),
		links(`{"a": "R1", "b": "R2"}`,
			`{"a": "R2", "b": "R3", "a_addr": "2001:db8::1", "b_addr": "2001:db8::2"}`,
			`{"a": "R3", "b": "R1"}`,
			`{"a": "R1", "b": "R4", "a_addr": "192.0.2.0", "b_addr": "192.0.2.1", "prefix_len": 31}`)))
	want := []struct {
		a, b   string
		prefix string
	}{
		{"10.255.0.1", "10.255.0.2", "10.255.0.0/30"},
		{"2001:db8::1", "2001:db8::2", "2001:db8::/64"},
		{"10.255.0.9", "10.255.0.10", "10.255.0.8/30"}, // link 2: by index, not by count
		{"192.0.2.0", "192.0.2.1", "192.0.2.0/31"},
	}
	for i, w := range want {
		l := tp.Links[i]
		assert.Equal(t, addr(w.a), l.AAddr, "links[%d]", i)
		assert.Equal(t, addr(w.b), l.BAddr, "links[%d]", i)
		assert.Equal(t, prefix(w.prefix), l.Prefix(), "links[%d]", i)
	}
}

func TestAddressesRunOut(t *testing.T) {
	// 16384 /30s fit in 10.255.0.0/16; link 16384 gets none.
	var tp Topology
	n := 182 // 182*181/2 = 16471 pairs
	for i := range n {
		tp.Routers = append(tp.Routers, Router{Name: "r" + strconv.Itoa(i), AS: 1, RouterID: addr4(0x0a000001 + uint32(i))})
	}
	for i := 0; i < n && len(tp.Links) <= maxAutoLinks; i++ {
		for j := i + 1; j < n && len(tp.Links) <= maxAutoLinks; j++ {
			tp.Links = append(tp.Links, Link{A: tp.Routers[i].Name, B: tp.Routers[j].Name})
		}
	}
	err := tp.Validate()
	assert.EqualError(t, err, "links[16384]: no addresses left to assign in 10.255.0.0/16; give a_addr and b_addr")
	tp.Links = tp.Links[:maxAutoLinks]
	require.NoError(t, tp.Validate())
	assert.Equal(t, addr("10.255.255.253"), tp.Links[maxAutoLinks-1].AAddr)
	assert.Equal(t, addr("10.255.255.254"), tp.Links[maxAutoLinks-1].BAddr)
}

func TestHostLinks(t *testing.T) {
	tp := loadFile(t, "lan-one-isp.json")
	cases := []struct {
		host, gateway string
		link          int
		hostIsB       bool
	}{
		{"Laptop", "203.0.113.1", 0, true}, // gateway given
		{"Phone", "203.0.114.1", 1, false}, // first address of the subnet
		{"Web", "198.51.100.1", 3, true},   // likewise, host on side b
	}
	for _, c := range cases {
		h, ok := tp.Host(c.host)
		require.True(t, ok)
		assert.Equal(t, addr(c.gateway), h.Gateway, c.host)
		assert.Equal(t, []int{c.link}, tp.LinksOf(c.host))
		l := tp.Links[c.link]
		hostSide, routerSide := l.AAddr, l.BAddr
		if c.hostIsB {
			hostSide, routerSide = routerSide, hostSide
		}
		assert.Equal(t, h.Address, hostSide, c.host)
		assert.Equal(t, h.Gateway, routerSide, c.host)
		assert.Equal(t, h.Prefix(), l.Prefix(), c.host)
	}
	// A gateway defaults past a host that holds the first address.
	tp = mustLoad(t, doc(routers(r1), hosts(`{"name": "H", "address": "192.0.2.1/29"}`), links(`{"a": "H", "b": "R1"}`)))
	assert.Equal(t, addr("192.0.2.2"), tp.Hosts[0].Gateway)
	tp = mustLoad(t, doc(routers(r1), hosts(`{"name": "H", "address": "192.0.2.1/31"}`), links(`{"a": "H", "b": "R1"}`)))
	assert.Equal(t, addr("192.0.2.0"), tp.Hosts[0].Gateway)
	tp = mustLoad(t, doc(routers(r1), hosts(`{"name": "H", "address": "2001:db8::1/127"}`), links(`{"a": "H", "b": "R1"}`)))
	assert.Equal(t, addr("2001:db8::"), tp.Hosts[0].Gateway)
	tp = mustLoad(t, doc(routers(r1), hosts(`{"name": "H", "address": "2001:db8::1/64"}`), links(`{"a": "H", "b": "R1"}`)))
	assert.Equal(t, addr("2001:db8::2"), tp.Hosts[0].Gateway)
	// With link addresses and no gateway, the gateway is the router side.
	tp = mustLoad(t, doc(routers(r1), hosts(`{"name": "H", "address": "192.0.2.10/24"}`),
		links(`{"a": "R1", "b": "H", "a_addr": "192.0.2.254", "b_addr": "192.0.2.10", "prefix_len": 24}`)))
	assert.Equal(t, addr("192.0.2.254"), tp.Hosts[0].Gateway)
}

func TestSessionAddresses(t *testing.T) {
	tp := loadFile(t, "two-isps.json")
	cases := []struct {
		i            int
		typ          SessionType
		transport    Transport
		aAddr, bAddr string
	}{
		{0, EBGP, TransportLink, "100.64.0.1", "100.64.0.0"},
		{1, EBGP, TransportLink, "2001:db8:ffff::1", "2001:db8:ffff::2"},
		{2, EBGP, TransportLink, "10.255.0.9", "10.255.0.10"},
		{3, EBGP, TransportLink, "10.255.0.13", "10.255.0.14"},
	}
	for _, c := range cases {
		s := tp.Sessions[c.i]
		assert.Equal(t, c.typ, s.Type, "sessions[%d]", c.i)
		assert.Equal(t, c.transport, s.Transport, "sessions[%d]", c.i)
		assert.Equal(t, addr(c.aAddr), s.AAddr, "sessions[%d]", c.i)
		assert.Equal(t, addr(c.bAddr), s.BAddr, "sessions[%d]", c.i)
	}
	assert.Equal(t, []wire.Family{wire.IPv6Unicast, wire.IPv4Unicast}, tp.Sessions[1].BSide.Families)
	assert.Equal(t, 90*time.Second, tp.Sessions[0].HoldTime)
	assert.Equal(t, 30*time.Second, tp.Sessions[0].Keepalive)
	assert.Equal(t, 5*time.Second, tp.Sessions[3].ConnectRetry)
	assert.True(t, tp.Sessions[3].BSide.Passive)
	assert.Equal(t, []int{0, 1}, tp.SessionsOf("R1"))
	assert.Equal(t, []int{1, 3}, tp.SessionsOf("B1"))
	assert.Empty(t, tp.SessionsOf("nobody"))

	// The addresses follow the session's a and b, not the link's.
	tp = mustLoad(t, doc(routers(r1, r2), links(`{"a": "R2", "b": "R1"}`), sessions(`{"a": "R1", "b": "R2"}`)))
	assert.Equal(t, addr("10.255.0.2"), tp.Sessions[0].AAddr)
	assert.Equal(t, addr("10.255.0.1"), tp.Sessions[0].BAddr)

	// IBGP over a link, EBGP over loopbacks (multihop), when asked.
	tp = loadFile(t, "ibgp-full-mesh.json")
	assert.Equal(t, addr("10.10.1.3"), tp.Sessions[1].BAddr, "P3's loopback")
	tp = mustLoad(t, doc(routers(r1, r2, r3), links(`{"a": "R1", "b": "R3"}`),
		sessions(`{"a": "R1", "b": "R3", "transport": "link"}`, `{"a": "R1", "b": "R2", "transport": "loopback"}`)))
	assert.Equal(t, addr("10.255.0.1"), tp.Sessions[0].AAddr)
	assert.Equal(t, addr("10.0.0.2"), tp.Sessions[1].BAddr)
	assert.Equal(t, EBGP, tp.Sessions[1].Type)
}

func TestLookups(t *testing.T) {
	tp := loadFile(t, "route-reflector.json")
	r, ok := tp.Router("C1")
	require.True(t, ok)
	assert.Equal(t, uint32(65100), r.AS)
	r.X = 7 // a pointer into the topology
	assert.Equal(t, 7.0, tp.Routers[1].X)
	_, ok = tp.Router("Nope")
	assert.False(t, ok)
	_, ok = tp.Host("C1")
	assert.False(t, ok)
	assert.Equal(t, []int{0, 2}, tp.LinksOf("C1"))
	assert.Equal(t, []int{0, 2}, tp.SessionsOf("C1"))
	as, ok := tp.AS(65100)
	require.True(t, ok)
	assert.True(t, as.HideExternalLinks)
	assert.True(t, tp.Sessions[0].ASide.RRClient)
	assert.Equal(t, addr("10.100.0.254"), tp.Routers[0].ClusterID)
}

// TestErrorsInFileOrder checks that errors found by different passes come
// out in the order of the file, with their lines.
func TestErrorsInFileOrder(t *testing.T) {
	data := `{
  "routers": [
    {"name": "R1", "as": 65001, "router_id": "10.0.0.1"},
    {"name": "R1", "as": "65002", "router_id": "10.0.0.1"}
  ],
  "links": [
    {"a": "R1", "b": "R9", "cost": 0, "latency": "fast"}
  ],
  "sessions": [
    {"a": "R1", "b": "R2", "hold_time": "1s", "a_side": {"import": "nope"}}
  ],
  "seed": "x"
}`
	es := loadErr(t, data)
	assert.Equal(t, `routers[1].name: "R1" is already the name of routers[0]
routers[1].as: want a number, got "65002"
routers[1].router_id: 10.0.0.1 is already the router_id of routers[0]
links[0].b: no router or host named "R9" (did you mean "R1"?)
links[0].cost: want a number in 1..65535, got 0
links[0].latency: want a duration like "10ms" or "90s", got "fast"
sessions[0].b: no router named "R2" (did you mean "R1"?)
sessions[0].hold_time: want 0 or 3s..65535s in whole seconds, got 1s
sessions[0].a_side.import: no policy named "nope"
seed: want a number, got "x"`, es.Error())
	lines := make([]int, len(es))
	for i, e := range es {
		lines[i] = e.Line
	}
	assert.Equal(t, []int{4, 4, 4, 7, 7, 7, 10, 10, 10, 12}, lines)
	assert.Equal(t, FieldError{Path: "seed", Msg: `want a number, got "x"`, Line: 12}, es[len(es)-1])
}

func TestUnmarshalJSON(t *testing.T) {
	var tp Topology
	require.NoError(t, json.Unmarshal([]byte(doc(routers(r1))), &tp))
	assert.Equal(t, "R1", tp.Routers[0].Name)
	err := json.Unmarshal([]byte(doc(routers(`{}`))), &tp)
	var es Errors
	require.ErrorAs(t, err, &es)
	assert.Len(t, es, 3)
}

// TestDocExample loads the complete example of the package documentation.
func TestDocExample(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(src), "A complete example:\n//\n")
	require.True(t, ok)
	var b strings.Builder
	for _, line := range strings.Split(rest, "\n") {
		body, ok := strings.CutPrefix(line, "//\t")
		if !ok {
			break
		}
		b.WriteString(body + "\n")
	}
	tp := mustLoad(t, b.String())
	assert.Len(t, tp.Routers, 4)
	assert.Len(t, tp.Sessions, 3)
	assert.Equal(t, IBGP, tp.Sessions[2].Type)
	assert.Len(t, tp.Policies, 2)
}
