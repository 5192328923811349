package fsm

import (
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// Default timer values.
const (
	// DefaultHoldTime is the hold time proposed in the OPEN (RFC 4271
	// section 10 suggests 90 seconds).
	DefaultHoldTime = 90 * time.Second
	// DefaultConnectRetryTime is the ConnectRetryTime (section 10
	// suggests 120 seconds).
	DefaultConnectRetryTime = 120 * time.Second
	// DefaultIdleHoldTime is how long a peer whose session failed waits
	// in Idle before it restarts itself.
	DefaultIdleHoldTime = 5 * time.Second
	// DefaultMaxIdleHoldTime caps the damped IdleHoldTime.
	DefaultMaxIdleHoldTime = 120 * time.Second
	// OpenSentHoldTime is the "large value" the HoldTimer is set to while
	// waiting for the peer's OPEN (RFC 4271 section 8.2.2 suggests 4
	// minutes).
	OpenSentHoldTime = 4 * time.Minute
)

// Config is the configuration of one peer. The zero value of each field
// selects the default documented on it; New checks the rest.
type Config struct {
	// LocalAS is our AS number. Required.
	LocalAS uint32
	// LocalID is our BGP Identifier, a non-zero IPv4 address. Required.
	LocalID netip.Addr
	// PeerAS is the AS the peer must announce; 0 accepts any. The session
	// is internal when the peer's AS equals LocalAS.
	PeerAS uint32

	// HoldTime is the hold time we propose, at least 3 s and at most
	// 65535 s, in whole seconds (default 90 s). Set ZeroHoldTime to
	// propose 0: no hold timer and no keepalives.
	HoldTime     time.Duration
	ZeroHoldTime bool
	// KeepaliveTime, if set, caps the keepalive interval; otherwise it is
	// a third of the negotiated hold time (RFC 4271 section 10).
	KeepaliveTime time.Duration
	// MinHoldTime, if set, makes us reject a non-zero proposed hold time
	// below it with Unacceptable Hold Time (RFC 4271 section 6.2 lets an
	// implementation reject hold times it finds too short).
	MinHoldTime time.Duration
	// ConnectRetryTime is the initial value of the ConnectRetryTimer
	// (default 120 s).
	ConnectRetryTime time.Duration
	// DelayOpenTime, when non-zero, enables the optional DelayOpen
	// attribute: after the TCP connection comes up we wait this long for
	// the peer's OPEN before sending ours (RFC 4271 section 8.1.1).
	DelayOpenTime time.Duration
	// IdleHoldTime is how long the peer stays Idle after its session
	// failed before restarting itself (default 5 s).
	IdleHoldTime time.Duration
	// DampPeerOscillations doubles the IdleHoldTime after each
	// consecutive failure, up to MaxIdleHoldTime (default 120 s); a
	// session that stayed Established for MaxIdleHoldTime resets it.
	DampPeerOscillations bool
	MaxIdleHoldTime      time.Duration

	// Passive waits for the peer to connect first: Start and AutoStart
	// are events 4 and 5 (PassiveTcpEstablishment). As RFC 4271 section
	// 8.2.2 says, the ConnectRetryTimer still runs, and when it expires
	// in Active the peer tries to connect itself.
	Passive bool
	// SendNotificationWithoutOpen sends a NOTIFICATION for errors found
	// before our OPEN went out (the SendNOTIFICATIONwithoutOPEN attribute,
	// used while DelayOpen is running).
	SendNotificationWithoutOpen bool
	// CollisionDetectEstablished applies the collision resolution of RFC
	// 4271 section 6.8 against an Established connection too; by default
	// a new connection colliding with an Established one is closed.
	CollisionDetectEstablished bool

	// Families are the address families we advertise in Multiprotocol
	// Extensions capabilities (default: IPv4 unicast).
	Families []wire.Family
	// RouteRefresh, EnhancedRouteRefresh and ExtendedMessage advertise
	// those capabilities (RFC 2918, RFC 7313, RFC 8654).
	RouteRefresh, EnhancedRouteRefresh, ExtendedMessage bool
	// AddPathReceive and AddPathSend list the families for which we
	// advertise that we can receive, or send, several paths (RFC 7911).
	AddPathReceive, AddPathSend []wire.Family
	// GracefulRestart, when set, advertises the Graceful Restart
	// capability (RFC 4724).
	GracefulRestart *GRConfig
	// Role, when set, advertises our BGP role (RFC 9234).
	Role *RoleConfig
	// Required lists capabilities the peer must advertise; an OPEN
	// without one is refused with Unsupported Capability (RFC 5492
	// section 5). A Multiprotocol Extensions entry must match its family;
	// other entries match by code.
	Required []wire.Capability
}

// GRConfig is what we advertise in the Graceful Restart capability.
type GRConfig struct {
	// RestartTime is how long the peer should keep our routes while we
	// restart, whole seconds up to 4095.
	RestartTime time.Duration
	// Restarting sets the R bit: we have just restarted.
	Restarting bool
	// Notification sets the N bit (RFC 8538).
	Notification bool
	// Families lists the families whose forwarding state we preserve.
	Families []wire.GRFamily
}

// RoleConfig is our BGP role (RFC 9234 section 4).
type RoleConfig struct {
	Role wire.Role
	// Strict refuses a peer that does not advertise a role, with Role
	// Mismatch (RFC 9234 section 4.2, "strict mode").
	Strict bool
}

// withDefaults returns c with zero fields replaced by their defaults.
func (c Config) withDefaults() Config {
	if c.HoldTime == 0 {
		c.HoldTime = DefaultHoldTime
	}
	if c.ZeroHoldTime {
		c.HoldTime = 0
	}
	if c.ConnectRetryTime == 0 {
		c.ConnectRetryTime = DefaultConnectRetryTime
	}
	if c.IdleHoldTime == 0 {
		c.IdleHoldTime = DefaultIdleHoldTime
	}
	if c.MaxIdleHoldTime == 0 {
		c.MaxIdleHoldTime = max(DefaultMaxIdleHoldTime, c.IdleHoldTime)
	}
	if len(c.Families) == 0 {
		c.Families = []wire.Family{wire.IPv4Unicast}
	}
	return c
}

// check reports the first configuration error of a defaulted config.
func (c *Config) check() error {
	var errs []error
	if c.LocalAS == 0 {
		errs = append(errs, errors.New("LocalAS must not be 0"))
	}
	if !c.LocalID.Is4() || c.LocalID.As4() == [4]byte{} {
		errs = append(errs, fmt.Errorf("LocalID %s must be a non-zero IPv4 address", c.LocalID))
	}
	if !c.ZeroHoldTime && (c.HoldTime < 3*time.Second || c.HoldTime > 65535*time.Second) {
		errs = append(errs, fmt.Errorf("HoldTime %s must be between 3s and 65535s", c.HoldTime))
	}
	for _, t := range []struct {
		name string
		d    time.Duration
	}{{"KeepaliveTime", c.KeepaliveTime}, {"MinHoldTime", c.MinHoldTime}, {"ConnectRetryTime", c.ConnectRetryTime},
		{"DelayOpenTime", c.DelayOpenTime}, {"IdleHoldTime", c.IdleHoldTime}, {"MaxIdleHoldTime", c.MaxIdleHoldTime}} {
		if t.d < 0 {
			errs = append(errs, fmt.Errorf("%s %s must not be negative", t.name, t.d))
		}
	}
	if g := c.GracefulRestart; g != nil && (g.RestartTime < 0 || g.RestartTime > wire.MaxRestartTime*time.Second) {
		errs = append(errs, fmt.Errorf("GracefulRestart.RestartTime %s must be between 0 and %ds", g.RestartTime, wire.MaxRestartTime))
	}
	if r := c.Role; r != nil && !r.Role.Valid() {
		errs = append(errs, fmt.Errorf("Role %d is not a role RFC 9234 defines", r.Role))
	}
	return errors.Join(errs...)
}

// seconds converts d to whole seconds for a 16-bit OPEN field.
func seconds(d time.Duration) uint16 { return uint16(min(d/time.Second, 0xffff)) }
