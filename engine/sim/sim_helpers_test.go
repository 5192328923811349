package sim

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/topo"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/stretchr/testify/require"
)

// newSim loads a topology from its JSON form and builds its simulation.
func newSim(t testing.TB, js string, opt Options) *Sim {
	t.Helper()
	tp, err := topo.Load([]byte(js))
	require.NoError(t, err)
	s, err := New(tp, opt)
	require.NoError(t, err)
	return s
}

// generated is the mid-size generated topology of the determinism tests.
func generated(t testing.TB) *topo.Topology {
	t.Helper()
	tp, err := topo.Generate(topo.GenConfig{ASes: 8, RoutersPerAS: 4, PrefixesPerAS: 3, Seed: 1})
	require.NoError(t, err)
	return tp
}

// digestOf hashes events as trace.Log.Digest does.
func digestOf(evs []trace.Event) string {
	l := trace.NewLog(nil)
	for _, e := range evs {
		l.Add(e)
	}
	return l.Digest()
}

// upTo returns the events at or before t.
func upTo(evs []trace.Event, t time.Duration) []trace.Event {
	var out []trace.Event
	for _, e := range evs {
		if e.At <= t {
			out = append(out, e)
		}
	}
	return out
}

// find returns the events of kind k at router (any router when "") whose
// text contains sub.
func find(s *Sim, k trace.Kind, router, sub string) []trace.Event {
	var out []trace.Event
	for _, e := range s.Log().Events() {
		if e.Kind == k && (router == "" || e.Router == router) && strings.Contains(e.String(), sub) {
			out = append(out, e)
		}
	}
	return out
}

// state describes every router's tables and sessions, for comparing two
// simulations.
func state(s *Sim) string {
	var b strings.Builder
	fmt.Fprintf(&b, "now %s processed %d links %v\n", s.Now(), s.Processed(), s.net.up)
	for _, r := range s.Routers() {
		if !r.Up() {
			fmt.Fprintf(&b, "%s down\n", r.Name)
			continue
		}
		sp := r.Speaker()
		for _, p := range sp.Peers() {
			fmt.Fprintf(&b, "%s peer %s %s in %d out %d\n", r.Name, p.Name, p.State, p.Received, p.Advertised)
		}
		for _, d := range sp.LocRIB() {
			fmt.Fprintf(&b, "%s %s best %v\n", r.Name, d.Prefix, d.Best)
		}
	}
	return b.String()
}

// pendingAllBackground reports whether everything queued is background.
func pendingAllBackground(s *Sim) bool {
	if s.foreground != 0 {
		return false
	}
	for _, p := range s.q {
		if p.background == nil || !p.background() {
			return false
		}
	}
	return true
}

// triangle is three routers of AS 65001 in a line R1 - R2 - R3 with an
// IBGP session between R1 and R3 over their loopbacks, and an external
// router X in AS 65002 attached to R1.
const triangle = `{
 "seed": 1,
 "routers": [
  {"name": "R1", "as": 65001, "router_id": "10.0.0.1", "originate": ["203.0.113.0/24"]},
  {"name": "R2", "as": 65001, "router_id": "10.0.0.2"},
  {"name": "R3", "as": 65001, "router_id": "10.0.0.3"},
  {"name": "X", "as": 65002, "router_id": "10.0.0.9", "originate": ["198.51.100.0/24"]}],
 "links": [{"a": "R1", "b": "R2", "cost": 10}, {"a": "R2", "b": "R3", "cost": 5}, {"a": "R1", "b": "X"}],
 "sessions": [
  {"a": "R1", "b": "R3", "mrai": "0s", "a_side": {"next_hop_self": true}},
  {"a": "R1", "b": "X", "mrai": "0s"}]
}`

// pfx parses a prefix.
func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }
