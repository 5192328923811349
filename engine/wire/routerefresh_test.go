package wire

import (
	"bytes"
	"testing"

	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRouteRefreshDecode(t *testing.T) {
	tests := []struct {
		name string
		msg  string
		want RouteRefresh
		str  string
	}{
		{"IPv4 unicast (RFC 2918)", marker + "0017 05 0001 00 01", RouteRefresh{IPv4Unicast, RefreshNormal}, "ROUTE-REFRESH ipv4-unicast"},
		{"IPv6 unicast", marker + "0017 05 0002 00 01", RouteRefresh{IPv6Unicast, RefreshNormal}, "ROUTE-REFRESH ipv6-unicast"},
		{"BoRR (RFC 7313)", marker + "0017 05 0002 01 01", RouteRefresh{IPv6Unicast, RefreshBoRR}, "BoRR ipv6-unicast"},
		{"EoRR (RFC 7313)", marker + "0017 05 0001 02 01", RouteRefresh{IPv4Unicast, RefreshEoRR}, "EoRR ipv4-unicast"},
		// An unknown subtype decodes; RFC 7313 section 5 has the receiver
		// ignore the message, which is the session layer's business.
		{"unknown subtype", marker + "0017 05 0001 07 02", RouteRefresh{Family{AFIIPv4, SAFIMulticast}, 7}, "RefreshSubtype(7) ipv4-multicast"},
		{"reserved subtype 255", marker + "0017 05 0019 ff 46", RouteRefresh{Family{25, 70}, 255}, "RefreshSubtype(255) afi25-safi70"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := testkit.Hex(t, tt.msg)
			m, err := Decode(msg, Options{})
			require.NoError(t, err)
			require.IsType(t, &RouteRefresh{}, m)
			assert.Equal(t, tt.want, *m.(*RouteRefresh))
			assert.Equal(t, tt.str, m.(*RouteRefresh).String())
			assert.Equal(t, tt.want.Subtype <= RefreshEoRR, tt.want.Subtype.Known())

			enc, err := Append(nil, &tt.want, Options{})
			require.NoError(t, err)
			assert.Equal(t, msg, enc)
		})
	}
}

func TestRouteRefreshLengthErrors(t *testing.T) {
	// RFC 7313 section 5: a ROUTE-REFRESH whose length is not 23 is
	// ROUTE-REFRESH Message Error / Invalid Message Length, and the data
	// is the complete message.
	tests := []struct {
		name string
		msg  string
		opt  Options
	}{
		{"one octet too long", marker + "0018 05 0001 01 01 00", Options{}},
		{"ORF-like trailer", marker + "001e 05 0001 00 01 01 40 0003 000a0b", Options{}},
		{"one octet short", marker + "0016 05 0001 02", Options{}},
		{"header only", marker + "0013 05", Options{}},
		{"long with extended messages", marker + "001c 05 0001 0001 0000000000", Options{ExtendedMessage: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := testkit.Hex(t, tt.msg)
			var d Decoder
			m, err := d.Decode(msg, tt.opt)
			werr := requireWireError(t, err, CodeRouteRefresh, SubInvalidMessageLength, msg, ActionSessionReset)
			assert.Equal(t, 16, werr.Offset)
			assert.NotNil(t, m)

			var r RouteRefresh
			requireWireError(t, r.DecodeBody(msg[HeaderLen:]), CodeRouteRefresh, SubInvalidMessageLength, msg, ActionSessionReset)

			// The NOTIFICATION that reports it is well formed.
			n, err := Append(nil, werr.Notification(), tt.opt)
			require.NoError(t, err)
			assert.Equal(t, msg, n[HeaderLen+2:])
		})
	}

	// A message over the maximum length is a header error before that.
	_, err := Decode(testkit.Hex(t, marker+"1001 05"), Options{})
	requireWireError(t, err, CodeMessageHeader, SubBadMessageLength, testkit.Hex(t, "1001"), ActionSessionReset)

	// With extended messages, a ROUTE-REFRESH can be longer than a
	// NOTIFICATION without them may carry: the data is cut to fit.
	body := make([]byte, 5000)
	var r RouteRefresh
	err = r.DecodeBody(body)
	werr := requireWireError(t, err, CodeRouteRefresh, SubInvalidMessageLength, werrData(err), ActionSessionReset)
	assert.Len(t, werr.Data, MaxMessageLen-HeaderLen-2)
	assert.Equal(t, testkit.Hex(t, marker+"139b 05"), werr.Data[:HeaderLen])
	_, err = Append(nil, werr.Notification(), Options{})
	require.NoError(t, err)
}

func werrData(err error) []byte {
	if e, ok := err.(*Error); ok {
		return e.Data
	}
	return nil
}

func TestKeepalive(t *testing.T) {
	msg := testkit.Hex(t, marker+"0013 04")
	m, err := Decode(msg, Options{})
	require.NoError(t, err)
	assert.Equal(t, &Keepalive{}, m)
	assert.Equal(t, "KEEPALIVE", m.(*Keepalive).String())
	enc, err := Append(nil, &Keepalive{}, Options{ExtendedMessage: true})
	require.NoError(t, err)
	assert.Equal(t, msg, enc)

	var k Keepalive
	require.NoError(t, k.DecodeBody(nil))
	err = k.DecodeBody([]byte{0})
	requireWireError(t, err, CodeMessageHeader, SubBadMessageLength, testkit.Hex(t, "0014"), ActionSessionReset)

	// Through Decode, a KEEPALIVE with a body fails on its header.
	_, err = Decode(testkit.Hex(t, marker+"0014 04 00"), Options{})
	requireWireError(t, err, CodeMessageHeader, SubBadMessageLength, testkit.Hex(t, "0014"), ActionSessionReset)
}

// FuzzRouteRefresh decodes arbitrary ROUTE-REFRESH bodies. A body that
// decodes re-encodes to the same octets (the message has no ignored
// bits); one that does not is an Invalid Message Length error whose data
// is the message rebuilt around the body.
func FuzzRouteRefresh(f *testing.F) {
	f.Add(hexMsgNoT("00010001"))   // IPv4 unicast refresh
	f.Add(hexMsgNoT("00020101"))   // BoRR IPv6 unicast
	f.Add(hexMsgNoT("00010201"))   // EoRR IPv4 unicast
	f.Add(hexMsgNoT("0001ff01"))   // reserved subtype
	f.Add(hexMsgNoT("000100"))     // one octet short
	f.Add(hexMsgNoT("0001000100")) // one octet long
	f.Add([]byte{})                // empty body
	f.Fuzz(func(t *testing.T, body []byte) {
		var r RouteRefresh
		err := r.DecodeBody(body)
		if err != nil {
			require.NotEqual(t, 4, len(body))
			var werr *Error
			require.ErrorAs(t, err, &werr)
			require.Equal(t, CodeRouteRefresh, werr.Code)
			n := min(HeaderLen+len(body), MaxMessageLen-HeaderLen-2)
			require.Len(t, werr.Data, n)
			require.True(t, bytes.Equal(werr.Data[HeaderLen:], body[:n-HeaderLen]))
			return
		}
		enc, err := r.AppendBody(nil, Options{})
		require.NoError(t, err)
		require.Equal(t, body, enc)
		var r2 RouteRefresh
		require.NoError(t, r2.DecodeBody(enc))
		require.Equal(t, r, r2)
		_ = r.String()
	})
}
