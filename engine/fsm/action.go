package fsm

import (
	"fmt"
	"strings"
	"time"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// Action is one thing the driver must do, returned by every input of a
// Peer. The driver executes the actions in order. The concrete types are
// Dial, Close, Send, ArmTimer, StopTimer, StateChanged, SessionUp,
// SessionDown and Received; every one renders itself for a trace.
type Action interface {
	fmt.Stringer
	action()
}

// Dial asks the driver to open a TCP connection to the peer and to
// report the outcome for Conn with TCPConnected or TCPFailed.
type Dial struct{ Conn ConnID }

// Close asks the driver to close connection Conn after writing what was
// sent on it (or to abandon the attempt if it is not connected yet). The
// Peer has forgotten Conn; later inputs for it are ignored.
type Close struct{ Conn ConnID }

// Send asks the driver to write one whole BGP message on Conn. Bytes is
// its encoding, owned by the action; Msg the message itself, for traces:
// owned by the action when the FSM built it, the caller's for Peer.Send.
type Send struct {
	Conn  ConnID
	Msg   wire.Message
	Bytes []byte
}

// ArmTimer asks the driver to call TimerExpired(At, Timer, Conn) when its
// clock reaches At, replacing any earlier deadline for the same timer.
type ArmTimer struct {
	Timer TimerKind
	Conn  ConnID
	At    time.Duration
}

// StopTimer cancels the deadline of a timer. A driver that fires a
// stopped or re-armed timer anyway is harmless: the Peer ignores expiries
// that do not match its own deadlines.
type StopTimer struct {
	Timer TimerKind
	Conn  ConnID
}

// StateChanged reports that connection Conn (0: the peer, while it has no
// connection) moved from one state to another because of Event.
type StateChanged struct {
	Conn     ConnID
	From, To State
	Event    Event
	// Reason says why, for people: the error found, the NOTIFICATION
	// received, the timer that expired.
	Reason string
}

// SessionUp reports that connection Conn reached Established with the
// given negotiated parameters.
type SessionUp struct {
	Conn    ConnID
	Session *Negotiated
}

// SessionDown reports that the Established session on Conn ended: the
// speaker removes the routes learned over it (or keeps them as stale if
// graceful restart applies).
type SessionDown struct {
	Conn  ConnID
	Event Event
	// Reason says why, for people.
	Reason string
	// Sent is the NOTIFICATION we sent, Received the one the peer sent;
	// both nil when the TCP connection simply failed.
	Sent, Received *wire.Notification
	// Session is what was negotiated for the session that ended.
	Session *Negotiated
}

// Received passes a message that arrived in Established up to the
// speaker: an *wire.Update or a *wire.RouteRefresh, owned by the action.
// Raw is a copy of the whole message. Err, when not nil, is an UPDATE
// error whose RFC 7606 action is gentler than a session reset
// (treat-as-withdraw, attribute discard, AFI/SAFI disable) and which the
// speaker applies.
type Received struct {
	Conn ConnID
	Msg  wire.Message
	Raw  []byte
	Err  *wire.Error
}

func (Dial) action()         {}
func (Close) action()        {}
func (Send) action()         {}
func (ArmTimer) action()     {}
func (StopTimer) action()    {}
func (StateChanged) action() {}
func (SessionUp) action()    {}
func (SessionDown) action()  {}
func (Received) action()     {}

// conn renders a connection number as "#3", or "peer" for 0.
func (c ConnID) String() string {
	if c == 0 {
		return "peer"
	}
	return fmt.Sprintf("#%d", uint32(c))
}

// Describe renders e as "BGPOpen (event 19)".
func (e Event) Describe() string { return fmt.Sprintf("%s (event %d)", e, uint8(e)) }

// String renders a as "dial #1".
func (a Dial) String() string { return "dial " + a.Conn.String() }

// String renders a as "close #1".
func (a Close) String() string { return "close " + a.Conn.String() }

// String renders a as "send #1 KEEPALIVE (19 octets)".
func (a Send) String() string {
	return fmt.Sprintf("send %s %s (%d octets)", a.Conn, describe(a.Msg), len(a.Bytes))
}

// String renders a as "arm HoldTimer #1 at 4m0s".
func (a ArmTimer) String() string { return fmt.Sprintf("arm %s %s at %s", a.Timer, a.Conn, a.At) }

// String renders a as "stop HoldTimer #1".
func (a StopTimer) String() string { return fmt.Sprintf("stop %s %s", a.Timer, a.Conn) }

// String renders a as "#1 OpenSent -> OpenConfirm on BGPOpen (event 19)".
func (a StateChanged) String() string {
	s := fmt.Sprintf("%s %s -> %s on %s", a.Conn, a.From, a.To, a.Event.Describe())
	if a.Reason != "" {
		s += ": " + a.Reason
	}
	return s
}

// String renders a as "#1 session up: AS 65002, hold time 90s, ...".
func (a SessionUp) String() string { return fmt.Sprintf("%s session up: %s", a.Conn, a.Session) }

// String renders a as "#1 session down on HoldTimer_Expires (event 10)".
func (a SessionDown) String() string {
	s := fmt.Sprintf("%s session down on %s", a.Conn, a.Event.Describe())
	if a.Reason != "" {
		s += ": " + a.Reason
	}
	return s
}

// String renders a as "#1 received UPDATE ...".
func (a Received) String() string {
	s := fmt.Sprintf("%s received %s", a.Conn, describe(a.Msg))
	if a.Err != nil {
		s += " (" + a.Err.Error() + ")"
	}
	return s
}

// describe renders a message as its type and, when it has one, its
// String.
func describe(m wire.Message) string {
	if m == nil {
		return "nothing"
	}
	t := m.Type().String()
	if s, ok := m.(fmt.Stringer); ok {
		if d := s.String(); d != t && !strings.HasPrefix(d, t) {
			return t + " " + d
		} else {
			return d
		}
	}
	return t
}
