package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// testUpdate is an UPDATE announcing 198.51.100.0/24 from AS 65001 via
// 192.0.2.1, encoded for a 4-octet-AS session.
func testUpdate(t *testing.T) []byte {
	t.Helper()
	u := &wire.Update{NLRI: []wire.NLRI{{Prefix: netip.MustParsePrefix("198.51.100.0/24")}}}
	u.Attrs.Set(wire.AttrOrigin)
	u.Attrs.Set(wire.AttrASPath)
	u.Attrs.ASPath.Segments = []wire.Segment{{Type: wire.SegmentSequence, ASNs: []uint32{65001, 4200000000}}}
	u.Attrs.Set(wire.AttrNextHop)
	u.Attrs.NextHop = netip.MustParseAddr("192.0.2.1")
	u.Attrs.Set(wire.AttrCommunities)
	u.Attrs.Communities = []wire.Community{wire.CommunityNoExport}
	msg, err := wire.Append(nil, u, wire.Options{AS4: true})
	require.NoError(t, err)
	return msg
}

func runCmd(args []string, stdin string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestDecodeUpdate(t *testing.T) {
	code, out, errOut := runCmd([]string{"decode", hex.EncodeToString(testUpdate(t))}, "")
	require.Equal(t, 0, code, errOut)
	for _, want := range []string{"UPDATE", "header", "marker", "AS_PATH", "65001", "4200000000",
		"NEXT_HOP", "192.0.2.1", "NO_EXPORT", "198.51.100.0/24"} {
		assert.Contains(t, out, want)
	}
	// Every line starts with the offset and length of its field.
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		assert.Regexp(t, `^\s*\d+\s+\d+  `, line)
	}
}

func TestDecodeStdinAndSeparators(t *testing.T) {
	h := hex.EncodeToString(testUpdate(t))
	spaced := "0x" + h[:10] + " " + h[10:20] + ":" + h[20:] + "\n"
	code, out, errOut := runCmd([]string{"decode", "-"}, spaced)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "198.51.100.0/24")
}

func TestDecodeTwoOctetSession(t *testing.T) {
	// The same bytes read as a 2-octet session are a different message:
	// the AS_PATH no longer parses as a path of 4-octet numbers.
	_, out, _ := runCmd([]string{"decode", "-as4=false", hex.EncodeToString(testUpdate(t))}, "")
	assert.NotContains(t, out, "4200000000")
}

func TestDecodeJSON(t *testing.T) {
	code, out, errOut := runCmd([]string{"decode", "-json", hex.EncodeToString(testUpdate(t))}, "")
	require.Equal(t, 0, code, errOut)
	var root wire.Field
	require.NoError(t, json.Unmarshal([]byte(out), &root))
	assert.Equal(t, "UPDATE", root.Name)
	assert.Equal(t, len(testUpdate(t)), root.Length)
	require.NotEmpty(t, root.Children)
	assert.Equal(t, "header", root.Children[0].Name)
}

func TestDecodeErrors(t *testing.T) {
	msg := testUpdate(t)
	msg[3] = 0 // break the marker
	code, _, errOut := runCmd([]string{"decode", hex.EncodeToString(msg)}, "")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "Connection Not Synchronized")
	assert.Contains(t, errOut, "offset 3")
	assert.Contains(t, errOut, "a receiver would send NOTIFICATION Message Header Error")

	code, _, errOut = runCmd([]string{"decode", "ffzz"}, "")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `'z' at position 2`)

	code, _, errOut = runCmd([]string{"decode", "fff"}, "")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "odd number of hex digits")

	code, _, errOut = runCmd([]string{"decode", "-addpath", "ipv5-unicast", "ff"}, "")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown family "ipv5-unicast"`)

	code, _, _ = runCmd([]string{"decode"}, "")
	assert.Equal(t, 2, code)
}

func TestUnknownCommand(t *testing.T) {
	code, _, errOut := runCmd([]string{"frobnicate"}, "")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown command "frobnicate"`)
	code, out, _ := runCmd([]string{"help"}, "")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "decode")
}
