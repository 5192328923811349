package bench

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/osrg/gobgp/v4/pkg/packet/bgp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// summary is what both decoders must agree on for one UPDATE.
type summary struct {
	Withdrawn, NLRI     []string
	NextHop             string
	Origin              int
	ASPath              string
	MED, LocalPref      string
	Communities         []uint32
	MPFamily, MPNextHop string
	MPNLRI, MPWithdrawn []string
	UnreachFamily       string
}

func prefixes(ns []wire.NLRI) []string {
	var out []string
	for _, n := range ns {
		out = append(out, fmt.Sprintf("%d/%s", n.PathID, n.Prefix))
	}
	return out
}

func ourSummary(u *wire.Update) summary {
	a := &u.Attrs
	s := summary{Withdrawn: prefixes(u.Withdrawn), NLRI: prefixes(u.NLRI), Origin: -1}
	if a.Has(wire.AttrNextHop) {
		s.NextHop = a.NextHop.String()
	}
	if a.Has(wire.AttrOrigin) {
		s.Origin = int(a.Origin)
	}
	if a.Has(wire.AttrASPath) {
		s.ASPath = gobgpStylePath(a.ASPath.Segments)
	}
	if a.Has(wire.AttrMED) {
		s.MED = fmt.Sprint(a.MED)
	}
	if a.Has(wire.AttrLocalPref) {
		s.LocalPref = fmt.Sprint(a.LocalPref)
	}
	for _, c := range a.Communities {
		s.Communities = append(s.Communities, uint32(c))
	}
	if a.Has(wire.AttrMPReach) {
		s.MPFamily = fmt.Sprintf("%d/%d", a.MPReach.Family.AFI, a.MPReach.Family.SAFI)
		s.MPNextHop = a.MPReach.NextHop.String() + " " + a.MPReach.LinkLocal.String()
		s.MPNLRI = prefixes(a.MPReach.NLRI)
	}
	if a.Has(wire.AttrMPUnreach) {
		s.UnreachFamily = fmt.Sprintf("%d/%d", a.MPUnreach.Family.AFI, a.MPUnreach.Family.SAFI)
		s.MPWithdrawn = prefixes(a.MPUnreach.Withdrawn)
	}
	return s
}

// gobgpStylePath renders segments as type:asn,asn;... so both sides use
// the same neutral form.
func gobgpStylePath(segs []wire.Segment) string {
	var b strings.Builder
	for _, s := range segs {
		fmt.Fprintf(&b, "%d:%v;", s.Type, s.ASNs)
	}
	return b.String()
}

func gobgpPrefixes(ns []bgp.PathNLRI) []string {
	var out []string
	for _, n := range ns {
		p := netip.MustParsePrefix(n.NLRI.String()).Masked()
		out = append(out, fmt.Sprintf("%d/%s", n.ID, p))
	}
	return out
}

func gobgpSummary(u *bgp.BGPUpdate) summary {
	s := summary{Withdrawn: gobgpPrefixes(u.WithdrawnRoutes), NLRI: gobgpPrefixes(u.NLRI), Origin: -1}
	for _, pa := range u.PathAttributes {
		switch a := pa.(type) {
		case *bgp.PathAttributeNextHop:
			s.NextHop = a.Value.String()
		case *bgp.PathAttributeOrigin:
			s.Origin = int(a.Value)
		case *bgp.PathAttributeAsPath:
			var b strings.Builder
			for _, p := range a.Value {
				fmt.Fprintf(&b, "%d:%v;", p.GetType(), p.GetAS())
			}
			s.ASPath = b.String()
		case *bgp.PathAttributeMultiExitDisc:
			s.MED = fmt.Sprint(a.Value)
		case *bgp.PathAttributeLocalPref:
			s.LocalPref = fmt.Sprint(a.Value)
		case *bgp.PathAttributeCommunities:
			s.Communities = append(s.Communities, a.Value...)
		case *bgp.PathAttributeMpReachNLRI:
			s.MPFamily = fmt.Sprintf("%d/%d", a.AFI, a.SAFI)
			s.MPNextHop = a.Nexthop.String() + " " + a.LinkLocalNexthop.String()
			s.MPNLRI = gobgpPrefixes(a.Value)
		case *bgp.PathAttributeMpUnreachNLRI:
			s.UnreachFamily = fmt.Sprintf("%d/%d", a.AFI, a.SAFI)
			s.MPWithdrawn = gobgpPrefixes(a.Value)
		}
	}
	return s
}

func loadCorpus(t testing.TB) []Message {
	dir, err := SharedMRTDir()
	require.NoError(t, err)
	corpus, err := LoadCorpus(dir)
	require.NoError(t, err)
	require.NotEmpty(t, corpus)
	return corpus
}

// TestAgreesWithGoBGP decodes every recorded UPDATE with both codecs and
// requires the same routes and attributes; then re-encodes ours and
// requires GoBGP to read back the same thing.
func TestAgreesWithGoBGP(t *testing.T) {
	corpus := loadCorpus(t)
	var d wire.Decoder
	var buf []byte
	compared := 0
	for i, m := range corpus {
		ours, ourErr := d.Decode(m.Raw, m.Opt)
		theirs, theirErr := bgp.ParseBGPMessage(m.Raw, gobgpOptions(m.Opt)...)
		if ourErr != nil || theirErr != nil {
			// Both must see a problem; the RFC 7606 details differ
			// between implementations and are tested in engine/wire.
			assert.True(t, ourErr != nil && theirErr != nil,
				"%s message %d: bgpplay error %v, GoBGP error %v", m.File, i, ourErr, theirErr)
			continue
		}
		u := ours.(*wire.Update)
		want := gobgpSummary(theirs.Body.(*bgp.BGPUpdate))
		if !assert.Equal(t, want, ourSummary(u), "%s message %d: %x", m.File, i, m.Raw) {
			return
		}
		var err error
		buf, err = wire.Append(buf[:0], u, m.Opt)
		require.NoError(t, err)
		again, err := bgp.ParseBGPMessage(buf, gobgpOptions(m.Opt)...)
		require.NoError(t, err, "%s message %d: GoBGP cannot read our encoding %x", m.File, i, buf)
		if !assert.Equal(t, want, gobgpSummary(again.Body.(*bgp.BGPUpdate)), "%s message %d re-encoded", m.File, i) {
			return
		}
		compared++
	}
	t.Logf("%d of %d UPDATEs compared field by field", compared, len(corpus))
	assert.Greater(t, compared, len(corpus)*9/10)
}

func BenchmarkDecode(b *testing.B) {
	corpus := loadCorpus(b)
	b.Run("bgpplay", func(b *testing.B) { DecodeBgpplay(b, corpus) })
	b.Run("gobgp", func(b *testing.B) { DecodeGoBGP(b, corpus) })
}

func BenchmarkEncode(b *testing.B) {
	corpus := loadCorpus(b)
	b.Run("bgpplay", func(b *testing.B) { EncodeBgpplay(b, corpus) })
	b.Run("gobgp", func(b *testing.B) { EncodeGoBGP(b, corpus) })
}
