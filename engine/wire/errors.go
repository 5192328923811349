package wire

import (
	"fmt"
	"strings"
)

//go:generate go tool stringer -type=ErrorCode,Action -linecomment -output=errors_string.go

// ErrorCode is a NOTIFICATION error code (RFC 4271 section 4.5, IANA "BGP
// Error (Notification) Codes").
type ErrorCode uint8

// NOTIFICATION error codes.
const (
	CodeMessageHeader        ErrorCode = 1 // Message Header Error
	CodeOpenMessage          ErrorCode = 2 // OPEN Message Error
	CodeUpdateMessage        ErrorCode = 3 // UPDATE Message Error
	CodeHoldTimerExpired     ErrorCode = 4 // Hold Timer Expired
	CodeFSM                  ErrorCode = 5 // Finite State Machine Error
	CodeCease                ErrorCode = 6 // Cease
	CodeRouteRefresh         ErrorCode = 7 // ROUTE-REFRESH Message Error
	CodeSendHoldTimerExpired ErrorCode = 8 // Send Hold Timer Expired
)

// Message Header Error subcodes (RFC 4271 section 6.1).
const (
	SubConnectionNotSynchronized uint8 = 1
	SubBadMessageLength          uint8 = 2
	SubBadMessageType            uint8 = 3
)

// OPEN Message Error subcodes (RFC 4271 section 6.2, RFC 5492, RFC 9234).
const (
	SubUnsupportedVersionNumber     uint8 = 1
	SubBadPeerAS                    uint8 = 2
	SubBadBGPIdentifier             uint8 = 3
	SubUnsupportedOptionalParameter uint8 = 4
	SubUnacceptableHoldTime         uint8 = 6
	SubUnsupportedCapability        uint8 = 7
	SubRoleMismatch                 uint8 = 11
)

// UPDATE Message Error subcodes (RFC 4271 section 6.3).
const (
	SubMalformedAttributeList         uint8 = 1
	SubUnrecognizedWellKnownAttribute uint8 = 2
	SubMissingWellKnownAttribute      uint8 = 3
	SubAttributeFlagsError            uint8 = 4
	SubAttributeLengthError           uint8 = 5
	SubInvalidOriginAttribute         uint8 = 6
	SubInvalidNextHopAttribute        uint8 = 8
	SubOptionalAttributeError         uint8 = 9
	SubInvalidNetworkField            uint8 = 10
	SubMalformedASPath                uint8 = 11
)

// Finite State Machine Error subcodes (RFC 6608 section 3).
const (
	SubFSMUnspecified             uint8 = 0
	SubFSMUnexpectedInOpenSent    uint8 = 1
	SubFSMUnexpectedInOpenConfirm uint8 = 2
	SubFSMUnexpectedInEstablished uint8 = 3
)

// Cease subcodes (RFC 4486, RFC 8538, RFC 9384).
const (
	SubMaxPrefixesReached       uint8 = 1
	SubAdministrativeShutdown   uint8 = 2
	SubPeerDeconfigured         uint8 = 3
	SubAdministrativeReset      uint8 = 4
	SubConnectionRejected       uint8 = 5
	SubOtherConfigurationChange uint8 = 6
	SubConnectionCollision      uint8 = 7
	SubOutOfResources           uint8 = 8
	SubHardReset                uint8 = 9
	SubBFDDown                  uint8 = 10
)

// ROUTE-REFRESH Message Error subcodes (RFC 7313 section 5).
const (
	SubInvalidMessageLength uint8 = 1
)

var subcodeNames = map[ErrorCode][]string{
	CodeMessageHeader: {1: "Connection Not Synchronized", 2: "Bad Message Length", 3: "Bad Message Type"},
	CodeOpenMessage: {1: "Unsupported Version Number", 2: "Bad Peer AS", 3: "Bad BGP Identifier",
		4: "Unsupported Optional Parameter", 5: "Authentication Failure (deprecated)",
		6: "Unacceptable Hold Time", 7: "Unsupported Capability", 8: "Deprecated (8)",
		9: "Deprecated (9)", 10: "Deprecated (10)", 11: "Role Mismatch"},
	CodeUpdateMessage: {1: "Malformed Attribute List", 2: "Unrecognized Well-known Attribute",
		3: "Missing Well-known Attribute", 4: "Attribute Flags Error", 5: "Attribute Length Error",
		6: "Invalid ORIGIN Attribute", 7: "AS Routing Loop (deprecated)", 8: "Invalid NEXT_HOP Attribute",
		9: "Optional Attribute Error", 10: "Invalid Network Field", 11: "Malformed AS_PATH"},
	CodeFSM: {0: "Unspecified Error", 1: "Receive Unexpected Message in OpenSent State",
		2: "Receive Unexpected Message in OpenConfirm State", 3: "Receive Unexpected Message in Established State"},
	CodeCease: {1: "Maximum Number of Prefixes Reached", 2: "Administrative Shutdown",
		3: "Peer De-configured", 4: "Administrative Reset", 5: "Connection Rejected",
		6: "Other Configuration Change", 7: "Connection Collision Resolution", 8: "Out of Resources",
		9: "Hard Reset", 10: "BFD Down"},
	CodeRouteRefresh: {1: "Invalid Message Length"},
}

// SubcodeName names subcode sub of error code c as the IANA registry does,
// or "Unspecified" for subcode 0 where the code defines none, or
// "Subcode(N)" when unknown.
func SubcodeName(c ErrorCode, sub uint8) string {
	if names := subcodeNames[c]; int(sub) < len(names) && names[sub] != "" {
		return names[sub]
	}
	if sub == 0 {
		return "Unspecified"
	}
	return fmt.Sprintf("Subcode(%d)", sub)
}

// Action is what a receiver does about a malformed message: the RFC 4271
// section 6 session reset or one of the gentler RFC 7606 section 2
// approaches. Actions are ordered by severity; when one UPDATE has several
// errors, the most severe action applies (RFC 7606 section 3 (i)).
type Action uint8

// Error-handling actions, least severe first.
const (
	ActionNone             Action = iota // none
	ActionAttributeDiscard               // attribute-discard
	ActionTreatAsWithdraw                // treat-as-withdraw
	ActionAFISAFIDisable                 // AFI/SAFI-disable
	ActionSessionReset                   // session-reset
)

// Error is a BGP protocol error: the NOTIFICATION to send when the session
// is reset (Code, Subcode, Data), the RFC 7606 Action the receiver takes,
// and where in the message the problem was found.
//
// Decoders return *Error for every protocol violation; errors.As finds it.
type Error struct {
	Code    ErrorCode
	Subcode uint8
	// Data is the NOTIFICATION data field the RFC prescribes for this
	// error (for example the erroneous attribute for most UPDATE errors).
	Data []byte
	// Action is what the receiver must do. Errors outside UPDATE handling
	// always reset the session.
	Action Action
	// Offset is the byte offset, from the first octet of the message (or
	// of the structure handed to the decoder), where the bad field starts;
	// -1 when unknown.
	Offset int
	// Reason names the field that is wrong and how, for people.
	Reason string
}

// Error renders e as "UPDATE Message Error / Malformed AS_PATH at offset
// 37: reason (treat-as-withdraw)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code.String())
	b.WriteString(" / ")
	b.WriteString(SubcodeName(e.Code, e.Subcode))
	if e.Offset >= 0 {
		fmt.Fprintf(&b, " at offset %d", e.Offset)
	}
	if e.Reason != "" {
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
	if e.Action != ActionSessionReset && e.Action != ActionNone {
		fmt.Fprintf(&b, " (%s)", e.Action)
	}
	return b.String()
}

// Notification is the NOTIFICATION message that reports e to the peer.
func (e *Error) Notification() *Notification {
	return &Notification{Code: e.Code, Subcode: e.Subcode, Data: append([]byte(nil), e.Data...)}
}

// errorf builds a session-reset *Error.
func errorf(code ErrorCode, sub uint8, data []byte, offset int, format string, args ...any) *Error {
	return &Error{Code: code, Subcode: sub, Data: data, Action: ActionSessionReset, Offset: offset,
		Reason: fmt.Sprintf(format, args...)}
}

// worse returns whichever of a and b has the more severe action, a on a tie
// (so the first error found is kept).
func worse(a, b *Error) *Error {
	if a == nil || (b != nil && b.Action > a.Action) {
		return b
	}
	return a
}
