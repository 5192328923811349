package speaker

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
)

//go:generate go tool stringer -type=TimerKind -linecomment -output=timerkind_string.go

// Action is one thing the driver must do, returned by every input of a
// Speaker, in order: Dial, Close, Send, ArmTimer, StopTimer, or Trace.
type Action interface {
	fmt.Stringer
	speakerAction()
}

// Dial asks the driver to open a TCP connection from LocalAddr to the
// neighbour's Addr, port 179, and to report the outcome for Conn with
// Connected or ConnectFailed.
type Dial struct {
	Peer            string
	Conn            fsm.ConnID
	Addr, LocalAddr netip.Addr
}

// Close asks the driver to close connection Conn after writing what was
// sent on it.
type Close struct {
	Peer string
	Conn fsm.ConnID
}

// Send asks the driver to write one BGP message on Conn. Bytes is its
// encoding; Opt the options it was encoded with, for decoding it in a
// trace.
type Send struct {
	Peer  string
	Conn  fsm.ConnID
	Msg   wire.Message
	Bytes []byte
	Opt   wire.Options
}

// TimerKind names a timer: the FSM's timers of RFC 4271 section 10 keep
// their fsm.TimerKind values; the speaker's own follow.
type TimerKind uint8

// The speaker's timers.
const (
	// MRAITimer is a neighbour's MinRouteAdvertisementIntervalTimer (RFC
	// 4271 section 9.2.1.1).
	MRAITimer TimerKind = 100 + iota // MinRouteAdvertisementIntervalTimer
	// RestartTimer runs while a neighbour that advertised graceful
	// restart is away (RFC 4724 section 4.2).
	RestartTimer // RestartTimer
	// StaleTimer bounds how long a neighbour's stale routes wait for its
	// End-of-RIB once its session is back (RFC 4724 section 4.2).
	StaleTimer // StaleTimer
	// DeferralTimer is the restarting speaker's Selection_Deferral_Timer
	// (RFC 4724 section 4.1); it has no peer.
	DeferralTimer // Selection_Deferral_Timer
)

// Name returns the timer's name, for FSM timers too.
func (k TimerKind) Name() string {
	if k < MRAITimer {
		return fsm.TimerKind(k).String()
	}
	return k.String()
}

// Timer identifies one timer: its kind, its peer ("" for the speaker's
// own) and, for FSM timers, the connection.
type Timer struct {
	Peer string
	Kind TimerKind
	Conn fsm.ConnID
}

// String renders the timer as "HoldTimer R2#1".
func (t Timer) String() string {
	s := t.Kind.Name()
	if t.Peer != "" {
		s += " " + t.Peer
	}
	if t.Conn != 0 {
		s += t.Conn.String()
	}
	return s
}

// ArmTimer asks the driver to call TimerExpired(At, Timer) when its clock
// reaches At, replacing any earlier deadline of the same timer.
type ArmTimer struct {
	Timer Timer
	At    time.Duration
}

// StopTimer cancels a timer. Firing a stopped timer anyway is harmless.
type StopTimer struct{ Timer Timer }

// Trace reports an event for the driver's trace log. The speaker fills
// Router, Peer, Kind, Text and Route; the driver numbers it.
type Trace struct{ Event trace.Event }

func (Dial) speakerAction()      {}
func (Close) speakerAction()     {}
func (Send) speakerAction()      {}
func (ArmTimer) speakerAction()  {}
func (StopTimer) speakerAction() {}
func (Trace) speakerAction()     {}

// String renders a as "dial R2#1 192.0.2.2 from 192.0.2.1".
func (a Dial) String() string {
	return fmt.Sprintf("dial %s%s %s from %s", a.Peer, a.Conn, a.Addr, a.LocalAddr)
}

// String renders a as "close R2#1".
func (a Close) String() string { return fmt.Sprintf("close %s%s", a.Peer, a.Conn) }

// String renders a as "send R2#1 UPDATE (45 octets)".
func (a Send) String() string {
	return fmt.Sprintf("send %s%s %s (%d octets)", a.Peer, a.Conn, a.Msg.Type(), len(a.Bytes))
}

// String renders a as "arm HoldTimer R2#1 at 1m30s".
func (a ArmTimer) String() string { return fmt.Sprintf("arm %s at %s", a.Timer, a.At) }

// String renders a as "stop HoldTimer R2#1".
func (a StopTimer) String() string { return "stop " + a.Timer.String() }

// String renders the event.
func (a Trace) String() string { return a.Event.String() }
