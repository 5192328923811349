package wire

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// renderTree prints a field tree one field a line: indentation, name,
// offset+length, value.
func renderTree(f *Field, depth int, b *strings.Builder) {
	b.WriteString(strings.Repeat("  ", depth))
	b.WriteString(f.Name + " @" + strconv.Itoa(f.Offset) + "+" + strconv.Itoa(f.Length))
	if f.Value != "" {
		b.WriteString(" = " + f.Value)
	}
	b.WriteByte('\n')
	for _, c := range f.Children {
		renderTree(c, depth+1, b)
	}
}

// checkSpans checks that every child lies inside its parent and that
// siblings do not overlap.
func checkSpans(t *testing.T, f *Field) {
	end := f.Offset
	for _, c := range f.Children {
		assert.GreaterOrEqual(t, c.Offset, end, "%s starts inside its previous sibling", c.Name)
		assert.LessOrEqual(t, c.Offset+c.Length, f.Offset+f.Length, "%s overruns %s", c.Name, f.Name)
		end = c.Offset + c.Length
		checkSpans(t, c)
	}
}

func TestAnnotateUpdate(t *testing.T) {
	body := updBody(t, "00000009 10 0a01",
		"80 0e 2e 0002 01 20 20010db8000000000000000000000001 fe800000000000000000000000000001 00 00000005 20 20010db8"+
			hOrigin+"40 02 10 02 01 0000fde9 03 02 0000fdf2 0000fdf3"+hNextHop+
			"e0 08 08 ffffff01 fde90064 c0 10 08 0002fde900000064 c0 20 0c 0000fde9 00000001 00000002 c0 63 02 abcd",
		"00000001 18 c0a801")
	root, u, err := annotateUpdate(body, Options{AS4: true, AddPath: []Family{IPv4Unicast, IPv6Unicast}})
	require.NoError(t, err)
	require.Len(t, u.NLRI, 1)
	checkSpans(t, root)
	var b strings.Builder
	renderTree(root, 0, &b)
	want := `UPDATE @0+159
  withdrawn routes length @19+2 = 7
  withdrawn routes @21+7 = 1 prefix
    withdrawn route @21+7 = 10.1.0.0/16 path-id 9
      path identifier @21+4 = 9
      prefix length @25+1 = 16
      prefix @26+2 = 10.1.0.0
  total path attribute length @28+2 = 121
  path attributes @30+121
    path attribute @30+49 = MP_REACH_NLRI
      flags @30+1 = optional non-transitive
      type code @31+1 = MP_REACH_NLRI
      length @32+1 = 46
      value @33+46 = ipv6-unicast
        AFI @33+2 = IPv6
        SAFI @35+1 = unicast
        next hop length @36+1 = 32
        next hop @37+16 = 2001:db8::1
        link-local next hop @53+16 = fe80::1
        reserved @69+1 = 0
        NLRI @70+9 = 1 prefix
          prefix @70+9 = 2001:db8::/32 path-id 5
            path identifier @70+4 = 5
            prefix length @74+1 = 32
            prefix @75+4 = 2001:db8::
    path attribute @79+4 = ORIGIN
      flags @79+1 = well-known transitive
      type code @80+1 = ORIGIN
      length @81+1 = 1
      origin @82+1 = IGP
    path attribute @83+19 = AS_PATH
      flags @83+1 = well-known transitive
      type code @84+1 = AS_PATH
      length @85+1 = 16
      value @86+16 = 65001 (65010 65011)
        segment @86+6 = 65001
          segment type @86+1 = AS_SEQUENCE
          segment length @87+1 = 1 AS
          AS @88+4 = 65001
        segment @92+10 = (65010 65011)
          segment type @92+1 = AS_CONFED_SEQUENCE
          segment length @93+1 = 2 ASNs
          AS @94+4 = 65010
          AS @98+4 = 65011
    path attribute @102+7 = NEXT_HOP
      flags @102+1 = well-known transitive
      type code @103+1 = NEXT_HOP
      length @104+1 = 4
      next hop @105+4 = 192.0.2.1
    path attribute @109+11 = COMMUNITIES
      flags @109+1 = optional transitive partial
      type code @110+1 = COMMUNITIES
      length @111+1 = 8
      community @112+4 = NO_EXPORT
      community @116+4 = 65001:100
    path attribute @120+11 = EXTENDED_COMMUNITIES
      flags @120+1 = optional transitive
      type code @121+1 = EXTENDED_COMMUNITIES
      length @122+1 = 8
      extended community @123+8 = RT:65001:100
    path attribute @131+15 = LARGE_COMMUNITY
      flags @131+1 = optional transitive
      type code @132+1 = LARGE_COMMUNITY
      length @133+1 = 12
      large community @134+12 = 65001:1:2
    path attribute @146+5 = type 99
      flags @146+1 = optional transitive
      type code @147+1 = type 99
      length @148+1 = 2
      value @149+2 = abcd
  NLRI @151+8 = 1 prefix
    prefix @151+8 = 192.168.1.0/24 path-id 1
      path identifier @151+4 = 1
      prefix length @155+1 = 24
      prefix @156+3 = 192.168.1.0
`
	assert.Equal(t, want, b.String())
}
