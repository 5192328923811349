package speaker

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
)

// Speaker is one BGP router. It is not safe for concurrent use.
type Speaker struct {
	cfg   Config
	rng   *rand.Rand
	now   time.Duration
	attrs *rib.Table
	loc   *rib.LocRIB
	dec   rib.Decider
	peers []*peer
	by    map[string]*peer
	// local is the source of the routes we originate, which the
	// Loc-RIB's destinations hold with the others.
	local *rib.Peer
	// deferring is set while a restarting speaker waits for its peers'
	// End-of-RIB (RFC 4724 section 4.1).
	deferring bool
	started   bool
	out       []Action
	// spare is the batch of routes to send, kept between flushes;
	// scratch holds encoded attributes.
	spare   *batch
	scratch []byte
}

// New returns a speaker for cfg, with every error of cfg reported. rng is
// the source of the timer jitter of RFC 4271 section 10; the simulator
// hands each speaker a seeded one.
func New(cfg Config, rng *rand.Rand) (*Speaker, error) {
	if err := cfg.check(); err != nil {
		return nil, fmt.Errorf("speaker %s: %w", cfg.Name, err)
	}
	if !cfg.ClusterID.IsValid() {
		cfg.ClusterID = cfg.RouterID
	}
	if cfg.SelectionDeferral == 0 {
		cfg.SelectionDeferral = DefaultSelectionDeferral
	}
	s := &Speaker{
		cfg:       cfg,
		rng:       rng,
		attrs:     cfg.Attrs,
		loc:       rib.NewLocRIB(),
		by:        make(map[string]*peer, len(cfg.Peers)),
		local:     &rib.Peer{Name: "", RouterID: cfg.RouterID, AS: cfg.AS, Local: true},
		deferring: cfg.Restarting,
	}
	if s.attrs == nil {
		s.attrs = rib.NewTable()
	}
	s.dec = rib.Decider{Env: rib.Env{AlwaysCompareMED: cfg.AlwaysCompareMED, Resolve: cfg.Resolve}}
	for i := range cfg.Peers {
		p, err := s.newPeer(cfg.Peers[i])
		if err != nil {
			return nil, fmt.Errorf("speaker %s: Peers[%d] (%s): %w", cfg.Name, i, cfg.Peers[i].Name, err)
		}
		s.peers = append(s.peers, p)
		s.by[p.cfg.Name] = p
	}
	return s, nil
}

// Name returns the router's name.
func (s *Speaker) Name() string { return s.cfg.Name }

// Config returns the configuration the speaker was built with.
func (s *Speaker) Config() Config { return s.cfg }

// PeerByAddr returns the name of the neighbour configured with address
// addr, for a driver that accepted a connection from it.
func (s *Speaker) PeerByAddr(addr netip.Addr) (string, bool) {
	for _, p := range s.peers {
		if p.cfg.Addr == addr.Unmap() || p.cfg.Addr == addr {
			return p.cfg.Name, true
		}
	}
	return "", false
}

// begin starts an input at time now.
func (s *Speaker) begin(now time.Duration) {
	s.now = now
	s.out = nil
}

// end sends what the input changed and returns the actions.
func (s *Speaker) end() []Action {
	s.flushAll()
	out := s.out
	s.out = nil
	return out
}

// emit appends an action.
func (s *Speaker) emit(a Action) { s.out = append(s.out, a) }

// keeps reports whether events of kind k are wanted.
func (s *Speaker) keeps(k trace.Kind) bool { return s.cfg.Trace == nil || s.cfg.Trace(k) }

// event emits a trace event of kind k about peer.
func (s *Speaker) event(k trace.Kind, peer, text string) {
	if s.keeps(k) {
		s.emit(Trace{trace.Event{At: s.now, Kind: k, Router: s.cfg.Name, Peer: peer, Text: text}})
	}
}

// Start starts every enabled peer (ManualStart, or its passive variant)
// and originates the configured prefixes.
func (s *Speaker) Start(now time.Duration) []Action {
	s.begin(now)
	if s.started {
		return s.end()
	}
	s.started = true
	for _, pfx := range s.cfg.Originate {
		s.originate(pfx, nil)
	}
	if s.deferring {
		s.emit(ArmTimer{Timer{Kind: DeferralTimer}, now + s.cfg.SelectionDeferral})
		s.event(trace.Note, "", "restarting: route selection deferred until every peer sent End-of-RIB")
	}
	for _, p := range s.peers {
		if !p.cfg.Disabled {
			s.fsmActions(p, p.fsm.Start(now))
		}
	}
	return s.end()
}

// StartPeer starts one peer (ManualStart).
func (s *Speaker) StartPeer(now time.Duration, name string) ([]Action, error) {
	p, err := s.peer(name)
	if err != nil {
		return nil, err
	}
	s.begin(now)
	p.cfg.Disabled = false
	s.fsmActions(p, p.fsm.Start(now))
	return s.end(), nil
}

// StopPeer stops one peer (ManualStop): a Cease / Administrative Shutdown
// NOTIFICATION carrying msg (RFC 9003), and the peer stays down.
func (s *Speaker) StopPeer(now time.Duration, name, msg string) ([]Action, error) {
	p, err := s.peer(name)
	if err != nil {
		return nil, err
	}
	s.begin(now)
	p.cfg.Disabled = true
	s.fsmActions(p, p.fsm.Stop(now, msg))
	return s.end(), nil
}

// ResetPeer resets one peer. A hard reset ends the session with Cease /
// Administrative Reset and lets it come back; a soft reset keeps it up,
// re-applies import policy to the Adj-RIB-In, asks the peer to resend its
// routes when it supports route refresh, and resends ours (RFC 2918).
func (s *Speaker) ResetPeer(now time.Duration, name string, soft bool) ([]Action, error) {
	p, err := s.peer(name)
	if err != nil {
		return nil, err
	}
	s.begin(now)
	if !soft {
		s.fsmActions(p, p.fsm.Reset(now, "administrative reset"))
		return s.end(), nil
	}
	if p.sess == nil {
		return nil, fmt.Errorf("speaker %s: peer %s has no Established session", s.cfg.Name, name)
	}
	s.reimport(p)
	s.requestRefresh(p)
	for _, f := range p.sess.Families {
		s.resend(p, f, false)
	}
	return s.end(), nil
}

// peer finds a peer by name.
func (s *Speaker) peer(name string) (*peer, error) {
	if p := s.by[name]; p != nil {
		return p, nil
	}
	return nil, fmt.Errorf("speaker %s: no peer %q", s.cfg.Name, name)
}

// Connected reports that the connection the speaker dialled for conn is up
// (FSM event 16).
func (s *Speaker) Connected(now time.Duration, name string, conn fsm.ConnID) []Action {
	return s.input(now, name, func(p *peer) []fsm.Action { return p.fsm.TCPConnected(now, conn) })
}

// ConnectFailed reports that the connection conn could not be made, or
// that it was closed by the other end or the network (FSM event 18).
func (s *Speaker) ConnectFailed(now time.Duration, name string, conn fsm.ConnID) []Action {
	return s.input(now, name, func(p *peer) []fsm.Action { return p.fsm.TCPFailed(now, conn) })
}

// Accepted reports a connection from the neighbour (FSM event 17) and
// returns the number the speaker gave it; ok is false when no such
// neighbour is configured, and the driver should refuse the connection.
func (s *Speaker) Accepted(now time.Duration, name string) (conn fsm.ConnID, acts []Action, ok bool) {
	p := s.by[name]
	if p == nil {
		return 0, nil, false
	}
	s.begin(now)
	conn, fa := p.fsm.TCPAccepted(now)
	s.fsmActions(p, fa)
	return conn, s.end(), true
}

// Received passes bytes read from connection conn (FSM events 19-28).
func (s *Speaker) Received(now time.Duration, name string, conn fsm.ConnID, b []byte) []Action {
	return s.input(now, name, func(p *peer) []fsm.Action { return p.fsm.BytesReceived(now, conn, b) })
}

// input runs an FSM input of a named peer; unknown names do nothing.
func (s *Speaker) input(now time.Duration, name string, f func(*peer) []fsm.Action) []Action {
	s.begin(now)
	if p := s.by[name]; p != nil {
		s.fsmActions(p, f(p))
	}
	return s.end()
}

// TimerExpired reports that timer t reached its deadline.
func (s *Speaker) TimerExpired(now time.Duration, t Timer) []Action {
	s.begin(now)
	if t.Kind == DeferralTimer {
		if s.deferring {
			s.event(trace.Note, "", "restarting: selecting routes without every End-of-RIB: the selection deferral time is over")
			s.endDeferral()
		}
		return s.end()
	}
	p := s.by[t.Peer]
	if p == nil {
		return s.end()
	}
	switch t.Kind {
	case MRAITimer:
		p.mraiRunning = false
	case RestartTimer:
		s.restartTimerExpired(p)
	case StaleTimer:
		s.staleTimerExpired(p)
	default:
		s.fsmActions(p, p.fsm.TimerExpired(now, fsm.TimerKind(t.Kind), t.Conn))
	}
	return s.end()
}

// IGPChanged re-runs the decision process for every destination after the
// IGP changed (next hops became reachable or not, costs changed), and
// re-checks synchronization.
func (s *Speaker) IGPChanged(now time.Duration) []Action {
	s.begin(now)
	for _, d := range s.loc.Dests() {
		s.decide(d)
	}
	if s.cfg.IGPSync {
		for _, p := range s.peers {
			if !p.internal() {
				p.fullTable = true
			}
		}
	}
	return s.end()
}

// Announce originates prefix with attrs (nil: ORIGIN IGP and nothing
// else), replacing an earlier announcement of it.
func (s *Speaker) Announce(now time.Duration, prefix netip.Prefix, attrs *wire.Attributes) ([]Action, error) {
	if !prefix.IsValid() || prefix != prefix.Masked() {
		return nil, fmt.Errorf("speaker %s: %s is not a masked prefix", s.cfg.Name, prefix)
	}
	s.begin(now)
	s.originate(prefix, attrs)
	return s.end(), nil
}

// Origin is one route to originate: a prefix and its attributes (nil:
// ORIGIN IGP and nothing else).
type Origin struct {
	Prefix netip.Prefix
	Attrs  *wire.Attributes
}

// AnnounceAll originates many routes in one input, so that routes sharing
// attributes leave in shared UPDATEs. Routes with unmasked prefixes are
// skipped and reported in the error.
func (s *Speaker) AnnounceAll(now time.Duration, routes []Origin) ([]Action, error) {
	s.begin(now)
	var bad []string
	for _, r := range routes {
		if !r.Prefix.IsValid() || r.Prefix != r.Prefix.Masked() {
			bad = append(bad, r.Prefix.String())
			continue
		}
		s.originate(r.Prefix, r.Attrs)
	}
	var err error
	if len(bad) > 0 {
		err = fmt.Errorf("speaker %s: not masked prefixes: %s", s.cfg.Name, strings.Join(bad, ", "))
	}
	return s.end(), err
}

// Withdraw stops originating prefix.
func (s *Speaker) Withdraw(now time.Duration, prefix netip.Prefix) ([]Action, error) {
	d := s.loc.Get(prefix)
	var p *rib.Path
	if d != nil {
		p = d.Find(s.local, 0)
	}
	if p == nil {
		return nil, fmt.Errorf("speaker %s: %s is not originated here", s.cfg.Name, prefix)
	}
	s.begin(now)
	s.removePath(d, p)
	return s.end(), nil
}

// originate adds or replaces one of our own routes.
func (s *Speaker) originate(prefix netip.Prefix, attrs *wire.Attributes) {
	var a wire.Attributes
	if attrs != nil {
		a = *attrs
	}
	a.Set(wire.AttrOrigin)
	a.Set(wire.AttrASPath)
	a.Clear(wire.AttrNextHop)
	a.NextHop = netip.Addr{}
	in := s.attrs.Intern(&a)
	p := &rib.Path{Prefix: prefix, Peer: s.local, Received: in, Attrs: s.attrs.Ref(in)}
	d := s.loc.Dest(prefix)
	old := d.Find(s.local, 0)
	s.routeEvent("", trace.AdjRIBIn, changeOf(old, p), p, "originated")
	s.replacePath(d, p, old)
}
