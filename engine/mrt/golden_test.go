package mrt

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/require"
)

// sharedMRTDir is the shared real MRT data (../shared/testdata/mrt beside
// the repository): skipped when missing, fatal under CI.
func sharedMRTDir(tb testing.TB) string { return testkit.MRTDir(tb) }

// mrtFiles lists the MRT files of the shared data that have an expected
// bgpdump output.
func mrtFiles(tb testing.TB) []string {
	dir := sharedMRTDir(tb)
	names, err := filepath.Glob(filepath.Join(dir, "*.expect.gz"))
	require.NoError(tb, err)
	require.NotEmpty(tb, names)
	var out []string
	for _, n := range names {
		out = append(out, strings.TrimSuffix(n, ".expect.gz")+".gz")
	}
	return out
}

func readGzip(tb testing.TB, name string) []byte {
	tb.Helper()
	f, err := os.Open(name)
	require.NoError(tb, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(tb, err)
	b, err := io.ReadAll(zr)
	require.NoError(tb, err)
	return b
}

// printAll reads every record of r and returns the bgpdump lines and the
// first read error (io.EOF excluded).
func printAll(r io.Reader) ([]byte, error) {
	rd := NewReader(r)
	var p Printer
	var out []byte
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = p.Append(out, rec)
	}
}

// diffLines fails with the first differing line pair.
func diffLines(t *testing.T, want, got []byte) {
	t.Helper()
	if bytes.Equal(want, got) {
		return
	}
	ws := bufio.NewScanner(bytes.NewReader(want))
	gs := bufio.NewScanner(bytes.NewReader(got))
	ws.Buffer(nil, 1<<20)
	gs.Buffer(nil, 1<<20)
	for line := 1; ; line++ {
		wok, gok := ws.Scan(), gs.Scan()
		if !wok && !gok {
			t.Fatalf("outputs differ but no differing line found (line endings?)")
		}
		if wok != gok || ws.Text() != gs.Text() {
			w, g := ws.Text(), gs.Text()
			if !wok {
				w = "<end of output>"
			}
			if !gok {
				g = "<end of output>"
			}
			t.Fatalf("line %d differs:\nwant: %s\ngot:  %s", line, w, g)
		}
	}
}

// TestGoldenBgpdump checks that our print of every shared MRT file equals
// what bgpdump -vm prints for it, byte for byte.
func TestGoldenBgpdump(t *testing.T) {
	for _, name := range mrtFiles(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			t.Parallel()
			want := readGzip(t, strings.TrimSuffix(name, ".gz")+".expect.gz")
			f, err := os.Open(name)
			require.NoError(t, err)
			defer f.Close()
			got, err := printAll(f)
			require.NoError(t, err)
			diffLines(t, want, got)
		})
	}
}
