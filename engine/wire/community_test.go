package wire

import (
	"testing"

	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCommunityString(t *testing.T) {
	for c, s := range map[Community]string{
		CommunityNoExport: "NO_EXPORT", CommunityNoAdvertise: "NO_ADVERTISE",
		CommunityNoExportSubconfed: "NO_EXPORT_SUBCONFED", CommunityNoPeer: "NO_PEER",
		CommunityBlackhole: "BLACKHOLE", CommunityGracefulShutdown: "GRACEFUL_SHUTDOWN",
		CommunityAcceptOwn: "ACCEPT_OWN", CommunityLLGRStale: "LLGR_STALE", CommunityNoLLGR: "NO_LLGR",
		0xfde90064: "65001:100", 0: "0:0", 0xffffffff: "65535:65535",
	} {
		assert.Equal(t, s, c.String())
		p, err := ParseCommunity(s)
		require.NoError(t, err, s)
		assert.Equal(t, c, p, s)
	}
	c, err := ParseCommunity("no-export")
	require.NoError(t, err)
	assert.Equal(t, CommunityNoExport, c)
	for _, bad := range []string{"", "65001", "65536:1", "1:65536", "a:b", "1:2:3"} {
		_, err := ParseCommunity(bad)
		assert.Error(t, err, bad)
	}
}

func TestLargeCommunityString(t *testing.T) {
	c := LargeCommunity{4200000000, 1, 2}
	assert.Equal(t, "4200000000:1:2", c.String())
	p, err := ParseLargeCommunity("4200000000:1:2")
	require.NoError(t, err)
	assert.Equal(t, c, p)
	for _, bad := range []string{"1:2", "1:2:3:4", "4294967296:1:2", "a:1:2"} {
		_, err := ParseLargeCommunity(bad)
		assert.Error(t, err, bad)
	}
}

func TestExtCommunityString(t *testing.T) {
	tests := []struct {
		hex, s string
	}{
		{"0002fde900000064", "RT:65001:100"},
		{"0003fde900000064", "RO:65001:100"},
		{"0102c00002010007", "RT:192.0.2.1:7"},
		{"0103c00002010007", "RO:192.0.2.1:7"},
		{"020200030d400005", "RT:200000:5"},
		{"030c000000000002", "0x030c000000000002"}, // encapsulation: hex
		{"4002fde900000064", "0x4002fde900000064"}, // non-transitive RT-like: hex
	}
	for _, tt := range tests {
		c := ExtCommunity(testkit.Hex(t, tt.hex))
		assert.Equal(t, tt.s, c.String())
		p, err := ParseExtCommunity(tt.s)
		require.NoError(t, err, tt.s)
		assert.Equal(t, c, p, tt.s)
	}
	assert.Equal(t, "RT:65001:100", RouteTarget(65001, 100).String())
	assert.Equal(t, "RO:200000:5", RouteOrigin(200000, 5).String())
	for _, bad := range []string{"RT:1", "XX:1:2", "RT:200000:70000", "0x12", "RT:192.0.2.1:70000"} {
		_, err := ParseExtCommunity(bad)
		assert.Error(t, err, bad)
	}
}

func TestEndOfRIB(t *testing.T) {
	for _, f := range []Family{IPv4Unicast, IPv6Unicast, {AFIIPv4, SAFIMulticast}} {
		u := NewEndOfRIB(f)
		got, ok := u.EndOfRIB()
		require.True(t, ok)
		assert.Equal(t, f, got)
		b, err := u.AppendBody(nil, Options{})
		require.NoError(t, err)
		var v Update
		require.NoError(t, v.DecodeBody(b, Options{}))
		got, ok = v.EndOfRIB()
		assert.True(t, ok)
		assert.Equal(t, f, got)
		assert.Equal(t, "End-of-RIB "+f.String(), v.String())
	}
	assert.Equal(t, "0000 0000", spaced(hexString(mustAppend(t, NewEndOfRIB(IPv4Unicast))), "0000 0000"))
	assert.Equal(t, "0000 0006 800f03000201", spaced(hexString(mustAppend(t, NewEndOfRIB(IPv6Unicast))), "0000 0006 800f03000201"))

	var u Update
	require.NoError(t, u.DecodeBody(updBody(t, "08 0a", "", ""), Options{}))
	_, ok := u.EndOfRIB()
	assert.False(t, ok, "a withdrawal is not End-of-RIB")
	require.NoError(t, u.DecodeBody(updBody(t, "", "80 0f 05 0002 01 08 20", ""), Options{}))
	_, ok = u.EndOfRIB()
	assert.False(t, ok, "an MP withdrawal is not End-of-RIB")
	require.NoError(t, u.DecodeBody(updBody(t, "", hOrigin+"80 0f 03 0002 01", ""), Options{}))
	_, ok = u.EndOfRIB()
	assert.False(t, ok, "MP_UNREACH_NLRI with other attributes is not End-of-RIB")
}

func mustAppend(t *testing.T, u *Update) []byte {
	b, err := u.AppendBody(nil, Options{})
	require.NoError(t, err)
	return b
}

// TestPropagate: RFC 4271 section 5 for unrecognised attributes.
func TestPropagate(t *testing.T) {
	var u Update
	require.NoError(t, u.DecodeBody(updBody(t, "", hBase+"80 63 01 01 c0 64 01 02 e0 65 00", hNLRI), Options{}))
	require.Len(t, u.Attrs.Unknown, 3)
	u.Attrs.Propagate()
	require.Len(t, u.Attrs.Unknown, 2)
	assert.Equal(t, RawAttr{Flags: 0xe0, Type: 0x64, Value: []byte{2}}, u.Attrs.Unknown[0])
	assert.Equal(t, RawAttr{Flags: 0xe0, Type: 0x65, Value: []byte{}}, u.Attrs.Unknown[1])
	b, err := u.Attrs.Append(nil, Options{})
	require.NoError(t, err)
	assert.Equal(t, hexString(testkit.Hex(t, hBase+"e0 64 01 02 e0 65 00")), hexString(b))
}

// TestAttributesClone checks Clone shares no storage.
func TestAttributesClone(t *testing.T) {
	var u Update
	require.NoError(t, u.DecodeBody(testkit.Hex(t, benchIPv4), Options{AS4: true}))
	require.NoError(t, u.DecodeBody(updBody(t, "", hBase4+"c0 08 04 fde90064 c0 63 01 07", hNLRI), Options{AS4: true}))
	c := u.Attrs.Clone()
	want := normAttrs(c)
	require.NoError(t, u.DecodeBody(testkit.Hex(t, benchIPv4), Options{AS4: true}))
	assert.Equal(t, want, normAttrs(c))
	assert.Equal(t, "65001:100", c.Communities[0].String())
	assert.Equal(t, []byte{7}, c.Unknown[0].Value)
}
