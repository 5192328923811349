package mrt

import (
	"bytes"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/require"
)

// bgpdumpPath finds the bgpdump binary: skipped locally when it is not
// installed, fatal in CI.
func bgpdumpPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("bgpdump")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("bgpdump is not on PATH (apt-get install bgpdump)")
		}
		t.Skip("bgpdump is not on PATH")
	}
	return p
}

// runBgpdump runs `bgpdump -vm` on data and returns what it prints.
func runBgpdump(t *testing.T, data []byte) []byte {
	t.Helper()
	bin := bgpdumpPath(t)
	name := filepath.Join(t.TempDir(), "test.mrt")
	require.NoError(t, os.WriteFile(name, data, 0o644))
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, "-vm", name)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "bgpdump: %s", stderr.String())
	return stdout.Bytes()
}

func addr(s string) netip.Addr     { return netip.MustParseAddr(s) }
func prefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }

func seq(asns ...uint32) wire.Segment { return wire.Segment{Type: wire.SegmentSequence, ASNs: asns} }
func set(asns ...uint32) wire.Segment { return wire.Segment{Type: wire.SegmentSet, ASNs: asns} }

// attrs builds attributes; each option sets one.
func attrs(opts ...func(*wire.Attributes)) wire.Attributes {
	var a wire.Attributes
	for _, o := range opts {
		o(&a)
	}
	return a
}

func origin(o wire.Origin) func(*wire.Attributes) {
	return func(a *wire.Attributes) { a.Origin = o; a.Set(wire.AttrOrigin) }
}

func path(s ...wire.Segment) func(*wire.Attributes) {
	return func(a *wire.Attributes) { a.ASPath.Segments = s; a.Set(wire.AttrASPath) }
}

func path4(s ...wire.Segment) func(*wire.Attributes) {
	return func(a *wire.Attributes) { a.AS4Path.Segments = s; a.Set(wire.AttrAS4Path) }
}

func nh(s string) func(*wire.Attributes) {
	return func(a *wire.Attributes) { a.NextHop = addr(s); a.Set(wire.AttrNextHop) }
}

func med(v uint32) func(*wire.Attributes) {
	return func(a *wire.Attributes) { a.MED = v; a.Set(wire.AttrMED) }
}

func localPref(v uint32) func(*wire.Attributes) {
	return func(a *wire.Attributes) { a.LocalPref = v; a.Set(wire.AttrLocalPref) }
}

func atomic(a *wire.Attributes) { a.Set(wire.AttrAtomicAggregate) }

func aggr(as uint32, ip string) func(*wire.Attributes) {
	return func(a *wire.Attributes) {
		a.Aggregator = wire.Aggregator{AS: as, Address: addr(ip)}
		a.Set(wire.AttrAggregator)
	}
}

func aggr4(as uint32, ip string) func(*wire.Attributes) {
	return func(a *wire.Attributes) {
		a.AS4Aggregator = wire.Aggregator{AS: as, Address: addr(ip)}
		a.Set(wire.AttrAS4Aggregator)
	}
}

func comms(cs ...wire.Community) func(*wire.Attributes) {
	return func(a *wire.Attributes) { a.Communities = cs; a.Set(wire.AttrCommunities) }
}

func mpNextHop(nh, ll string) func(*wire.Attributes) {
	return func(a *wire.Attributes) {
		a.MPReach.Family = wire.IPv6Unicast
		a.MPReach.NextHop = addr(nh)
		if ll != "" {
			a.MPReach.LinkLocal = addr(ll)
		}
		a.Set(wire.AttrMPReach)
	}
}

func mpReach(f wire.Family, nh string, nlri ...wire.NLRI) func(*wire.Attributes) {
	return func(a *wire.Attributes) {
		a.MPReach = wire.MPReach{Family: f, NextHop: addr(nh), NLRI: nlri}
		a.Set(wire.AttrMPReach)
	}
}

func mpUnreach(f wire.Family, w ...wire.NLRI) func(*wire.Attributes) {
	return func(a *wire.Attributes) {
		a.MPUnreach = wire.MPUnreach{Family: f, Withdrawn: w}
		a.Set(wire.AttrMPUnreach)
	}
}

func nlri(ps ...string) []wire.NLRI {
	var out []wire.NLRI
	for _, p := range ps {
		out = append(out, wire.NLRI{Prefix: prefix(p)})
	}
	return out
}

func nlriID(id uint32, p string) wire.NLRI { return wire.NLRI{Prefix: prefix(p), PathID: id} }

// longPath is an AS path whose bgpdump string passes the 7900-character
// cut: 800 ten-digit AS numbers in segments of 200.
func longPath() []wire.Segment {
	var out []wire.Segment
	for s := range 4 {
		var asns []uint32
		for i := range 200 {
			asns = append(asns, 4200000000+uint32(s*200+i))
		}
		out = append(out, seq(asns...))
	}
	return out
}

// ribRoute is one TABLE_DUMP_V2 route and the line bgpdump prints for it.
type ribRoute struct {
	peer   uint16
	prefix string
	pathID uint32
	attrs  wire.Attributes
	want   string
}

// writeTestFile writes, with our Writer, a file that exercises the
// corners of the bgpdump format, and returns it with the lines bgpdump
// must print for it.
func writeTestFile(t *testing.T) ([]byte, string) {
	var out bytes.Buffer
	w := NewWriter(&out)
	const ts = 1700000000
	var want strings.Builder

	table := PeerIndexTable{CollectorID: addr("192.0.2.254"), ViewName: "test", Peers: []Peer{
		{BGPID: addr("10.0.0.1"), IP: addr("10.0.0.1"), AS: 65001, AS2: true},
		{BGPID: addr("10.0.0.2"), IP: addr("10.0.0.2"), AS: 4200000001},
		{BGPID: addr("10.0.0.3"), IP: addr("2001:db8::1"), AS: 65002, AS2: true},
		{BGPID: addr("10.0.0.4"), IP: addr("2001:db8:0:1:1:1:1:1"), AS: 196608},
		{BGPID: addr("10.0.0.5"), IP: addr("192.0.2.5"), AS: 65005},
	}}
	require.NoError(t, w.WritePeerIndexTable(ts, &table))

	v4 := []ribRoute{
		{0, "10.1.0.0/16", 0, attrs(origin(wire.OriginIGP), path(seq(65001, 65010, 65020)), nh("10.0.0.1"), med(50), localPref(200),
			comms(65001<<16|100, 65001<<16|200, wire.CommunityNoExport, wire.CommunityNoAdvertise, wire.CommunityNoExportSubconfed, wire.CommunityGracefulShutdown, wire.CommunityBlackhole),
			atomic, aggr(65020, "192.0.2.9")),
			"TABLE_DUMP2|1700000000|B|10.0.0.1|65001|10.1.0.0/16|65001 65010 65020|IGP|10.0.0.1|200|50|65001:100 65001:200 no-export no-advertise local-AS 65535:0 65535:666|AG|65020 192.0.2.9|"},
		{1, "10.1.0.0/16", 0, attrs(origin(wire.OriginEGP),
			path(seq(4200000001), set(65030, 65031), wire.Segment{Type: wire.SegmentConfedSequence, ASNs: []uint32{65100, 65101}},
				wire.Segment{Type: wire.SegmentConfedSet, ASNs: []uint32{65200, 65201}}, seq(65040)),
			nh("10.0.0.2")),
			"TABLE_DUMP2|1700000000|B|10.0.0.2|4200000001|10.1.0.0/16|4200000001 {65030,65031} (65100 65101) [65200,65201] 65040|EGP|10.0.0.2|0|0||NAG||"},
		{0, "0.0.0.0/0", 0, attrs(origin(wire.OriginIncomplete), path(set(1, 2)), nh("10.0.0.1"), localPref(4294967295), med(4294967295),
			aggr(4200000009, "255.255.255.255")),
			"TABLE_DUMP2|1700000000|B|10.0.0.1|65001|0.0.0.0/0|{1,2}|INCOMPLETE|10.0.0.1|4294967295|4294967295||NAG||"},
		{4, "192.168.0.0/24", 0, attrs(path()),
			"TABLE_DUMP2|1700000000|B|192.0.2.5|65005|192.168.0.0/24||INCOMPLETE|255.255.255.255|0|0||NAG||"},
		// A short-form MP_REACH_NLRI in an IPv4 entry: its next hop wins
		// over NEXT_HOP.
		{4, "192.168.1.0/24", 0, attrs(origin(wire.OriginIGP), path(seq(65005)), nh("192.0.2.5"), mpReach(wire.IPv4Unicast, "10.0.0.5")),
			"TABLE_DUMP2|1700000000|B|192.0.2.5|65005|192.168.1.0/24|65005|IGP|10.0.0.5|0|0||NAG||"},
		{1, "203.0.113.128/25", 0, attrs(origin(wire.OriginIGP), path(longPath()...), nh("10.0.0.2"), aggr(4200000001, "10.0.0.2")),
			"TABLE_DUMP2|1700000000|B|10.0.0.2|4200000001|203.0.113.128/25|" + longPathString() + "|IGP|10.0.0.2|0|0||NAG|4200000001 10.0.0.2|"},
	}
	v6 := []ribRoute{
		{2, "2001:db8:100::/48", 0, attrs(origin(wire.OriginIGP), path(seq(65002, 65003)), mpNextHop("2001:db8::1", "fe80::1"), comms(65002<<16|1)),
			"TABLE_DUMP2|1700000000|B|2001:db8::1|65002|2001:db8:100::/48|65002 65003|IGP|2001:db8::1|0|0|65002:1|NAG||"},
		{4, "2001:db8:100::/48", 0, attrs(origin(wire.OriginIGP), path(seq(65005)), mpNextHop("::ffff:192.0.2.5", "")),
			"TABLE_DUMP2|1700000000|B|192.0.2.5|65005|2001:db8:100::/48|65005|IGP|::ffff:192.0.2.5|0|0||NAG||"},
		{3, "::/0", 0, attrs(origin(wire.OriginIGP), path(seq(196608)), mpNextHop("2001:db8:0:1:1:1:1:1", "")),
			"TABLE_DUMP2|1700000000|B|2001:db8::1:1:1:1:1|196608|::/0|196608|IGP|2001:db8::1:1:1:1:1|0|0||NAG||"},
		{3, "2001:db8:0:1::/64", 0, attrs(origin(wire.OriginIGP), path(seq(196608)), mpNextHop("::1.2.3.4", "")),
			"TABLE_DUMP2|1700000000|B|2001:db8::1:1:1:1:1|196608|2001:db8:0:1::/64|196608|IGP|::1.2.3.4|0|0||NAG||"},
	}
	writeRIB := func(routes []ribRoute, f wire.Family, addPath bool) {
		for i := 0; i < len(routes); {
			rib := RIB{Family: f, AddPath: addPath, Sequence: uint32(i), Prefix: prefix(routes[i].prefix)}
			j := i
			for ; j < len(routes) && routes[j].prefix == routes[i].prefix; j++ {
				rib.Entries = append(rib.Entries, RIBEntry{PeerIndex: routes[j].peer, OriginatedTime: ts - 100, PathID: routes[j].pathID, Attrs: routes[j].attrs})
				want.WriteString(routes[j].want + "\n")
			}
			require.NoError(t, w.WriteRIB(ts, &rib))
			i = j
		}
	}
	writeRIB(v4, wire.IPv4Unicast, false)
	writeRIB(v6, wire.IPv6Unicast, false)
	writeRIB([]ribRoute{
		{0, "10.9.0.0/16", 1, attrs(origin(wire.OriginIGP), path(seq(65001)), nh("10.0.0.1")),
			"TABLE_DUMP2_AP|1700000000|B|10.0.0.1|65001|10.9.0.0/16|1|65001|IGP|10.0.0.1|0|0||NAG||"},
		{0, "10.9.0.0/16", 2, attrs(origin(wire.OriginIGP), path(seq(65001, 65009)), nh("10.0.0.1")),
			"TABLE_DUMP2_AP|1700000000|B|10.0.0.1|65001|10.9.0.0/16|2|65001 65009|IGP|10.0.0.1|0|0||NAG||"},
	}, wire.IPv4Unicast, true)
	writeRIB([]ribRoute{
		{2, "2001:db8:9::/48", 7, attrs(origin(wire.OriginIGP), path(seq(65002)), mpNextHop("2001:db8::1", "")),
			"TABLE_DUMP2_AP|1700000000|B|2001:db8::1|65002|2001:db8:9::/48|7|65002|IGP|2001:db8::1|0|0||NAG||"},
	}, wire.IPv6Unicast, true)

	// TABLE_DUMP: 2-octet AS numbers, so the encoder adds AS4_PATH and
	// bgpdump merges it back; IPv6 with a full MP_REACH_NLRI.
	require.NoError(t, w.WriteTableDump(ts, &TableDump{View: 0, Sequence: 1, Prefix: prefix("10.20.0.0/16"), Status: 1,
		OriginatedTime: ts - 5, PeerIP: addr("10.0.0.1"), PeerAS: 65001,
		Attrs: attrs(origin(wire.OriginIGP), path(seq(65001, 4200000001)), nh("10.0.0.1"), aggr(4200000001, "10.0.0.9"))}))
	want.WriteString("TABLE_DUMP|1700000000|B|10.0.0.1|65001|10.20.0.0/16|65001 4200000001|IGP|10.0.0.1|0|0||NAG|4200000001 10.0.0.9|\n")
	require.NoError(t, w.WriteTableDump(ts, &TableDump{View: 0, Sequence: 2, Prefix: prefix("2001:db8:20::/48"), Status: 1,
		OriginatedTime: ts - 5, PeerIP: addr("2001:db8::1"), PeerAS: 65002,
		Attrs: attrs(origin(wire.OriginEGP), path(seq(65002)), mpReach(wire.IPv6Unicast, "2001:db8::1"), med(5))}))
	want.WriteString("TABLE_DUMP|1700000000|B|2001:db8::1|65002|2001:db8:20::/48|65002|EGP|2001:db8::1|0|5||NAG||\n")
	// A short-form MP_REACH_NLRI with an IPv4 next hop in TABLE_DUMP:
	// bgpdump prints it as the first 4 octets of an IPv6 address.
	td := TableDump{Sequence: 3, Prefix: prefix("10.21.0.0/16"), PeerIP: addr("10.0.0.1"), PeerAS: 65001,
		Attrs: attrs(origin(wire.OriginIGP), path(seq(65001)), nh("10.0.0.1"), mpReach(wire.IPv4Unicast, "10.0.0.5")), mpAbbrev: true}
	require.NoError(t, w.WriteTableDump(ts, &td))
	want.WriteString("TABLE_DUMP|1700000000|B|10.0.0.1|65001|10.21.0.0/16|65001|IGP|a00:5::|0|0||NAG||\n")

	// BGP4MP: state changes and updates of every flavour.
	peer4 := BGP4MPPeer{PeerAS: 4200000001, LocalAS: 65000, PeerIP: addr("10.0.0.2"), LocalIP: addr("10.0.0.254"), AS4: true}
	peer2 := BGP4MPPeer{PeerAS: 65001, LocalAS: 65000, PeerIP: addr("10.0.0.1"), LocalIP: addr("10.0.0.254")}
	peer6 := BGP4MPPeer{PeerAS: 65002, LocalAS: 65000, PeerIP: addr("2001:db8::1"), LocalIP: addr("2001:db8::fe"), AS4: true}
	require.NoError(t, w.WriteStateChange(ts+1, &BGP4MPStateChange{BGP4MPPeer: peer4, OldState: 1, NewState: 2}))
	require.NoError(t, w.WriteStateChange(ts+1, &BGP4MPStateChange{BGP4MPPeer: BGP4MPPeer{PeerAS: 65002, LocalAS: 65000, PeerIP: addr("2001:db8::1")}, OldState: 5, NewState: 6}))
	require.NoError(t, w.WriteStateChangeET(ts+1, 42, &BGP4MPStateChange{BGP4MPPeer: peer2, OldState: 6, NewState: 1}))
	want.WriteString("BGP4MP|1700000001|STATE|10.0.0.2|4200000001|1|2\n")
	want.WriteString("BGP4MP|1700000001|STATE|2001:db8::1|65002|5|6\n")
	want.WriteString("BGP4MP_ET|1700000001.000042|STATE|10.0.0.1|65001|6|1\n")

	type msg struct {
		et      bool
		peer    BGP4MPPeer
		local   bool
		addPath bool
		u       wire.Update
		want    string
	}
	msgs := []msg{
		{peer: peer4, u: wire.Update{Withdrawn: nlri("10.2.0.0/16", "10.3.0.0/24"), NLRI: nlri("10.4.0.0/16", "10.5.5.0/24"),
			Attrs: attrs(origin(wire.OriginIGP), path(seq(4200000001, 65010)), nh("10.0.0.2"), med(7), comms(4200<<16|1), aggr(4200000001, "10.0.0.2"))},
			want: "BGP4MP|1700000002|W|10.0.0.2|4200000001|10.2.0.0/16\n" +
				"BGP4MP|1700000002|W|10.0.0.2|4200000001|10.3.0.0/24\n" +
				"BGP4MP|1700000002|A|10.0.0.2|4200000001|10.4.0.0/16|4200000001 65010|IGP|10.0.0.2|0|7|4200:1|NAG|4200000001 10.0.0.2|\n" +
				"BGP4MP|1700000002|A|10.0.0.2|4200000001|10.5.5.0/24|4200000001 65010|IGP|10.0.0.2|0|7|4200:1|NAG|4200000001 10.0.0.2|\n"},
		{peer: peer6, u: wire.Update{Attrs: attrs(origin(wire.OriginIGP), path(seq(65002)),
			mpReach(wire.IPv6Unicast, "2001:db8::1", nlri("2001:db8:1::/48", "2001:db8:2::/47")...), mpUnreach(wire.IPv6Unicast, nlri("2001:db8:3::/48")...))},
			want: "BGP4MP|1700000002|W|2001:db8::1|65002|2001:db8:3::/48\n" +
				"BGP4MP|1700000002|A|2001:db8::1|65002|2001:db8:1::/48|65002|IGP|2001:db8::1|0|0||NAG||\n" +
				"BGP4MP|1700000002|A|2001:db8::1|65002|2001:db8:2::/47|65002|IGP|2001:db8::1|0|0||NAG||\n"},
		// 2-octet session: AS4_PATH merged into AS_PATH.
		{peer: peer2, u: wire.Update{NLRI: nlri("10.6.0.0/16"), Attrs: attrs(origin(wire.OriginIGP),
			path(seq(65001, asTrans, asTrans, 65002)), path4(seq(4200000001, 4200000002, 65002)), nh("10.0.0.1"))},
			want: "BGP4MP|1700000002|A|10.0.0.1|65001|10.6.0.0/16|65001 4200000001 4200000002 65002|IGP|10.0.0.1|0|0||NAG||\n"},
		// AGGREGATOR of AS_TRANS: AS4_AGGREGATOR replaces it.
		{peer: peer2, u: wire.Update{NLRI: nlri("10.7.0.0/16"), Attrs: attrs(origin(wire.OriginIGP),
			path(seq(65001, asTrans)), path4(seq(4200000009)), nh("10.0.0.1"), aggr(asTrans, "10.0.0.9"), aggr4(4200000009, "10.0.0.9"))},
			want: "BGP4MP|1700000002|A|10.0.0.1|65001|10.7.0.0/16|65001 4200000009|IGP|10.0.0.1|0|0||NAG|4200000009 10.0.0.9|\n"},
		// AGGREGATOR of a real AS: AS4_AGGREGATOR and AS4_PATH ignored.
		{peer: peer2, u: wire.Update{NLRI: nlri("10.8.0.0/16"), Attrs: attrs(origin(wire.OriginIGP),
			path(seq(65001, asTrans)), path4(seq(4200000009)), nh("10.0.0.1"), aggr(65009, "10.0.0.9"), aggr4(4200000009, "10.0.0.9"))},
			want: "BGP4MP|1700000002|A|10.0.0.1|65001|10.8.0.0/16|65001 23456|IGP|10.0.0.1|0|0||NAG|65009 10.0.0.9|\n"},
		// AS4_PATH longer than AS_PATH: not merged.
		{peer: peer2, u: wire.Update{NLRI: nlri("10.9.0.0/16"), Attrs: attrs(origin(wire.OriginIGP),
			path(seq(asTrans)), path4(seq(4200000001, 4200000002)), nh("10.0.0.1"))},
			want: "BGP4MP|1700000002|A|10.0.0.1|65001|10.9.0.0/16|23456|IGP|10.0.0.1|0|0||NAG||\n"},
		// The merge takes the leading ASes from AS_PATH's first segment.
		{peer: peer2, u: wire.Update{NLRI: nlri("10.10.0.0/16"), Attrs: attrs(origin(wire.OriginIGP),
			path(seq(65001), set(1, 2), seq(asTrans, asTrans)), path4(seq(4200000001, 4200000002)), nh("10.0.0.1"))},
			want: "BGP4MP|1700000002|A|10.0.0.1|65001|10.10.0.0/16|65001 65001 4200000001 4200000002|IGP|10.0.0.1|0|0||NAG||\n"},
		// _LOCAL: the peer fields print like the received ones; an IPv6
		// withdrawal over IPv4 shows bgpdump's address mix-up.
		{peer: peer4, local: true, u: wire.Update{NLRI: nlri("10.11.0.0/16"), Attrs: attrs(origin(wire.OriginIGP), path(seq(65000)), nh("10.0.0.254"),
			mpUnreach(wire.IPv6Unicast, nlri("2001:db8:4::/48")...))},
			want: "BGP4MP_LOCAL|1700000002|W|a00:2::|4200000001|2001:db8:4::/48\n" +
				"BGP4MP_LOCAL|1700000002|A|10.0.0.2|4200000001|10.11.0.0/16|65000|IGP|10.0.0.254|0|0||NAG||\n"},
		// ADD-PATH, IPv4 in the body and IPv6 in MP_REACH_NLRI.
		{peer: peer4, addPath: true, u: wire.Update{Withdrawn: []wire.NLRI{nlriID(9, "10.12.0.0/16")}, NLRI: []wire.NLRI{nlriID(1, "10.13.0.0/16"), nlriID(2, "10.13.0.0/16")},
			Attrs: attrs(origin(wire.OriginIGP), path(seq(4200000001)), nh("10.0.0.2"))},
			want: "BGP4MP_AP|1700000002|W|10.0.0.2|4200000001|10.12.0.0/16|9\n" +
				"BGP4MP_AP|1700000002|A|10.0.0.2|4200000001|10.13.0.0/16|1|4200000001|IGP|10.0.0.2|0|0||NAG||\n" +
				"BGP4MP_AP|1700000002|A|10.0.0.2|4200000001|10.13.0.0/16|2|4200000001|IGP|10.0.0.2|0|0||NAG||\n"},
		{peer: peer6, addPath: true, u: wire.Update{Attrs: attrs(origin(wire.OriginIGP), path(seq(65002)),
			mpReach(wire.IPv6Unicast, "2001:db8::1", nlriID(5, "2001:db8:5::/48")), mpUnreach(wire.IPv6Unicast, nlriID(6, "2001:db8:6::/48")))},
			want: "BGP4MP_AP|1700000002|W|2001:db8::1|65002|2001:db8:6::/48|6\n" +
				"BGP4MP_AP|1700000002|A|2001:db8::1|65002|2001:db8:5::/48|5|65002|IGP|2001:db8::1|0|0||NAG||\n"},
		// IPv4 in MP_REACH_NLRI: its next hop, local pref printed signed.
		{et: true, peer: peer4, u: wire.Update{Attrs: attrs(origin(wire.OriginIGP), path(seq(4200000001)), localPref(3000000000),
			mpReach(wire.IPv4Unicast, "10.0.0.99", nlri("10.14.0.0/16")...), mpUnreach(wire.IPv4Unicast, nlri("10.15.0.0/16")...))},
			want: "BGP4MP_ET|1700000002.000042|W|10.0.0.2|4200000001|10.15.0.0/16\n" +
				"BGP4MP_ET|1700000002.000042|A|10.0.0.2|4200000001|10.14.0.0/16|4200000001|IGP|10.0.0.99|-1294967296|0||NAG||\n"},
		// IPv4 routes with an IPv6 next hop (RFC 8950).
		{peer: peer6, u: wire.Update{Attrs: attrs(origin(wire.OriginIGP), path(seq(65002)), med(3000000000),
			mpReach(wire.IPv4Unicast, "2001:db8::99", nlri("10.16.0.0/16")...))},
			want: "BGP4MP|1700000002|A|2001:db8::1|65002|10.16.0.0/16|65002|IGP|2001:db8::99|0|-1294967296||NAG||\n"},
	}
	// More than 8192 withdrawals: bgpdump prints the first 8192.
	var many wire.Update
	var manyWant strings.Builder
	for i := range 8200 {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 16 + byte(i>>8), byte(i), 0}), 24)
		many.Withdrawn = append(many.Withdrawn, wire.NLRI{Prefix: p})
		if i < 8192 {
			manyWant.WriteString("BGP4MP|1700000002|W|10.0.0.2|4200000001|" + p.String() + "\n")
		}
	}
	msgs = append(msgs, msg{peer: peer4, u: many, want: manyWant.String()})
	for _, m := range msgs {
		rec := BGP4MPMessage{BGP4MPPeer: m.peer, Local: m.local, AddPath: m.addPath, MsgType: wire.TypeUpdate, Update: m.u}
		if m.et {
			require.NoError(t, w.WriteMessageET(ts+2, 42, &rec))
		} else {
			require.NoError(t, w.WriteMessage(ts+2, &rec))
		}
		want.WriteString(m.want)
	}
	// A KEEPALIVE prints nothing.
	require.NoError(t, w.WriteMessage(ts+3, &BGP4MPMessage{BGP4MPPeer: peer4, MsgType: wire.TypeKeepalive,
		Raw: []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 19, 4}}))
	return out.Bytes(), want.String()
}

// longPathString is what bgpdump prints for longPath: AS numbers until
// the string passes 7900 characters, then "...".
func longPathString() string {
	var b []byte
	for _, s := range longPath() {
		for _, as := range s.ASNs {
			if len(b) > 0 {
				b = append(b, ' ')
			}
			b = strconv.AppendUint(b, uint64(as), 10)
			if len(b) > 7900 {
				return string(b) + "..."
			}
		}
	}
	return string(b)
}

// TestBgpdumpReadsOurFile writes a file with our Writer, runs the real
// bgpdump on it and checks its output against the routes we wrote and
// against our own print of the file.
func TestBgpdumpReadsOurFile(t *testing.T) {
	data, want := writeTestFile(t)
	ours, err := printAll(bytes.NewReader(data))
	require.NoError(t, err)
	theirs := runBgpdump(t, data)
	t.Run("bgpdump=routes written", func(t *testing.T) { diffLines(t, []byte(want), theirs) })
	t.Run("ours=bgpdump", func(t *testing.T) { diffLines(t, theirs, ours) })
}
