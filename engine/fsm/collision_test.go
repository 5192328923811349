package fsm

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/bgpplay/bgpplay/internal/testkit"
)

// grOpen is an OPEN with the Graceful Restart capability (restart time
// 120 s).
const grOpen = "04 fdea 005a 0a000002 06 | 02 04 | 40 02 0078"

// TestGracefulRestartReconnect: a peer that advertised graceful restart
// connects again while its session is still Established here. The new
// connection is accepted, and its OPEN ends the old session without a
// NOTIFICATION (RFC 4724 section 4.2).
func TestGracefulRestartReconnect(t *testing.T) {
	d := setup(t, "Active", nil)
	d.now = time.Second
	accept(d)
	old := d.id
	d.recvHex(msgHexStr(wire.TypeOpen, grOpen)).recvHex(keepalive).check("Established")

	d.now = 10 * time.Second
	accept(d)
	require.NotEqual(t, old, d.id)
	assert.Equal(t, []string{"send OPEN", "arm HoldTimer +4m0s", "Active>OpenSent"}, summary(d.now, d.acts))
	d.recvHex(msgHexStr(wire.TypeOpen, grOpen))
	assert.Equal(t, []string{"stop HoldTimer", "stop KeepaliveTimer", "close", "Established>Idle", "down",
		"send KEEPALIVE", "arm KeepaliveTimer +30s", "arm HoldTimer +1m30s", "OpenSent>OpenConfirm"},
		summary(d.now, d.acts))
	down := d.acts[4].(SessionDown)
	assert.Equal(t, old, down.Conn)
	assert.Equal(t, TCPConnectionFails, down.Event)
	assert.Nil(t, down.Sent)
	assert.NotNil(t, down.Session.PeerGR)
	d.recvHex(keepalive).check("Established")
	assert.Len(t, d.p.Conns(), 1)
}

// TestReconnectWithoutGracefulRestart: without graceful restart a second
// incoming connection is refused while one exists.
func TestReconnectWithoutGracefulRestart(t *testing.T) {
	d := setup(t, "Active", nil)
	d.now = time.Second
	accept(d)
	d.recvHex(msgHexStr(wire.TypeOpen, peerOpenHex)).recvHex(keepalive).check("Established")
	accept(d)
	assert.Equal(t, []string{"send NOTIFICATION 0605", "close"}, summary(d.now, d.acts))
	assert.Len(t, d.p.Conns(), 1)
}

// TestCollisionDetectEstablished: with CollisionDetectEstablished the
// identifiers decide against an Established session too.
func TestCollisionDetectEstablished(t *testing.T) {
	// We are 10.0.0.1 < 10.0.0.2: the connection the peer initiated
	// wins, so our Established outgoing session is closed.
	d := setup(t, "Established", func(c *Config) { c.CollisionDetectEstablished = true })
	old := d.id
	accept(d)
	d.recvHex(msgHexStr(wire.TypeOpen, peerOpenHex))
	assert.Equal(t, []string{"send NOTIFICATION 0607", "stop HoldTimer", "stop KeepaliveTimer", "close",
		"Established>Idle", "down", "send KEEPALIVE", "arm KeepaliveTimer +30s", "arm HoldTimer +1m30s",
		"OpenSent>OpenConfirm"}, summary(d.now, d.acts))
	assert.Equal(t, old, d.acts[4].(StateChanged).Conn)
	assert.Equal(t, OpenConfirm, d.p.State())
}

// TestKeepOutgoing checks the comparison of BGP Identifiers as unsigned
// 32-bit integers and the AS tie-break of RFC 6286 section 2.3.
func TestKeepOutgoing(t *testing.T) {
	for _, tt := range []struct {
		local, peer     string
		localAS, peerAS uint32
		want            bool
	}{
		{"10.0.0.2", "10.0.0.1", 1, 2, true},
		{"10.0.0.1", "10.0.0.2", 1, 2, false},
		{"128.0.0.1", "127.255.255.255", 1, 2, true},
		{"1.1.1.1", "1.1.1.1", 65002, 65001, true},
		{"1.1.1.1", "1.1.1.1", 65001, 65002, false},
	} {
		got, why := keepOutgoing(addr(tt.local), addr(tt.peer), tt.localAS, tt.peerAS)
		assert.Equal(t, tt.want, got, why)
		assert.NotEmpty(t, why)
	}
}

// TestCollisionOrder opens one connection each way, both in OpenSent, and
// delivers the peer's OPEN on one and then the other. The first OPEN
// meets a connection in OpenSent, which does not collide (its peer is not
// known yet); the second meets one in OpenConfirm and resolves the
// collision. We are 10.0.0.1, the peer 10.0.0.2: the connection the peer
// initiated (incoming) survives, whichever OPEN comes first.
func TestCollisionOrder(t *testing.T) {
	for _, first := range []Direction{Outgoing, Incoming} {
		t.Run("first OPEN on the "+first.String()+" connection", func(t *testing.T) {
			d := setup(t, "OpenSent", nil)
			out := d.id
			accept(d)
			in := d.id
			require.Len(t, d.p.Conns(), 2)
			open := testkit.Hex(t, msgHexStr(wire.TypeOpen, peerOpenHex))
			a, b := out, in
			if first == Incoming {
				a, b = in, out
			}
			d.do(d.p.BytesReceived(d.now, a, open))
			assert.Equal(t, []string{"send KEEPALIVE", "arm KeepaliveTimer +30s", "arm HoldTimer +1m30s",
				"OpenSent>OpenConfirm"}, summary(d.now, d.acts), "no collision with a connection in OpenSent")
			d.do(d.p.BytesReceived(d.now, b, open))
			var dumped []ConnID
			for _, x := range d.acts {
				if sc, ok := x.(StateChanged); ok && sc.Event == OpenCollisionDump {
					dumped = append(dumped, sc.Conn)
				}
			}
			assert.Equal(t, []ConnID{out}, dumped)
			assert.Contains(t, summary(d.now, d.acts), "send NOTIFICATION 0607")
			cs := d.p.Conns()
			require.Len(t, cs, 1)
			assert.Equal(t, in, cs[0].ID)
			assert.Equal(t, OpenConfirm, cs[0].State)
		})
	}
}
