package speaker

import (
	"encoding/binary"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawAttr encodes one path attribute with a one-octet length.
func rawAttr(flags byte, typ wire.AttrType, val ...byte) []byte {
	return append([]byte{flags, byte(typ), byte(len(val))}, val...)
}

// be32 is v in network order.
func be32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

// asSeq4 is an AS_PATH attribute of one AS_SEQUENCE of 4-octet ASNs.
func asSeq4(asns ...uint32) []byte {
	v := []byte{byte(wire.SegmentSequence), byte(len(asns))}
	for _, as := range asns {
		v = append(v, be32(as)...)
	}
	return rawAttr(0x40, wire.AttrASPath, v...)
}

// rawUpdate builds a whole UPDATE message from its parts.
func rawUpdate(withdrawn []netip.Prefix, attrs [][]byte, nlri []netip.Prefix) []byte {
	var w, a, n []byte
	for _, p := range withdrawn {
		w = wire.AppendPrefix(w, p)
	}
	for _, x := range attrs {
		a = append(a, x...)
	}
	for _, p := range nlri {
		n = wire.AppendPrefix(n, p)
	}
	body := binary.BigEndian.AppendUint16(nil, uint16(len(w)))
	body = append(body, w...)
	body = binary.BigEndian.AppendUint16(body, uint16(len(a)))
	body = append(append(body, a...), n...)
	return rawMessage(wire.TypeUpdate, body)
}

// rawMessage puts a BGP header in front of body.
func rawMessage(t wire.MessageType, body []byte) []byte {
	m := make([]byte, 16, wire.HeaderLen+len(body))
	for i := range m {
		m[i] = 0xff
	}
	m = binary.BigEndian.AppendUint16(m, uint16(wire.HeaderLen+len(body)))
	m = append(m, byte(t))
	return append(m, body...)
}

var (
	nhB     = netip.MustParseAddr("192.0.2.2").As4()
	origin  = rawAttr(0x40, wire.AttrOrigin, 0)
	nextHop = rawAttr(0x40, wire.AttrNextHop, nhB[:]...)
	p1      = pfx("203.0.113.0/24")
	p2      = pfx("198.51.100.0/24")
	p3      = pfx("192.0.2.128/25")
)

// established returns A and B with their sessions up; B is in AS asB.
func establishedPair(t *testing.T, asB uint32) *harness {
	t.Helper()
	a, b := pair(65001, asB)
	h := newHarness(t, 1, a, b)
	h.established()
	h.run(time.Second)
	return h
}

// events returns the text of A's trace events of kind update-error.
func updateErrors(h *harness, from int) []string {
	var out []string
	for _, l := range h.log[from:] {
		if i := strings.Index(l, "update-error peer B: "); i >= 0 {
			out = append(out, l[i+len("update-error peer B: "):])
		}
	}
	return out
}

func TestReceiveSessionChecks(t *testing.T) {
	withLP := [][]byte{origin, asSeq4(65002, 65010), nextHop, rawAttr(0x40, wire.AttrLocalPref, be32(500)...)}
	tests := []struct {
		name      string
		asB       uint32
		attrs     [][]byte
		wantBest  bool
		wantError []string
		check     func(t *testing.T, p *wire.Attributes)
	}{
		{
			name: "LOCAL_PREF from an external peer is discarded", asB: 65002, attrs: withLP, wantBest: true,
			wantError: []string{"attribute-discard: LOCAL_PREF from an external peer"},
			check:     func(t *testing.T, a *wire.Attributes) { assert.False(t, a.Has(wire.AttrLocalPref)) },
		},
		{
			name: "LOCAL_PREF from an internal peer is kept", asB: 65001,
			attrs:    [][]byte{origin, rawAttr(0x40, wire.AttrASPath), nextHop, rawAttr(0x40, wire.AttrLocalPref, be32(500)...)},
			wantBest: true,
			check: func(t *testing.T, a *wire.Attributes) {
				require.True(t, a.Has(wire.AttrLocalPref))
				assert.EqualValues(t, 500, a.LocalPref)
			},
		},
		{
			name: "ORIGINATOR_ID and CLUSTER_LIST from an external peer are discarded", asB: 65002,
			attrs: [][]byte{origin, asSeq4(65002), nextHop,
				rawAttr(0x80, wire.AttrOriginatorID, 10, 9, 9, 9),
				rawAttr(0x80, wire.AttrClusterList, 10, 8, 8, 8)},
			wantBest: true,
			wantError: []string{
				"attribute-discard: ORIGINATOR_ID from an external peer",
				"attribute-discard: CLUSTER_LIST from an external peer",
			},
			check: func(t *testing.T, a *wire.Attributes) {
				assert.False(t, a.Has(wire.AttrOriginatorID))
				assert.False(t, a.Has(wire.AttrClusterList))
				assert.Empty(t, a.ClusterList)
			},
		},
		{
			name: "AS_PATH not starting with the peer's AS", asB: 65002,
			attrs:     [][]byte{origin, asSeq4(65009, 65002), nextHop},
			wantError: []string{"treat-as-withdraw: AS_PATH starts with AS 65009, not the peer's AS 65002"},
		},
		{
			name: "empty AS_PATH from an external peer", asB: 65002,
			attrs:     [][]byte{origin, rawAttr(0x40, wire.AttrASPath), nextHop},
			wantError: []string{"treat-as-withdraw: AS_PATH starts with AS 0, not the peer's AS 65002"},
		},
		{
			name: "confederation segment from an external peer", asB: 65002,
			attrs: [][]byte{origin, rawAttr(0x40, wire.AttrASPath,
				byte(wire.SegmentConfedSequence), 1, 0, 0, 0xfd, 0xf0,
				byte(wire.SegmentSequence), 1, 0, 0, 0xfd, 0xea), nextHop},
			wantError: []string{"treat-as-withdraw: AS_PATH from an external peer holds a confederation segment"},
		},
		{
			name: "ORIGIN with an undefined value", asB: 65002,
			attrs:     [][]byte{rawAttr(0x40, wire.AttrOrigin, 7), asSeq4(65002), nextHop},
			wantError: []string{"treat-as-withdraw: ", "ORIGIN value 7 is undefined"},
		},
		{
			name: "MED of the wrong length", asB: 65002,
			attrs:     [][]byte{origin, asSeq4(65002), nextHop, rawAttr(0x80, wire.AttrMED, 0, 0, 1)},
			wantError: []string{"treat-as-withdraw: ", "MULTI_EXIT_DISC length 3"},
		},
		{
			name: "missing NEXT_HOP", asB: 65002,
			attrs:     [][]byte{origin, asSeq4(65002)},
			wantError: []string{"treat-as-withdraw: "},
		},
		{
			name: "multicast NEXT_HOP", asB: 65002,
			attrs:     [][]byte{origin, asSeq4(65002), rawAttr(0x40, wire.AttrNextHop, 224, 0, 0, 1)},
			wantError: []string{"treat-as-withdraw: ", "NEXT_HOP"},
		},
		{
			name: "AGGREGATOR of the wrong length is discarded", asB: 65002,
			attrs:     [][]byte{origin, asSeq4(65002), nextHop, rawAttr(0xc0, wire.AttrAggregator, 0, 0, 1)},
			wantBest:  true,
			wantError: []string{"attribute-discard: ", "AGGREGATOR length 3"},
			check:     func(t *testing.T, a *wire.Attributes) { assert.False(t, a.Has(wire.AttrAggregator)) },
		},
		{
			name: "ATOMIC_AGGREGATE with a value is discarded", asB: 65002,
			attrs:     [][]byte{origin, asSeq4(65002), nextHop, rawAttr(0x40, wire.AttrAtomicAggregate, 1)},
			wantBest:  true,
			wantError: []string{"attribute-discard: ", "ATOMIC_AGGREGATE"},
			check:     func(t *testing.T, a *wire.Attributes) { assert.False(t, a.Has(wire.AttrAtomicAggregate)) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := establishedPair(t, tt.asB)
			// A first learns p1 and p2 from B, correctly.
			asPath := asSeq4(tt.asB, 65010)
			if tt.asB == 65001 {
				asPath = rawAttr(0x40, wire.AttrASPath)
			}
			h.inject("A", "B", rawUpdate(nil, [][]byte{origin, asPath, nextHop}, []netip.Prefix{p1, p2}))
			require.NotNil(t, h.sp["A"].Best(p1))
			require.NotNil(t, h.sp["A"].Best(p2))

			// Then an UPDATE for p1 and p3 with the attributes under test.
			from := len(h.log)
			h.inject("A", "B", rawUpdate(nil, tt.attrs, []netip.Prefix{p1, p3}))
			h.run(time.Second)
			a := h.sp["A"]
			got := updateErrors(h, from)
			if len(tt.wantError) == 0 {
				assert.Empty(t, got)
			} else {
				joined := strings.Join(got, "\n")
				for _, w := range tt.wantError {
					assert.Contains(t, joined, w)
				}
			}
			require.NotNil(t, a.Best(p2), "a route the UPDATE did not name is untouched")
			st, _ := a.Peer("B")
			assert.Equal(t, fsm.Established, st.State, "the session survives")
			if tt.wantBest {
				require.NotNil(t, a.Best(p1))
				require.NotNil(t, a.Best(p3))
				for _, p := range a.AdjIn("B") {
					if p.Prefix == p1 && tt.check != nil {
						tt.check(t, &p.Received.Attributes)
						tt.check(t, &p.Attrs.Attributes)
					}
				}
			} else {
				assert.Nil(t, a.Best(p1), "treat-as-withdraw removes the earlier route")
				assert.Nil(t, a.Best(p3))
				for _, p := range a.AdjIn("B") {
					assert.NotEqual(t, p1, p.Prefix)
					assert.NotEqual(t, p3, p.Prefix)
				}
			}
			checkRIBs(t, a)
		})
	}
}

func TestReceiveTreatAsWithdrawWithdrawsEverything(t *testing.T) {
	// A malformed UPDATE that also withdraws a route and announces IPv6
	// routes: every prefix in it is withdrawn.
	fams := []wire.Family{wire.IPv4Unicast, wire.IPv6Unicast}
	a, b := pair(65001, 65002)
	a.Peers[0].Session.Families, b.Peers[0].Session.Families = fams, fams
	h := newHarness(t, 1, a, b)
	h.established()
	v6 := pfx("2001:db8:b::/48")
	opt := h.sp["B"].by["A"].sess.SendOptions
	good := &wire.Update{}
	good.Attrs.Set(wire.AttrOrigin)
	good.Attrs.Set(wire.AttrASPath)
	good.Attrs.ASPath = wire.ASPath{Segments: []wire.Segment{{Type: wire.SegmentSequence, ASNs: []uint32{65002}}}}
	good.Attrs.Set(wire.AttrNextHop)
	good.Attrs.NextHop = netip.AddrFrom4(nhB)
	good.NLRI = []wire.NLRI{{Prefix: p1}, {Prefix: p2}}
	b4, err := wire.Append(nil, good, opt)
	require.NoError(t, err)
	h.inject("A", "B", b4)
	good6 := &wire.Update{Attrs: good.Attrs}
	good6.Attrs.Clear(wire.AttrNextHop)
	good6.Attrs.Set(wire.AttrMPReach)
	good6.Attrs.MPReach = wire.MPReach{Family: wire.IPv6Unicast, NextHop: netip.MustParseAddr("2001:db8::2"), NLRI: []wire.NLRI{{Prefix: v6}}}
	b6, err := wire.Append(nil, good6, opt)
	require.NoError(t, err)
	h.inject("A", "B", b6)
	for _, p := range []netip.Prefix{p1, p2, v6} {
		require.NotNil(t, h.sp["A"].Best(p), p)
	}

	// ORIGIN undefined: treat-as-withdraw for the IPv4 NLRI and the
	// IPv6 NLRI of MP_REACH_NLRI alike.
	mp, err := good6.Attrs.Append(nil, opt)
	require.NoError(t, err)
	var mpAttr []byte
	for rest := mp; len(rest) > 0; {
		l := int(rest[2]) + 3
		if rest[0]&0x10 != 0 {
			l = int(binary.BigEndian.Uint16(rest[2:])) + 4
		}
		if wire.AttrType(rest[1]) == wire.AttrMPReach {
			mpAttr = rest[:l]
		}
		rest = rest[l:]
	}
	require.NotNil(t, mpAttr)
	bad := rawUpdate([]netip.Prefix{p2}, [][]byte{rawAttr(0x40, wire.AttrOrigin, 9), asSeq4(65002), nextHop, mpAttr}, []netip.Prefix{p1})
	h.inject("A", "B", bad)
	for _, p := range []netip.Prefix{p1, p2, v6} {
		assert.Nil(t, h.sp["A"].Best(p), p)
	}
	assert.Empty(t, h.sp["A"].AdjIn("B"))
	st, _ := h.sp["A"].Peer("B")
	assert.Equal(t, fsm.Established, st.State)
	checkRIBs(t, h.sp["A"])
}

func TestReceiveLoopsKeptButUnused(t *testing.T) {
	h := establishedPair(t, 65002)
	h.inject("A", "B", rawUpdate(nil, [][]byte{origin, asSeq4(65002, 65001), nextHop}, []netip.Prefix{p1}))
	in := h.sp["A"].AdjIn("B")
	require.Len(t, in, 1, "a looping route stays in the Adj-RIB-In")
	assert.Nil(t, in[0].Attrs)
	assert.Nil(t, h.sp["A"].Best(p1))
	st, _ := h.sp["A"].Peer("B")
	assert.Equal(t, 1, st.Received)
	assert.Equal(t, 0, st.Accepted)
	assert.Nil(t, h.sp["A"].Route(p1), "not in the Loc-RIB")
	assert.Empty(t, h.sp["A"].LocRIB())
	checkRIBs(t, h.sp["A"])

	// The same prefix without the loop replaces it, and the loop again.
	steps := []struct {
		name     string
		asPath   []byte
		accepted int
	}{
		{"without the loop", asSeq4(65002), 1},
		{"looping again", asSeq4(65002, 65001), 0},
		{"without the loop again", asSeq4(65002, 65010), 1},
	}
	for _, st := range steps {
		h.inject("A", "B", rawUpdate(nil, [][]byte{origin, st.asPath, nextHop}, []netip.Prefix{p1}))
		require.Len(t, h.sp["A"].AdjIn("B"), 1, st.name)
		ps, _ := h.sp["A"].Peer("B")
		assert.Equal(t, 1, ps.Received, st.name)
		assert.Equal(t, st.accepted, ps.Accepted, st.name)
		assert.Equal(t, st.accepted == 1, h.sp["A"].Best(p1) != nil, st.name)
		checkRIBs(t, h.sp["A"])
	}

	// A withdrawn looping path leaves nothing behind.
	h.inject("A", "B", rawUpdate(nil, [][]byte{origin, asSeq4(65002, 65001), nextHop}, []netip.Prefix{p1}))
	h.inject("A", "B", rawUpdate([]netip.Prefix{p1}, nil, nil))
	assert.Empty(t, h.sp["A"].AdjIn("B"))
	st, _ = h.sp["A"].Peer("B")
	assert.Zero(t, st.Received)
	assert.Zero(t, st.Accepted)
	assert.Nil(t, h.sp["A"].loc.Get(p1), "the destination is gone")
	checkRIBs(t, h.sp["A"])
}

// TestOriginatedBesideLearned: a prefix both learned and originated has
// two paths; Withdraw removes our own only, and a learned prefix cannot
// be withdrawn as if it were ours.
func TestOriginatedBesideLearned(t *testing.T) {
	h := establishedPair(t, 65002)
	h.inject("A", "B", rawUpdate(nil, [][]byte{origin, asSeq4(65002), nextHop}, []netip.Prefix{p1, p2}))
	a := h.sp["A"]
	_, err := a.Withdraw(h.now, p2)
	require.Error(t, err)
	assert.Equal(t, "speaker A: 198.51.100.0/24 is not originated here", err.Error())

	_, err = a.Announce(h.now, p1, nil)
	require.NoError(t, err)
	assert.Equal(t, []netip.Prefix{p1}, a.Originated())
	require.Len(t, a.Route(p1).Paths, 2)
	assert.True(t, a.Best(p1).Peer.Local, "our own route wins (empty AS_PATH)")

	_, err = a.Withdraw(h.now, p1)
	require.NoError(t, err)
	assert.Empty(t, a.Originated())
	require.Len(t, a.Route(p1).Paths, 1)
	assert.Equal(t, "B", a.Best(p1).Peer.Name, "the learned path is left")
	_, err = a.Withdraw(h.now, p1)
	require.Error(t, err, "withdrawing twice")
	checkRIBs(t, a)
}
