package fsm

import (
	"fmt"
	"net/netip"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// collide runs connection collision detection (RFC 4271 section 6.8) for
// a valid OPEN o received on connection x, before x acts on it. It
// reports whether x itself was closed.
//
// "Upon receipt of an OPEN message, the local system MUST examine all of
// its connections that are in the OpenConfirm state." The other
// connection of this peer collides with x when it is in OpenConfirm; one
// in OpenSent does not (the peer's BGP Identifier on it is not known
// yet); one in Established does: "Unless allowed via configuration, a
// connection collision with an existing BGP connection that is in the
// Established state causes closing of the newly created connection", and
// with Config.CollisionDetectEstablished the identifiers decide as for
// OpenConfirm. The loser is closed with Cease / Connection Collision
// Resolution (OpenCollisionDump, event 23).
//
// An Established session with a peer that advertised graceful restart
// is not a collision: the peer has restarted, and the old session ends
// without a NOTIFICATION (RFC 4724 section 4.2).
func (p *Peer) collide(x *conn, o *wire.Open) bool {
	for _, y := range p.conns {
		if y == x || (y.state != OpenConfirm && y.state != Established) {
			continue
		}
		if y.restartable() {
			// RFC 4724 section 4.2: a peer that advertised graceful
			// restart and opens a new session has restarted; the old
			// session is over, as if its TCP connection had failed, and
			// the speaker keeps its routes as stale.
			p.fire(y, TCPConnectionFails, &input{reason: fmt.Sprintf(
				"graceful restart: the peer opened a new session on %s, so this one is over", x.id)})
			continue
		}
		if y.state == Established && !p.cfg.CollisionDetectEstablished {
			p.fire(x, OpenCollisionDump, &input{reason: fmt.Sprintf(
				"connection collision: %s is already Established; closing this newer connection", y.id)})
			return true
		}
		keepOut, why := keepOutgoing(p.cfg.LocalID, o.ID, p.cfg.LocalAS, o.ASN())
		loser := y
		if (x.dir == Outgoing) != keepOut {
			loser = x
		}
		who := "the peer"
		if keepOut {
			who = "we"
		}
		p.fire(loser, OpenCollisionDump, &input{reason: fmt.Sprintf(
			"connection collision with %s: %s, so the connection %s initiated survives",
			other(loser, x, y).id, why, who)})
		return loser == x
	}
	return false
}

// other returns whichever of x and y is not c.
func other(c, x, y *conn) *conn {
	if c == x {
		return y
	}
	return x
}

// keepOutgoing decides a collision: the connection initiated by the
// speaker with the higher BGP Identifier survives, the identifiers
// compared as 4-octet unsigned integers in host byte order (RFC 4271
// section 6.8, step 1). Equal identifiers are possible only between
// different ASes (RFC 6286 section 2.2); then the connection initiated by
// the speaker with the larger AS number survives (RFC 6286 section 2.3).
func keepOutgoing(localID, peerID netip.Addr, localAS, peerAS uint32) (bool, string) {
	l, r := be32(localID.As4()), be32(peerID.As4())
	switch {
	case l > r:
		return true, fmt.Sprintf("our BGP Identifier %s (%d) is higher than the peer's %s (%d)", localID, l, peerID, r)
	case l < r:
		return false, fmt.Sprintf("the peer's BGP Identifier %s (%d) is higher than ours %s (%d)", peerID, r, localID, l)
	case localAS > peerAS:
		return true, fmt.Sprintf("the BGP Identifiers are equal and our AS %d is larger than %d", localAS, peerAS)
	}
	return false, fmt.Sprintf("the BGP Identifiers are equal and the peer's AS %d is not smaller than ours %d", peerAS, localAS)
}

// be32 reads 4 octets as a big-endian unsigned integer.
func be32(b [4]byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}
