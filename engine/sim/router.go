package sim

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/speaker"
	"github.com/bgpplay/bgpplay/engine/topo"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
)

// Router is a simulated router: a speaker, its timers and whether it runs.
type Router struct {
	Name  string
	sim   *Sim
	index int
	topo  *topo.Router
	sp    *speaker.Speaker
	up    bool
	// off marks a router that is down because it lost power: its host
	// answers nothing. A router that is down and not off crashed: its
	// host runs and refuses connections.
	off bool
	// gen counts boots; happenings scheduled for an earlier boot are
	// ignored.
	gen    int
	timers map[speaker.Timer]*pending
}

// Speaker returns the router's speaker, nil while it is down.
func (r *Router) Speaker() *speaker.Speaker { return r.sp }

// Up reports whether the router runs.
func (r *Router) Up() bool { return r.up }

// Topo returns the router's topology entry.
func (r *Router) Topo() *topo.Router { return r.topo }

// boot creates a fresh speaker and starts it.
func (r *Router) boot(restarting bool) error {
	cfg, err := r.sim.speakerConfig(r, restarting)
	if err != nil {
		return err
	}
	r.gen++
	sp, err := speaker.New(cfg, r.sim.rngFor(r.index, r.gen))
	if err != nil {
		return err
	}
	r.sp, r.up, r.timers = sp, true, map[speaker.Timer]*pending{}
	r.apply(sp.Start(r.sim.now))
	return nil
}

// speakerConfig builds router r's speaker configuration from the topology.
func (s *Sim) speakerConfig(r *Router, restarting bool) (speaker.Config, error) {
	t := r.topo
	idx := r.index
	cfg := speaker.Config{
		Name:             t.Name,
		AS:               t.AS,
		RouterID:         t.RouterID,
		ClusterID:        t.ClusterID,
		AlwaysCompareMED: t.AlwaysCompareMED,
		IGPSync:          t.IGPSync,
		Originate:        t.Originate,
		Policies:         s.policies,
		Resolve:          func(nh netip.Addr) (uint32, bool) { return s.net.resolve(idx, nh) },
		Synced:           func(p netip.Prefix) bool { return s.net.synced(idx, p) },
		Attrs:            s.attrs,
		Trace:            s.opt.Trace,
	}
	for _, i := range s.topo.SessionsOf(t.Name) {
		ss := &s.topo.Sessions[i]
		me, other, myAddr, otherAddr := ss.ASide, ss.B, ss.AAddr, ss.BAddr
		if ss.B == t.Name {
			me, other, myAddr, otherAddr = ss.BSide, ss.A, ss.BAddr, ss.AAddr
		}
		o, _ := s.topo.Router(other)
		pc := speaker.PeerConfig{
			Name: other, Addr: otherAddr, LocalAddr: myAddr, AS: o.AS,
			RRClient: me.RRClient, NextHopSelf: me.NextHopSelf, AllowASIn: me.AllowASIn,
			Import: me.Import, Export: me.Export, Disabled: ss.Down,
			Session: fsm.Config{
				HoldTime: ss.HoldTime, KeepaliveTime: ss.Keepalive, ConnectRetryTime: ss.ConnectRetry,
				Passive: me.Passive, Families: me.Families, RouteRefresh: true, EnhancedRouteRefresh: true,
			},
		}
		pc.MRAI = ss.MRAI
		if gr := me.GracefulRestart; gr != nil {
			g := &fsm.GRConfig{RestartTime: gr.RestartTime}
			for _, f := range me.Families {
				g.Families = append(g.Families, wire.GRFamily{Family: f, ForwardingPreserved: true})
			}
			pc.Session.GracefulRestart = g
			cfg.Restarting = cfg.Restarting || restarting
		}
		cfg.Peers = append(cfg.Peers, pc)
	}
	return cfg, nil
}

// apply carries out a speaker's actions.
func (r *Router) apply(acts []speaker.Action) {
	s := r.sim
	for _, a := range acts {
		switch a := a.(type) {
		case speaker.Dial:
			s.dial(r, a)
		case speaker.Close:
			s.closeEnd(r, a.Peer, a.Conn, "closed")
		case speaker.Send:
			s.transmit(r, a)
		case speaker.ArmTimer:
			r.arm(a.Timer, a.At)
		case speaker.StopTimer:
			if p := r.timers[a.Timer]; p != nil {
				s.unschedule(p)
				delete(r.timers, a.Timer)
			}
		case speaker.Trace:
			s.record(a.Event)
		}
	}
}

// arm schedules timer t for at, replacing an earlier deadline.
func (r *Router) arm(t speaker.Timer, at time.Duration) {
	if p := r.timers[t]; p != nil && p.index >= 0 {
		r.sim.reschedule(p, at)
		return
	}
	gen := r.gen
	var p *pending
	// current reports whether this entry still stands: a timer of an
	// earlier boot does nothing when it comes due, so it never keeps the
	// network from being quiet.
	current := func() bool { return r.gen == gen && r.up && r.timers[t] == p }
	bg := func() bool { return !current() }
	switch t.Kind {
	case speaker.TimerKind(fsm.KeepaliveTimer):
		bg = func() bool { return true }
	case speaker.TimerKind(fsm.HoldTimer):
		// A hold timer is reset by keepalives as long as the peer runs
		// and the network carries them.
		bg = func() bool { return !current() || r.sim.healthy(r, t.Peer, t.Conn) }
	case speaker.TimerKind(fsm.ConnectRetryTimer), speaker.TimerKind(fsm.IdleHoldTimer):
		bg = func() bool { return !current() || !r.sim.canConnect(r, t.Peer) }
	}
	p = r.sim.schedule(at, func() {
		if !current() {
			return
		}
		delete(r.timers, t)
		r.sim.record(trace.Event{Kind: trace.TimerFired, Router: r.Name, Peer: t.Peer, Conn: uint32(t.Conn), Text: t.Kind.Name() + " expired"})
		r.apply(r.sp.TimerExpired(r.sim.now, t))
	}, bg)
	r.timers[t] = p
}

// crash stops the router's BGP process on a host that keeps running (a
// process crash, or a restart by an operator): the host's kernel resets
// every TCP connection of the router, so each peer sees its connection
// fail one latency later without a NOTIFICATION (RFC 4724 section 4.2:
// a graceful restart helper keeps the routes), and refuses connection
// attempts until the router restarts.
func (r *Router) crash() error {
	if err := r.stop(); err != nil {
		return err
	}
	r.sim.record(trace.Event{Kind: trace.RouterChange, Router: r.Name,
		Text: "crashed: the BGP process stopped and its host resets its TCP connections"})
	r.sim.resetConns(r)
	return nil
}

// powerOff stops the router at once, as a power failure would: no
// NOTIFICATION, no FIN, no RST; its peers notice when their hold timers
// expire, and connection attempts to it time out.
func (r *Router) powerOff() error {
	if err := r.stop(); err != nil {
		return err
	}
	r.off = true
	r.sim.dropConns(r)
	r.sim.record(trace.Event{Kind: trace.RouterChange, Router: r.Name,
		Text: "powered off: nothing is sent, peers notice when their hold timers expire"})
	return nil
}

// stop stops a running router's speaker and timers.
func (r *Router) stop() error {
	if !r.up {
		return fmt.Errorf("router %s is already down", r.Name)
	}
	r.up, r.sp, r.timers = false, nil, nil
	return nil
}

// restart boots a router that crashed or was powered off; with graceful
// restart configured it comes back as a restarting speaker (RFC 4724
// section 4.1).
func (r *Router) restart() error {
	if r.up {
		return fmt.Errorf("router %s is running", r.Name)
	}
	r.off = false
	r.sim.record(trace.Event{Kind: trace.RouterChange, Router: r.Name, Text: "restarted"})
	return r.boot(true)
}
