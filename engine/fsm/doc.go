// Package fsm is the BGP session finite state machine of RFC 4271 section
// 8, written sans-I/O: no goroutines, no clock, no sockets.
//
// A Peer is one configured neighbour. Its driver (the simulator, or the
// daemon's socket loop) feeds it inputs and executes the Actions it
// returns, in order:
//
//	inputs                              actions
//	Start, Stop, Reset, AutoStart,      Dial        open a TCP connection to the peer
//	AutoStop          (events 1-5, 8)   Close       close (or abort) one connection
//	TCPConnected      (event 16)        Send        write one whole BGP message
//	TCPAccepted       (event 17)        ArmTimer    call TimerExpired at a deadline
//	TCPFailed         (event 18)        StopTimer   forget that deadline
//	BytesReceived     (events 19-28)    StateChanged, SessionUp, SessionDown,
//	TimerExpired      (events 9-13)     Received    (UPDATE, ROUTE-REFRESH for the speaker)
//	Send              (UPDATE, ROUTE-REFRESH from the speaker)
//
// Time is virtual: every input carries now, a time.Duration since the
// start of the run, and timers are deadlines on that clock. The jitter of
// RFC 4271 section 10 comes from the *rand.Rand handed to New, so the same
// inputs and seed give the same actions.
//
// # One FSM per connection
//
// RFC 4271 section 8.2.1 runs one FSM per TCP connection; while a
// connection collision (section 6.8) is unresolved a peer has two: the one
// it initiated and the one the peer initiated. A Peer therefore owns up to
// two connections, each with its own state, hold, keepalive and delay-open
// timers, and shares the peer-wide attributes between them: the
// ConnectRetryTimer, the ConnectRetryCounter and the IdleHoldTimer. The
// transitions of each connection follow the tables of section 8.2.2 (see
// fsm_state.go, which quotes the RFC row by row). When no connection is
// left the peer rests in Idle or Active; State reports the most advanced
// state of its connections.
//
// Where this package departs from a literal reading of section 8.2.2 it
// says so in the code, with the reason. In short:
//
//   - A NOTIFICATION received in OpenSent is not answered with a Finite
//     State Machine Error: the sender closes the connection right after
//     it (section 6), so a reply would never be read.
//   - A header error (event 21) in Established sends the Message Header
//     Error of section 6.1, not a Finite State Machine Error.
//   - An OPEN arriving on a connection that is already in OpenConfirm or
//     Established is an unexpected message (RFC 6608), not a collision:
//     a collision needs two connections.
//   - After the last connection of a started peer goes Idle, the
//     IdleHoldTimer (section 8.1.1, DampPeerOscillations) restarts it
//     automatically (AutomaticStart, event 3 or 5) after IdleHoldTime,
//     doubled after every consecutive failure when damping is enabled.
//   - A started peer waiting in Idle for its IdleHoldTimer accepts a
//     connection from the peer (as AutomaticStart with
//     PassiveTcpEstablishment, event 5) unless DampPeerOscillations is
//     set; refusing it lets two peers whose restarts alternate refuse
//     each other forever.
//   - Messages that restart the HoldTimer in Established are all
//     messages, ROUTE-REFRESH included, not just KEEPALIVE and UPDATE.
//   - A new connection from a peer that advertised graceful restart ends
//     its Established session when the new OPEN arrives, without a
//     NOTIFICATION (RFC 4724 section 4.2), instead of being closed as a
//     collision.
//   - A refused connection gets a Cease / Connection Rejected
//     NOTIFICATION before it is closed (RFC 4486 section 4).
//
// The extensions the FSM negotiates are 4-octet AS numbers (RFC 6793),
// multiprotocol families (RFC 4760), route refresh (RFC 2918, RFC 7313),
// ADD-PATH (RFC 7911), extended messages (RFC 8654), graceful restart
// capabilities (RFC 4724; the procedures belong to the speaker) and BGP
// roles (RFC 9234).
package fsm
