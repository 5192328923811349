package fsm

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// Peer is one configured neighbour: the BGP FSM of RFC 4271 section 8 for
// each of its (at most two) TCP connections, plus the attributes they
// share. It does no I/O; see the package documentation for the driver's
// part. A Peer is not safe for concurrent use.
type Peer struct {
	cfg  Config
	rng  *rand.Rand
	open *wire.Open // our OPEN, built once from cfg

	// admin is set between Start and Stop: the peer restarts itself
	// after a failure (AllowAutomaticStart).
	admin bool
	// base is the peer's state while it has no connection: Idle, or
	// Active (listening for the peer).
	base State
	// conns are the connections in creation order: at most one per
	// direction, except for a second incoming one while a graceful
	// restart replaces an Established session.
	conns  []*conn
	nextID ConnID

	connectRetry, idleHold timer
	// counter is the ConnectRetryCounter (RFC 4271 section 8).
	counter int
	// flaps counts consecutive failures, for DampPeerOscillations.
	flaps int

	now time.Duration
	out []Action
}

// conn is one TCP connection and its FSM.
type conn struct {
	id    ConnID
	dir   Direction
	state State
	up    bool // the TCP connection is established

	hold, keepalive, delayOpen timer

	buf []byte // received bytes not yet framed into a message
	dec wire.Decoder
	// recvOpt decodes what arrives; it becomes the negotiated options
	// once the peer's OPEN is accepted.
	recvOpt, sendOpt wire.Options
	neg              *Negotiated
	establishedAt    time.Duration
}

// restartable reports whether c is an Established session with a peer
// that advertised the Graceful Restart capability.
func (c *conn) restartable() bool {
	return c.state == Established && c.neg != nil && c.neg.PeerGR != nil
}

// ID is c's ConnID, 0 for nil (the peer).
func (c *conn) ID() ConnID {
	if c == nil {
		return 0
	}
	return c.id
}

// ConnInfo describes one connection of a Peer.
type ConnInfo struct {
	ID        ConnID
	Direction Direction
	State     State
	// Connected is set once the TCP connection is established.
	Connected bool
}

// ErrNotEstablished is returned by Send when the peer has no Established
// session.
var ErrNotEstablished = errors.New("fsm: no Established session")

// New returns a Peer in Idle for cfg. rng supplies the jitter of RFC 4271
// section 10; nil means no jitter.
func New(cfg Config, rng *rand.Rand) (*Peer, error) {
	cfg = cfg.withDefaults()
	if err := cfg.check(); err != nil {
		return nil, fmt.Errorf("fsm: %w", err)
	}
	p := &Peer{cfg: cfg, rng: rng, base: Idle}
	p.open = buildOpen(&p.cfg)
	if _, err := wire.Append(nil, p.open, wire.Options{}); err != nil {
		return nil, fmt.Errorf("fsm: our OPEN cannot be encoded: %w", err)
	}
	return p, nil
}

// Config returns the configuration with defaults filled in.
func (p *Peer) Config() Config { return p.cfg }

// State is the peer's state: the most advanced state among its
// connections, or Idle or Active when it has none.
func (p *Peer) State() State {
	s := p.base
	for _, c := range p.conns {
		if c.state.rank() > s.rank() {
			s = c.state
		}
	}
	return s
}

// ConnectRetryCounter is the ConnectRetryCounter of RFC 4271 section 8:
// how many times in a row a session attempt failed since the last manual
// start or stop.
func (p *Peer) ConnectRetryCounter() int { return p.counter }

// Conns describes the peer's connections, oldest first.
func (p *Peer) Conns() []ConnInfo {
	out := make([]ConnInfo, len(p.conns))
	for i, c := range p.conns {
		out[i] = ConnInfo{ID: c.id, Direction: c.dir, State: c.state, Connected: c.up}
	}
	return out
}

// Session returns what was negotiated on the Established connection, or
// nil.
func (p *Peer) Session() *Negotiated {
	if c := p.established(); c != nil {
		return c.neg
	}
	return nil
}

// LocalOpen returns the OPEN message we send.
func (p *Peer) LocalOpen() *wire.Open { return cloneOpen(p.open) }

// begin starts handling an input at time now.
func (p *Peer) begin(now time.Duration) {
	p.now = now
	p.out = nil
}

// end returns the actions of the input.
func (p *Peer) end() []Action {
	out := p.out
	p.out = nil
	return out
}

// emit appends an action.
func (p *Peer) emit(a Action) { p.out = append(p.out, a) }

// find returns the live connection id, or nil.
func (p *Peer) find(id ConnID) *conn {
	for _, c := range p.conns {
		if c.id == id {
			return c
		}
	}
	return nil
}

// alive reports whether c is still one of the peer's connections.
func (p *Peer) alive(c *conn) bool { return p.find(c.id) == c }

// established returns the Established connection, or nil.
func (p *Peer) established() *conn {
	for _, c := range p.conns {
		if c.state == Established {
			return c
		}
	}
	return nil
}

// newConn adds a connection in state s.
func (p *Peer) newConn(id ConnID, dir Direction, s State) *conn {
	c := &conn{id: id, dir: dir, state: s}
	p.conns = append(p.conns, c)
	return c
}

// dial creates an outgoing connection in Connect and asks the driver to
// open it.
func (p *Peer) dial() *conn {
	p.nextID++
	c := p.newConn(p.nextID, Outgoing, Connect)
	p.emit(Dial{Conn: c.id})
	return c
}
