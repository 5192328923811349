package policy

import (
	"encoding/json"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
)

func TestCompile(t *testing.T) {
	p := mustCompile(t, `{
	  "default": "reject",
	  "terms": [
	    {"name": "customers",
	     "match": {"prefix": ["203.0.113.0/24 le 28"], "as_path": "_65010$", "community": ["65001:*", "no-export"],
	               "large_community": ["1:*:3"], "next_hop": ["192.0.2.1", "2001:db8::/32"], "peer": ["isp", "192.0.2.7"],
	               "peer_as": [65001], "origin": "egp", "family": "ipv6-unicast"},
	     "set": {"local_pref": 200, "med": 0, "next_hop": "2001:db8::1", "community_add": ["65001:100", "65001:1", "65001:100"],
	             "community_remove": ["*:666"], "large_community_add": ["2:2:2", "1:1:1"], "large_community_remove": ["1:*:*"],
	             "prepend": 3, "prepend_as": 65099},
	     "then": "next"},
	    {"match": {}, "set": {"next_hop": "self"}}
	  ]
	}`)
	assert.Equal(t, "test", p.Name)
	assert.Equal(t, Reject, p.Default)
	require.Len(t, p.Terms, 2)
	re, err := CompileASPathRegexp("_65010$")
	require.NoError(t, err)
	want := Term{
		Name: "customers",
		Match: Match{
			Family:         wire.IPv6Unicast,
			Prefix:         []PrefixRange{{netip.MustParsePrefix("203.0.113.0/24"), 24, 28}},
			Peer:           []PeerRef{{Entry: "isp"}, {Entry: "192.0.2.7", Addr: netip.MustParseAddr("192.0.2.7")}},
			PeerAS:         []uint32{65001},
			Origin:         wire.OriginEGP,
			MatchOrigin:    true,
			NextHop:        []netip.Prefix{netip.MustParsePrefix("192.0.2.1/32"), netip.MustParsePrefix("2001:db8::/32")},
			Community:      []CommunityPattern{{AS: 65001, AnyValue: true}, {AS: 0xffff, Value: 0xff01}},
			LargeCommunity: []LargeCommunityPattern{{Parts: [3]uint32{1, 0, 3}, Any: [3]bool{false, true, false}}},
			ASPath:         re,
		},
		Set: Set{
			LocalPref: 200, SetLocalPref: true, SetMED: true,
			NextHop:              netip.MustParseAddr("2001:db8::1"),
			CommunityRemove:      []CommunityPattern{{AnyAS: true, Value: 666}},
			CommunityAdd:         comms("65001:1", "65001:100"),
			LargeCommunityRemove: []LargeCommunityPattern{{Parts: [3]uint32{1, 0, 0}, Any: [3]bool{false, true, true}}},
			LargeCommunityAdd:    large("1:1:1", "2:2:2"),
			Prepend:              3, PrependAS: 65099,
		},
		Then: Next,
	}
	assert.Equal(t, want, p.Terms[0])
	assert.Equal(t, Term{Name: "term 2", Set: Set{NextHopSelf: true}, Then: Accept}, p.Terms[1])
}

func TestCompileErrors(t *testing.T) {
	s := parseSpec(t, `{
	  "default": "maybe",
	  "terms": [
	    {"name": "a", "then": "accept"},
	    {"name": "a",
	     "match": {"prefix": ["10.0.0.0/8", "10.0.0.0/33", "10.0.0.1/8 le 32", "10.0.0.0/8 le 40"], "as_path": "_65010(",
	               "community": ["65001:*", "65001:70000", "no-exprt"], "large_community": ["1:2"],
	               "next_hop": ["192.0.2.1", "192.0.2.1/24", "banana"], "peer": [""], "origin": "IGP", "family": "ipv4"},
	     "set": {"next_hop": "myself", "community_add": ["65001:*"], "community_remove": ["x"],
	             "large_community_add": ["1:*:3"], "large_community_remove": ["1:2:3:4"], "prepend": 33},
	     "then": "continue"},
	    {"set": {"next_hop": "0.0.0.0", "prepend_as": 65001}}
	  ]
	}`)
	p, err := Compile(&s, "from-isp", `policies["from-isp"]`)
	require.Error(t, err)
	assert.Nil(t, p)
	want := []string{
		`policies["from-isp"].default: "maybe" is not a verdict: want "accept", "reject" or "next"`,
		`policies["from-isp"].terms[1].name: "a" is also the name of terms[0]`,
		`policies["from-isp"].terms[1].match.prefix[1]: "10.0.0.0/33" is not a prefix`,
		`policies["from-isp"].terms[1].match.prefix[2]: "10.0.0.1/8 le 32": 10.0.0.1/8 has host bits set (the prefix is 10.0.0.0/8)`,
		`policies["from-isp"].terms[1].match.prefix[3]: "10.0.0.0/8 le 40": le 40 is not a length from 0 to 32`,
		`policies["from-isp"].terms[1].match.as_path: "_65010(" is not a valid AS path regular expression: missing closing ) at offset 0 ("_65010(")`,
		`policies["from-isp"].terms[1].match.community[1]: "65001:70000" is not a community: want AS:value (each 0-65535), a well-known name such as no-export, or a pattern such as 65001:*`,
		`policies["from-isp"].terms[1].match.community[2]: "no-exprt" is not a community: want AS:value (each 0-65535), a well-known name such as no-export, or a pattern such as 65001:*`,
		`policies["from-isp"].terms[1].match.large_community[0]: "1:2" is not a large community: want global:local1:local2, each part 0-4294967295 or *`,
		`policies["from-isp"].terms[1].match.next_hop[1]: "192.0.2.1/24" has host bits set (the prefix is 192.0.2.0/24)`,
		`policies["from-isp"].terms[1].match.next_hop[2]: "banana" is not a prefix or an address`,
		`policies["from-isp"].terms[1].match.peer[0]: empty peer: want a peer name or address`,
		`policies["from-isp"].terms[1].match.origin: "IGP" is not an origin: want "igp", "egp" or "incomplete"`,
		`policies["from-isp"].terms[1].match.family: "ipv4" is not a family: want "ipv4-unicast" or "ipv6-unicast"`,
		`policies["from-isp"].terms[1].set.next_hop: "myself" is not an address or "self"`,
		`policies["from-isp"].terms[1].set.community_add[0]: "65001:*" is not a community: want AS:value (each 0-65535) or a well-known name such as no-export`,
		`policies["from-isp"].terms[1].set.community_remove[0]: "x" is not a community: want AS:value (each 0-65535), a well-known name such as no-export, or a pattern such as 65001:*`,
		`policies["from-isp"].terms[1].set.large_community_add[0]: "1:*:3" is not a large community: want global:local1:local2, each 0-4294967295`,
		`policies["from-isp"].terms[1].set.large_community_remove[0]: "1:2:3:4" is not a large community: want global:local1:local2, each part 0-4294967295 or *`,
		`policies["from-isp"].terms[1].set.prepend: 33 is not a prepend count from 0 to 32`,
		`policies["from-isp"].terms[1].then: "continue" is not a verdict: want "accept", "reject" or "next"`,
		`policies["from-isp"].terms[2].set.next_hop: "0.0.0.0" is the unspecified address, not a next hop`,
		`policies["from-isp"].terms[2].set.prepend_as: 65001 is set but prepend is 0`,
	}
	assert.Equal(t, want, strings.Split(err.Error(), "\n"))
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, `policies["from-isp"].default`, fe.Path)
}

func TestCompileErrorsSmall(t *testing.T) {
	tests := []struct{ spec, path, err string }{
		{`{"default": "next"}`, "", `default: "next" is not a default: want "accept" or "reject"`},
		{`{"terms": [{"set": {"prepend": -1}}]}`, "p", `p.terms[0].set.prepend: -1 is not a prepend count from 0 to 32`},
		{`{"terms": [{"name": "term 2"}, {}]}`, "", `terms[1].name: "term 2" is also the name of terms[0]`},
		{`{"terms": [{"set": {"next_hop": "fe80::1%eth0"}}]}`, "", `terms[0].set.next_hop: "fe80::1%eth0" is not an address or "self"`},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			s := parseSpec(t, tt.spec)
			_, err := Compile(&s, "x", tt.path)
			assert.EqualError(t, err, tt.err)
		})
	}
	_, err := Compile(nil, "x", "p")
	assert.EqualError(t, err, "p: no policy")
	var fe *FieldError
	assert.True(t, errors.As(err, &fe))
}

func TestSpecRoundTrip(t *testing.T) {
	for _, js := range []string{`{}`, fiveTerms, `{"terms": [{"match": {"peer_as": [1], "next_hop": ["::/0"]},
		"set": {"local_pref": 1, "med": 2, "large_community_add": ["1:2:3"], "prepend": 1}}]}`} {
		s := parseSpec(t, js)
		p, err := Compile(&s, "n", "")
		require.NoError(t, err)
		got := p.Spec()
		assert.Equal(t, s, got)
		// The Spec is a copy: changing it does not change p.
		if len(got.Terms) > 0 {
			got.Terms[0].Name = "changed"
			if got.Terms[0].Set.LocalPref != nil {
				*got.Terms[0].Set.LocalPref = 99
			}
			assert.Equal(t, s, p.Spec())
		}
		got = p.Spec()
		q, err := Compile(&got, "n", "")
		require.NoError(t, err)
		assert.Equal(t, p, q)
		// And through JSON.
		b, err := json.Marshal(p.Spec())
		require.NoError(t, err)
		back := parseSpec(t, string(b))
		q, err = Compile(&back, "n", "")
		require.NoError(t, err)
		assert.Equal(t, p.Terms, q.Terms)
		assert.Equal(t, p.Default, q.Default)
	}
}

func FuzzCompile(f *testing.F) {
	f.Add([]byte(fiveTerms))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"default": "reject", "terms": [{"match": {"prefix": ["10.0.0.0/8 ge 9 le 12"], "as_path": "[_]_(",
		"community": ["*:1"], "large_community": ["*:1:*"], "next_hop": ["::1"], "peer": ["a", "::2"], "peer_as": [0],
		"origin": "egp", "family": "ipv6-unicast"}, "set": {"local_pref": 0, "med": 4294967295, "next_hop": "self",
		"community_add": ["no-peer"], "community_remove": ["65535:*"], "large_community_add": ["0:0:0"],
		"large_community_remove": ["*:*:*"], "prepend": 32, "prepend_as": 4294967295}, "then": "next"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s Spec
		if json.Unmarshal(data, &s) != nil {
			return
		}
		p, err := Compile(&s, "fuzz", `policies["fuzz"]`)
		if err != nil {
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				require.True(t, strings.HasPrefix(e.Error(), `policies["fuzz"]`), "%v", e)
			}
			return
		}
		back := p.Spec()
		q, err := Compile(&back, "fuzz", `policies["fuzz"]`)
		require.NoError(t, err)
		require.Equal(t, p, q)
		// Evaluating never panics or modifies the route.
		a := testAttrs(t, "65001 {65002,65003}", "65001:1", "1:2:3")
		before := a.Clone()
		r := testRoute("203.0.113.0/24", a)
		res := p.Evaluate(r)
		require.Equal(t, before, a)
		tr := p.Explain(r)
		require.Len(t, tr, len(p.Terms))
		if res.Index >= 0 {
			require.True(t, tr[res.Index].Matched)
		}
	})
}
