package sim

import (
	"fmt"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/speaker"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
)

// endKey names one end of a TCP connection: a router in one boot, the
// peer it is for and the speaker's connection number.
type endKey struct {
	router, gen int
	peer        string
	id          fsm.ConnID
}

// conn is a simulated TCP connection: a reliable in-order byte stream each
// way. ends[0] dialled, ends[1] accepted.
type conn struct {
	ends [2]endKey
	// closed[i] is set once end i closed (or saw the close); nothing more
	// is delivered to it.
	closed [2]bool
	// last[i] is when the last segment towards end i arrives, to keep
	// the stream in order.
	last [2]time.Duration
	// stalled[i] holds what was sent towards end i while the network
	// could not carry it, in order; TCP keeps retransmitting it until the
	// path is back or the connection is closed.
	stalled [2][]func()
}

// side returns which end of c router key k is.
func (c *conn) side(k endKey) int {
	if c.ends[0] == k {
		return 0
	}
	return 1
}

// canConnect reports whether router r could reach its neighbour peer now:
// the neighbour runs, has not stopped its session with r, and the network
// joins their session addresses.
func (s *Sim) canConnect(r *Router, peer string) bool {
	o := s.byName[peer]
	if o == nil || !o.up {
		return false
	}
	if st, ok := o.sp.Peer(r.Name); !ok || st.Disabled {
		return false
	}
	_, ok := s.latency(r, o)
	return ok
}

// latency is the one-way delay between two routers: the link latency
// when they share an up link (the session's own link for EBGP), else the
// sum along the IGP path of their AS.
func (s *Sim) latency(a, b *Router) (time.Duration, bool) {
	best, found := time.Duration(0), false
	for _, l := range s.net.adj[a.index] {
		if s.net.up[l] && s.net.other(l, a.index) == b.index {
			if lat := s.topo.Links[l].Latency; !found || lat < best {
				best, found = lat, true
			}
		}
	}
	if found {
		return best, true
	}
	if a.topo.AS != b.topo.AS {
		return 0, false
	}
	path := s.net.path(a.index, b.index)
	if path == nil {
		return 0, false
	}
	var d time.Duration
	for _, l := range path {
		d += s.topo.Links[l].Latency
	}
	return d, true
}

// dial starts router r's connection attempt: the SYN reaches the
// neighbour after one latency, its answer comes back after another. A
// neighbour whose BGP process crashed answers with a RST (connection
// refused); one without a route to it, or powered off, never answers, and
// the attempt fails after Options.ConnectTimeout.
func (s *Sim) dial(r *Router, a speaker.Dial) {
	gen := r.gen
	o := s.byName[a.Peer]
	fail := func(at time.Duration, why string) {
		s.schedule(at, func() {
			if r.gen != gen || !r.up {
				return
			}
			s.record(trace.Event{Kind: trace.TCPRefused, Router: r.Name, Peer: a.Peer, Conn: uint32(a.Conn), Text: why})
			r.apply(r.sp.ConnectFailed(s.now, a.Peer, a.Conn))
		}, nil)
	}
	lat, ok := s.latency(r, o)
	if o == nil || !ok {
		fail(s.now+s.opt.ConnectTimeout, fmt.Sprintf("no route to %s", a.Addr))
		return
	}
	sent := s.now
	s.schedule(s.now+lat, func() {
		if r.gen != gen || !r.up {
			return
		}
		if o.off {
			fail(sent+s.opt.ConnectTimeout, fmt.Sprintf("%s does not answer", a.Addr))
			return
		}
		if !o.up {
			// The host runs but nothing listens on port 179: it
			// answers the SYN with a RST.
			fail(s.now+lat, fmt.Sprintf("connection refused by %s: nothing listens on port 179", a.Addr))
			return
		}
		oid, acts, ok := o.sp.Accepted(s.now, r.Name)
		if !ok {
			fail(s.now+lat, fmt.Sprintf("%s refused the connection: no BGP neighbour %s configured", o.Name, r.Name))
			return
		}
		c := &conn{ends: [2]endKey{{r.index, gen, o.Name, a.Conn}, {o.index, o.gen, r.Name, oid}}}
		s.conns[c.ends[0]], s.conns[c.ends[1]] = c, c
		s.connOrder = append(s.connOrder, c)
		// The SYN-ACK leaves before anything the acceptor sends, so the
		// dialler is connected before the first byte arrives.
		c.last[0] = s.now + lat
		s.schedule(s.now+lat, func() {
			if r.gen != gen || !r.up || c.closed[0] {
				return
			}
			s.record(trace.Event{Kind: trace.TCPEstablished, Router: r.Name, Peer: o.Name, Conn: uint32(a.Conn),
				Text: fmt.Sprintf("connected to %s port 179", a.Addr)})
			r.apply(r.sp.Connected(s.now, o.Name, a.Conn))
		}, nil)
		s.record(trace.Event{Kind: trace.TCPEstablished, Router: o.Name, Peer: r.Name, Conn: uint32(oid),
			Text: fmt.Sprintf("accepted from %s to port 179", a.LocalAddr)})
		o.apply(acts)
	}, nil)
}

// transmit sends one message from r on its connection: it is delivered
// after the path latency, in order.
func (s *Sim) transmit(r *Router, a speaker.Send) {
	k := endKey{r.index, r.gen, a.Peer, a.Conn}
	c := s.conns[k]
	if c == nil {
		return
	}
	from := c.side(k)
	to := 1 - from
	if c.closed[from] {
		return
	}
	s.msgID++
	msg := &trace.Message{ID: s.msgID, Type: a.Msg.Type(), Bytes: a.Bytes, Opt: a.Opt}
	s.record(trace.Event{Kind: trace.MessageSent, Router: r.Name, Peer: a.Peer, Conn: uint32(a.Conn), Msg: msg})
	o := s.routers[c.ends[to].router]
	dst := c.ends[to]
	s.carry(c, r, o, to, func() {
		if c.closed[to] || o.gen != dst.gen || !o.up {
			return
		}
		s.record(trace.Event{Kind: trace.MessageDelivered, Router: o.Name, Peer: r.Name, Conn: uint32(dst.id), Msg: msg})
		o.apply(o.sp.Received(s.now, r.Name, dst.id, a.Bytes))
	}, s.periodicKeepalive(r, a))
}

// periodicKeepalive reports whether a is one of the KEEPALIVEs an
// Established session exchanges forever, which alone do not keep the
// network from being quiet. The KEEPALIVE that confirms an OPEN (RFC 4271
// section 8.2.2, OpenSent and OpenConfirm) is not: it brings the session
// up.
func (s *Sim) periodicKeepalive(r *Router, a speaker.Send) bool {
	if a.Msg.Type() != wire.TypeKeepalive {
		return false
	}
	st, ok := r.sp.Peer(a.Peer)
	return ok && st.State == fsm.Established
}

// carry schedules deliver, a segment from r to end to (router o) of c,
// after the path latency and after everything sent before it; when the
// network cannot carry it now, it waits in c.stalled.
func (s *Sim) carry(c *conn, r, o *Router, to int, deliver func(), keepalive bool) {
	lat, ok := s.latency(r, o)
	if !ok || len(c.stalled[to]) > 0 {
		c.stalled[to] = append(c.stalled[to], deliver)
		return
	}
	at := max(s.now+lat, c.last[to])
	c.last[to] = at
	var bg func() bool
	if keepalive {
		bg = func() bool { return true }
	}
	s.schedule(at, deliver, bg)
}

// resumeStalled sends on what waited for the network, where it can now
// go.
func (s *Sim) resumeStalled() {
	for _, c := range s.live() {
		for to := range 2 {
			if len(c.stalled[to]) == 0 || c.closed[to] {
				c.stalled[to] = nil
				continue
			}
			r, o := s.routers[c.ends[1-to].router], s.routers[c.ends[to].router]
			lat, ok := s.latency(r, o)
			if !ok {
				continue
			}
			for _, deliver := range c.stalled[to] {
				at := max(s.now+lat, c.last[to])
				c.last[to] = at
				s.schedule(at, deliver, nil)
			}
			c.stalled[to] = nil
		}
	}
}

// closeEnd closes router r's end of a connection: the FIN follows the
// data already sent, and the other end sees the connection fail.
func (s *Sim) closeEnd(r *Router, peer string, id fsm.ConnID, why string) {
	k := endKey{r.index, r.gen, peer, id}
	c := s.conns[k]
	if c == nil {
		return
	}
	me := c.side(k)
	if c.closed[me] {
		return
	}
	c.closed[me] = true
	delete(s.conns, k)
	s.record(trace.Event{Kind: trace.TCPClose, Router: r.Name, Peer: peer, Conn: uint32(id), Text: why})
	to := 1 - me
	o := s.routers[c.ends[to].router]
	s.carry(c, r, o, to, func() { s.peerClosed(c, to, "closed by "+r.Name) }, false)
}

// peerClosed tells end i of c that the other end closed.
func (s *Sim) peerClosed(c *conn, i int, why string) {
	k := c.ends[i]
	o := s.routers[k.router]
	if c.closed[i] || o.gen != k.gen || !o.up {
		return
	}
	c.closed[i] = true
	delete(s.conns, k)
	s.record(trace.Event{Kind: trace.TCPClose, Router: o.Name, Peer: k.peer, Conn: uint32(k.id), Text: why})
	o.apply(o.sp.ConnectFailed(s.now, k.peer, k.id))
}

// dropConns forgets the connections of a router that lost power; their
// other ends learn nothing.
func (s *Sim) dropConns(r *Router) {
	for _, c := range s.live() {
		for i, k := range c.ends {
			if k.router == r.index && k.gen == r.gen && !c.closed[i] {
				c.closed[i] = true
				delete(s.conns, k)
			}
		}
	}
}

// resetConns closes the connections of a router whose BGP process
// crashed: its host sends a RST on each, which follows the data already
// sent and makes the other end see the connection fail, without a
// NOTIFICATION.
func (s *Sim) resetConns(r *Router) {
	for _, c := range s.live() {
		for i, k := range c.ends {
			if k.router != r.index || k.gen != r.gen || c.closed[i] {
				continue
			}
			c.closed[i] = true
			delete(s.conns, k)
			s.record(trace.Event{Kind: trace.TCPClose, Router: r.Name, Peer: k.peer, Conn: uint32(k.id),
				Text: "reset by the host: the BGP process crashed"})
			to := 1 - i
			s.carry(c, r, s.routers[c.ends[to].router], to, func() { s.peerClosed(c, to, "connection reset by "+r.Name) }, false)
		}
	}
}

// linkFailed closes, at both ends, the connections whose session runs
// over link l's own addresses: the interface went down under them (what
// routers call fast external fallover).
func (s *Sim) linkFailed(l int) {
	lk := &s.topo.Links[l]
	onLink := func(c *conn) bool {
		a, b := s.routers[c.ends[0].router].Name, s.routers[c.ends[1].router].Name
		for _, ss := range s.topo.Sessions {
			if (ss.A == a && ss.B == b || ss.A == b && ss.B == a) &&
				(ss.AAddr == lk.AAddr || ss.AAddr == lk.BAddr) {
				return true
			}
		}
		return false
	}
	for _, c := range s.live() {
		if onLink(c) {
			for i := range 2 {
				s.peerClosed(c, i, "interface down")
			}
		}
	}
}

// live returns the connections with an open end, oldest first, and
// forgets the others.
func (s *Sim) live() []*conn {
	n := 0
	for _, c := range s.connOrder {
		if !c.closed[0] || !c.closed[1] {
			s.connOrder[n] = c
			n++
		}
	}
	clear(s.connOrder[n:])
	s.connOrder = s.connOrder[:n]
	return s.connOrder
}

// healthy reports whether router r's connection id to peer will keep
// carrying keepalives: both ends run and the network joins them.
func (s *Sim) healthy(r *Router, peer string, id fsm.ConnID) bool {
	c := s.conns[endKey{r.index, r.gen, peer, id}]
	if c == nil {
		return false
	}
	me := c.side(endKey{r.index, r.gen, peer, id})
	k := c.ends[1-me]
	o := s.routers[k.router]
	if c.closed[1-me] || !o.up || o.gen != k.gen || len(c.stalled[me]) > 0 {
		return false
	}
	_, ok := s.latency(r, o)
	return ok
}
