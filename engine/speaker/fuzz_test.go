package speaker

import (
	"net/netip"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// fuzzPair is A and B with IPv4 and IPv6 sessions up and routes both
// ways, ready for bytes from B.
func fuzzPair(t testing.TB) *harness {
	fams := []wire.Family{wire.IPv4Unicast, wire.IPv6Unicast}
	a, b := pair(65001, 65002)
	a.Originate = []netip.Prefix{pfx("10.1.0.0/16"), pfx("2001:db8:a::/48")}
	b.Originate = []netip.Prefix{p1, p2, pfx("2001:db8:b::/48")}
	a.Peers[0].Session.Families, b.Peers[0].Session.Families = fams, fams
	a.Peers[0].Session.RouteRefresh, b.Peers[0].Session.RouteRefresh = true, true
	h := newHarness(t, 1, a, b)
	h.established()
	h.run(time.Second)
	return h
}

// fuzzSeeds are valid and malformed messages B could send.
func fuzzSeeds(t testing.TB) [][]byte {
	opt := wire.Options{AS4: true}
	var out [][]byte
	add := func(m wire.Message) {
		b, err := wire.Append(nil, m, opt)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	u := &wire.Update{NLRI: []wire.NLRI{{Prefix: p1}, {Prefix: p3}}}
	u.Attrs.Set(wire.AttrOrigin)
	u.Attrs.Set(wire.AttrASPath)
	u.Attrs.ASPath = wire.ASPath{Segments: []wire.Segment{{Type: wire.SegmentSequence, ASNs: []uint32{65002, 65010}}}}
	u.Attrs.Set(wire.AttrNextHop)
	u.Attrs.NextHop = netip.AddrFrom4(nhB)
	u.Attrs.Set(wire.AttrMED)
	u.Attrs.MED = 5
	u.Attrs.Set(wire.AttrCommunities)
	u.Attrs.Communities = []wire.Community{wire.CommunityNoExport, 65002<<16 | 7}
	add(u)
	v6 := &wire.Update{Attrs: u.Attrs}
	v6.Attrs.Clear(wire.AttrNextHop)
	v6.Attrs.Set(wire.AttrMPReach)
	v6.Attrs.MPReach = wire.MPReach{Family: wire.IPv6Unicast, NextHop: netip.MustParseAddr("2001:db8::2"),
		NLRI: []wire.NLRI{{Prefix: pfx("2001:db8:c::/48")}}}
	add(v6)
	add(&wire.Update{Withdrawn: []wire.NLRI{{Prefix: p2}}})
	w6 := &wire.Update{}
	w6.Attrs.Set(wire.AttrMPUnreach)
	w6.Attrs.MPUnreach = wire.MPUnreach{Family: wire.IPv6Unicast, Withdrawn: []wire.NLRI{{Prefix: pfx("2001:db8:b::/48")}}}
	add(w6)
	add(wire.NewEndOfRIB(wire.IPv4Unicast))
	add(wire.NewEndOfRIB(wire.IPv6Unicast))
	add(&wire.Keepalive{})
	add(&wire.RouteRefresh{Family: wire.IPv4Unicast})
	out = append(out,
		rawUpdate(nil, [][]byte{origin, asSeq4(65002), nextHop, rawAttr(0x40, wire.AttrLocalPref, be32(9)...)}, []netip.Prefix{p1}),
		rawUpdate(nil, [][]byte{rawAttr(0x40, wire.AttrOrigin, 7), asSeq4(65002), nextHop}, []netip.Prefix{p1, p2}),
		rawUpdate(nil, [][]byte{origin, asSeq4(65009), nextHop}, []netip.Prefix{p2}),
		rawUpdate(nil, [][]byte{origin, asSeq4(65002, 65001), nextHop}, []netip.Prefix{p3}),
		rawUpdate([]netip.Prefix{p1}, nil, nil),
	)
	// Two messages in one read, and half a message.
	out = append(out, append(append([]byte(nil), out[0]...), out[2]...), out[0][:30])
	return out
}

// FuzzSpeakerReceive feeds bytes from an Established peer into a speaker:
// it must never panic, and its tables must stay consistent whatever
// arrives. The first byte chooses whether the rest is the raw stream or
// the body of an UPDATE with a correct header.
func FuzzSpeakerReceive(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(append([]byte{0}, s...))
		if len(s) > wire.HeaderLen && s[18] == byte(wire.TypeUpdate) {
			f.Add(append([]byte{1}, s[wire.HeaderLen:]...))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		b := data[1:]
		if data[0]&1 == 1 {
			if len(b) > 4096-wire.HeaderLen {
				return
			}
			b = rawMessage(wire.TypeUpdate, b)
		}
		h := fuzzPair(t)
		h.inject("A", "B", b)
		checkRIBs(t, h.sp["A"])
		// Whatever A did about it (withdrawals, a NOTIFICATION) reaches
		// B, which must stay consistent too; and A must still work.
		h.run(time.Second)
		checkRIBs(t, h.sp["A"])
		checkRIBs(t, h.sp["B"])
		h.do("A", func(s *Speaker) []Action {
			acts, err := s.Announce(h.now, pfx("10.2.0.0/16"), nil)
			if err != nil {
				t.Fatal(err)
			}
			return acts
		})
		h.run(time.Minute)
		checkRIBs(t, h.sp["A"])
		checkRIBs(t, h.sp["B"])
		if h.undecodable != 0 {
			t.Fatalf("a speaker sent %d messages that do not decode", h.undecodable)
		}
	})
}
