package fsm

import (
	"bytes"
	"errors"
	"time"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// BytesReceived hands the Peer bytes read from connection id. The Peer
// frames the stream into messages (wire.Split, keeping a partial message
// for the next call), decodes each, and turns it into an FSM event (RFC
// 4271 section 8.1.5):
//
//	header error                    BGPHeaderErr (21)
//	OPEN, valid                     BGPOpen (19), or 20 while DelayOpen runs
//	OPEN, invalid                   BGPOpenMsgErr (22)
//	NOTIFICATION, version error     NotifMsgVerErr (24)
//	NOTIFICATION, other             NotifMsg (25)
//	KEEPALIVE                       KeepAliveMsg (26)
//	UPDATE, valid                   UpdateMsg (27)
//	UPDATE, session-reset error     UpdateMsgErr (28)
//	ROUTE-REFRESH, valid / invalid  RouteRefreshMsg (29) / RouteRefreshMsgErr (30)
//
// An UPDATE whose RFC 7606 error is gentler than a session reset is a
// valid UPDATE passed up with its error. Bytes for an unknown or closed
// connection are ignored, as is whatever follows a message that closed
// the connection.
func (p *Peer) BytesReceived(now time.Duration, id ConnID, b []byte) []Action {
	p.begin(now)
	c := p.find(id)
	if c == nil || !c.up {
		return p.end()
	}
	c.buf = append(c.buf, b...)
	off := 0
	for p.alive(c) {
		msg, _, err := wire.Split(c.buf[off:], c.recvOpt)
		if err != nil {
			p.bad(c, BGPHeaderErr, err, wire.MessageType(0))
			break
		}
		if msg == nil {
			break
		}
		off += len(msg)
		p.message(c, msg)
	}
	if p.alive(c) {
		c.buf = c.buf[:copy(c.buf, c.buf[off:])]
	}
	return p.end()
}

// message turns one whole message into an event.
func (p *Peer) message(c *conn, msg []byte) {
	typ := wire.MessageType(msg[18])
	var (
		m   wire.Message
		err error
	)
	if typ == wire.TypeUpdate {
		m, err = wire.Decode(msg, c.recvOpt) // owned: it is passed up
	} else {
		m, err = c.dec.Decode(msg, c.recvOpt)
	}
	var werr *wire.Error
	if err != nil && !errors.As(err, &werr) {
		werr = &wire.Error{Code: wire.CodeMessageHeader, Action: wire.ActionSessionReset, Offset: -1, Reason: err.Error()}
	}
	if werr != nil && werr.Code == wire.CodeMessageHeader {
		p.bad(c, BGPHeaderErr, werr, typ)
		return
	}
	switch typ {
	case wire.TypeOpen:
		p.receiveOpen(c, m.(*wire.Open), werr)
	case wire.TypeNotification:
		n := m.(*wire.Notification)
		got := &wire.Notification{Code: n.Code, Subcode: n.Subcode, Data: bytes.Clone(n.Data)}
		ev := NotifMsg
		if got.Code == wire.CodeOpenMessage && got.Subcode == wire.SubUnsupportedVersionNumber {
			ev = NotifMsgVerErr
		}
		p.fire(c, ev, &input{got: got, msg: typ, reason: "the peer sent NOTIFICATION " + got.String()})
	case wire.TypeKeepalive:
		p.fire(c, KeepAliveMsg, &input{msg: typ})
	case wire.TypeUpdate:
		if werr != nil && werr.Action == wire.ActionSessionReset {
			p.bad(c, UpdateMsgErr, werr, typ)
			return
		}
		p.fire(c, UpdateMsg, &input{msg: typ, recv: &Received{Conn: c.id, Msg: m, Raw: bytes.Clone(msg), Err: werr}})
	case wire.TypeRouteRefresh:
		if werr != nil {
			p.bad(c, RouteRefreshMsgErr, werr, typ)
			return
		}
		rr := *m.(*wire.RouteRefresh)
		in := &input{msg: typ}
		if c.neg != nil && rr.Subtype.Known() && contains(c.neg.Families, rr.Family) {
			// Otherwise the message is ignored: RFC 2918 section 4 for a
			// family not advertised, RFC 7313 section 5 for an unknown
			// subtype.
			in.recv = &Received{Conn: c.id, Msg: &rr, Raw: bytes.Clone(msg)}
		}
		p.fire(c, RouteRefreshMsg, in)
	}
}

// receiveOpen checks an OPEN and, if it is valid, runs collision
// detection before events 19 or 20.
func (p *Peer) receiveOpen(c *conn, o *wire.Open, werr *wire.Error) {
	if c.state == OpenConfirm || c.state == Established {
		// A second OPEN on this connection: an unexpected message.
		p.fire(c, BGPOpen, &input{msg: wire.TypeOpen})
		return
	}
	if werr == nil {
		werr = checkOpen(&p.cfg, o)
	}
	if werr != nil {
		p.bad(c, BGPOpenMsgErr, werr, wire.TypeOpen)
		return
	}
	o = cloneOpen(o)
	ev := BGPOpen
	if c.delayOpen.on {
		ev = BGPOpenDelayOpen
	}
	if p.collide(c, o) {
		return
	}
	p.fire(c, ev, &input{open: o, msg: wire.TypeOpen})
}

// bad fires an error event whose NOTIFICATION reports werr.
func (p *Peer) bad(c *conn, ev Event, err error, typ wire.MessageType) {
	var werr *wire.Error
	if !errors.As(err, &werr) {
		werr = &wire.Error{Code: wire.CodeMessageHeader, Reason: err.Error()}
	}
	p.fire(c, ev, &input{send: werr.Notification(), msg: typ, reason: werr.Error()})
}

// contains reports whether fams holds f.
func contains(fams []wire.Family, f wire.Family) bool {
	for _, g := range fams {
		if g == f {
			return true
		}
	}
	return false
}
