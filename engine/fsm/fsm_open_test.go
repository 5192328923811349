package fsm

import (
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/bgpplay/bgpplay/internal/testkit"
)

// TestOpenValidation feeds OPENs to a peer in OpenSent (AS 65001,
// identifier 10.0.0.1, expecting AS 65002) and checks the exact
// NOTIFICATION it sends, or that it accepts the OPEN.
func TestOpenValidation(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*Config)
		open string // OPEN body
		// notif is the whole NOTIFICATION message sent, "" when the OPEN
		// is accepted.
		notif string
	}{
		{name: "valid", open: peerOpenHex},
		{name: "unsupported version 3: data is the version we support, 2 octets",
			open: "03 fdea 005a 0a000002 00", notif: marker + "0017 03 02 01 0004"},
		{name: "bad peer AS", open: "04 fdeb 005a 0a000002 00", notif: marker + "0015 03 02 02"},
		{name: "AS 0 is refused even when any AS is accepted (RFC 7607)",
			mod: func(c *Config) { c.PeerAS = 0 }, open: "04 0000 005a 0a000002 00", notif: marker + "0015 03 02 02"},
		{name: "any AS accepted", mod: func(c *Config) { c.PeerAS = 0 }, open: "04 fdeb 005a 0a000002 00"},
		{name: "AS_TRANS without the 4-octet AS capability is AS 23456",
			mod: func(c *Config) { c.PeerAS = 4200000001 }, open: "04 5ba0 005a 0a000002 00", notif: marker + "0015 03 02 02"},
		{name: "AS_TRANS with the 4-octet AS capability",
			mod:  func(c *Config) { c.PeerAS = 4200000001 },
			open: "04 5ba0 005a 0a000002 08 | 02 06 | 41 04 fa56ea01"},
		{name: "the 4-octet AS capability decides the peer AS",
			open: "04 fdea 005a 0a000002 08 | 02 06 | 41 04 0000fdeb", notif: marker + "0015 03 02 02"},
		{name: "BGP identifier 0", open: "04 fdea 005a 00000000 00", notif: marker + "0015 03 02 03"},
		{name: "internal peer with our BGP identifier (RFC 6286 section 2.2)",
			mod: func(c *Config) { c.PeerAS = 65001 }, open: "04 fde9 005a 0a000001 00", notif: marker + "0015 03 02 03"},
		{name: "external peer may share our BGP identifier", open: "04 fdea 005a 0a000001 00"},
		{name: "hold time 1", open: "04 fdea 0001 0a000002 00", notif: marker + "0015 03 02 06"},
		{name: "hold time 2", open: "04 fdea 0002 0a000002 00", notif: marker + "0015 03 02 06"},
		{name: "hold time 3", open: "04 fdea 0003 0a000002 00"},
		{name: "hold time below MinHoldTime", mod: func(c *Config) { c.MinHoldTime = 10 * time.Second },
			open: "04 fdea 0009 0a000002 00", notif: marker + "0015 03 02 06"},
		{name: "hold time 0 passes MinHoldTime", mod: func(c *Config) { c.MinHoldTime = 10 * time.Second },
			open: "04 fdea 0000 0a000002 00"},
		{name: "unsupported optional parameter", open: "04 fdea 005a 0a000002 04 | 01 02 0000",
			notif: marker + "0015 03 02 04"},
		{name: "required family missing: the capability is the data (RFC 5492 section 5)",
			mod:   func(c *Config) { c.Required = []wire.Capability{wire.MultiprotocolCap(wire.IPv6Unicast)} },
			open:  peerOpenHex,
			notif: marker + "001b 03 02 07 | 01 04 0002 00 01"},
		{name: "two required capabilities missing",
			mod: func(c *Config) {
				c.Required = []wire.Capability{wire.MultiprotocolCap(wire.IPv4Unicast),
					wire.MultiprotocolCap(wire.IPv6Unicast), wire.FlagCap(wire.CapRouteRefresh)}
			},
			open:  peerOpenHex,
			notif: marker + "001d 03 02 07 | 01 04 0002 00 01 | 02 00"},
		{name: "IPv4 unicast is implied without Multiprotocol capabilities",
			mod:  func(c *Config) { c.Required = []wire.Capability{wire.MultiprotocolCap(wire.IPv4Unicast)} },
			open: "04 fdea 005a 0a000002 00"},
		{name: "required capability present",
			mod:  func(c *Config) { c.Required = []wire.Capability{wire.AS4Cap(0)} },
			open: peerOpenHex},
		{name: "role mismatch: provider and provider",
			mod:  func(c *Config) { c.Role = &RoleConfig{Role: wire.RoleProvider} },
			open: "04 fdea 005a 0a000002 05 | 02 03 | 09 01 00", notif: marker + "0015 03 02 0b"},
		{name: "roles pair: provider and customer",
			mod:  func(c *Config) { c.Role = &RoleConfig{Role: wire.RoleProvider} },
			open: "04 fdea 005a 0a000002 05 | 02 03 | 09 01 03"},
		{name: "roles pair: peer and peer",
			mod:  func(c *Config) { c.Role = &RoleConfig{Role: wire.RolePeer} },
			open: "04 fdea 005a 0a000002 05 | 02 03 | 09 01 04"},
		{name: "no role from the peer, not strict", mod: func(c *Config) { c.Role = &RoleConfig{Role: wire.RoleRS} },
			open: peerOpenHex},
		{name: "no role from the peer, strict",
			mod:  func(c *Config) { c.Role = &RoleConfig{Role: wire.RoleRS, Strict: true} },
			open: peerOpenHex, notif: marker + "0015 03 02 0b"},
		{name: "two different roles from the peer",
			open: "04 fdea 005a 0a000002 08 | 02 06 | 09 01 03 | 09 01 00", notif: marker + "0015 03 02 0b"},
		{name: "roles are not checked on an internal session",
			mod:  func(c *Config) { c.PeerAS = 65001; c.Role = &RoleConfig{Role: wire.RolePeer, Strict: true} },
			open: "04 fde9 005a 0a000002 05 | 02 03 | 09 01 00"},
		{name: "malformed capability", open: "04 fdea 005a 0a000002 06 | 02 04 | 41 02 0000",
			notif: marker + "0015 03 02 00"},
		{name: "optional parameters length mismatch: Bad Message Length",
			open: "04 fdea 005a 0a000002 05 | 02 03 | 09 01", notif: marker + "0017 03 01 02 0021"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := setup(t, "OpenSent", tt.mod)
			d.recvHex(msgHexStr(wire.TypeOpen, tt.open))
			var sent []Send
			for _, a := range d.acts {
				if s, ok := a.(Send); ok {
					sent = append(sent, s)
				}
			}
			require.Len(t, sent, 1, "%v", summary(d.now, d.acts))
			if tt.notif == "" {
				assert.Equal(t, wire.TypeKeepalive, sent[0].Msg.Type())
				assert.Equal(t, OpenConfirm, d.p.State())
				return
			}
			assert.Equal(t, testkit.Hex(t, tt.notif), sent[0].Bytes)
			assert.Equal(t, Idle, d.p.State())
			assert.Equal(t, 1, d.p.ConnectRetryCounter())
		})
	}
}

// TestLocalOpen checks the bytes of the OPEN we send.
func TestLocalOpen(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*Config)
		open string // whole message
	}{
		{name: "defaults", open: marker + "002b 01 | 04 fde9 005a 0a000001 0e | 02 0c | 01 04 0001 00 01 | 41 04 0000fde9"},
		{name: "4-octet AS: My AS is AS_TRANS (RFC 6793 section 3)",
			mod:  func(c *Config) { c.LocalAS = 4200000001 },
			open: marker + "002b 01 | 04 5ba0 005a 0a000001 0e | 02 0c | 01 04 0001 00 01 | 41 04 fa56ea01"},
		{name: "hold time 0", mod: func(c *Config) { c.ZeroHoldTime = true },
			open: marker + "002b 01 | 04 fde9 0000 0a000001 0e | 02 0c | 01 04 0001 00 01 | 41 04 0000fde9"},
		{name: "everything",
			mod: func(c *Config) {
				c.HoldTime = 180 * time.Second
				c.Families = []wire.Family{wire.IPv4Unicast, wire.IPv6Unicast}
				c.RouteRefresh, c.EnhancedRouteRefresh, c.ExtendedMessage = true, true, true
				c.Role = &RoleConfig{Role: wire.RoleCustomer}
				c.GracefulRestart = &GRConfig{RestartTime: 120 * time.Second, Notification: true,
					Families: []wire.GRFamily{{Family: wire.IPv4Unicast, ForwardingPreserved: true}}}
				c.AddPathReceive = []wire.Family{wire.IPv4Unicast, wire.IPv6Unicast}
				c.AddPathSend = []wire.Family{wire.IPv4Unicast}
			},
			open: marker + "004c 01 | 04 fde9 00b4 0a000001 2f | 02 2d | 01 04 0001 00 01 | 01 04 0002 00 01 | 02 00 | 46 00 | 06 00 |" +
				"09 01 03 | 40 06 4078 0001 01 80 | 41 04 0000fde9 | 45 08 0001 01 03 0002 01 01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPeer(t, tt.mod)
			assert.Equal(t, testkit.Hex(t, tt.open), encode(t, p.LocalOpen()))
		})
	}
}

// TestConfigErrors checks that New refuses bad configurations.
func TestConfigErrors(t *testing.T) {
	for name, mod := range map[string]func(*Config){
		"no AS":              func(c *Config) { c.LocalAS = 0 },
		"no identifier":      func(c *Config) { c.LocalID = netip.IPv4Unspecified() },
		"IPv6 identifier":    func(c *Config) { c.LocalID = netip.IPv6Loopback() },
		"hold time 2s":       func(c *Config) { c.HoldTime = 2 * time.Second },
		"hold time too long": func(c *Config) { c.HoldTime = 70000 * time.Second },
		"negative delay":     func(c *Config) { c.DelayOpenTime = -time.Second },
		"restart time":       func(c *Config) { c.GracefulRestart = &GRConfig{RestartTime: 5000 * time.Second} },
		"role":               func(c *Config) { c.Role = &RoleConfig{Role: 9} },
	} {
		c := baseCfg()
		mod(&c)
		_, err := New(c, nil)
		assert.Error(t, err, name)
	}
}

// TestRolesPair checks every pair of roles against RFC 9234 section 4.2,
// table 2.
func TestRolesPair(t *testing.T) {
	ok := map[[2]wire.Role]bool{
		{wire.RoleProvider, wire.RoleCustomer}: true,
		{wire.RoleCustomer, wire.RoleProvider}: true,
		{wire.RoleRS, wire.RoleRSClient}:       true,
		{wire.RoleRSClient, wire.RoleRS}:       true,
		{wire.RolePeer, wire.RolePeer}:         true,
	}
	for l := wire.Role(0); l <= 5; l++ {
		for r := wire.Role(0); r <= 5; r++ {
			assert.Equal(t, ok[[2]wire.Role{l, r}], rolesPair(l, r), "%s with %s", l, r)
		}
	}
}
