package policy

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// testAttrs returns attributes with ORIGIN igp, the AS path, NEXT_HOP
// 192.0.2.1 and the communities given ("65001:1", or large "1:2:3").
func testAttrs(t testing.TB, path string, comms ...string) *wire.Attributes {
	t.Helper()
	a := &wire.Attributes{Origin: wire.OriginIGP, ASPath: mustPath(t, path), NextHop: netip.MustParseAddr("192.0.2.1")}
	a.Set(wire.AttrOrigin)
	a.Set(wire.AttrASPath)
	a.Set(wire.AttrNextHop)
	for _, c := range comms {
		if v, err := wire.ParseCommunity(c); err == nil {
			a.Communities = append(a.Communities, v)
			a.Set(wire.AttrCommunities)
			continue
		}
		v, err := wire.ParseLargeCommunity(c)
		require.NoError(t, err)
		a.LargeCommunities = append(a.LargeCommunities, v)
		a.Set(wire.AttrLargeCommunities)
	}
	return a
}

// testRoute returns a route for prefix with attrs, learnt from peer "isp"
// (192.0.2.1, AS 65001) on a session where we are 192.0.2.2 in AS 65000.
func testRoute(prefix string, attrs *wire.Attributes) *Route {
	return &Route{Prefix: netip.MustParsePrefix(prefix), Attrs: attrs, Peer: testPeer}
}

var testPeer = Peer{Name: "isp", Addr: netip.MustParseAddr("192.0.2.1"), AS: 65001,
	LocalAddr: netip.MustParseAddr("192.0.2.2"), LocalAS: 65000}

// mustCompile compiles the JSON text of a Spec.
func mustCompile(t testing.TB, js string) *Policy {
	t.Helper()
	s := parseSpec(t, js)
	p, err := Compile(&s, "test", `policies["test"]`)
	require.NoError(t, err)
	return p
}

func u32(v uint32) *uint32 { return &v }
