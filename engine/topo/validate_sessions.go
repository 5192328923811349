package topo

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// Session defaults.
const (
	// DefaultRestartTime is the graceful restart time when none is given.
	DefaultRestartTime = 120 * time.Second
	maxRestartTime     = wire.MaxRestartTime * time.Second
	maxAllowASIn       = 10
)

// sessionRouter resolves one end of a session.
func (c *checker) sessionRouter(path, name string) *Router {
	if name == "" {
		c.add(path, "required")
		return nil
	}
	if r, ok := c.routers[name]; ok {
		return r
	}
	if _, ok := c.hosts[name]; ok {
		c.add(path, fmt.Sprintf("%q is a host; sessions are between routers", name))
		return nil
	}
	if _, known := c.names[name]; !known {
		var names []string
		for _, r := range c.t.Routers {
			names = append(names, r.Name)
		}
		c.add(path, fmt.Sprintf("no router named %q", name)+suggest(name, names))
	}
	return nil
}

func (c *checker) checkSessions() {
	pairs := map[[2]string]int{}
	for i := range c.t.Sessions {
		s := &c.t.Sessions[i]
		p := index("sessions", i)
		ra := c.sessionRouter(field(p, "a"), s.A)
		rb := c.sessionRouter(field(p, "b"), s.B)
		if ra != nil && rb != nil {
			if s.A == s.B {
				c.add(field(p, "b"), "same as a")
				ra, rb = nil, nil
			} else if j, dup := pairs[pair(s.A, s.B)]; dup {
				c.add(p, fmt.Sprintf("%s and %s already have a session, sessions[%d]", s.A, s.B, j))
			} else {
				pairs[pair(s.A, s.B)] = i
			}
		}
		if ra != nil && rb != nil && ra.AS != 0 && rb.AS != 0 {
			c.sessionType(p, s, ra, rb)
			c.transport(p, s, ra, rb)
		}
		c.timers(p, s)
		c.neighbor(field(p, "a_side"), &s.ASide, s.Type)
		c.neighbor(field(p, "b_side"), &s.BSide, s.Type)
		if s.ASide.RRClient && s.BSide.RRClient {
			c.add(field(field(p, "b_side"), "rr_client"), "a and b cannot both be each other's route reflector client")
		}
	}
}

// sessionType derives the type from the ASes and checks a written one.
func (c *checker) sessionType(p string, s *Session, ra, rb *Router) {
	want := EBGP
	why := fmt.Sprintf("%s (AS %d) and %s (AS %d) are in different ASes", s.A, ra.AS, s.B, rb.AS)
	if ra.AS == rb.AS {
		want = IBGP
		why = fmt.Sprintf("%s and %s are both in AS %d", s.A, s.B, ra.AS)
	}
	if s.Type != TypeAuto && s.Type != want {
		c.add(field(p, "type"), fmt.Sprintf("%s: the session is %s, not %s", why, want, s.Type))
	}
	s.Type = want
}

// transport picks the addresses each side uses.
func (c *checker) transport(p string, s *Session, ra, rb *Router) {
	if s.Transport == TransportAuto {
		s.Transport = TransportLink
		if s.Type == IBGP {
			s.Transport = TransportLoopback
		}
	}
	switch s.Transport {
	case TransportLink:
		j, ok := c.linked[pair(s.A, s.B)]
		if !ok {
			c.add(field(p, "transport"), fmt.Sprintf(`no link between %s and %s: add one, or use "transport": "loopback"`, s.A, s.B))
			return
		}
		l := c.t.Links[j]
		s.AAddr, s.BAddr = l.AAddr, l.BAddr
		if l.A != s.A {
			s.AAddr, s.BAddr = l.BAddr, l.AAddr
		}
	case TransportLoopback:
		s.AAddr, s.BAddr = ra.Loopback, rb.Loopback
		if s.AAddr.IsValid() && s.BAddr.IsValid() && s.AAddr.Is4() != s.BAddr.Is4() {
			c.add(field(p, "transport"), fmt.Sprintf("the loopbacks of %s (%s) and %s (%s) are of different families",
				s.A, s.AAddr, s.B, s.BAddr))
		}
	default:
		c.add(field(p, "transport"), "unknown transport "+strconv.Itoa(int(s.Transport)))
	}
}

func (c *checker) timers(p string, s *Session) {
	if h := s.HoldTime; h != 0 && (h < 3*time.Second || h > 65535*time.Second || h%time.Second != 0) {
		c.add(field(p, "hold_time"), "want 0 or 3s..65535s in whole seconds, got "+durString(h))
	}
	for _, d := range []struct {
		k string
		v time.Duration
	}{{"keepalive", s.Keepalive}, {"connect_retry", s.ConnectRetry}} {
		if d.v < 0 {
			c.add(field(p, d.k), "must not be negative, got "+durString(d.v))
		}
	}
	if s.MRAI != nil && *s.MRAI < 0 {
		c.add(field(p, "mrai"), "must not be negative, got "+durString(*s.MRAI))
	}
	if s.HoldTime > 0 && s.Keepalive >= s.HoldTime {
		c.add(field(p, "keepalive"), fmt.Sprintf("%s must be less than hold_time %s", durString(s.Keepalive), durString(s.HoldTime)))
	}
}

// neighbor checks one side's configuration of its neighbour.
func (c *checker) neighbor(p string, n *Neighbor, typ SessionType) {
	for _, ref := range []struct{ k, name string }{{"import", n.Import}, {"export", n.Export}} {
		if ref.name == "" {
			continue
		}
		if _, ok := c.t.PolicySpecs[ref.name]; !ok {
			var names []string
			for name := range c.t.PolicySpecs {
				names = append(names, name)
			}
			slices.Sort(names)
			c.add(field(p, ref.k), fmt.Sprintf("no policy named %q", ref.name)+suggest(ref.name, names))
		}
	}
	if n.RRClient && typ == EBGP {
		c.add(field(p, "rr_client"), "route reflection is for ibgp sessions only")
	}
	if n.AllowASIn < 0 || n.AllowASIn > maxAllowASIn {
		c.add(field(p, "allowas_in"), fmt.Sprintf("want 0..%d, got %d", maxAllowASIn, n.AllowASIn))
	}
	if gr := n.GracefulRestart; gr != nil {
		if gr.RestartTime == 0 {
			gr.RestartTime = DefaultRestartTime
		}
		if rt := gr.RestartTime; rt < time.Second || rt > maxRestartTime || rt%time.Second != 0 {
			c.add(field(field(p, "graceful_restart"), "restart_time"),
				fmt.Sprintf("want 1s..%s in whole seconds, got %s", durString(maxRestartTime), durString(rt)))
		}
	}
	if len(n.Families) == 0 {
		n.Families = []wire.Family{wire.IPv4Unicast}
	}
	for j, f := range n.Families {
		pj := index(field(p, "families"), j)
		if !slices.Contains(families, f) {
			c.add(pj, fmt.Sprintf("%s is not supported; want ipv4-unicast or ipv6-unicast", f))
		} else if slices.Index(n.Families, f) < j {
			c.add(pj, fmt.Sprintf("%q is listed twice", f.String()))
		}
	}
}
