package rib

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bgpplay/bgpplay/engine/wire"
)

func TestPeerString(t *testing.T) {
	tests := []struct {
		peer       *Peer
		name, kind string
	}{
		{peerA, "A", "EBGP"},
		{peerI1, "I1", "IBGP"},
		{local, "self", "local"},
		{&Peer{Local: true}, "local", "local"},
		{&Peer{Addr: addr("2001:db8::7"), Internal: true}, "2001:db8::7", "IBGP"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.name, tc.peer.String())
		assert.Equal(t, tc.kind, tc.peer.Kind())
	}
	assert.Equal(t, "nobody", (*Peer)(nil).String())
}

func TestPathString(t *testing.T) {
	b := newBuilder(t)
	tests := []struct {
		path *Path
		want string
	}{
		{b.path(peerA, asPath("65001 {65010 65011}")), "203.0.113.0/24 via 192.0.2.1 from A [65001 {65010,65011}]"},
		{b.path(peerI1, rejected()), "203.0.113.0/24 via 10.1.0.3 from I1 []"},
		{&Path{Prefix: testPrefix, Peer: peerB}, "203.0.113.0/24 from B"},
		{&Path{Prefix: testPrefix, Peer: peerB, Stale: true}, "203.0.113.0/24 from B (stale)"},
		{b.pathTo(pfx("2001:db8::/32"), peerV6), "2001:db8::/32 via 2001:db8::1 from V6 [65006]"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, tc.path.String())
	}
	stale := b.path(peerA)
	stale.Stale = true
	assert.Equal(t, "203.0.113.0/24 via 192.0.2.1 from A [65001] (stale)", stale.String())
}

func TestPathFamily(t *testing.T) {
	assert.Equal(t, wire.IPv4Unicast, (&Path{Prefix: testPrefix}).Family())
	assert.Equal(t, wire.IPv6Unicast, (&Path{Prefix: pfx("2001:db8::/32")}).Family())
}

// TestPathSize: a path is 64 octets, a size class of its own (80 with
// Stale after the pointers).
func TestPathSize(t *testing.T) {
	if strconv.IntSize != 64 {
		t.Skip("sizes are for 64-bit pointers")
	}
	assert.Equal(t, uintptr(64), reflect.TypeFor[Path]().Size())
}
