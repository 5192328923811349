package sim_test

import (
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/rib"
	"github.com/bgpplay/bgpplay/engine/sim"
	"github.com/bgpplay/bgpplay/engine/speaker"
	"github.com/bgpplay/bgpplay/engine/topo"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/require"
)

// update rewrites the golden transcripts from the runs:
//
//	go test ./engine/sim -run Scenario -update
var update = flag.Bool("update", false, "rewrite testdata/scenarios/*.golden from the runs")

// scenarioDir holds the scenario topologies (NAME.json) and their golden
// transcripts (NAME.golden).
const scenarioDir = "testdata/scenarios"

// quietWithin is how much virtual time a scenario gives the network to
// become quiet after a start or a command.
const quietWithin = time.Hour

// scenario is one simulation under test.
type scenario struct {
	t    *testing.T
	name string
	s    *sim.Sim
}

// load builds the simulation of testdata/scenarios/NAME.json and runs it
// until it is quiet.
func load(t *testing.T, name string) *scenario {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(scenarioDir, name+".json"))
	require.NoError(t, err)
	tp, err := topo.Load(data)
	require.NoError(t, err, "topology %s", name)
	s, err := sim.New(tp, sim.Options{})
	require.NoError(t, err)
	sc := &scenario{t: t, name: name, s: s}
	sc.quiet()
	return sc
}

// quiet runs until the network is quiet, which it must become.
func (sc *scenario) quiet() {
	sc.t.Helper()
	limit := sc.s.Now() + quietWithin
	require.True(sc.t, sc.s.RunUntilQuiet(limit), "%s: not quiet by %s", sc.name, limit)
}

// do applies a command and runs until the network is quiet again. It
// returns the sequence number of the command's first event, to look at
// what followed it.
func (sc *scenario) do(c sim.Command) int {
	sc.t.Helper()
	seq := sc.s.Log().Len() + 1
	require.NoError(sc.t, sc.s.Do(c))
	sc.quiet()
	return seq
}

// run runs the simulation for d of virtual time.
func (sc *scenario) run(d time.Duration) { sc.s.RunUntil(sc.s.Now() + d) }

// sp returns the speaker of router name, which must run.
func (sc *scenario) sp(name string) *speaker.Speaker {
	sc.t.Helper()
	r, ok := sc.s.Router(name)
	require.True(sc.t, ok, "no router %s", name)
	require.NotNil(sc.t, r.Speaker(), "router %s is down", name)
	return r.Speaker()
}

// best returns router's best path for prefix, which must exist.
func (sc *scenario) best(router, prefix string) *rib.Path {
	sc.t.Helper()
	b := sc.sp(router).Best(pfx(prefix))
	require.NotNil(sc.t, b, "%s has no best path for %s", router, prefix)
	return b
}

// noRoute checks that router has no best path for prefix.
func (sc *scenario) noRoute(router, prefix string) {
	sc.t.Helper()
	require.Nil(sc.t, sc.sp(router).Best(pfx(prefix)), "%s should have no route for %s", router, prefix)
}

// adjIn returns the path router holds from peer for prefix, or nil.
func (sc *scenario) adjIn(router, peer, prefix string) *rib.Path {
	for _, p := range sc.sp(router).AdjIn(peer) {
		if p.Prefix == pfx(prefix) {
			return p
		}
	}
	return nil
}

// adjOut returns the attributes router advertises to peer for prefix, or
// nil.
func (sc *scenario) adjOut(router, peer, prefix string) *rib.Attrs {
	for _, a := range sc.sp(router).AdjOut(peer) {
		if a.Prefix == pfx(prefix) {
			return a.Attrs
		}
	}
	return nil
}

// peer returns the status of router's neighbour peer.
func (sc *scenario) peer(router, peer string) speaker.PeerStatus {
	sc.t.Helper()
	st, ok := sc.sp(router).Peer(peer)
	require.True(sc.t, ok, "%s has no peer %s", router, peer)
	return st
}

// routes returns the route changes of router for prefix in table, about
// peer ("" for any), from event seq on.
func (sc *scenario) routes(router, prefix string, table trace.Table, peer string, since int) []*trace.Route {
	var out []*trace.Route
	for _, e := range sc.s.Log().Routes(router, pfx(prefix)) {
		if e.Seq >= since && e.Route.Table == table && (peer == "" || e.Peer == peer) {
			out = append(out, e.Route)
		}
	}
	return out
}

// lastRoute returns the last change of router's entry for prefix in table
// about peer.
func (sc *scenario) lastRoute(router, prefix string, table trace.Table, peer string) *trace.Route {
	sc.t.Helper()
	rs := sc.routes(router, prefix, table, peer, 0)
	require.NotEmpty(sc.t, rs, "%s: no %s change for %s (peer %q)", router, table, prefix, peer)
	return rs[len(rs)-1]
}

// heldBack returns the reason router's last Adj-RIB-Out change towards
// peer for prefix gives for not advertising it.
func (sc *scenario) heldBack(router, peer, prefix string) string {
	sc.t.Helper()
	r := sc.lastRoute(router, prefix, trace.AdjRIBOut, peer)
	require.Contains(sc.t, []trace.Change{trace.Rejected, trace.Withdrawn}, r.Change, "%s to %s: %s", router, peer, r)
	require.Nil(sc.t, sc.adjOut(router, peer, prefix), "%s still advertises %s to %s", router, prefix, peer)
	return r.Why
}

// events returns the events of kind at router (any router when "") about
// peer (any peer when ""), from event seq on.
func (sc *scenario) events(kind trace.Kind, router, peer string, since int) []trace.Event {
	var out []trace.Event
	for _, e := range sc.s.Log().Events() {
		if e.Seq >= since && e.Kind == kind && (router == "" || e.Router == router) && (peer == "" || e.Peer == peer) {
			out = append(out, e)
		}
	}
	return out
}

// texts returns the texts of events.
func texts(es []trace.Event) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Text
	}
	return out
}

// sentMsg is one message a router sent, decoded.
type sentMsg struct {
	seq int
	typ wire.MessageType
	msg wire.Message
}

// sent returns the messages router sent to peer from event seq on,
// decoded, keepalives left out.
func (sc *scenario) sent(router, peer string, since int) []sentMsg {
	sc.t.Helper()
	var out []sentMsg
	for _, e := range sc.s.Log().Messages(router, peer) {
		if e.Seq < since || e.Kind != trace.MessageSent || e.Router != router || e.Msg.Type == wire.TypeKeepalive {
			continue
		}
		m, err := wire.Decode(e.Msg.Bytes, e.Msg.Opt)
		require.NoError(sc.t, err, "message #%d", e.Msg.ID)
		out = append(out, sentMsg{e.Seq, e.Msg.Type, m})
	}
	return out
}

// describe renders messages compactly for assertions: "UPDATE +P1 +P2
// -P3", "UPDATE End-of-RIB ipv4-unicast", "ROUTE-REFRESH ipv4-unicast
// BoRR", "NOTIFICATION 4/0".
func describe(ms []sentMsg) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		var b strings.Builder
		b.WriteString(m.typ.String())
		switch v := m.msg.(type) {
		case *wire.Update:
			if f, ok := v.EndOfRIB(); ok {
				fmt.Fprintf(&b, " End-of-RIB %s", f)
				break
			}
			for _, n := range v.Withdrawn {
				fmt.Fprintf(&b, " -%s", n.Prefix)
			}
			for _, n := range v.NLRI {
				fmt.Fprintf(&b, " +%s", n.Prefix)
			}
		case *wire.RouteRefresh:
			fmt.Fprintf(&b, " %s %s", v.Family, v.Subtype)
		case *wire.Notification:
			fmt.Fprintf(&b, " %d/%d", v.Code, v.Subcode)
		}
		out[i] = b.String()
	}
	return out
}

// golden compares the whole event log, one Event.String() per line, with
// testdata/scenarios/NAME.golden, or writes it there with -update.
func (sc *scenario) golden() {
	sc.t.Helper()
	var b strings.Builder
	for _, e := range sc.s.Log().Events() {
		b.WriteString(e.String())
		b.WriteByte('\n')
	}
	got := b.String()
	path := filepath.Join(scenarioDir, sc.name+".golden")
	if *update {
		require.NoError(sc.t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(sc.t, err, "run with -update to create it")
	if string(want) != got {
		sc.t.Errorf("%s differs from the run (- golden, + run; -update rewrites it):\n%s", path, lineDiff(string(want), got))
	}
}

// lineDiff renders the differences between two texts line by line, with
// two lines of context around each change.
func lineDiff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	// lcs[i][j] is the length of the longest common subsequence of x[i:]
	// and y[j:].
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte
		text string
		n    int
	}
	var ls []line
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			ls = append(ls, line{' ', x[i], i + 1})
			i, j = i+1, j+1
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			ls = append(ls, line{'-', x[i], i + 1})
			i++
		default:
			ls = append(ls, line{'+', y[j], j + 1})
			j++
		}
	}
	const context = 2
	var out strings.Builder
	last := -1
	for k, l := range ls {
		near := false
		for d := max(0, k-context); d <= min(len(ls)-1, k+context); d++ {
			near = near || ls[d].op != ' '
		}
		if !near {
			continue
		}
		if last >= 0 && k > last+1 {
			out.WriteString("...\n")
		}
		fmt.Fprintf(&out, "%c%4d %s\n", l.op, l.n, l.text)
		last = k
	}
	return out.String()
}

// pfx parses a prefix.
func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

// addr parses an address.
func addr(s string) netip.Addr { return netip.MustParseAddr(s) }

// asPath parses an AS_PATH as wire.ASPath.String writes it.
func asPath(t *testing.T, s string) wire.ASPath {
	t.Helper()
	p, err := wire.ParseASPath(s)
	require.NoError(t, err)
	return p
}

// communities parses communities.
func communities(t *testing.T, ss ...string) []wire.Community {
	t.Helper()
	var out []wire.Community
	for _, s := range ss {
		c, err := wire.ParseCommunity(s)
		require.NoError(t, err)
		out = append(out, c)
	}
	return out
}

// TestScenarioLineDiff checks the golden diff helper itself.
func TestScenarioLineDiff(t *testing.T) {
	require.Equal(t, "", lineDiff("a\nb\n", "a\nb\n"))
	got := lineDiff("1\n2\n3\n4\n5\n6\n7\n", "1\n2\n3\nX\n5\n6\n7\n")
	require.Equal(t, "    2 2\n    3 3\n-   4 4\n+   4 X\n    5 5\n    6 6\n", got)
}

// contains reports whether s holds sub.
func contains(s, sub string) bool { return strings.Contains(s, sub) }

// stepUntil runs the simulation one event at a time until an event for
// which match is true has been logged, and returns it.
func (sc *scenario) stepUntil(match func(trace.Event) bool) trace.Event {
	sc.t.Helper()
	seen := sc.s.Log().Len()
	for sc.s.Step() {
		for _, e := range sc.s.Log().Since(seen) {
			if match(e) {
				return e
			}
		}
		seen = sc.s.Log().Len()
	}
	require.FailNow(sc.t, "no such event before the simulation ran out")
	return trace.Event{}
}
