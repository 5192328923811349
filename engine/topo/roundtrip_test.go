package topo

import (
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/policy"
	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requireRoundTrip checks that Save then Load gives back tp, and that
// saving again gives the same bytes.
func requireRoundTrip(t *testing.T, tp *Topology) []byte {
	t.Helper()
	out, err := tp.Save()
	require.NoError(t, err)
	back, err := Load(out)
	require.NoError(t, err, "%s", out)
	require.Equal(t, tp, back)
	again, err := back.Save()
	require.NoError(t, err)
	require.Equal(t, string(out), string(again))
	return out
}

func TestRoundTripTestdata(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 4)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			tp := loadFile(t, filepath.Base(f))
			out := requireRoundTrip(t, tp)
			assert.True(t, json.Valid(out))
			// Validating a loaded topology changes nothing.
			before, err := tp.Save()
			require.NoError(t, err)
			require.NoError(t, tp.Validate())
			after, err := tp.Save()
			require.NoError(t, err)
			assert.Equal(t, string(before), string(after))
		})
	}
}

func TestSaveFormat(t *testing.T) {
	tp := mustLoad(t, doc(`"name": "<x & y>"`, `"seed": 3`, routers(r1, r2), links(`{"a": "R1", "b": "R2", "latency": "1500ms"}`),
		sessions(`{"a": "R1", "b": "R2", "hold_time": "90s", "a_side": {"export": "out"}}`),
		`"policies": {"out": {"terms": [{"name": "a,b: \"c\"", "match": {"as_path": "^$"}}], "default": "reject"}, "empty": {}}`))
	out, err := tp.Save()
	require.NoError(t, err)
	assert.Equal(t, `{
  "name": "<x & y>",
  "seed": 3,
  "ases": [
    {"asn": 65001},
    {"asn": 65002}
  ],
  "routers": [
    {"name": "R1", "as": 65001, "router_id": "10.0.0.1"},
    {"name": "R2", "as": 65002, "router_id": "10.0.0.2"}
  ],
  "links": [
    {"a": "R1", "b": "R2", "a_addr": "10.255.0.1", "b_addr": "10.255.0.2", "prefix_len": 30, "latency": "1.5s", "cost": 10}
  ],
  "sessions": [
    {"a": "R1", "b": "R2", "type": "ebgp", "transport": "link", "hold_time": "90s", "a_side": {"export": "out"}}
  ],
  "policies": {
    "empty": {},
    "out": {
      "terms": [
        {"name": "a,b: \"c\"", "match": {"as_path": "^$"}}
      ],
      "default": "reject"
    }
  }
}
`, string(out))
	// MarshalJSON is the same form, compacted by encoding/json.
	viaJSON, err := json.Marshal(tp)
	require.NoError(t, err)
	back, err := Load(viaJSON)
	require.NoError(t, err)
	assert.Equal(t, tp, back)
}

// goBuilt is a topology as an editor would build it: only the values it
// cares about, defaults left zero.
func goBuilt() *Topology {
	return &Topology{
		Name: "built in Go",
		Routers: []Router{
			{Name: "A", AS: 65001, RouterID: netip.MustParseAddr("10.0.0.1"), Originate: []netip.Prefix{netip.MustParsePrefix("203.0.113.0/24")}},
			{Name: "B", AS: 65001, RouterID: netip.MustParseAddr("10.0.0.2")},
			{Name: "C", AS: 65002, RouterID: netip.MustParseAddr("10.0.0.3")},
		},
		Hosts: []Host{{Name: "H", Address: netip.MustParseAddr("203.0.113.7"), PrefixLen: 24}},
		Links: []Link{{A: "A", B: "B"}, {A: "B", B: "C", Latency: time.Millisecond}, {A: "H", B: "A"}},
		Sessions: []Session{
			{A: "A", B: "B", ASide: Neighbor{RRClient: true}},
			{A: "B", B: "C", BSide: Neighbor{Import: "in", GracefulRestart: &GracefulRestart{}}},
		},
		PolicySpecs: map[string]*policy.Spec{"in": {Terms: []policy.TermSpec{}, Default: "accept"}},
	}
}

func TestValidateFillsIn(t *testing.T) {
	tp := goBuilt()
	require.NoError(t, tp.Validate())
	assert.Equal(t, []AS{{ASN: 65001}, {ASN: 65002}}, tp.ASes)
	assert.Equal(t, netip.MustParseAddr("10.0.0.2"), tp.Routers[1].Loopback)
	assert.Equal(t, netip.MustParseAddr("10.255.0.5"), tp.Links[1].AAddr)
	assert.Equal(t, time.Millisecond, tp.Links[1].Latency, "zero latency is kept in Go")
	assert.Zero(t, tp.Links[0].Latency)
	assert.Equal(t, DefaultCost, tp.Links[0].Cost)
	assert.Equal(t, netip.MustParseAddr("203.0.113.1"), tp.Hosts[0].Gateway)
	assert.Equal(t, netip.MustParseAddr("203.0.113.1"), tp.Links[2].BAddr)
	assert.Equal(t, 24, tp.Links[2].PrefixLen)
	assert.Equal(t, IBGP, tp.Sessions[0].Type)
	assert.Equal(t, TransportLoopback, tp.Sessions[0].Transport)
	assert.Equal(t, netip.MustParseAddr("10.0.0.1"), tp.Sessions[0].AAddr)
	assert.Equal(t, EBGP, tp.Sessions[1].Type)
	assert.Equal(t, netip.MustParseAddr("10.255.0.5"), tp.Sessions[1].AAddr)
	assert.Equal(t, DefaultRestartTime, tp.Sessions[1].BSide.GracefulRestart.RestartTime)
	assert.Equal(t, []wire.Family{wire.IPv4Unicast}, tp.Sessions[1].ASide.Families)
	assert.Nil(t, tp.PolicySpecs["in"].Terms, "empty lists are normalized to nil")
	require.Contains(t, tp.Policies, "in")
	assert.Equal(t, "in", tp.Policies["in"].Name)
	requireRoundTrip(t, tp)
}

func TestValidateErrors(t *testing.T) {
	tp := goBuilt()
	tp.Sessions[1].Type = IBGP
	tp.Sessions[1].HoldTime = time.Second
	tp.Links[0].Cost = -1
	tp.Routers[2].RouterID = netip.Addr{}
	tp.Routers[0].Originate = append(tp.Routers[0].Originate, netip.Prefix{})
	tp.Sessions[0].ASide.Families = []wire.Family{{AFI: wire.AFIIPv4, SAFI: wire.SAFIMulticast}}
	tp.PolicySpecs["bad"] = &policy.Spec{Default: "next"}
	before := *tp
	err := tp.Validate()
	// In the order of the JSON form, whatever order the checks run in.
	assert.EqualError(t, err, `routers[0].originate[1]: not a valid prefix
routers[2].router_id: required (a non-zero IPv4 address)
links[0].cost: want a number in 1..65535, got -1
sessions[0].a_side.families[0]: ipv4-multicast is not supported; want ipv4-unicast or ipv6-unicast
sessions[1].type: B (AS 65001) and C (AS 65002) are in different ASes: the session is ebgp, not ibgp
sessions[1].hold_time: want 0 or 3s..65535s in whole seconds, got 1s
policies["bad"].default: "next" is not a default: want "accept" or "reject"`)
	assert.Equal(t, before, *tp, "a failed Validate changes nothing")
	assert.Nil(t, tp.ASes)
	assert.False(t, tp.Links[0].AAddr.IsValid())
}

func TestSaveIsStableForTestdata(t *testing.T) {
	// Saving a hand-written file writes the resolved values: loading that
	// output gives the same topology as loading the original.
	data, err := os.ReadFile("testdata/two-isps.json")
	require.NoError(t, err)
	tp, err := Load(data)
	require.NoError(t, err)
	out, err := tp.Save()
	require.NoError(t, err)
	assert.Contains(t, string(out), `"a_addr": "10.255.0.9"`)
	assert.Contains(t, string(out), `"restart_time": "120s"`)
}
