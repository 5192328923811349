package fsm

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/bgpplay/bgpplay/internal/testkit"
)

// conn returns the one connection of peer i, which must be Established.
func (s *sim) established(i int) ConnInfo {
	s.t.Helper()
	cs := s.peers[i].Conns()
	require.Len(s.t, cs, 1, "%s\n%s", s.names[i], s.dump())
	require.Equal(s.t, Established, cs[0].State, "%s\n%s", s.names[i], s.dump())
	return cs[0]
}

// count counts trace lines of peer i containing sub after time from.
func (s *sim) count(i int, sub string) int {
	n := 0
	for _, l := range s.trace {
		if strings.Contains(l, " "+s.names[i]+" ") && strings.Contains(l, sub) {
			n++
		}
	}
	return n
}

func TestScenarioEstablishAndKeepalives(t *testing.T) {
	s := newSim(t, cfgA(), cfgB(), 1)
	s.start(0, 1)
	s.start(time.Second, 0)
	s.run(10 * time.Minute)
	a, b := s.established(0), s.established(1)
	assert.Equal(t, a.Direction, Outgoing, "A connected last, to B, which was waiting in Idle and took it")
	assert.Equal(t, b.Direction, Incoming)
	require.Len(t, s.ups[0], 1)
	require.Len(t, s.ups[1], 1)
	assert.Empty(t, s.downs[0])
	assert.Empty(t, s.downs[1])
	// About 10 minutes / (30 s * [0.75, 1)) KEEPALIVEs each, plus the
	// one confirming the OPEN.
	for i := range 2 {
		n := s.count(i, "send #") - s.count(i, "OPEN") - s.count(i, "NOTIFICATION")
		assert.GreaterOrEqual(t, n, 20, s.names[i])
		assert.LessOrEqual(t, n, 28, s.names[i])
	}
	assert.Zero(t, s.count(0, "HoldTimer_Expires"))
}

func TestScenarioHoldTimerExpires(t *testing.T) {
	s := newSim(t, cfgA(), cfgB(), 2)
	s.start(0, 0)
	s.start(0, 1)
	s.run(time.Minute)
	s.established(0)
	s.mute[1] = true // B's messages are lost from now on
	s.run(3 * time.Minute)
	require.Len(t, s.downs[0], 1, s.dump())
	d := s.downs[0][0]
	assert.Equal(t, HoldTimerExpires, d.Event)
	assert.Equal(t, &wire.Notification{Code: wire.CodeHoldTimerExpired}, d.Sent)
	assert.Nil(t, d.Received)
	// The hold timer expired 90 s after the last message from B.
	lines := s.grep("A send #")
	var notif string
	for _, l := range lines {
		if strings.Contains(l, "NOTIFICATION Hold Timer Expired") {
			notif = l
		}
	}
	require.NotEmpty(t, notif, s.dump())
	// B's session ends too: it receives A's NOTIFICATION.
	require.Len(t, s.downs[1], 1)
	assert.Equal(t, NotifMsg, s.downs[1][0].Event)
	assert.Equal(t, d.Sent, s.downs[1][0].Received)
}

// TestScenarioCollision starts both peers at the same moment: each
// connects to the other, both connections reach OpenSent, and RFC 4271
// section 6.8 keeps the one initiated by the higher BGP Identifier. The
// other is closed with Cease / Connection Collision Resolution, by both
// sides.
func TestScenarioCollision(t *testing.T) {
	for _, tt := range []struct {
		name   string
		idA    string
		winner int // the peer whose outgoing connection survives
	}{
		{name: "B has the higher identifier", idA: "10.0.0.1", winner: 1},
		{name: "A has the higher identifier", idA: "10.0.0.3", winner: 0},
		{name: "identifiers compared as unsigned integers", idA: "192.0.2.1", winner: 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := cfgA()
			a.LocalID = netip.MustParseAddr(tt.idA)
			s := newSim(t, a, cfgB(), 3)
			s.start(0, 0)
			s.start(0, 1)
			s.run(time.Minute)
			w, l := s.established(tt.winner), s.established(1-tt.winner)
			assert.Equal(t, Outgoing, w.Direction, s.dump())
			assert.Equal(t, Incoming, l.Direction)
			for i := range 2 {
				assert.Equal(t, 1, s.count(i, "NOTIFICATION Cease / Connection Collision Resolution"), s.names[i])
				assert.Equal(t, 1, s.count(i, "OpenCollisionDump (event 23)"), s.names[i])
				assert.Len(t, s.ups[i], 1)
				assert.Empty(t, s.downs[i])
			}
			// The connection closed is the one the lower identifier
			// initiated.
			loserConn := s.links[end{tt.winner, w.ID}]
			assert.Equal(t, 1-tt.winner, loserConn.peer)
		})
	}
}

// TestScenarioCollisionWithEstablished opens a second connection to a
// peer whose session is Established: the new connection is closed, the
// session stays.
func TestScenarioCollisionWithEstablished(t *testing.T) {
	s := newSim(t, cfgA(), cfgB(), 4)
	s.start(0, 1)
	s.start(time.Second, 0)
	s.run(time.Minute)
	s.established(0)
	// A's session runs on its outgoing connection; a second, incoming
	// one arrives and sends an OPEN.
	id, acts := s.peers[0].TCPAccepted(s.now)
	s.apply(0, acts)
	require.Equal(t, []string{"send OPEN", "arm HoldTimer +4m0s", "Active>OpenSent"}, summary(s.now, acts))
	s.apply(0, s.peers[0].BytesReceived(s.now, id, testkit.Hex(t, msgHexStr(wire.TypeOpen, "04 fdea 005a 0a000002 00"))))
	assert.Equal(t, Established, s.peers[0].State())
	assert.Len(t, s.peers[0].Conns(), 1)
	assert.Equal(t, 1, s.count(0, "NOTIFICATION Cease / Connection Collision Resolution"))
}

func TestScenarioPassive(t *testing.T) {
	b := cfgB()
	b.Passive = true
	s := newSim(t, cfgA(), b, 5)
	s.start(0, 1)
	s.start(time.Second, 0)
	s.run(time.Minute)
	assert.Equal(t, Incoming, s.established(1).Direction)
	assert.Zero(t, s.count(1, "dial"), "the passive peer never connected")
}

// TestScenarioBothPassive shows RFC 4271's PassiveTcpEstablishment: both
// wait, until a ConnectRetryTimer expires and its peer connects.
func TestScenarioBothPassive(t *testing.T) {
	a, b := cfgA(), cfgB()
	a.Passive, b.Passive = true, true
	s := newSim(t, a, b, 6)
	s.start(0, 0)
	s.start(0, 1)
	s.run(80 * time.Second)
	assert.Equal(t, Active, s.peers[0].State())
	assert.Equal(t, Active, s.peers[1].State())
	s.run(3 * time.Minute)
	s.established(0)
	s.established(1)
	assert.Equal(t, 1, s.count(0, "ConnectRetryTimer_Expires")+s.count(1, "ConnectRetryTimer_Expires"))
}

func TestScenarioDelayOpen(t *testing.T) {
	a := cfgA()
	a.DelayOpenTime = 5 * time.Second
	s := newSim(t, a, cfgB(), 7)
	s.start(0, 1)
	s.start(time.Second, 0)
	s.run(time.Minute)
	s.established(0)
	// A waited, B's OPEN arrived first, A answered with OPEN and
	// KEEPALIVE at once (event 20).
	assert.Equal(t, 1, s.count(0, "Connect -> OpenConfirm on BGPOpen with DelayOpenTimer running (event 20)"), s.dump())
	assert.Zero(t, s.count(0, "DelayOpenTimer_Expires"))

	// Both delaying: nobody speaks until a DelayOpenTimer expires.
	b := cfgB()
	b.DelayOpenTime = 5 * time.Second
	s = newSim(t, a, b, 7)
	s.start(0, 1)
	s.start(time.Second, 0)
	s.run(time.Minute)
	s.established(0)
	assert.Equal(t, 2, s.count(0, "DelayOpenTimer_Expires")+s.count(1, "DelayOpenTimer_Expires"), s.dump())
}

func TestScenarioStopWithShutdownCommunication(t *testing.T) {
	s := newSim(t, cfgA(), cfgB(), 8)
	s.start(0, 0)
	s.start(0, 1)
	s.run(time.Minute)
	s.at(s.now+time.Second, 0, func(p *Peer) []Action { return p.Stop(s.now, "maintenance") })
	s.run(5 * time.Minute)
	require.Len(t, s.downs[1], 1)
	got := s.downs[1][0].Received
	require.NotNil(t, got)
	msg, ok := got.ShutdownCommunication()
	assert.True(t, ok)
	assert.Equal(t, "maintenance", msg)
	assert.Equal(t, Idle, s.peers[0].State())
	assert.NotEqual(t, Established, s.peers[1].State())
	// B keeps trying; A refuses with Cease / Connection Rejected.
	assert.Greater(t, s.count(0, "NOTIFICATION Cease / Connection Rejected"), 10)
}

func TestScenarioReset(t *testing.T) {
	s := newSim(t, cfgA(), cfgB(), 9)
	s.start(0, 0)
	s.start(0, 1)
	s.run(time.Minute)
	s.at(s.now+time.Second, 0, func(p *Peer) []Action { return p.Reset(s.now, "") })
	s.run(2 * time.Minute)
	s.established(0)
	s.established(1)
	require.Len(t, s.downs[1], 1)
	assert.Equal(t, &wire.Notification{Code: wire.CodeCease, Subcode: wire.SubAdministrativeReset}, s.downs[1][0].Received)
	assert.Len(t, s.ups[0], 2)
}

// TestScenarioDamping keeps B unreachable: A retries after IdleHoldTime,
// doubled after each failure up to MaxIdleHoldTime.
func TestScenarioDamping(t *testing.T) {
	a := cfgA()
	a.DampPeerOscillations = true
	s := newSim(t, a, cfgB(), 10)
	s.down[1] = true
	s.start(0, 0)
	s.run(20 * time.Minute)
	var waits []time.Duration
	for _, l := range s.trace {
		if strings.Contains(l, "arm IdleHoldTimer") {
			f := strings.Fields(l)
			at, err := time.ParseDuration(f[len(f)-1])
			require.NoError(t, err)
			now, err := time.ParseDuration(f[0])
			require.NoError(t, err)
			waits = append(waits, at-now)
		}
	}
	require.Greater(t, len(waits), 8)
	base := []time.Duration{5, 10, 20, 40, 80, 120, 120}
	for i, b := range base {
		assert.LessOrEqual(t, waits[i], b*time.Second, "wait %d", i)
		assert.Greater(t, waits[i], b*time.Second*3/4, "wait %d", i)
	}
	assert.Equal(t, Idle, s.peers[0].State())
}

// TestScenarioUpdates sends UPDATEs both ways and a ROUTE-REFRESH.
func TestScenarioUpdates(t *testing.T) {
	a, b := cfgA(), cfgB()
	a.RouteRefresh, b.RouteRefresh = true, true
	s := newSim(t, a, b, 11)
	s.start(0, 0)
	s.start(0, 1)
	s.run(time.Minute)
	u := &wire.Update{NLRI: []wire.NLRI{{Prefix: netip.MustParsePrefix("10.1.0.0/16")}}}
	u.Attrs.Set(wire.AttrOrigin)
	u.Attrs.Set(wire.AttrASPath)
	u.Attrs.ASPath = wire.ASPath{Segments: []wire.Segment{{Type: wire.SegmentSequence, ASNs: []uint32{65001}}}}
	u.Attrs.Set(wire.AttrNextHop)
	u.Attrs.NextHop = netip.MustParseAddr("10.0.0.1")
	acts, err := s.peers[0].Send(s.now, u)
	require.NoError(t, err)
	s.apply(0, acts)
	acts, err = s.peers[1].Send(s.now, &wire.RouteRefresh{Family: wire.IPv4Unicast})
	require.NoError(t, err)
	s.apply(1, acts)
	_, err = s.peers[1].Send(s.now, &wire.RouteRefresh{Family: wire.IPv4Unicast, Subtype: wire.RefreshBoRR})
	assert.Error(t, err, "enhanced route refresh was not negotiated")
	_, err = s.peers[1].Send(s.now, &wire.Keepalive{})
	assert.Error(t, err)
	s.run(2 * time.Minute)
	require.Len(t, s.recv[1], 1)
	got := s.recv[1][0].Msg.(*wire.Update)
	assert.Equal(t, u.NLRI, got.NLRI)
	assert.Equal(t, []uint32{65001}, got.Attrs.ASPath.Segments[0].ASNs)
	require.Len(t, s.recv[0], 1)
	assert.Equal(t, &wire.RouteRefresh{Family: wire.IPv4Unicast}, s.recv[0][0].Msg)

	_, err = s.peers[0].Send(s.now, u)
	require.NoError(t, err)
	s.apply(0, s.peers[0].Stop(s.now, ""))
	_, err = s.peers[0].Send(s.now, u)
	assert.ErrorIs(t, err, ErrNotEstablished)
}

// TestDeterminism runs the same scenario twice with the same seed and
// compares the traces; another seed gives another run.
func TestDeterminism(t *testing.T) {
	run := func(seed uint64) string {
		s := newSim(t, cfgA(), cfgB(), seed)
		s.start(0, 0)
		s.start(0, 1)
		s.run(time.Minute)
		s.mute[1] = true
		s.run(5 * time.Minute)
		s.mute[1] = false
		s.run(10 * time.Minute)
		return s.dump()
	}
	first := run(42)
	assert.Equal(t, first, run(42))
	assert.NotEqual(t, first, run(43))
}
