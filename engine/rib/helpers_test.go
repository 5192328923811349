package rib

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// The peers the decision tests use. Router IDs and addresses are chosen so
// that the later tie-breaks would pick a different path than the step a
// test case is about.
var (
	// peerA and peerA2 are two EBGP sessions to the same neighbouring AS.
	peerA  = &Peer{Name: "A", Addr: addr("192.0.2.1"), RouterID: addr("10.0.0.1"), AS: 65001}
	peerA2 = &Peer{Name: "A2", Addr: addr("192.0.2.11"), RouterID: addr("10.0.0.11"), AS: 65001}
	peerB  = &Peer{Name: "B", Addr: addr("192.0.2.2"), RouterID: addr("10.0.0.2"), AS: 65002}
	// peerI1 and peerI2 are IBGP neighbours (route reflectors in the
	// CLUSTER_LIST cases).
	peerI1 = &Peer{Name: "I1", Addr: addr("10.1.0.3"), RouterID: addr("10.0.0.3"), AS: 65000, Internal: true}
	peerI2 = &Peer{Name: "I2", Addr: addr("10.1.0.4"), RouterID: addr("10.0.0.4"), AS: 65000, Internal: true}
	peerI3 = &Peer{Name: "I3", Addr: addr("10.1.0.5"), RouterID: addr("10.0.0.5"), AS: 65000, Internal: true}
	// peerV6 is an EBGP neighbour on an IPv6 session.
	peerV6 = &Peer{Name: "V6", Addr: addr("2001:db8::1"), RouterID: addr("10.0.0.6"), AS: 65006}
	// local is the speaker itself.
	local = &Peer{Name: "self", RouterID: addr("10.0.0.100"), AS: 65000, Local: true}
)

// testPrefix is the destination of the decision tests.
var testPrefix = netip.MustParsePrefix("203.0.113.0/24")

func addr(s string) netip.Addr { return netip.MustParseAddr(s) }

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

// extra is what an option sets beside the attributes.
type extra struct {
	id     uint32
	reject bool
}

// option changes the attributes or the path a builder makes.
type option func(t testing.TB, a *wire.Attributes, e *extra)

// asPath sets AS_PATH from its text form ("65001 {65010 65011}", "(65100) 65001").
func asPath(s string) option {
	return func(t testing.TB, a *wire.Attributes, _ *extra) {
		p, err := wire.ParseASPath(s)
		require.NoError(t, err, "AS path %q", s)
		a.ASPath = p
		a.Set(wire.AttrASPath)
	}
}

func localPref(v uint32) option {
	return func(_ testing.TB, a *wire.Attributes, _ *extra) { a.LocalPref = v; a.Set(wire.AttrLocalPref) }
}

func med(v uint32) option {
	return func(_ testing.TB, a *wire.Attributes, _ *extra) { a.MED = v; a.Set(wire.AttrMED) }
}

func origin(o wire.Origin) option {
	return func(_ testing.TB, a *wire.Attributes, _ *extra) { a.Origin = o }
}

func nextHop(s string) option {
	return func(_ testing.TB, a *wire.Attributes, _ *extra) { a.NextHop = addr(s) }
}

func originatorID(s string) option {
	return func(_ testing.TB, a *wire.Attributes, _ *extra) {
		a.OriginatorID = addr(s)
		a.Set(wire.AttrOriginatorID)
	}
}

func clusterList(ids ...string) option {
	return func(_ testing.TB, a *wire.Attributes, _ *extra) {
		a.ClusterList = nil
		for _, id := range ids {
			a.ClusterList = append(a.ClusterList, addr(id))
		}
		a.Set(wire.AttrClusterList)
	}
}

func pathID(id uint32) option {
	return func(_ testing.TB, _ *wire.Attributes, e *extra) { e.id = id }
}

// rejected makes the path one that import policy rejected: Received is
// set, Attrs is nil.
func rejected() option {
	return func(_ testing.TB, _ *wire.Attributes, e *extra) { e.reject = true }
}

// builder makes paths with interned attributes.
type builder struct {
	t   testing.TB
	tab *Table
}

func newBuilder(t testing.TB) *builder { return &builder{t: t, tab: NewTable()} }

// path returns a path to testPrefix from peer. By default ORIGIN is IGP,
// AS_PATH is the peer's AS for EBGP peers and empty otherwise, and NEXT_HOP
// is the peer's address.
func (b *builder) path(peer *Peer, opts ...option) *Path {
	return b.pathTo(testPrefix, peer, opts...)
}

// pathTo is path for another prefix.
func (b *builder) pathTo(prefix netip.Prefix, peer *Peer, opts ...option) *Path {
	b.t.Helper()
	var a wire.Attributes
	a.Origin = wire.OriginIGP
	a.Set(wire.AttrOrigin)
	a.Set(wire.AttrASPath)
	if !peer.Internal && !peer.Local {
		a.ASPath.Prepend(peer.AS, 1)
	}
	if !peer.Local {
		a.NextHop = peer.Addr
		if peer.Addr.Is4() {
			a.Set(wire.AttrNextHop)
		}
	}
	var e extra
	for _, o := range opts {
		o(b.t, &a, &e)
	}
	p := &Path{Prefix: prefix, ID: e.id, Peer: peer, Received: b.tab.Intern(&a)}
	if !e.reject {
		p.Attrs = b.tab.Ref(p.Received)
	}
	return p
}

// resolver returns an Env.Resolve that finds the next hops in costs
// reachable at their cost and every other next hop unreachable. It counts
// its calls in *calls when calls is not nil.
func resolver(costs map[string]uint32, calls *int) func(netip.Addr) (uint32, bool) {
	m := make(map[netip.Addr]uint32, len(costs))
	for k, v := range costs {
		m[addr(k)] = v
	}
	return func(nh netip.Addr) (uint32, bool) {
		if calls != nil {
			*calls++
		}
		c, ok := m[nh]
		return c, ok
	}
}

// permutations calls f with every ordering of paths (Heap's algorithm on a
// copy).
func permutations(paths []*Path, f func([]*Path)) {
	ps := append([]*Path(nil), paths...)
	var gen func(k int)
	gen = func(k int) {
		if k <= 1 {
			f(append([]*Path(nil), ps...))
			return
		}
		gen(k - 1)
		for i := 0; i < k-1; i++ {
			if k%2 == 0 {
				ps[i], ps[k-1] = ps[k-1], ps[i]
			} else {
				ps[0], ps[k-1] = ps[k-1], ps[0]
			}
			gen(k - 1)
		}
	}
	gen(len(ps))
}

// TestPermutations checks the helper itself: n! distinct orderings.
func TestPermutations(t *testing.T) {
	b := newBuilder(t)
	paths := []*Path{b.path(peerA), b.path(peerB), b.path(peerI1), b.path(peerI2)}
	seen := map[[4]*Path]bool{}
	permutations(paths, func(ps []*Path) { seen[[4]*Path(ps)] = true })
	require.Len(t, seen, 24)
}
