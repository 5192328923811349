// Package testkit holds helpers for the tests of every package: finding
// the shared test data beside the repository (../shared/testdata) and
// reading hex test vectors.
package testkit

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// MRTDir returns the directory of the shared real MRT files
// (../shared/testdata/mrt beside the repository root), searching upwards
// from the test's working directory. When it is missing the test fails if
// the CI environment variable is set, and is skipped otherwise.
func MRTDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(filepath.Dir(dir), "shared", "testdata", "mrt")
			if st, err := os.Stat(d); err == nil && st.IsDir() {
				return d
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if os.Getenv("CI") != "" {
		tb.Fatal("shared MRT test data (../shared/testdata/mrt beside the repository) is missing")
	}
	tb.Skip("shared MRT test data (../shared/testdata/mrt beside the repository) is not present")
	return ""
}

// Hex decodes a hex test vector written for people: spaces, tabs,
// newlines and "|" separators are ignored. A malformed vector fails the
// test.
func Hex(tb testing.TB, s string) []byte {
	tb.Helper()
	s = strings.NewReplacer(" ", "", "\n", "", "\t", "", "|", "").Replace(s)
	b, err := hex.DecodeString(s)
	if err != nil {
		tb.Fatalf("test vector %q: %v", s, err)
	}
	return b
}
