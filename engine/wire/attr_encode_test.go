package wire

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustPath(t testing.TB, s string) ASPath {
	t.Helper()
	p, err := ParseASPath(s)
	require.NoError(t, err)
	return p
}

// TestAppendAttributes checks the exact bytes the encoder writes.
func TestAppendAttributes(t *testing.T) {
	nh := netip.MustParseAddr("192.0.2.1")
	tests := []struct {
		name string
		opt  Options
		set  func(a *Attributes)
		want string
	}{
		{name: "mandatory attributes, 2-octet session", set: func(a *Attributes) {
			a.Origin, a.ASPath, a.NextHop = OriginIGP, mustPath(t, "65001 65002"), nh
			a.Set(AttrOrigin)
			a.Set(AttrASPath)
			a.Set(AttrNextHop)
		}, want: hBase},
		{name: "mandatory attributes, 4-octet session", opt: Options{AS4: true}, set: func(a *Attributes) {
			a.Origin, a.ASPath, a.NextHop = OriginIGP, mustPath(t, "65001 65002"), nh
			a.Set(AttrOrigin)
			a.Set(AttrASPath)
			a.Set(AttrNextHop)
		}, want: hBase4},
		{name: "RFC 6793 4.2.2: AS_TRANS and AS4_PATH / AS4_AGGREGATOR on a 2-octet session", set: func(a *Attributes) {
			a.ASPath = mustPath(t, "(65010) 65001 200000 {300000,65003}")
			a.Aggregator = Aggregator{AS: 200000, Address: nh}
			a.Set(AttrASPath)
			a.Set(AttrAggregator)
		}, want: "40 02 10 03 01 fdf2 02 02 fde9 5ba0 01 02 5ba0 fdeb" +
			"c0 07 06 5ba0 c0000201" +
			"c0 11 14 02 02 0000fde9 00030d40 01 02 000493e0 0000fdeb" +
			"c0 12 08 00030d40 c0000201"},
		{name: "no AS4_PATH when all ASNs fit 2 octets", set: func(a *Attributes) {
			a.ASPath = mustPath(t, "65001")
			a.Aggregator = Aggregator{AS: 65001, Address: nh}
			a.Set(AttrASPath)
			a.Set(AttrAggregator)
		}, want: "40 02 04 02 01 fde9 c0 07 06 fde9 c0000201"},
		{name: "AS4_PATH passed through unchanged on a 2-octet session", set: func(a *Attributes) {
			a.ASPath = mustPath(t, "65001 23456")
			a.AS4Path = mustPath(t, "65001 200000")
			a.Set(AttrASPath)
			a.Set(AttrAS4Path)
		}, want: "40 02 06 02 02 fde9 5ba0 c0 11 0a 02 02 0000fde9 00030d40"},
		{name: "never AS4_PATH / AS4_AGGREGATOR on a 4-octet session", opt: Options{AS4: true}, set: func(a *Attributes) {
			a.ASPath = mustPath(t, "200000")
			a.AS4Path = mustPath(t, "200000")
			a.Aggregator = Aggregator{AS: 200000, Address: nh}
			a.AS4Aggregator = a.Aggregator
			a.Set(AttrASPath)
			a.Set(AttrAS4Path)
			a.Set(AttrAggregator)
			a.Set(AttrAS4Aggregator)
		}, want: "40 02 06 02 01 00030d40 c0 07 08 00030d40 c0000201"},
		{name: "MP_REACH_NLRI and MP_UNREACH_NLRI first (RFC 7606 section 5.1), then ascending", set: func(a *Attributes) {
			a.Origin = OriginIncomplete
			a.MED = 7
			a.MPReach = MPReach{Family: IPv6Unicast, NextHop: netip.MustParseAddr("2001:db8::1"),
				LinkLocal: netip.MustParseAddr("fe80::1"), NLRI: []NLRI{{Prefix: netip.MustParsePrefix("2001:db8::/32")}}}
			a.MPUnreach = MPUnreach{Family: IPv6Unicast, Withdrawn: []NLRI{{Prefix: netip.MustParsePrefix("2001:db8:1::/48")}}}
			a.Set(AttrMED)
			a.Set(AttrOrigin)
			a.Set(AttrMPUnreach)
			a.Set(AttrMPReach)
		}, want: "80 0e 2a 0002 01 20 20010db8000000000000000000000001 fe800000000000000000000000000001 00 20 20010db8" +
			"80 0f 0a 0002 01 30 20010db80001" +
			"40 01 01 02 80 04 04 00000007"},
		{name: "Partial kept on optional transitive, unknown attributes by type", set: func(a *Attributes) {
			a.Communities = []Community{CommunityNoExport}
			a.Set(AttrCommunities)
			a.SetPartial(AttrCommunities, true)
			a.Unknown = []RawAttr{{Flags: FlagOptional | FlagTransitive | FlagPartial, Type: 99, Value: []byte{1}},
				{Flags: FlagOptional, Type: 40, Value: nil}}
		}, want: "e0 08 04 ffffff01 80 28 00 e0 63 01 01"},
		{name: "extended length only above 255 octets", set: func(a *Attributes) {
			a.Communities = make([]Community, 64)
			a.Set(AttrCommunities)
			a.LargeCommunities = make([]LargeCommunity, 21)
			a.Set(AttrLargeCommunities)
		}, want: "d0 08 0100" + strings.Repeat("00000000", 64) + "c0 20 fc" + strings.Repeat("00", 252)},
		{name: "ATOMIC_AGGREGATE, LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST, EXTENDED_COMMUNITIES, LARGE_COMMUNITY, OTC", opt: Options{AS4: true},
			set: func(a *Attributes) {
				a.LocalPref = 100
				a.OriginatorID = netip.MustParseAddr("10.0.0.1")
				a.ClusterList = []netip.Addr{netip.MustParseAddr("10.0.0.2")}
				a.ExtCommunities = []ExtCommunity{RouteTarget(65001, 100)}
				a.LargeCommunities = []LargeCommunity{{65001, 1, 2}}
				a.OTC = 65001
				for _, t := range []AttrType{AttrLocalPref, AttrAtomicAggregate, AttrOriginatorID, AttrClusterList,
					AttrExtCommunities, AttrLargeCommunities, AttrOTC} {
					a.Set(t)
				}
			}, want: "40 05 04 00000064 40 06 00 80 09 04 0a000001 80 0a 04 0a000002 c0 10 08 0002fde900000064" +
				"c0 20 0c 0000fde9 00000001 00000002 c0 23 04 0000fde9"},
		{name: "RFC 6396 4.3.4 abbreviated MP_REACH_NLRI in a RIB entry", opt: Options{AS4: true, RIBEntry: true}, set: func(a *Attributes) {
			a.MPReach = MPReach{Family: IPv6Unicast, NextHop: netip.MustParseAddr("2001:db8::1"),
				NLRI: []NLRI{{Prefix: netip.MustParsePrefix("2001:db8::/32")}}}
			a.Set(AttrMPReach)
		}, want: "80 0e 11 10 20010db8000000000000000000000001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a Attributes
			tt.set(&a)
			got, err := a.Append([]byte{0xaa}, tt.opt)
			require.NoError(t, err)
			assert.Equal(t, "aa"+strings.ReplaceAll(tt.want, " ", ""), hexString(got))
			// And it decodes back.
			var b Attributes
			require.NoError(t, b.Decode(got[1:], tt.opt))
		})
	}
}

// TestAppendAttributesErrors checks values the encoder refuses.
func TestAppendAttributesErrors(t *testing.T) {
	for name, set := range map[string]func(a *Attributes){
		"IPv6 NEXT_HOP": func(a *Attributes) { a.NextHop = netip.MustParseAddr("2001:db8::1"); a.Set(AttrNextHop) },
		"unknown MP family": func(a *Attributes) {
			a.MPReach = MPReach{Family: Family{25, 70}, NextHop: netip.MustParseAddr("192.0.2.1")}
			a.Set(AttrMPReach)
		},
		"MP_REACH_NLRI without next hop": func(a *Attributes) { a.MPReach.Family = IPv4Unicast; a.Set(AttrMPReach) },
		"IPv4 prefix in IPv6 MP_REACH_NLRI": func(a *Attributes) {
			a.MPReach = MPReach{Family: IPv6Unicast, NextHop: netip.MustParseAddr("2001:db8::1"),
				NLRI: []NLRI{{Prefix: netip.MustParsePrefix("10.0.0.0/8")}}}
			a.Set(AttrMPReach)
		},
		"value over 65535 octets": func(a *Attributes) { a.Communities = make([]Community, 20000); a.Set(AttrCommunities) },
	} {
		var a Attributes
		set(&a)
		b, err := a.Append([]byte{1, 2}, Options{})
		assert.Error(t, err, name)
		assert.Equal(t, []byte{1, 2}, b, "%s: buffer restored", name)
	}
	u := Update{NLRI: []NLRI{{Prefix: netip.MustParsePrefix("2001:db8::/32")}}}
	_, err := u.AppendBody(nil, Options{})
	assert.Error(t, err, "IPv6 prefix in the UPDATE body")
}

// TestUpdateRoundTrip encodes UPDATEs, with and without ADD-PATH, and
// decodes them back.
func TestUpdateRoundTrip(t *testing.T) {
	addPath := Options{AS4: true, AddPath: []Family{IPv4Unicast, IPv6Unicast}}
	u := Update{
		Withdrawn: []NLRI{{Prefix: netip.MustParsePrefix("10.1.0.0/16"), PathID: 3}},
		NLRI:      []NLRI{{Prefix: netip.MustParsePrefix("192.168.1.0/24"), PathID: 1}, {Prefix: netip.MustParsePrefix("0.0.0.0/0"), PathID: 2}},
	}
	u.Attrs.Origin, u.Attrs.ASPath, u.Attrs.NextHop = OriginEGP, mustPath(t, "65001 {65002,65003}"), netip.MustParseAddr("192.0.2.1")
	u.Attrs.Set(AttrOrigin)
	u.Attrs.Set(AttrASPath)
	u.Attrs.Set(AttrNextHop)
	b, err := u.AppendBody(nil, addPath)
	require.NoError(t, err)
	want := "0007 00000003 10 0a01" + "001e" +
		"40 01 01 01 40 02 10 02 01 0000fde9 01 02 0000fdea 0000fdeb 40 03 04 c0000201" +
		"00000001 18 c0a801 00000002 00"
	assert.Equal(t, want, spaced(hexString(b), want))
	var v Update
	require.NoError(t, v.DecodeBody(b, addPath))
	requireSameUpdate(t, &u, &v)
}

// spaced re-inserts the spaces of like into hex string s, so that a
// failing comparison is readable.
func spaced(s, like string) string {
	var out []byte
	i := 0
	for j := 0; j < len(like) && i < len(s); j++ {
		if like[j] == ' ' {
			out = append(out, ' ')
			continue
		}
		out = append(out, s[i])
		i++
	}
	return string(out) + s[i:]
}
