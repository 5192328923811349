package fsm

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// Negotiated is what the two OPEN messages of a session agreed on.
type Negotiated struct {
	// HoldTime is the smaller of the two proposed hold times (RFC 4271
	// section 4.2); 0 means neither hold timer nor keepalives.
	HoldTime time.Duration
	// KeepaliveTime is the keepalive interval before jitter: a third of
	// HoldTime, or Config.KeepaliveTime if smaller; 0 when HoldTime is.
	KeepaliveTime time.Duration

	LocalAS, PeerAS uint32
	LocalID, PeerID netip.Addr
	// Internal is set when both speakers are in the same AS (IBGP).
	Internal bool
	// AS4 is set when both sides advertised 4-octet AS numbers (RFC 6793).
	AS4 bool
	// Families are the families both sides advertised, in the order of
	// Config.Families (RFC 4760 section 8).
	Families []wire.Family
	// RouteRefresh, EnhancedRouteRefresh and ExtendedMessage are set when
	// both sides advertised the capability.
	RouteRefresh, EnhancedRouteRefresh, ExtendedMessage bool
	// AddPath lists, for each negotiated family with ADD-PATH in at least
	// one direction, the directions from our side: AddPathReceive when we
	// receive several paths, AddPathSend when we send them (RFC 7911
	// section 4).
	AddPath []wire.AddPathFamily
	// LocalGR is set when we advertised graceful restart; PeerGR is the
	// peer's Graceful Restart capability, nil if it sent none (RFC 4724).
	LocalGR bool
	PeerGR  *wire.GracefulRestartCap
	// LocalRole and PeerRole are the BGP roles (RFC 9234); nil when not
	// advertised.
	LocalRole, PeerRole *wire.Role
	// RecvOptions decode what the peer sends; SendOptions encode what we
	// send.
	RecvOptions, SendOptions wire.Options
	// LocalOpen and PeerOpen are the two OPEN messages.
	LocalOpen, PeerOpen *wire.Open
}

// String renders n as "AS 65002 (external), hold time 1m30s, keepalive
// 30s, families ipv4-unicast".
func (n *Negotiated) String() string {
	if n == nil {
		return "nothing negotiated"
	}
	kind := "external"
	if n.Internal {
		kind = "internal"
	}
	fams := make([]string, len(n.Families))
	for i, f := range n.Families {
		fams[i] = f.String()
	}
	s := fmt.Sprintf("AS %d (%s), BGP identifier %s, hold time %s, keepalive %s, families %s",
		n.PeerAS, kind, n.PeerID, n.HoldTime, n.KeepaliveTime, strings.Join(fams, " "))
	var extra []string
	if n.AS4 {
		extra = append(extra, "4-octet AS")
	}
	if n.RouteRefresh {
		extra = append(extra, "route refresh")
	}
	if n.EnhancedRouteRefresh {
		extra = append(extra, "enhanced route refresh")
	}
	if n.ExtendedMessage {
		extra = append(extra, "extended messages")
	}
	for _, a := range n.AddPath {
		extra = append(extra, "ADD-PATH "+a.String())
	}
	if n.PeerGR != nil {
		extra = append(extra, "peer graceful restart ("+n.PeerGR.String()+")")
	}
	if n.PeerRole != nil {
		extra = append(extra, "peer role "+n.PeerRole.String())
	}
	if len(extra) > 0 {
		s += ", " + strings.Join(extra, ", ")
	}
	return s
}

// negotiate computes the session parameters from our OPEN and the peer's,
// which has passed checkOpen. Both OPENs are kept, not copied.
func negotiate(cfg *Config, local, peer *wire.Open) *Negotiated {
	n := &Negotiated{
		LocalAS:   cfg.LocalAS,
		PeerAS:    peer.ASN(),
		LocalID:   cfg.LocalID,
		PeerID:    peer.ID,
		LocalOpen: local,
		PeerOpen:  peer,
	}
	n.Internal = n.PeerAS == cfg.LocalAS
	n.HoldTime = time.Duration(min(local.HoldTime, peer.HoldTime)) * time.Second
	if n.HoldTime > 0 {
		n.KeepaliveTime = n.HoldTime / 3
		if cfg.KeepaliveTime > 0 {
			n.KeepaliveTime = min(n.KeepaliveTime, cfg.KeepaliveTime)
		}
	}
	_, n.AS4 = peer.AS4()
	peerFams := peer.Families()
	for _, f := range local.Families() {
		if slices.Contains(peerFams, f) {
			n.Families = append(n.Families, f)
		}
	}
	n.RouteRefresh = local.HasRouteRefresh() && peer.HasRouteRefresh()
	n.EnhancedRouteRefresh = local.HasEnhancedRouteRefresh() && peer.HasEnhancedRouteRefresh()
	n.ExtendedMessage = local.HasExtendedMessage() && peer.HasExtendedMessage()
	for _, f := range n.Families {
		ours, theirs := local.AddPath(f), peer.AddPath(f)
		var m wire.AddPathMode
		if ours.CanReceive() && theirs.CanSend() {
			m |= wire.AddPathReceive
			n.RecvOptions.AddPath = append(n.RecvOptions.AddPath, f)
		}
		if ours.CanSend() && theirs.CanReceive() {
			m |= wire.AddPathSend
			n.SendOptions.AddPath = append(n.SendOptions.AddPath, f)
		}
		if m != wire.AddPathNone {
			n.AddPath = append(n.AddPath, wire.AddPathFamily{Family: f, Mode: m})
		}
	}
	_, n.LocalGR = local.GracefulRestart()
	if gr, ok := peer.GracefulRestart(); ok {
		c := *gr
		c.Families = slices.Clone(gr.Families)
		n.PeerGR = &c
	}
	if r, ok := local.Role(); ok {
		n.LocalRole = &r
	}
	if r, ok := peer.Role(); ok {
		n.PeerRole = &r
	}
	n.RecvOptions.AS4, n.SendOptions.AS4 = n.AS4, n.AS4
	n.RecvOptions.ExtendedMessage, n.SendOptions.ExtendedMessage = n.ExtendedMessage, n.ExtendedMessage
	return n
}

// cloneOpen returns a deep copy of o, so that a decoded OPEN can outlive
// the Decoder that holds it.
func cloneOpen(o *wire.Open) *wire.Open {
	c := *o
	c.Capabilities = make([]wire.Capability, len(o.Capabilities))
	for i, cp := range o.Capabilities {
		cp.GracefulRestart.Families = slices.Clone(cp.GracefulRestart.Families)
		cp.AddPath = slices.Clone(cp.AddPath)
		cp.Raw = slices.Clone(cp.Raw)
		c.Capabilities[i] = cp
	}
	return &c
}
