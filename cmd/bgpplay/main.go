// Command bgpplay is the one binary of the BGP playground: it serves the
// browser playground, peers with real routers, and carries the tools that
// work on BGP bytes and MRT files.
//
//	bgpplay serve              serve the playground on localhost
//	bgpplay decode HEX|-       print the annotated decode of one BGP message
//	bgpplay mrt print FILE...  print MRT routes exactly as `bgpdump -vm` does
//	bgpplay sim TOPOLOGY.json  run a simulated network and print its routes
//	bgpplay version            print the version
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

// command is one subcommand: it gets its arguments (without its own name)
// and the standard streams, and returns the process exit code.
type command struct {
	name    string
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

var commands = []command{
	{"serve", "serve the playground on localhost", runServe},
	{"decode", "print the annotated decode of one BGP message (hex, or - for stdin)", runDecode},
	{"mrt", "read MRT files: `mrt print FILE...` prints routes like bgpdump -vm", func(args []string, _ io.Reader, stdout, stderr io.Writer) int {
		return runMRT(args, stdout, stderr)
	}},
	{"sim", "run a topology headless and print its routes (and -events, the transcript)", runSim},
	{"version", "print the version", runVersion},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches args to a subcommand.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "bgpplay: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: bgpplay COMMAND [ARGS]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
}

func runVersion(_ []string, _ io.Reader, stdout, _ io.Writer) int {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	fmt.Fprintln(stdout, "bgpplay", v)
	return 0
}
