package fsm

import "time"

// timer is a deadline on the virtual clock, armed or not.
type timer struct {
	at time.Duration
	on bool
}

// due reports whether t is armed and its deadline has been reached.
func (t *timer) due(now time.Duration) bool { return t.on && t.at <= now }

// timerOf returns the timer of the given kind: the peer's ConnectRetry
// and IdleHold timers when c is nil, else one of c's.
func (p *Peer) timerOf(kind TimerKind, c *conn) *timer {
	if c == nil {
		switch kind {
		case ConnectRetryTimer:
			return &p.connectRetry
		case IdleHoldTimer:
			return &p.idleHold
		}
		return nil
	}
	switch kind {
	case HoldTimer:
		return &c.hold
	case KeepaliveTimer:
		return &c.keepalive
	case DelayOpenTimer:
		return &c.delayOpen
	}
	return nil
}

// arm (re)starts a timer to expire d from now.
func (p *Peer) arm(kind TimerKind, c *conn, d time.Duration) {
	t := p.timerOf(kind, c)
	t.at, t.on = p.now+d, true
	p.emit(ArmTimer{Timer: kind, Conn: c.ID(), At: t.at})
}

// stop stops a timer ("sets it to zero" in RFC 4271 section 8.2.2). A
// timer that is not running is left alone, without an action.
func (p *Peer) stop(kind TimerKind, c *conn) {
	if t := p.timerOf(kind, c); t.on {
		t.on = false
		p.emit(StopTimer{Timer: kind, Conn: c.ID()})
	}
}

// jitter multiplies d by a random factor uniformly distributed in
// [0.75, 1.0), as RFC 4271 section 10 asks for the ConnectRetryTimer and
// the KeepaliveTimer; a new factor is drawn each time a timer is set.
// The reduction is drawn in whole milliseconds, which keeps traces
// readable. Without a random source d is returned as is.
func (p *Peer) jitter(d time.Duration) time.Duration {
	if p.rng == nil || d < 4*time.Millisecond {
		return d
	}
	return d - time.Duration(p.rng.Int64N(int64(d/4/time.Millisecond)))*time.Millisecond
}

// armConnectRetry starts the ConnectRetryTimer with its jittered initial
// value.
func (p *Peer) armConnectRetry() { p.arm(ConnectRetryTimer, nil, p.jitter(p.cfg.ConnectRetryTime)) }

// armKeepalive starts c's KeepaliveTimer with the jittered negotiated
// keepalive time, unless the negotiated hold time is zero.
func (p *Peer) armKeepalive(c *conn) {
	if c.neg != nil && c.neg.KeepaliveTime > 0 {
		p.arm(KeepaliveTimer, c, p.jitter(c.neg.KeepaliveTime))
	}
}

// restartHold restarts c's HoldTimer with the negotiated hold time, unless
// that is zero.
func (p *Peer) restartHold(c *conn) {
	if c.neg != nil && c.neg.HoldTime > 0 {
		p.arm(HoldTimer, c, c.neg.HoldTime)
	}
}

// idleHoldDelay is how long the peer waits in Idle before restarting:
// IdleHoldTime, doubled for each consecutive failure when damping is on,
// with the jitter of the ConnectRetryTimer so that two peers restarting
// at the same moment drift apart.
func (p *Peer) idleHoldDelay() time.Duration {
	d := p.cfg.IdleHoldTime
	if p.cfg.DampPeerOscillations {
		for i := 0; i < p.flaps && d < p.cfg.MaxIdleHoldTime; i++ {
			d *= 2
		}
		d = min(d, p.cfg.MaxIdleHoldTime)
	}
	return p.jitter(d)
}
