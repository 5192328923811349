package topo

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"net/netip"
	"reflect"
	"slices"
	"strconv"

	"github.com/bgpplay/bgpplay/engine/policy"
)

// Validate checks a topology built in Go with the rules Load applies to
// the JSON form, and fills in the same defaults and derived values
// (loopbacks, link addresses and prefix lengths, host gateways, session
// types, transports and addresses, costs, families, implicit ASes). It
// returns Errors ordered as the JSON form would be, and leaves t unchanged
// when there are any. Validating a valid topology again changes nothing.
func (t *Topology) Validate() error {
	c := t.clone()
	es := c.check()
	if len(es) > 0 {
		sortByForm(es)
		return es
	}
	*t = *c
	return nil
}

// clone copies t deeply enough that check may change the copy; policy
// specs are shared (check only normalizes them).
func (t *Topology) clone() *Topology {
	c := *t
	c.ASes = slices.Clone(t.ASes)
	c.Routers = slices.Clone(t.Routers)
	for i := range c.Routers {
		c.Routers[i].Originate = slices.Clone(c.Routers[i].Originate)
	}
	c.Hosts = slices.Clone(t.Hosts)
	c.Links = slices.Clone(t.Links)
	c.Sessions = slices.Clone(t.Sessions)
	for i := range c.Sessions {
		for _, n := range []*Neighbor{&c.Sessions[i].ASide, &c.Sessions[i].BSide} {
			n.Families = slices.Clone(n.Families)
			if n.GracefulRestart != nil {
				gr := *n.GracefulRestart
				n.GracefulRestart = &gr
			}
		}
	}
	return &c
}

// checker holds what the checks learn along the way.
type checker struct {
	t *Topology
	errs
	// names maps each router and host name to the path defining it.
	names   map[string]string
	routers map[string]*Router
	hosts   map[string]int // index in Hosts
	// linked maps an unordered pair of names to the index of their link.
	linked map[[2]string]int
	// assigned marks the links whose addresses were assigned.
	assigned map[int]bool
	// badHost marks the hosts whose address or gateway is wrong: their
	// links are not checked further.
	badHost map[int]bool
}

// check runs every check on t, filling in defaults as it goes, and returns
// the errors in the order found.
func (t *Topology) check() Errors {
	c := &checker{t: t, names: map[string]string{}, routers: map[string]*Router{},
		hosts: map[string]int{}, linked: map[[2]string]int{},
		assigned: map[int]bool{}, badHost: map[int]bool{}}
	c.checkASes()
	c.checkRouters()
	c.checkHosts()
	c.checkLinks()
	c.checkAddresses()
	c.checkSessions()
	c.checkPolicies()
	return c.list
}

// pair is the unordered key of two names.
func pair(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// checkASN reports an invalid AS number.
func (c *checker) checkASN(path string, asn uint32) {
	switch asn {
	case 0:
		c.add(path, "required (an AS number in 1..4294967295)")
	case 23456:
		c.add(path, "23456 is AS_TRANS (RFC 6793 section 9), not a real AS")
	}
}

func (c *checker) checkASes() {
	seen := map[uint32]int{}
	for i, a := range c.t.ASes {
		p := field(index("ases", i), "asn")
		c.checkASN(p, a.ASN)
		if j, dup := seen[a.ASN]; dup && a.ASN != 0 {
			c.add(p, fmt.Sprintf("AS %d is already listed at ases[%d]", a.ASN, j))
		} else {
			seen[a.ASN] = i
		}
	}
}

// checkName checks and records the name of a router or host.
func (c *checker) checkName(path, name string) {
	p := field(path, "name")
	if name == "" {
		c.add(p, "required")
		return
	}
	if prev, dup := c.names[name]; dup {
		c.add(p, fmt.Sprintf("%q is already the name of %s", name, prev))
		return
	}
	c.names[name] = path
}

func (c *checker) checkXY(path string, x, y float64) {
	for _, v := range []struct {
		k string
		f float64
	}{{"x", x}, {"y", y}} {
		if math.IsNaN(v.f) || math.IsInf(v.f, 0) {
			c.add(field(path, v.k), "must be a finite number")
		}
	}
}

func (c *checker) checkRouters() {
	ids := map[netip.Addr]int{}
	for i := range c.t.Routers {
		r := &c.t.Routers[i]
		p := index("routers", i)
		c.checkName(p, r.Name)
		if _, dup := c.routers[r.Name]; !dup && r.Name != "" {
			c.routers[r.Name] = r
		}
		c.checkASN(field(p, "as"), r.AS)
		switch id := r.RouterID; {
		case !id.IsValid():
			c.add(field(p, "router_id"), "required (a non-zero IPv4 address)")
		case !id.Is4() || id.IsUnspecified():
			c.add(field(p, "router_id"), "want a non-zero IPv4 address, got "+id.String())
		default:
			if j, dup := ids[id]; dup {
				c.add(field(p, "router_id"), fmt.Sprintf("%s is already the router_id of routers[%d]", id, j))
				break // and no loopback from it, to report the clash once
			}
			ids[id] = i
			if !r.Loopback.IsValid() {
				r.Loopback = id
			}
		}
		if r.Loopback.IsValid() && r.Loopback.IsUnspecified() {
			c.add(field(p, "loopback"), "must not be "+r.Loopback.String())
		}
		if id := r.ClusterID; id.IsValid() && (!id.Is4() || id.IsUnspecified()) {
			c.add(field(p, "cluster_id"), "want a non-zero IPv4 address, got "+id.String())
		}
		c.checkOriginate(p, r)
		c.checkXY(p, r.X, r.Y)
	}
	// Implicit ASes, in the order their first router appears.
	listed := map[uint32]bool{0: true}
	for _, a := range c.t.ASes {
		listed[a.ASN] = true
	}
	for _, r := range c.t.Routers {
		if !listed[r.AS] {
			listed[r.AS] = true
			c.t.ASes = append(c.t.ASes, AS{ASN: r.AS})
		}
	}
}

func (c *checker) checkOriginate(p string, r *Router) {
	if len(r.Originate) == 0 {
		r.Originate = nil
		return
	}
	seen := map[netip.Prefix]bool{}
	for j, pfx := range r.Originate {
		pj := index(field(p, "originate"), j)
		switch {
		case !pfx.IsValid():
			c.add(pj, "not a valid prefix")
		case pfx != pfx.Masked():
			c.add(pj, fmt.Sprintf("%s has host bits set; did you mean %s?", pfx, pfx.Masked()))
		case seen[pfx]:
			c.add(pj, pfx.String()+" is listed twice")
		default:
			seen[pfx] = true
		}
	}
}

func (c *checker) checkHosts() {
	for i := range c.t.Hosts {
		h := &c.t.Hosts[i]
		p := index("hosts", i)
		c.checkName(p, h.Name)
		if _, dup := c.hosts[h.Name]; !dup && h.Name != "" {
			if _, isRouter := c.routers[h.Name]; !isRouter {
				c.hosts[h.Name] = i
			}
		}
		c.checkXY(p, h.X, h.Y)
		n := len(c.list)
		c.checkHostAddresses(p, h)
		c.badHost[i] = len(c.list) > n
	}
}

// checkHostAddresses checks a host's address and gateway.
func (c *checker) checkHostAddresses(p string, h *Host) {
	if !h.Address.IsValid() {
		c.add(field(p, "address"), `required (an address with its prefix length, like "203.0.113.10/24")`)
		return
	}
	if msg := checkSubnetLen(h.Address, h.PrefixLen); msg != "" {
		c.add(field(p, "address"), msg)
		return
	}
	if msg := checkInterface(h.Address, h.PrefixLen); msg != "" {
		c.add(field(p, "address"), msg)
	}
	if g := h.Gateway; g.IsValid() {
		pg := field(p, "gateway")
		switch {
		case g.Is4() != h.Address.Is4():
			c.add(pg, fmt.Sprintf("%s and the host's address %s are of different families", g, h.Address))
		case !h.Prefix().Contains(g):
			c.add(pg, fmt.Sprintf("%s is not in the host's subnet %s", g, h.Prefix()))
		case g == h.Address:
			c.add(pg, "same as the host's address")
		default:
			if msg := checkInterface(g, h.PrefixLen); msg != "" {
				c.add(pg, msg)
			}
		}
	}
}

// checkSubnetLen checks that a point-to-point subnet of length bits has
// room for two addresses.
func checkSubnetLen(a netip.Addr, bits int) string {
	if a.Is4() && (bits < 1 || bits > 31) {
		return "want a prefix length in 1..31 for IPv4, got " + strconv.Itoa(bits)
	}
	if a.Is6() && (bits < 1 || bits > 127) {
		return "want a prefix length in 1..127 for IPv6, got " + strconv.Itoa(bits)
	}
	return ""
}

// checkInterface checks that a is usable as an interface address in a
// subnet of length bits.
func checkInterface(a netip.Addr, bits int) string {
	if a.IsUnspecified() {
		return "must not be " + a.String()
	}
	p, _ := a.Prefix(bits)
	if a.Is4() && bits <= 30 {
		if a == p.Addr() {
			return fmt.Sprintf("%s is the network address of %s", a, p)
		}
		if a == lastAddr(p) {
			return fmt.Sprintf("%s is the broadcast address of %s", a, p)
		}
	}
	return ""
}

// lastAddr returns the highest address of p.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

func (c *checker) checkPolicies() {
	normalizeSpecs(c.t.PolicySpecs)
	if len(c.t.PolicySpecs) == 0 {
		c.t.PolicySpecs = nil
	}
	c.t.Policies = nil
	if len(c.t.PolicySpecs) > 0 {
		c.t.Policies = make(map[string]*policy.Policy, len(c.t.PolicySpecs))
	}
	for _, name := range slices.Sorted(maps.Keys(c.t.PolicySpecs)) {
		p := key("policies", name)
		if name == "" {
			c.add(p, "a policy needs a name")
		}
		spec := c.t.PolicySpecs[name]
		if spec == nil {
			c.add(p, "want an object, got null")
			continue
		}
		compiled, err := policy.Compile(spec, name, p)
		if err != nil {
			c.policyErrors(p, err)
			continue
		}
		c.t.Policies[name] = compiled
	}
}

// policyErrors adds the errors of policy.Compile, which joins one
// *policy.FieldError per problem.
func (c *checker) policyErrors(path string, err error) {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	for _, e := range errs {
		if fe, ok := errors.AsType[*policy.FieldError](e); ok {
			c.add(fe.Path, fe.Msg)
		} else {
			c.add(path, e.Error())
		}
	}
}

// normalizeSpecs replaces empty slices in specs by nil, so that a spec
// reads back equal after it is written (the JSON form omits empty lists).
func normalizeSpecs(specs map[string]*policy.Spec) {
	for _, s := range specs {
		if s != nil {
			nilEmptySlices(reflect.ValueOf(s).Elem())
		}
	}
}

func nilEmptySlices(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			nilEmptySlices(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				nilEmptySlices(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			if !v.IsNil() {
				v.Set(reflect.Zero(v.Type()))
			}
			return
		}
		for i := range v.Len() {
			nilEmptySlices(v.Index(i))
		}
	}
}
