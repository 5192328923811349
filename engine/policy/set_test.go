package policy

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
)

func TestSetActions(t *testing.T) {
	type attrsFunc func(t testing.TB) *wire.Attributes
	base := func(comms ...string) attrsFunc {
		return func(t testing.TB) *wire.Attributes { return testAttrs(t, "65001 65002", comms...) }
	}
	v6 := func(t testing.TB) *wire.Attributes {
		a := testAttrs(t, "65001")
		a.NextHop = netip.Addr{}
		a.Clear(wire.AttrNextHop)
		a.MPReach = wire.MPReach{Family: wire.IPv6Unicast, NextHop: netip.MustParseAddr("2001:db8::99"),
			LinkLocal: netip.MustParseAddr("fe80::1"), NLRI: []wire.NLRI{{Prefix: netip.MustParsePrefix("2001:db8:1::/48")}}}
		a.Set(wire.AttrMPReach)
		return a
	}
	tests := []struct {
		name    string
		set     string // JSON of the SetSpec
		in      attrsFunc
		peer    *Peer                    // testPeer when nil
		want    func(a *wire.Attributes) // changes to a clone of in; nil: unchanged
		actions []string
	}{
		{"local_pref set", `{"local_pref": 200}`, base(), nil,
			func(a *wire.Attributes) { a.LocalPref = 200; a.Set(wire.AttrLocalPref) },
			[]string{"local_pref 200 (was absent)"}},
		{"local_pref same", `{"local_pref": 0}`, func(t testing.TB) *wire.Attributes {
			a := base()(t)
			a.Set(wire.AttrLocalPref)
			return a
		}, nil, nil, []string{"local_pref 0 (unchanged)"}},
		{"med changed", `{"med": 5}`, func(t testing.TB) *wire.Attributes {
			a := base()(t)
			a.MED = 7
			a.Set(wire.AttrMED)
			return a
		}, nil, func(a *wire.Attributes) { a.MED = 5 }, []string{"med 5 (was 7)"}},
		{"next_hop address", `{"next_hop": "198.51.100.1"}`, base(), nil,
			func(a *wire.Attributes) { a.NextHop = netip.MustParseAddr("198.51.100.1") },
			[]string{"next_hop 198.51.100.1 (was 192.0.2.1)"}},
		{"next_hop same", `{"next_hop": "192.0.2.1"}`, base(), nil, nil,
			[]string{"next_hop 192.0.2.1 (unchanged)"}},
		{"next_hop self", `{"next_hop": "self"}`, base(), nil,
			func(a *wire.Attributes) { a.NextHop = netip.MustParseAddr("192.0.2.2") },
			[]string{"next_hop self 192.0.2.2 (was 192.0.2.1)"}},
		{"next_hop self without local address", `{"next_hop": "self"}`, base(), &Peer{Name: "x"}, nil,
			[]string{"next_hop self (no local address, unchanged)"}},
		{"next_hop in MP_REACH_NLRI", `{"next_hop": "2001:db8::1"}`, v6, nil,
			func(a *wire.Attributes) {
				a.NextHop = netip.MustParseAddr("2001:db8::1")
				a.MPReach.NextHop, a.MPReach.LinkLocal = a.NextHop, netip.Addr{}
			},
			[]string{"next_hop 2001:db8::1 (was 2001:db8::99)"}},
		{"community_add sorts", `{"community_add": ["65001:100", "no-export", "65001:100"]}`, base("65002:1", "65001:5"), nil,
			func(a *wire.Attributes) { a.Communities = comms("65001:5", "65001:100", "65002:1", "no-export") },
			[]string{"community_add 65001:100, NO_EXPORT (added 65001:100, NO_EXPORT)"}},
		{"community_add present", `{"community_add": ["65001:5"]}`, base("65002:1", "65001:5"), nil, nil,
			[]string{"community_add 65001:5 (already present)"}},
		{"community_add dedups", `{"community_add": ["1:1"]}`, base("65002:1", "65002:1"), nil,
			func(a *wire.Attributes) { a.Communities = comms("1:1", "65002:1") },
			[]string{"community_add 1:1 (added 1:1)"}},
		{"community_add to none", `{"community_add": ["65000:1"]}`, base(), nil,
			func(a *wire.Attributes) { a.Communities = comms("65000:1"); a.Set(wire.AttrCommunities) },
			[]string{"community_add 65000:1 (added 65000:1)"}},
		{"community_remove pattern", `{"community_remove": ["65001:*"]}`, base("65001:1", "65002:1", "65001:2"), nil,
			func(a *wire.Attributes) { a.Communities = comms("65002:1") },
			[]string{"community_remove 65001:* (removed 65001:1, 65001:2)"}},
		{"community_remove last", `{"community_remove": ["*:*"]}`, base("65001:1"), nil,
			func(a *wire.Attributes) { a.Communities = nil; a.Clear(wire.AttrCommunities) },
			[]string{"community_remove *:* (removed 65001:1)"}},
		{"community_remove none", `{"community_remove": ["65003:*"]}`, base("65001:1"), nil, nil,
			[]string{"community_remove 65003:* (none present)"}},
		{"community replace", `{"community_remove": ["65001:*"], "community_add": ["65001:100"]}`, base("65001:1", "65002:1"), nil,
			func(a *wire.Attributes) { a.Communities = comms("65001:100", "65002:1") },
			[]string{"community_remove 65001:* (removed 65001:1)", "community_add 65001:100 (added 65001:100)"}},
		{"large_community_add", `{"large_community_add": ["65000:1:1", "1:2:3"]}`, base("65000:2:2"), nil,
			func(a *wire.Attributes) { a.LargeCommunities = large("1:2:3", "65000:1:1", "65000:2:2") },
			[]string{"large_community_add 1:2:3, 65000:1:1 (added 1:2:3, 65000:1:1)"}},
		{"large_community_add present", `{"large_community_add": ["65000:2:2"]}`, base("65000:2:2"), nil, nil,
			[]string{"large_community_add 65000:2:2 (already present)"}},
		{"large_community_remove", `{"large_community_remove": ["65000:*:2"]}`, base("65000:2:2", "65000:2:3"), nil,
			func(a *wire.Attributes) { a.LargeCommunities = large("65000:2:3") },
			[]string{"large_community_remove 65000:*:2 (removed 65000:2:2)"}},
		{"large_community_remove last", `{"large_community_remove": ["*:*:*"]}`, base("65000:2:2"), nil,
			func(a *wire.Attributes) { a.LargeCommunities = nil; a.Clear(wire.AttrLargeCommunities) },
			[]string{"large_community_remove *:*:* (removed 65000:2:2)"}},
		{"prepend local AS", `{"prepend": 2}`, base(), nil,
			func(a *wire.Attributes) { a.ASPath = mustPath(t, "65000 65000 65001 65002") },
			[]string{`prepend 65000 x2 (as_path now "65000 65000 65001 65002")`}},
		{"prepend AS before a set", `{"prepend": 1, "prepend_as": 65099}`, func(t testing.TB) *wire.Attributes {
			return testAttrs(t, "{65001,65002}")
		}, nil, func(a *wire.Attributes) { a.ASPath = mustPath(t, "65099 {65001,65002}") },
			[]string{`prepend 65099 x1 (as_path now "65099 {65001,65002}")`}},
		{"prepend to no AS_PATH", `{"prepend": 1}`, func(t testing.TB) *wire.Attributes {
			a := testAttrs(t, "")
			a.Clear(wire.AttrASPath)
			return a
		}, nil, func(a *wire.Attributes) { a.ASPath = mustPath(t, "65000"); a.Set(wire.AttrASPath) },
			[]string{`prepend 65000 x1 (as_path now "65000")`}},
		{"prepend without local AS", `{"prepend": 3}`, base(), &Peer{}, nil,
			[]string{"prepend x3 (no local AS, unchanged)"}},
		{"several", `{"local_pref": 50, "med": 0, "next_hop": "self", "community_add": ["1:1"], "prepend": 1}`, base(), nil,
			func(a *wire.Attributes) {
				a.LocalPref, a.MED, a.NextHop = 50, 0, netip.MustParseAddr("192.0.2.2")
				a.Set(wire.AttrLocalPref)
				a.Set(wire.AttrMED)
				a.Communities = comms("1:1")
				a.Set(wire.AttrCommunities)
				a.ASPath = mustPath(t, "65000 65001 65002")
			},
			[]string{"local_pref 50 (was absent)", "med 0 (was absent)", "next_hop self 192.0.2.2 (was 192.0.2.1)",
				"community_add 1:1 (added 1:1)", `prepend 65000 x1 (as_path now "65000 65001 65002")`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustCompile(t, `{"terms": [{"name": "t", "set": `+tt.set+`}]}`)
			in := tt.in(t)
			before := in.Clone()
			r := testRoute("203.0.113.0/24", in)
			if tt.peer != nil {
				r.Peer = *tt.peer
			}
			res := p.Evaluate(r)
			assert.Equal(t, before, in, "the input attributes are not modified")
			require.True(t, res.Accept)
			assert.Equal(t, "t", res.Term)
			if tt.want == nil {
				assert.False(t, res.Changed)
				assert.Same(t, in, res.Attrs, "unchanged attributes are the input's")
			} else {
				assert.True(t, res.Changed)
				assert.NotSame(t, in, res.Attrs)
				want := before.Clone()
				tt.want(want)
				assert.Equal(t, want, res.Attrs.Clone())
			}
			trace := p.Explain(r)
			require.Len(t, trace, 1)
			assert.Equal(t, tt.actions, trace[0].Actions)
		})
	}
}

// TestSetDoesNotAlias checks that appending to the result's unchanged
// slices cannot write into the input's storage.
func TestSetDoesNotAlias(t *testing.T) {
	in := testAttrs(t, "65001", "65001:1", "65001:2")
	in.Communities = append(make([]wire.Community, 0, 10), in.Communities...)
	before := in.Clone()
	p := mustCompile(t, `{"terms": [{"set": {"local_pref": 10}}]}`)
	res := p.Evaluate(testRoute("10.0.0.0/8", in))
	require.True(t, res.Changed)
	_ = append(res.Attrs.Communities, 7)
	assert.Equal(t, before, in)
	assert.Equal(t, before.Communities[:2:2], in.Communities[:2:2])
	assert.Equal(t, in.Communities[:3][2], wire.Community(0), "spare capacity untouched")
}

func comms(s ...string) []wire.Community {
	var out []wire.Community
	for _, x := range s {
		c, err := wire.ParseCommunity(x)
		if err != nil {
			panic(err)
		}
		out = append(out, c)
	}
	return out
}

func large(s ...string) []wire.LargeCommunity {
	var out []wire.LargeCommunity
	for _, x := range s {
		c, err := wire.ParseLargeCommunity(x)
		if err != nil {
			panic(err)
		}
		out = append(out, c)
	}
	return out
}
