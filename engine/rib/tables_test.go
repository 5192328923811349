package rib

import (
	"fmt"
	"net/netip"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
)

func TestComparePrefix(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"10.0.0.0/8", "10.0.0.0/8", 0},
		{"10.0.0.0/8", "10.0.0.0/16", -1},
		{"9.0.0.0/16", "10.0.0.0/8", -1},
		{"10.1.0.0/16", "10.0.0.0/24", 1},
		{"255.255.255.0/24", "::/0", -1},
		{"2001:db8::/48", "2001:db8::/32", 1},
		{"2001:db8::/32", "2001:db9::/32", -1},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, ComparePrefix(pfx(tc.a), pfx(tc.b)), "%s vs %s", tc.a, tc.b)
		assert.Equal(t, -tc.want, ComparePrefix(pfx(tc.b), pfx(tc.a)), "%s vs %s", tc.b, tc.a)
	}
}

// mixedPrefixes are in the order tables list them: IPv4 before IPv6, then
// by address, then by length.
var mixedPrefixes = []string{"9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24", "192.0.2.0/24", "::/0", "2001:db8::/32", "2001:db8::/48", "2001:db8:1::/48"}

// shuffled returns mixedPrefixes in a fixed scrambled order.
func shuffled() []netip.Prefix {
	var ps []netip.Prefix
	for _, i := range []int{5, 2, 8, 0, 7, 3, 1, 6, 4} {
		ps = append(ps, pfx(mixedPrefixes[i]))
	}
	return ps
}

// TestLocRIBAdjIn: the destinations hold every peer's Adj-RIB-In,
// rejected paths included; From lists one peer's, sorted.
func TestLocRIBAdjIn(t *testing.T) {
	b := newBuilder(t)
	l := NewLocRIB()
	assert.Empty(t, l.From(peerA))

	for _, p := range shuffled() {
		l.Add(b.pathTo(p, peerA), nil)
		l.Add(b.pathTo(p, peerB), nil)
	}
	// ADD-PATH: more paths for 10.0.0.0/8, one rejected by policy.
	id2 := b.pathTo(pfx("10.0.0.0/8"), peerA, pathID(2))
	id1 := b.pathTo(pfx("10.0.0.0/8"), peerA, pathID(1), rejected())
	l.Add(id2, nil)
	l.Add(id1, nil)
	require.Len(t, l.From(peerA), len(mixedPrefixes)+2)
	require.Len(t, l.From(peerB), len(mixedPrefixes))
	assert.Empty(t, l.From(peerC))

	d := l.Get(pfx("10.0.0.0/8"))
	require.NotNil(t, d)
	assert.Same(t, id1, d.Find(peerA, 1))
	assert.Same(t, id2, d.Find(peerA, 2))
	assert.Nil(t, d.Find(peerA, 3))
	assert.Nil(t, d.Find(peerC, 0))
	assert.Equal(t, peerB, d.Find(peerB, 0).Peer)

	var got []string
	for _, p := range l.From(peerA) {
		assert.Same(t, peerA, p.Peer)
		s := p.Prefix.String()
		if p.ID != 0 {
			s += fmt.Sprintf(" #%d", p.ID)
		}
		got = append(got, s)
	}
	want := append([]string{}, mixedPrefixes[:2]...)
	want = append(want, "10.0.0.0/8 #1", "10.0.0.0/8 #2")
	want = append(want, mixedPrefixes[2:]...)
	assert.Equal(t, want, got)

	// Replace puts the new path where the old one was.
	d = l.Get(pfx("192.0.2.0/24"))
	old := d.Find(peerA, 0)
	require.NotNil(t, old)
	repl := b.pathTo(d.Prefix, peerA, med(5))
	d.Replace(repl, old)
	assert.Same(t, repl, d.Find(peerA, 0))
	assert.Len(t, d.Paths, 2)
	assert.Len(t, l.From(peerA), len(mixedPrefixes)+2)

	// Remove drops a path once.
	assert.True(t, d.Remove(repl))
	assert.False(t, d.Remove(repl))
	assert.Nil(t, d.Find(peerA, 0))
	assert.Len(t, l.From(peerA), len(mixedPrefixes)+1)
}

// TestLocRIBRejectedOnly: a destination whose every path was rejected is
// held (it is part of an Adj-RIB-In) but is not in the Loc-RIB proper.
func TestLocRIBRejectedOnly(t *testing.T) {
	b := newBuilder(t)
	l := NewLocRIB()
	r := b.path(peerA, rejected())
	d := l.Dest(testPrefix)
	assert.Same(t, d, l.Dest(testPrefix), "Dest adds once")
	assert.False(t, d.InLocRIB(), "empty")
	d.Replace(r, nil)
	assert.False(t, d.InLocRIB())
	assert.Empty(t, l.Dests())
	assert.Equal(t, 1, l.Len())
	l.Forget(d)
	assert.Same(t, d, l.Get(testPrefix), "kept: it holds a path")
	assert.Equal(t, []*Path{r}, l.From(peerA))

	pb := b.path(peerB)
	d.Replace(pb, nil)
	assert.True(t, d.InLocRIB(), "a candidate")
	assert.Equal(t, []*Dest{d}, l.Dests())
	d.Remove(pb)
	assert.False(t, d.InLocRIB())
	assert.True(t, d.Queue(2))
	assert.True(t, d.InLocRIB(), "a change is queued")
	d.Dequeue(2)
	d.SetOut(1, pb.Received)
	assert.True(t, d.InLocRIB(), "advertised")
	d.SetOut(1, nil)
	assert.False(t, d.InLocRIB())

	assert.Same(t, d, l.Remove(r))
	assert.Nil(t, l.Remove(r), "gone")
	l.Forget(d)
	assert.Nil(t, l.Get(testPrefix))
	assert.Zero(t, l.Len())
}

func TestLocRIB(t *testing.T) {
	b := newBuilder(t)
	l := NewLocRIB()
	assert.Zero(t, l.Len())
	assert.Empty(t, l.Dests())
	assert.Nil(t, l.Get(testPrefix))

	pa, pb := b.path(peerA), b.path(peerB)
	d := l.Add(pa, nil)
	require.NotNil(t, d)
	assert.Equal(t, testPrefix, d.Prefix)
	assert.Same(t, d, l.Get(testPrefix))
	assert.Same(t, d, l.Add(pb, nil))
	assert.Equal(t, []*Path{pa, pb}, d.Paths)

	// Add replaces old in place.
	pa2 := b.path(peerA, med(7))
	assert.Same(t, d, l.Add(pa2, pa))
	assert.Equal(t, []*Path{pa2, pb}, d.Paths)
	// An old that is not there: p is added.
	pc := b.path(peerC)
	assert.Same(t, d, l.Add(pc, pa))
	assert.Equal(t, []*Path{pa2, pb, pc}, d.Paths)
	assert.Equal(t, 1, l.Len())

	// Remove.
	assert.Same(t, d, l.Remove(pb))
	assert.Equal(t, []*Path{pa2, pc}, d.Paths)
	assert.Nil(t, l.Remove(pb), "no longer there")
	assert.Nil(t, l.Remove(b.pathTo(pfx("198.51.100.0/24"), peerA)), "no such destination")

	// Forget keeps a destination that still has candidates.
	l.Forget(d)
	assert.Same(t, d, l.Get(testPrefix))
	l.Remove(pa2)
	l.Remove(pc)
	assert.Empty(t, d.Paths)
	assert.Equal(t, 1, l.Len(), "kept until Forget")
	l.Forget(d)
	assert.Zero(t, l.Len())
	assert.Nil(t, l.Get(testPrefix))

	// Dests are sorted.
	for _, p := range shuffled() {
		l.Add(b.pathTo(p, peerA), nil)
	}
	var got []string
	for _, d := range l.Dests() {
		got = append(got, d.Prefix.String())
	}
	assert.Equal(t, mixedPrefixes, got)
}

func TestDestDecide(t *testing.T) {
	b := newBuilder(t)
	l := NewLocRIB()
	dec := &Decider{}
	pa, pb := b.path(peerA), b.path(peerB)
	pc, pcRejected := b.path(peerC, localPref(200)), b.path(peerC, localPref(200), rejected())
	l.Add(pa, nil)
	d := l.Add(pb, nil)

	const aOverB = "lower router ID (10.0.0.1 < 10.0.0.2) than the path from B"
	steps := []struct {
		name    string
		change  func()
		changed bool
		best    *Path
		text    string
	}{
		{"first decision", func() {}, true, pa, aOverB},
		{"nothing changed", func() {}, false, pa, aOverB},
		{"a better path arrives", func() { l.Add(pc, nil) }, true, pc, "higher LOCAL_PREF (200 > 100) than the path from A"},
		{"import policy now rejects it", func() { l.Add(pcRejected, pc) }, true, pa, aOverB},
		{"the best is withdrawn", func() { l.Remove(pa) }, true, pb, "the only path"},
		{"the last usable path is withdrawn", func() { l.Remove(pb) }, true, nil, "no usable path"},
		{"still none", func() {}, false, nil, "no usable path"},
	}
	for _, s := range steps {
		s.change()
		assert.Equal(t, s.changed, d.Decide(dec), s.name)
		assert.Same(t, s.best, d.Best, s.name)
		assert.Equal(t, s.text, d.Reason.String(), s.name)
		if s.best == nil {
			assert.Equal(t, Reason{}, d.Reason, s.name)
		} else {
			assert.Same(t, s.best, d.Reason.Best, s.name)
		}
	}
	assert.Equal(t, []*Path{pcRejected}, d.Paths, "the rejected path stays, though not a candidate")

	// An unreachable next hop takes the path out too.
	d.Paths = []*Path{pa}
	assert.True(t, d.Decide(dec))
	assert.Same(t, pa, d.Best)
	dec.Resolve = resolver(nil, nil)
	assert.True(t, d.Decide(dec))
	assert.Nil(t, d.Best)
}

func TestDestOut(t *testing.T) {
	tab := NewTable()
	x := tab.Intern(&wire.Attributes{})
	var a wire.Attributes
	a.MED = 1
	a.Set(wire.AttrMED)
	y := tab.Intern(&a)

	l := NewLocRIB()
	d := l.Add(&Path{Prefix: testPrefix, Peer: &Peer{Name: "R1"}}, nil)
	assert.Nil(t, d.Out(0))
	assert.Nil(t, d.Out(5), "beyond any peer set so far")
	assert.Nil(t, d.SetOut(5, nil), "withdrawing what was never sent")
	assert.Nil(t, d.SetOut(3, x))
	assert.Same(t, x, d.Out(3))
	assert.Nil(t, d.Out(2))
	assert.Same(t, x, d.SetOut(3, y), "replaced")
	assert.Same(t, y, d.Out(3))

	// A destination without paths stays while something is advertised
	// or queued for it.
	l.Remove(d.Paths[0])
	l.Forget(d)
	assert.Same(t, d, l.Get(testPrefix), "still advertised")
	assert.Same(t, y, d.SetOut(3, nil))
	assert.True(t, d.Queue(63))
	assert.False(t, d.Queue(63), "already queued")
	l.Forget(d)
	assert.Same(t, d, l.Get(testPrefix), "still queued")
	d.Dequeue(63)
	assert.True(t, d.Queue(63), "queued again after Dequeue")
	d.Dequeue(63)
	l.Forget(d)
	assert.Nil(t, l.Get(testPrefix), "forgotten once idle")

	n := 0
	for _, p := range shuffled() {
		l.Add(&Path{Prefix: p, Peer: &Peer{Name: "R1"}}, nil)
	}
	l.Each(func(*Dest) { n++ })
	assert.Equal(t, l.Len(), n)
}

// TestLocRIBKeys: prefixes that differ only in family, length or the last
// bit of the address are different destinations.
func TestLocRIBKeys(t *testing.T) {
	b := newBuilder(t)
	l := NewLocRIB()
	prefixes := []string{
		"0.0.0.0/0", "::/0", "10.0.0.0/8", "10.0.0.0/9", "10.0.0.1/32", "10.0.0.0/32",
		"255.255.255.255/32", "::ffff:10.0.0.0/104", "::a00:0/104", "2001:db8::/32",
		"2001:db8::1/128", "2001:db8::/128", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
	}
	for _, s := range prefixes {
		require.Nil(t, l.Get(pfx(s)), s)
		d := l.Add(b.pathTo(pfx(s), peerA), nil)
		require.Equal(t, pfx(s), d.Prefix)
	}
	require.Equal(t, len(prefixes), l.Len())
	for _, s := range prefixes {
		d := l.Get(pfx(s))
		require.NotNil(t, d, s)
		assert.Equal(t, pfx(s), d.Prefix)
		assert.Same(t, d, l.Dest(pfx(s)))
	}
	assert.Nil(t, l.Get(netip.Prefix{}))
	zero := l.Add(b.pathTo(netip.Prefix{}, peerA), nil)
	assert.Same(t, zero, l.Get(netip.Prefix{}), "even the zero prefix has a key")

	// Dests are sorted as ComparePrefix has it.
	want := []netip.Prefix{{}}
	for _, s := range prefixes {
		want = append(want, pfx(s))
	}
	slices.SortFunc(want, ComparePrefix)
	var got []netip.Prefix
	for _, d := range l.Dests() {
		got = append(got, d.Prefix)
	}
	assert.Equal(t, want, got)

	l.Remove(zero.Paths[0])
	l.Forget(zero)
	assert.Nil(t, l.Get(netip.Prefix{}))
	for _, s := range prefixes {
		d := l.Get(pfx(s))
		l.Remove(d.Paths[0])
		l.Forget(d)
		assert.Nil(t, l.Get(pfx(s)), s)
	}
	assert.Zero(t, l.Len())
}
