package wire

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"

	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Realistic OPEN bodies, modelled on what the common daemons send.
const (
	// openFRR is shaped like an FRR OPEN: every capability in its own
	// optional parameter, the deprecated Cisco route refresh (128) next
	// to the standard one, ADD-PATH, an FQDN capability (73, hostname
	// "r1", empty domain), graceful restart in helper mode with the N bit
	// and no families, extended messages and the Customer role.
	openFRR = `04 fde9 00b4 0a000001 47
		02 06 | 01 04 0001 00 01
		02 06 | 01 04 0002 00 01
		02 02 | 80 00
		02 02 | 02 00
		02 02 | 46 00
		02 06 | 41 04 0000fde9
		02 0a | 45 08 0001 01 03 0002 01 01
		02 06 | 49 04 02 7231 00
		02 04 | 40 02 4078
		02 02 | 06 00
		02 03 | 09 01 03`

	// openBIRD is shaped like a BIRD 2 OPEN: one Capabilities parameter
	// holding everything, a 4-octet AS (AS_TRANS in My Autonomous
	// System), a restarting speaker (R bit) that preserved IPv4
	// forwarding, ADD-PATH send for IPv6 and the Peer role.
	openBIRD = `04 5ba0 00f0 c0000201 2b
		02 29
		01 04 0001 00 01
		01 04 0002 00 01
		02 00
		46 00
		40 06 80f0 0001 01 80
		41 04 fa56ea01
		45 04 0002 01 02
		06 00
		09 01 04`

	// openGoBGP is shaped like a GoBGP OPEN: IPv4 unicast, route refresh,
	// 4-octet AS, ADD-PATH send/receive, graceful restart and a long-lived
	// graceful restart capability (71), which this package keeps raw.
	openGoBGP = `04 fdea 005a 0a000002 27
		02 25
		01 04 0001 00 01
		02 00
		41 04 0000fdea
		45 04 0001 01 03
		40 06 0078 0001 01 00
		47 07 0001 01 80 000e10`

	// openExtendedShort uses the RFC 9072 extended form although its
	// parameters would fit the classic one: Non-Ext OP Len 255, Non-Ext
	// OP Type 255, Extended Opt. Parm. Length 9, one Capabilities
	// parameter with a 2-octet length holding a 4-octet AS capability.
	openExtendedShort = `04 5ba0 00b4 c0000201 ff | ff 0009 | 02 0006 | 41 04 fa56ea01`

	// openBare has no optional parameters at all: a plain RFC 4271
	// speaker.
	openBare = `04 fde9 005a 0a000001 00`
)

func v4(s string) netip.Addr { return netip.MustParseAddr(s) }

func TestOpenDecodeVectors(t *testing.T) {
	tests := []struct {
		name string
		body string
		want Open
	}{
		{"FRR", openFRR, Open{Version: 4, AS: 65001, HoldTime: 180, ID: v4("10.0.0.1"), Capabilities: []Capability{
			{Code: CapMultiprotocol, Family: IPv4Unicast},
			{Code: CapMultiprotocol, Family: IPv6Unicast},
			{Code: CapRouteRefreshCisco},
			{Code: CapRouteRefresh},
			{Code: CapEnhancedRouteRefresh},
			{Code: CapAS4, AS4: 65001},
			{Code: CapAddPath, AddPath: []AddPathFamily{{IPv4Unicast, AddPathBoth}, {IPv6Unicast, AddPathReceive}}},
			{Code: CapFQDN, Raw: []byte{2, 'r', '1', 0}},
			{Code: CapGracefulRestart, GracefulRestart: GracefulRestartCap{Notification: true, Time: 120}},
			{Code: CapExtendedMessage},
			{Code: CapRole, Role: RoleCustomer},
		}}},
		{"BIRD", openBIRD, Open{Version: 4, AS: ASTrans, HoldTime: 240, ID: v4("192.0.2.1"), Capabilities: []Capability{
			{Code: CapMultiprotocol, Family: IPv4Unicast},
			{Code: CapMultiprotocol, Family: IPv6Unicast},
			{Code: CapRouteRefresh},
			{Code: CapEnhancedRouteRefresh},
			{Code: CapGracefulRestart, GracefulRestart: GracefulRestartCap{Restarting: true, Time: 240,
				Families: []GRFamily{{IPv4Unicast, true}}}},
			{Code: CapAS4, AS4: 4200000001},
			{Code: CapAddPath, AddPath: []AddPathFamily{{IPv6Unicast, AddPathSend}}},
			{Code: CapExtendedMessage},
			{Code: CapRole, Role: RolePeer},
		}}},
		{"GoBGP", openGoBGP, Open{Version: 4, AS: 65002, HoldTime: 90, ID: v4("10.0.0.2"), Capabilities: []Capability{
			{Code: CapMultiprotocol, Family: IPv4Unicast},
			{Code: CapRouteRefresh},
			{Code: CapAS4, AS4: 65002},
			{Code: CapAddPath, AddPath: []AddPathFamily{{IPv4Unicast, AddPathBoth}}},
			{Code: CapGracefulRestart, GracefulRestart: GracefulRestartCap{Time: 120,
				Families: []GRFamily{{IPv4Unicast, false}}}},
			{Code: CapLongLivedGR, Raw: hexMsgNoT("00010180000e10")},
		}}},
		{"RFC 9072 extended form", openExtendedShort, Open{Version: 4, AS: ASTrans, HoldTime: 180, ID: v4("192.0.2.1"),
			Capabilities: []Capability{{Code: CapAS4, AS4: 4200000001}}}},
		{"no parameters", openBare, Open{Version: 4, AS: 65001, HoldTime: 90, ID: v4("10.0.0.1")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := testkit.Hex(t, tt.body)
			var o Open
			require.NoError(t, o.DecodeBody(body))
			assert.Equal(t, tt.want, o)

			// The whole message decodes the same way.
			m, err := Decode(withHeader(TypeOpen, body), Options{})
			require.NoError(t, err)
			assert.Equal(t, &tt.want, m)

			// Decode -> encode -> decode gives the same value.
			enc, err := o.AppendBody(nil, Options{})
			require.NoError(t, err)
			var o2 Open
			require.NoError(t, o2.DecodeBody(enc))
			assert.Equal(t, o, o2)

			// Nothing aliases the input.
			for i := range body {
				body[i] = 0xee
			}
			assert.Equal(t, tt.want, o)
		})
	}
}

func TestOpenEncodeExact(t *testing.T) {
	// BIRD packs all capabilities into one parameter as this encoder
	// does, so its OPEN re-encodes octet for octet.
	body := testkit.Hex(t, openBIRD)
	var o Open
	require.NoError(t, o.DecodeBody(body))
	enc, err := o.AppendBody([]byte{0xaa}, Options{})
	require.NoError(t, err)
	assert.Equal(t, append([]byte{0xaa}, body...), enc)

	// The FRR OPEN's eleven parameters become one.
	require.NoError(t, o.DecodeBody(testkit.Hex(t, openFRR)))
	enc, err = o.AppendBody(nil, Options{})
	require.NoError(t, err)
	assert.Equal(t, byte(71-20), enc[9], "one parameter header instead of eleven")
	assert.Equal(t, testkit.Hex(t, "02 31 01 04 0001 00 01"), enc[10:18])

	// A message with the header.
	msg, err := Append(nil, NewOpen(65001, 90, v4("10.0.0.1")), Options{})
	require.NoError(t, err)
	assert.Equal(t, testkit.Hex(t, marker+"001d 01"+openBare), msg)
}

func TestOpenExtendedParameters(t *testing.T) {
	raw := func(n int) Capability { return Capability{Code: 200, Raw: bytes.Repeat([]byte{0x5a}, n)} }
	tests := []struct {
		name     string
		caps     []Capability
		extended bool
	}{
		// 2+251 = 253 capability octets: one parameter of 255 octets,
		// Opt Parm Len 255 in the classic form.
		{"253 octets classic", []Capability{raw(251)}, false},
		{"254 octets extended", []Capability{raw(252)}, true},
		{"many capabilities", func() []Capability {
			var caps []Capability
			for i := range 60 {
				caps = append(caps, MultiprotocolCap(Family{AFIIPv4, SAFI(i + 1)}))
			}
			return caps
		}(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := NewOpen(65001, 180, v4("10.0.0.1"), tt.caps...)
			body, err := o.AppendBody(nil, Options{})
			require.NoError(t, err)
			n := 0
			for i := range tt.caps {
				n += 2 + tt.caps[i].valueLen()
			}
			if tt.extended {
				assert.Equal(t, testkit.Hex(t, "ff ff"), body[9:11], "Non-Ext OP Len and Type")
				assert.Equal(t, []byte{byte((n + 3) >> 8), byte(n + 3)}, body[11:13], "Extended Opt. Parm. Length")
				assert.Equal(t, []byte{2, byte(n >> 8), byte(n)}, body[13:16], "parameter with 2-octet length")
			} else {
				assert.Equal(t, byte(n+2), body[9])
				assert.Equal(t, []byte{2, byte(n)}, body[10:12])
			}
			var got Open
			require.NoError(t, got.DecodeBody(body))
			assert.Equal(t, *o, got)
			_, err = Append(nil, o, Options{})
			require.NoError(t, err, "fits a 4096-octet message")
		})
	}
}

func TestOpenErrors(t *testing.T) {
	const fixed = "04 fde9 00b4 0a000001 " // version, AS 65001, hold 180, ID
	tests := []struct {
		name    string
		body    string
		code    ErrorCode
		sub     uint8
		data    string
		offset  int
		contain string
	}{
		{"version 3", "03 fde9 00b4 0a000001 00", CodeOpenMessage, SubUnsupportedVersionNumber, "0004", 19, "version 3"},
		{"version 5", "05 fde9 00b4 0a000001 00", CodeOpenMessage, SubUnsupportedVersionNumber, "0004", 19, "version 5"},
		{"version 5 with garbage after it", "05 ffff ffff ffffffff ff ff", CodeOpenMessage, SubUnsupportedVersionNumber, "0004", 19, "version 5"},
		{"hold time 1", "04 fde9 0001 0a000001 00", CodeOpenMessage, SubUnacceptableHoldTime, "", 22, "hold time 1"},
		{"hold time 2", "04 fde9 0002 0a000001 00", CodeOpenMessage, SubUnacceptableHoldTime, "", 22, "hold time 2"},
		{"BGP identifier 0", "04 fde9 00b4 00000000 00", CodeOpenMessage, SubBadBGPIdentifier, "", 24, "0.0.0.0"},
		{"hold time checked before identifier", "04 fde9 0001 00000000 00", CodeOpenMessage, SubUnacceptableHoldTime, "", 22, "hold time"},
		{"opt parm len longer than the rest", fixed + "08 02 04 02 00 46 00", CodeMessageHeader, SubBadMessageLength, "0023", 28, "length 8"},
		{"octets after the parameters", fixed + "00 02 02 02 00", CodeMessageHeader, SubBadMessageLength, "0021", 28, "length 0"},
		{"parameter length runs past", fixed + "04 02 05 01 04", CodeMessageHeader, SubBadMessageLength, "0021", 29, "length 5"},
		{"parameter header truncated", fixed + "01 02", CodeMessageHeader, SubBadMessageLength, "001e", 29, "header"},
		{"authentication parameter", fixed + "04 01 02 0000", CodeOpenMessage, SubUnsupportedOptionalParameter, "", 29, "type 1"},
		{"unknown parameter after capabilities", fixed + "08 02 02 02 00 03 02 0000", CodeOpenMessage, SubUnsupportedOptionalParameter, "", 33, "type 3"},
		{"capability header truncated", fixed + "03 02 01 41", CodeOpenMessage, SubOpenUnspecific, "", 31, "header"},
		{"capability length runs past", fixed + "06 02 04 41 04 0000", CodeOpenMessage, SubOpenUnspecific, "", 31, "4-octet AS Number capability length 4"},
		{"second capability runs past", fixed + "09 02 07 02 00 41 04 0000fd", CodeOpenMessage, SubOpenUnspecific, "", 33, "runs past"},
		{"multiprotocol length 3", fixed + "07 02 05 01 03 000101", CodeOpenMessage, SubOpenUnspecific, "", 31, "Multiprotocol Extensions capability value is 3 octets"},
		{"4-octet AS length 2", fixed + "06 02 04 41 02 fde9", CodeOpenMessage, SubOpenUnspecific, "", 31, "4-octet AS Number"},
		{"route refresh with a value", fixed + "05 02 03 02 01 00", CodeOpenMessage, SubOpenUnspecific, "", 31, "must be empty"},
		{"Cisco route refresh with a value", fixed + "05 02 03 80 01 00", CodeOpenMessage, SubOpenUnspecific, "", 31, "must be empty"},
		{"extended message with a value", fixed + "05 02 03 06 01 00", CodeOpenMessage, SubOpenUnspecific, "", 31, "Extended Message"},
		{"enhanced route refresh with a value", fixed + "05 02 03 46 01 00", CodeOpenMessage, SubOpenUnspecific, "", 31, "Enhanced Route Refresh"},
		{"graceful restart length 0", fixed + "04 02 02 40 00", CodeOpenMessage, SubOpenUnspecific, "", 31, "Graceful Restart"},
		{"graceful restart length 4", fixed + "08 02 06 40 04 0078 0001", CodeOpenMessage, SubOpenUnspecific, "", 31, "2 plus 4 per family"},
		{"ADD-PATH length 5", fixed + "09 02 07 45 05 0001 01 03 00", CodeOpenMessage, SubOpenUnspecific, "", 31, "4 per family"},
		{"role length 2", fixed + "06 02 04 09 02 0303", CodeOpenMessage, SubOpenUnspecific, "", 31, "BGP Role"},
		{"roles disagree", fixed + "08 02 06 09 01 03 09 01 00", CodeOpenMessage, SubRoleMismatch, "", -1, "Customer and Provider"},
		{"RFC 9072 header truncated", fixed + "ff ff 00", CodeMessageHeader, SubBadMessageLength, "001f", 29, "truncated"},
		{"RFC 9072 length mismatch", fixed + "ff ff 0006 02 0002 0200", CodeMessageHeader, SubBadMessageLength, "0025", 28, "length 6"},
		{"RFC 9072 parameter runs past", fixed + "ff ff 0005 02 0003 0200", CodeMessageHeader, SubBadMessageLength, "0025", 32, "length 3"},
		{"RFC 9072 unsupported parameter", fixed + "ff ff 0005 01 0002 0200", CodeOpenMessage, SubUnsupportedOptionalParameter, "", 32, "type 1"},
		{"structure checked before hold time", "04 fde9 0001 0a000001 03 02 01 41", CodeOpenMessage, SubOpenUnspecific, "", 31, "header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := withHeader(TypeOpen, testkit.Hex(t, tt.body))
			check := func(err error) {
				t.Helper()
				werr := requireWireError(t, err, tt.code, tt.sub, testkit.Hex(t, tt.data), ActionSessionReset)
				assert.Equal(t, tt.offset, werr.Offset)
				assert.Contains(t, werr.Reason, tt.contain)
				if werr.Offset >= 0 {
					assert.Less(t, werr.Offset, len(msg))
				}
			}
			_, err := Decode(msg, Options{})
			check(err)
			var o Open
			check(o.DecodeBody(msg[HeaderLen:]))
			_, _, err = Annotate(msg, Options{})
			check(err)
		})
	}
}

func TestOpenBodyTooShort(t *testing.T) {
	// ParseHeader stops such a message; DecodeBody checks on its own.
	var o Open
	err := o.DecodeBody(testkit.Hex(t, "04 fde9 00b4 0a00"))
	werr := requireWireError(t, err, CodeMessageHeader, SubBadMessageLength, testkit.Hex(t, "001a"), ActionSessionReset)
	assert.Equal(t, HeaderLen, werr.Offset)

	_, err = Decode(testkit.Hex(t, marker+"001c 01 04fde900b40a000001"), Options{})
	requireWireError(t, err, CodeMessageHeader, SubBadMessageLength, testkit.Hex(t, "001c"), ActionSessionReset)
}

func TestOpenHelpers(t *testing.T) {
	decode := func(body string) *Open {
		var o Open
		require.NoError(t, o.DecodeBody(testkit.Hex(t, body)))
		return &o
	}
	frr, bird, gobgp, bare := decode(openFRR), decode(openBIRD), decode(openGoBGP), decode(openBare)

	assert.Equal(t, uint32(65001), frr.ASN())
	assert.Equal(t, uint32(4200000001), bird.ASN())
	assert.Equal(t, uint32(65001), bare.ASN())
	as4, ok := bird.AS4()
	assert.True(t, ok)
	assert.Equal(t, uint32(4200000001), as4)
	_, ok = bare.AS4()
	assert.False(t, ok)

	assert.Equal(t, []Family{IPv4Unicast, IPv6Unicast}, frr.Families())
	assert.Equal(t, []Family{IPv4Unicast}, gobgp.Families())
	assert.Equal(t, []Family{IPv4Unicast}, bare.Families(), "no Multiprotocol capability means IPv4 unicast (RFC 4760 section 8)")
	dup := NewOpen(65001, 90, v4("10.0.0.1"), MultiprotocolCap(IPv6Unicast), MultiprotocolCap(IPv6Unicast))
	assert.Equal(t, []Family{IPv6Unicast}, dup.Families())

	assert.Equal(t, AddPathBoth, frr.AddPath(IPv4Unicast))
	assert.Equal(t, AddPathReceive, frr.AddPath(IPv6Unicast))
	assert.Equal(t, AddPathSend, bird.AddPath(IPv6Unicast))
	assert.Equal(t, AddPathNone, bird.AddPath(IPv4Unicast))
	assert.Equal(t, AddPathNone, bare.AddPath(IPv4Unicast))
	// A capability with an undefined Send/Receive value is ignored whole
	// (RFC 7911 section 4), but another valid one still counts.
	bad := decode(fixedOpen + "12 02 10 45 08 0001 01 03 0002 01 07 45 04 0002 01 01")
	assert.Equal(t, AddPathNone, bad.AddPath(IPv4Unicast))
	assert.Equal(t, AddPathReceive, bad.AddPath(IPv6Unicast))

	gr, ok := bird.GracefulRestart()
	require.True(t, ok)
	assert.True(t, gr.Restarting)
	assert.Equal(t, uint16(240), gr.Time)
	e, ok := gr.Family(IPv4Unicast)
	assert.True(t, ok)
	assert.True(t, e.ForwardingPreserved)
	_, ok = gr.Family(IPv6Unicast)
	assert.False(t, ok)
	gr, ok = frr.GracefulRestart()
	require.True(t, ok)
	assert.True(t, gr.Notification)
	assert.Empty(t, gr.Families)
	_, ok = bare.GracefulRestart()
	assert.False(t, ok)

	assert.True(t, frr.HasRouteRefresh())
	assert.True(t, bird.HasRouteRefresh())
	assert.False(t, bare.HasRouteRefresh())
	cisco := decode(fixedOpen + "04 02 02 80 00")
	assert.True(t, cisco.HasRouteRefresh(), "the deprecated code 128 counts as route refresh")
	assert.True(t, frr.HasEnhancedRouteRefresh())
	assert.False(t, gobgp.HasEnhancedRouteRefresh())
	assert.True(t, frr.HasExtendedMessage())
	assert.False(t, gobgp.HasExtendedMessage())

	r, ok := frr.Role()
	assert.True(t, ok)
	assert.Equal(t, RoleCustomer, r)
	r, ok = bird.Role()
	assert.True(t, ok)
	assert.Equal(t, RolePeer, r)
	_, ok = gobgp.Role()
	assert.False(t, ok)
	same := decode(fixedOpen + "08 02 06 09 01 01 09 01 01")
	r, _ = same.Role()
	assert.Equal(t, RoleRS, r, "repeated roles with one value are fine (RFC 9234 section 4.2)")

	c, ok := gobgp.FindCapability(CapLongLivedGR)
	require.True(t, ok)
	assert.Equal(t, testkit.Hex(t, "0001018000 0e10"), c.Raw)
	_, ok = gobgp.FindCapability(CapFQDN)
	assert.False(t, ok)

	assert.Equal(t, "AS 4200000001, hold time 240 s, BGP identifier 192.0.2.1, 9 capabilities", bird.String())
}

// fixedOpen is version 4, AS 65001, hold time 180, BGP identifier
// 10.0.0.1: an OPEN body up to the optional parameters length.
const fixedOpen = "04 fde9 00b4 0a000001 "

func TestNewOpen(t *testing.T) {
	o := NewOpen(4200000001, 90, v4("192.0.2.1"), MultiprotocolCap(IPv4Unicast))
	assert.Equal(t, uint8(4), o.Version)
	assert.Equal(t, uint16(ASTrans), o.AS)
	assert.Equal(t, []Capability{MultiprotocolCap(IPv4Unicast), AS4Cap(4200000001)}, o.Capabilities)
	assert.Equal(t, uint32(4200000001), o.ASN())

	o = NewOpen(4200000001, 90, v4("192.0.2.1"), AS4Cap(4200000001))
	assert.Len(t, o.Capabilities, 1, "an AS4 capability already given is not repeated")

	o = NewOpen(65001, 90, v4("192.0.2.1"))
	assert.Equal(t, uint16(65001), o.AS)
	assert.Empty(t, o.Capabilities, "a 2-octet AS needs no 4-octet AS capability")
	require.NoError(t, o.Validate())
}

func TestOpenEncodeErrors(t *testing.T) {
	tests := []struct {
		name    string
		open    *Open
		contain string
	}{
		{"no identifier", &Open{Version: 4, AS: 1, HoldTime: 90}, "not an IPv4"},
		{"IPv6 identifier", &Open{Version: 4, AS: 1, HoldTime: 90, ID: netip.IPv6Loopback()}, "not an IPv4"},
		{"capability value over 255", NewOpen(1, 90, v4("10.0.0.1"), Capability{Code: 200, Raw: make([]byte, 256)}), "exceeds 255"},
		{"restart time over 12 bits", NewOpen(1, 90, v4("10.0.0.1"), GracefulRestartCapability(GracefulRestartCap{Time: 4096})), "restart time"},
		{"ADD-PATH too long", NewOpen(1, 90, v4("10.0.0.1"), AddPathCap(make([]AddPathFamily, 64)...)), "exceeds 255"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.open.AppendBody([]byte{1, 2}, Options{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.contain)
			assert.Equal(t, []byte{1, 2}, b, "nothing appended on error")
		})
	}

	// An OPEN over 4096 octets is refused by Append.
	var caps []Capability
	for range 20 {
		caps = append(caps, Capability{Code: 200, Raw: make([]byte, 250)})
	}
	_, err := Append(nil, NewOpen(1, 90, v4("10.0.0.1"), caps...), Options{ExtendedMessage: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "OPEN")
}

func TestCapabilityString(t *testing.T) {
	tests := []struct {
		cap  Capability
		want string
	}{
		{MultiprotocolCap(IPv6Unicast), "Multiprotocol Extensions: ipv6-unicast"},
		{MultiprotocolCap(Family{25, 70}), "Multiprotocol Extensions: afi25-safi70"},
		{FlagCap(CapRouteRefresh), "Route Refresh"},
		{FlagCap(CapRouteRefreshCisco), "Route Refresh (Cisco)"},
		{FlagCap(CapEnhancedRouteRefresh), "Enhanced Route Refresh"},
		{FlagCap(CapExtendedMessage), "Extended Message"},
		{AS4Cap(4200000001), "4-octet AS Number: 4200000001"},
		{RoleCap(RoleRSClient), "BGP Role: RS-Client"},
		{RoleCap(7), "BGP Role: Role(7)"},
		{GracefulRestartCapability(GracefulRestartCap{Restarting: true, Notification: true, Time: 120,
			Families: []GRFamily{{IPv4Unicast, true}, {IPv6Unicast, false}}}),
			"Graceful Restart: restart time 120 s, R (restarting), N (graceful NOTIFICATION), ipv4-unicast (F), ipv6-unicast"},
		{GracefulRestartCapability(GracefulRestartCap{Time: 0}), "Graceful Restart: restart time 0 s"},
		{AddPathCap(AddPathFamily{IPv4Unicast, AddPathBoth}, AddPathFamily{IPv6Unicast, AddPathSend}),
			"ADD-PATH: ipv4-unicast send/receive, ipv6-unicast send"},
		{AddPathCap(AddPathFamily{IPv4Unicast, 9}), "ADD-PATH: ipv4-unicast AddPathMode(9)"},
		{Capability{Code: CapFQDN, Raw: []byte{2, 'r', '1', 0}}, "FQDN: 02723100"},
		{Capability{Code: 200, Raw: []byte{1}}, "Capability 200: 01"},
		{Capability{Code: 201}, "Capability 201"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.cap.String())
		})
	}
}

func TestCapabilityCodeDecoded(t *testing.T) {
	for _, c := range []CapabilityCode{1, 2, 6, 9, 64, 65, 69, 70, 128} {
		assert.True(t, c.Decoded(), "%d", c)
	}
	for _, c := range []CapabilityCode{0, 3, 5, 71, 73, 75, 255} {
		assert.False(t, c.Decoded(), "%d", c)
	}
	assert.True(t, AddPathBoth.CanSend() && AddPathBoth.CanReceive())
	assert.True(t, AddPathSend.CanSend() && !AddPathSend.CanReceive())
	assert.True(t, !AddPathReceive.CanSend() && AddPathReceive.CanReceive())
	assert.False(t, AddPathNone.Valid())
	assert.True(t, RolePeer.Valid())
	assert.False(t, Role(5).Valid())
}

func TestOpenReuse(t *testing.T) {
	// One Open decoded again and again ends up as a fresh decode would
	// and reuses its storage: no allocation in steady state.
	var o Open
	for _, body := range []string{openFRR, openBIRD, openGoBGP, openBare, openBIRD} {
		b := testkit.Hex(t, body)
		require.NoError(t, o.DecodeBody(b))
		var fresh Open
		require.NoError(t, fresh.DecodeBody(b))
		assert.Equal(t, fresh.String(), o.String())
		require.Len(t, o.Capabilities, len(fresh.Capabilities))
		for i := range fresh.Capabilities {
			assert.Equal(t, fresh.Capabilities[i].String(), o.Capabilities[i].String())
		}
	}
	// A Graceful Restart capability decoded into an element that last
	// held ADD-PATH keeps nothing of it.
	require.NoError(t, o.DecodeBody(testkit.Hex(t, fixedOpen+"0a 02 08 45 04 0001 01 03 06 00")))
	require.NoError(t, o.DecodeBody(testkit.Hex(t, fixedOpen+"0c 02 0a 40 06 0078 0001 01 80 45 00")))
	assert.Empty(t, o.Capabilities[0].AddPath)
	assert.Empty(t, o.Capabilities[1].GracefulRestart.Families)

	b := testkit.Hex(t, openFRR)
	allocs := testing.AllocsPerRun(100, func() {
		if err := o.DecodeBody(b); err != nil {
			panic(err)
		}
	})
	assert.Zero(t, allocs)
}

func TestOpenValidate(t *testing.T) {
	o := NewOpen(65001, 0, v4("10.0.0.1"))
	require.NoError(t, o.Validate(), "hold time 0 is allowed")
	o.HoldTime = 3
	require.NoError(t, o.Validate())
	o.ID = netip.Addr{}
	requireWireError(t, o.Validate(), CodeOpenMessage, SubBadBGPIdentifier, nil, ActionSessionReset)
	o.ID = netip.IPv6Loopback()
	requireWireError(t, o.Validate(), CodeOpenMessage, SubBadBGPIdentifier, nil, ActionSessionReset)
	o.Version = 0
	requireWireError(t, o.Validate(), CodeOpenMessage, SubUnsupportedVersionNumber, []byte{0, 4}, ActionSessionReset)
	assert.True(t, strings.HasPrefix(o.Validate().Error(), "OPEN Message Error / Unsupported Version Number at offset 19"))
}

// FuzzOpen decodes arbitrary OPEN bodies; whatever decodes must encode
// and decode to the same value. The re-encoding may differ in its octets
// (parameters are regrouped into one, the RFC 9072 form is used only when
// needed, reserved bits and octets are cleared) but not in its meaning.
func FuzzOpen(f *testing.F) {
	for _, s := range []string{
		openFRR,                               // one parameter per capability, FQDN kept raw
		openBIRD,                              // one parameter, 4-octet AS, restarting GR
		openGoBGP,                             // LLGR kept raw
		openExtendedShort,                     // RFC 9072 form
		openBare,                              // no parameters
		fixedOpen + "ff ff 0005 01 0002 0200", // RFC 9072, unsupported parameter
		fixedOpen + "09 02 07 45 05 0001 01 03 00", // malformed ADD-PATH
		fixedOpen + "08 02 06 09 01 03 09 01 00",   // role mismatch
		"03 fde9 00b4 0a000001 00",                 // version 3
	} {
		f.Add(hexMsgNoT(strings.NewReplacer(" ", "", "\n", "", "\t", "", "|", "").Replace(s)))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var o Open
		if err := o.DecodeBody(body); err != nil {
			var werr *Error
			require.ErrorAs(t, err, &werr)
			require.Equal(t, ActionSessionReset, werr.Action)
			return
		}
		enc, err := o.AppendBody(nil, Options{})
		require.NoError(t, err)
		var o2 Open
		require.NoError(t, o2.DecodeBody(enc))
		require.Equal(t, o, o2)
		_ = o.String()
		for i := range o.Capabilities {
			_ = o.Capabilities[i].String()
		}
	})
}
