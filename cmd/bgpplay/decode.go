package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// runDecode implements `bgpplay decode [flags] HEX|-`: it prints the
// annotated tree of one BGP message, every field with its byte offset,
// length, bytes and meaning.
func runDecode(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("decode", flag.ContinueOnError)
	fs.SetOutput(stderr)
	as4 := fs.Bool("as4", true, "the session negotiated 4-octet AS numbers (RFC 6793)")
	ext := fs.Bool("extended", false, "the session negotiated extended messages (RFC 8654)")
	addPath := fs.String("addpath", "", "comma-separated families whose NLRI carry path IDs (RFC 7911): ipv4-unicast,ipv6-unicast")
	asJSON := fs.Bool("json", false, "print the tree as JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: bgpplay decode [flags] HEX|-\n\nHEX is one whole BGP message, header included; spaces, colons and a 0x prefix are ignored.\n- reads the hex from standard input.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	opt := wire.Options{AS4: *as4, ExtendedMessage: *ext}
	if *addPath != "" {
		for _, name := range strings.Split(*addPath, ",") {
			f, ok := parseFamily(strings.TrimSpace(name))
			if !ok {
				fmt.Fprintf(stderr, "bgpplay decode: -addpath: unknown family %q (want ipv4-unicast or ipv6-unicast)\n", name)
				return 2
			}
			opt.AddPath = append(opt.AddPath, f)
		}
	}
	text := fs.Arg(0)
	if text == "-" {
		b, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintf(stderr, "bgpplay decode: reading stdin: %v\n", err)
			return 1
		}
		text = string(b)
	}
	msg, err := parseHex(text)
	if err != nil {
		fmt.Fprintf(stderr, "bgpplay decode: %v\n", err)
		return 2
	}
	tree, _, err := wire.Annotate(msg, opt)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if encErr := enc.Encode(tree); encErr != nil {
			fmt.Fprintf(stderr, "bgpplay decode: %v\n", encErr)
			return 1
		}
	} else {
		printTree(stdout, msg, tree, 0)
	}
	if err != nil {
		fmt.Fprintf(stderr, "bgpplay decode: %v\n", err)
		var werr *wire.Error
		if errors.As(err, &werr) {
			fmt.Fprintf(stderr, "a receiver would send NOTIFICATION %s / %s (action: %s)\n",
				werr.Code, wire.SubcodeName(werr.Code, werr.Subcode), werr.Action)
		}
		return 1
	}
	return 0
}

func parseFamily(s string) (wire.Family, bool) {
	for _, f := range []wire.Family{wire.IPv4Unicast, wire.IPv6Unicast} {
		if f.String() == s {
			return f, true
		}
	}
	return wire.Family{}, false
}

// parseHex reads hex digits, ignoring white space, colons, dashes and a
// leading 0x, and names the position of the first bad character.
func parseHex(s string) ([]byte, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "0x")
	var digits []byte
	for i, r := range s {
		switch {
		case unicode.IsSpace(r) || r == ':' || r == '-':
		case strings.ContainsRune("0123456789abcdefABCDEF", r):
			digits = append(digits, byte(r))
		default:
			return nil, fmt.Errorf("character %q at position %d is not a hex digit", r, i)
		}
	}
	if len(digits)%2 != 0 {
		return nil, fmt.Errorf("odd number of hex digits (%d)", len(digits))
	}
	if len(digits) == 0 {
		return nil, errors.New("no hex digits given")
	}
	return hex.DecodeString(string(digits))
}

// printTree prints one line per field: offset and length, name, value, and
// the field's bytes for leaves.
func printTree(w io.Writer, msg []byte, f *wire.Field, depth int) {
	if f == nil {
		return
	}
	line := fmt.Sprintf("%5d %4d  %s%s", f.Offset, f.Length, strings.Repeat("  ", depth), f.Name)
	if f.Value != "" {
		line += ": " + f.Value
	}
	if len(f.Children) == 0 && f.Length > 0 && f.Offset+f.Length <= len(msg) {
		raw := msg[f.Offset : f.Offset+f.Length]
		const maxShown = 24
		h := hex.EncodeToString(raw[:min(len(raw), maxShown)])
		if len(raw) > maxShown {
			h += "…"
		}
		line = fmt.Sprintf("%-72s  %s", line, h)
	}
	fmt.Fprintln(w, line)
	for _, c := range f.Children {
		printTree(w, msg, c, depth+1)
	}
}
