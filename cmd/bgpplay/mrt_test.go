package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sharedMRT is the shared real MRT data: skipped when missing, fatal
// under CI.
func sharedMRT(t *testing.T) string { return testkit.MRTDir(t) }

func gunzip(t *testing.T, name string) []byte {
	t.Helper()
	f, err := os.Open(name)
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	b, err := io.ReadAll(zr)
	require.NoError(t, err)
	return b
}

func runMRTCmd(args []string, stdin io.Reader) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = runMRTWith(args, stdin, &out, &errOut)
	return code, out.String(), errOut.String()
}

// firstDiff describes the first differing line of two outputs.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\nwant: " + wl + "\ngot:  " + gl
		}
	}
	return ""
}

func TestMRTPrintMatchesBgpdump(t *testing.T) {
	dir := sharedMRT(t)
	expects, err := filepath.Glob(filepath.Join(dir, "*.expect.gz"))
	require.NoError(t, err)
	require.NotEmpty(t, expects)
	for _, e := range expects {
		name := strings.TrimSuffix(e, ".expect.gz") + ".gz"
		t.Run(filepath.Base(name), func(t *testing.T) {
			code, out, errOut := runMRTCmd([]string{"print", "-q", name}, nil)
			require.Equal(t, 0, code, errOut)
			assert.Empty(t, errOut)
			want := string(gunzip(t, e))
			if out != want {
				t.Fatal(firstDiff(want, out))
			}
		})
	}
}

func TestMRTPrintStdinAndSeveralFiles(t *testing.T) {
	dir := sharedMRT(t)
	a := filepath.Join(dir, "updates.20020722.2238.gz")
	b := filepath.Join(dir, "bview.ipv4_unicast_add_path.gz")
	raw, err := os.ReadFile(b)
	require.NoError(t, err)
	code, out, errOut := runMRTCmd([]string{"print", a, "-"}, bytes.NewReader(raw))
	require.Equal(t, 0, code, errOut)
	want := string(gunzip(t, filepath.Join(dir, "updates.20020722.2238.expect.gz"))) +
		string(gunzip(t, filepath.Join(dir, "bview.ipv4_unicast_add_path.expect.gz")))
	if out != want {
		t.Fatal(firstDiff(want, out))
	}
	// Uncompressed input on stdin.
	code, out, errOut = runMRTCmd([]string{"print", "-"}, bytes.NewReader(gunzip(t, b)))
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, string(gunzip(t, filepath.Join(dir, "bview.ipv4_unicast_add_path.expect.gz"))), out)
}

// TestMRTPrintTruncated: what was read is printed, then the error, exit 1.
func TestMRTPrintTruncated(t *testing.T) {
	dir := sharedMRT(t)
	data := gunzip(t, filepath.Join(dir, "updates.20100722.2015.gz"))
	want := string(gunzip(t, filepath.Join(dir, "updates.20100722.2015.expect.gz")))
	tmp := t.TempDir()

	plain := filepath.Join(tmp, "cut.mrt")
	require.NoError(t, os.WriteFile(plain, data[:len(data)/2], 0o644))
	code, out, errOut := runMRTCmd([]string{"print", plain}, nil)
	assert.Equal(t, 1, code)
	require.NotEmpty(t, out)
	assert.True(t, strings.HasPrefix(want, out), "the output is the start of the full output")
	assert.Regexp(t, `^bgpplay mrt print: .*cut\.mrt: mrt: record at offset \d+ \(BGP4MP/MESSAGE(_AS4)?\): stream ends inside the record`, errOut)

	// A cut gzip stream.
	raw, err := os.ReadFile(filepath.Join(dir, "updates.20100722.2015.gz"))
	require.NoError(t, err)
	gz := filepath.Join(tmp, "cut.gz")
	require.NoError(t, os.WriteFile(gz, raw[:len(raw)/2], 0o644))
	code, out, errOut = runMRTCmd([]string{"print", gz}, nil)
	assert.Equal(t, 1, code)
	assert.True(t, strings.HasPrefix(want, out))
	assert.Contains(t, errOut, "mrt: record at offset ")
	assert.Contains(t, errOut, "stream ends inside the record")
}

func TestMRTPrintWarnings(t *testing.T) {
	dir := sharedMRT(t)
	name := filepath.Join(dir, "updates.nlri_mask_trailing_bits.gz")
	code, out, errOut := runMRTCmd([]string{"print", name}, nil)
	require.Equal(t, 0, code)
	assert.Equal(t, string(gunzip(t, filepath.Join(dir, "updates.nlri_mask_trailing_bits.expect.gz"))), out)
	assert.Contains(t, errOut, "warning: mrt: record at offset 0 (BGP4MP/MESSAGE): UPDATE Message Error / Invalid Network Field")

	// A record type we do not decode is reported, not dropped silently.
	skip := filepath.Join(t.TempDir(), "skip.mrt")
	require.NoError(t, os.WriteFile(skip, []byte{0, 0, 0, 1, 0, 13, 0, 6, 0, 0, 0, 0}, 0o644))
	code, out, errOut = runMRTCmd([]string{"print", skip}, nil)
	require.Equal(t, 0, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "skipped 1 TABLE_DUMP_V2/RIB_GENERIC record (at offset 0): record type not supported")
	code, _, errOut = runMRTCmd([]string{"print", "-q", skip}, nil)
	require.Equal(t, 0, code)
	assert.Empty(t, errOut)
}

func TestMRTUsage(t *testing.T) {
	code, out, _ := runMRTCmd([]string{"help"}, nil)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "print [-q] FILE...")
	code, _, errOut := runMRTCmd(nil, nil)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "usage: bgpplay mrt")
	code, _, errOut = runMRTCmd([]string{"frobnicate"}, nil)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown command "frobnicate"`)
	code, _, errOut = runMRTCmd([]string{"print"}, nil)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "no file given")
	code, _, errOut = runMRTCmd([]string{"print", filepath.Join(t.TempDir(), "missing.mrt")}, nil)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no such file or directory")
	// Through the top-level dispatch.
	var o, e bytes.Buffer
	assert.Equal(t, 0, run([]string{"mrt", "help"}, nil, &o, &e))
	assert.Contains(t, o.String(), "bgpplay mrt")
}

// TestReadAhead checks the decompressing read-ahead reader on its own:
// all bytes in order, then the source's error.
func TestReadAhead(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 100000) // several chunks
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, err := zw.Write(data)
	require.NoError(t, err)
	require.NoError(t, zw.Close())

	r, stop := readAhead(bytes.NewReader(gz.Bytes()))
	got, err := io.ReadAll(r)
	stop()
	require.NoError(t, err)
	assert.Equal(t, data, got)

	r, stop = readAhead(bytes.NewReader(gz.Bytes()[:gz.Len()/2]))
	got, err = io.ReadAll(r)
	stop()
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.True(t, bytes.HasPrefix(data, got))

	// Stopping early does not block.
	r, stop = readAhead(bytes.NewReader(data))
	_, err = r.Read(make([]byte, 10))
	require.NoError(t, err)
	stop()
	stop()
}
