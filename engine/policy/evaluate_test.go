package policy

import (
	"bytes"
	"encoding/json"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// parseSpec decodes the JSON text of a Spec, rejecting unknown fields.
func parseSpec(t testing.TB, js string) Spec {
	t.Helper()
	var s Spec
	d := json.NewDecoder(bytes.NewReader([]byte(js)))
	d.DisallowUnknownFields()
	require.NoError(t, d.Decode(&s), "%s", js)
	return s
}

func TestMatchConditions(t *testing.T) {
	v6 := func() *Route {
		a := testAttrs(t, "65001")
		a.NextHop = netip.Addr{}
		a.MPReach = wire.MPReach{Family: wire.IPv6Unicast, NextHop: netip.MustParseAddr("2001:db8::1")}
		a.Set(wire.AttrMPReach)
		return testRoute("2001:db8:1::/48", a)
	}
	v4 := func(path string, comms ...string) func() *Route {
		return func() *Route { return testRoute("203.0.113.0/24", testAttrs(t, path, comms...)) }
	}
	tests := []struct {
		name   string
		match  string // JSON of the MatchSpec
		route  func() *Route
		failed string // "" when it matches
	}{
		{"empty match", `{}`, v4(""), ""},
		{"prefix", `{"prefix": ["203.0.113.0/24"]}`, v4(""), ""},
		{"prefix any entry", `{"prefix": ["10.0.0.0/8", "203.0.0.0/8 le 24"]}`, v4(""), ""},
		{"prefix miss", `{"prefix": ["10.0.0.0/8", "203.0.0.0/8 le 23"]}`, v4(""),
			"prefix 203.0.113.0/24 is in none of 10.0.0.0/8, 203.0.0.0/8 le 23"},
		{"prefix v4 range on v6 route", `{"prefix": ["0.0.0.0/0 le 32"]}`, v6,
			"prefix 2001:db8:1::/48 is in none of 0.0.0.0/0 le 32"},
		{"as_path", `{"as_path": "_65010$"}`, v4("65001 65010"), ""},
		{"as_path miss", `{"as_path": "_65010$"}`, v4("65001 65002"),
			`as_path _65010$ does not match "65001 65002"`},
		{"community", `{"community": ["65009:*", "65001:7"]}`, v4("", "65001:7"), ""},
		{"community miss", `{"community": ["65009:*"]}`, v4("", "65001:7", "no-export"),
			"community 65001:7, NO_EXPORT matches none of 65009:*"},
		{"community none", `{"community": ["no-export"]}`, v4(""), "no community, want NO_EXPORT"},
		{"large_community", `{"large_community": ["65000:*:3"]}`, v4("", "65000:9:3"), ""},
		{"large_community miss", `{"large_community": ["65000:*:3"]}`, v4("", "65000:9:4"),
			"large_community 65000:9:4 matches none of 65000:*:3"},
		{"large_community none", `{"large_community": ["*:*:*"]}`, v4(""), "no large_community, want *:*:*"},
		{"next_hop address", `{"next_hop": ["192.0.2.1"]}`, v4(""), ""},
		{"next_hop prefix", `{"next_hop": ["192.0.2.0/24"]}`, v4(""), ""},
		{"next_hop miss", `{"next_hop": ["192.0.2.2", "10.0.0.0/8"]}`, v4(""),
			"next_hop 192.0.2.1 is in none of 192.0.2.2/32, 10.0.0.0/8"},
		{"next_hop from MP_REACH_NLRI", `{"next_hop": ["2001:db8::/64"]}`, v6, ""},
		{"next_hop absent", `{"next_hop": ["0.0.0.0/0"]}`, func() *Route { return testRoute("10.0.0.0/8", nil) },
			"next_hop is absent"},
		{"peer name", `{"peer": ["isp"]}`, v4(""), ""},
		{"peer address", `{"peer": ["x", "192.0.2.1"]}`, v4(""), ""},
		{"peer mapped address", `{"peer": ["192.0.2.1"]}`, func() *Route {
			r := v4("")()
			r.Peer.Name, r.Peer.Addr = "", netip.MustParseAddr("::ffff:192.0.2.1")
			return r
		}, ""},
		{"peer miss", `{"peer": ["x", "192.0.2.9"]}`, v4(""), `peer "isp" (192.0.2.1) is none of "x", "192.0.2.9"`},
		{"peer_as", `{"peer_as": [65009, 65001]}`, v4(""), ""},
		{"peer_as miss", `{"peer_as": [65009]}`, v4(""), "peer_as 65001 is none of 65009"},
		{"origin", `{"origin": "igp"}`, v4(""), ""},
		{"origin miss", `{"origin": "incomplete"}`, v4(""), "origin igp is not incomplete"},
		{"origin absent", `{"origin": "igp"}`, func() *Route { return testRoute("10.0.0.0/8", nil) },
			"origin is absent, not igp"},
		{"family", `{"family": "ipv6-unicast"}`, v6, ""},
		{"family from prefix", `{"family": "ipv4-unicast"}`, v4(""), ""},
		{"family miss", `{"family": "ipv4-unicast"}`, v6, "family ipv6-unicast is not ipv4-unicast"},
		{"family given", `{"family": "ipv4-unicast"}`, func() *Route {
			r := v4("")()
			r.Family = wire.Family{AFI: wire.AFIIPv4, SAFI: wire.SAFIMulticast}
			return r
		}, "family ipv4-multicast is not ipv4-unicast"},
		{"all hold", `{"prefix": ["203.0.113.0/24"], "as_path": "^65001_", "community": ["65001:*"], "large_community": ["1:2:3"],
			"next_hop": ["192.0.2.1"], "peer": ["isp"], "peer_as": [65001], "origin": "igp", "family": "ipv4-unicast"}`,
			v4("65001", "65001:1", "1:2:3"), ""},
		{"first failure reported", `{"prefix": ["10.0.0.0/8"], "as_path": "^65009_", "peer_as": [1]}`, v4("65001"),
			"prefix 203.0.113.0/24 is in none of 10.0.0.0/8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustCompile(t, `{"default": "reject", "terms": [{"name": "m", "match": `+tt.match+`}]}`)
			r := tt.route()
			res := p.Evaluate(r)
			assert.Equal(t, tt.failed == "", res.Accept)
			tr := p.Explain(r)
			require.Len(t, tr, 1)
			assert.True(t, tr[0].Reached)
			assert.Equal(t, tt.failed == "", tr[0].Matched)
			assert.Equal(t, tt.failed, tr[0].Failed)
		})
	}
}

const fiveTerms = `{
  "default": "reject",
  "terms": [
    {"name": "bogons", "match": {"prefix": ["10.0.0.0/8 le 32", "192.168.0.0/16 le 32"]}, "then": "reject"},
    {"name": "tag", "match": {"peer_as": [65001]}, "set": {"community_add": ["65000:1"]}, "then": "next"},
    {"name": "prefer", "match": {"as_path": "_65010$"}, "set": {"local_pref": 200}, "then": "next"},
    {"name": "customers", "match": {"prefix": ["203.0.113.0/24 le 28"], "community": ["65000:*"]}},
    {"name": "rest", "match": {"as_path": "^65001_"}, "then": "accept"}
  ]
}`

func TestEvaluateOrder(t *testing.T) {
	p := mustCompile(t, fiveTerms)
	tests := []struct {
		name, prefix, path string
		peerAS             uint32
		accept             bool
		term               string
		index              int
		changed            bool
		localPref          uint32 // 0: absent
		comms              []string
	}{
		{"bogon rejected first", "10.1.0.0/16", "65001 65010", 65001, false, "bogons", 0, false, 0, nil},
		{"next terms accumulate", "203.0.113.0/25", "65001 65010", 65001, true, "customers", 3, true, 200, []string{"65000:1"}},
		{"tagged only", "203.0.113.0/24", "65001 65002", 65001, true, "customers", 3, true, 0, []string{"65000:1"}},
		{"untagged falls through", "203.0.113.0/24", "65001 65002", 65002, true, "rest", 4, false, 0, nil},
		{"default rejects", "198.51.100.0/24", "65002", 65002, false, "", -1, false, 0, nil},
		{"default after next", "198.51.100.0/24", "65002 65010", 65002, false, "", -1, true, 200, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := testAttrs(t, tt.path)
			before := in.Clone()
			r := testRoute(tt.prefix, in)
			r.Peer.AS = tt.peerAS
			res := p.Evaluate(r)
			assert.Equal(t, before, in)
			assert.Equal(t, tt.accept, res.Accept)
			assert.Equal(t, tt.term, res.Term)
			assert.Equal(t, tt.index, res.Index)
			assert.Equal(t, tt.changed, res.Changed)
			if tt.accept {
				assert.Equal(t, tt.localPref != 0, res.Attrs.Has(wire.AttrLocalPref))
				assert.Equal(t, tt.localPref, res.Attrs.LocalPref)
				assert.Equal(t, comms(tt.comms...), res.Attrs.Communities)
			}
		})
	}
}

func TestThenAndDefault(t *testing.T) {
	r := testRoute("10.0.0.0/8", testAttrs(t, "65001"))
	tests := []struct {
		spec string
		want string
	}{
		{`{}`, "accepted by default"},
		{`{"default": "reject"}`, "rejected by default"},
		{`{"default": "accept", "terms": [{"name": "a"}]}`, `accepted by term "a"`},
		{`{"default": "reject", "terms": [{"set": {"med": 1}}]}`, `accepted by term "term 1"`},
		{`{"default": "reject", "terms": [{"set": {"med": 1}, "then": "next"}]}`, "rejected by default"},
		{`{"terms": [{"then": "next"}, {"name": "r", "then": "reject"}, {"name": "a"}]}`, `rejected by term "r"`},
		{`{"terms": [{"match": {"peer": ["nobody"]}, "then": "reject"}, {"name": "b", "then": "accept"}]}`, `accepted by term "b"`},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			assert.Equal(t, tt.want, mustCompile(t, tt.spec).Evaluate(r).String())
		})
	}
}

func TestNilPolicy(t *testing.T) {
	var p *Policy
	r := testRoute("10.0.0.0/8", testAttrs(t, "65001"))
	res := p.Evaluate(r)
	assert.Equal(t, Result{Accept: true, Attrs: r.Attrs, Index: -1}, res)
	assert.Same(t, r.Attrs, res.Attrs)
	assert.Equal(t, "accepted by default", res.String())
	assert.Nil(t, p.Explain(r))
}

func TestEvaluateNilAttrs(t *testing.T) {
	p := mustCompile(t, `{"terms": [{"set": {"community_add": ["1:1"], "prepend": 1}}]}`)
	r := testRoute("10.0.0.0/8", nil)
	res := p.Evaluate(r)
	require.True(t, res.Changed)
	assert.Equal(t, comms("1:1"), res.Attrs.Communities)
	assert.Equal(t, "65000", res.Attrs.ASPath.String())
	assert.Equal(t, wire.Attributes{}, noAttrs, "the stand-in for nil attributes is never modified")
	res = mustCompile(t, `{}`).Evaluate(r)
	assert.Nil(t, res.Attrs)
}

func TestEvaluateDoesNotAllocate(t *testing.T) {
	p := mustCompile(t, fiveTerms)
	tests := []struct {
		name   string
		prefix string
		path   string
		comms  []string
	}{
		{"rejected bogon", "10.0.0.0/24", "65001", nil},
		{"default", "198.51.100.0/24", "65002 65003 {65004,65005}", nil},
		{"community already present", "203.0.113.0/24", "65001 65002", []string{"65000:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRoute(tt.prefix, testAttrs(t, tt.path, tt.comms...))
			if tt.comms == nil {
				r.Peer.AS = 65002 // not tagged
			}
			res := p.Evaluate(r)
			require.False(t, res.Changed)
			assert.Zero(t, testing.AllocsPerRun(100, func() { p.Evaluate(r) }))
		})
	}
	// Unchanging actions do not allocate either.
	q := mustCompile(t, `{"terms": [{"set": {"local_pref": 100, "med": 5, "next_hop": "self", "community_add": ["1:1"],
		"community_remove": ["2:*"], "large_community_add": ["1:1:1"], "large_community_remove": ["2:*:*"]},
		"match": {"peer": ["192.0.2.1"], "next_hop": ["192.0.2.2"], "origin": "igp", "family": "ipv4-unicast"}}]}`)
	a := testAttrs(t, "65001", "1:1", "1:1:1")
	a.LocalPref, a.MED, a.NextHop = 100, 5, testPeer.LocalAddr
	a.Set(wire.AttrLocalPref)
	a.Set(wire.AttrMED)
	r := testRoute("192.0.2.0/24", a)
	require.Equal(t, Result{Accept: true, Attrs: a, Term: "term 1", Set: SetLocalPref | SetMED | SetNextHop}, q.Evaluate(r))
	assert.Zero(t, testing.AllocsPerRun(100, func() { q.Evaluate(r) }))
}

func TestExplain(t *testing.T) {
	p := mustCompile(t, fiveTerms)
	r := testRoute("203.0.113.0/24", testAttrs(t, "65001 65002"))
	got := p.Explain(r)
	want := []TermTrace{
		{Index: 0, Name: "bogons", Reached: true, Then: Reject,
			Failed: "prefix 203.0.113.0/24 is in none of 10.0.0.0/8 le 32, 192.168.0.0/16 le 32"},
		{Index: 1, Name: "tag", Reached: true, Matched: true, Then: Next,
			Actions: []string{"community_add 65000:1 (added 65000:1)"}},
		{Index: 2, Name: "prefer", Reached: true, Then: Next,
			Failed: `as_path _65010$ does not match "65001 65002"`},
		{Index: 3, Name: "customers", Reached: true, Matched: true, Then: Accept},
		{Index: 4, Name: "rest", Then: Accept},
	}
	assert.Equal(t, want, got)
	// Explain and Evaluate agree.
	res := p.Evaluate(r)
	assert.Equal(t, "customers", res.Term)
	assert.Equal(t, 3, res.Index)
	for i := range got {
		assert.Equal(t, i <= res.Index, got[i].Reached)
	}
}

func TestResultString(t *testing.T) {
	assert.Equal(t, `accepted by term "customers"`, Result{Accept: true, Term: "customers", Index: 3}.String())
	assert.Equal(t, `rejected by term "bogons"`, Result{Term: "bogons"}.String())
	assert.Equal(t, "accepted by default", Result{Accept: true, Index: -1}.String())
	assert.Equal(t, "rejected by default", Result{Index: -1}.String())
}

func TestVerdictString(t *testing.T) {
	assert.Equal(t, "next", Next.String())
	assert.Equal(t, "accept", Accept.String())
	assert.Equal(t, "reject", Reject.String())
	for _, v := range []Verdict{Next, Accept, Reject} {
		got, err := parseVerdict(v.String())
		require.NoError(t, err)
		assert.Equal(t, v, got)
	}
}
