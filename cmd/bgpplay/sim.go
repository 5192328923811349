package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/bgpplay/bgpplay/engine/sim"
	"github.com/bgpplay/bgpplay/engine/topo"
	"github.com/bgpplay/bgpplay/engine/trace"
)

// runSim implements `bgpplay sim [flags] TOPOLOGY.json`: it loads a
// topology, runs the simulation headless and prints what happened and
// where the routes ended up — the playground without the pictures.
func runSim(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	until := fs.Duration("until", 0, "run until this virtual time instead of until the network is quiet")
	limit := fs.Duration("limit", time.Hour, "give up waiting for quiet at this virtual time")
	events := fs.Bool("events", false, "print every event (the transcript)")
	jsonl := fs.Bool("json", false, "with -events, print events as JSON lines (engine/trace/SCHEMA.md)")
	routes := fs.String("routes", "", "comma-separated routers whose Loc-RIB to print (default: all)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: bgpplay sim [flags] TOPOLOGY.json\n\nRuns the topology (engine/topo/doc.go describes the file) until it is quiet\nand prints every router's best routes with the reason each won.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "bgpplay sim: %v\n", err)
		return 1
	}
	t, err := topo.Load(data)
	if err != nil {
		fmt.Fprintf(stderr, "bgpplay sim: %s:\n%v\n", fs.Arg(0), err)
		return 1
	}
	s, err := sim.New(t, sim.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "bgpplay sim: %v\n", err)
		return 1
	}
	quiet := true
	if *until > 0 {
		s.RunUntil(*until)
	} else {
		quiet = s.RunUntilQuiet(*limit)
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	if *events {
		if *jsonl {
			if err := s.Log().WriteJSONL(w, 0, trace.JSONOptions{}); err != nil {
				fmt.Fprintf(stderr, "bgpplay sim: %v\n", err)
				return 1
			}
			return 0
		}
		for _, e := range s.Log().Events() {
			fmt.Fprintln(w, e.String())
		}
		fmt.Fprintln(w)
	}
	want := map[string]bool{}
	for _, name := range strings.Split(*routes, ",") {
		if name = strings.TrimSpace(name); name != "" {
			if _, ok := s.Router(name); !ok {
				fmt.Fprintf(stderr, "bgpplay sim: -routes: no router %q\n", name)
				return 2
			}
			want[name] = true
		}
	}
	printRoutes(w, s, want)
	if !quiet {
		fmt.Fprintf(w, "\nnot quiet at %s: the network was still busy\n", s.Now())
	}
	return 0
}

// printRoutes prints the Loc-RIB of the routers in want (all when empty).
func printRoutes(w io.Writer, s *sim.Sim, want map[string]bool) {
	fmt.Fprintf(w, "at %s after %d events\n", s.Now(), s.Processed())
	for _, r := range s.Routers() {
		if len(want) > 0 && !want[r.Name] {
			continue
		}
		fmt.Fprintf(w, "\n%s (AS %d)", r.Name, r.Topo().AS)
		sp := r.Speaker()
		if sp == nil {
			fmt.Fprintln(w, ": down")
			continue
		}
		fmt.Fprintln(w)
		for _, p := range sp.Peers() {
			fmt.Fprintf(w, "  peer %-10s AS %-10d %-11s received %d, accepted %d, advertised %d\n",
				p.Name, p.AS, p.State, p.Received, p.Accepted, p.Advertised)
		}
		for _, d := range sp.LocRIB() {
			if d.Best == nil {
				continue
			}
			b := d.Best
			from := b.Peer.String()
			nh := "-"
			if b.Attrs.NextHop.IsValid() {
				nh = b.Attrs.NextHop.String()
			}
			fmt.Fprintf(w, "  %-20s via %-15s from %-8s [%s]  %s\n", d.Prefix, nh, from, b.Attrs.ASPath.String(), d.Reason)
		}
	}
}
