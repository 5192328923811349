package topo

import (
	"net/netip"
	"time"

	"github.com/bgpplay/bgpplay/engine/policy"
	"github.com/bgpplay/bgpplay/engine/wire"
)

//go:generate go tool stringer -type=SessionType,Transport -linecomment -output=enums_string.go

// Topology is a simulated network: autonomous systems, routers, hosts, the
// links between them, the BGP sessions between routers and the policies
// those sessions apply. Load reads one from its JSON form (see the package
// documentation); Validate checks one built in Go and fills in the
// defaults and derived values, as Load does.
type Topology struct {
	// Name is a title for people.
	Name string
	// Seed seeds the simulation's random number generator.
	Seed uint64
	// ASes lists every AS a router belongs to: those written in the file,
	// then one implicit entry per other AS, in the order its first router
	// appears.
	ASes     []AS
	Routers  []Router
	Hosts    []Host
	Links    []Link
	Sessions []Session
	// PolicySpecs are the policies as written, by name; sessions refer
	// to them by these names.
	PolicySpecs map[string]*policy.Spec
	// Policies are PolicySpecs compiled, by name; Validate (and Load)
	// fill them in.
	Policies map[string]*policy.Policy
}

// AS is an autonomous system.
type AS struct {
	// ASN is the AS number, 1..4294967295 (4-octet, RFC 6793).
	ASN  uint32
	Name string
	// HideExternalLinks keeps the subnets of this AS's links to other
	// ASes out of its IGP: an IBGP next hop learned over EBGP is then
	// unreachable unless the border router sets next-hop-self.
	HideExternalLinks bool
}

// Router is a BGP speaker.
type Router struct {
	// Name is unique among routers and hosts.
	Name string
	// AS is the router's AS number.
	AS uint32
	// RouterID is the BGP Identifier (RFC 4271 section 4.2): a non-zero
	// IPv4 address, unique in the topology.
	RouterID netip.Addr
	// Loopback is the address of the router itself, reachable through
	// the IGP of its AS; Validate sets it to RouterID when it is zero.
	Loopback netip.Addr
	// ClusterID is the route reflection cluster identifier (RFC 4456
	// section 7); zero means the speaker's default, its RouterID.
	ClusterID netip.Addr
	// Originate lists the prefixes the router announces (masked, IPv4 or
	// IPv6).
	Originate []netip.Prefix
	// AlwaysCompareMED compares MED between routes from different
	// neighbouring ASes (RFC 4271 section 9.1.2.2 (c) allows it).
	AlwaysCompareMED bool
	// IGPSync requires a route learned over IBGP to be known to the IGP
	// before it is used (the historical synchronization rule, RFC 1772).
	IGPSync bool
	// X and Y are layout hints for the picture, in arbitrary units.
	X, Y float64
}

// Host is an end system with one link to a router, its default gateway.
type Host struct {
	// Name is unique among routers and hosts.
	Name string
	// Address and PrefixLen are the host's interface address and the
	// length of its subnet, which is the subnet of its link.
	Address   netip.Addr
	PrefixLen int
	// Gateway is the address of the router side of the host's link;
	// Validate derives it from the link when it is zero.
	Gateway netip.Addr
	// X and Y are layout hints.
	X, Y float64
}

// Prefix returns the host's subnet, masked.
func (h *Host) Prefix() netip.Prefix {
	p, _ := h.Address.Prefix(h.PrefixLen)
	return p
}

// Link is a point-to-point link between two routers, or a router and a
// host.
type Link struct {
	// A and B name the two ends, routers or hosts.
	A, B string
	// AAddr and BAddr are the interface addresses of A and B. Validate
	// assigns them when both are zero: from the host's subnet for a link
	// to a host, otherwise 10.255.0.0 + 4i + 1 and + 2 for link i.
	AAddr, BAddr netip.Addr
	// PrefixLen is the length of the link's subnet; Validate sets it to
	// 30 (IPv4) or 64 (IPv6) when zero.
	PrefixLen int
	// Latency is the one-way delay (zero is allowed; Load defaults an
	// absent latency to 10ms).
	Latency time.Duration
	// Cost is the IGP metric, 1..65535; Validate sets it to 10 when zero.
	Cost int
	// Down starts the link failed.
	Down bool
}

// Prefix returns the link's subnet, masked.
func (l *Link) Prefix() netip.Prefix {
	p, _ := l.AAddr.Prefix(l.PrefixLen)
	return p
}

// SessionType tells EBGP from IBGP (RFC 4271 section 3).
type SessionType uint8

// Session types. TypeAuto is only an input: Validate replaces it with the
// type the ASes of the two routers imply.
const (
	TypeAuto SessionType = iota // auto
	EBGP                        // ebgp
	IBGP                        // ibgp
)

// Transport says which addresses a session runs between.
type Transport uint8

// Transports. TransportAuto is only an input: Validate replaces it with
// TransportLink for EBGP and TransportLoopback for IBGP.
const (
	TransportAuto     Transport = iota // auto
	TransportLink                      // link
	TransportLoopback                  // loopback
)

// Session is a BGP session between two routers.
type Session struct {
	A, B string
	// Type is derived from the routers' ASes; when set it must agree.
	Type SessionType
	// Transport picks the addresses: those of the direct link between A
	// and B, or the routers' loopbacks.
	Transport Transport
	// AAddr and BAddr are the addresses A and B use for the session,
	// derived by Validate from Transport.
	AAddr, BAddr netip.Addr
	// HoldTime is 0 (the speaker's default) or 3s..65535s in whole
	// seconds (RFC 4271 section 4.2). Keepalive and ConnectRetry are 0
	// for the speaker's default, or positive.
	HoldTime, Keepalive, ConnectRetry time.Duration
	// MRAI is the MinRouteAdvertisementIntervalTimer (section 9.2.1.1):
	// nil for the speaker's default (section 10: 30 s EBGP, 5 s IBGP),
	// zero to send changes at once.
	MRAI *time.Duration
	// Down starts the session administratively stopped.
	Down bool
	// ASide is A's configuration of its neighbour B; BSide is B's of A.
	ASide, BSide Neighbor
}

// Neighbor is one router's configuration of the other end of a session.
type Neighbor struct {
	// Import and Export name policies of the topology, applied to routes
	// received from and sent to the neighbour; empty accepts all.
	Import, Export string
	// NextHopSelf sets the NEXT_HOP to our own address on routes sent to
	// the neighbour.
	NextHopSelf bool
	// Passive waits for the neighbour to connect.
	Passive bool
	// AllowASIn accepts routes whose AS_PATH holds our AS up to this many
	// times, 0..10.
	AllowASIn int
	// RRClient treats the neighbour as a route reflector client (RFC 4456);
	// IBGP only.
	RRClient bool
	// GracefulRestart enables graceful restart (RFC 4724) when not nil.
	GracefulRestart *GracefulRestart
	// Families lists the address families to negotiate (RFC 4760);
	// Validate sets [ipv4-unicast] when empty.
	Families []wire.Family
}

// GracefulRestart configures RFC 4724 graceful restart.
type GracefulRestart struct {
	// RestartTime is the Restart Time advertised in the capability,
	// 1s..4095s in whole seconds; Validate sets 120s when zero.
	RestartTime time.Duration
}

// Router returns the router named name.
func (t *Topology) Router(name string) (*Router, bool) {
	for i := range t.Routers {
		if t.Routers[i].Name == name {
			return &t.Routers[i], true
		}
	}
	return nil, false
}

// Host returns the host named name.
func (t *Topology) Host(name string) (*Host, bool) {
	for i := range t.Hosts {
		if t.Hosts[i].Name == name {
			return &t.Hosts[i], true
		}
	}
	return nil, false
}

// AS returns the AS numbered asn.
func (t *Topology) AS(asn uint32) (*AS, bool) {
	for i := range t.ASes {
		if t.ASes[i].ASN == asn {
			return &t.ASes[i], true
		}
	}
	return nil, false
}

// LinksOf returns the indexes in Links of the links of the router or host
// named name, in order.
func (t *Topology) LinksOf(name string) []int {
	var out []int
	for i, l := range t.Links {
		if l.A == name || l.B == name {
			out = append(out, i)
		}
	}
	return out
}

// SessionsOf returns the indexes in Sessions of the sessions of the router
// named name, in order.
func (t *Topology) SessionsOf(name string) []int {
	var out []int
	for i, s := range t.Sessions {
		if s.A == name || s.B == name {
			out = append(out, i)
		}
	}
	return out
}
