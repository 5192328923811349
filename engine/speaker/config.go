package speaker

import (
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/policy"
	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
)

// Default MinRouteAdvertisementIntervalTimer values (RFC 4271 section 10).
const (
	DefaultEBGPMRAI = 30 * time.Second
	DefaultIBGPMRAI = 5 * time.Second
	// DefaultStaleTime bounds how long routes kept across a peer's
	// restart wait for its End-of-RIB once the session is back (RFC 4724
	// section 4.2 leaves the value to the implementation).
	DefaultStaleTime = 360 * time.Second
	// DefaultSelectionDeferral bounds how long a restarting speaker waits
	// for its peers' End-of-RIB before it selects and advertises routes
	// (RFC 4724 section 4.1).
	DefaultSelectionDeferral = 120 * time.Second
)

// Config configures one BGP speaker: one router.
type Config struct {
	// Name identifies the router in traces.
	Name string
	// AS is the local AS number; RouterID the BGP Identifier (a non-zero
	// IPv4 address).
	AS       uint32
	RouterID netip.Addr
	// ClusterID is the route reflection cluster (RFC 4456 section 7);
	// the RouterID when unset.
	ClusterID netip.Addr
	// AlwaysCompareMED compares MED across neighbouring ASes.
	AlwaysCompareMED bool
	// IGPSync applies the historical synchronization rule (RFC 1771
	// section 9.2.1.1, dropped by RFC 4271): a route learned over IBGP is
	// advertised to external peers only when the IGP also reaches its
	// prefix.
	IGPSync bool
	// Peers are the neighbours.
	Peers []PeerConfig
	// Originate lists the prefixes this router originates at Start.
	Originate []netip.Prefix
	// Policies holds the policies peers name.
	Policies map[string]*policy.Policy
	// Resolve reports whether a next hop is reachable and its IGP cost;
	// nil makes every next hop reachable at cost 0. The simulator
	// answers from its IGP, the daemon from the host's routing table.
	Resolve func(nh netip.Addr) (cost uint32, ok bool)
	// Synced reports whether the IGP reaches prefix, for IGPSync.
	Synced func(prefix netip.Prefix) bool
	// Attrs interns path attributes; several speakers of one simulation
	// may share one. A new Table when nil.
	Attrs *rib.Table
	// Trace selects the kinds of events the speaker reports; nil reports
	// all. Route changes cost most.
	Trace func(trace.Kind) bool
	// Restarting starts the speaker in the restarting role of graceful
	// restart (RFC 4724 section 4.1): it sets the R bit, keeps its
	// advertisements back until every peer that preserves our routes sent
	// End-of-RIB (or SelectionDeferral passed) and then sends its routes
	// and End-of-RIB.
	Restarting bool
	// SelectionDeferral bounds that wait (default 120 s).
	SelectionDeferral time.Duration
}

// PeerConfig configures one neighbour.
type PeerConfig struct {
	// Name identifies the neighbour; unique within the speaker.
	Name string
	// Addr is the neighbour's address; LocalAddr ours on the session,
	// the next hop we advertise as "self".
	Addr, LocalAddr netip.Addr
	// NextHop4 is the IPv4 address we advertise as next hop for IPv4
	// routes when the session runs over IPv6 (NEXT_HOP holds only IPv4
	// addresses); without it such routes are not sent.
	NextHop4 netip.Addr
	// AS is the neighbour's AS: internal (IBGP) when equal to ours.
	AS uint32
	// RRClient makes the neighbour our route-reflector client (RFC 4456);
	// IBGP only.
	RRClient bool
	// NextHopSelf advertises our LocalAddr as next hop to this IBGP
	// neighbour for routes learned over EBGP (routes reflected between
	// IBGP peers keep their next hop, as RFC 4456 section 10 asks).
	NextHopSelf bool
	// AllowASIn accepts routes whose AS_PATH contains our AS up to this
	// many times (0: RFC 4271 section 9.1.2 loop detection).
	AllowASIn int
	// Import and Export name policies in Config.Policies; empty accepts
	// everything unchanged.
	Import, Export string
	// MRAI is the MinRouteAdvertisementInterval (RFC 4271 section 9.2.1.1);
	// nil selects the default of section 10 (30 s EBGP, 5 s IBGP); zero
	// sends changes at once.
	MRAI *time.Duration
	// StaleTime bounds how long routes kept across this neighbour's
	// restart wait for its End-of-RIB (default 360 s).
	StaleTime time.Duration
	// Session configures the FSM; its LocalAS, LocalID and PeerAS are
	// filled from the fields above.
	Session fsm.Config
	// Disabled leaves the peer configured but not started.
	Disabled bool
}

// internal reports whether the neighbour is in our AS.
func (c *PeerConfig) internal(as uint32) bool { return c.AS == as }

// check reports every error in c, naming the field.
func (c *Config) check() error {
	var errs []error
	if c.AS == 0 {
		errs = append(errs, errors.New("AS must not be 0"))
	}
	if !c.RouterID.Is4() || c.RouterID.IsUnspecified() {
		errs = append(errs, fmt.Errorf("RouterID %s must be a non-zero IPv4 address", c.RouterID))
	}
	if c.ClusterID.IsValid() && !c.ClusterID.Is4() {
		errs = append(errs, fmt.Errorf("ClusterID %s must be an IPv4 address", c.ClusterID))
	}
	seen := map[string]bool{}
	for i := range c.Peers {
		p := &c.Peers[i]
		where := fmt.Sprintf("Peers[%d] (%s)", i, p.Name)
		if p.Name == "" {
			errs = append(errs, fmt.Errorf("Peers[%d]: Name is empty", i))
		} else if seen[p.Name] {
			errs = append(errs, fmt.Errorf("%s: Name is used twice", where))
		}
		seen[p.Name] = true
		if !p.Addr.IsValid() {
			errs = append(errs, fmt.Errorf("%s: Addr is missing", where))
		}
		if p.AS == 0 {
			errs = append(errs, fmt.Errorf("%s: AS must not be 0", where))
		}
		if p.RRClient && !p.internal(c.AS) {
			errs = append(errs, fmt.Errorf("%s: RRClient needs an IBGP neighbour, not AS %d", where, p.AS))
		}
		if p.AllowASIn < 0 || p.AllowASIn > 10 {
			errs = append(errs, fmt.Errorf("%s: AllowASIn %d must be between 0 and 10", where, p.AllowASIn))
		}
		for _, name := range []string{p.Import, p.Export} {
			if name != "" && c.Policies[name] == nil {
				errs = append(errs, fmt.Errorf("%s: no policy %q", where, name))
			}
		}
		if p.MRAI != nil && *p.MRAI < 0 {
			errs = append(errs, fmt.Errorf("%s: MRAI %s must not be negative", where, *p.MRAI))
		}
	}
	for i, p := range c.Originate {
		if !p.IsValid() || p != p.Masked() {
			errs = append(errs, fmt.Errorf("Originate[%d]: %s is not a masked prefix", i, p))
		}
	}
	return errors.Join(errs...)
}

// families is the set of unicast families a prefix may belong to.
func familyOf(p netip.Prefix) wire.Family {
	if p.Addr().Is4() {
		return wire.IPv4Unicast
	}
	return wire.IPv6Unicast
}
