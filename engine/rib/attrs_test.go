package rib

import (
	"net/netip"
	"reflect"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// sampleAttrs builds, anew on every call, attributes with every kind of
// slice an Attributes holds.
func sampleAttrs(t testing.TB) *wire.Attributes {
	t.Helper()
	var a wire.Attributes
	p, err := wire.ParseASPath("65001 65002 {65010 65011}")
	require.NoError(t, err)
	a.Origin, a.ASPath, a.NextHop = wire.OriginEGP, p, addr("192.0.2.1")
	a.MED, a.LocalPref = 10, 200
	a.OriginatorID = addr("10.0.0.9")
	a.ClusterList = []netip.Addr{addr("10.0.0.50"), addr("10.0.0.51")}
	for _, s := range []string{"65000:1", "65000:2"} {
		c, err := wire.ParseCommunity(s)
		require.NoError(t, err)
		a.Communities = append(a.Communities, c)
	}
	lc, err := wire.ParseLargeCommunity("65000:1:2")
	require.NoError(t, err)
	a.LargeCommunities = []wire.LargeCommunity{lc}
	a.Unknown = []wire.RawAttr{{Flags: wire.FlagOptional | wire.FlagTransitive, Type: 99, Value: []byte{1, 2, 3}}}
	for _, at := range []wire.AttrType{wire.AttrOrigin, wire.AttrASPath, wire.AttrNextHop, wire.AttrMED, wire.AttrLocalPref,
		wire.AttrOriginatorID, wire.AttrClusterList, wire.AttrCommunities, wire.AttrLargeCommunities} {
		a.Set(at)
	}
	return &a
}

func TestInternEqual(t *testing.T) {
	tab := NewTable()
	x := tab.Intern(sampleAttrs(t))
	y := tab.Intern(sampleAttrs(t))
	require.Same(t, x, y, "equal attributes built separately share one Attrs")
	assert.Equal(t, 1, tab.Len())
	assert.Equal(t, 2, x.refs)
	assert.Equal(t, *sampleAttrs(t).Clone(), x.Attributes)
}

// TestInternDiffer checks that attributes that differ in one respect get
// Attrs of their own.
func TestInternDiffer(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *wire.Attributes)
	}{
		{"next hop", func(a *wire.Attributes) { a.NextHop = addr("192.0.2.2") }},
		{"IPv6 next hop", func(a *wire.Attributes) { a.NextHop = addr("2001:db8::1"); a.Clear(wire.AttrNextHop) }},
		{"NEXT_HOP attribute absent, same next hop", func(a *wire.Attributes) { a.Clear(wire.AttrNextHop) }},
		{"community order", func(a *wire.Attributes) {
			a.Communities[0], a.Communities[1] = a.Communities[1], a.Communities[0]
		}},
		{"MED 0 present vs absent", func(a *wire.Attributes) { a.Clear(wire.AttrMED) }},
		{"MED value", func(a *wire.Attributes) { a.MED = 11 }},
		{"LOCAL_PREF", func(a *wire.Attributes) { a.LocalPref = 100 }},
		{"ORIGIN", func(a *wire.Attributes) { a.Origin = wire.OriginIGP }},
		{"AS_SET vs AS_SEQUENCE", func(a *wire.Attributes) { a.ASPath.Segments[1].Type = wire.SegmentSequence }},
		{"CLUSTER_LIST", func(a *wire.Attributes) { a.ClusterList = a.ClusterList[:1] }},
		{"ORIGINATOR_ID", func(a *wire.Attributes) { a.OriginatorID = addr("10.0.0.8") }},
		{"large community", func(a *wire.Attributes) { a.LargeCommunities[0].Local2 = 3 }},
		{"unknown attribute value", func(a *wire.Attributes) { a.Unknown[0].Value = []byte{1, 2, 4} }},
		{"AS4_PATH", func(a *wire.Attributes) {
			p, _ := wire.ParseASPath("4200000000 65002")
			a.AS4Path = p
			a.Set(wire.AttrAS4Path)
		}},
		{"AS4_AGGREGATOR", func(a *wire.Attributes) {
			a.AS4Aggregator = wire.Aggregator{AS: 4200000000, Address: addr("10.0.0.1")}
			a.Set(wire.AttrAS4Aggregator)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab := NewTable()
			base := sampleAttrs(t)
			if tc.name == "MED 0 present vs absent" {
				base.MED = 0
			}
			changed := sampleAttrs(t)
			*changed = *base.Clone()
			tc.change(changed)
			x, y := tab.Intern(base), tab.Intern(changed)
			require.True(t, x != y, "one Attrs for different attributes")
			assert.Equal(t, 2, tab.Len())
			assert.Equal(t, *base.Clone(), x.Attributes)
			assert.Equal(t, *changed.Clone(), y.Attributes)
			// And each is found again.
			assert.Same(t, x, tab.Intern(base))
			assert.Same(t, y, tab.Intern(changed))
		})
	}
}

// TestInternNoAlias checks that the interned copy shares no memory with
// the input: changing the input afterwards changes nothing interned.
func TestInternNoAlias(t *testing.T) {
	tab := NewTable()
	in := sampleAttrs(t)
	x := tab.Intern(in)
	in.ASPath.Segments[0].ASNs[0] = 1
	in.ASPath.Segments[1].ASNs[1] = 2
	in.Communities[0] = 3
	in.ClusterList[0] = addr("10.9.9.9")
	in.LargeCommunities[0].Global = 4
	in.Unknown[0].Value[0] = 5
	in.NextHop = addr("192.0.2.99")
	in.MED = 6
	assert.Equal(t, *sampleAttrs(t).Clone(), x.Attributes, "interned unchanged")
	assert.Same(t, x, tab.Intern(sampleAttrs(t)), "still found under its original value")
	assert.NotSame(t, x, tab.Intern(in))
}

// TestInternShared: InternShared finds the same attribute sets as Intern,
// and a new one keeps the slices it was given instead of copying them;
// the struct itself is not retained.
func TestInternShared(t *testing.T) {
	tab := NewTable()
	x := tab.Intern(sampleAttrs(t))
	in := sampleAttrs(t)
	assert.Same(t, x, tab.InternShared(in), "found as Intern finds it")
	assert.Equal(t, 2, x.refs)

	in.MED = 77
	y := tab.InternShared(in)
	require.NotSame(t, x, y)
	assert.Same(t, &in.ASPath.Segments[0], &y.ASPath.Segments[0], "the AS_PATH is shared")
	assert.Same(t, &in.Communities[0], &y.Communities[0], "the communities are shared")
	assert.NotSame(t, in, &y.Attributes)
	in.MED = 78
	assert.Equal(t, uint32(77), y.MED, "the struct was copied")
	assert.Same(t, y, tab.Intern(func() *wire.Attributes { a := sampleAttrs(t); a.MED = 77; return a }()))

	// MP_REACH_NLRI is dropped as Intern drops it.
	in.Set(wire.AttrMPReach)
	in.MPReach = wire.MPReach{Family: wire.IPv6Unicast, NextHop: addr("2001:db8::1")}
	z := tab.InternShared(in)
	assert.False(t, z.Has(wire.AttrMPReach))
	assert.Equal(t, wire.MPReach{}, z.MPReach)
	assert.True(t, in.Has(wire.AttrMPReach), "a is not modified")
}

// TestInternIgnoresMP checks that MP_REACH_NLRI and MP_UNREACH_NLRI are
// neither kept nor part of the identity of an attribute set.
func TestInternIgnoresMP(t *testing.T) {
	tab := NewTable()
	plain := tab.Intern(sampleAttrs(t))
	mp := sampleAttrs(t)
	mp.MPReach = wire.MPReach{Family: wire.IPv6Unicast, NextHop: addr("2001:db8::1"), NLRI: []wire.NLRI{{Prefix: pfx("2001:db8:1::/48")}}}
	mp.MPUnreach = wire.MPUnreach{Family: wire.IPv6Unicast, Withdrawn: []wire.NLRI{{Prefix: pfx("2001:db8:2::/48")}}}
	mp.Set(wire.AttrMPReach)
	mp.Set(wire.AttrMPUnreach)
	x := tab.Intern(mp)
	assert.Same(t, plain, x)
	assert.Equal(t, 1, tab.Len())

	// Interned first, the MP attributes are dropped from the copy.
	tab = NewTable()
	x = tab.Intern(mp)
	assert.False(t, x.Has(wire.AttrMPReach))
	assert.False(t, x.Has(wire.AttrMPUnreach))
	assert.Equal(t, wire.MPReach{}, x.MPReach)
	assert.Equal(t, wire.MPUnreach{}, x.MPUnreach)
	assert.True(t, mp.Has(wire.AttrMPReach), "the input is not modified")
	assert.Len(t, mp.MPReach.NLRI, 1)
	assert.Same(t, x, tab.Intern(sampleAttrs(t)))
}

// TestInternRelease checks reference counting: the last Release forgets
// the attribute set.
func TestInternRelease(t *testing.T) {
	tab := NewTable()
	x := tab.Intern(sampleAttrs(t))
	require.Same(t, x, tab.Intern(sampleAttrs(t)))
	require.Same(t, x, tab.Ref(x))
	other := tab.Intern(&wire.Attributes{})
	require.Equal(t, 2, tab.Len())

	tab.Release(x)
	tab.Release(x)
	assert.Equal(t, 2, tab.Len(), "one reference left")
	assert.Same(t, x, tab.Intern(sampleAttrs(t)))
	tab.Release(x)
	tab.Release(x)
	assert.Equal(t, 1, tab.Len(), "forgotten after the last release")
	tab.Release(nil)
	assert.Equal(t, 1, tab.Len())

	// Releasing the forgotten set once too often leaves its successor.
	y := tab.Intern(sampleAttrs(t))
	require.True(t, x != y, "a new set after forgetting")
	tab.Release(x)
	assert.Equal(t, 2, tab.Len())
	assert.Same(t, y, tab.Intern(sampleAttrs(t)))

	tab.Release(other)
	assert.Equal(t, 1, tab.Len())
}

// TestInternReleaseKey: the last Release finds the set under the key it
// was interned with, whatever the attributes held that the key leaves out
// or that the copy drops (MP_REACH_NLRI, MP_UNREACH_NLRI, raw storage).
func TestInternReleaseKey(t *testing.T) {
	as4, err := wire.ParseASPath("23456 65001")
	require.NoError(t, err)
	variants := map[string]func(a *wire.Attributes){
		"plain": func(*wire.Attributes) {},
		"MP": func(a *wire.Attributes) {
			a.Set(wire.AttrMPReach)
			a.MPReach = wire.MPReach{Family: wire.IPv6Unicast, NextHop: addr("2001:db8::1"), NLRI: []wire.NLRI{{Prefix: pfx("2001:db8::/32")}}}
			a.Set(wire.AttrMPUnreach)
			a.MPUnreach = wire.MPUnreach{Family: wire.IPv6Unicast}
		},
		"AS4": func(a *wire.Attributes) {
			a.Set(wire.AttrAS4Path)
			a.AS4Path = as4
			a.SetPartial(wire.AttrAS4Path, true)
		},
		"no NEXT_HOP flag": func(a *wire.Attributes) { a.Clear(wire.AttrNextHop) },
		"nothing":          func(a *wire.Attributes) { *a = wire.Attributes{} },
	}
	for name, change := range variants {
		for _, shared := range []bool{false, true} {
			tab := NewTable()
			a := sampleAttrs(t)
			change(a)
			x := tab.Intern(a)
			if shared {
				tab.Release(x)
				require.Zero(t, tab.Len())
				x = tab.InternShared(a)
			}
			require.Same(t, x, tab.Intern(a), name)
			tab.Release(x)
			assert.Equal(t, 1, tab.Len(), name)
			tab.Release(x)
			assert.Zero(t, tab.Len(), "%s: forgotten", name)
		}
	}
}

// TestAttrsSize: an Attrs fills the 512-octet size class exactly.
func TestAttrsSize(t *testing.T) {
	if strconv.IntSize != 64 {
		t.Skip("sizes are for 64-bit pointers")
	}
	assert.Equal(t, uintptr(512), reflect.TypeFor[Attrs]().Size())
}

// TestInternUnencodable checks attribute sets that have no canonical
// encoding (a COMMUNITIES value longer than 65535 octets): each gets an
// Attrs of its own, and releasing them forgets them.
func TestInternUnencodable(t *testing.T) {
	tab := NewTable()
	big := func() *wire.Attributes {
		a := sampleAttrs(t)
		a.Communities = make([]wire.Community, 20000)
		return a
	}
	x, y := tab.Intern(big()), tab.Intern(big())
	require.NotSame(t, x, y)
	assert.Len(t, x.Communities, 20000)
	assert.Equal(t, 2, tab.Len())
	tab.Release(x)
	tab.Release(y)
	assert.Zero(t, tab.Len())
}

func TestAttrsDefaults(t *testing.T) {
	tab := NewTable()
	none := tab.Intern(&wire.Attributes{})
	assert.Equal(t, uint32(100), none.LocalPref(DefaultLocalPref))
	assert.Equal(t, uint32(7), none.LocalPref(7))
	assert.Zero(t, none.MEDValue())

	var a wire.Attributes
	a.LocalPref, a.MED = 0, 0
	a.Set(wire.AttrLocalPref)
	a.Set(wire.AttrMED)
	zero := tab.Intern(&a)
	assert.Zero(t, zero.LocalPref(DefaultLocalPref), "LOCAL_PREF 0 present")
	assert.Zero(t, zero.MEDValue())
	a.LocalPref, a.MED = 300, 40
	set := tab.Intern(&a)
	assert.Equal(t, uint32(300), set.LocalPref(DefaultLocalPref))
	assert.Equal(t, uint32(40), set.MEDValue())
}

// BenchmarkIntern interns an attribute set already held (hit) and one
// that is not (miss: interned, then released).
func BenchmarkIntern(b *testing.B) {
	b.Run("hit", func(b *testing.B) {
		tab := NewTable()
		a := sampleAttrs(b)
		held := tab.Intern(a)
		b.ReportAllocs()
		for b.Loop() {
			tab.Release(tab.Intern(a))
		}
		require.Equal(b, 1, tab.Len())
		require.Equal(b, 1, held.refs)
	})
	b.Run("miss", func(b *testing.B) {
		tab := NewTable()
		a := sampleAttrs(b)
		b.ReportAllocs()
		for b.Loop() {
			a.MED++
			tab.Release(tab.Intern(a))
		}
		require.Zero(b, tab.Len())
	})
}

// TestInternHitNoAllocs checks that finding an attribute set already held
// does not allocate, with and without AS4_PATH.
func TestInternHitNoAllocs(t *testing.T) {
	tab := NewTable()
	a := sampleAttrs(t)
	tab.Intern(a)
	assert.Zero(t, testing.AllocsPerRun(100, func() { tab.Release(tab.Intern(a)) }))

	p, err := wire.ParseASPath("4200000000")
	require.NoError(t, err)
	a.AS4Path = p
	a.Set(wire.AttrAS4Path)
	tab.Intern(a)
	assert.Zero(t, testing.AllocsPerRun(100, func() { tab.Release(tab.Intern(a)) }))
}
