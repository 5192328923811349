package topo

import (
	"cmp"
	"math"
	"net/netip"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// DefaultLatency is the latency of a link whose JSON form gives none.
const DefaultLatency = 10 * time.Millisecond

// Load reads a topology from its JSON form (see the package
// documentation), checks it and fills in defaults and derived values. On
// failure it returns no topology and every error found, as Errors sorted by
// their place in the file.
func Load(data []byte) (*Topology, error) {
	root, serr := parseTree(data)
	if serr != nil {
		return nil, Errors{*serr}
	}
	d := newDecoder()
	var f fileTopology
	d.decode(root, reflect.ValueOf(&f).Elem(), "")
	t := f.topology(&d.errs)
	all := slices.Clone(d.errs.list)
	covered := d.suggested
	for _, e := range d.errs.list {
		covered = append(covered, e.Path)
	}
	for _, e := range t.check() {
		if !slices.ContainsFunc(covered, func(p string) bool { return within(e.Path, p) }) {
			all = append(all, e)
		}
	}
	if len(all) == 0 {
		return t, nil
	}
	type placed struct {
		off int
		e   FieldError
	}
	ps := make([]placed, len(all))
	for i, e := range all {
		ps[i] = placed{d.offsetOf(e.Path), e}
		ps[i].e.Line, _ = lineCol(data, ps[i].off)
	}
	slices.SortStableFunc(ps, func(a, b placed) int { return cmp.Compare(a.off, b.off) })
	for i := range ps {
		all[i] = ps[i].e
	}
	return nil, all
}

// offsetOf returns where path, or its nearest ancestor present in the
// file, starts.
func (d *decoder) offsetOf(path string) int {
	for {
		if off, ok := d.offsets[path]; ok {
			return off
		}
		p, ok := parent(path)
		if !ok {
			return 0
		}
		path = p
	}
}

// UnmarshalJSON loads t from its JSON form, as Load does.
func (t *Topology) UnmarshalJSON(data []byte) error {
	n, err := Load(data)
	if err != nil {
		return err
	}
	*t = *n
	return nil
}

// topology converts the written form, reporting values that do not parse.
// Semantic checks are left to check, which sees the zero value where a
// value did not parse (and Load drops its errors at those paths).
func (f *fileTopology) topology(e *errs) *Topology {
	t := &Topology{Name: f.Name, Seed: f.Seed, PolicySpecs: f.Policies}
	for i, a := range f.ASes {
		p := index("ases", i)
		t.ASes = append(t.ASes, AS{ASN: asNumber(e, field(p, "asn"), a.ASN), Name: a.Name,
			HideExternalLinks: a.HideExternalLinks})
	}
	for i, r := range f.Routers {
		p := index("routers", i)
		rt := Router{Name: r.Name, AS: asNumber(e, field(p, "as"), r.AS),
			RouterID:  parseAddr(e, field(p, "router_id"), r.RouterID),
			Loopback:  parseAddr(e, field(p, "loopback"), r.Loopback),
			ClusterID: parseAddr(e, field(p, "cluster_id"), r.ClusterID),
			X:         r.X, Y: r.Y, AlwaysCompareMED: r.AlwaysCompareMED, IGPSync: r.IGPSync}
		for j, s := range r.Originate {
			if pfx, err := netip.ParsePrefix(s); err != nil {
				e.add(index(field(p, "originate"), j), "want a prefix like \"203.0.113.0/24\", got "+strconv.Quote(s))
			} else {
				rt.Originate = append(rt.Originate, pfx)
			}
		}
		t.Routers = append(t.Routers, rt)
	}
	for i, h := range f.Hosts {
		p := index("hosts", i)
		ht := Host{Name: h.Name, Gateway: parseAddr(e, field(p, "gateway"), h.Gateway), X: h.X, Y: h.Y}
		if h.Address != "" {
			if pfx, err := netip.ParsePrefix(h.Address); err != nil || pfx.Addr().Zone() != "" {
				e.add(field(p, "address"), "want an address with its prefix length, like \"203.0.113.10/24\", got "+strconv.Quote(h.Address))
			} else {
				ht.Address, ht.PrefixLen = pfx.Addr(), pfx.Bits()
			}
		}
		t.Hosts = append(t.Hosts, ht)
	}
	for i, l := range f.Links {
		p := index("links", i)
		lt := Link{A: l.A, B: l.B, Down: l.Down, Latency: DefaultLatency,
			AAddr: parseAddr(e, field(p, "a_addr"), l.AAddr),
			BAddr: parseAddr(e, field(p, "b_addr"), l.BAddr)}
		if l.PrefixLen != nil {
			lt.PrefixLen = *l.PrefixLen
			if lt.PrefixLen == 0 {
				e.add(field(p, "prefix_len"), "must not be 0")
			}
		}
		if l.Latency != nil {
			lt.Latency = parseDuration(e, field(p, "latency"), *l.Latency)
		}
		if l.Cost != nil {
			lt.Cost = *l.Cost
			if lt.Cost == 0 {
				e.add(field(p, "cost"), "want a number in 1..65535, got 0")
			}
		}
		t.Links = append(t.Links, lt)
	}
	for i, s := range f.Sessions {
		t.Sessions = append(t.Sessions, s.session(e, index("sessions", i)))
	}
	normalizeSpecs(t.PolicySpecs)
	return t
}

func (s *fileSession) session(e *errs, p string) Session {
	st := Session{A: s.A, B: s.B, Down: s.Down,
		HoldTime:     parseDuration(e, field(p, "hold_time"), s.HoldTime),
		Keepalive:    parseDuration(e, field(p, "keepalive"), s.Keepalive),
		ConnectRetry: parseDuration(e, field(p, "connect_retry"), s.ConnectRetry),
		MRAI:         parseOptDuration(e, field(p, "mrai"), s.MRAI),
		ASide:        s.ASide.neighbor(e, field(p, "a_side")),
		BSide:        s.BSide.neighbor(e, field(p, "b_side")),
	}
	switch s.Type {
	case "":
	case "ebgp":
		st.Type = EBGP
	case "ibgp":
		st.Type = IBGP
	default:
		e.add(field(p, "type"), `want "ebgp" or "ibgp", got `+strconv.Quote(s.Type))
	}
	switch s.Transport {
	case "":
	case "link":
		st.Transport = TransportLink
	case "loopback":
		st.Transport = TransportLoopback
	default:
		e.add(field(p, "transport"), `want "link" or "loopback", got `+strconv.Quote(s.Transport))
	}
	return st
}

func (n *fileNeighbor) neighbor(e *errs, p string) Neighbor {
	nt := Neighbor{Import: n.Import, Export: n.Export, NextHopSelf: n.NextHopSelf, Passive: n.Passive,
		AllowASIn: n.AllowASIn, RRClient: n.RRClient}
	if n.GracefulRestart != nil {
		pg := field(field(p, "graceful_restart"), "restart_time")
		nt.GracefulRestart = &GracefulRestart{RestartTime: parseDuration(e, pg, n.GracefulRestart.RestartTime)}
		if n.GracefulRestart.RestartTime != "" && nt.GracefulRestart.RestartTime == 0 {
			e.add(pg, "want 1s..4095s, got "+strconv.Quote(n.GracefulRestart.RestartTime))
		}
	}
	if n.Families != nil && len(n.Families) == 0 {
		e.add(field(p, "families"), "want at least one family")
	}
	for i, s := range n.Families {
		f, ok := parseFamily(s)
		if !ok {
			e.add(index(field(p, "families"), i), `want "ipv4-unicast" or "ipv6-unicast", got `+strconv.Quote(s))
			continue
		}
		nt.Families = append(nt.Families, f)
	}
	return nt
}

// families are the address families a session may negotiate.
var families = []wire.Family{wire.IPv4Unicast, wire.IPv6Unicast}

func parseFamily(s string) (wire.Family, bool) {
	for _, f := range families {
		if f.String() == s {
			return f, true
		}
	}
	return wire.Family{}, false
}

func asNumber(e *errs, path string, n uint64) uint32 {
	if n > math.MaxUint32 {
		e.add(path, "want an AS number in 1..4294967295, got "+strconv.FormatUint(n, 10))
		return 0
	}
	return uint32(n)
}

// parseAddr parses an address; "" gives the zero Addr.
func parseAddr(e *errs, path, s string) netip.Addr {
	if s == "" {
		return netip.Addr{}
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		msg := "want an IP address, got " + strconv.Quote(s)
		if strings.Contains(s, "/") {
			msg += " (no prefix length here)"
		}
		e.add(path, msg)
		return netip.Addr{}
	}
	return a
}

// parseDuration parses a Go duration; "" gives 0.
func parseDuration(e *errs, path, s string) time.Duration {
	if s == "" {
		return 0
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		e.add(path, `want a duration like "10ms" or "90s", got `+strconv.Quote(s))
		return 0
	}
	return d
}

// parseOptDuration parses a duration that may be absent (nil) and may be
// zero.
func parseOptDuration(e *errs, path, s string) *time.Duration {
	if s == "" {
		return nil
	}
	d := parseDuration(e, path, s)
	return &d
}
