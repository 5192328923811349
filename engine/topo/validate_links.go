package topo

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Link address assignment: link i without addresses gets
// autoLinkBase + 4i + 1 and + 2, in a /30.
var autoLinkBase = netip.MustParsePrefix("10.255.0.0/16")

const (
	autoLinkLen  = 30
	maxAutoLinks = 1 << (32 - 16 - 2)
	// DefaultCost is the IGP cost of a link that gives none.
	DefaultCost = 10
)

// endpoint resolves one end of link i: whether it names a router or a
// host, reporting unknown names.
func (c *checker) endpoint(path, name string) (isHost, ok bool) {
	if name == "" {
		c.add(path, "required")
		return false, false
	}
	if _, r := c.routers[name]; r {
		return false, true
	}
	if _, h := c.hosts[name]; h {
		return true, true
	}
	if _, known := c.names[name]; known { // a duplicate name, reported there
		return false, false
	}
	c.add(path, fmt.Sprintf("no router or host named %q", name)+suggest(name, c.sortedNames()))
	return false, false
}

func (c *checker) sortedNames() []string {
	var out []string
	for _, r := range c.t.Routers {
		out = append(out, r.Name)
	}
	for _, h := range c.t.Hosts {
		out = append(out, h.Name)
	}
	return out
}

func (c *checker) checkLinks() {
	// hostLinks counts the links of each host first: addresses are
	// derived from a host only when it has exactly one.
	hostLinks := map[string][]int{}
	ends := make([][2]bool, len(c.t.Links)) // [isHostA, isHostB]
	valid := make([]bool, len(c.t.Links))
	for i := range c.t.Links {
		l := &c.t.Links[i]
		p := index("links", i)
		ha, oka := c.endpoint(field(p, "a"), l.A)
		hb, okb := c.endpoint(field(p, "b"), l.B)
		ends[i] = [2]bool{ha, hb}
		switch {
		case !oka || !okb:
		case l.A == l.B:
			c.add(field(p, "b"), "same as a")
		case ha && hb:
			c.add(p, fmt.Sprintf("links two hosts (%q and %q); a host's link goes to a router", l.A, l.B))
		default:
			if j, dup := c.linked[pair(l.A, l.B)]; dup {
				c.add(p, fmt.Sprintf("%s and %s are already linked by links[%d]", l.A, l.B, j))
				break
			}
			c.linked[pair(l.A, l.B)] = i
			valid[i] = true
			for k, name := range []string{l.A, l.B} {
				if ends[i][k] {
					hostLinks[name] = append(hostLinks[name], i)
				}
			}
		}
		if l.Latency < 0 {
			c.add(field(p, "latency"), "must not be negative, got "+durString(l.Latency))
		}
		if l.Cost == 0 {
			l.Cost = DefaultCost
		} else if l.Cost < 1 || l.Cost > 65535 {
			c.add(field(p, "cost"), "want a number in 1..65535, got "+strconv.Itoa(l.Cost))
		}
	}
	for i, h := range c.t.Hosts {
		if _, ok := c.hosts[h.Name]; !ok {
			continue
		}
		switch ls := hostLinks[h.Name]; len(ls) {
		case 0:
			c.add(index("hosts", i), "has no link; a host needs exactly one, to a router")
		case 1:
		default:
			refs := make([]string, len(ls))
			for k, j := range ls {
				refs[k] = index("links", j)
			}
			c.add(index("hosts", i), fmt.Sprintf("has %d links (%s); a host has exactly one", len(ls), strings.Join(refs, ", ")))
		}
	}
	for i := range c.t.Links {
		l := &c.t.Links[i]
		p := index("links", i)
		if valid[i] && (ends[i][0] || ends[i][1]) {
			hostName := l.A
			if ends[i][1] {
				hostName = l.B
			}
			hi := c.hosts[hostName]
			if len(hostLinks[hostName]) != 1 || c.badHost[hi] {
				continue // reported at the host
			}
			c.hostLink(p, l, ends[i][1], hi)
		}
		c.linkAddresses(p, l, i)
	}
}

// hostLink derives the addresses of a link to a host (on side B when
// hostIsB) from the host, or checks them against it.
func (c *checker) hostLink(p string, l *Link, hostIsB bool, hi int) {
	h := &c.t.Hosts[hi]
	if !h.Address.IsValid() {
		return
	}
	hAddr, rAddr, hKey, rKey := &l.AAddr, &l.BAddr, "a_addr", "b_addr"
	if hostIsB {
		hAddr, rAddr, hKey, rKey = rAddr, hAddr, rKey, hKey
	}
	if !hAddr.IsValid() && !rAddr.IsValid() {
		*hAddr = h.Address
		*rAddr = h.Gateway
		if !rAddr.IsValid() {
			*rAddr = defaultGateway(h.Prefix(), h.Address)
		}
	} else if hAddr.IsValid() && *hAddr != h.Address {
		c.add(field(p, hKey), fmt.Sprintf("must be %s, the address of host %q", h.Address, h.Name))
		return
	}
	if l.PrefixLen == 0 {
		l.PrefixLen = h.PrefixLen
	} else if l.PrefixLen != h.PrefixLen {
		c.add(field(p, "prefix_len"), fmt.Sprintf("must be %d, the prefix length of host %q", h.PrefixLen, h.Name))
		return
	}
	if !rAddr.IsValid() {
		return // reported by linkAddresses
	}
	if !h.Gateway.IsValid() {
		h.Gateway = *rAddr
	} else if h.Gateway != *rAddr {
		c.add(field(index("hosts", hi), "gateway"), fmt.Sprintf("%s is not %s, the address of the router side of %s (%s)",
			h.Gateway, *rAddr, p, rKey))
	}
}

// defaultGateway picks the first address of p other than host and, on a
// subnet with more than two addresses, the network address.
func defaultGateway(p netip.Prefix, host netip.Addr) netip.Addr {
	a := p.Addr()
	if p.Bits() < a.BitLen()-1 {
		a = a.Next()
	}
	if a == host {
		a = a.Next()
	}
	return a
}

// linkAddresses assigns or checks the addresses of link i.
func (c *checker) linkAddresses(p string, l *Link, i int) {
	switch {
	case !l.AAddr.IsValid() && !l.BAddr.IsValid():
		if l.PrefixLen != 0 && l.PrefixLen != autoLinkLen {
			c.add(field(p, "prefix_len"), fmt.Sprintf("%d needs a_addr and b_addr (assigned addresses are /%d)", l.PrefixLen, autoLinkLen))
			return
		}
		if i >= maxAutoLinks {
			c.add(p, fmt.Sprintf("no addresses left to assign in %s; give a_addr and b_addr", autoLinkBase))
			return
		}
		base := autoLinkBase.Addr().As4()
		n := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(4*i)
		l.AAddr, l.BAddr, l.PrefixLen = addr4(n+1), addr4(n+2), autoLinkLen
		c.assigned[i] = true
		return
	case !l.AAddr.IsValid():
		c.add(field(p, "a_addr"), "required when b_addr is given")
		return
	case !l.BAddr.IsValid():
		c.add(field(p, "b_addr"), "required when a_addr is given")
		return
	}
	if l.AAddr.Is4() != l.BAddr.Is4() {
		c.add(field(p, "b_addr"), fmt.Sprintf("%s and a_addr %s are of different families", l.BAddr, l.AAddr))
		return
	}
	if l.PrefixLen == 0 {
		l.PrefixLen = 30
		if l.AAddr.Is6() {
			l.PrefixLen = 64
		}
	}
	if msg := checkSubnetLen(l.AAddr, l.PrefixLen); msg != "" {
		c.add(field(p, "prefix_len"), msg)
		return
	}
	if l.AAddr == l.BAddr {
		c.add(field(p, "b_addr"), "same as a_addr")
		return
	}
	if !l.Prefix().Contains(l.BAddr) {
		c.add(field(p, "b_addr"), fmt.Sprintf("%s is not in %s, the subnet of a_addr", l.BAddr, l.Prefix()))
		return
	}
	for _, side := range []struct {
		k string
		a netip.Addr
	}{{"a_addr", l.AAddr}, {"b_addr", l.BAddr}} {
		if msg := checkInterface(side.a, l.PrefixLen); msg != "" {
			c.add(field(p, side.k), msg)
		}
	}
}

func addr4(n uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
}

// checkAddresses reports every interface address and loopback used twice,
// naming both places.
func (c *checker) checkAddresses() {
	used := map[netip.Addr]string{}
	use := func(path string, a netip.Addr, assigned bool) {
		if !a.IsValid() {
			return
		}
		if prev, dup := used[a]; dup {
			what := ""
			if assigned {
				what = "assigned address "
			}
			c.add(path, fmt.Sprintf("%s%s is already used by %s", what, a, prev))
			return
		}
		used[a] = path
	}
	for i, r := range c.t.Routers {
		use(field(index("routers", i), "loopback"), r.Loopback, false)
	}
	for i, l := range c.t.Links {
		p := index("links", i)
		use(field(p, "a_addr"), l.AAddr, c.assigned[i])
		if l.BAddr != l.AAddr { // else reported by linkAddresses
			use(field(p, "b_addr"), l.BAddr, c.assigned[i])
		}
	}
}
