package wire

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNotificationDecode(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		want  Notification
		str   string
		comm  string
		isCom bool
	}{
		{"shutdown communication (RFC 9003)", "06 02 0b 6d61696e74656e616e6365",
			Notification{CodeCease, SubAdministrativeShutdown, []byte("\x0bmaintenance")},
			`Cease / Administrative Shutdown: "maintenance"`, "maintenance", true},
		{"administrative reset with communication", "06 04 0e 7570677261646520746f20392e31",
			Notification{CodeCease, SubAdministrativeReset, []byte("\x0eupgrade to 9.1")},
			`Cease / Administrative Reset: "upgrade to 9.1"`, "upgrade to 9.1", true},
		{"UTF-8 communication", "06 02 06 e7bbb4e68aa4",
			Notification{CodeCease, SubAdministrativeShutdown, []byte("\x06维护")},
			`Cease / Administrative Shutdown: "维护"`, "维护", true},
		{"empty communication", "06 02 00",
			Notification{CodeCease, SubAdministrativeShutdown, []byte{0}},
			`Cease / Administrative Shutdown: ""`, "", true},
		{"communication with trailing octets", "06 02 02 6869 beef",
			Notification{CodeCease, SubAdministrativeShutdown, []byte("\x02hi\xbe\xef")},
			`Cease / Administrative Shutdown: "hi" + beef`, "hi", true},
		{"shutdown without data", "06 02",
			Notification{CodeCease, SubAdministrativeShutdown, nil},
			"Cease / Administrative Shutdown", "", false},
		{"communication length past the data", "06 02 09 6869",
			Notification{CodeCease, SubAdministrativeShutdown, []byte("\x09hi")},
			"Cease / Administrative Shutdown: 096869", "", false},
		{"communication not UTF-8", "06 02 02 c328",
			Notification{CodeCease, SubAdministrativeShutdown, []byte{2, 0xc3, 0x28}},
			"Cease / Administrative Shutdown: 02c328", "", false},
		{"other cease subcodes carry no communication", "06 03 02 6869",
			Notification{CodeCease, SubPeerDeconfigured, []byte("\x02hi")},
			"Cease / Peer De-configured: 026869", "", false},
		{"unsupported version", "02 01 0004",
			Notification{CodeOpenMessage, SubUnsupportedVersionNumber, []byte{0, 4}},
			"OPEN Message Error / Unsupported Version Number: 0004", "", false},
		{"hold timer expired", "04 00",
			Notification{CodeHoldTimerExpired, 0, nil},
			"Hold Timer Expired / Unspecified", "", false},
		{"bad message type", "01 03 07",
			Notification{CodeMessageHeader, SubBadMessageType, []byte{7}},
			"Message Header Error / Bad Message Type: 07", "", false},
		{"unknown code", "63 05 ff",
			Notification{99, 5, []byte{0xff}},
			"ErrorCode(99) / Subcode(5): ff", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := testkit.Hex(t, tt.body)
			m, err := Decode(withHeader(TypeNotification, body), Options{})
			require.NoError(t, err)
			n := m.(*Notification)
			assert.Equal(t, tt.want, *n)
			assert.Equal(t, tt.str, n.String())
			comm, ok := n.ShutdownCommunication()
			assert.Equal(t, tt.isCom, ok)
			assert.Equal(t, tt.comm, comm)

			enc, err := n.AppendBody(nil, Options{})
			require.NoError(t, err)
			assert.Equal(t, body, enc)

			body[len(body)-1] ^= 0xff
			assert.Equal(t, tt.want, *n, "the data is a copy")
		})
	}
}

func TestNotificationShortBody(t *testing.T) {
	var n Notification
	err := n.DecodeBody([]byte{6})
	werr := requireWireError(t, err, CodeMessageHeader, SubBadMessageLength, testkit.Hex(t, "0014"), ActionSessionReset)
	assert.Equal(t, 16, werr.Offset)
	_, err = Decode(testkit.Hex(t, marker+"0014 03 06"), Options{})
	requireWireError(t, err, CodeMessageHeader, SubBadMessageLength, testkit.Hex(t, "0014"), ActionSessionReset)
}

func TestNewShutdown(t *testing.T) {
	n := NewShutdown(SubAdministrativeShutdown, "maintenance")
	assert.Equal(t, &Notification{CodeCease, SubAdministrativeShutdown, []byte("\x0bmaintenance")}, n)
	b, err := Append(nil, n, Options{})
	require.NoError(t, err)
	assert.Equal(t, testkit.Hex(t, marker+"0021 03 0602 0b 6d61696e74656e616e6365"), b)

	assert.Empty(t, NewShutdown(SubAdministrativeReset, "").Data)

	// 255 octets at most, never cutting a character in half.
	long := strings.Repeat("维", 100) // 300 octets
	n = NewShutdown(SubAdministrativeShutdown, long)
	comm, ok := n.ShutdownCommunication()
	require.True(t, ok)
	assert.Len(t, comm, 255)
	assert.True(t, utf8.ValidString(comm))
	long = "x" + long // 301 octets; the character at 255 starts at 253
	n = NewShutdown(SubAdministrativeShutdown, long)
	comm, ok = n.ShutdownCommunication()
	require.True(t, ok)
	assert.Len(t, comm, 253)
	assert.Equal(t, byte(253), n.Data[0])
	exact := strings.Repeat("a", 255)
	comm, _ = NewShutdown(SubAdministrativeShutdown, exact).ShutdownCommunication()
	assert.Equal(t, exact, comm)
}

// FuzzNotification decodes arbitrary NOTIFICATION bodies: every body of
// two octets or more decodes and re-encodes to the same octets, and the
// renderings never panic.
func FuzzNotification(f *testing.F) {
	f.Add(hexMsgNoT("06020b6d61696e74656e616e6365")) // shutdown communication
	f.Add(hexMsgNoT("0604006869"))                   // empty communication, trailing octets
	f.Add(hexMsgNoT("060209"))                       // communication length past the data
	f.Add(hexMsgNoT("02010004"))                     // unsupported version, data 0004
	f.Add(hexMsgNoT("0400"))                         // hold timer expired
	f.Add(hexMsgNoT("06"))                           // too short
	f.Fuzz(func(t *testing.T, body []byte) {
		var n Notification
		if err := n.DecodeBody(body); err != nil {
			require.Less(t, len(body), 2)
			return
		}
		enc, err := n.AppendBody(nil, Options{})
		require.NoError(t, err)
		require.Equal(t, body, enc)
		var n2 Notification
		require.NoError(t, n2.DecodeBody(enc))
		require.Equal(t, n, n2)
		_ = n.String()
		if s, ok := n.ShutdownCommunication(); ok {
			require.True(t, utf8.ValidString(s))
			require.LessOrEqual(t, len(s), MaxShutdownCommunication)
		}
	})
}
