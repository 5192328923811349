package topo

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/netip"
	"time"
)

// GenConfig sizes a generated topology.
type GenConfig struct {
	// ASes is the number of ASes, at least 1.
	ASes int
	// RoutersPerAS is the number of routers in each AS, at least 1.
	RoutersPerAS int
	// PrefixesPerAS is the number of /24s each AS originates.
	PrefixesPerAS int
	// Seed drives every random choice; the same config gives the same
	// topology.
	Seed uint64
}

// The communities the generated Gao-Rexford policies tag routes with on
// import, saying what the neighbour they came from is to the AS.
const (
	CommunityFromCustomer = "65000:1"
	CommunityFromPeer     = "65000:2"
	CommunityFromProvider = "65000:3"
	// communityRelations matches all three.
	communityRelations = "65000:*"
)

// Limits of Generate, set by the address blocks it numbers from.
const (
	genLoopbacks = 1<<20 - 2              // 172.16.0.0/12
	genLinks     = 1 << 20                // /30s of 100.64.0.0/10
	genPrefixes  = 255 * 256              // /24s of 10.0.0.0/8 below 10.255.0.0/16
	genASNs      = 1<<32 - 1 - 4200000000 // 4-octet private range
)

var (
	genLoopbackBase = netip.MustParseAddr("172.16.0.0")
	genLinkBase     = netip.MustParseAddr("100.64.0.0")
	genPrefixBase   = netip.MustParseAddr("10.0.0.0")
)

// tier is an AS's place in the generated hierarchy.
type tier uint8

const (
	tier1 tier = iota + 1
	tier2
	stub
)

// relation is an inter-AS adjacency: customer buys transit from provider,
// or (peer) the two exchange their customers' routes.
type relation struct {
	a, b int // AS indexes; for transit a is the customer
	peer bool
}

// Generate builds an Internet-like topology (after Gao and Rexford, "Stable
// Internet routing without global coordination", 2001): a few tier-1 ASes
// peering in a full mesh; tier-2 ASes each buying transit from two tier-1
// or earlier tier-2 ASes and peering with a few other tier-2s; stub ASes
// each buying transit from one or two of them. Inside an AS, router 0 is a
// route reflector whose clients are all the others (IBGP over loopbacks),
// and the links form a ring plus a spoke from every router to router 0.
// Each inter-AS adjacency is one link and one EBGP session between a
// border router of each side, chosen at random. Policies tag routes on
// import with CommunityFromCustomer, CommunityFromPeer or
// CommunityFromProvider and LOCAL_PREF 200, 100 or 50, and export to
// peers and providers only customer routes and the AS's own. Each AS
// originates PrefixesPerAS /24s from 10.0.0.0/8, spread across its
// routers. The result is valid (it has passed Validate).
func Generate(c GenConfig) (*Topology, error) {
	switch {
	case c.ASes < 1:
		return nil, errors.New("topo: generate: ASes must be at least 1")
	case c.RoutersPerAS < 1:
		return nil, errors.New("topo: generate: RoutersPerAS must be at least 1")
	case c.PrefixesPerAS < 0:
		return nil, errors.New("topo: generate: PrefixesPerAS must not be negative")
	case c.ASes > genASNs || c.RoutersPerAS > genLoopbacks/c.ASes:
		return nil, fmt.Errorf("topo: generate: at most %d routers", genLoopbacks)
	case c.PrefixesPerAS > genPrefixes/c.ASes:
		return nil, fmt.Errorf("topo: generate: at most %d prefixes in all", genPrefixes)
	}
	g := &generator{c: c, rng: rand.New(rand.NewPCG(c.Seed, 0x626770706c617921)),
		t: &Topology{Name: fmt.Sprintf("random Internet: %d ASes of %d routers, seed %d", c.ASes, c.RoutersPerAS, c.Seed),
			Seed: c.Seed, PolicySpecs: gaoRexford()}}
	g.tiers()
	g.relations()
	for i := range c.ASes {
		g.as(i)
	}
	for _, r := range g.rels {
		g.adjacency(r)
	}
	if err := g.t.Validate(); err != nil {
		return nil, fmt.Errorf("topo: generate: %w", err)
	}
	return g.t, nil
}

type generator struct {
	c     GenConfig
	rng   *rand.Rand
	t     *Topology
	tier  []tier
	count [4]int // ASes per tier
	rels  []relation
}

// tiers splits the ASes: a few tier-1s, a third of the rest tier-2s.
func (g *generator) tiers() {
	n := g.c.ASes
	t1 := min(n, 3+n/50)
	t2 := (n - t1) / 3
	for i := range n {
		switch {
		case i < t1:
			g.tier = append(g.tier, tier1)
		case i < t1+t2:
			g.tier = append(g.tier, tier2)
		default:
			g.tier = append(g.tier, stub)
		}
		g.count[g.tier[i]]++
	}
}

// relations picks the inter-AS adjacencies.
func (g *generator) relations() {
	adj := map[[2]int]bool{}
	add := func(a, b int, peer bool) bool {
		k := [2]int{min(a, b), max(a, b)}
		if a == b || adj[k] {
			return false
		}
		adj[k] = true
		g.rels = append(g.rels, relation{a, b, peer})
		return true
	}
	t1, t2 := g.count[tier1], g.count[tier2]
	for a := range t1 {
		for b := a + 1; b < t1; b++ {
			add(a, b, true)
		}
	}
	// buy picks k providers for AS i among the ASes 0..limit-1.
	buy := func(i, k, limit int) {
		for _, p := range g.rng.Perm(limit)[:min(k, limit)] {
			add(i, p, false)
		}
	}
	for i := t1; i < t1+t2; i++ {
		buy(i, 2, i)
	}
	for i := t1; i < t1+t2; i++ {
		for range 2 {
			if t2 > 1 {
				add(i, t1+g.rng.IntN(t2), true)
			}
		}
	}
	for i := t1 + t2; i < g.c.ASes; i++ {
		buy(i, 1+g.rng.IntN(2), t1+t2)
	}
}

func (g *generator) asn(i int) uint32 {
	if g.tier[i] != stub && i < 1000 {
		return 64512 + uint32(i)
	}
	return 4200000000 + uint32(i)
}

func (g *generator) routerName(as, r int) string {
	return fmt.Sprintf("r%d.%d", as, r)
}

// as adds AS i: its routers, internal links and IBGP sessions.
func (g *generator) as(i int) {
	n := g.c.RoutersPerAS
	asn := g.asn(i)
	names := map[tier]string{tier1: "tier-1", tier2: "tier-2", stub: "stub"}
	g.t.ASes = append(g.t.ASes, AS{ASN: asn, Name: fmt.Sprintf("%s %d", names[g.tier[i]], i)})
	cx, cy := g.center(i)
	for r := range n {
		k := i*n + r
		lo := addrAdd(genLoopbackBase, uint64(k)+1)
		rt := Router{Name: g.routerName(i, r), AS: asn, RouterID: lo, Loopback: lo, X: cx, Y: cy}
		if n > 1 {
			a := 2 * math.Pi * float64(r) / float64(n)
			rt.X, rt.Y = math.Round(cx+60*math.Cos(a)), math.Round(cy+60*math.Sin(a))
		}
		for j := r; j < g.c.PrefixesPerAS; j += n {
			idx := i*g.c.PrefixesPerAS + j
			rt.Originate = append(rt.Originate, netip.PrefixFrom(addrAdd(genPrefixBase, uint64(idx)*256), 24))
		}
		g.t.Routers = append(g.t.Routers, rt)
	}
	for r := range n {
		if next := (r + 1) % n; next != r && !(n == 2 && r == 1) {
			g.link(g.routerName(i, r), g.routerName(i, next), g.ms(1, 5))
		}
	}
	for r := 2; r < n-1; r++ {
		g.link(g.routerName(i, 0), g.routerName(i, r), g.ms(1, 5))
	}
	for r := 1; r < n; r++ {
		g.t.Sessions = append(g.t.Sessions, Session{A: g.routerName(i, 0), B: g.routerName(i, r),
			Type: IBGP, Transport: TransportLoopback,
			ASide: Neighbor{RRClient: true}, BSide: Neighbor{NextHopSelf: true}})
	}
}

// center places tier-1 ASes on an inner circle, tier-2 around them and
// stubs outside.
func (g *generator) center(i int) (float64, float64) {
	t := g.tier[i]
	pos := i
	for k := tier1; k < t; k++ {
		pos -= g.count[k]
	}
	radius := map[tier]float64{tier1: 250, tier2: 650, stub: 1100}[t]
	a := 2*math.Pi*float64(pos)/float64(g.count[t]) + float64(t)*0.3
	return math.Round(radius * math.Cos(a)), math.Round(radius * math.Sin(a))
}

// ms returns a random latency from lo to hi milliseconds.
func (g *generator) ms(lo, hi int) time.Duration {
	return time.Duration(lo+g.rng.IntN(hi-lo+1)) * time.Millisecond
}

// link adds a link numbered from 100.64.0.0/10.
func (g *generator) link(a, b string, latency time.Duration) {
	base := addrAdd(genLinkBase, 4*uint64(len(g.t.Links)))
	g.t.Links = append(g.t.Links, Link{A: a, B: b, AAddr: base.Next(), BAddr: base.Next().Next(),
		PrefixLen: 30, Latency: latency, Cost: DefaultCost})
}

// border picks a border router of AS i: any but the route reflector.
func (g *generator) border(i int) string {
	if g.c.RoutersPerAS == 1 {
		return g.routerName(i, 0)
	}
	return g.routerName(i, 1+g.rng.IntN(g.c.RoutersPerAS-1))
}

// adjacency adds the link and EBGP session of one relation.
func (g *generator) adjacency(r relation) {
	a, b := g.border(r.a), g.border(r.b)
	g.link(a, b, g.ms(5, 30))
	s := Session{A: a, B: b, Type: EBGP, Transport: TransportLink}
	if r.peer {
		s.ASide = Neighbor{Import: "from-peer", Export: "to-peer"}
		s.BSide = s.ASide
	} else {
		s.ASide = Neighbor{Import: "from-provider", Export: "to-provider"}
		s.BSide = Neighbor{Import: "from-customer"}
	}
	g.t.Sessions = append(g.t.Sessions, s)
}

// addrAdd returns the IPv4 address n after a.
func addrAdd(a netip.Addr, n uint64) netip.Addr {
	b := a.As4()
	v := uint64(b[0])<<24 | uint64(b[1])<<16 | uint64(b[2])<<8 | uint64(b[3])
	return addr4(uint32(v + n))
}
