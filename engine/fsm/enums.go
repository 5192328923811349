package fsm

//go:generate go tool stringer -type=State,Event,TimerKind,Direction -linecomment -output=enums_string.go

// State is the state of a BGP FSM (RFC 4271 section 8.2.2). The values
// are those of bgpPeerState in the BGP MIB (RFC 4273).
type State uint8

// FSM states.
const (
	Idle        State = 1 // Idle
	Connect     State = 2 // Connect
	Active      State = 3 // Active
	OpenSent    State = 4 // OpenSent
	OpenConfirm State = 5 // OpenConfirm
	Established State = 6 // Established
)

// rank orders states by progress towards Established; Connect (a
// connection attempt under way) ranks above Active (only listening).
func (s State) rank() int {
	switch s {
	case Active:
		return 1
	case Connect:
		return 2
	case OpenSent, OpenConfirm, Established:
		return int(s)
	}
	return 0
}

// Event is an FSM event of RFC 4271 section 8.1, numbered as there.
// Events 29 and 30 are this package's: RFC 2918 adds ROUTE-REFRESH to
// the protocol but not to the FSM.
type Event uint8

// FSM events (RFC 4271 sections 8.1.2 to 8.1.5).
const (
	ManualStart               Event = 1  // ManualStart
	ManualStop                Event = 2  // ManualStop
	AutomaticStart            Event = 3  // AutomaticStart
	ManualStartPassive        Event = 4  // ManualStart_with_PassiveTcpEstablishment
	AutomaticStartPassive     Event = 5  // AutomaticStart_with_PassiveTcpEstablishment
	AutomaticStartDamp        Event = 6  // AutomaticStart_with_DampPeerOscillations
	AutomaticStartDampPassive Event = 7  // AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment
	AutomaticStop             Event = 8  // AutomaticStop
	ConnectRetryTimerExpires  Event = 9  // ConnectRetryTimer_Expires
	HoldTimerExpires          Event = 10 // HoldTimer_Expires
	KeepaliveTimerExpires     Event = 11 // KeepaliveTimer_Expires
	DelayOpenTimerExpires     Event = 12 // DelayOpenTimer_Expires
	IdleHoldTimerExpires      Event = 13 // IdleHoldTimer_Expires
	TCPConnectionValid        Event = 14 // TcpConnection_Valid
	TCPCRInvalid              Event = 15 // Tcp_CR_Invalid
	TCPCRAcked                Event = 16 // Tcp_CR_Acked
	TCPConnectionConfirmed    Event = 17 // TcpConnectionConfirmed
	TCPConnectionFails        Event = 18 // TcpConnectionFails
	BGPOpen                   Event = 19 // BGPOpen
	BGPOpenDelayOpen          Event = 20 // BGPOpen with DelayOpenTimer running
	BGPHeaderErr              Event = 21 // BGPHeaderErr
	BGPOpenMsgErr             Event = 22 // BGPOpenMsgErr
	OpenCollisionDump         Event = 23 // OpenCollisionDump
	NotifMsgVerErr            Event = 24 // NotifMsgVerErr
	NotifMsg                  Event = 25 // NotifMsg
	KeepAliveMsg              Event = 26 // KeepAliveMsg
	UpdateMsg                 Event = 27 // UpdateMsg
	UpdateMsgErr              Event = 28 // UpdateMsgErr
	RouteRefreshMsg           Event = 29 // RouteRefreshMsg
	RouteRefreshMsgErr        Event = 30 // RouteRefreshMsgErr
)

// TimerKind names one of the FSM's timers (RFC 4271 sections 8 and 10).
type TimerKind uint8

// Timers. ConnectRetry and IdleHold belong to the peer (ConnID 0); Hold,
// Keepalive and DelayOpen to one connection.
const (
	ConnectRetryTimer TimerKind = 1 // ConnectRetryTimer
	HoldTimer         TimerKind = 2 // HoldTimer
	KeepaliveTimer    TimerKind = 3 // KeepaliveTimer
	DelayOpenTimer    TimerKind = 4 // DelayOpenTimer
	IdleHoldTimer     TimerKind = 5 // IdleHoldTimer
)

// event is the FSM event a timer's expiry generates.
func (k TimerKind) event() Event {
	switch k {
	case ConnectRetryTimer:
		return ConnectRetryTimerExpires
	case HoldTimer:
		return HoldTimerExpires
	case KeepaliveTimer:
		return KeepaliveTimerExpires
	case DelayOpenTimer:
		return DelayOpenTimerExpires
	}
	return IdleHoldTimerExpires
}

// Direction tells who initiated a TCP connection (RFC 4271 section 8.2.1:
// the side sending the first SYN is outgoing).
type Direction uint8

// Connection directions.
const (
	Outgoing Direction = 1 // outgoing
	Incoming Direction = 2 // incoming
)

// ConnID identifies one TCP connection of a Peer. The Peer numbers its
// connections 1, 2, 3, ... in the order it creates them; 0 stands for the
// peer itself (its ConnectRetryTimer and IdleHoldTimer, and state changes
// while it has no connection).
type ConnID uint32
