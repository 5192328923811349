package wire

import "fmt"

//go:generate go tool stringer -type=AFI,SAFI -linecomment -output=family_string.go

// AFI is an Address Family Identifier (IANA "Address Family Numbers"),
// as carried in MP_REACH_NLRI, MP_UNREACH_NLRI and capabilities (RFC 4760).
type AFI uint16

// Address families this package decodes.
const (
	AFIIPv4 AFI = 1 // IPv4
	AFIIPv6 AFI = 2 // IPv6
)

// SAFI is a Subsequent Address Family Identifier (RFC 4760 section 6).
type SAFI uint8

// Subsequent address families this package decodes.
const (
	SAFIUnicast   SAFI = 1 // unicast
	SAFIMulticast SAFI = 2 // multicast
)

// Family is an AFI/SAFI pair.
type Family struct {
	AFI  AFI
	SAFI SAFI
}

// The families whose NLRI this package decodes.
var (
	IPv4Unicast = Family{AFIIPv4, SAFIUnicast}
	IPv6Unicast = Family{AFIIPv6, SAFIUnicast}
)

// String renders f as "ipv4-unicast", or numerically when unknown.
func (f Family) String() string {
	var a, s string
	switch f.AFI {
	case AFIIPv4:
		a = "ipv4"
	case AFIIPv6:
		a = "ipv6"
	default:
		a = fmt.Sprintf("afi%d", uint16(f.AFI))
	}
	switch f.SAFI {
	case SAFIUnicast:
		s = "unicast"
	case SAFIMulticast:
		s = "multicast"
	default:
		s = fmt.Sprintf("safi%d", uint8(f.SAFI))
	}
	return a + "-" + s
}

// addrLen is the byte length of an address of the family's AFI, or 0 for
// an AFI whose addresses this package does not know.
func (f Family) addrLen() int {
	switch f.AFI {
	case AFIIPv4:
		return 4
	case AFIIPv6:
		return 16
	}
	return 0
}
