package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/bgpplay/bgpplay/engine/mrt"
)

const mrtUsage = `usage: bgpplay mrt COMMAND [ARGS]

commands:
  print [-q] FILE...  print the routes of MRT files (RFC 6396) one per line,
                      exactly as ` + "`bgpdump -vm FILE`" + ` does; - reads standard input.
                      gzip and bzip2 input is recognised by its magic number.
                      -q leaves out the warnings about malformed BGP messages
                      and skipped records on standard error.
  help                print this text

Exit status: 0 when every file was read to its end, 1 when a file could not
be opened or read or holds a malformed record (what came before it is
printed, then the error on standard error), 2 for a usage error.
`

// runMRT implements `bgpplay mrt`.
func runMRT(args []string, stdout, stderr io.Writer) int {
	return runMRTWith(args, os.Stdin, stdout, stderr)
}

// runMRTWith is runMRT reading "-" from stdin.
func runMRTWith(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, mrtUsage)
		return 2
	}
	switch args[0] {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, mrtUsage)
		return 0
	case "print":
		return mrtPrint(args[1:], stdin, stdout, stderr)
	}
	fmt.Fprintf(stderr, "bgpplay mrt: unknown command %q\n\n%s", args[0], mrtUsage)
	return 2
}

func mrtPrint(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mrt print", flag.ContinueOnError)
	fs.SetOutput(stderr)
	quiet := fs.Bool("q", false, "do not warn about malformed BGP messages and skipped records")
	fs.Usage = func() { fmt.Fprint(stderr, mrtUsage) }
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprint(stderr, "bgpplay mrt print: no file given\n\n"+mrtUsage)
		return 2
	}
	out := &lineWriter{w: stdout, buf: make([]byte, 0, outBufSize+64<<10)}
	for _, name := range fs.Args() {
		if err := printFile(name, stdin, out, stderr, *quiet); err != nil {
			out.flush()
			fmt.Fprintf(stderr, "bgpplay mrt print: %s: %v\n", name, err)
			return 1
		}
	}
	if err := out.flush(); err != nil {
		fmt.Fprintf(stderr, "bgpplay mrt print: %v\n", err)
		return 1
	}
	return 0
}

// outBufSize is how much output is gathered before each write.
const outBufSize = 256 << 10

// lineWriter gathers output lines and writes them in large blocks.
type lineWriter struct {
	w   io.Writer
	buf []byte
	err error
}

func (l *lineWriter) flush() error {
	if l.err == nil && len(l.buf) > 0 {
		_, l.err = l.w.Write(l.buf)
	}
	l.buf = l.buf[:0]
	return l.err
}

// printFile prints the records of one file.
func printFile(name string, stdin io.Reader, out *lineWriter, stderr io.Writer, quiet bool) error {
	var src io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		src = f
	}
	// Decompression runs in its own goroutine, overlapping with decoding
	// and formatting here.
	src, stop := readAhead(src)
	defer stop()
	rd := mrt.NewRawReader(src)
	var p mrt.Printer
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		out.buf = p.Append(out.buf, rec)
		if len(out.buf) >= outBufSize {
			if err := out.flush(); err != nil {
				return err
			}
		}
		if !quiet {
			for _, perr := range rec.Problems() {
				out.flush()
				fmt.Fprintf(stderr, "bgpplay mrt print: %s: warning: %v\n", name, perr)
			}
		}
	}
	if !quiet {
		for _, s := range rd.Skipped() {
			out.flush()
			fmt.Fprintf(stderr, "bgpplay mrt print: %s: skipped %v: record type not supported\n", name, s)
		}
	}
	return nil
}
