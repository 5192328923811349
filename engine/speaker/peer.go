package speaker

import (
	"fmt"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/policy"
	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
)

// peer is the speaker's state for one neighbour.
type peer struct {
	cfg PeerConfig
	fsm *fsm.Peer
	// src describes the neighbour to the decision process.
	src *rib.Peer
	// idx numbers the peer in configuration order: its slot in every
	// destination's Adj-RIB-Out entries.
	idx int
	// received counts the paths of the Adj-RIB-In, which the Loc-RIB's
	// destinations hold; accepted those import policy accepted.
	received, accepted int
	// advertised counts the routes in the Adj-RIB-Out.
	advertised int
	// sess is the Established session, nil when there is none.
	sess *fsm.Negotiated
	conn fsm.ConnID
	// imp and exp are the import and export policies (nil: accept all);
	// pol describes the neighbour to them.
	imp, exp *policy.Policy
	pol      policy.Peer
	mrai     time.Duration

	// pending lists the prefixes whose advertisement may have changed,
	// once each; fullTable asks for every destination instead.
	pending []*rib.Dest
	// spare is the storage of the pending list last worked through,
	// kept for the next.
	spare []*rib.Dest
	// queued marks the pending destinations of a peer numbered 64 or
	// more; the others use the destination's own mark.
	queued    map[*rib.Dest]bool
	fullTable bool
	// eorDue lists the families whose End-of-RIB is still to be sent
	// after the first full table.
	eorDue      []wire.Family
	mraiRunning bool
	// gone lists the queued prefixes that lost their last path while
	// the MRAI timer ran: their withdrawals need not wait.
	gone []*rib.Dest
	// exported caches the attributes our rules make of a best path's
	// attributes for this neighbour, before export policy.
	exported map[exportKey]exported
	// lastKey and lastExport repeat the entry of exported used last.
	lastKey    exportKey
	lastExport exported

	// Graceful restart (RFC 4724) and enhanced route refresh (RFC 7313):
	// stale counts this neighbour's stale paths; eorSeen records the
	// families whose End-of-RIB arrived since the session came up;
	// restartRunning is set while its RestartTimer runs.
	stale          int
	eorSeen        map[wire.Family]bool
	restartRunning bool
	// disabled lists families ignored after an AFI/SAFI-disable error
	// (RFC 7606 section 3 j).
	disabled map[wire.Family]bool
}

// exportKey identifies a cached export: the attributes of a best path,
// the neighbour it came from (which decides ORIGINATOR_ID) and its family
// (which decides the form of our next hop: an IPv4 and an IPv6 route with
// the same attributes get different next hops).
type exportKey struct {
	attrs  *rib.Attrs
	from   *rib.Peer
	family wire.Family
}

// exported is a cached export: the attributes sent (the cache's
// reference), or nil and the reason the route is held back.
type exported struct {
	attrs *rib.Attrs
	why   string
}

// newPeer builds the state of one neighbour.
func (s *Speaker) newPeer(c PeerConfig) (*peer, error) {
	fc := c.Session
	fc.LocalAS, fc.LocalID, fc.PeerAS = s.cfg.AS, s.cfg.RouterID, c.AS
	if s.cfg.Restarting && fc.GracefulRestart != nil {
		gr := *fc.GracefulRestart
		gr.Restarting = true
		fc.GracefulRestart = &gr
	}
	f, err := fsm.New(fc, s.rng)
	if err != nil {
		return nil, err
	}
	p := &peer{
		cfg:      c,
		fsm:      f,
		src:      &rib.Peer{Name: c.Name, Addr: c.Addr, AS: c.AS, Internal: c.internal(s.cfg.AS), RRClient: c.RRClient},
		idx:      len(s.peers),
		queued:   make(map[*rib.Dest]bool),
		exported: make(map[exportKey]exported),
		eorSeen:  make(map[wire.Family]bool),
		disabled: make(map[wire.Family]bool),
		pol:      policy.Peer{Name: c.Name, Addr: c.Addr, AS: c.AS, LocalAddr: c.LocalAddr, LocalAS: s.cfg.AS},
	}
	if c.Import != "" {
		p.imp = s.cfg.Policies[c.Import]
	}
	if c.Export != "" {
		p.exp = s.cfg.Policies[c.Export]
	}
	switch {
	case c.MRAI != nil:
		p.mrai = *c.MRAI
	case p.src.Internal:
		p.mrai = DefaultIBGPMRAI
	default:
		p.mrai = DefaultEBGPMRAI
	}
	return p, nil
}

// internal reports whether the neighbour is IBGP.
func (p *peer) internal() bool { return p.src.Internal }

// fsmActions carries out the actions of peer p's FSM: connection and timer
// actions go to the driver, session events are handled here.
func (s *Speaker) fsmActions(p *peer, acts []fsm.Action) {
	name := p.cfg.Name
	for _, a := range acts {
		switch a := a.(type) {
		case fsm.Dial:
			if s.keeps(trace.TCPConnect) {
				// The connection number ties the attempt to its
				// tcp-established or tcp-refused event.
				s.emit(Trace{trace.Event{At: s.now, Kind: trace.TCPConnect, Router: s.cfg.Name, Peer: name,
					Conn: uint32(a.Conn), Text: fmt.Sprintf("%s -> %s port 179", p.cfg.LocalAddr, p.cfg.Addr)}})
			}
			s.emit(Dial{Peer: name, Conn: a.Conn, Addr: p.cfg.Addr, LocalAddr: p.cfg.LocalAddr})
		case fsm.Close:
			s.emit(Close{Peer: name, Conn: a.Conn})
		case fsm.Send:
			var opt wire.Options
			if p.sess != nil && a.Conn == p.conn {
				opt = p.sess.SendOptions
			}
			s.emit(Send{Peer: name, Conn: a.Conn, Msg: a.Msg, Bytes: a.Bytes, Opt: opt})
		case fsm.ArmTimer:
			s.emit(ArmTimer{Timer{Peer: name, Kind: TimerKind(a.Timer), Conn: a.Conn}, a.At})
		case fsm.StopTimer:
			s.emit(StopTimer{Timer{Peer: name, Kind: TimerKind(a.Timer), Conn: a.Conn}})
		case fsm.StateChanged:
			if s.keeps(trace.StateChange) {
				s.emit(Trace{trace.Event{At: s.now, Kind: trace.StateChange, Router: s.cfg.Name, Peer: name,
					Conn: uint32(a.Conn), Text: a.String()}})
			}
		case fsm.SessionUp:
			s.sessionUp(p, a)
		case fsm.SessionDown:
			s.sessionDown(p, a)
		case fsm.Received:
			s.receivedMessage(p, a)
		}
	}
}

// sessionUp starts advertising to a peer whose session reached
// Established: the whole table first (RFC 4271 section 9.2), then
// End-of-RIB for each family.
func (s *Speaker) sessionUp(p *peer, a fsm.SessionUp) {
	p.sess, p.conn = a.Session, a.Conn
	if p.src.RouterID != a.Session.PeerID {
		// Reflected routes carry the router ID as ORIGINATOR_ID: what
		// was cached with the old one is wrong now.
		p.src.RouterID = a.Session.PeerID
		for _, q := range s.peers {
			s.clearExportCache(q)
		}
	}
	clear(p.eorSeen)
	clear(p.disabled)
	s.event(trace.SessionUp, p.cfg.Name, a.Session.String())
	s.resumeAfterRestart(p)
	p.fullTable = true
	p.eorDue = append(p.eorDue[:0], a.Session.Families...)
	p.mraiRunning = false
	s.emit(StopTimer{Timer{Peer: p.cfg.Name, Kind: MRAITimer}})
}

// sessionDown forgets the routes of a peer whose session ended, or keeps
// them as stale when graceful restart applies (RFC 4724 section 4.2).
func (s *Speaker) sessionDown(p *peer, a fsm.SessionDown) {
	if p.sess == nil || a.Conn != p.conn {
		return
	}
	s.event(trace.SessionDown, p.cfg.Name, a.Reason)
	sess := p.sess
	p.sess, p.conn = nil, 0
	p.fullTable, p.eorDue, p.mraiRunning = false, p.eorDue[:0], false
	for _, d := range p.pending {
		p.dequeue(d)
	}
	p.pending = p.pending[:0]
	p.gone = p.gone[:0]
	s.emit(StopTimer{Timer{Peer: p.cfg.Name, Kind: MRAITimer}})
	// What we advertised is gone with the session.
	s.loc.Each(func(d *rib.Dest) {
		if a := d.SetOut(p.idx, nil); a != nil {
			s.attrs.Release(a)
			s.loc.Forget(d)
		}
	})
	p.advertised = 0
	s.clearExportCache(p)
	keep := s.helpRestart(p, sess, a)
	for _, path := range s.adjIn(p) {
		if keep[path.Family()] {
			continue
		}
		s.dropPath(p, nil, path, "session down")
	}
}

// count adds n to p's counts of received and accepted paths for path (nil:
// nothing). A path's Attrs must not change while it is stored.
func (p *peer) count(path *rib.Path, n int) {
	if path == nil {
		return
	}
	p.received += n
	if path.Attrs != nil {
		p.accepted += n
	}
}

// adjIn returns p's Adj-RIB-In, sorted by prefix and path identifier.
func (s *Speaker) adjIn(p *peer) []*rib.Path {
	if p.received == 0 {
		return nil
	}
	return s.loc.From(p.src)
}

// clearExportCache releases the cached exports of p.
func (s *Speaker) clearExportCache(p *peer) {
	for k, v := range p.exported {
		s.attrs.Release(v.attrs)
		delete(p.exported, k)
	}
	p.lastKey, p.lastExport = exportKey{}, exported{}
}
