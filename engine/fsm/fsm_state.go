package fsm

import (
	"fmt"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// input is what an event brings along.
type input struct {
	// open is the peer's OPEN, checked (events 19, 20).
	open *wire.Open
	// send is the NOTIFICATION the row sends: the Cease of a stop (events
	// 2, 8) or the error found in a received message (21, 22, 28, 30).
	send *wire.Notification
	// got is the NOTIFICATION received (events 24, 25).
	got *wire.Notification
	// msg is the type of the received message that caused the event, for
	// the data of a Finite State Machine Error (RFC 6608); 0 for events
	// that are not messages.
	msg wire.MessageType
	// recv is what an UPDATE or ROUTE-REFRESH passes up (events 27, 29);
	// nil for a ROUTE-REFRESH the speaker must ignore.
	recv *Received
	// reason says why, for StateChanged and SessionDown.
	reason string
}

// counter tells a row what to do with the ConnectRetryCounter.
type counter int

const (
	keepCounter counter = iota
	resetCounter
	incCounter
)

// fire handles event ev on connection c: one cell of the tables of RFC
// 4271 section 8.2.2. The comments quote the RFC's rows.
func (p *Peer) fire(c *conn, ev Event, in *input) {
	if in == nil {
		in = &input{}
	}
	if ev >= ManualStart && ev <= AutomaticStartDampPassive && ev != ManualStop {
		return // "The start events (Events 1, 3-7) are ignored" outside Idle.
	}
	if ev == TCPConnectionValid || ev == TCPCRInvalid {
		return // the driver reports connections once established (16, 17)
	}
	switch c.state {
	case Connect, Active:
		p.connectOrActive(c, ev, in)
	case OpenSent:
		p.openSent(c, ev, in)
	case OpenConfirm:
		p.openConfirm(c, ev, in)
	case Established:
		p.inEstablished(c, ev, in)
	}
}

// connectOrActive is the Connect and Active state. A connection is in
// one of them while its TCP connection is being set up (outgoing, Connect)
// or, with DelayOpen, while it waits for the peer's OPEN.
func (p *Peer) connectOrActive(c *conn, ev Event, in *input) {
	switch ev {
	case ManualStop:
		// Connect: "drops the TCP connection, releases all BGP resources,
		// sets ConnectRetryCounter to zero, stops the ConnectRetryTimer
		// and sets ConnectRetryTimer to zero, and changes its state to
		// Idle." Active adds: "If the DelayOpenTimer is running and the
		// SendNOTIFICATIONwithoutOPEN session attribute is set, the local
		// system sends a NOTIFICATION with a Cease".
		var n *wire.Notification
		if c.state == Active && c.delayOpen.on && p.cfg.SendNotificationWithoutOpen {
			n = in.send
		}
		p.toIdle(c, ev, n, nil, resetCounter, in.reason)

	case TCPCRAcked, TCPConnectionConfirmed:
		// "If the DelayOpen attribute is set to TRUE, the local system:
		// stops the ConnectRetryTimer (if running) and sets the
		// ConnectRetryTimer to zero, sets the DelayOpenTimer to the
		// initial value, and stays in the Connect state." Otherwise it
		// "sends an OPEN message to its peer, sets the HoldTimer to a
		// large value, and changes its state to OpenSent."
		p.stop(ConnectRetryTimer, nil)
		if p.cfg.DelayOpenTime > 0 {
			p.arm(DelayOpenTimer, c, p.cfg.DelayOpenTime)
			return
		}
		p.sendOpen(c)
		p.arm(HoldTimer, c, OpenSentHoldTime)
		p.setState(c, OpenSent, ev, in.reason)

	case DelayOpenTimerExpires:
		// "sets the ConnectRetryTimer to zero, stops and clears the
		// DelayOpenTimer, completes the BGP initialization, sends the
		// OPEN message to its remote peer, sets its hold timer to a large
		// value, and changes its state to OpenSent."
		p.stop(ConnectRetryTimer, nil)
		p.stop(DelayOpenTimer, c)
		p.sendOpen(c)
		p.arm(HoldTimer, c, OpenSentHoldTime)
		p.setState(c, OpenSent, ev, "no OPEN from the peer during DelayOpenTime; sending ours")

	case TCPConnectionFails:
		switch {
		case c.state == Connect && c.delayOpen.on:
			// "restarts the ConnectRetryTimer with the initial value,
			// stops the DelayOpenTimer and resets its value to zero,
			// continues to listen for a connection that may be initiated
			// by the remote BGP peer, and changes its state to Active."
			p.stop(DelayOpenTimer, c)
			p.close(c, Active, ev, in.reason, nil, nil)
		case c.state == Connect:
			// "stops the ConnectRetryTimer to zero, drops the TCP
			// connection, releases all BGP resources, and changes its
			// state to Idle."
			p.toIdle(c, ev, nil, nil, keepCounter, in.reason)
		default:
			// Active: "restarts the ConnectRetryTimer (with the initial
			// value), stops and clears the DelayOpenTimer, releases all
			// BGP resource, increments the ConnectRetryCounter by 1,
			// (optionally) performs peer oscillation damping, and changes
			// its state to Idle." The ConnectRetryTimer is stopped
			// rather than restarted: it does nothing in Idle, where the
			// IdleHoldTimer restarts the peer.
			p.toIdle(c, ev, nil, nil, incCounter, in.reason)
		}

	case BGPOpenDelayOpen:
		// "stops the ConnectRetryTimer (if running) and sets the
		// ConnectRetryTimer to zero, completes the BGP initialization,
		// stops and clears the DelayOpenTimer (sets the value to zero),
		// sends an OPEN message, sends a KEEPALIVE message, if the
		// HoldTimer initial value is non-zero, starts the KeepaliveTimer
		// with the initial value and resets the HoldTimer to the
		// negotiated value, else, if the HoldTimer initial value is zero,
		// resets the KeepaliveTimer and resets the HoldTimer value to
		// zero, and changes its state to OpenConfirm."
		p.stop(ConnectRetryTimer, nil)
		p.stop(DelayOpenTimer, c)
		p.sendOpen(c)
		p.acceptOpen(c, ev, in)

	case BGPHeaderErr, BGPOpenMsgErr:
		// "(optionally) If the SendNOTIFICATIONwithoutOPEN attribute is
		// set to TRUE, then the local system first sends a NOTIFICATION
		// message with the appropriate error code, and then stops the
		// ConnectRetryTimer, releases all BGP resources, drops the TCP
		// connection, increments the ConnectRetryCounter by 1, performs
		// peer oscillation damping, and changes its state to Idle."
		var n *wire.Notification
		if p.cfg.SendNotificationWithoutOpen {
			n = in.send
		}
		p.toIdle(c, ev, n, nil, incCounter, in.reason)

	case NotifMsgVerErr:
		// With the DelayOpenTimer running: stops both timers, releases,
		// drops, changes to Idle; otherwise the same but "increments the
		// ConnectRetryCounter by 1".
		ctr := incCounter
		if c.delayOpen.on {
			ctr = keepCounter
		}
		p.toIdle(c, ev, nil, in.got, ctr, in.reason)

	default:
		// "In response to any other events (Events 8, 10-11, 13, 19, 23,
		// 25-28), the local system: if the ConnectRetryTimer is running,
		// stops and resets the ConnectRetryTimer, if the DelayOpenTimer
		// is running, stops and resets the DelayOpenTimer, releases all
		// BGP resources, drops the TCP connection, increments the
		// ConnectRetryCounter by 1, performs peer oscillation damping,
		// and changes its state to Idle."
		p.toIdle(c, ev, nil, in.got, incCounter, p.unexpected(c, ev, in))
	}
}

// openSent is the OpenSent state: our OPEN is out, we wait for the
// peer's.
func (p *Peer) openSent(c *conn, ev Event, in *input) {
	switch ev {
	case ManualStop:
		// "sends the NOTIFICATION with a Cease, sets the
		// ConnectRetryTimer to zero, releases all BGP resources, drops
		// the TCP connection, sets the ConnectRetryCounter to zero, and
		// changes its state to Idle."
		p.toIdle(c, ev, in.send, nil, resetCounter, in.reason)
	case AutomaticStop:
		// The same, but "increments the ConnectRetryCounter by 1".
		p.toIdle(c, ev, in.send, nil, incCounter, in.reason)
	case HoldTimerExpires:
		// "sends a NOTIFICATION message with the error code Hold Timer
		// Expired, sets the ConnectRetryTimer to zero, ..., increments
		// the ConnectRetryCounter, ..., changes its state to Idle."
		p.toIdle(c, ev, holdTimerExpired(), nil, incCounter, in.reason)
	case TCPConnectionFails:
		// "closes the BGP connection, restarts the ConnectRetryTimer,
		// continues to listen for a connection that may be initiated by
		// the remote BGP peer, and changes its state to Active."
		p.close(c, Active, ev, in.reason, nil, nil)
	case BGPOpen:
		// "resets the DelayOpenTimer to zero, sets the BGP
		// ConnectRetryTimer to zero, sends a KEEPALIVE message, and sets
		// a KeepaliveTimer, sets the HoldTimer according to the
		// negotiated value, changes its state to OpenConfirm."
		p.stop(DelayOpenTimer, c)
		p.stop(ConnectRetryTimer, nil)
		p.acceptOpen(c, ev, in)
	case BGPHeaderErr, BGPOpenMsgErr:
		// "sends a NOTIFICATION message with the appropriate error code,
		// sets the ConnectRetryTimer to zero, ..., increments the
		// ConnectRetryCounter by 1, ..., changes its state to Idle."
		p.toIdle(c, ev, in.send, nil, incCounter, in.reason)
	case OpenCollisionDump:
		// "sends a NOTIFICATION with a Cease, ..., increments the
		// ConnectRetryCounter by 1, ..., changes its state to Idle."
		p.toIdle(c, ev, collisionCease(), nil, incCounter, in.reason)
	case NotifMsgVerErr:
		// "sets the ConnectRetryTimer to zero, releases all BGP
		// resources, drops the TCP connection, and changes its state to
		// Idle."
		p.toIdle(c, ev, nil, in.got, keepCounter, in.reason)
	case NotifMsg:
		// One of the "other events", for which the RFC sends a Finite
		// State Machine Error. A NOTIFICATION is not answered: its sender
		// closes the connection right after it (RFC 4271 section 4.5),
		// so the reply could never be read.
		p.toIdle(c, ev, nil, in.got, incCounter, in.reason)
	default:
		// "In response to any other event (Events 9, 11-13, 20, 25-28),
		// the local system: sends the NOTIFICATION with the Error Code
		// Finite State Machine Error, sets the ConnectRetryTimer to
		// zero, ..., increments the ConnectRetryCounter by 1, ...,
		// changes its state to Idle."
		p.toIdle(c, ev, fsmError(OpenSent, in.msg), nil, incCounter, p.unexpected(c, ev, in))
	}
}

// openConfirm is the OpenConfirm state: OPENs exchanged, we wait for the
// peer's KEEPALIVE.
func (p *Peer) openConfirm(c *conn, ev Event, in *input) {
	switch ev {
	case ManualStop:
		p.toIdle(c, ev, in.send, nil, resetCounter, in.reason)
	case AutomaticStop:
		p.toIdle(c, ev, in.send, nil, incCounter, in.reason)
	case HoldTimerExpires:
		p.toIdle(c, ev, holdTimerExpired(), nil, incCounter, in.reason)
	case KeepaliveTimerExpires:
		// "sends a KEEPALIVE message, restarts the KeepaliveTimer, and
		// remains in the OpenConfirmed state."
		p.sendKeepalive(c)
	case TCPConnectionFails, NotifMsg:
		// "sets the ConnectRetryTimer to zero, releases all BGP
		// resources, drops the TCP connection, increments the
		// ConnectRetryCounter by 1, ..., changes its state to Idle."
		p.toIdle(c, ev, nil, in.got, incCounter, in.reason)
	case NotifMsgVerErr:
		p.toIdle(c, ev, nil, in.got, keepCounter, in.reason)
	case OpenCollisionDump:
		p.toIdle(c, ev, collisionCease(), nil, incCounter, in.reason)
	case BGPHeaderErr, BGPOpenMsgErr:
		p.toIdle(c, ev, in.send, nil, incCounter, in.reason)
	case KeepAliveMsg:
		// "restarts the HoldTimer and changes its state to Established."
		p.restartHold(c)
		c.establishedAt = p.now
		p.setState(c, Established, ev, "the peer confirmed our OPEN")
		p.emit(SessionUp{Conn: c.id, Session: c.neg})
	default:
		// "In response to any other event (Events 9, 12-13, 20, 27-28),
		// the local system: sends a NOTIFICATION with a code of Finite
		// State Machine Error, ..., changes its state to Idle." A second
		// OPEN on this connection (event 19) lands here too: the
		// collision processing the RFC asks for on event 19 concerns an
		// OPEN on another connection, which collide handles.
		p.toIdle(c, ev, fsmError(OpenConfirm, in.msg), nil, incCounter, p.unexpected(c, ev, in))
	}
}

// inEstablished is the Established state.
func (p *Peer) inEstablished(c *conn, ev Event, in *input) {
	switch ev {
	case ManualStop:
		p.toIdle(c, ev, in.send, nil, resetCounter, in.reason)
	case AutomaticStop:
		p.toIdle(c, ev, in.send, nil, incCounter, in.reason)
	case HoldTimerExpires:
		p.toIdle(c, ev, holdTimerExpired(), nil, incCounter, in.reason)
	case KeepaliveTimerExpires:
		// "sends a KEEPALIVE message, and restarts its KeepaliveTimer,
		// unless the negotiated HoldTime value is zero."
		p.sendKeepalive(c)
	case OpenCollisionDump:
		// Only with CollisionDetectEstablished: "sends a NOTIFICATION
		// with a Cease, ..., deletes all routes associated with this
		// connection, ..., changes its state to Idle."
		p.toIdle(c, ev, collisionCease(), nil, incCounter, in.reason)
	case TCPConnectionFails, NotifMsgVerErr, NotifMsg:
		// "sets the ConnectRetryTimer to zero, deletes all routes
		// associated with this connection, releases all the BGP
		// resources, drops the TCP connection, increments the
		// ConnectRetryCounter by 1, changes its state to Idle."
		p.toIdle(c, ev, nil, in.got, incCounter, in.reason)
	case KeepAliveMsg:
		// "restarts its HoldTimer, if the negotiated HoldTime value is
		// non-zero, and remains in the Established state."
		p.restartHold(c)
	case UpdateMsg, RouteRefreshMsg:
		// "processes the message, restarts its HoldTimer, if the
		// negotiated HoldTime value is non-zero, and remains in the
		// Established state."
		if in.recv != nil {
			p.emit(*in.recv)
		}
		p.restartHold(c)
	case UpdateMsgErr, RouteRefreshMsgErr, BGPHeaderErr:
		// Event 28: "sends a NOTIFICATION message with an Update error,
		// ..., changes its state to Idle." A header error (event 21) is
		// one of the RFC's "other events" answered with a Finite State
		// Machine Error; this package sends the Message Header Error of
		// section 6.1 instead, which tells the peer what was wrong.
		p.toIdle(c, ev, in.send, nil, incCounter, in.reason)
	default:
		// "In response to any other event (Events 9, 12-13, 20-22), the
		// local system: sends a NOTIFICATION message with the Error Code
		// Finite State Machine Error, deletes all routes associated with
		// this connection, ..., changes its state to Idle."
		p.toIdle(c, ev, fsmError(Established, in.msg), nil, incCounter, p.unexpected(c, ev, in))
	}
}

// acceptOpen completes events 19 and 20 once the OPEN passed every check
// and collision detection: it records what was negotiated, sends a
// KEEPALIVE, starts the KeepaliveTimer and sets the HoldTimer to the
// negotiated hold time (or stops both when it is zero), and moves to
// OpenConfirm.
func (p *Peer) acceptOpen(c *conn, ev Event, in *input) {
	c.neg = negotiate(&p.cfg, p.open, in.open)
	c.recvOpt, c.sendOpt = c.neg.RecvOptions, c.neg.SendOptions
	p.sendKeepalive(c)
	if c.neg.HoldTime > 0 {
		p.arm(HoldTimer, c, c.neg.HoldTime)
	} else {
		p.stop(HoldTimer, c)
		p.stop(KeepaliveTimer, c)
	}
	p.setState(c, OpenConfirm, ev, "OPEN accepted: "+in.open.String())
}

// setState moves c to state s.
func (p *Peer) setState(c *conn, s State, ev Event, reason string) {
	from := c.state
	c.state = s
	p.emit(StateChanged{Conn: c.id, From: from, To: s, Event: ev, Reason: reason})
}

// toIdle is the common tail of the rows that end in Idle: it sends n if
// not nil, sets the ConnectRetryTimer to zero, updates the
// ConnectRetryCounter, drops the TCP connection and changes the state to
// Idle. got is the NOTIFICATION received, if that was the cause.
func (p *Peer) toIdle(c *conn, ev Event, n, got *wire.Notification, ctr counter, reason string) {
	if n != nil {
		p.sendMsg(c, n)
	}
	p.stop(ConnectRetryTimer, nil)
	switch ctr {
	case resetCounter:
		p.counter = 0
	case incCounter:
		p.counter++
	}
	p.close(c, Idle, ev, reason, n, got)
}

// close releases connection c: stops its timers, asks the driver to
// close it, reports the state change (and the end of the session if it
// was Established) and forgets it. When it was the peer's last
// connection, the peer settles in state to.
func (p *Peer) close(c *conn, to State, ev Event, reason string, sent, got *wire.Notification) {
	from := c.state
	p.discard(c)
	c.state = to
	p.emit(StateChanged{Conn: c.id, From: from, To: to, Event: ev, Reason: reason})
	if from == Established {
		if p.now-c.establishedAt >= p.cfg.MaxIdleHoldTime {
			p.flaps = 0 // a stable session ends the oscillation damping
		}
		p.emit(SessionDown{Conn: c.id, Event: ev, Reason: reason, Sent: sent, Received: got, Session: c.neg})
	}
	if len(p.conns) > 0 {
		return
	}
	if to == Active {
		p.armConnectRetry()
	}
	p.settle(to)
}

// discard stops c's timers, asks the driver to close it and forgets it,
// without a state change.
func (p *Peer) discard(c *conn) {
	p.stop(HoldTimer, c)
	p.stop(KeepaliveTimer, c)
	p.stop(DelayOpenTimer, c)
	p.emit(Close{Conn: c.id})
	for i, x := range p.conns {
		if x == c {
			p.conns = append(p.conns[:i], p.conns[i+1:]...)
			break
		}
	}
}

// settle puts a peer that has just lost its last connection in state s
// (Idle or Active). A started peer that lands in Idle restarts itself
// when the IdleHoldTimer expires.
func (p *Peer) settle(s State) {
	p.base = s
	if s != Idle || !p.admin {
		return
	}
	p.arm(IdleHoldTimer, nil, p.idleHoldDelay())
	p.flaps++
}

// sendOpen sends our OPEN on c.
func (p *Peer) sendOpen(c *conn) { p.sendMsg(c, cloneOpen(p.open)) }

// sendKeepalive sends a KEEPALIVE on c and restarts its KeepaliveTimer
// (unless the negotiated hold time is zero).
func (p *Peer) sendKeepalive(c *conn) {
	p.sendMsg(c, &wire.Keepalive{})
	p.armKeepalive(c)
}

// sendMsg encodes m for c and emits a Send. Messages the FSM builds
// always encode; one that does not is dropped rather than sent broken.
func (p *Peer) sendMsg(c *conn, m wire.Message) {
	b, err := wire.Append(nil, m, c.sendOpt)
	if err != nil {
		return
	}
	p.emit(Send{Conn: c.id, Msg: m, Bytes: b})
}

// holdTimerExpired is the NOTIFICATION of HoldTimer_Expires (RFC 4271
// section 6.5).
func holdTimerExpired() *wire.Notification {
	return &wire.Notification{Code: wire.CodeHoldTimerExpired}
}

// collisionCease is the NOTIFICATION that closes the loser of a
// connection collision (RFC 4271 section 6.8, RFC 4486 section 4).
func collisionCease() *wire.Notification {
	return &wire.Notification{Code: wire.CodeCease, Subcode: wire.SubConnectionCollision}
}

// fsmError is the Finite State Machine Error for an unexpected event in
// state s (RFC 6608 section 3): for an unexpected message, the subcode
// names the state and the data is the message type; for anything else,
// subcode 0 (Unspecified Error) without data.
func fsmError(s State, msg wire.MessageType) *wire.Notification {
	n := &wire.Notification{Code: wire.CodeFSM}
	if msg == 0 {
		return n
	}
	switch s {
	case OpenSent:
		n.Subcode = wire.SubFSMUnexpectedInOpenSent
	case OpenConfirm:
		n.Subcode = wire.SubFSMUnexpectedInOpenConfirm
	case Established:
		n.Subcode = wire.SubFSMUnexpectedInEstablished
	}
	n.Data = []byte{byte(msg)}
	return n
}

// unexpected explains an event that has no row of its own.
func (p *Peer) unexpected(c *conn, ev Event, in *input) string {
	if in.msg != 0 {
		return fmt.Sprintf("unexpected %s in %s", in.msg, c.state)
	}
	if in.reason != "" {
		return in.reason + " in " + c.state.String()
	}
	return fmt.Sprintf("unexpected %s in %s", ev.Describe(), c.state)
}
