package wire

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestASPathMethods(t *testing.T) {
	tests := []struct {
		path   string
		len    int
		first  uint32
		has65k int // Contains(65001)
	}{
		{"", 0, 0, 0},
		{"65001 65002 {65003,65004} (65010 65011) [65012,65013]", 3, 65001, 1},
		{"(65010) [65012,65013] 65001 65001 65001", 3, 65001, 3},
		{"{65001,65002} 65003", 2, 0, 1},
		{"(65001 65002)", 0, 0, 1},
	}
	for _, tt := range tests {
		p, err := ParseASPath(tt.path)
		require.NoError(t, err, tt.path)
		assert.Equal(t, tt.path, p.String(), "String round trip")
		assert.Equal(t, tt.len, p.Len(), "Len of %q", tt.path)
		assert.Equal(t, tt.first, p.First(), "First of %q", tt.path)
		assert.Equal(t, tt.has65k, p.Contains(65001), "Contains of %q", tt.path)
	}
	for _, bad := range []string{"{", "{}", "65001 }", "(65001]", "x", "4294967296", "{1 (2)}"} {
		_, err := ParseASPath(bad)
		assert.Error(t, err, bad)
	}
	p := mustPath(t, "1,2 {3,4}")
	assert.Equal(t, "1 2 {3,4}", p.String())
}

func TestASPathPrepend(t *testing.T) {
	p := mustPath(t, "65002 65003")
	p.Prepend(65001, 2)
	assert.Equal(t, "65001 65001 65002 65003", p.String())
	assert.Len(t, p.Segments, 1)

	p = mustPath(t, "{65002,65003}")
	p.Prepend(65001, 1)
	assert.Equal(t, "65001 {65002,65003}", p.String())

	var e ASPath
	e.Prepend(65001, 1)
	assert.Equal(t, "65001", e.String())

	// The 255-ASN segment limit: 250 + 10 = 255 + 5.
	p = ASPath{Segments: []Segment{{Type: SegmentSequence, ASNs: make([]uint32, 250)}}}
	p.Prepend(7, 10)
	require.Len(t, p.Segments, 2)
	assert.Len(t, p.Segments[0].ASNs, 5)
	assert.Len(t, p.Segments[1].ASNs, 255)
	assert.Equal(t, 260, p.Len())
	assert.Equal(t, 10, p.Contains(7))
	assert.Equal(t, uint32(7), p.First())

	p = mustPath(t, "65001")
	p.PrependConfed(65010)
	p.PrependConfed(65011)
	assert.Equal(t, "(65011 65010) 65001", p.String())
	p.StripConfed()
	assert.Equal(t, "65001", p.String())
}

func TestASPathEncodeSplitsLongSegments(t *testing.T) {
	var a Attributes
	a.ASPath = ASPath{Segments: []Segment{{Type: SegmentSequence, ASNs: make([]uint32, 300)}}}
	a.Set(AttrASPath)
	b, err := a.Append(nil, Options{AS4: true})
	require.NoError(t, err)
	var d Attributes
	require.NoError(t, d.Decode(b, Options{AS4: true}))
	require.Len(t, d.ASPath.Segments, 2)
	assert.Len(t, d.ASPath.Segments[0].ASNs, 255)
	assert.Len(t, d.ASPath.Segments[1].ASNs, 45)
}

// TestMergeAS4 follows RFC 6793 section 4.2.3.
func TestMergeAS4(t *testing.T) {
	tests := []struct {
		name            string
		asPath, as4Path string // "-" for absent
		agg, agg4       uint32 // 0 for absent
		want            string
		wantAgg         uint32
	}{
		{name: "AS4_PATH replaces the trailing part", asPath: "65001 23456 23456 65004", as4Path: "200000 300000 65004",
			want: "65001 200000 300000 65004"},
		{name: "equal lengths", asPath: "23456 65002", as4Path: "200000 65002", want: "200000 65002"},
		{name: "AS_PATH shorter: AS4_PATH ignored", asPath: "23456", as4Path: "200000 65002", want: "23456"},
		{name: "AS_SET counts one", asPath: "65001 {23456,65003} 65004", as4Path: "{200000,65003} 65004",
			want: "65001 {200000,65003} 65004"},
		{name: "leading confederation segment kept", asPath: "(65010 65011) 65001 23456", as4Path: "200000",
			want: "(65010 65011) 65001 200000"},
		{name: "sequence split", asPath: "65001 65002 23456 23456", as4Path: "200000 300000",
			want: "65001 65002 200000 300000"},
		{name: "AGGREGATOR AS_TRANS: AS4_AGGREGATOR used", asPath: "65001 23456", as4Path: "200000", agg: ASTrans, agg4: 200000,
			want: "65001 200000", wantAgg: 200000},
		{name: "AGGREGATOR not AS_TRANS: both AS4 attributes ignored", asPath: "65001 23456", as4Path: "200000", agg: 65001, agg4: 200000,
			want: "65001 23456", wantAgg: 65001},
		{name: "no AS4_PATH", asPath: "65001", as4Path: "-", want: "65001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a Attributes
			a.ASPath = mustPath(t, tt.asPath)
			a.Set(AttrASPath)
			if tt.as4Path != "-" {
				a.AS4Path = mustPath(t, tt.as4Path)
				a.Set(AttrAS4Path)
			}
			if tt.agg != 0 {
				a.Aggregator.AS = tt.agg
				a.Set(AttrAggregator)
			}
			if tt.agg4 != 0 {
				a.AS4Aggregator.AS = tt.agg4
				a.Set(AttrAS4Aggregator)
			}
			a.MergeAS4()
			assert.Equal(t, tt.want, a.ASPath.String())
			assert.Equal(t, tt.wantAgg, a.Aggregator.AS)
			assert.False(t, a.Has(AttrAS4Path))
			assert.False(t, a.Has(AttrAS4Aggregator))
		})
	}
}

// TestMergeAS4FromWire decodes an UPDATE from a 2-octet speaker that
// carries AS4_PATH and AS4_AGGREGATOR, merges, and re-encodes it for a
// 4-octet session and again for a 2-octet one.
func TestMergeAS4FromWire(t *testing.T) {
	body := updBody(t, "", hOrigin+"40 02 06 02 02 fde9 5ba0"+hNextHop+"c0 07 06 5ba0 c0000201"+
		"c0 11 0a 0202 0000fde9 00030d40"+"c0 12 08 00030d40 c0000201", hNLRI)
	var u Update
	require.NoError(t, u.DecodeBody(body, Options{}))
	assert.Equal(t, "65001 23456", u.Attrs.ASPath.String())
	assert.Equal(t, "65001 200000", u.Attrs.AS4Path.String())
	u.Attrs.MergeAS4()
	assert.Equal(t, "65001 200000", u.Attrs.ASPath.String())
	assert.Equal(t, uint32(200000), u.Attrs.Aggregator.AS)

	b, err := u.Attrs.Append(nil, Options{AS4: true})
	require.NoError(t, err)
	assert.Equal(t, "4001010040020a02020000fde900030d40400304c0000201c0070800030d40c0000201", hexString(b))
	b, err = u.Attrs.Append(nil, Options{})
	require.NoError(t, err)
	assert.Equal(t, hexString(body[4:len(body)-6]), hexString(b), "the 2-octet form is regenerated exactly")
}
