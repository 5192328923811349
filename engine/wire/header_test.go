package wire

import (
	"encoding/hex"
	"errors"
	"testing"

	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// marker is the 16 all-ones octets that start every message, in hex.
const marker = "ffffffffffffffffffffffffffffffff"

// withHeader prefixes body with a correct header for type typ.
func withHeader(typ MessageType, body []byte) []byte {
	n := HeaderLen + len(body)
	b := append(hexMsgNoT(marker), byte(n>>8), byte(n), byte(typ))
	return append(b, body...)
}

func hexMsgNoT(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// requireWireError checks that err is an *Error with the given code,
// subcode, data and action, and returns it.
func requireWireError(t testing.TB, err error, code ErrorCode, sub uint8, data []byte, action Action) *Error {
	t.Helper()
	require.Error(t, err)
	var werr *Error
	require.True(t, errors.As(err, &werr), "error %v (%T) is not a *wire.Error", err, err)
	assert.Equal(t, code, werr.Code, "code in %v", err)
	assert.Equal(t, sub, werr.Subcode, "subcode in %v", err)
	assert.Equal(t, hex.EncodeToString(data), hex.EncodeToString(werr.Data), "data in %v", err)
	assert.Equal(t, action, werr.Action, "action in %v", err)
	assert.NotEmpty(t, werr.Reason)
	return werr
}

func TestParseHeader(t *testing.T) {
	ext := Options{ExtendedMessage: true}
	tests := []struct {
		name    string
		hex     string
		opt     Options
		wantLen int
		want    MessageType
	}{
		{"keepalive", marker + "0013 04", Options{}, 19, TypeKeepalive},
		{"open minimum", marker + "001d 01", Options{}, 29, TypeOpen},
		{"update minimum", marker + "0017 02", Options{}, 23, TypeUpdate},
		{"notification minimum", marker + "0015 03", Options{}, 21, TypeNotification},
		{"route-refresh", marker + "0017 05", Options{}, 23, TypeRouteRefresh},
		// A ROUTE-REFRESH of the wrong length passes the header; the body
		// decoder reports it as RFC 7313 section 5 requires.
		{"route-refresh short", marker + "0013 05", Options{}, 19, TypeRouteRefresh},
		{"route-refresh long", marker + "0018 05", Options{}, 24, TypeRouteRefresh},
		{"update 4096", marker + "1000 02", Options{}, 4096, TypeUpdate},
		{"update 4097 extended", marker + "1001 02", ext, 4097, TypeUpdate},
		{"update 65535 extended", marker + "ffff 02", ext, 65535, TypeUpdate},
		{"notification 65535 extended", marker + "ffff 03", ext, 65535, TypeNotification},
		{"only the header is looked at", marker + "0017 02 0000", Options{}, 23, TypeUpdate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := ParseHeader(testkit.Hex(t, tt.hex), tt.opt)
			require.NoError(t, err)
			assert.Equal(t, Header{Length: tt.wantLen, Type: tt.want}, h)
		})
	}
}

func TestParseHeaderErrors(t *testing.T) {
	ext := Options{ExtendedMessage: true}
	tests := []struct {
		name    string
		hex     string
		opt     Options
		sub     uint8
		data    string
		offset  int
		contain string
	}{
		{"short buffer", "ffffffff", Options{}, SubBadMessageLength, "", 4, "needs 19"},
		{"bad marker first octet", "00ffffffffffffffffffffffffffffff 0013 04", Options{}, SubConnectionNotSynchronized, "", 0, "marker octet 0"},
		{"bad marker octet 5", "fffffffffffeffffffffffffffffffff 0013 04", Options{}, SubConnectionNotSynchronized, "", 5, "marker octet 5"},
		{"length below 19", marker + "0012 02", Options{}, SubBadMessageLength, "0012", 16, "length 18"},
		{"length zero", marker + "0000 04", Options{}, SubBadMessageLength, "0000", 16, "length 0"},
		{"open below minimum", marker + "001c 01", Options{}, SubBadMessageLength, "001c", 16, "OPEN"},
		{"update below minimum", marker + "0016 02", Options{}, SubBadMessageLength, "0016", 16, "UPDATE"},
		{"notification below minimum", marker + "0014 03", Options{}, SubBadMessageLength, "0014", 16, "NOTIFICATION"},
		{"keepalive too long", marker + "0014 04", Options{}, SubBadMessageLength, "0014", 16, "KEEPALIVE"},
		{"keepalive too short", marker + "0012 04", Options{}, SubBadMessageLength, "0012", 16, "KEEPALIVE"},
		{"keepalive extended", marker + "0014 04", ext, SubBadMessageLength, "0014", 16, "KEEPALIVE"},
		{"update too long", marker + "1001 02", Options{}, SubBadMessageLength, "1001", 16, "4097"},
		{"route-refresh too long", marker + "1001 05", Options{}, SubBadMessageLength, "1001", 16, "4097"},
		{"open too long even extended", marker + "1001 01", ext, SubBadMessageLength, "1001", 16, "OPEN"},
		{"type 0", marker + "0013 00", Options{}, SubBadMessageType, "00", 18, "type 0"},
		{"type 6", marker + "0013 06", Options{}, SubBadMessageType, "06", 18, "type 6"},
		{"type 255", marker + "0013 ff", Options{}, SubBadMessageType, "ff", 18, "type 255"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseHeader(testkit.Hex(t, tt.hex), tt.opt)
			werr := requireWireError(t, err, CodeMessageHeader, tt.sub, testkit.Hex(t, tt.data), ActionSessionReset)
			assert.Equal(t, tt.offset, werr.Offset)
			assert.Contains(t, werr.Reason, tt.contain)
		})
	}
}

func TestSplit(t *testing.T) {
	keepalive := marker + "0013 04"
	refresh := marker + "0017 05 00010001"
	stream := testkit.Hex(t, keepalive+refresh+keepalive)

	// Every prefix of the stream yields exactly the whole messages it
	// holds, and leaves the rest untouched.
	for n := 0; n <= len(stream); n++ {
		buf := stream[:n]
		var got []int
		for {
			msg, rest, err := Split(buf, Options{})
			require.NoError(t, err, "prefix %d", n)
			if msg == nil {
				assert.Equal(t, buf, rest, "prefix %d: rest is the unconsumed input", n)
				break
			}
			got = append(got, len(msg))
			buf = rest
		}
		var want []int
		for _, end := range []int{19, 42, 61} {
			if n >= end {
				want = append(want, []int{19, 23, 19}[len(want)])
			}
		}
		assert.Equal(t, want, got, "prefix %d", n)
	}
}

func TestSplitHeaderError(t *testing.T) {
	// A bad header is reported as soon as the 19 header octets are there,
	// before the body has arrived.
	buf := testkit.Hex(t, marker+"0100 07")
	msg, rest, err := Split(buf, Options{})
	assert.Nil(t, msg)
	assert.Equal(t, buf, rest)
	requireWireError(t, err, CodeMessageHeader, SubBadMessageType, []byte{7}, ActionSessionReset)

	// Eighteen octets are not yet a header.
	msg, rest, err = Split(buf[:18], Options{})
	assert.NoError(t, err)
	assert.Nil(t, msg)
	assert.Len(t, rest, 18)
}

func TestAppendHeader(t *testing.T) {
	b, err := Append([]byte{0xaa}, &Keepalive{}, Options{})
	require.NoError(t, err)
	assert.Equal(t, testkit.Hex(t, "aa"+marker+"0013 04"), b)

	// A message over the session's maximum is refused and b is unchanged.
	n := &Notification{Code: CodeCease, Data: make([]byte, MaxMessageLen)}
	b, err = Append([]byte{0xaa}, n, Options{})
	require.Error(t, err)
	assert.Equal(t, []byte{0xaa}, b)
	b, err = Append(nil, n, Options{ExtendedMessage: true})
	require.NoError(t, err)
	assert.Len(t, b, HeaderLen+2+MaxMessageLen)
}
