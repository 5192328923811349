package speaker

import (
	"net/netip"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// manyPrefixes returns n distinct /24s from 100.64.0.0 on.
func manyPrefixes(n int) []netip.Prefix {
	out := make([]netip.Prefix, n)
	for i := range out {
		out[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{100, byte(64 + i/256), byte(i % 256), 0}), 24)
	}
	return out
}

// manyPrefixes6 returns n distinct /48s from 2001:db8:1::/48 on.
func manyPrefixes6(n int) []netip.Prefix {
	out := make([]netip.Prefix, n)
	for i := range out {
		out[i] = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, byte(i >> 8), byte(i)}), 48)
	}
	return out
}

// sentUpdates returns the UPDATEs carrying routes (not End-of-RIB) that
// speaker name sent to peer from index from of its sent list on, with
// their sizes.
func sentUpdates(t *testing.T, h *harness, name, peer string, from int) ([]*wire.Update, []int, wire.Options) {
	t.Helper()
	var us []*wire.Update
	var sizes []int
	var opt wire.Options
	for _, a := range h.sent[name][from:] {
		if a.Peer != peer || a.Msg.Type() != wire.TypeUpdate {
			continue
		}
		m, err := wire.Decode(a.Bytes, a.Opt)
		require.NoError(t, err)
		u := m.(*wire.Update)
		if _, eor := u.EndOfRIB(); eor {
			continue
		}
		us, sizes, opt = append(us, u), append(sizes, len(a.Bytes)), a.Opt
	}
	return us, sizes, opt
}

// fewest returns the fewest UPDATEs of at most 4096 octets that carry n
// prefixes of size octets each with attributes attrLen octets long.
func fewest(n, size, attrLen int) int {
	per := (4096 - wire.HeaderLen - 4 - attrLen) / size
	return (n + per - 1) / per
}

func TestPackingFullTable(t *testing.T) {
	const n = 2000
	a, b := pair(65001, 65002)
	a.Originate = manyPrefixes(n)
	h := newHarness(t, 1, a, b)
	h.established()
	h.run(time.Second)

	us, sizes, opt := sentUpdates(t, h, "A", "B", 0)
	require.NotEmpty(t, us)
	ab, err := us[0].Attrs.Append(nil, opt)
	require.NoError(t, err)
	assert.Len(t, us, fewest(n, 4, len(ab)), "fewest UPDATEs of 4096 octets")
	got := map[netip.Prefix]bool{}
	for i, u := range us {
		assert.LessOrEqual(t, sizes[i], 4096)
		assert.Empty(t, u.Withdrawn)
		for _, nl := range u.NLRI {
			assert.False(t, got[nl.Prefix], "%s sent twice", nl.Prefix)
			got[nl.Prefix] = true
		}
		if i < len(us)-1 {
			assert.Greater(t, sizes[i]+4, 4096, "UPDATE %d could hold one more prefix", i)
		}
	}
	assert.Len(t, got, n)
	assert.Len(t, h.sp["B"].AdjIn("A"), n, "every prefix arrived")
	assert.Len(t, h.sp["A"].AdjOut("B"), n)
	assert.Zero(t, h.undecodable)
}

func TestPackingAfterMRAI(t *testing.T) {
	// Announcements made while the MRAI timer runs wait for it and then
	// leave together, packed.
	const n = 2000
	a, b := pair(65001, 65002)
	a.Peers[0].MRAI = nil
	h := newHarness(t, 1, a, b)
	h.established()
	h.run(time.Second)
	from := len(h.sent["A"])
	for _, p := range manyPrefixes(n) {
		h.do("A", func(s *Speaker) []Action {
			acts, err := s.Announce(h.now, p, nil)
			require.NoError(t, err)
			return acts
		})
	}
	h.run(DefaultEBGPMRAI + time.Second)
	us, sizes, opt := sentUpdates(t, h, "A", "B", from)
	require.NotEmpty(t, us)
	require.Len(t, us[0].NLRI, 1, "the first announcement goes at once")
	ab, err := us[1].Attrs.Append(nil, opt)
	require.NoError(t, err)
	assert.Len(t, us, 1+fewest(n-1, 4, len(ab)))
	for _, s := range sizes {
		assert.LessOrEqual(t, s, 4096)
	}
	assert.Len(t, h.sp["B"].AdjIn("A"), n)
}

func TestPackingGroupsByAttributes(t *testing.T) {
	// Two attribute sets, interleaved: one group each, each packed.
	const n = 2000
	a, b := pair(65001, 65002)
	h := newHarness(t, 1, a, b)
	h.established()
	from := len(h.sent["A"])
	routes := make([]Origin, 0, n)
	for i, p := range manyPrefixes(n) {
		var at wire.Attributes
		at.Set(wire.AttrCommunities)
		at.Communities = []wire.Community{wire.Community(65001<<16 | uint32(i%2))}
		routes = append(routes, Origin{Prefix: p, Attrs: &at})
	}
	h.do("A", func(s *Speaker) []Action {
		acts, err := s.AnnounceAll(h.now, routes)
		require.NoError(t, err)
		return acts
	})
	h.run(time.Second)
	us, sizes, opt := sentUpdates(t, h, "A", "B", from)
	ab, err := us[0].Attrs.Append(nil, opt)
	require.NoError(t, err)
	assert.Len(t, us, 2*fewest(n/2, 4, len(ab)))
	for i, u := range us {
		assert.LessOrEqual(t, sizes[i], 4096)
		for _, nl := range u.NLRI {
			idx := int(nl.Prefix.Addr().As4()[1]-64)*256 + int(nl.Prefix.Addr().As4()[2])
			assert.Equal(t, []wire.Community{wire.Community(65001<<16 | uint32(idx%2))}, u.Attrs.Communities, "%s", nl.Prefix)
		}
	}
	assert.Len(t, h.sp["B"].AdjIn("A"), n)
}

func TestPackingWithdrawals(t *testing.T) {
	// C gives B 2000 routes, B passes them to A; when B stops its
	// session with C, it withdraws them all from A in one input, packed.
	const n = 2000
	zero := time.Duration(0)
	a, b := pair(65001, 65002)
	c := Config{Name: "C", AS: 65003, RouterID: netip.MustParseAddr("10.0.0.3"), Originate: manyPrefixes(n)}
	addrB2, addrC := netip.MustParseAddr("192.0.2.5"), netip.MustParseAddr("192.0.2.6")
	b.Peers = append(b.Peers, PeerConfig{Name: "C", AS: 65003, Addr: addrC, LocalAddr: addrB2, MRAI: &zero})
	c.Peers = []PeerConfig{{Name: "B", AS: 65002, Addr: addrB2, LocalAddr: addrC, MRAI: &zero}}
	h := newHarness(t, 1, a, b, c)
	h.established()
	h.run(time.Second)
	require.Len(t, h.sp["A"].AdjIn("B"), n)
	from := len(h.sent["B"])
	h.do("B", func(s *Speaker) []Action {
		acts, err := s.StopPeer(h.now, "C", "maintenance")
		require.NoError(t, err)
		return acts
	})
	var msgs, withdrawn int
	for _, a := range h.sent["B"][from:] {
		if a.Peer != "A" || a.Msg.Type() != wire.TypeUpdate {
			continue
		}
		msgs++
		assert.LessOrEqual(t, len(a.Bytes), 4096)
		u := a.Msg.(*wire.Update)
		assert.Empty(t, u.NLRI)
		withdrawn += len(u.Withdrawn)
	}
	assert.Equal(t, n, withdrawn)
	assert.Equal(t, fewest(n, 4, 0), msgs)
	h.run(time.Second)
	assert.Empty(t, h.sp["A"].AdjIn("B"))
	assert.Empty(t, h.sp["A"].LocRIB())
}

func TestIPv6InMPReach(t *testing.T) {
	v4v6 := []wire.Family{wire.IPv4Unicast, wire.IPv6Unicast}
	v6 := pfx("2001:db8:a::/48")
	v4 := pfx("203.0.113.0/24")
	tests := []struct {
		name           string
		famA, famB     []wire.Family
		addrA, addrB   string
		wantV6, wantV4 bool
		wantNextHop    string
		// nextHop4 is A's NextHop4; wantNextHop4 the IPv4 next hop B
		// gets.
		nextHop4, wantNextHop4 string
	}{
		{"both, IPv4 session", v4v6, v4v6, "192.0.2.1", "192.0.2.2", true, true, "::ffff:192.0.2.1", "", "192.0.2.1"},
		{"only A", v4v6, nil, "192.0.2.1", "192.0.2.2", false, true, "", "", "192.0.2.1"},
		{"only B", nil, v4v6, "192.0.2.1", "192.0.2.2", false, true, "", "", "192.0.2.1"},
		{"IPv6 session", []wire.Family{wire.IPv6Unicast}, []wire.Family{wire.IPv6Unicast}, "2001:db8::1", "2001:db8::2", true, false, "2001:db8::1", "", ""},
		// NEXT_HOP holds only IPv4: without an IPv4 address to offer,
		// IPv4 routes stay back (and say why) instead of failing to
		// encode.
		{"both over an IPv6 session", v4v6, v4v6, "2001:db8::1", "2001:db8::2", true, false, "2001:db8::1", "", ""},
		{"both over an IPv6 session with NextHop4", v4v6, v4v6, "2001:db8::1", "2001:db8::2", true, true, "2001:db8::1", "198.51.100.1", "198.51.100.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := pair(65001, 65002)
			a.Originate = []netip.Prefix{v4, v6}
			addrA, addrB := netip.MustParseAddr(tt.addrA), netip.MustParseAddr(tt.addrB)
			a.Peers[0].Addr, a.Peers[0].LocalAddr = addrB, addrA
			b.Peers[0].Addr, b.Peers[0].LocalAddr = addrA, addrB
			a.Peers[0].Session.Families = tt.famA
			b.Peers[0].Session.Families = tt.famB
			if tt.nextHop4 != "" {
				a.Peers[0].NextHop4 = netip.MustParseAddr(tt.nextHop4)
			}
			h := newHarness(t, 1, a, b)
			h.established()
			h.run(time.Second)
			require.Zero(t, h.undecodable)

			us, sizes, _ := sentUpdates(t, h, "A", "B", 0)
			var sawV6, sawV4 bool
			for i, u := range us {
				assert.LessOrEqual(t, sizes[i], 4096)
				for _, nl := range u.NLRI {
					sawV4 = sawV4 || nl.Prefix == v4
					assert.True(t, nl.Prefix.Addr().Is4(), "IPv6 prefix %s in the IPv4 NLRI field", nl.Prefix)
				}
				if u.Attrs.Has(wire.AttrMPReach) {
					mp := u.Attrs.MPReach
					assert.Equal(t, wire.IPv6Unicast, mp.Family)
					require.Len(t, mp.NLRI, 1)
					assert.Equal(t, v6, mp.NLRI[0].Prefix)
					assert.True(t, mp.NextHop.Is6(), "next hop %s", mp.NextHop)
					assert.Equal(t, tt.wantNextHop, mp.NextHop.String())
					assert.Empty(t, u.NLRI, "IPv4 NLRI beside MP_REACH_NLRI")
					sawV6 = true
				}
			}
			assert.Equal(t, tt.wantV6, sawV6, "IPv6 route sent")
			assert.Equal(t, tt.wantV4, sawV4, "IPv4 route sent")
			if b4 := h.sp["B"].Best(v4); tt.wantV4 {
				require.NotNil(t, b4)
				assert.Equal(t, tt.wantNextHop4, b4.Attrs.NextHop.String())
			} else {
				assert.Nil(t, b4)
				for _, adv := range h.sp["A"].AdjOut("B") {
					assert.NotEqual(t, v4, adv.Prefix, "the Adj-RIB-Out claims a route that was not sent")
				}
			}
			best := h.sp["B"].Best(v6)
			if tt.wantV6 {
				require.NotNil(t, best)
				assert.Equal(t, tt.wantNextHop, best.Attrs.NextHop.String())
			} else {
				assert.Nil(t, best)
				for _, adv := range h.sp["A"].AdjOut("B") {
					assert.NotEqual(t, v6, adv.Prefix)
				}
			}
			checkRIBs(t, h.sp["A"])
			checkRIBs(t, h.sp["B"])
		})
	}
}

func TestPackingIPv6(t *testing.T) {
	const n = 2000
	fams := []wire.Family{wire.IPv4Unicast, wire.IPv6Unicast}
	a, b := pair(65001, 65002)
	a.Originate = manyPrefixes6(n)
	a.Peers[0].Session.Families, b.Peers[0].Session.Families = fams, fams
	h := newHarness(t, 1, a, b)
	h.established()
	h.run(time.Second)
	us, sizes, _ := sentUpdates(t, h, "A", "B", 0)
	got := 0
	for i, u := range us {
		assert.LessOrEqual(t, sizes[i], 4096, "UPDATE %d", i)
		got += len(u.Attrs.MPReach.NLRI)
	}
	assert.Equal(t, n, got)
	// Each /48 is 7 octets; the MP_REACH_NLRI overhead is under 40.
	assert.LessOrEqual(t, len(us), fewest(n, 7, 40), "UPDATEs: %v", sizes)
	assert.Len(t, h.sp["B"].AdjIn("A"), n)
}
