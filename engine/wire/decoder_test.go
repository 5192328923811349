package wire

import (
	"strings"
	"testing"

	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// updateBasic is an UPDATE on a 4-octet AS session announcing 10.1.0.0/24
// with ORIGIN IGP, AS_PATH 65001 and NEXT_HOP 10.0.0.1.
const updateBasic = marker + `002f 02
	0000
	0014
	40 01 01 00
	40 02 06 02 01 0000fde9
	40 03 04 0a000001
	18 0a0100`

func TestDecoderMessages(t *testing.T) {
	as4 := Options{AS4: true}
	var d Decoder
	tests := []struct {
		msg  string
		typ  MessageType
		want string
	}{
		{marker + "0064 01" + openFRR, TypeOpen, "AS 65001, hold time 180 s, BGP identifier 10.0.0.1, 11 capabilities"},
		{marker + "0013 04", TypeKeepalive, "KEEPALIVE"},
		{updateBasic, TypeUpdate, ""},
		{marker + "0021 03 0602 0b 6d61696e74656e616e6365", TypeNotification, `Cease / Administrative Shutdown: "maintenance"`},
		{marker + "0017 05 0002 01 01", TypeRouteRefresh, "BoRR ipv6-unicast"},
		{marker + "001d 01" + openBare, TypeOpen, "AS 65001, hold time 90 s, BGP identifier 10.0.0.1, 0 capabilities"},
		{marker + "0013 04", TypeKeepalive, "KEEPALIVE"},
	}
	seen := map[MessageType]Message{}
	for _, tt := range tests {
		msg := testkit.Hex(t, tt.msg)
		m, err := d.Decode(msg, as4)
		require.NoError(t, err, tt.msg)
		require.Equal(t, tt.typ, m.Type())
		if s, ok := m.(interface{ String() string }); ok && tt.want != "" {
			assert.Equal(t, tt.want, s.String())
		}
		if prev, ok := seen[tt.typ]; ok {
			assert.Same(t, prev, m, "the Decoder reuses its %s", tt.typ)
		}
		seen[tt.typ] = m

		// The package-level Decode gives an equal, separate value.
		fresh, err := Decode(msg, as4)
		require.NoError(t, err)
		assert.NotSame(t, m, fresh)
		if tt.typ != TypeOpen || len(m.(*Open).Capabilities) > 0 {
			assert.Equal(t, fresh, m)
		}
	}
}

func TestDecodeWholeMessage(t *testing.T) {
	tests := []struct {
		name string
		msg  string
		sub  uint8
		data string
	}{
		{"trailing octets", marker + "0013 04 00", SubBadMessageLength, "0013"},
		{"truncated body", marker + "0017 05 0001", SubBadMessageLength, "0017"},
		{"truncated header", marker + "00", SubBadMessageLength, ""},
		{"empty", "", SubBadMessageLength, ""},
		{"bad marker", "ff" + marker[2:30] + "00 0013 04", SubConnectionNotSynchronized, ""},
		{"bad type", marker + "0013 09", SubBadMessageType, "09"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := testkit.Hex(t, tt.msg)
			var d Decoder
			m, err := d.Decode(msg, Options{})
			assert.Nil(t, m)
			requireWireError(t, err, CodeMessageHeader, tt.sub, testkit.Hex(t, tt.data), ActionSessionReset)
			m, err = Decode(msg, Options{})
			assert.Nil(t, m)
			requireWireError(t, err, CodeMessageHeader, tt.sub, testkit.Hex(t, tt.data), ActionSessionReset)
		})
	}

	// A bad body still returns the message as far as it was decoded.
	var d Decoder
	m, err := d.Decode(withHeader(TypeOpen, testkit.Hex(t, fixedOpen+"03 02 01 41")), Options{})
	require.Error(t, err)
	require.IsType(t, &Open{}, m)
	assert.Equal(t, uint16(65001), m.(*Open).AS)
}

func TestDecoderAllocs(t *testing.T) {
	var d Decoder
	opt := Options{AS4: true}
	for _, tt := range []struct{ name, msg string }{
		{"KEEPALIVE", marker + "0013 04"},
		{"UPDATE", updateBasic},
		{"ROUTE-REFRESH", marker + "0017 05 0001 00 01"},
		{"NOTIFICATION", marker + "0021 03 0602 0b 6d61696e74656e616e6365"},
		{"OPEN", marker + "0064 01" + openFRR},
	} {
		t.Run(tt.name, func(t *testing.T) {
			msg := testkit.Hex(t, tt.msg)
			_, err := d.Decode(msg, opt) // grow the Decoder's storage
			require.NoError(t, err)
			allocs := testing.AllocsPerRun(200, func() {
				if _, err := d.Decode(msg, opt); err != nil {
					panic(err)
				}
			})
			assert.Zero(t, allocs, "allocations per %s in steady state", tt.name)
		})
	}
}

// fuzzOptions turns a fuzzed octet into session options.
func fuzzOptions(flags uint8) Options {
	opt := Options{AS4: flags&1 != 0, ExtendedMessage: flags&2 != 0}
	if flags&4 != 0 {
		opt.AddPath = append(opt.AddPath, IPv4Unicast)
	}
	if flags&8 != 0 {
		opt.AddPath = append(opt.AddPath, IPv6Unicast)
	}
	return opt
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// FuzzDecode feeds whole messages through a Decoder and Annotate. Both
// must agree (same error, equal message) and the annotation must stay
// inside the message; whatever decodes without error must survive
// Append and Decode unchanged. The flags argument selects the
// session options (bit 0 AS4, 1 extended messages, 2 and 3 ADD-PATH for
// IPv4 and IPv6 unicast).
func FuzzDecode(f *testing.F) {
	clean := strings.NewReplacer(" ", "", "\n", "", "\t", "", "|", "").Replace
	seed := func(s string, flags uint8) { f.Add(hexMsgNoT(clean(s)), flags) }
	body := func(typ MessageType, s string, flags uint8) { f.Add(withHeader(typ, hexMsgNoT(clean(s))), flags) }
	seed(marker+"0013 04", 0)                                   // KEEPALIVE
	body(TypeOpen, openFRR, 0)                                  // FRR-style OPEN
	body(TypeOpen, openBIRD, 0)                                 // BIRD-style OPEN
	body(TypeOpen, openGoBGP, 0)                                // GoBGP-style OPEN
	body(TypeOpen, openExtendedShort, 0)                        // RFC 9072 OPEN
	body(TypeOpen, fixedOpen+"09 02 07 45 05 0001 01 03 00", 0) // malformed ADD-PATH capability
	body(TypeNotification, "0602 0b 6d61696e74656e616e6365", 0) // shutdown communication
	body(TypeRouteRefresh, "0002 01 01", 0)                     // BoRR
	body(TypeRouteRefresh, "0001 00 01 00", 0)                  // ROUTE-REFRESH one octet too long
	seed(updateBasic, 1)                                        // UPDATE, 4-octet AS session
	seed(updateBasic, 0)                                        // the same octets on a 2-octet AS session
	body(TypeUpdate, "0000 0000", 0)                            // End-of-RIB for IPv4 unicast
	body(TypeUpdate, "0000 0000 00000001 00", 4)                // ADD-PATH NLRI without attributes
	seed(marker+"0013 09", 0)                                   // unknown type
	seed(marker+"0200 02 0000", 2)                              // truncated body
	f.Fuzz(func(t *testing.T, msg []byte, flags uint8) {
		opt := fuzzOptions(flags)
		var d Decoder
		m, err := d.Decode(msg, opt)
		tree, am, aerr := Annotate(msg, opt)
		require.Equal(t, errText(err), errText(aerr), "Annotate and Decode disagree")
		require.Equal(t, m == nil, am == nil)
		if m != nil {
			require.Equal(t, m, am)
		}
		checkTree(t, msg, tree, false)
		if err != nil {
			var werr *Error
			require.ErrorAs(t, err, &werr)
			return
		}
		out, err := Append(nil, m, opt)
		require.NoError(t, err)
		m2, err := Decode(out, opt)
		require.NoError(t, err)
		require.Equal(t, m, m2)
	})
}
