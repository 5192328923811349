package fsm

import (
	"errors"
	"fmt"
	"time"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// Start is a ManualStart (event 1), or ManualStart with
// PassiveTcpEstablishment (event 4) for a Passive peer. It is ignored
// unless the peer is Idle.
func (p *Peer) Start(now time.Duration) []Action {
	p.begin(now)
	p.admin = true
	p.flaps = 0 // an operator's start forgets the damping history
	p.start(ManualStart)
	return p.end()
}

// AutoStart is an AutomaticStart (event 3, or 5 for a Passive peer):
// the same as Start for an implementation's own restart logic.
func (p *Peer) AutoStart(now time.Duration) []Action {
	p.begin(now)
	p.admin = true
	p.start(AutomaticStart)
	return p.end()
}

// Stop is a ManualStop (event 2): every connection is closed, with a Cease
// / Administrative Shutdown NOTIFICATION where an OPEN was sent, carrying
// msg as its Shutdown Communication (RFC 9003; empty for none). The peer
// stays Idle until the next Start.
func (p *Peer) Stop(now time.Duration, msg string) []Action {
	p.begin(now)
	p.admin = false
	p.stop(IdleHoldTimer, nil)
	p.stopAll(ManualStop, wire.NewShutdown(wire.SubAdministrativeShutdown, msg), "stopped by the operator")
	return p.end()
}

// Reset is a ManualStop with a Cease / Administrative Reset NOTIFICATION
// carrying msg (RFC 4486, RFC 9003) followed at once by a ManualStart.
func (p *Peer) Reset(now time.Duration, msg string) []Action {
	p.begin(now)
	p.admin = false
	p.stop(IdleHoldTimer, nil)
	p.stopAll(ManualStop, wire.NewShutdown(wire.SubAdministrativeReset, msg), "reset by the operator")
	p.admin = true
	p.start(ManualStart)
	return p.end()
}

// AutoStop is an AutomaticStop (event 8), such as the maximum number of
// prefixes being exceeded: every connection is closed with NOTIFICATION n
// (a Cease / Unspecified when n is nil) where an OPEN was sent, and the
// peer restarts itself after the IdleHoldTime.
func (p *Peer) AutoStop(now time.Duration, n *wire.Notification) []Action {
	p.begin(now)
	if n == nil {
		n = &wire.Notification{Code: wire.CodeCease}
	}
	p.stopAll(AutomaticStop, n, "stopped automatically")
	return p.end()
}

// TCPConnected reports that the outgoing connection asked for by Dial is
// established (Tcp_CR_Acked, event 16).
func (p *Peer) TCPConnected(now time.Duration, id ConnID) []Action {
	p.begin(now)
	if c := p.find(id); c != nil && c.dir == Outgoing && !c.up {
		c.up = true
		p.fire(c, TCPCRAcked, &input{reason: "our connection to the peer is up"})
	}
	return p.end()
}

// TCPAccepted reports a TCP connection from the peer, already established
// (TcpConnectionConfirmed, event 17), and returns the ConnID the Peer
// gives it. An Idle peer refuses it, and so does a peer that already has
// an incoming connection (unless that one is an Established session with
// a peer that advertised graceful restart), and so does a started peer waiting in Idle for
// its IdleHoldTimer when DampPeerOscillations is set: the actions then send a Cease / Connection
// Rejected NOTIFICATION on it and close it (RFC 4486 section 4).
func (p *Peer) TCPAccepted(now time.Duration) (ConnID, []Action) {
	p.begin(now)
	p.nextID++
	id := p.nextID
	if len(p.conns) == 0 && p.base == Idle && p.admin && !p.cfg.DampPeerOscillations {
		// A started peer waiting for its IdleHoldTimer takes the
		// connection as an AutomaticStart with PassiveTcpEstablishment
		// (event 5). Refusing it, as Idle does in RFC 4271 section 8.2.2,
		// lets two peers whose restarts alternate refuse each other
		// forever; with DampPeerOscillations the refusal is the point.
		p.start(AutomaticStartPassive)
	}
	reject := len(p.conns) == 0 && p.base == Idle
	for _, c := range p.conns {
		// A peer that advertised graceful restart may reconnect while
		// its old session still looks Established here (RFC 4724 section
		// 4.2); collide ends the old session when the new OPEN arrives.
		reject = reject || (c.dir == Incoming && !c.restartable())
	}
	if reject {
		n := &wire.Notification{Code: wire.CodeCease, Subcode: wire.SubConnectionRejected}
		b, _ := wire.Append(nil, n, wire.Options{})
		p.emit(Send{Conn: id, Msg: n, Bytes: b})
		p.emit(Close{Conn: id})
		return id, p.end()
	}
	c := p.newConn(id, Incoming, Active)
	c.up = true
	p.fire(c, TCPConnectionConfirmed, &input{reason: "the peer connected to us"})
	return id, p.end()
}

// TCPFailed reports that connection id failed or was closed by the peer
// (TcpConnectionFails, event 18), including a failed Dial.
func (p *Peer) TCPFailed(now time.Duration, id ConnID) []Action {
	p.begin(now)
	if c := p.find(id); c != nil {
		p.fire(c, TCPConnectionFails, &input{reason: "the TCP connection failed or was closed"})
	}
	return p.end()
}

// TimerExpired reports that the deadline of an ArmTimer has been reached
// (events 9 to 13). Expiries of timers that are stopped, re-armed for
// later, or belong to a closed connection are ignored.
func (p *Peer) TimerExpired(now time.Duration, kind TimerKind, id ConnID) []Action {
	p.begin(now)
	var c *conn
	if id != 0 {
		if c = p.find(id); c == nil {
			return p.end()
		}
	}
	t := p.timerOf(kind, c)
	if t == nil || !t.due(now) {
		return p.end()
	}
	t.on = false
	switch {
	case c != nil:
		p.fire(c, kind.event(), &input{reason: kind.String() + " expired"})
	case kind == ConnectRetryTimer:
		p.connectRetryExpired()
	case kind == IdleHoldTimer && p.admin && len(p.conns) == 0 && p.base == Idle:
		p.start(AutomaticStart)
	}
	return p.end()
}

// Send sends an UPDATE or ROUTE-REFRESH on the Established session,
// encoded with the negotiated options, and restarts the KeepaliveTimer
// after an UPDATE (RFC 4271 section 8.2.2, Established). A ROUTE-REFRESH
// needs the route refresh capability on both sides, and BoRR / EoRR the
// enhanced one.
func (p *Peer) Send(now time.Duration, m wire.Message) ([]Action, error) {
	p.begin(now)
	c := p.established()
	if c == nil {
		return nil, ErrNotEstablished
	}
	switch m := m.(type) {
	case *wire.Update:
	case *wire.RouteRefresh:
		if !c.neg.RouteRefresh {
			return nil, errors.New("fsm: route refresh was not negotiated")
		}
		if m.Subtype != wire.RefreshNormal && !c.neg.EnhancedRouteRefresh {
			return nil, errors.New("fsm: enhanced route refresh was not negotiated")
		}
	default:
		return nil, fmt.Errorf("fsm: Send takes UPDATE or ROUTE-REFRESH, not %s", m.Type())
	}
	b, err := wire.Append(nil, m, c.sendOpt)
	if err != nil {
		return nil, err
	}
	p.emit(Send{Conn: c.id, Msg: m, Bytes: b})
	if m.Type() == wire.TypeUpdate {
		p.armKeepalive(c)
	}
	return p.end(), nil
}

// start handles a start event (1, 3, or their passive variants 4, 5, and
// 6, 7 with damping) in Idle (RFC 4271 section 8.2.2, Idle state): it
// resets the ConnectRetryCounter, starts the ConnectRetryTimer, and
// either initiates a TCP connection (Connect) or only listens (Active).
// Start events in every other state are ignored.
func (p *Peer) start(ev Event) {
	if len(p.conns) > 0 || p.base != Idle {
		return
	}
	passive := p.cfg.Passive || ev == AutomaticStartPassive
	switch {
	case ev == ManualStart && p.cfg.Passive:
		ev = ManualStartPassive
	case ev == AutomaticStart && p.cfg.DampPeerOscillations && p.cfg.Passive:
		ev = AutomaticStartDampPassive
	case ev == AutomaticStart && p.cfg.DampPeerOscillations:
		ev = AutomaticStartDamp
	case ev == AutomaticStart && p.cfg.Passive:
		ev = AutomaticStartPassive
	}
	p.stop(IdleHoldTimer, nil)
	p.counter = 0
	p.armConnectRetry()
	p.base = Active
	if passive {
		p.emit(StateChanged{From: Idle, To: Active, Event: ev, Reason: "waiting for the peer to connect"})
		return
	}
	c := p.dial()
	p.emit(StateChanged{Conn: c.id, From: Idle, To: Connect, Event: ev, Reason: "connecting to the peer"})
}

// connectRetryExpired handles ConnectRetryTimer_Expires (event 9) for the
// peer: in Connect the pending connection attempt is dropped and a new
// one started; in Active (no connection) a connection is initiated.
func (p *Peer) connectRetryExpired() {
	var pending *conn
	for _, c := range p.conns {
		if c.dir == Outgoing && !c.up {
			pending = c
		}
	}
	switch {
	case pending != nil:
		// Connect state, event 9: drops the TCP connection, restarts the
		// ConnectRetryTimer, stops the DelayOpenTimer, initiates a TCP
		// connection, stays in Connect.
		p.discard(pending)
		p.armConnectRetry()
		c := p.dial()
		p.emit(StateChanged{Conn: c.id, From: Connect, To: Connect, Event: ConnectRetryTimerExpires,
			Reason: fmt.Sprintf("connection attempt %s timed out; trying again", pending.id)})
	case len(p.conns) == 0 && p.base == Active:
		// Active state, event 9: restarts the ConnectRetryTimer,
		// initiates a TCP connection, changes to Connect.
		p.armConnectRetry()
		c := p.dial()
		p.emit(StateChanged{Conn: c.id, From: Active, To: Connect, Event: ConnectRetryTimerExpires,
			Reason: "no connection from the peer; connecting to it"})
	}
}

// stopAll applies a stop event (2 or 8) to every connection, sending n
// where the state's row says so; a peer without connection goes from
// Active to Idle.
func (p *Peer) stopAll(ev Event, n *wire.Notification, reason string) {
	for _, c := range append([]*conn(nil), p.conns...) {
		p.fire(c, ev, &input{send: n, reason: reason})
	}
	if len(p.conns) == 0 && p.base != Idle {
		// Active state, event 2: sets the ConnectRetryCounter to zero,
		// stops the ConnectRetryTimer, changes to Idle. Event 8 is one of
		// the "other events": the counter is incremented.
		p.stop(ConnectRetryTimer, nil)
		if ev == AutomaticStop {
			p.counter++
		}
		p.emit(StateChanged{From: p.base, To: Idle, Event: ev, Reason: reason})
		p.settle(Idle)
	}
	if ev == ManualStop {
		p.counter = 0
	}
}
