package mrt

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// printStream reads every record of r and formats it into a buffer that
// is flushed (dropped) every 64 KiB, as a buffered writer to /dev/null
// would. It returns the number of octets printed.
func printStream(b *testing.B, r io.Reader) int {
	rd := NewReader(r)
	var p Printer
	buf := make([]byte, 0, 128<<10)
	n := 0
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return n + len(buf)
		}
		if err != nil {
			b.Fatal(err)
		}
		buf = p.Append(buf, rec)
		if len(buf) > 64<<10 {
			n += len(buf)
			buf = buf[:0]
		}
	}
}

// BenchmarkPrintBview prints the 2002 TABLE_DUMP bview (115,521 routes)
// from its decompressed bytes: reading, decoding and formatting.
func BenchmarkPrintBview(b *testing.B) {
	data := readGzip(b, filepath.Join(sharedMRTDir(b), "bview.20020722.2337.gz"))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if n := printStream(b, bytes.NewReader(data)); n != 12497615 {
			b.Fatalf("printed %d octets, want 12497615", n)
		}
	}
}

// BenchmarkPrintBviewGzip is BenchmarkPrintBview with gzip decompression
// included, as `bgpplay mrt print` does it in one goroutine.
func BenchmarkPrintBviewGzip(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join(sharedMRTDir(b), "bview.20020722.2337.gz"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		printStream(b, bytes.NewReader(raw))
	}
}
