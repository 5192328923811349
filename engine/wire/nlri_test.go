package wire

import (
	"net/netip"
	"testing"

	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppendPrefix(t *testing.T) {
	for p, h := range map[string]string{
		"0.0.0.0/0":       "00",
		"10.0.0.0/8":      "080a",
		"192.168.1.0/24":  "18c0a801",
		"11.13.0.0/13":    "0d0b08", // host bits are not written
		"192.0.2.1/32":    "20c0000201",
		"::/0":            "00",
		"2001:db8::/32":   "2020010db8",
		"2001:db8:1::/49": "3120010db8000100",
		"2001:db8::1/128": "8020010db8000000000000000000000001",
	} {
		assert.Equal(t, h, hexString(AppendPrefix(nil, netip.MustParsePrefix(p))), p)
	}
}

func TestDecodeNLRI(t *testing.T) {
	tests := []struct {
		f       Family
		addPath bool
		hex     string
		want    []string
		err     bool
	}{
		{IPv4Unicast, false, "080a 0d0b0d 00", []string{"10.0.0.0/8", "11.8.0.0/13", "0.0.0.0/0"}, false},
		{IPv4Unicast, true, "00000001 080a 00000000 00", []string{"10.0.0.0/8 path-id 1", "0.0.0.0/0"}, false},
		{IPv6Unicast, false, "2020010db8 3120010db80001ff", []string{"2001:db8::/32", "2001:db8:1:8000::/49"}, false},
		{IPv4Unicast, false, "21 0a000000 00", nil, true},
		{IPv6Unicast, false, "81 20", nil, true},
		{IPv4Unicast, false, "080a 18c0a8", []string{"10.0.0.0/8"}, true},
		{IPv4Unicast, true, "000000", nil, true},
	}
	for _, tt := range tests {
		got, err := DecodeNLRI(nil, testkit.Hex(t, tt.hex), tt.f, tt.addPath)
		if tt.err {
			requireUpdErr(t, err, CodeUpdateMessage, SubInvalidNetworkField, "", ActionSessionReset)
		} else {
			require.NoError(t, err, tt.hex)
		}
		assert.Equal(t, tt.want, prefixes(got), tt.hex)
		for _, n := range got {
			assert.Equal(t, n.Prefix.Masked(), n.Prefix, "prefixes are masked")
		}
	}
}
