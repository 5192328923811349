package wire

import (
	"sort"
	"strings"
	"testing"

	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkTree checks the shape of an annotation of msg: the root spans the
// message; every field lies inside its parent; the children of one parent
// are in order and do not overlap; a complete header is exactly marker,
// length and type. With tile set, the leaves are also non-empty and cover
// every octet of the message exactly once, which holds for every message
// of a type whose decoder annotates all of it (UPDATE annotations may
// hold empty leaves, such as the value of a zero-length attribute).
func checkTree(t testing.TB, msg []byte, root *Field, tile bool) {
	t.Helper()
	require.NotNil(t, root)
	require.Equal(t, 0, root.Offset, "root offset")
	require.Equal(t, len(msg), root.Length, "root length")
	var leaves []*Field
	var walk func(f *Field, path string)
	walk = func(f *Field, path string) {
		path += "/" + f.Name
		require.NotEmpty(t, f.Name, "%s: unnamed field", path)
		if len(f.Children) == 0 && f != root {
			require.GreaterOrEqual(t, f.Length, 0, "%s: negative length", path)
			if tile {
				require.Positive(t, f.Length, "%s: empty leaf", path)
			}
			leaves = append(leaves, f)
		}
		end := f.Offset
		for _, c := range f.Children {
			require.GreaterOrEqual(t, c.Offset, f.Offset, "%s/%s starts before its parent", path, c.Name)
			require.LessOrEqual(t, c.Offset+c.Length, f.Offset+f.Length, "%s/%s ends after its parent", path, c.Name)
			require.GreaterOrEqual(t, c.Offset, end, "%s/%s overlaps its previous sibling", path, c.Name)
			end = c.Offset + c.Length
			walk(c, path)
		}
	}
	walk(root, "")
	if len(msg) >= HeaderLen {
		require.NotEmpty(t, root.Children)
		h := root.Children[0]
		require.Equal(t, "header", h.Name)
		require.Equal(t, 0, h.Offset)
		require.Equal(t, HeaderLen, h.Length)
		require.Len(t, h.Children, 3)
		for i, want := range []struct {
			name        string
			off, length int
		}{{"marker", 0, 16}, {"length", 16, 2}, {"type", 18, 1}} {
			assert.Equal(t, want.name, h.Children[i].Name)
			assert.Equal(t, want.off, h.Children[i].Offset, want.name)
			assert.Equal(t, want.length, h.Children[i].Length, want.name)
		}
	}
	if tile {
		sort.SliceStable(leaves, func(i, j int) bool { return leaves[i].Offset < leaves[j].Offset })
		at := 0
		for _, l := range leaves {
			require.Equal(t, at, l.Offset, "leaf %q: octets %d..%d are not annotated", l.Name, at, l.Offset)
			at = l.Offset + l.Length
		}
		require.Equal(t, len(msg), at, "the end of the message is not annotated")
	}
}

// findField returns the first field reached by following names from f.
func findField(f *Field, names ...string) *Field {
	for _, n := range names {
		var next *Field
		for _, c := range f.Children {
			if c.Name == n {
				next = c
				break
			}
		}
		if next == nil {
			return nil
		}
		f = next
	}
	return f
}

func TestAnnotateShapes(t *testing.T) {
	tests := []struct {
		name string
		msg  []byte
		opt  Options
		tile bool
		root string
	}{
		{"keepalive", testkit.Hex(t, marker+"0013 04"), Options{}, true, "KEEPALIVE"},
		{"FRR open", withHeader(TypeOpen, testkit.Hex(t, openFRR)), Options{}, true, "OPEN"},
		{"BIRD open", withHeader(TypeOpen, testkit.Hex(t, openBIRD)), Options{}, true, "OPEN"},
		{"GoBGP open", withHeader(TypeOpen, testkit.Hex(t, openGoBGP)), Options{}, true, "OPEN"},
		{"RFC 9072 open", withHeader(TypeOpen, testkit.Hex(t, openExtendedShort)), Options{}, true, "OPEN"},
		{"bare open", withHeader(TypeOpen, testkit.Hex(t, openBare)), Options{}, true, "OPEN"},
		{"shutdown", withHeader(TypeNotification, testkit.Hex(t, "0602 02 6869 beef")), Options{}, true, "NOTIFICATION"},
		{"notification hex data", withHeader(TypeNotification, testkit.Hex(t, "0201 0004")), Options{}, true, "NOTIFICATION"},
		{"notification no data", withHeader(TypeNotification, testkit.Hex(t, "0400")), Options{}, true, "NOTIFICATION"},
		{"route refresh", withHeader(TypeRouteRefresh, testkit.Hex(t, "0001 02 01")), Options{}, true, "ROUTE-REFRESH"},
		{"update", testkit.Hex(t, updateBasic), Options{AS4: true}, false, "UPDATE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, m, err := Annotate(tt.msg, tt.opt)
			require.NoError(t, err)
			require.NotNil(t, m)
			assert.Equal(t, tt.root, root.Name)
			checkTree(t, tt.msg, root, tt.tile)
		})
	}
}

func TestAnnotateOpenValues(t *testing.T) {
	msg := withHeader(TypeOpen, testkit.Hex(t, openBIRD))
	root, _, err := Annotate(msg, Options{})
	require.NoError(t, err)
	assert.Equal(t, "AS 4200000001, hold time 240 s, BGP identifier 192.0.2.1, 9 capabilities", root.Value)
	for _, tt := range []struct {
		path  []string
		value string
		off   int
		len   int
	}{
		{[]string{"header", "marker"}, "all ones", 0, 16},
		{[]string{"header", "length"}, "72 octets", 16, 2},
		{[]string{"header", "type"}, "1 (OPEN)", 18, 1},
		{[]string{"version"}, "4", 19, 1},
		{[]string{"my autonomous system"}, "23456 (AS_TRANS: the real AS is in the 4-octet AS capability)", 20, 2},
		{[]string{"hold time"}, "240 s", 22, 2},
		{[]string{"BGP identifier"}, "192.0.2.1", 24, 4},
		{[]string{"optional parameters length"}, "43", 28, 1},
		{[]string{"header"}, "OPEN, 72 octets", 0, 19},
		{[]string{"optional parameters"}, "9 capabilities", 29, 43},
		{[]string{"optional parameters", "parameter"}, "Capabilities", 29, 43},
		{[]string{"optional parameters", "parameter", "type"}, "2 (Capabilities)", 29, 1},
		{[]string{"optional parameters", "parameter", "length"}, "41", 30, 1},
		{[]string{"optional parameters", "parameter", "capability"}, "Multiprotocol Extensions: ipv4-unicast", 31, 6},
		{[]string{"optional parameters", "parameter", "capability", "code"}, "1 (Multiprotocol Extensions)", 31, 1},
		{[]string{"optional parameters", "parameter", "capability", "length"}, "4", 32, 1},
		{[]string{"optional parameters", "parameter", "capability", "AFI"}, "IPv4", 33, 2},
		{[]string{"optional parameters", "parameter", "capability", "reserved"}, "0", 35, 1},
		{[]string{"optional parameters", "parameter", "capability", "SAFI"}, "unicast", 36, 1},
	} {
		f := findField(root, tt.path...)
		require.NotNil(t, f, "%v", tt.path)
		assert.Equal(t, tt.value, f.Value, "%v", tt.path)
		assert.Equal(t, tt.off, f.Offset, "%v", tt.path)
		assert.Equal(t, tt.len, f.Length, "%v", tt.path)
	}

	// Every capability node is named "capability" and carries its String.
	param := findField(root, "optional parameters", "parameter")
	var values []string
	for _, c := range param.Children[2:] {
		assert.Equal(t, "capability", c.Name)
		values = append(values, c.Value)
	}
	assert.Equal(t, []string{
		"Multiprotocol Extensions: ipv4-unicast",
		"Multiprotocol Extensions: ipv6-unicast",
		"Route Refresh",
		"Enhanced Route Refresh",
		"Graceful Restart: restart time 240 s, R (restarting), ipv4-unicast (F)",
		"4-octet AS Number: 4200000001",
		"ADD-PATH: ipv6-unicast send",
		"Extended Message",
		"BGP Role: Peer",
	}, values)
	gr := param.Children[2+4]
	assert.Equal(t, []string{"code", "length", "restart flags and time", "family"}, names(gr.Children))
	assert.Equal(t, []string{"AFI", "SAFI", "flags"}, names(gr.Children[3].Children))
	assert.Equal(t, "F=1 (forwarding state preserved)", gr.Children[3].Children[2].Value)

	// RFC 9072 form names its three length fields.
	root, _, err = Annotate(withHeader(TypeOpen, testkit.Hex(t, openExtendedShort)), Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"header", "version", "my autonomous system", "hold time", "BGP identifier",
		"non-extended optional parameters length", "non-extended optional parameter type",
		"extended optional parameters length", "optional parameters"}, names(root.Children))
	assert.Equal(t, "9", findField(root, "extended optional parameters length").Value)
	assert.Equal(t, "AS 4200000001, hold time 180 s, BGP identifier 192.0.2.1, 1 capability", root.Value)
	assert.Equal(t, "6", findField(root, "optional parameters", "parameter", "length").Value)
	assert.Equal(t, 2, findField(root, "optional parameters", "parameter", "length").Length)
}

func names(fs []*Field) []string {
	var s []string
	for _, f := range fs {
		s = append(s, f.Name)
	}
	return s
}

func TestAnnotateOtherValues(t *testing.T) {
	root, _, err := Annotate(withHeader(TypeNotification, testkit.Hex(t, "0602 0b 6d61696e74656e616e6365")), Options{})
	require.NoError(t, err)
	assert.Equal(t, `Cease / Administrative Shutdown: "maintenance"`, root.Value)
	assert.Equal(t, "Cease", findField(root, "error code").Value)
	assert.Equal(t, "Administrative Shutdown", findField(root, "error subcode").Value)
	assert.Equal(t, `"maintenance"`, findField(root, "data").Value)
	assert.Equal(t, "11", findField(root, "data", "length").Value)
	comm := findField(root, "data", "shutdown communication")
	assert.Equal(t, `"maintenance"`, comm.Value)
	assert.Equal(t, 22, comm.Offset)
	assert.Equal(t, 11, comm.Length)

	root, _, err = Annotate(withHeader(TypeRouteRefresh, testkit.Hex(t, "0002 07 01")), Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"header", "AFI", "subtype", "SAFI"}, names(root.Children))
	assert.Equal(t, "IPv6", root.Children[1].Value)
	assert.True(t, strings.HasPrefix(root.Children[2].Value, "RefreshSubtype(7) (unknown"))

	root, _, err = Annotate(withHeader(TypeOpen, testkit.Hex(t, fixedOpen+"0c 02 0a 45 08 0001 01 03 0002 01 09")), Options{})
	require.NoError(t, err)
	fam := findField(root, "optional parameters", "parameter", "capability")
	require.NotNil(t, fam)
	assert.Equal(t, "send/receive", fam.Children[2].Children[2].Value)
	assert.Equal(t, "AddPathMode(9) (invalid: capability ignored, RFC 7911 section 4)", fam.Children[3].Children[2].Value)
}

func TestAnnotateErrors(t *testing.T) {
	// A bad header: the tree shows the header, no message.
	msg := testkit.Hex(t, marker+"0013 09")
	root, m, err := Annotate(msg, Options{})
	requireWireError(t, err, CodeMessageHeader, SubBadMessageType, []byte{9}, ActionSessionReset)
	assert.Nil(t, m)
	assert.Equal(t, "message", root.Name)
	assert.Equal(t, "9 (MessageType(9))", findField(root, "header", "type").Value)
	checkTree(t, msg, root, true)

	// A broken marker is visible in the tree.
	msg = testkit.Hex(t, "ff"+marker[2:30]+"00 0013 04")
	root, _, err = Annotate(msg, Options{})
	require.Error(t, err)
	assert.Equal(t, "not all ones: Connection Not Synchronized", findField(root, "header", "marker").Value)

	// Too short to hold a header: what there is, is annotated.
	for _, n := range []int{0, 5, 17, 18} {
		msg = testkit.Hex(t, marker+"0013 04")[:n]
		root, m, err = Annotate(msg, Options{})
		require.Error(t, err)
		assert.Nil(t, m)
		assert.Equal(t, "message", root.Name)
		checkTree(t, msg, root, true)
	}

	// A bad capability: the tree holds everything before the error and
	// the message as far as it was decoded.
	msg = withHeader(TypeOpen, testkit.Hex(t, fixedOpen+"0f 02 0d 41 04 0000fde9 01 03 000101 0600"))
	root, m, err = Annotate(msg, Options{})
	requireWireError(t, err, CodeOpenMessage, SubOpenUnspecific, nil, ActionSessionReset)
	require.NotNil(t, m)
	assert.Equal(t, uint16(65001), m.(*Open).AS)
	assert.Equal(t, "", root.Value, "no summary for a message that did not decode")
	checkTree(t, msg, root, false)
	param := findField(root, "optional parameters", "parameter")
	require.NotNil(t, param)
	assert.Equal(t, []string{"type", "length", "capability", "capability"}, names(param.Children))
	assert.Equal(t, "4-octet AS Number: 65001", param.Children[2].Value)
	assert.Equal(t, []string{"code", "length"}, names(param.Children[3].Children))

	// Semantic errors come after the whole message is annotated.
	msg = withHeader(TypeOpen, testkit.Hex(t, "04 fde9 0001 0a000001 04 0202 0200"))
	root, _, err = Annotate(msg, Options{})
	requireWireError(t, err, CodeOpenMessage, SubUnacceptableHoldTime, nil, ActionSessionReset)
	checkTree(t, msg, root, true)
	assert.Equal(t, "1 s (unacceptable: must be 0 or at least 3)", findField(root, "hold time").Value)

	// A ROUTE-REFRESH of the wrong length.
	msg = withHeader(TypeRouteRefresh, testkit.Hex(t, "0001 00 01 00"))
	root, m, err = Annotate(msg, Options{})
	requireWireError(t, err, CodeRouteRefresh, SubInvalidMessageLength, msg, ActionSessionReset)
	assert.NotNil(t, m)
	assert.Equal(t, "ROUTE-REFRESH", root.Name)
}
