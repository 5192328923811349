package wire

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// updBody builds an UPDATE body from the hex of its withdrawn routes,
// path attributes and NLRI, filling in both length fields.
func updBody(tb testing.TB, withdrawn, attrs, nlri string) []byte {
	tb.Helper()
	w, a, n := testkit.Hex(tb, withdrawn), testkit.Hex(tb, attrs), testkit.Hex(tb, nlri)
	b := []byte{byte(len(w) >> 8), byte(len(w))}
	b = append(b, w...)
	b = append(b, byte(len(a)>>8), byte(len(a)))
	b = append(b, a...)
	return append(b, n...)
}

// Attribute vectors used by the tests.
const (
	hOrigin   = "40 01 01 00"                      // ORIGIN IGP
	hASPath   = "40 02 06 02 02 fde9 fdea"         // AS_PATH 65001 65002 (2-octet)
	hASPath4  = "40 02 0a 02 02 0000fde9 0000fdea" // AS_PATH 65001 65002 (4-octet)
	hNextHop  = "40 03 04 c0000201"                // NEXT_HOP 192.0.2.1
	hBase     = hOrigin + hASPath + hNextHop       // the mandatory attributes
	hBase4    = hOrigin + hASPath4 + hNextHop
	hNLRI     = "08 0a 18 c0a801"                                                     // 10.0.0.0/8 192.168.1.0/24
	hMPReach6 = "80 0e 1a 0002 01 10 20010db8000000000000000000000001 00 20 20010db8" // 2001:db8::/32 via 2001:db8::1
)

// requireUpdErr checks err is an *Error with the given NOTIFICATION
// fields and action.
func requireUpdErr(tb testing.TB, err error, code ErrorCode, sub uint8, data string, act Action) *Error {
	tb.Helper()
	require.Error(tb, err)
	var e *Error
	require.True(tb, errors.As(err, &e), "%v (%T) is not a *wire.Error", err, err)
	assert.Equal(tb, code, e.Code, "code: %v", err)
	assert.Equal(tb, sub, e.Subcode, "subcode: %v", err)
	assert.Equal(tb, strings.ReplaceAll(data, " ", ""), hex.EncodeToString(e.Data), "data: %v", err)
	assert.Equal(tb, act, e.Action, "action: %v", err)
	assert.NotEmpty(tb, e.Reason)
	return e
}

func prefixes(ns []NLRI) []string {
	var s []string
	for _, n := range ns {
		s = append(s, n.String())
	}
	return s
}

// updateErrorCase is one UPDATE error-handling rule with its exact bytes.
type updateErrorCase struct {
	name                string
	opt                 Options
	body                []byte
	code                ErrorCode // 0: no error
	sub                 uint8
	data                string
	act                 Action
	offset              int // checked when non-zero
	nlri, withdrawn, mp []string
	check               func(t *testing.T, u *Update)
}

// updateErrorCases lists the rules of RFC 4271 section 6.3 and RFC 7606;
// the fuzz targets use the bodies as seeds.
func updateErrorCases(t testing.TB) []updateErrorCase {
	as4 := Options{AS4: true}
	return []updateErrorCase{
		{name: "valid", body: updBody(t, "", hBase, hNLRI), nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "host bits set past the mask are cleared",
			body: updBody(t, "0d0b0d", hBase, "0d 0b0d"), nlri: []string{"11.8.0.0/13"}, withdrawn: []string{"11.8.0.0/13"}},

		// RFC 4271 section 6.3, RFC 7606 section 4: length fields.
		{name: "body shorter than 4", body: testkit.Hex(t, "0000 00"),
			code: CodeUpdateMessage, sub: SubMalformedAttributeList, act: ActionSessionReset, offset: 19},
		{name: "withdrawn routes length overruns", body: testkit.Hex(t, "0005 0a00 0000"),
			code: CodeUpdateMessage, sub: SubMalformedAttributeList, act: ActionSessionReset},
		{name: "total path attribute length overruns", body: testkit.Hex(t, "0000 0010 40010100"),
			code: CodeUpdateMessage, sub: SubMalformedAttributeList, act: ActionSessionReset, offset: 21},

		// RFC 7606 section 5.3: NLRI and withdrawn routes that cannot be parsed.
		{name: "withdrawn prefix length 33", body: updBody(t, "08 0a 21 0a000000 00", "", ""),
			code: CodeUpdateMessage, sub: SubInvalidNetworkField, act: ActionSessionReset, offset: 23,
			withdrawn: []string{"10.0.0.0/8"}},
		{name: "withdrawn prefix truncated", body: updBody(t, "18 0a00", "", ""),
			code: CodeUpdateMessage, sub: SubInvalidNetworkField, act: ActionSessionReset},
		{name: "NLRI prefix length 33", body: updBody(t, "", hBase, "08 0a 21 0a000000 00"),
			code: CodeUpdateMessage, sub: SubInvalidNetworkField, act: ActionSessionReset, nlri: []string{"10.0.0.0/8"}},
		{name: "NLRI truncated keeps the prefixes before it", body: updBody(t, "", hBase, "08 0a 18 c0a8"),
			code: CodeUpdateMessage, sub: SubInvalidNetworkField, act: ActionSessionReset, nlri: []string{"10.0.0.0/8"}},
		{name: "ADD-PATH NLRI with truncated path identifier", opt: Options{AddPath: []Family{IPv4Unicast}},
			body: updBody(t, "", hBase, "00000001 08 0a 0000"),
			code: CodeUpdateMessage, sub: SubInvalidNetworkField, act: ActionSessionReset, nlri: []string{"10.0.0.0/8 path-id 1"}},

		// RFC 7606 section 4: attribute headers and lengths against the block.
		{name: "attribute header truncated", body: updBody(t, "", hBase+"4001", hNLRI),
			code: CodeUpdateMessage, sub: SubMalformedAttributeList, act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "extended-length attribute header truncated", body: updBody(t, "", hBase+"d00800", hNLRI),
			code: CodeUpdateMessage, sub: SubMalformedAttributeList, act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "attribute length overruns the block", body: updBody(t, "", hBase+"c0 08 08 fde90064", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "c0 08 08 fde90064", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},

		// RFC 7606 section 3 (c): flags.
		{name: "ORIGIN flagged optional", body: updBody(t, "", "c0 01 01 00"+hASPath+hNextHop, hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeFlagsError, data: "c0010100", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "MED flagged transitive", body: updBody(t, "", hBase+"c0 04 04 00000001", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeFlagsError, data: "c00404 00000001", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "COMMUNITIES flagged well-known", body: updBody(t, "", hBase+"40 08 04 fde90064", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeFlagsError, data: "400804fde90064", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "AS4_PATH flagged non-transitive is discarded (RFC 6793 section 6)",
			body: updBody(t, "", hBase+"80 11 06 02 01 00030d40", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeFlagsError, data: "801106 0201 00030d40", act: ActionAttributeDiscard,
			nlri:  []string{"10.0.0.0/8", "192.168.1.0/24"},
			check: func(t *testing.T, u *Update) { assert.False(t, u.Attrs.Has(AttrAS4Path)) }},
		{name: "MP_REACH_NLRI flagged transitive", body: updBody(t, "", hOrigin+hASPath+"c0"+hMPReach6[2:], ""),
			code: CodeUpdateMessage, sub: SubAttributeFlagsError, data: "c0" + hMPReach6[2:], act: ActionAFISAFIDisable},

		// RFC 7606 section 3 (g): duplicates.
		{name: "duplicate ORIGIN: first kept", body: updBody(t, "", hBase+"40 01 01 02", hNLRI),
			code: CodeUpdateMessage, sub: SubMalformedAttributeList, act: ActionAttributeDiscard,
			nlri:  []string{"10.0.0.0/8", "192.168.1.0/24"},
			check: func(t *testing.T, u *Update) { assert.Equal(t, OriginIGP, u.Attrs.Origin) }},
		{name: "duplicate unknown attribute: first kept", body: updBody(t, "", hBase+"c0 63 01 01 c0 63 01 02", hNLRI),
			code: CodeUpdateMessage, sub: SubMalformedAttributeList, act: ActionAttributeDiscard,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"},
			check: func(t *testing.T, u *Update) {
				require.Len(t, u.Attrs.Unknown, 1)
				assert.Equal(t, []byte{1}, u.Attrs.Unknown[0].Value)
			}},
		{name: "duplicate MP_UNREACH_NLRI", body: updBody(t, "", "80 0f 03 000201 80 0f 03 000201", ""),
			code: CodeUpdateMessage, sub: SubMalformedAttributeList, act: ActionSessionReset},
		{name: "duplicate MP_REACH_NLRI", body: updBody(t, "", hOrigin+hASPath+hMPReach6+hMPReach6, ""),
			code: CodeUpdateMessage, sub: SubMalformedAttributeList, act: ActionSessionReset, mp: []string{"2001:db8::/32"}},

		// RFC 7606 section 7: each attribute.
		{name: "ORIGIN length 2", body: updBody(t, "", "40 01 02 0000"+hASPath+hNextHop, hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "4001020000", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "ORIGIN value 3", body: updBody(t, "", "40 01 01 03"+hASPath+hNextHop, hNLRI),
			code: CodeUpdateMessage, sub: SubInvalidOriginAttribute, data: "40010103", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "AS_PATH segment of length 0", body: updBody(t, "", hOrigin+"40 02 02 0200"+hNextHop, hNLRI),
			code: CodeUpdateMessage, sub: SubMalformedASPath, act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "AS_PATH segment overrun", body: updBody(t, "", hOrigin+"40 02 04 0202fde9"+hNextHop, hNLRI),
			code: CodeUpdateMessage, sub: SubMalformedASPath, act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "AS_PATH segment underrun", body: updBody(t, "", hOrigin+"40 02 05 0201fde9 02"+hNextHop, hNLRI),
			code: CodeUpdateMessage, sub: SubMalformedASPath, act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "AS_PATH segment type 5", body: updBody(t, "", hOrigin+"40 02 04 0501fde9"+hNextHop, hNLRI),
			code: CodeUpdateMessage, sub: SubMalformedASPath, act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "AS_PATH 2-octet read as 4-octet", opt: as4, body: updBody(t, "", hBase, hNLRI),
			code: CodeUpdateMessage, sub: SubMalformedASPath, act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "NEXT_HOP length 5", body: updBody(t, "", hOrigin+hASPath+"40 03 05 c000020100", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "400305c000020100", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "NEXT_HOP multicast", body: updBody(t, "", hOrigin+hASPath+"40 03 04 e0000001", hNLRI),
			code: CodeUpdateMessage, sub: SubInvalidNextHopAttribute, data: "400304e0000001", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "NEXT_HOP 0.0.0.0", body: updBody(t, "", hOrigin+hASPath+"40 03 04 00000000", hNLRI),
			code: CodeUpdateMessage, sub: SubInvalidNextHopAttribute, data: "40030400000000", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "MED length 3", body: updBody(t, "", hBase+"80 04 03 000001", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "800403000001", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "LOCAL_PREF length 5", body: updBody(t, "", hBase+"40 05 05 0000006400", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "4005050000006400", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "ATOMIC_AGGREGATE length 1", body: updBody(t, "", hBase+"40 06 01 00", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "40060100", act: ActionAttributeDiscard,
			nlri:  []string{"10.0.0.0/8", "192.168.1.0/24"},
			check: func(t *testing.T, u *Update) { assert.False(t, u.Attrs.Has(AttrAtomicAggregate)) }},
		{name: "AGGREGATOR length 8 on a 2-octet session", body: updBody(t, "", hBase+"c0 07 08 0000fde9 c0000201", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "c007080000fde9c0000201", act: ActionAttributeDiscard,
			nlri:  []string{"10.0.0.0/8", "192.168.1.0/24"},
			check: func(t *testing.T, u *Update) { assert.False(t, u.Attrs.Has(AttrAggregator)) }},
		{name: "AGGREGATOR length 6 on a 4-octet session", opt: as4, body: updBody(t, "", hBase4+"c0 07 06 fde9 c0000201", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "c00706fde9c0000201", act: ActionAttributeDiscard,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "COMMUNITIES length 3", body: updBody(t, "", hBase+"c0 08 03 fde900", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "c00803fde900", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "COMMUNITIES length 0", body: updBody(t, "", hBase+"c0 08 00", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "c00800", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "ORIGINATOR_ID length 3", body: updBody(t, "", hBase+"80 09 03 0a0000", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "8009030a0000", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "CLUSTER_LIST length 6", body: updBody(t, "", hBase+"80 0a 06 0a0000010a00", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "800a060a0000010a00", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "EXTENDED_COMMUNITIES length 7", body: updBody(t, "", hBase+"c0 10 07 0002fde9000000", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "c010070002fde9000000", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "LARGE_COMMUNITY length 11", body: updBody(t, "", hBase+"c0 20 0b 0000fde9 00000001 000000", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "c0200b0000fde900000001000000", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "OTC length 2", body: updBody(t, "", hBase+"c0 23 02 fde9", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "c02302fde9", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "AS4_PATH too short", body: updBody(t, "", hBase+"c0 11 04 0201 0003", hNLRI),
			code: CodeUpdateMessage, sub: SubOptionalAttributeError, data: "c011040201 0003", act: ActionAttributeDiscard,
			nlri:  []string{"10.0.0.0/8", "192.168.1.0/24"},
			check: func(t *testing.T, u *Update) { assert.False(t, u.Attrs.Has(AttrAS4Path)) }},
		{name: "AS4_PATH segment of length 0", body: updBody(t, "", hBase+"c0 11 08 0200 0201 00030d40", hNLRI),
			code: CodeUpdateMessage, sub: SubOptionalAttributeError, data: "c01108 0200 0201 00030d40", act: ActionAttributeDiscard,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "AS4_AGGREGATOR length 6", body: updBody(t, "", hBase+"c0 12 06 fde9 c0000201", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "c01206fde9c0000201", act: ActionAttributeDiscard,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "AS4_PATH between 4-octet speakers is discarded", opt: as4,
			body: updBody(t, "", hBase4+"c0 11 06 0201 00030d40", hNLRI),
			code: CodeUpdateMessage, sub: SubOptionalAttributeError, act: ActionAttributeDiscard,
			nlri:  []string{"10.0.0.0/8", "192.168.1.0/24"},
			check: func(t *testing.T, u *Update) { assert.False(t, u.Attrs.Has(AttrAS4Path)) }},
		{name: "AS4_PATH confederation segments are dropped", body: updBody(t, "", hBase+"c0 11 0c 0301 0000fdf3 0201 00030d40", hNLRI),
			nlri:  []string{"10.0.0.0/8", "192.168.1.0/24"},
			check: func(t *testing.T, u *Update) { assert.Equal(t, "200000", u.Attrs.AS4Path.String()) }},

		// RFC 7606 section 3 (d): missing well-known mandatory attributes.
		{name: "missing ORIGIN", body: updBody(t, "", hASPath+hNextHop, hNLRI),
			code: CodeUpdateMessage, sub: SubMissingWellKnownAttribute, data: "01", act: ActionTreatAsWithdraw, offset: -1,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "missing AS_PATH", body: updBody(t, "", hOrigin+hNextHop, hNLRI),
			code: CodeUpdateMessage, sub: SubMissingWellKnownAttribute, data: "02", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "missing NEXT_HOP", body: updBody(t, "", hOrigin+hASPath, hNLRI),
			code: CodeUpdateMessage, sub: SubMissingWellKnownAttribute, data: "03", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "missing AS_PATH with MP_REACH_NLRI only", body: updBody(t, "", hOrigin+hMPReach6, ""),
			code: CodeUpdateMessage, sub: SubMissingWellKnownAttribute, data: "02", act: ActionTreatAsWithdraw,
			mp: []string{"2001:db8::/32"}},
		{name: "MP_REACH_NLRI needs no NEXT_HOP", body: updBody(t, "", hOrigin+hASPath+hMPReach6, ""),
			mp: []string{"2001:db8::/32"}},
		{name: "withdrawal needs no attributes", body: updBody(t, "08 0a", "", ""), withdrawn: []string{"10.0.0.0/8"}},
		{name: "MP_UNREACH_NLRI needs no other attributes", body: updBody(t, "", "80 0f 08 0002 01 20 20010db8", "")},
		{name: "malformed attribute in a withdrawal-only UPDATE", body: updBody(t, "08 0a", "40 01 01 07", ""),
			code: CodeUpdateMessage, sub: SubInvalidOriginAttribute, data: "40010107", act: ActionTreatAsWithdraw,
			withdrawn: []string{"10.0.0.0/8"}},

		// RFC 4271 section 6.3: unrecognized well-known attribute.
		{name: "unrecognized well-known attribute", body: updBody(t, "", hBase+"40 63 01 07", hNLRI),
			code: CodeUpdateMessage, sub: SubUnrecognizedWellKnownAttribute, data: "40630107", act: ActionSessionReset,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "unknown optional attribute kept", body: updBody(t, "", hBase+"c0 63 02 0102 80 64 00", hNLRI),
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"},
			check: func(t *testing.T, u *Update) {
				require.Len(t, u.Attrs.Unknown, 2)
				assert.Equal(t, RawAttr{Flags: 0xc0, Type: 0x63, Value: []byte{1, 2}}, u.Attrs.Unknown[0])
				assert.Equal(t, AttrType(0x64), u.Attrs.Unknown[1].Type)
			}},

		// RFC 4760 section 7, RFC 7606 section 7.11: MP_REACH_NLRI / MP_UNREACH_NLRI.
		{name: "MP_REACH_NLRI unsupported AFI/SAFI", body: updBody(t, "", hBase+"80 0e 0b 0019 46 04 c0000201 00 08 0a", hNLRI),
			code: CodeUpdateMessage, sub: SubOptionalAttributeError, data: "800e0b 0019 46 04 c0000201 00 080a", act: ActionAFISAFIDisable,
			nlri:  []string{"10.0.0.0/8", "192.168.1.0/24"},
			check: func(t *testing.T, u *Update) { assert.False(t, u.Attrs.Has(AttrMPReach)) }},
		{name: "MP_REACH_NLRI length 2", body: updBody(t, "", hBase+"80 0e 02 0002", ""),
			code: CodeUpdateMessage, sub: SubOptionalAttributeError, data: "800e020002", act: ActionSessionReset},
		{name: "MP_REACH_NLRI next hop length overruns", body: updBody(t, "", hOrigin+hASPath+"80 0e 08 0002 01 10 2001 0000", ""),
			code: CodeUpdateMessage, sub: SubOptionalAttributeError, data: "800e08000201102001 0000", act: ActionAFISAFIDisable},
		{name: "MP_REACH_NLRI IPv6 next hop of 4 octets", body: updBody(t, "", hOrigin+hASPath+"80 0e 09 0002 01 04 c0000201 00", ""),
			code: CodeUpdateMessage, sub: SubOptionalAttributeError, data: "800e09000201 04 c0000201 00", act: ActionAFISAFIDisable},
		{name: "MP_REACH_NLRI next hop of 5 octets", body: updBody(t, "", hOrigin+hASPath+"80 0e 0a 0001 01 05 c000020100 00", ""),
			code: CodeUpdateMessage, sub: SubOptionalAttributeError, data: "800e0a000101 05 c000020100 00", act: ActionAFISAFIDisable},
		{name: "MP_REACH_NLRI prefix length 129", body: updBody(t, "", hOrigin+hASPath+"80 0e 17 0002 01 10 20010db8000000000000000000000001 00 81 20", ""),
			code: CodeUpdateMessage, sub: SubOptionalAttributeError,
			data: "800e17 0002 01 10 20010db8000000000000000000000001 00 8120", act: ActionAFISAFIDisable},
		{name: "MP_UNREACH_NLRI length 2", body: updBody(t, "", "80 0f 02 0002", ""),
			code: CodeUpdateMessage, sub: SubOptionalAttributeError, data: "800f020002", act: ActionSessionReset},
		{name: "MP_UNREACH_NLRI truncated prefix", body: updBody(t, "", "80 0f 05 0002 01 20 20", ""),
			code: CodeUpdateMessage, sub: SubOptionalAttributeError, data: "800f05 000201 2020", act: ActionAFISAFIDisable},

		// RFC 7606 section 3 (i): the most severe action wins; ties keep the first.
		{name: "attribute-discard then treat-as-withdraw", body: updBody(t, "", hBase+"40 06 01 00 80 04 03 000001", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "800403000001", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
		{name: "two treat-as-withdraw: first kept", body: updBody(t, "", hBase+"80 04 03 000001 40 05 03 000001", hNLRI),
			code: CodeUpdateMessage, sub: SubAttributeLengthError, data: "800403000001", act: ActionTreatAsWithdraw,
			nlri: []string{"10.0.0.0/8", "192.168.1.0/24"}},
	}
}

// TestUpdateErrors checks every RFC 4271 section 6.3 / RFC 7606 error rule
// with the exact bytes: NOTIFICATION code, subcode and data, the action,
// and which routes the decoded UPDATE still holds.
func TestUpdateErrors(t *testing.T) {
	for _, tt := range updateErrorCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			var u Update
			err := u.DecodeBody(tt.body, tt.opt)
			if tt.code == 0 {
				require.NoError(t, err)
			} else {
				e := requireUpdErr(t, err, tt.code, tt.sub, tt.data, tt.act)
				if tt.offset != 0 {
					assert.Equal(t, tt.offset, e.Offset)
				}
				if tt.act == ActionAFISAFIDisable {
					_, ok := DisabledFamily(e)
					assert.True(t, ok)
				}
			}
			assert.Equal(t, tt.nlri, prefixes(u.NLRI), "NLRI")
			assert.Equal(t, tt.withdrawn, prefixes(u.Withdrawn), "withdrawn")
			assert.Equal(t, tt.mp, prefixes(u.Attrs.MPReach.NLRI), "MP_REACH_NLRI NLRI")
			if tt.check != nil {
				tt.check(t, &u)
			}
			// Annotating gives the same result and never panics.
			_, _, err2 := annotateUpdate(tt.body, tt.opt)
			assert.Equal(t, err == nil, err2 == nil)
			if err != nil && err2 != nil {
				assert.Equal(t, err.Error(), err2.Error())
			}
		})
	}
}

// TestDisabledFamily reads the family of an AFI/SAFI-disable error.
func TestDisabledFamily(t *testing.T) {
	var u Update
	err := u.DecodeBody(updBody(t, "", hBase+"80 0e 0b 0019 46 04 c0000201 00 08 0a", hNLRI), Options{})
	var e *Error
	require.ErrorAs(t, err, &e)
	f, ok := DisabledFamily(e)
	require.True(t, ok)
	assert.Equal(t, Family{AFI(25), SAFI(70)}, f)
	_, ok = DisabledFamily(&Error{Action: ActionSessionReset})
	assert.False(t, ok)
}

// annotateUpdate decodes an UPDATE body with annotations, as Annotate
// does after the header.
func annotateUpdate(body []byte, opt Options) (*Field, *Update, error) {
	msg := make([]byte, HeaderLen, HeaderLen+len(body))
	for i := range 16 {
		msg[i] = 0xff
	}
	msg[16], msg[17], msg[18] = byte((HeaderLen+len(body))>>8), byte(HeaderLen+len(body)), byte(TypeUpdate)
	msg = append(msg, body...)
	an := newAnnotator("UPDATE", msg)
	var u Update
	err := u.decodeBody(msg[HeaderLen:], opt, an)
	return an.root(), &u, err
}
