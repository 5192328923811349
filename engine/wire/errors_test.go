package wire

import (
	"errors"
	"fmt"
	"testing"

	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"treat-as-withdraw shows the action",
			&Error{Code: CodeUpdateMessage, Subcode: SubMalformedASPath, Action: ActionTreatAsWithdraw, Offset: 37, Reason: "segment runs past the attribute"},
			"UPDATE Message Error / Malformed AS_PATH at offset 37: segment runs past the attribute (treat-as-withdraw)"},
		{"session reset does not",
			&Error{Code: CodeOpenMessage, Subcode: SubUnsupportedVersionNumber, Action: ActionSessionReset, Offset: 19, Reason: "version 3"},
			"OPEN Message Error / Unsupported Version Number at offset 19: version 3"},
		{"unknown offset",
			&Error{Code: CodeOpenMessage, Subcode: SubRoleMismatch, Action: ActionSessionReset, Offset: -1, Reason: "roles disagree"},
			"OPEN Message Error / Role Mismatch: roles disagree"},
		{"no reason, attribute discard",
			&Error{Code: CodeUpdateMessage, Subcode: SubOptionalAttributeError, Action: ActionAttributeDiscard, Offset: 0},
			"UPDATE Message Error / Optional Attribute Error at offset 0 (attribute-discard)"},
		{"AFI/SAFI disable",
			&Error{Code: CodeUpdateMessage, Subcode: SubOptionalAttributeError, Action: ActionAFISAFIDisable, Offset: 23, Reason: "bad MP_REACH_NLRI"},
			"UPDATE Message Error / Optional Attribute Error at offset 23: bad MP_REACH_NLRI (AFI/SAFI-disable)"},
		{"unspecific subcode",
			&Error{Code: CodeOpenMessage, Subcode: SubOpenUnspecific, Action: ActionSessionReset, Offset: 31, Reason: "x"},
			"OPEN Message Error / Unspecified at offset 31: x"},
		{"unknown subcode",
			&Error{Code: CodeCease, Subcode: 99, Action: ActionSessionReset, Offset: -1},
			"Cease / Subcode(99)"},
		{"unknown code",
			&Error{Code: 42, Subcode: 1, Action: ActionSessionReset, Offset: -1},
			"ErrorCode(42) / Subcode(1)"},
		{"route refresh",
			&Error{Code: CodeRouteRefresh, Subcode: SubInvalidMessageLength, Action: ActionSessionReset, Offset: 16, Reason: "r"},
			"ROUTE-REFRESH Message Error / Invalid Message Length at offset 16: r"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.err.Error())
		})
	}
}

func TestSubcodeName(t *testing.T) {
	assert.Equal(t, "Connection Not Synchronized", SubcodeName(CodeMessageHeader, 1))
	assert.Equal(t, "Bad Message Type", SubcodeName(CodeMessageHeader, 3))
	assert.Equal(t, "Unacceptable Hold Time", SubcodeName(CodeOpenMessage, 6))
	assert.Equal(t, "Administrative Shutdown", SubcodeName(CodeCease, 2))
	assert.Equal(t, "Unspecified", SubcodeName(CodeHoldTimerExpired, 0))
	assert.Equal(t, "Unspecified Error", SubcodeName(CodeFSM, 0))
	assert.Equal(t, "Subcode(12)", SubcodeName(CodeOpenMessage, 12))
	assert.Equal(t, "Subcode(200)", SubcodeName(CodeUpdateMessage, 200))
}

func TestErrorAsAndNotification(t *testing.T) {
	inner := errorf(CodeOpenMessage, SubUnsupportedVersionNumber, []byte{0, 4}, 19, "version %d", 3)
	wrapped := fmt.Errorf("peer 192.0.2.1: %w", inner)
	var werr *Error
	require.True(t, errors.As(wrapped, &werr))
	assert.Same(t, inner, werr)
	assert.Equal(t, ActionSessionReset, werr.Action)

	n := werr.Notification()
	assert.Equal(t, &Notification{Code: CodeOpenMessage, Subcode: SubUnsupportedVersionNumber, Data: []byte{0, 4}}, n)
	n.Data[1] = 9
	assert.Equal(t, []byte{0, 4}, werr.Data, "the NOTIFICATION does not alias the error's data")

	b, err := Append(nil, n, Options{})
	require.NoError(t, err)
	assert.Equal(t, testkit.Hex(t, marker+"0017 03 0201 0009"), b)
}
