package fsm

import (
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// buildOpen builds our OPEN from the configuration (RFC 4271 section
// 4.2). We always advertise 4-octet AS numbers, so My Autonomous System
// is AS_TRANS when LocalAS does not fit 2 octets (RFC 6793 section 3).
// Capabilities go in this order: Multiprotocol Extensions per family,
// Route Refresh, Enhanced Route Refresh, Extended Message, BGP Role,
// Graceful Restart, 4-octet AS, ADD-PATH.
func buildOpen(c *Config) *wire.Open {
	var caps []wire.Capability
	for _, f := range c.Families {
		caps = append(caps, wire.MultiprotocolCap(f))
	}
	if c.RouteRefresh {
		caps = append(caps, wire.FlagCap(wire.CapRouteRefresh))
	}
	if c.EnhancedRouteRefresh {
		caps = append(caps, wire.FlagCap(wire.CapEnhancedRouteRefresh))
	}
	if c.ExtendedMessage {
		caps = append(caps, wire.FlagCap(wire.CapExtendedMessage))
	}
	if c.Role != nil {
		caps = append(caps, wire.RoleCap(c.Role.Role))
	}
	if g := c.GracefulRestart; g != nil {
		caps = append(caps, wire.GracefulRestartCapability(wire.GracefulRestartCap{
			Restarting:   g.Restarting,
			Notification: g.Notification,
			Time:         uint16(g.RestartTime / time.Second),
			Families:     append([]wire.GRFamily(nil), g.Families...),
		}))
	}
	caps = append(caps, wire.AS4Cap(c.LocalAS))
	var ap []wire.AddPathFamily
	add := func(f wire.Family, m wire.AddPathMode) {
		for i := range ap {
			if ap[i].Family == f {
				ap[i].Mode |= m
				return
			}
		}
		ap = append(ap, wire.AddPathFamily{Family: f, Mode: m})
	}
	for _, f := range c.AddPathReceive {
		add(f, wire.AddPathReceive)
	}
	for _, f := range c.AddPathSend {
		add(f, wire.AddPathSend)
	}
	if len(ap) > 0 {
		caps = append(caps, wire.AddPathCap(ap...))
	}
	return wire.NewOpen(c.LocalAS, seconds(c.HoldTime), c.LocalID, caps...)
}

// checkOpen runs the checks of an OPEN that need the configuration, after
// the wire package has checked version, hold time 1 or 2, a zero BGP
// Identifier and conflicting roles (wire.Open.Validate). It returns the
// error whose NOTIFICATION refuses the OPEN, or nil:
//
//   - Bad Peer AS when the peer's AS (the 4-octet AS capability if
//     present, else My Autonomous System, RFC 6793 section 4.1) is 0
//     (RFC 7607) or differs from Config.PeerAS (RFC 4271 section 6.2);
//   - Bad BGP Identifier when an internal peer uses our own BGP
//     Identifier (RFC 6286 section 2.2: the identifier must be unique
//     within the AS, and an external peer may share ours);
//   - Unacceptable Hold Time when a non-zero hold time is below
//     Config.MinHoldTime (RFC 4271 section 6.2);
//   - Unsupported Capability, listing the missing capabilities in the
//     data, for a capability in Config.Required the peer did not
//     advertise (RFC 5492 section 5);
//   - Role Mismatch when, on an external session, the roles do not pair
//     up, or the peer advertised none and our role is strict (RFC 9234
//     section 4.2).
func checkOpen(c *Config, o *wire.Open) *wire.Error {
	as := o.ASN()
	if as == 0 || (c.PeerAS != 0 && as != c.PeerAS) {
		want := "any AS but 0"
		if c.PeerAS != 0 {
			want = fmt.Sprintf("AS %d", c.PeerAS)
		}
		return openErr(wire.SubBadPeerAS, nil, 20, "the peer announced AS %d, expected %s", as, want)
	}
	internal := as == c.LocalAS
	if internal && o.ID == c.LocalID {
		return openErr(wire.SubBadBGPIdentifier, nil, 24,
			"the internal peer uses our own BGP Identifier %s", o.ID)
	}
	if o.HoldTime != 0 && c.MinHoldTime > 0 && time.Duration(o.HoldTime)*time.Second < c.MinHoldTime {
		return openErr(wire.SubUnacceptableHoldTime, nil, 22,
			"hold time %d s is below our minimum of %s", o.HoldTime, c.MinHoldTime)
	}
	var missing []wire.Capability
	for _, r := range c.Required {
		if !hasCapability(o, r) {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		return openErr(wire.SubUnsupportedCapability, encodeCaps(missing), -1,
			"the peer did not advertise the required %s", capNames(missing))
	}
	if c.Role != nil && !internal {
		peer, ok := o.Role()
		switch {
		case !ok && c.Role.Strict:
			return openErr(wire.SubRoleMismatch, nil, -1,
				"the peer advertised no BGP role and our role %s is strict", c.Role.Role)
		case ok && !rolesPair(c.Role.Role, peer):
			return openErr(wire.SubRoleMismatch, nil, -1,
				"our role %s does not pair with the peer's role %s", c.Role.Role, peer)
		}
	}
	return nil
}

// openErr builds an OPEN Message Error. Offsets count from the first
// octet of the message: My AS is at 20, Hold Time at 22, BGP Identifier
// at 24.
func openErr(sub uint8, data []byte, off int, format string, args ...any) *wire.Error {
	return &wire.Error{Code: wire.CodeOpenMessage, Subcode: sub, Data: data, Action: wire.ActionSessionReset,
		Offset: off, Reason: fmt.Sprintf(format, args...)}
}

// rolesPair reports whether local and peer are one of the pairs of RFC
// 9234 section 4.2, table 2: Provider-Customer, Customer-Provider,
// RS-RS-Client, RS-Client-RS and Peer-Peer.
func rolesPair(local, peer wire.Role) bool {
	switch local {
	case wire.RoleProvider:
		return peer == wire.RoleCustomer
	case wire.RoleCustomer:
		return peer == wire.RoleProvider
	case wire.RoleRS:
		return peer == wire.RoleRSClient
	case wire.RoleRSClient:
		return peer == wire.RoleRS
	case wire.RolePeer:
		return peer == wire.RolePeer
	}
	return false
}

// hasCapability reports whether o advertises r: a Multiprotocol
// Extensions entry is matched by family (an OPEN without any such
// capability supports IPv4 unicast, RFC 4760 section 8), anything else by
// code.
func hasCapability(o *wire.Open, r wire.Capability) bool {
	if r.Code == wire.CapMultiprotocol {
		return slices.Contains(o.Families(), r.Family)
	}
	_, ok := o.FindCapability(r.Code)
	return ok
}

// encodeCaps encodes capabilities as they appear in an OPEN, the data of
// Unsupported Capability (RFC 5492 section 5). The wire package encodes
// capabilities only inside an OPEN, so this encodes a bare OPEN and cuts
// out its Capabilities parameter value.
func encodeCaps(caps []wire.Capability) []byte {
	o := wire.Open{Version: wire.Version, ID: netip.AddrFrom4([4]byte{}), Capabilities: caps}
	b, err := o.AppendBody(nil, wire.Options{})
	switch {
	case err != nil || len(b) < 12:
		return nil
	case b[9] == 255 && b[10] == 255: // RFC 9072 form: 255 255 len(2) type len(2)
		return b[16:]
	}
	return b[12:]
}

// capNames lists capabilities for people.
func capNames(caps []wire.Capability) string {
	s := ""
	for i := range caps {
		if i > 0 {
			s += ", "
		}
		s += caps[i].String()
	}
	return s + " capability"
}
