package trace

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/json/*.json from the current output")

// fullAttrs has every attribute the JSON form writes, MED present with
// the value 0.
func fullAttrs(t testing.TB) *wire.Attributes {
	a := &wire.Attributes{Origin: wire.OriginEGP, NextHop: netip.MustParseAddr("192.0.2.2"), LocalPref: 200, OTC: 65002}
	p, err := wire.ParseASPath("65002 65010 {65011,65012} (65100)")
	require.NoError(t, err)
	a.ASPath = p
	a.Aggregator = wire.Aggregator{AS: 65010, Address: netip.MustParseAddr("198.51.100.1")}
	a.Communities = []wire.Community{65002<<16 | 100, wire.CommunityNoExport}
	a.OriginatorID = netip.MustParseAddr("10.0.0.9")
	a.ClusterList = []netip.Addr{netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.0.2")}
	a.ExtCommunities = []wire.ExtCommunity{wire.RouteTarget(65000, 100)}
	a.LargeCommunities = []wire.LargeCommunity{{Global: 4200000000, Local1: 1, Local2: 2}}
	a.Unknown = []wire.RawAttr{{Flags: wire.FlagOptional | wire.FlagTransitive, Type: 99, Value: []byte{0xde, 0xad}}}
	for _, t := range []wire.AttrType{wire.AttrOrigin, wire.AttrASPath, wire.AttrNextHop, wire.AttrMED,
		wire.AttrLocalPref, wire.AttrAtomicAggregate, wire.AttrAggregator, wire.AttrCommunities,
		wire.AttrOriginatorID, wire.AttrClusterList, wire.AttrExtCommunities, wire.AttrLargeCommunities, wire.AttrOTC} {
		a.Set(t)
	}
	return a
}

// sampleUpdate is the bytes of a small UPDATE on a 4-octet AS session.
func sampleUpdate(t testing.TB) []byte {
	u := &wire.Update{NLRI: []wire.NLRI{{Prefix: pfxA}}}
	u.Attrs.Set(wire.AttrOrigin)
	u.Attrs.Set(wire.AttrASPath)
	u.Attrs.Set(wire.AttrNextHop)
	u.Attrs.ASPath = wire.ASPath{Segments: []wire.Segment{{Type: wire.SegmentSequence, ASNs: []uint32{65002}}}}
	u.Attrs.NextHop = netip.MustParseAddr("192.0.2.2")
	b, err := wire.Append(nil, u, wire.Options{AS4: true})
	require.NoError(t, err)
	return b
}

// routeSample is a Loc-RIB change with every attribute and a decision.
func routeSample(t testing.TB) Event {
	tab := rib.NewTable()
	best := &rib.Path{Prefix: pfxA, Peer: &rib.Peer{Name: "R2"}, Attrs: tab.Intern(fullAttrs(t))}
	other := &rib.Path{Prefix: pfxA, Peer: &rib.Peer{Name: "R4"}, Attrs: tab.Intern(&wire.Attributes{})}
	return Event{Seq: 42, At: 1500 * time.Millisecond, Kind: RouteChange, Router: "R1", Route: &Route{
		Table: LocRIB, Change: Replaced, Prefix: pfxA, PathID: 7, From: "R2", Attrs: &best.Attrs.Attributes,
		Decision: &rib.Reason{Step: rib.StepLocalPref, Best: best, Other: other}}}
}

// jsonSample is one golden case: an event and the options it is written
// with, in testdata/json/<name>.json.
type jsonSample struct {
	name string
	e    Event
	opt  JSONOptions
}

// jsonSamples has one event of every kind, and a few more shapes.
func jsonSamples(t testing.TB) []jsonSample {
	upd := sampleUpdate(t)
	ka := []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 19, 4}
	as4 := wire.Options{AS4: true, AddPath: []wire.Family{wire.IPv4Unicast, wire.IPv6Unicast}}
	ms := time.Millisecond
	return []jsonSample{
		{"tcp-connect", Event{Seq: 1, Kind: TCPConnect, Router: "R1", Peer: "R2", Conn: 1, Text: "10.0.0.1 -> 10.0.0.2 port 179"}, JSONOptions{}},
		{"tcp-established", Event{Seq: 2, At: 10 * ms, Kind: TCPEstablished, Router: "R2", Peer: "R1", Conn: 1, Text: "accepted"}, JSONOptions{}},
		{"tcp-refused", Event{Seq: 3, At: 3 * time.Second, Kind: TCPRefused, Router: "R1", Peer: "R2", Conn: 2, Text: "10.0.0.2 does not answer"}, JSONOptions{}},
		{"tcp-close", Event{Seq: 4, At: time.Minute, Kind: TCPClose, Router: "R1", Peer: "R2", Conn: 1, Text: "closed"}, JSONOptions{}},
		{"message-sent", Event{Seq: 5, At: 1250 * ms, Kind: MessageSent, Router: "R1", Peer: "R2", Conn: 1,
			Msg: &Message{ID: 7, Type: wire.TypeUpdate, Bytes: upd, Opt: as4}}, JSONOptions{}},
		{"message-delivered", Event{Seq: 6, At: 1260 * ms, Kind: MessageDelivered, Router: "R2", Peer: "R1", Conn: 1,
			Msg: &Message{ID: 7, Type: wire.TypeUpdate, Bytes: upd, Opt: wire.Options{AS4: true}}}, JSONOptions{Fields: true}},
		{"message-delivered-keepalive", Event{Seq: 7, At: 1270 * ms, Kind: MessageDelivered, Router: "R2", Peer: "R1",
			Msg: &Message{ID: 8, Type: wire.TypeKeepalive, Bytes: ka}}, JSONOptions{}},
		{"message-delivered-malformed", Event{Seq: 8, At: 1280 * ms, Kind: MessageDelivered, Router: "R2", Peer: "R1",
			Msg: &Message{ID: 9, Type: wire.TypeUpdate, Bytes: upd[:len(upd)-2], Opt: wire.Options{AS4: true}}}, JSONOptions{Fields: true}},
		{"state-change", Event{Seq: 9, Kind: StateChange, Router: "R1", Peer: "R2", Text: "#1 Idle -> Connect"}, JSONOptions{}},
		{"session-up", Event{Seq: 10, Kind: SessionUp, Router: "R1", Peer: "R2", Text: "AS 65002"}, JSONOptions{}},
		{"session-down", Event{Seq: 11, Kind: SessionDown, Router: "R1", Peer: "R2", Text: "hold timer expired"}, JSONOptions{}},
		{"timer-fired", Event{Seq: 12, At: 90 * time.Second, Kind: TimerFired, Router: "R1", Peer: "R2", Text: "HoldTimer expired"}, JSONOptions{}},
		{"route-change", routeSample(t), JSONOptions{}},
		{"route-change-withdrawn", Event{Seq: 14, Kind: RouteChange, Router: "R1", Peer: "R3", Route: &Route{
			Table: AdjRIBOut, Change: Withdrawn, Prefix: netip.MustParsePrefix("2001:db8::/32"), Why: "learned from this peer"}}, JSONOptions{}},
		{"route-change-own", Event{Seq: 15, Kind: RouteChange, Router: "R1", Route: &Route{
			Table: LocRIB, Change: Added, Prefix: pfxB, Attrs: ownAttrs(), Decision: &rib.Reason{Step: rib.StepOnly, Best: &rib.Path{Peer: &rib.Peer{Local: true}}}}}, JSONOptions{}},
		{"update-error", Event{Seq: 16, Kind: UpdateError, Router: "R1", Peer: "R2", Text: "treat-as-withdraw: bad \"ORIGIN\"\tvalue 7"}, JSONOptions{}},
		{"link-change", Event{Seq: 17, Kind: LinkChange, Router: "R1", Peer: "R2", Text: "link 0 R1-R2 down"}, JSONOptions{}},
		{"router-change", Event{Seq: 18, Kind: RouterChange, Router: "R1", Text: "crashed"}, JSONOptions{}},
		{"command", Event{Seq: 19, Kind: Command, Router: "R1", Text: "crash R1"}, JSONOptions{}},
		{"packet", Event{Seq: 20, Kind: Packet, Router: "R1", Peer: "H1", Text: "forwarded"}, JSONOptions{}},
		{"note", Event{Seq: 21, Kind: Note, Router: "R1", Peer: "R2", Text: "End-of-RIB received for ipv4-unicast"}, JSONOptions{}},
	}
}

// ownAttrs are an originated route's: ORIGIN and an empty AS_PATH, no
// next hop, no MED.
func ownAttrs() *wire.Attributes {
	a := &wire.Attributes{Origin: wire.OriginIncomplete}
	a.Set(wire.AttrOrigin)
	a.Set(wire.AttrASPath)
	return a
}

func TestJSONGolden(t *testing.T) {
	dir := filepath.Join("testdata", "json")
	samples := jsonSamples(t)
	seen := map[Kind]bool{}
	var names []string
	for _, s := range samples {
		seen[s.e.Kind] = true
		names = append(names, s.name+".json")
		t.Run(s.name, func(t *testing.T) {
			b, err := AppendJSON(nil, &s.e, s.opt)
			require.NoError(t, err)
			require.True(t, json.Valid(b), "%s", b)
			var out bytes.Buffer
			require.NoError(t, json.Indent(&out, b, "", "  "))
			out.WriteByte('\n')
			file := filepath.Join(dir, s.name+".json")
			if *update {
				require.NoError(t, os.MkdirAll(dir, 0o755))
				require.NoError(t, os.WriteFile(file, out.Bytes(), 0o644))
			}
			want, err := os.ReadFile(file)
			require.NoError(t, err, "run go test ./engine/trace -run JSONGolden -update")
			assert.Equal(t, string(want), out.String())
		})
	}
	for k := TCPConnect; k <= Note; k++ {
		assert.True(t, seen[k], "no golden event of kind %s", k)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	require.NoError(t, err)
	for i, f := range files {
		files[i] = filepath.Base(f)
	}
	slices.Sort(names)
	assert.Equal(t, names, files, "golden files without a sample (or the reverse)")
}

func TestJSONRoundTrip(t *testing.T) {
	for _, s := range jsonSamples(t) {
		t.Run(s.name, func(t *testing.T) {
			b, err := AppendJSON(nil, &s.e, s.opt)
			require.NoError(t, err)
			var got Event
			require.NoError(t, json.Unmarshal(b, &got))

			want := s.e
			if want.Route != nil && want.Route.Decision != nil {
				// One-way: a rib.Reason points at paths JSON does not carry.
				r := *want.Route
				r.Decision = nil
				want.Route = &r
			}
			assert.Equal(t, want, got)

			// Without the one-way members the bytes come back equal.
			plain, err := AppendJSON(nil, &want, JSONOptions{})
			require.NoError(t, err)
			again, err := got.MarshalJSON()
			require.NoError(t, err)
			assert.Equal(t, string(plain), string(again))
		})
	}
}

func TestJSONAbsentVersusZero(t *testing.T) {
	var none, zero wire.Attributes
	zero.Set(wire.AttrMED)
	zero.Set(wire.AttrLocalPref)
	zero.Set(wire.AttrCommunities)
	zero.Set(wire.AttrOTC)
	ev := func(a *wire.Attributes) Event {
		return Event{Kind: RouteChange, Route: &Route{Table: AdjRIBIn, Change: Added, Prefix: pfxA, Attrs: a}}
	}

	e := ev(&none)
	b, err := e.MarshalJSON()
	require.NoError(t, err)
	assert.Contains(t, string(b), `"attrs":{}`)
	for _, k := range []string{"med", "local_pref", "communities", "otc", "next_hop", "as_path", "origin"} {
		assert.NotContains(t, string(b), `"`+k+`"`)
	}

	e = ev(&zero)
	b, err = e.MarshalJSON()
	require.NoError(t, err)
	assert.Contains(t, string(b), `"attrs":{"med":0,"local_pref":0,"communities":[],"otc":0}`)

	var back Event
	require.NoError(t, json.Unmarshal(b, &back))
	for _, at := range []wire.AttrType{wire.AttrMED, wire.AttrLocalPref, wire.AttrCommunities, wire.AttrOTC} {
		assert.True(t, back.Route.Attrs.Has(at), "%s present", at)
	}
	assert.False(t, back.Route.Attrs.Has(wire.AttrOrigin))

	require.NoError(t, json.Unmarshal([]byte(`{"kind":"route-change","route":{"table":"Loc-RIB","change":"added","attrs":{"med":null}}}`), &back))
	assert.False(t, back.Route.Attrs.Has(wire.AttrMED), "null is absent")

	// A withdrawal has no attrs at all.
	e = Event{Kind: RouteChange, Route: &Route{Table: LocRIB, Change: Withdrawn, Prefix: pfxA}}
	b, err = e.MarshalJSON()
	require.NoError(t, err)
	assert.NotContains(t, string(b), "attrs")
}

func TestJSONASPathText(t *testing.T) {
	for _, s := range []string{"", "65001", "65001 65002 {1,2,3}", "(65100 65101) [7,8] 65001", "{1}"} {
		p, err := wire.ParseASPath(s)
		require.NoError(t, err)
		a := &wire.Attributes{ASPath: p}
		a.Set(wire.AttrASPath)
		var got struct {
			ASPath string `json:"as_path"`
		}
		require.NoError(t, json.Unmarshal(appendAttrs(nil, a), &got))
		assert.Equal(t, p.String(), got.ASPath)
	}
	// Two AS_SEQUENCE segments in a row read as one from the text: the
	// segments keep them apart.
	two := wire.ASPath{Segments: []wire.Segment{{Type: wire.SegmentSequence, ASNs: []uint32{1}}, {Type: wire.SegmentSequence, ASNs: []uint32{2}}}}
	a := &wire.Attributes{ASPath: two}
	a.Set(wire.AttrASPath)
	e := Event{Kind: RouteChange, Route: &Route{Table: LocRIB, Change: Added, Attrs: a}}
	b, err := e.MarshalJSON()
	require.NoError(t, err)
	var back Event
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, two, back.Route.Attrs.ASPath)
}

func TestAppendStringLikeEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote\back`, "tab\tnl\ncr\r\x00\x1f\x7f", "<a&b>", "é中文",
		"bad \xff utf8 \xc3", "line\u2028sep\u2029", "\b\f"} {
		b := appendString(nil, s)
		require.True(t, json.Valid(b), "%q -> %s", s, b)
		var got, want string
		require.NoError(t, json.Unmarshal(b, &got))
		ref, err := json.Marshal(s)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(ref, &want))
		assert.Equal(t, want, got, "%q", s)
	}
	assert.Equal(t, `"a->b"`, string(appendString(nil, "a->b")), "no HTML escaping")
}

func TestJSONFieldsAsWireWrites(t *testing.T) {
	m := &Message{Type: wire.TypeUpdate, Bytes: sampleUpdate(t), Opt: wire.Options{AS4: true}}
	tree, _, err := m.Annotate()
	require.NoError(t, err)
	ref, err := json.Marshal(tree)
	require.NoError(t, err)
	var want, got any
	require.NoError(t, json.Unmarshal(ref, &want))
	require.NoError(t, json.Unmarshal(appendField(nil, tree), &got))
	assert.Equal(t, want, got)
}

func TestJSONThroughEncodingJSON(t *testing.T) {
	evs := []Event{{Kind: Note, Router: "R1"}, {Seq: 2, Kind: Command, Text: "x"}}
	b, err := json.Marshal(evs)
	require.NoError(t, err)
	assert.Equal(t, `[{"seq":0,"at_ns":0,"at":"0s","kind":"note","router":"R1"},{"seq":2,"at_ns":0,"at":"0s","kind":"command","text":"x"}]`, string(b))
	var back []Event
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, evs, back)

	_, err = AppendJSON(nil, nil, JSONOptions{})
	assert.Error(t, err)
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestLogWriteJSONL(t *testing.T) {
	l := sampleLog()
	var out bytes.Buffer
	require.NoError(t, l.WriteJSONL(&out, 8, JSONOptions{}))
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, l.Len()-8)
	for i, line := range lines {
		var e Event
		require.NoError(t, json.Unmarshal([]byte(line), &e), line)
		assert.Equal(t, 9+i, e.Seq)
		assert.Equal(t, l.Events()[8+i], e)
	}

	out.Reset()
	require.NoError(t, l.WriteJSONL(&out, l.Len(), JSONOptions{}))
	assert.Empty(t, out.String())
	assert.ErrorIs(t, l.WriteJSONL(failWriter{}, 0, JSONOptions{}), os.ErrClosed)
}

func BenchmarkAppendJSONRoute(b *testing.B) {
	e := routeSample(b)
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if buf, err = AppendJSON(buf[:0], &e, JSONOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(buf)))
}
