package rib

import (
	"fmt"
	"net/netip"
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

func TestAdjIn(t *testing.T) {
	b := newBuilder(t)
	in := NewAdjIn()
	assert.Zero(t, in.Len())
	assert.Empty(t, in.Paths())
	assert.Nil(t, in.Get(Key{Prefix: testPrefix}))
	assert.Nil(t, in.Delete(Key{Prefix: testPrefix}))

	for _, p := range shuffled() {
		in.Put(b.pathTo(p, peerA))
	}
	// ADD-PATH: more paths for 10.0.0.0/8, one rejected by policy.
	id2 := b.pathTo(pfx("10.0.0.0/8"), peerA, pathID(2))
	id1 := b.pathTo(pfx("10.0.0.0/8"), peerA, pathID(1), rejected())
	in.Put(id2)
	in.Put(id1)
	require.Equal(t, len(mixedPrefixes)+2, in.Len())
	assert.Equal(t, len(mixedPrefixes)+1, in.Accepted())
	assert.Same(t, id1, in.Get(Key{pfx("10.0.0.0/8"), 1}))
	assert.Nil(t, in.Get(Key{pfx("10.0.0.0/8"), 3}))

	var got []string
	for _, p := range in.Paths() {
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

	// Put replaces the path under the same key.
	k := Key{Prefix: pfx("192.0.2.0/24")}
	old := in.Get(k)
	require.NotNil(t, old)
	repl := b.pathTo(k.Prefix, peerA, med(5))
	in.Put(repl)
	assert.Same(t, repl, in.Get(k))
	assert.Equal(t, len(mixedPrefixes)+2, in.Len())

	// Delete returns what it removed, once.
	assert.Same(t, repl, in.Delete(k))
	assert.Nil(t, in.Delete(k))
	assert.Nil(t, in.Get(k))
	assert.Equal(t, len(mixedPrefixes)+1, in.Len())
	assert.Same(t, id1, in.Delete(Key{pfx("10.0.0.0/8"), 1}))
	assert.Equal(t, len(mixedPrefixes), in.Accepted(), "the rejected one did not count")
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
	// An old that is not a candidate: p is added.
	pc := b.path(peerC)
	assert.Same(t, d, l.Add(pc, pa))
	assert.Equal(t, []*Path{pa2, pb, pc}, d.Paths)
	assert.Equal(t, 1, l.Len())

	// Remove.
	assert.Same(t, d, l.Remove(pb))
	assert.Equal(t, []*Path{pa2, pc}, d.Paths)
	assert.Nil(t, l.Remove(pb), "no longer a candidate")
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
	assert.Equal(t, []*Path{pcRejected}, d.Paths, "the rejected path stays a candidate")

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
