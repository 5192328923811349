package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/bgpplay/bgpplay/engine/speaker"
	"github.com/bgpplay/bgpplay/engine/trace"
)

// Op is a command a learner, a lesson or a test applies to a running
// simulation.
type Op string

// Commands.
const (
	LinkDown  Op = "link-down"  // Link goes down
	LinkUp    Op = "link-up"    // Link comes back
	Crash     Op = "crash"      // Router's BGP process dies; its host resets the TCP connections and refuses new ones
	PowerOff  Op = "power-off"  // Router loses power: nothing is sent, peers notice by their hold timers
	Restart   Op = "restart"    // Router boots again after a crash or a power-off
	Announce  Op = "announce"   // Router originates Prefix
	Withdraw  Op = "withdraw"   // Router stops originating Prefix
	Reset     Op = "reset"      // Router resets its session with Peer
	SoftReset Op = "soft-reset" // Router refreshes its session with Peer (RFC 2918)
	StopPeer  Op = "stop-peer"  // Router shuts its session with Peer down
	StartPeer Op = "start-peer" // Router starts its session with Peer again
)

// Command is one command, with the virtual time it was applied at.
type Command struct {
	At     time.Duration
	Op     Op
	Router string
	Peer   string
	// Link indexes the topology's links.
	Link   int
	Prefix netip.Prefix
	// Routes, for Announce, originates many routes with their attributes
	// at once instead of Prefix (a feed from a table dump, say).
	Routes []speaker.Origin
	// After is how many events had run when the command was applied, so
	// that a replay applies it at exactly the same point.
	After uint64
	// Err, set by Do, says why the command was refused.
	Err string
}

// String renders the command as "link-down 3", "power-off R1" or
// "announce R1 203.0.113.0/24".
func (c Command) String() string {
	switch c.Op {
	case Crash, PowerOff, Restart:
		return fmt.Sprintf("%s %s", c.Op, c.Router)
	case LinkDown, LinkUp:
		return fmt.Sprintf("%s %d", c.Op, c.Link)
	case Announce, Withdraw:
		if len(c.Routes) > 0 {
			return fmt.Sprintf("%s %s %d routes", c.Op, c.Router, len(c.Routes))
		}
		return fmt.Sprintf("%s %s %s", c.Op, c.Router, c.Prefix)
	case Reset, SoftReset, StopPeer, StartPeer:
		return fmt.Sprintf("%s %s %s", c.Op, c.Router, c.Peer)
	}
	return fmt.Sprintf("%s %s", c.Op, c.Router)
}

// Do applies c now (c.At is ignored) and records it for Rewind. A refused
// command is recorded too, with its error in Err: what it left in the
// trace (its command event) must come back when Rewind replays the run.
func (s *Sim) Do(c Command) error {
	c.At, c.After, c.Err = s.now, s.processed, ""
	err := s.do(c)
	if err != nil {
		err = fmt.Errorf("%s: %w", c, err)
		c.Err = err.Error()
	}
	s.commands = append(s.commands, c)
	return err
}

// Commands returns the commands applied so far, without those refused.
func (s *Sim) Commands() []Command {
	var out []Command
	for _, c := range s.commands {
		if c.Err == "" {
			out = append(out, c)
		}
	}
	return out
}

func (s *Sim) do(c Command) error {
	if c.Op == LinkDown || c.Op == LinkUp {
		if c.Link < 0 || c.Link >= len(s.topo.Links) {
			return fmt.Errorf("no link %d", c.Link)
		}
		return s.setLink(c.Link, c.Op == LinkUp)
	}
	r := s.byName[c.Router]
	if r == nil {
		return fmt.Errorf("no router %q", c.Router)
	}
	s.record(trace.Event{Kind: trace.Command, Router: r.Name, Peer: c.Peer, Text: c.String()})
	switch c.Op {
	case Crash:
		return r.crash()
	case PowerOff:
		return r.powerOff()
	case Restart:
		return r.restart()
	}
	if !r.up {
		return fmt.Errorf("router %s is down", r.Name)
	}
	var err error
	switch c.Op {
	case Announce:
		var acts []speaker.Action
		var e error
		if len(c.Routes) > 0 {
			acts, e = r.sp.AnnounceAll(s.now, c.Routes)
		} else {
			acts, e = r.sp.Announce(s.now, c.Prefix, nil)
		}
		r.apply(acts)
		err = e
	case Withdraw:
		acts, e := r.sp.Withdraw(s.now, c.Prefix)
		r.apply(acts)
		err = e
	case Reset, SoftReset:
		acts, e := r.sp.ResetPeer(s.now, c.Peer, c.Op == SoftReset)
		r.apply(acts)
		err = e
	case StopPeer:
		acts, e := r.sp.StopPeer(s.now, c.Peer, "stopped by a command")
		r.apply(acts)
		err = e
	case StartPeer:
		acts, e := r.sp.StartPeer(s.now, c.Peer)
		r.apply(acts)
		err = e
	default:
		err = fmt.Errorf("unknown command %q", c.Op)
	}
	return err
}

// setLink changes a link's state, recomputes the IGP and tells every
// router that their next hops may have changed.
func (s *Sim) setLink(l int, up bool) error {
	if s.net.up[l] == up {
		return fmt.Errorf("link %d is already %s", l, map[bool]string{true: "up", false: "down"}[up])
	}
	lk := &s.topo.Links[l]
	s.net.up[l] = up
	s.net.recompute()
	state := "down"
	if up {
		state = "up"
	}
	s.record(trace.Event{Kind: trace.LinkChange, Router: lk.A, Peer: lk.B, Text: fmt.Sprintf("link %d %s-%s %s", l, lk.A, lk.B, state)})
	if !up {
		s.linkFailed(l)
	}
	for _, r := range s.routers {
		if r.up {
			r.apply(r.sp.IGPChanged(s.now))
		}
	}
	s.resumeStalled()
	return nil
}

// Rewind takes the simulation back to virtual time t by replaying it from
// the start with the commands applied before t. Determinism makes the
// replay exact.
func (s *Sim) Rewind(t time.Duration) error {
	if t > s.now {
		return fmt.Errorf("cannot rewind forward, from %s to %s", s.now, t)
	}
	commands := s.commands
	if err := s.start(s.topo, s.opt); err != nil {
		return err
	}
	for _, c := range commands {
		if c.At > t {
			break
		}
		for s.processed < c.After && s.Step() {
		}
		s.now = c.At
		if err := s.Do(c); (err != nil) != (c.Err != "") {
			return fmt.Errorf("replaying %s at %s: %v, not %q as before", c, c.At, err, c.Err)
		}
	}
	s.RunUntil(t)
	return nil
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
