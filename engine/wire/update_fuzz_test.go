package wire

import (
	"errors"
	"slices"
	"testing"

	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/require"
)

// updFuzzOptions picks the session options from the first fuzz byte: bit 0
// 4-octet AS, bit 1 ADD-PATH for IPv4 and IPv6 unicast, bit 2 (for
// FuzzAttributes only) the MRT RIB-entry form.
func updFuzzOptions(c byte, ribAllowed bool) Options {
	opt := Options{AS4: c&1 != 0, ExtendedMessage: true}
	if c&2 != 0 {
		opt.AddPath = []Family{IPv4Unicast, IPv6Unicast}
	}
	opt.RIBEntry = ribAllowed && c&4 != 0
	return opt
}

// updFuzzSeeds are realistic and malformed UPDATE bodies, each with the
// options byte to decode it with.
func updFuzzSeeds(tb testing.TB) []struct {
	opt  byte
	body []byte
} {
	type seed = struct {
		opt  byte
		body []byte
	}
	seeds := []seed{
		// IPv4 UPDATE with communities and a large community, 4-octet AS.
		{1, testkit.Hex(tb, benchIPv4)},
		// IPv6 MP_REACH_NLRI with global and link-local next hops.
		{1, testkit.Hex(tb, benchIPv6)},
		// AS4_PATH and AS4_AGGREGATOR on a 2-octet session.
		{0, updBody(tb, "", hOrigin+"40 02 06 02 02 fde9 5ba0"+hNextHop+"c0 07 06 5ba0 c0000201"+
			"c0 11 0a 0202 0000fde9 00030d40"+"c0 12 08 00030d40 c0000201", hNLRI)},
		// End-of-RIB for IPv4 unicast and for IPv6 unicast.
		{0, testkit.Hex(tb, "0000 0000")},
		{0, updBody(tb, "", "80 0f 03 0002 01", "")},
		// Withdrawal only, IPv4 and IPv6.
		{0, updBody(tb, "08 0a 18 c0a801", "", "")},
		{0, updBody(tb, "", "80 0f 08 0002 01 20 20010db8", "")},
		// ADD-PATH: path identifiers on withdrawn routes and NLRI.
		{2, updBody(tb, "00000007 08 0a", hBase, "00000001 18 c0a801 00000002 18 c0a801")},
		// ADD-PATH in MP_REACH_NLRI.
		{3, updBody(tb, "", hOrigin+hASPath4+"80 0e 1e 0002 01 10 20010db8000000000000000000000001 00 00000005 20 20010db8", "")},
		// Confederation segments, AS_SET, MED, LOCAL_PREF, ATOMIC_AGGREGATE,
		// ORIGINATOR_ID, CLUSTER_LIST, EXTENDED_COMMUNITIES, OTC, an
		// unknown optional transitive attribute with Partial set.
		{1, updBody(tb, "", hOrigin+"40 02 20 03 01 0000fdf3 04 02 0000fdf4 0000fdf5 02 01 0000fde9 01 02 0000fdea 0000fdeb"+
			hNextHop+"80 04 04 00000064 40 05 04 00000064 40 06 00 80 09 04 0a000001 80 0a 08 0a000001 0a000002"+
			"c0 10 08 0002fde900000064 c0 23 04 0000fde9 e0 63 03 010203", hNLRI)},
		// Extended-length attribute holding a long AS_PATH.
		{0, updBody(tb, "", hOrigin+"50 02 0102 02 80"+repeatHex("fde9", 128)+hNextHop, hNLRI)},
	}
	for _, c := range updateErrorCases(tb) {
		var o byte
		if c.opt.AS4 {
			o |= 1
		}
		if len(c.opt.AddPath) > 0 {
			o |= 2
		}
		seeds = append(seeds, seed{o, c.body})
	}
	return seeds
}

func repeatHex(h string, n int) string {
	s := ""
	for range n {
		s += h
	}
	return s
}

// FuzzUpdate decodes an UPDATE body, encodes it again and decodes the
// result: unless the first decode called for a session reset, both
// decoded values must be equal. The first byte picks the options.
func FuzzUpdate(f *testing.F) {
	for _, s := range updFuzzSeeds(f) {
		f.Add(append([]byte{s.opt}, s.body...))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		opt := updFuzzOptions(data[0], false)
		body := data[1:]
		var u Update
		err := u.DecodeBody(body, opt)
		// Annotating must agree with plain decoding.
		_, _, aerr := annotateUpdate(body, opt)
		require.Equal(t, err == nil, aerr == nil)
		if err != nil {
			var e *Error
			require.True(t, errors.As(err, &e), "%v is not a *wire.Error", err)
			require.NotEmpty(t, e.Reason)
			if e.Action == ActionSessionReset {
				return
			}
		}
		enc, err := u.AppendBody(nil, opt)
		require.NoError(t, err)
		var u2 Update
		err2 := u2.DecodeBody(enc, opt)
		if err2 != nil {
			var e *Error
			require.True(t, errors.As(err2, &e))
			require.NotEqual(t, ActionSessionReset, e.Action, "re-encoded UPDATE %x: %v", enc, err2)
		}
		require.Equal(t, updFuzzNorm(&u, opt), updFuzzNorm(&u2, opt))
	})
}

// FuzzAttributes decodes a path attribute block, encodes it again and
// decodes the result, as FuzzUpdate does.
func FuzzAttributes(f *testing.F) {
	for _, s := range updFuzzSeeds(f) {
		// The attribute block of each seed UPDATE, when it has one.
		b := s.body
		if len(b) < 4 {
			continue
		}
		wl := int(b[0])<<8 | int(b[1])
		if len(b) < 4+wl {
			continue
		}
		tl := int(b[2+wl])<<8 | int(b[3+wl])
		if len(b) < 4+wl+tl {
			continue
		}
		f.Add(append([]byte{s.opt}, b[4+wl:4+wl+tl]...))
	}
	// MRT RIB entry with the abbreviated MP_REACH_NLRI (RFC 6396 section
	// 4.3.4): next hop length 32, global and link-local.
	f.Add(append([]byte{5}, testkit.Hex(f, hOrigin+hASPath4+"80 0e 21 20 20010db8000000000000000000000001 fe800000000000000000000000000001")...))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		opt := updFuzzOptions(data[0], true)
		var a Attributes
		err := a.Decode(data[1:], opt)
		if err != nil {
			var e *Error
			require.True(t, errors.As(err, &e), "%v is not a *wire.Error", err)
			if e.Action == ActionSessionReset {
				return
			}
		}
		enc, err := a.Append(nil, opt)
		require.NoError(t, err)
		var a2 Attributes
		err2 := a2.Decode(enc, opt)
		if err2 != nil {
			var e *Error
			require.True(t, errors.As(err2, &e))
			require.NotEqual(t, ActionSessionReset, e.Action, "re-encoded attributes %x: %v", enc, err2)
		}
		u, u2 := Update{Attrs: a}, Update{Attrs: a2}
		require.Equal(t, updFuzzNorm(&u, opt), updFuzzNorm(&u2, opt))
	})
}

// updFuzzNorm returns u in a form where equal meaning compares equal:
// fields of absent attributes are zeroed (a failed decode may have filled
// them partly before the attribute was dropped), unknown attributes are
// sorted by type (the encoder writes them in type order), and in the RIB
// entry form MP_REACH_NLRI keeps only its next hops (that form has no
// AFI, SAFI or NLRI).
func updFuzzNorm(u *Update, opt Options) Update {
	n := normUpdate(u)
	a := &n.Attrs
	if !a.Has(AttrASPath) {
		a.ASPath = ASPath{}
	}
	if !a.Has(AttrAS4Path) {
		a.AS4Path = ASPath{}
	}
	if !a.Has(AttrAggregator) {
		a.Aggregator = Aggregator{}
	}
	if !a.Has(AttrAS4Aggregator) {
		a.AS4Aggregator = Aggregator{}
	}
	if !a.Has(AttrMPReach) {
		a.MPReach = MPReach{}
	}
	if !a.Has(AttrMPUnreach) {
		a.MPUnreach = MPUnreach{}
	}
	if opt.RIBEntry {
		a.MPReach.Family = Family{}
		a.MPReach.NLRI = nil
	}
	slices.SortStableFunc(a.Unknown, func(x, y RawAttr) int { return int(x.Type) - int(y.Type) })
	return n
}

// TestUpdateFuzzSeedsValid checks that the realistic seeds (those before
// the error cases) decode without error.
func TestUpdateFuzzSeedsValid(t *testing.T) {
	seeds := updFuzzSeeds(t)
	for i, s := range seeds[:len(seeds)-len(updateErrorCases(t))] {
		var u Update
		require.NoError(t, u.DecodeBody(s.body, updFuzzOptions(s.opt, false)), "seed %d", i)
	}
}
