// Package trace defines the typed events of a BGP run — TCP connections
// opening and closing, messages sent and delivered with their bytes, FSM
// state changes, RIB changes with their reasons, timers firing — and a Log
// that keeps them in order and answers the queries the playground, the
// lessons and the daemon's live stream ask.
//
// Events are plain values. Their text (Event.String) is stable: the
// simulator's determinism test hashes it and golden transcripts compare it.
// Their JSON form (AppendJSON, Event.MarshalJSON and UnmarshalJSON,
// Log.WriteJSONL), which the browser UI and the daemon's live stream use,
// is described member by member in SCHEMA.md beside this file.
package trace

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/wire"
)

//go:generate go tool stringer -type=Kind,Table,Change -linecomment -output=enums_string.go

// Kind is the type of an event.
type Kind uint8

// Event kinds.
const (
	// TCPConnect: Router opened a TCP connection towards Peer's port
	// 179 (its SYN left).
	TCPConnect Kind = iota + 1 // tcp-connect
	// TCPEstablished: the three-way handshake completed; both ends
	// report it.
	TCPEstablished // tcp-established
	// TCPRefused: the connection attempt failed (nothing listening, no
	// route).
	TCPRefused // tcp-refused
	// TCPClose: Router closed the connection, or saw it closed.
	TCPClose // tcp-close
	// MessageSent: Router wrote a BGP message to Peer.
	MessageSent // message-sent
	// MessageDelivered: the message reached Router from Peer.
	MessageDelivered // message-delivered
	// StateChange: an FSM state change of Router's session with Peer.
	StateChange // state-change
	// SessionUp and SessionDown: the session reached or left
	// Established.
	SessionUp   // session-up
	SessionDown // session-down
	// TimerFired: one of Router's timers expired.
	TimerFired // timer-fired
	// RouteChange: an Adj-RIB-In, Loc-RIB or Adj-RIB-Out entry changed.
	RouteChange // route-change
	// UpdateError: an UPDATE was malformed and handled as RFC 7606 says
	// (treat-as-withdraw, attribute discard).
	UpdateError // update-error
	// LinkChange: a link went down or up.
	LinkChange // link-change
	// RouterChange: a router crashed, lost power or restarted.
	RouterChange // router-change
	// Command: an operator or learner command was applied.
	Command // command
	// Packet: a data-plane packet was forwarded or dropped at Router.
	Packet // packet
	// Note: something a speaker did worth telling: End-of-RIB received,
	// routes kept across a restart, route selection deferred.
	Note // note
)

// Table names a routing table (RFC 4271 section 3.2).
type Table uint8

// Tables.
const (
	AdjRIBIn  Table = iota + 1 // Adj-RIB-In
	LocRIB                     // Loc-RIB
	AdjRIBOut                  // Adj-RIB-Out
)

// Change is what happened to a route.
type Change uint8

// Changes.
const (
	// Added: a new route.
	Added Change = iota + 1 // added
	// Replaced: the route has new attributes (or another best path).
	Replaced // replaced
	// Withdrawn: the route is gone.
	Withdrawn // withdrawn
	// Rejected: the route arrived but is not usable: import policy
	// rejected it, or it carries a loop. In an Adj-RIB-Out: the best
	// path is not advertised to the peer, for the rule in Why.
	Rejected // rejected
	// Stale: kept while the peer restarts (RFC 4724).
	Stale // stale
)

// Event is one thing that happened at a virtual (or, in the daemon, real)
// time. Which of the optional parts are set depends on Kind.
type Event struct {
	// Seq numbers the events of a log from 1.
	Seq int
	// At is the time since the start of the run.
	At   time.Duration
	Kind Kind
	// Router is where it happened, Peer the other end (a neighbour, the
	// sender of a delivered message).
	Router, Peer string
	// Conn is the connection, where one is involved.
	Conn uint32
	// Text describes the event for people: the state change and its
	// cause, the timer, the command.
	Text string
	// Msg is set for MessageSent and MessageDelivered.
	Msg *Message
	// Route is set for RouteChange.
	Route *Route
}

// Message is a BGP message on the wire.
type Message struct {
	// ID links the MessageSent and MessageDelivered events of one
	// message.
	ID   uint64
	Type wire.MessageType
	// Bytes is the whole message, header included. Never modified.
	Bytes []byte
	// Opt are the sender's encoding options (4-octet AS, ADD-PATH), which
	// Annotate needs to decode the bytes as the receiver does.
	Opt wire.Options
}

// Annotate decodes the message into its field tree, for the UI.
func (m *Message) Annotate() (*wire.Field, wire.Message, error) {
	return wire.Annotate(m.Bytes, m.Opt)
}

// Route is a change to one routing table entry.
type Route struct {
	Table  Table
	Change Change
	Prefix netip.Prefix
	// PathID is the ADD-PATH path identifier, 0 without.
	PathID uint32
	// From is the peer the path was learned from ("" for our own routes);
	// for Adj-RIB-Out the peer the route is sent to is Event.Peer.
	From string
	// Attrs are the attributes after the change (nil when withdrawn).
	// Shared and immutable.
	Attrs *wire.Attributes
	// Decision, for Loc-RIB changes, says why the best path won.
	Decision *rib.Reason
	// Why explains a rejection, a withdrawal or a policy decision
	// ("AS_PATH contains our AS 65001", "rejected by term \"bogons\"").
	Why string
}

// String renders the event on one line, as in a transcript:
//
//	1.25s R1 message-sent to R2 UPDATE (52 octets) #7
func (e *Event) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s", e.At, e.Router, e.Kind)
	if e.Peer != "" {
		switch e.Kind {
		case MessageDelivered:
			b.WriteString(" from ")
		case TCPConnect, MessageSent:
			b.WriteString(" to ")
		default:
			b.WriteString(" peer ")
		}
		b.WriteString(e.Peer)
	}
	if m := e.Msg; m != nil {
		fmt.Fprintf(&b, " %s (%d octets) #%d", m.Type, len(m.Bytes), m.ID)
	}
	if r := e.Route; r != nil {
		b.WriteByte(' ')
		b.WriteString(r.String())
	}
	if e.Text != "" {
		b.WriteString(": ")
		b.WriteString(e.Text)
	}
	return b.String()
}

// String renders a route change as
// "Loc-RIB added 203.0.113.0/24 from R2 via 192.0.2.2 [65002] (the only path)".
func (r *Route) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s", r.Table, r.Change, r.Prefix)
	if r.PathID != 0 {
		fmt.Fprintf(&b, " id %d", r.PathID)
	}
	if r.From != "" {
		b.WriteString(" from ")
		b.WriteString(r.From)
	}
	if a := r.Attrs; a != nil {
		// Our own routes have no next hop until they are sent.
		if a.NextHop.IsValid() {
			fmt.Fprintf(&b, " via %s", a.NextHop)
		}
		fmt.Fprintf(&b, " [%s]", a.ASPath.String())
		if a.Has(wire.AttrLocalPref) {
			fmt.Fprintf(&b, " lp %d", a.LocalPref)
		}
		if a.Has(wire.AttrMED) {
			fmt.Fprintf(&b, " med %d", a.MED)
		}
	}
	if r.Decision != nil {
		fmt.Fprintf(&b, " (%s)", r.Decision)
	}
	if r.Why != "" {
		fmt.Fprintf(&b, " (%s)", r.Why)
	}
	return b.String()
}
