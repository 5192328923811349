package speaker

import (
	"fmt"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
)

// helpRestart decides, when p's session ended, which families' routes to
// keep as stale (RFC 4724 section 4.2): those in the peer's Graceful
// Restart capability, when the session ended without a NOTIFICATION and
// its restart time is not zero. It marks them and starts the RestartTimer.
func (s *Speaker) helpRestart(p *peer, sess *fsm.Negotiated, a fsm.SessionDown) map[wire.Family]bool {
	gr := sess.PeerGR
	if gr == nil || !sess.LocalGR || a.Sent != nil || a.Received != nil || gr.Time == 0 {
		s.forgetStale(p, nil, "")
		return nil
	}
	keep := make(map[wire.Family]bool)
	for _, f := range gr.Families {
		keep[f.Family] = true
	}
	n := 0
	for _, path := range s.adjIn(p) {
		if keep[path.Family()] && !path.Stale {
			path.Stale = true
			p.stale++
			n++
			s.routeEvent(p.cfg.Name, trace.AdjRIBIn, trace.Stale, path, "peer restarting")
		}
	}
	p.restartRunning = true
	s.emit(ArmTimer{Timer{Peer: p.cfg.Name, Kind: RestartTimer}, s.now + time.Duration(gr.Time)*time.Second})
	s.event(trace.Note, p.cfg.Name, fmt.Sprintf("graceful restart: keeping %s as stale for %ds", plural(n, "route"), gr.Time))
	return keep
}

// resumeAfterRestart is called when p's session comes up: a running
// RestartTimer stops, and stale routes of families the peer no longer
// preserves go at once (RFC 4724 section 4.2); the others wait for
// End-of-RIB, at most StaleTime.
func (s *Speaker) resumeAfterRestart(p *peer) {
	if p.restartRunning {
		p.restartRunning = false
		s.emit(StopTimer{Timer{Peer: p.cfg.Name, Kind: RestartTimer}})
	}
	if p.stale == 0 {
		return
	}
	kept := map[wire.Family]bool{}
	if gr := p.sess.PeerGR; gr != nil {
		for _, f := range gr.Families {
			if f.ForwardingPreserved {
				kept[f.Family] = true
			}
		}
	}
	for _, path := range s.adjIn(p) {
		if path.Stale && !kept[path.Family()] {
			s.dropPath(p, nil, path, "stale: forwarding state not preserved by the peer")
		}
	}
	if p.stale > 0 {
		st := p.cfg.StaleTime
		if st == 0 {
			st = DefaultStaleTime
		}
		s.emit(ArmTimer{Timer{Peer: p.cfg.Name, Kind: StaleTimer}, s.now + st})
	}
}

// restartTimerExpired: the peer did not come back in time; its stale
// routes go.
func (s *Speaker) restartTimerExpired(p *peer) {
	if !p.restartRunning {
		return
	}
	p.restartRunning = false
	s.event(trace.Note, p.cfg.Name, "graceful restart: the peer did not come back within its restart time: removing stale routes")
	s.forgetStale(p, nil, "restart time over")
}

// staleTimerExpired: the peer did not finish resending in time.
func (s *Speaker) staleTimerExpired(p *peer) {
	if p.stale == 0 {
		return
	}
	s.event(trace.Note, p.cfg.Name, "graceful restart: End-of-RIB did not come within the stale time: removing stale routes")
	s.forgetStale(p, nil, "stale time over")
}

// forgetStale removes p's stale paths, of family f only when f is not nil.
func (s *Speaker) forgetStale(p *peer, f *wire.Family, why string) {
	if p.stale == 0 {
		return
	}
	for _, path := range s.adjIn(p) {
		if path.Stale && (f == nil || path.Family() == *f) {
			s.dropPath(p, nil, path, "stale: "+why)
		}
	}
	if p.stale == 0 {
		s.emit(StopTimer{Timer{Peer: p.cfg.Name, Kind: StaleTimer}})
	}
}

// receivedEndOfRIB: the peer has sent all its routes of family f (RFC
// 4724 section 2). Stale routes of f it did not resend are removed; a
// restarting speaker may now be done deferring.
func (s *Speaker) receivedEndOfRIB(p *peer, f wire.Family) {
	p.eorSeen[f] = true
	s.event(trace.Note, p.cfg.Name, "End-of-RIB received for "+f.String())
	s.forgetStale(p, &f, "not refreshed before End-of-RIB")
	if s.deferring && s.allEndOfRIB() {
		s.endDeferral()
	}
}

// allEndOfRIB reports whether every peer a restarting speaker waits for
// has sent End-of-RIB for every family (RFC 4724 section 4.1: peers that
// do not advertise graceful restart, or that are restarting themselves,
// are not waited for).
func (s *Speaker) allEndOfRIB() bool {
	for _, p := range s.peers {
		if p.cfg.Disabled {
			continue
		}
		if p.sess == nil {
			return false
		}
		if gr := p.sess.PeerGR; gr == nil || gr.Restarting {
			continue
		}
		for _, f := range p.sess.Families {
			if !p.eorSeen[f] {
				return false
			}
		}
	}
	return true
}

// endDeferral ends a restarting speaker's wait: routes are selected and
// sent.
func (s *Speaker) endDeferral() {
	s.deferring = false
	s.emit(StopTimer{Timer{Kind: DeferralTimer}})
	s.event(trace.Note, "", "restart complete: advertising routes")
}

// disableFamily handles an AFI/SAFI-disable error (RFC 7606 section 3 j,
// RFC 4760 section 7): the family's routes from p are removed and further
// ones ignored for the rest of the session.
func (s *Speaker) disableFamily(p *peer, f wire.Family, err *wire.Error) {
	p.disabled[f] = true
	for _, path := range s.adjIn(p) {
		if path.Family() == f {
			s.dropPath(p, nil, path, "family disabled: "+err.Reason)
		}
	}
}

// plural renders n things: "1 route", "2 routes".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
