package policy

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
)

func TestCommunityPattern(t *testing.T) {
	tests := []struct {
		pattern string
		str     string // String(); pattern when empty
		match   []string
		nomatch []string
	}{
		{"65001:100", "", []string{"65001:100"}, []string{"65001:101", "65002:100"}},
		{"65001:*", "", []string{"65001:0", "65001:65535"}, []string{"65002:1", "no-export"}},
		{"*:100", "", []string{"1:100", "65535:100"}, []string{"1:101"}},
		{"*:*", "", []string{"0:0", "no-export"}, nil},
		{"no-export", "NO_EXPORT", []string{"65535:65281"}, []string{"65535:65282"}},
		{"NO_ADVERTISE", "", []string{"no-advertise"}, []string{"no-export"}},
		{"blackhole", "BLACKHOLE", []string{"65535:666"}, nil},
		{"65535:*", "", []string{"no-export", "blackhole", "graceful-shutdown"}, []string{"65534:1"}},
		{" 0:0 ", "0:0", []string{"0:0"}, []string{"0:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			p, err := ParseCommunityPattern(tt.pattern)
			require.NoError(t, err)
			for _, s := range tt.match {
				c, err := wire.ParseCommunity(s)
				require.NoError(t, err)
				assert.True(t, p.Match(c), "%s matches %s", tt.pattern, s)
			}
			for _, s := range tt.nomatch {
				c, err := wire.ParseCommunity(s)
				require.NoError(t, err)
				assert.False(t, p.Match(c), "%s does not match %s", tt.pattern, s)
			}
			want := tt.str
			if want == "" {
				want = tt.pattern
			}
			assert.Equal(t, want, p.String())
			back, err := ParseCommunityPattern(p.String())
			require.NoError(t, err)
			assert.Equal(t, p, back)
		})
	}
	for _, bad := range []string{"", "65001", "65536:1", "1:65536", "*", "*:", "**:1", "1:2:3", "no-such", "a:*", "-1:*"} {
		_, err := ParseCommunityPattern(bad)
		assert.Error(t, err, "%q", bad)
	}
	_, err := ParseCommunityPattern("65536:*")
	assert.EqualError(t, err, `"65536:*" is not a community pattern: want AS:value with each part 0-65535 or *`)
	_, err = ParseCommunityPattern("no-expert")
	assert.ErrorContains(t, err, `"no-expert" is not a community`)
}

func TestLargeCommunityPattern(t *testing.T) {
	tests := []struct {
		pattern string
		match   []string
		nomatch []string
	}{
		{"1:2:3", []string{"1:2:3"}, []string{"1:2:4", "0:2:3", "1:0:3"}},
		{"1:*:3", []string{"1:0:3", "1:4294967295:3"}, []string{"1:2:4", "2:2:3"}},
		{"*:*:*", []string{"0:0:0", "4294967295:4294967295:4294967295"}, nil},
		{"4200000000:*:*", []string{"4200000000:1:2"}, []string{"4200000001:1:2"}},
		{"*:0:7", []string{"9:0:7"}, []string{"9:1:7"}},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			p, err := ParseLargeCommunityPattern(tt.pattern)
			require.NoError(t, err)
			for _, s := range tt.match {
				c, err := wire.ParseLargeCommunity(s)
				require.NoError(t, err)
				assert.True(t, p.Match(c), "%s matches %s", tt.pattern, s)
			}
			for _, s := range tt.nomatch {
				c, err := wire.ParseLargeCommunity(s)
				require.NoError(t, err)
				assert.False(t, p.Match(c), "%s does not match %s", tt.pattern, s)
			}
			assert.Equal(t, tt.pattern, p.String())
		})
	}
	for _, bad := range []string{"", "1:2", "1:2:3:4", "4294967296:1:1", "a:*:*", "1::2", "*:*"} {
		_, err := ParseLargeCommunityPattern(bad)
		assert.ErrorContains(t, err, "is not a large community", "%q", bad)
	}
}
