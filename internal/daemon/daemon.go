// Package daemon drives an engine/speaker with real sockets and the real
// clock: it is the native half of the product (`bgpplay daemon`). The
// speaker stays sans-I/O; this package owns the goroutines, the TCP
// connections and the timers, and feeds the speaker on one event loop, so
// the speaker is never used from two goroutines.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/speaker"
	"github.com/bgpplay/bgpplay/engine/trace"
)

// Config configures a daemon.
type Config struct {
	// Speaker is the router: AS, router ID, neighbours, policies.
	Speaker speaker.Config
	// Listen is the address to accept BGP connections on ("[::]:179");
	// empty accepts none (every neighbour must then be dialled).
	Listen string
	// Ports gives the TCP port of a neighbour by name when it is not 179.
	Ports map[string]int
	// DialTimeout bounds a connection attempt (default 5 s).
	DialTimeout time.Duration
	// Logger receives the daemon's structured log; slog.Default when nil.
	Logger *slog.Logger
	// OnEvent, when set, receives every trace event, on the event loop:
	// it must not block.
	OnEvent func(trace.Event)
	// Seed seeds the timer jitter (RFC 4271 section 10); 0 picks one.
	Seed uint64
}

// Daemon is a running BGP speaker on real sockets.
type Daemon struct {
	cfg   Config
	log   *slog.Logger
	sp    *speaker.Speaker
	start time.Time
	ln    net.Listener
	// loop receives the work to run on the event loop, in order.
	loop chan func()
	// The fields below belong to the event loop.
	conns  map[connKey]*conn
	timers map[speaker.Timer]*time.Timer
	msgID  uint64
	// wg counts the goroutines started, so Run returns after all ended.
	wg   sync.WaitGroup
	quit chan struct{}
}

// connKey names a connection as the speaker knows it.
type connKey struct {
	peer string
	id   fsm.ConnID
}

// New checks cfg, builds the speaker and opens the listening socket. Run
// starts it.
func New(cfg Config) (*Daemon, error) {
	if cfg.DialTimeout == 0 {
		cfg.DialTimeout = 5 * time.Second
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	seed := cfg.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	sp, err := speaker.New(cfg.Speaker, rand.New(rand.NewPCG(seed, seed>>1|1)))
	if err != nil {
		return nil, err
	}
	d := &Daemon{
		cfg: cfg, log: log.With("router", cfg.Speaker.Name), sp: sp,
		loop: make(chan func(), 1024), conns: map[connKey]*conn{}, timers: map[speaker.Timer]*time.Timer{},
		quit: make(chan struct{}),
	}
	if cfg.Listen != "" {
		ln, err := net.Listen("tcp", cfg.Listen)
		if err != nil {
			return nil, fmt.Errorf("listen on %s: %w", cfg.Listen, err)
		}
		d.ln = ln
	}
	return d, nil
}

// Addr returns the listening address, nil when the daemon does not listen.
func (d *Daemon) Addr() net.Addr {
	if d.ln == nil {
		return nil
	}
	return d.ln.Addr()
}

// now is the speaker's clock: the time since Run started.
func (d *Daemon) now() time.Duration { return time.Since(d.start) }

// Run starts the speaker and serves until ctx is done; then it stops every
// session with a Cease NOTIFICATION (RFC 4486 Administrative Shutdown),
// closes the connections and returns once every goroutine has ended.
func (d *Daemon) Run(ctx context.Context) error {
	d.start = time.Now()
	if d.ln != nil {
		d.wg.Add(1)
		go d.accept()
	}
	d.apply(d.sp.Start(d.now()))
	for {
		select {
		case f := <-d.loop:
			f()
		case <-ctx.Done():
			d.shutdown()
			return nil
		}
	}
}

// shutdown stops every peer and waits for the goroutines.
func (d *Daemon) shutdown() {
	for _, st := range d.sp.Peers() {
		acts, err := d.sp.StopPeer(d.now(), st.Name, "shutting down")
		if err == nil {
			d.apply(acts)
		}
	}
	close(d.quit)
	if d.ln != nil {
		d.ln.Close()
	}
	for _, t := range d.timers {
		t.Stop()
	}
	for _, c := range d.conns {
		c.close()
	}
	// Work posted meanwhile is dropped: the speaker is done.
	done := make(chan struct{})
	go func() { d.wg.Wait(); close(done) }()
	for {
		select {
		case <-d.loop:
		case <-done:
			return
		}
	}
}

// post hands f to the event loop; after shutdown it is dropped.
func (d *Daemon) post(f func()) {
	select {
	case d.loop <- f:
	case <-d.quit:
	}
}

// Do runs f on the event loop with the speaker and the current time,
// carries out the actions it returns and waits for it. Commands
// (announce, withdraw, reset) and queries go through Do.
func (d *Daemon) Do(ctx context.Context, f func(now time.Duration, sp *speaker.Speaker) ([]speaker.Action, error)) error {
	errc := make(chan error, 1)
	d.post(func() {
		acts, err := f(d.now(), d.sp)
		d.apply(acts)
		errc <- err
	})
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	case <-d.quit:
		return errors.New("daemon stopped")
	}
}

// apply carries out the speaker's actions, on the event loop.
func (d *Daemon) apply(acts []speaker.Action) {
	for _, a := range acts {
		switch a := a.(type) {
		case speaker.Dial:
			d.dial(a)
		case speaker.Close:
			if c := d.conns[connKey{a.Peer, a.Conn}]; c != nil {
				delete(d.conns, connKey{a.Peer, a.Conn})
				c.close()
			}
		case speaker.Send:
			if c := d.conns[connKey{a.Peer, a.Conn}]; c != nil {
				d.msgID++
				d.emit(trace.Event{Kind: trace.MessageSent, Peer: a.Peer, Conn: uint32(a.Conn),
					Msg: &trace.Message{ID: d.msgID, Type: a.Msg.Type(), Bytes: a.Bytes, Opt: a.Opt}})
				c.write(a.Bytes)
			}
		case speaker.ArmTimer:
			d.arm(a.Timer, a.At)
		case speaker.StopTimer:
			if t := d.timers[a.Timer]; t != nil {
				t.Stop()
				delete(d.timers, a.Timer)
			}
		case speaker.Trace:
			d.emit(a.Event)
		}
	}
}

// emit logs a trace event and passes it on.
func (d *Daemon) emit(e trace.Event) {
	e.Router = d.cfg.Speaker.Name
	if e.At == 0 {
		e.At = d.now()
	}
	switch e.Kind {
	case trace.SessionUp, trace.SessionDown, trace.StateChange, trace.UpdateError:
		d.log.Info(e.Kind.String(), "peer", e.Peer, "text", e.Text)
	default:
		d.log.Debug(e.Kind.String(), "event", e.String())
	}
	if d.cfg.OnEvent != nil {
		d.cfg.OnEvent(e)
	}
}

// arm (re)starts timer t for deadline at on the speaker's clock.
func (d *Daemon) arm(t speaker.Timer, at time.Duration) {
	if old := d.timers[t]; old != nil {
		old.Stop()
	}
	var tm *time.Timer
	tm = time.AfterFunc(max(at-d.now(), 0), func() {
		d.post(func() {
			if d.timers[t] != tm {
				return // stopped or re-armed meanwhile
			}
			delete(d.timers, t)
			d.apply(d.sp.TimerExpired(d.now(), t))
		})
	})
	d.timers[t] = tm
}

// dial opens a connection for the speaker in the background.
func (d *Daemon) dial(a speaker.Dial) {
	port := 179
	if p, ok := d.cfg.Ports[a.Peer]; ok {
		port = p
	}
	dialer := net.Dialer{Timeout: d.cfg.DialTimeout}
	if a.LocalAddr.IsValid() {
		dialer.LocalAddr = &net.TCPAddr{IP: a.LocalAddr.AsSlice()}
	}
	addr := netip.AddrPortFrom(a.Addr, uint16(port)).String()
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		nc, err := dialer.Dial("tcp", addr)
		d.post(func() {
			if err != nil {
				d.emit(trace.Event{Kind: trace.TCPRefused, Peer: a.Peer, Conn: uint32(a.Conn), Text: err.Error()})
				d.apply(d.sp.ConnectFailed(d.now(), a.Peer, a.Conn))
				return
			}
			d.emit(trace.Event{Kind: trace.TCPEstablished, Peer: a.Peer, Conn: uint32(a.Conn), Text: "connected to " + addr})
			d.register(a.Peer, a.Conn, nc)
			d.apply(d.sp.Connected(d.now(), a.Peer, a.Conn))
		})
		if err == nil {
			select {
			case <-d.quit:
				nc.Close()
			default:
			}
		}
	}()
}

// accept takes connections from neighbours until the listener closes.
func (d *Daemon) accept() {
	defer d.wg.Done()
	for {
		nc, err := d.ln.Accept()
		if err != nil {
			select {
			case <-d.quit:
			default:
				d.log.Error("accept", "err", err)
			}
			return
		}
		d.post(func() { d.accepted(nc) })
	}
}

// accepted hands a new connection to the speaker, or refuses it.
func (d *Daemon) accepted(nc net.Conn) {
	remote, _ := netip.ParseAddrPort(nc.RemoteAddr().String())
	name, ok := d.sp.PeerByAddr(remote.Addr().Unmap())
	if !ok {
		d.log.Warn("connection refused: not a configured neighbour", "from", remote)
		nc.Close()
		return
	}
	id, acts, ok := d.sp.Accepted(d.now(), name)
	if !ok {
		nc.Close()
		return
	}
	d.emit(trace.Event{Kind: trace.TCPEstablished, Peer: name, Conn: uint32(id), Text: "accepted from " + remote.String()})
	d.register(name, id, nc)
	d.apply(acts)
}

// register starts the reader and writer of a connection.
func (d *Daemon) register(peer string, id fsm.ConnID, nc net.Conn) {
	c := newConn(nc)
	k := connKey{peer, id}
	d.conns[k] = c
	d.wg.Add(2)
	go func() { defer d.wg.Done(); c.writeLoop() }()
	go func() {
		defer d.wg.Done()
		buf := make([]byte, 64<<10)
		for {
			n, err := nc.Read(buf)
			if n > 0 {
				b := append([]byte(nil), buf[:n]...)
				d.post(func() {
					if d.conns[k] == c {
						d.apply(d.sp.Received(d.now(), peer, id, b))
					}
				})
			}
			if err != nil {
				d.post(func() {
					if d.conns[k] == c {
						delete(d.conns, k)
						c.close()
						d.emit(trace.Event{Kind: trace.TCPClose, Peer: peer, Conn: uint32(id), Text: err.Error()})
						d.apply(d.sp.ConnectFailed(d.now(), peer, id))
					}
				})
				return
			}
		}
	}()
}

// SetPeerPort sets the TCP port of a neighbour; call it before Run (a test
// learns a peer's port only once that peer listens).
func (d *Daemon) SetPeerPort(peer string, port int) {
	if d.cfg.Ports == nil {
		d.cfg.Ports = map[string]int{}
	}
	d.cfg.Ports[peer] = port
}
