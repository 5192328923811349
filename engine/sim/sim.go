// Package sim is a discrete-event simulation of a BGP network: routers
// running engine/speaker, hosts, links with latency and IGP cost that go
// down and up, routers that go down and restart, and a reliable in-order
// stream per TCP connection whose setup is visible. Time is virtual. The
// same topology and seed give the same events, byte for byte: ties are
// broken by the order things were scheduled, never by map iteration.
//
// A router goes down in one of two ways. Crash stops its BGP process on a
// host that keeps running, as a graceful restart (RFC 4724) expects: the
// host resets the router's TCP connections, so each peer sees its
// connection fail one latency later without a NOTIFICATION, and refuses
// connection attempts at once until Restart. PowerOff is a silent power
// failure: nothing is sent, connection attempts time out after
// Options.ConnectTimeout, and peers notice only when their hold timers
// expire (RFC 4271 section 6.5), which ends the session with a
// NOTIFICATION and so without graceful restart.
//
// A Sim can be stepped one event at a time (Step), run until a virtual
// time (RunUntil), run until the network is quiet (RunUntilQuiet) and
// rewound to an earlier time (Rewind, which replays the run from the
// start: cheap, because it is deterministic).
package sim

import (
	"container/heap"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/bgpplay/bgpplay/engine/policy"
	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/topo"
	"github.com/bgpplay/bgpplay/engine/trace"
)

// Options tune a simulation.
type Options struct {
	// Trace selects the kinds of events recorded; nil records all.
	Trace func(trace.Kind) bool
	// ConnectTimeout is how long a TCP connection attempt to an address
	// that does not answer (no route, or a router powered off) takes to
	// fail (default 3 s).
	ConnectTimeout time.Duration
}

// Sim is a simulated network. It is not safe for concurrent use.
type Sim struct {
	topo     *topo.Topology
	opt      Options
	now      time.Duration
	q        queue
	seq      uint64
	net      *network
	routers  []*Router
	byName   map[string]*Router
	policies map[string]*policy.Policy
	attrs    *rib.Table
	log      *trace.Log
	msgID    uint64
	// conns finds a connection by either end; connOrder lists them
	// oldest first.
	conns     map[endKey]*conn
	connOrder []*conn
	// commands are the commands applied so far, for Rewind.
	commands []Command
	// processed counts the happenings run; foreground counts the queued
	// ones that are never background.
	processed  uint64
	foreground int
	// busy is the background entry quiet last found still busy.
	busy *pending
}

// New builds a simulation of t, which must be valid (topo.Load or
// Topology.Validate), and starts every router at time 0.
func New(t *topo.Topology, opt Options) (*Sim, error) {
	s := &Sim{}
	if err := s.start(t, opt); err != nil {
		return nil, err
	}
	return s, nil
}

// start makes s a new simulation of t at time 0 and boots every router.
// It works in place because every closure the simulation schedules, and
// every router, holds s: Rewind restarts the same Sim.
func (s *Sim) start(t *topo.Topology, opt Options) error {
	if opt.ConnectTimeout == 0 {
		opt.ConnectTimeout = 3 * time.Second
	}
	*s = Sim{
		topo:     t,
		opt:      opt,
		net:      newNetwork(t),
		byName:   map[string]*Router{},
		policies: map[string]*policy.Policy{},
		attrs:    rib.NewTable(),
		log:      trace.NewLog(opt.Trace),
		conns:    map[endKey]*conn{},
	}
	for _, name := range sortedKeys(t.PolicySpecs) {
		p, err := policy.Compile(t.PolicySpecs[name], name, fmt.Sprintf("policies[%q]", name))
		if err != nil {
			return err
		}
		s.policies[name] = p
	}
	for i := range t.Routers {
		r := &Router{sim: s, index: i, topo: &t.Routers[i], Name: t.Routers[i].Name}
		s.routers = append(s.routers, r)
		s.byName[r.Name] = r
	}
	for _, r := range s.routers {
		if err := r.boot(false); err != nil {
			return err
		}
	}
	return nil
}

// rngFor returns the seeded random source of router i in its boot number
// gen: independent of every other router's, so adding a router does not
// change the others' jitter.
func (s *Sim) rngFor(i, gen int) *rand.Rand {
	return rand.New(rand.NewPCG(s.topo.Seed, uint64(i)<<16|uint64(gen)))
}

// Now returns the virtual time.
func (s *Sim) Now() time.Duration { return s.now }

// Log returns the trace of the run.
func (s *Sim) Log() *trace.Log { return s.log }

// Topology returns the topology simulated.
func (s *Sim) Topology() *topo.Topology { return s.topo }

// Router returns the router named name.
func (s *Sim) Router(name string) (*Router, bool) {
	r, ok := s.byName[name]
	return r, ok
}

// Routers returns the routers in topology order.
func (s *Sim) Routers() []*Router { return s.routers }

// Processed returns how many events the simulation has run.
func (s *Sim) Processed() uint64 { return s.processed }

// Attrs returns the attribute table the routers share.
func (s *Sim) Attrs() *rib.Table { return s.attrs }

// Step runs the next event and reports whether there was one.
func (s *Sim) Step() bool {
	if s.q.Len() == 0 {
		return false
	}
	p := heap.Pop(&s.q).(*pending)
	p.ran = true
	s.now = max(s.now, p.At)
	s.processed++
	if p.background == nil {
		s.foreground--
	}
	p.do()
	return true
}

// RunUntil runs every event up to and including virtual time t, then sets
// the clock to t.
func (s *Sim) RunUntil(t time.Duration) {
	for s.q.Len() > 0 && s.q[0].At <= t {
		s.Step()
	}
	s.now = max(s.now, t)
}

// RunUntilQuiet runs until nothing is left to happen but background
// activity — keepalives, hold timers that will be reset, connection
// retries towards routers that are down or unreachable — or until virtual
// time limit. It reports whether the network became quiet.
func (s *Sim) RunUntilQuiet(limit time.Duration) bool {
	for {
		if s.quiet() {
			return true
		}
		if s.q.Len() == 0 || s.q[0].At > limit {
			s.now = max(s.now, limit)
			return false
		}
		s.Step()
	}
}

// quiet reports whether every pending happening is background.
func (s *Sim) quiet() bool {
	if s.foreground > 0 {
		return false
	}
	// The entry that kept the network busy last time usually still does.
	if b := s.busy; b != nil && b.index >= 0 && b.background != nil && !b.background() {
		return false
	}
	for _, p := range s.q {
		if p.background == nil || !p.background() {
			s.busy = p
			return false
		}
	}
	s.busy = nil
	return true
}

// record adds an event to the log, stamped with the current time.
func (s *Sim) record(e trace.Event) {
	e.At = s.now
	s.log.Add(e)
}
