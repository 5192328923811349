package wire

import (
	"encoding/binary"
	"fmt"
)

//go:generate go tool stringer -type=RefreshSubtype -linecomment -output=routerefresh_string.go

// RefreshSubtype is the Message Subtype of a ROUTE-REFRESH message
// (RFC 7313 section 3). RFC 2918 called this octet Reserved and sent 0.
type RefreshSubtype uint8

// ROUTE-REFRESH subtypes (IANA "BGP Route Refresh Subcodes").
const (
	RefreshNormal RefreshSubtype = 0 // Route-Refresh
	RefreshBoRR   RefreshSubtype = 1 // BoRR
	RefreshEoRR   RefreshSubtype = 2 // EoRR
)

// Known reports whether s is one of the subtypes RFC 7313 defines. A
// receiver MUST ignore a ROUTE-REFRESH with any other subtype (RFC 7313
// section 5); the decoder still decodes it so the caller can log it.
func (s RefreshSubtype) Known() bool { return s <= RefreshEoRR }

// RouteRefreshLen is the only valid length of a ROUTE-REFRESH message,
// header included (RFC 2918 section 3).
const RouteRefreshLen = HeaderLen + 4

// RouteRefresh is a ROUTE-REFRESH message (RFC 2918 section 3, RFC 7313
// section 3). It asks the peer to resend its Adj-RIB-Out for one family
// (subtype 0), or, with enhanced route refresh, marks the beginning (BoRR)
// and end (EoRR) of such a resend:
//
//	 0       7      15      23      31
//	+-------+-------+-------+-------+
//	|      AFI      | Subtype | SAFI  |
//	+-------+-------+-------+-------+
type RouteRefresh struct {
	Family  Family
	Subtype RefreshSubtype
}

// Type is TypeRouteRefresh.
func (*RouteRefresh) Type() MessageType { return TypeRouteRefresh }

// AppendBody appends AFI, subtype and SAFI.
func (r *RouteRefresh) AppendBody(b []byte, _ Options) ([]byte, error) {
	b = binary.BigEndian.AppendUint16(b, uint16(r.Family.AFI))
	return append(b, byte(r.Subtype), byte(r.Family.SAFI)), nil
}

// DecodeBody decodes a ROUTE-REFRESH body (everything after the header).
//
// A body that is not exactly 4 octets is ROUTE-REFRESH Message Error /
// Invalid Message Length, whose data is the complete ROUTE-REFRESH message
// (RFC 7313 section 5). RFC 7313 prescribes this for BoRR and EoRR; this
// package applies it to every subtype, since the only other use of a
// longer message, Outbound Route Filtering (RFC 5291), is not supported.
// The complete message is rebuilt from b (its header is determined by the
// body), truncated if needed so that the NOTIFICATION fits 4096 octets.
func (r *RouteRefresh) DecodeBody(b []byte) error { return r.decodeBody(b, nil) }

func (r *RouteRefresh) decodeBody(b []byte, an *annotator) error {
	*r = RouteRefresh{}
	if len(b) != 4 {
		return &Error{Code: CodeRouteRefresh, Subcode: SubInvalidMessageLength, Data: refreshData(b),
			Action: ActionSessionReset, Offset: 16,
			Reason: fmt.Sprintf("ROUTE-REFRESH must be %d octets long, is %d", RouteRefreshLen, HeaderLen+len(b))}
	}
	r.Family = Family{AFI(binary.BigEndian.Uint16(b)), SAFI(b[3])}
	r.Subtype = RefreshSubtype(b[2])
	if an != nil {
		an.leaf("AFI", b[0:2], r.Family.AFI.String())
		sub := r.Subtype.String()
		if !r.Subtype.Known() {
			sub += " (unknown: the receiver ignores this message, RFC 7313 section 5)"
		}
		an.leaf("subtype", b[2:3], sub)
		an.leaf("SAFI", b[3:4], r.Family.SAFI.String())
	}
	return nil
}

// refreshData is the complete ROUTE-REFRESH message whose body is b, at
// most as long as a NOTIFICATION without extended messages can carry.
func refreshData(b []byte) []byte {
	n := min(HeaderLen+len(b), MaxMessageLen-(HeaderLen+2))
	d := make([]byte, 0, n)
	d = append(d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
	d = append(d, msgLenField(len(b))...)
	d = append(d, byte(TypeRouteRefresh))
	return append(d, b[:n-HeaderLen]...)
}

// String renders r as "ROUTE-REFRESH ipv4-unicast" or "BoRR ipv6-unicast".
func (r *RouteRefresh) String() string {
	if r.Subtype == RefreshNormal {
		return "ROUTE-REFRESH " + r.Family.String()
	}
	return r.Subtype.String() + " " + r.Family.String()
}
