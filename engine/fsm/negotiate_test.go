package fsm

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/bgpplay/bgpplay/internal/testkit"
)

// establish drives a peer configured by mod to Established with the
// peer's OPEN body open and returns what SessionUp reported.
func establish(t *testing.T, mod func(*Config), open string) (*driven, *Negotiated) {
	t.Helper()
	d := setup(t, "OpenSent", mod)
	d.now = 2 * time.Second
	d.recvHex(msgHexStr(wire.TypeOpen, open)).check("OpenConfirm")
	d.now = 3 * time.Second
	d.recvHex(keepalive).check("Established")
	for _, a := range d.acts {
		if up, ok := a.(SessionUp); ok {
			require.Same(t, up.Session, d.p.Session())
			return d, up.Session
		}
	}
	t.Fatal("no SessionUp")
	return nil, nil
}

func TestNegotiateHoldTime(t *testing.T) {
	tests := []struct {
		name            string
		mod             func(*Config)
		peerHold        string // hex
		hold, keepalive time.Duration
	}{
		{name: "equal", peerHold: "005a", hold: 90 * time.Second, keepalive: 30 * time.Second},
		{name: "the peer's is smaller", peerHold: "001e", hold: 30 * time.Second, keepalive: 10 * time.Second},
		{name: "ours is smaller", mod: func(c *Config) { c.HoldTime = 9 * time.Second }, peerHold: "00b4",
			hold: 9 * time.Second, keepalive: 3 * time.Second},
		{name: "KeepaliveTime caps the keepalive", mod: func(c *Config) { c.KeepaliveTime = 5 * time.Second },
			peerHold: "005a", hold: 90 * time.Second, keepalive: 5 * time.Second},
		{name: "the peer proposes 0", peerHold: "0000"},
		{name: "we propose 0", mod: func(c *Config) { c.ZeroHoldTime = true }, peerHold: "005a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, n := establish(t, tt.mod, "04 fdea "+tt.peerHold+" 0a000002 00")
			assert.Equal(t, tt.hold, n.HoldTime)
			assert.Equal(t, tt.keepalive, n.KeepaliveTime)
			c := d.p.find(d.id)
			assert.Equal(t, tt.hold != 0, c.hold.on, "hold timer running")
			assert.Equal(t, tt.hold != 0, c.keepalive.on, "keepalive timer running")
			if tt.hold == 0 {
				// No timers: a KEEPALIVE from the peer arms nothing.
				assert.Empty(t, summary(d.now, d.recvHex(keepalive).acts))
			}
		})
	}
}

func TestNegotiateCapabilities(t *testing.T) {
	v4, v6 := wire.IPv4Unicast, wire.IPv6Unicast
	tests := []struct {
		name  string
		mod   func(*Config)
		open  string
		check func(t *testing.T, n *Negotiated)
	}{
		{name: "2-octet peer: no AS4, IPv4 unicast implied",
			mod:  func(c *Config) { c.Families = []wire.Family{v4, v6} },
			open: "04 fdea 005a 0a000002 00",
			check: func(t *testing.T, n *Negotiated) {
				assert.False(t, n.AS4)
				assert.False(t, n.RecvOptions.AS4)
				assert.Equal(t, []wire.Family{v4}, n.Families)
				assert.Equal(t, uint32(65002), n.PeerAS)
				assert.False(t, n.Internal)
			}},
		{name: "4-octet AS behind AS_TRANS",
			mod:  func(c *Config) { c.LocalAS, c.PeerAS = 4200000001, 4200000002 },
			open: "04 5ba0 005a 0a000002 08 | 02 06 | 41 04 fa56ea02",
			check: func(t *testing.T, n *Negotiated) {
				assert.True(t, n.AS4)
				assert.True(t, n.RecvOptions.AS4)
				assert.True(t, n.SendOptions.AS4)
				assert.Equal(t, uint32(4200000002), n.PeerAS)
				assert.Equal(t, uint32(4200000001), n.LocalAS)
				assert.Equal(t, uint16(wire.ASTrans), n.LocalOpen.AS)
			}},
		{name: "families: the intersection in our order",
			mod:  func(c *Config) { c.Families = []wire.Family{v6, v4, {AFI: 1, SAFI: 2}} },
			open: "04 fdea 005a 0a000002 14 | 02 12 | 01 04 0001 00 01 | 01 04 0002 00 01 | 01 04 0019 00 46",
			check: func(t *testing.T, n *Negotiated) {
				assert.Equal(t, []wire.Family{v6, v4}, n.Families)
			}},
		{name: "ADD-PATH directions (RFC 7911 section 4)",
			mod: func(c *Config) {
				c.Families = []wire.Family{v4, v6}
				c.AddPathReceive = []wire.Family{v4, v6}
				c.AddPathSend = []wire.Family{v6}
			},
			// IPv4: the peer can send (we receive); IPv6: the peer can
			// only receive (we send, but do not receive).
			open: "04 fdea 005a 0a000002 18 | 02 16 | 01 04 0001 00 01 | 01 04 0002 00 01 | 45 08 0001 01 02 0002 01 01",
			check: func(t *testing.T, n *Negotiated) {
				assert.Equal(t, []wire.AddPathFamily{{Family: v4, Mode: wire.AddPathReceive},
					{Family: v6, Mode: wire.AddPathSend}}, n.AddPath)
				assert.Equal(t, []wire.Family{v4}, n.RecvOptions.AddPath)
				assert.Equal(t, []wire.Family{v6}, n.SendOptions.AddPath)
			}},
		{name: "ADD-PATH both ways",
			mod:  func(c *Config) { c.AddPathReceive, c.AddPathSend = []wire.Family{v4}, []wire.Family{v4} },
			open: "04 fdea 005a 0a000002 0e | 02 0c | 01 04 0001 00 01 | 45 04 0001 01 03",
			check: func(t *testing.T, n *Negotiated) {
				assert.Equal(t, []wire.AddPathFamily{{Family: v4, Mode: wire.AddPathBoth}}, n.AddPath)
				assert.Equal(t, []wire.Family{v4}, n.RecvOptions.AddPath)
				assert.Equal(t, []wire.Family{v4}, n.SendOptions.AddPath)
			}},
		{name: "ADD-PATH: we receive, the peer only receives too",
			mod:  func(c *Config) { c.AddPathReceive = []wire.Family{v4} },
			open: "04 fdea 005a 0a000002 08 | 02 06 | 45 04 0001 01 01",
			check: func(t *testing.T, n *Negotiated) {
				assert.Empty(t, n.AddPath)
				assert.Empty(t, n.RecvOptions.AddPath)
			}},
		{name: "ADD-PATH with an invalid mode is ignored",
			mod:  func(c *Config) { c.AddPathReceive = []wire.Family{v4} },
			open: "04 fdea 005a 0a000002 08 | 02 06 | 45 04 0001 01 07",
			check: func(t *testing.T, n *Negotiated) {
				assert.Empty(t, n.AddPath)
			}},
		{name: "extended message, route refresh, enhanced route refresh on both sides",
			mod:  func(c *Config) { c.ExtendedMessage, c.RouteRefresh, c.EnhancedRouteRefresh = true, true, true },
			open: "04 fdea 005a 0a000002 08 | 02 06 | 06 00 | 80 00 | 46 00",
			check: func(t *testing.T, n *Negotiated) {
				assert.True(t, n.ExtendedMessage)
				assert.True(t, n.RecvOptions.ExtendedMessage)
				assert.True(t, n.SendOptions.ExtendedMessage)
				assert.True(t, n.RouteRefresh, "the Cisco code counts")
				assert.True(t, n.EnhancedRouteRefresh)
			}},
		{name: "extended message on one side only",
			mod:  func(c *Config) { c.ExtendedMessage = true },
			open: "04 fdea 005a 0a000002 00",
			check: func(t *testing.T, n *Negotiated) {
				assert.False(t, n.ExtendedMessage)
				assert.False(t, n.RecvOptions.ExtendedMessage)
			}},
		{name: "the peer's graceful restart and role",
			mod:  func(c *Config) { c.Role = &RoleConfig{Role: wire.RoleCustomer}; c.GracefulRestart = &GRConfig{} },
			open: "04 fdea 005a 0a000002 0d | 02 0b | 40 06 8078 0001 01 80 | 09 01 00",
			check: func(t *testing.T, n *Negotiated) {
				require.NotNil(t, n.PeerGR)
				assert.Equal(t, wire.GracefulRestartCap{Restarting: true, Time: 120,
					Families: []wire.GRFamily{{Family: v4, ForwardingPreserved: true}}}, *n.PeerGR)
				assert.True(t, n.LocalGR)
				require.NotNil(t, n.PeerRole)
				assert.Equal(t, wire.RoleProvider, *n.PeerRole)
				assert.Equal(t, wire.RoleCustomer, *n.LocalRole)
				assert.NotEmpty(t, n.String())
			}},
		{name: "internal session",
			mod:  func(c *Config) { c.PeerAS = 65001 },
			open: "04 fde9 005a 0a000002 00",
			check: func(t *testing.T, n *Negotiated) {
				assert.True(t, n.Internal)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, n := establish(t, tt.mod, tt.open)
			tt.check(t, n)
		})
	}
}

// TestNegotiatedOptionsApply checks that the negotiated options decode
// what arrives: an UPDATE longer than 4096 octets is accepted with
// extended messages, and an ADD-PATH path identifier is read.
func TestNegotiatedOptionsApply(t *testing.T) {
	t.Run("extended message", func(t *testing.T) {
		d, _ := establish(t, func(c *Config) { c.ExtendedMessage = true }, "04 fdea 005a 0a000002 04 | 02 02 | 06 00")
		// An UPDATE withdrawing 2500 /8 prefixes (5000 octets of
		// withdrawn routes): 5023 octets.
		body := []byte{0x13, 0x88}
		for range 2500 {
			body = append(body, 8, 10)
		}
		body = append(body, 0, 0)
		msg := append(testkit.Hex(t, marker+"139f02"), body...)
		require.Len(t, msg, 5023)
		d.recv(msg)
		require.Equal(t, "Established", d.p.State().String())
		require.Equal(t, []string{"received UPDATE", "arm HoldTimer +1m30s"}, summary(d.now, d.acts))
	})
	t.Run("too long without extended message", func(t *testing.T) {
		d, _ := establish(t, nil, "04 fdea 005a 0a000002 00")
		d.recvHex(marker + "139f02")
		assert.Equal(t, "send NOTIFICATION 0102139f", summary(d.now, d.acts)[0])
	})
	t.Run("ADD-PATH receive", func(t *testing.T) {
		d, _ := establish(t, func(c *Config) { c.AddPathReceive = []wire.Family{wire.IPv4Unicast} },
			"04 fdea 005a 0a000002 08 | 02 06 | 45 04 0001 01 02")
		// Withdraw 10.1.0.0/16 with path identifier 7.
		d.recvHex(msgHexStr(wire.TypeUpdate, "0007 00000007 10 0a01 0000"))
		require.Len(t, d.acts, 2)
		u := d.acts[0].(Received).Msg.(*wire.Update)
		require.Len(t, u.Withdrawn, 1)
		assert.Equal(t, uint32(7), u.Withdrawn[0].PathID)
		assert.Equal(t, "10.1.0.0/16", u.Withdrawn[0].Prefix.String())
	})
}
