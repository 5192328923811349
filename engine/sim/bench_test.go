package sim

import (
	"fmt"
	"io"
	"net/netip"
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/mrt"
	"github.com/bgpplay/bgpplay/engine/policy"
	"github.com/bgpplay/bgpplay/engine/speaker"
	"github.com/bgpplay/bgpplay/engine/topo"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/internal/testkit"
)

// noTrace records nothing: the benchmarks measure the engine, not the log.
func noTrace(trace.Kind) bool { return false }

// BenchmarkConverge1000 builds the generated Internet of 100 ASes of 10
// routers (a route reflector in each) where every AS originates 10
// prefixes, and runs it until it is quiet. The target: under 2 s.
func BenchmarkConverge1000(b *testing.B) {
	tp, err := topo.Generate(topo.GenConfig{ASes: 100, RoutersPerAS: 10, PrefixesPerAS: 10, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	var events uint64
	var heap uint64
	for b.Loop() {
		s, err := New(tp, Options{Trace: noTrace})
		if err != nil {
			b.Fatal(err)
		}
		if !s.RunUntilQuiet(time.Hour) {
			b.Fatal("not quiet after an hour of virtual time")
		}
		events = s.Processed()
		heap = max(heap, heapInUse())
		checkConverged(b, s, 1000)
	}
	b.ReportMetric(float64(events), "events/op")
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(heap)/(1<<20), "heap-MiB")
}

// checkConverged fails unless every running router has a best path for
// want prefixes.
func checkConverged(b *testing.B, s *Sim, want int) {
	b.Helper()
	for _, r := range s.Routers() {
		if n := len(r.Speaker().LocRIB()); n != want {
			b.Fatalf("%s has %d routes, want %d", r.Name, n, want)
		}
	}
}

// heapInUse returns the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// feed is the routes of a table dump grouped by the peer that sent them.
type feed struct {
	peers  []mrtPeer
	routes int
	// prefixes counts distinct prefixes.
	prefixes int
}

type mrtPeer struct {
	addr   netip.Addr
	as     uint32
	routes []speaker.Origin
}

// loadFeed reads the routes of an MRT table dump.
func loadFeed(tb testing.TB, path string) *feed {
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	in, err := mrt.Decompress(f)
	if err != nil {
		tb.Fatal(err)
	}
	r := mrt.NewReader(in)
	byPeer := map[netip.Addr]int{}
	seen := map[netip.Prefix]bool{}
	fd := &feed{}
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		td := rec.TableDump
		if td == nil || td.Err != nil || !td.Prefix.Addr().Is4() {
			continue
		}
		i, ok := byPeer[td.PeerIP]
		if !ok {
			i = len(fd.peers)
			byPeer[td.PeerIP] = i
			fd.peers = append(fd.peers, mrtPeer{addr: td.PeerIP, as: td.PeerAS})
		}
		a := td.Attrs.Clone()
		// The feeding router prepends the peer's AS itself.
		if a.ASPath.First() == td.PeerAS && len(a.ASPath.Segments) > 0 && len(a.ASPath.Segments[0].ASNs) > 0 {
			a.ASPath.Segments[0].ASNs = a.ASPath.Segments[0].ASNs[1:]
			if len(a.ASPath.Segments[0].ASNs) == 0 {
				a.ASPath.Segments = a.ASPath.Segments[1:]
			}
		}
		fd.peers[i].routes = append(fd.peers[i].routes, speaker.Origin{Prefix: td.Prefix, Attrs: a})
		fd.routes++
		seen[td.Prefix] = true
	}
	fd.prefixes = len(seen)
	return fd
}

// chainTopology is one feeding router per peer of the dump, each an EBGP
// neighbour of R1, and the chain R1 - R2 - ... - Rn, each router in its own
// AS.
func chainTopology(tb testing.TB, fd *feed, n int) *topo.Topology {
	t := &topo.Topology{Name: "bview chain", Seed: 1}
	for i := 1; i <= n; i++ {
		t.Routers = append(t.Routers, topo.Router{Name: fmt.Sprintf("R%d", i), AS: 4200000000 + uint32(i),
			RouterID: netip.AddrFrom4([4]byte{10, 0, 0, byte(i)})})
		if i > 1 {
			t.Links = append(t.Links, topo.Link{A: fmt.Sprintf("R%d", i-1), B: fmt.Sprintf("R%d", i)})
			t.Sessions = append(t.Sessions, topo.Session{A: fmt.Sprintf("R%d", i-1), B: fmt.Sprintf("R%d", i)})
		}
	}
	// The feeding routers only inject: R1 sends them nothing back.
	t.PolicySpecs = map[string]*policy.Spec{"nothing": {Default: "reject"}}
	for i, p := range fd.peers {
		name := fmt.Sprintf("F%d", i+1)
		t.Routers = append(t.Routers, topo.Router{Name: name, AS: p.as, RouterID: netip.AddrFrom4([4]byte{10, 1, byte(i >> 8), byte(i)})})
		t.Links = append(t.Links, topo.Link{A: name, B: "R1"})
		t.Sessions = append(t.Sessions, topo.Session{A: name, B: "R1", BSide: topo.Neighbor{Export: "nothing"}})
	}
	zero := time.Duration(0)
	for i := range t.Sessions {
		t.Sessions[i].MRAI = &zero
	}
	if err := t.Validate(); err != nil {
		tb.Fatal(err)
	}
	return t
}

// BenchmarkBviewChain feeds the 115,521 routes of a 2002 Internet table
// dump into R1 from one simulated EBGP peer per peer of the dump, and runs
// until they have propagated through a chain of 10 routers. The issue's
// target: under 3 s. B/path is the live heap the run added divided by the
// paths held in every Adj-RIB-In. With BGPPLAY_HEAPPROFILE=FILE set it
// writes a heap profile of the converged network.
func BenchmarkBviewChain(b *testing.B) {
	fd := loadFeed(b, testkit.MRTDir(b)+"/bview.20020722.2337.gz")
	const n = 10
	tp := chainTopology(b, fd, n)
	var events uint64
	var perPath float64
	for b.Loop() {
		b.StopTimer()
		s, err := New(tp, Options{Trace: noTrace})
		if err != nil {
			b.Fatal(err)
		}
		if !s.RunUntilQuiet(time.Hour) {
			b.Fatal("sessions not up")
		}
		before := heapInUse()
		start := s.Processed()
		b.StartTimer()
		for i, p := range fd.peers {
			if err := s.Do(Command{Op: Announce, Router: fmt.Sprintf("F%d", i+1), Routes: p.routes}); err != nil {
				b.Fatal(err)
			}
		}
		if !s.RunUntilQuiet(s.Now() + time.Hour) {
			b.Fatal("not quiet")
		}
		b.StopTimer()
		events = s.Processed() - start
		last, _ := s.Router(fmt.Sprintf("R%d", n))
		if got := len(last.Speaker().LocRIB()); got != fd.prefixes {
			b.Fatalf("R%d has %d routes, want %d", n, got, fd.prefixes)
		}
		paths := 0
		for _, r := range s.Routers() {
			for _, p := range r.Speaker().Peers() {
				paths += p.Received
			}
		}
		perPath = float64(heapInUse()-before) / float64(paths)
		if f := os.Getenv("BGPPLAY_HEAPPROFILE"); f != "" {
			out, err := os.Create(f)
			if err != nil {
				b.Fatal(err)
			}
			if err := pprof.WriteHeapProfile(out); err != nil {
				b.Fatal(err)
			}
			out.Close()
		}
		runtime.KeepAlive(s)
		b.StartTimer()
	}
	b.ReportMetric(float64(fd.routes), "routes")
	b.ReportMetric(float64(events), "events/op")
	b.ReportMetric(perPath, "B/path")
}
