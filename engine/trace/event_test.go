package trace

import (
	"net/netip"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEventStringEveryKind(t *testing.T) {
	upd := &Message{ID: 7, Type: wire.TypeUpdate, Bytes: make([]byte, 52)}
	ka := &Message{ID: 8, Type: wire.TypeKeepalive, Bytes: make([]byte, 19)}
	route := &Route{Table: AdjRIBIn, Change: Added, Prefix: pfxA, From: "R2"}
	tests := []struct {
		e    Event
		want string
	}{
		{Event{At: 0, Kind: TCPConnect, Router: "R1", Peer: "R2", Text: "10.0.0.1 -> 10.0.0.2 port 179"},
			"0s R1 tcp-connect to R2: 10.0.0.1 -> 10.0.0.2 port 179"},
		{Event{At: 10 * time.Millisecond, Kind: TCPEstablished, Router: "R2", Peer: "R1", Conn: 2, Text: "accepted"},
			"10ms R2 tcp-established peer R1: accepted"},
		{Event{At: 3 * time.Second, Kind: TCPRefused, Router: "R1", Peer: "R2", Text: "10.0.0.2 does not answer"},
			"3s R1 tcp-refused peer R2: 10.0.0.2 does not answer"},
		{Event{At: time.Minute, Kind: TCPClose, Router: "R1", Peer: "R2", Text: "closed"},
			"1m0s R1 tcp-close peer R2: closed"},
		{Event{At: 1250 * time.Millisecond, Kind: MessageSent, Router: "R1", Peer: "R2", Msg: upd},
			"1.25s R1 message-sent to R2 UPDATE (52 octets) #7"},
		{Event{At: 1260 * time.Millisecond, Kind: MessageDelivered, Router: "R2", Peer: "R1", Msg: ka},
			"1.26s R2 message-delivered from R1 KEEPALIVE (19 octets) #8"},
		{Event{At: 0, Kind: StateChange, Router: "R1", Peer: "R2", Text: "#1 Idle -> Connect"},
			"0s R1 state-change peer R2: #1 Idle -> Connect"},
		{Event{At: 0, Kind: SessionUp, Router: "R1", Peer: "R2", Text: "AS 65002"},
			"0s R1 session-up peer R2: AS 65002"},
		{Event{At: 0, Kind: SessionDown, Router: "R1", Peer: "R2", Text: "hold timer expired"},
			"0s R1 session-down peer R2: hold timer expired"},
		{Event{At: 90 * time.Second, Kind: TimerFired, Router: "R1", Peer: "R2", Text: "HoldTimer expired"},
			"1m30s R1 timer-fired peer R2: HoldTimer expired"},
		{Event{At: 0, Kind: RouteChange, Router: "R1", Peer: "R2", Route: route},
			"0s R1 route-change peer R2 Adj-RIB-In added 203.0.113.0/24 from R2"},
		{Event{At: 0, Kind: RouteChange, Router: "R1", Route: route, Text: "why"},
			"0s R1 route-change Adj-RIB-In added 203.0.113.0/24 from R2: why"},
		{Event{At: 0, Kind: UpdateError, Router: "R1", Peer: "R2", Text: "treat-as-withdraw: bad"},
			"0s R1 update-error peer R2: treat-as-withdraw: bad"},
		{Event{At: 0, Kind: LinkChange, Router: "R1", Peer: "R2", Text: "link 0 R1-R2 down"},
			"0s R1 link-change peer R2: link 0 R1-R2 down"},
		{Event{At: 0, Kind: RouterChange, Router: "R1", Text: "crashed"},
			"0s R1 router-change: crashed"},
		{Event{At: 0, Kind: Command, Router: "R1", Text: "crash R1"},
			"0s R1 command: crash R1"},
		{Event{At: 0, Kind: Packet, Router: "R1", Peer: "H1", Text: "forwarded"},
			"0s R1 packet peer H1: forwarded"},
		{Event{At: 0, Kind: Note, Router: "R1", Peer: "R2", Text: "End-of-RIB received for ipv4-unicast"},
			"0s R1 note peer R2: End-of-RIB received for ipv4-unicast"},
		{Event{At: 0, Kind: Note, Router: "R1"}, "0s R1 note"},
		{Event{At: 0, Kind: 0, Router: "R1"}, "0s R1 Kind(0)"},
	}
	seen := map[Kind]bool{}
	for _, tt := range tests {
		seen[tt.e.Kind] = true
		assert.Equal(t, tt.want, tt.e.String())
	}
	for k := TCPConnect; k <= Note; k++ {
		assert.True(t, seen[k], "no String case for %s", k)
	}
}

func TestRouteString(t *testing.T) {
	tab := rib.NewTable()
	attrs := func(lp uint32, med uint32, path string, nh string) *rib.Attrs {
		a := wire.Attributes{NextHop: netip.MustParseAddr(nh)}
		a.Set(wire.AttrOrigin)
		a.Set(wire.AttrASPath)
		a.Set(wire.AttrNextHop)
		p, err := wire.ParseASPath(path)
		require.NoError(t, err)
		a.ASPath = p
		if lp != 0 {
			a.Set(wire.AttrLocalPref)
			a.LocalPref = lp
		}
		if med != 0 {
			a.Set(wire.AttrMED)
			a.MED = med
		}
		return tab.Intern(&a)
	}
	r2 := &rib.Peer{Name: "R2", AS: 65002, Addr: netip.MustParseAddr("192.0.2.2")}
	r4 := &rib.Peer{Name: "R4", AS: 65004, Addr: netip.MustParseAddr("192.0.2.4")}
	best := &rib.Path{Prefix: pfxA, Peer: r2, Attrs: attrs(200, 0, "65002", "192.0.2.2")}
	other := &rib.Path{Prefix: pfxA, Peer: r4, Attrs: attrs(0, 0, "65004", "192.0.2.4")}
	only := rib.Reason{Step: rib.StepOnly, Best: best}
	lp := rib.Reason{Step: rib.StepLocalPref, Best: best, Other: other}

	tests := []struct {
		r    Route
		want string
	}{
		{Route{Table: LocRIB, Change: Added, Prefix: pfxA, From: "R2", Attrs: &attrs(0, 0, "65002", "192.0.2.2").Attributes, Decision: &only},
			"Loc-RIB added 203.0.113.0/24 from R2 via 192.0.2.2 [65002] (the only path)"},
		{Route{Table: LocRIB, Change: Replaced, Prefix: pfxA, From: "R2", Attrs: &best.Attrs.Attributes, Decision: &lp},
			"Loc-RIB replaced 203.0.113.0/24 from R2 via 192.0.2.2 [65002] lp 200 (higher LOCAL_PREF (200 > 100) than the path from R4)"},
		{Route{Table: AdjRIBIn, Change: Added, Prefix: pfxB, PathID: 3, From: "R4", Attrs: &attrs(0, 50, "65004 65010 {65011,65012}", "192.0.2.4").Attributes},
			"Adj-RIB-In added 198.51.100.0/24 id 3 from R4 via 192.0.2.4 [65004 65010 {65011,65012}] med 50"},
		{Route{Table: AdjRIBIn, Change: Rejected, Prefix: pfxA, From: "R2", Attrs: &attrs(0, 0, "65002 65001", "192.0.2.2").Attributes, Why: "AS_PATH contains our AS 65001"},
			"Adj-RIB-In rejected 203.0.113.0/24 from R2 via 192.0.2.2 [65002 65001] (AS_PATH contains our AS 65001)"},
		{Route{Table: AdjRIBOut, Change: Withdrawn, Prefix: pfxA, Why: "learned from this peer"},
			"Adj-RIB-Out withdrawn 203.0.113.0/24 (learned from this peer)"},
		{Route{Table: LocRIB, Change: Withdrawn, Prefix: pfxA, Decision: &rib.Reason{}, Why: "no usable path"},
			"Loc-RIB withdrawn 203.0.113.0/24 (no usable path) (no usable path)"},
		{Route{Table: AdjRIBIn, Change: Stale, Prefix: pfxA, From: "R2", Attrs: &attrs(100, 0, "", "10.0.0.2").Attributes, Why: "peer restarting"},
			"Adj-RIB-In stale 203.0.113.0/24 from R2 via 10.0.0.2 [] lp 100 (peer restarting)"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.r.String())
	}
}

func TestMessageAnnotateRoundTrip(t *testing.T) {
	as4 := wire.Options{AS4: true}
	u := &wire.Update{NLRI: []wire.NLRI{{Prefix: pfxA}, {Prefix: pfxB}}}
	u.Attrs.Set(wire.AttrOrigin)
	u.Attrs.Set(wire.AttrASPath)
	u.Attrs.Set(wire.AttrNextHop)
	u.Attrs.ASPath = wire.ASPath{Segments: []wire.Segment{{Type: wire.SegmentSequence, ASNs: []uint32{4200000001, 65002}}}}
	u.Attrs.NextHop = netip.MustParseAddr("192.0.2.1")
	u.Attrs.Set(wire.AttrLocalPref)
	u.Attrs.LocalPref = 150

	tests := []struct {
		name string
		msg  wire.Message
		opt  wire.Options
	}{
		{"keepalive", &wire.Keepalive{}, wire.Options{}},
		{"update 2-octet", u, wire.Options{}},
		{"update 4-octet", u, as4},
		{"end-of-rib", wire.NewEndOfRIB(wire.IPv4Unicast), as4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := wire.Append(nil, tt.msg, tt.opt)
			require.NoError(t, err)
			m := &Message{ID: 1, Type: tt.msg.Type(), Bytes: b, Opt: tt.opt}
			field, got, err := m.Annotate()
			require.NoError(t, err)
			require.NotNil(t, field)
			assert.Equal(t, tt.msg.Type().String(), field.Name)
			assert.Equal(t, 0, field.Offset)
			assert.Equal(t, len(b), field.Length)
			require.NotEmpty(t, field.Children)
			assert.Equal(t, "header", field.Children[0].Name)
			assert.Equal(t, tt.msg.Type(), got.Type())
			again, err := wire.Append(nil, got, tt.opt)
			require.NoError(t, err)
			assert.Equal(t, b, again, "decode-encode round trip")
			if up, ok := got.(*wire.Update); ok && len(up.NLRI) > 0 {
				if !tt.opt.AS4 {
					// AS_TRANS in AS_PATH, the real path in AS4_PATH.
					assert.Equal(t, "23456 65002", up.Attrs.ASPath.String())
					up.Attrs.MergeAS4()
				}
				assert.Equal(t, u.Attrs.ASPath.String(), up.Attrs.ASPath.String())
				assert.Equal(t, u.NLRI, up.NLRI)
			}
		})
	}

	t.Run("bytes are not modified", func(t *testing.T) {
		b, err := wire.Append(nil, u, as4)
		require.NoError(t, err)
		keep := append([]byte(nil), b...)
		m := &Message{Type: wire.TypeUpdate, Bytes: b, Opt: as4}
		_, _, err = m.Annotate()
		require.NoError(t, err)
		assert.Equal(t, keep, m.Bytes)
	})

	t.Run("options matter", func(t *testing.T) {
		// 4-octet AS bytes read as a 2-octet session give another
		// AS_PATH (or an error): Opt is what makes Annotate agree with
		// the receiver.
		b, err := wire.Append(nil, u, as4)
		require.NoError(t, err)
		m := &Message{Type: wire.TypeUpdate, Bytes: b}
		_, got, err := m.Annotate()
		if err == nil {
			assert.NotEqual(t, u.Attrs.ASPath.String(), got.(*wire.Update).Attrs.ASPath.String())
		}
	})

	t.Run("truncated", func(t *testing.T) {
		b, err := wire.Append(nil, u, as4)
		require.NoError(t, err)
		m := &Message{Type: wire.TypeUpdate, Bytes: b[:len(b)-3], Opt: as4}
		field, _, err := m.Annotate()
		assert.Error(t, err)
		assert.NotNil(t, field)
	})
}
