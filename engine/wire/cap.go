package wire

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
)

//go:generate go tool stringer -type=CapabilityCode,Role,AddPathMode -linecomment -output=cap_string.go

// CapabilityCode identifies a capability advertised in an OPEN message
// (RFC 5492 section 4, IANA "Capability Codes").
type CapabilityCode uint8

// Capability codes. The ones marked "named only" are recognised by name
// for display but decoded as raw bytes.
const (
	CapMultiprotocol        CapabilityCode = 1   // Multiprotocol Extensions
	CapRouteRefresh         CapabilityCode = 2   // Route Refresh
	CapORF                  CapabilityCode = 3   // Outbound Route Filtering
	CapExtendedNextHop      CapabilityCode = 5   // Extended Next Hop Encoding
	CapExtendedMessage      CapabilityCode = 6   // Extended Message
	CapRole                 CapabilityCode = 9   // BGP Role
	CapGracefulRestart      CapabilityCode = 64  // Graceful Restart
	CapAS4                  CapabilityCode = 65  // 4-octet AS Number
	CapAddPath              CapabilityCode = 69  // ADD-PATH
	CapEnhancedRouteRefresh CapabilityCode = 70  // Enhanced Route Refresh
	CapLongLivedGR          CapabilityCode = 71  // Long-Lived Graceful Restart
	CapFQDN                 CapabilityCode = 73  // FQDN
	CapSoftwareVersion      CapabilityCode = 75  // Software Version
	CapRouteRefreshCisco    CapabilityCode = 128 // Route Refresh (Cisco)
)

// Decoded reports whether this package decodes capability c into typed
// fields; other codes are kept as raw bytes in Capability.Raw.
func (c CapabilityCode) Decoded() bool {
	switch c {
	case CapMultiprotocol, CapRouteRefresh, CapExtendedMessage, CapRole, CapGracefulRestart,
		CapAS4, CapAddPath, CapEnhancedRouteRefresh, CapRouteRefreshCisco:
		return true
	}
	return false
}

// name is the capability's IANA name, or "Capability N" for a code without
// one.
func (c CapabilityCode) name() string {
	s := c.String()
	if strings.HasPrefix(s, "CapabilityCode(") {
		return "Capability " + strconv.Itoa(int(c))
	}
	return s
}

// Capability is one capability of an OPEN message (RFC 5492 section 4):
//
//	+------------------------------+
//	| Capability Code (1 octet)    |
//	+------------------------------+
//	| Capability Length (1 octet)  |
//	+------------------------------+
//	| Capability Value (variable)  |
//	~                              ~
//	+------------------------------+
//
// Capability is one struct with a typed field per kind of capability
// rather than an interface with one concrete type per code: an OPEN's
// capabilities then live in a single []Capability whose elements, and the
// slices inside them, are truncated and refilled when an Open is decoded
// again, so a reused Open decodes without allocating. Only the fields for
// Code are meaningful; the others are zero (or empty).
//
// Route Refresh (2, RFC 2918), the deprecated Cisco Route Refresh (128),
// Extended Message (6, RFC 8654) and Enhanced Route Refresh (70, RFC 7313)
// have no value.
type Capability struct {
	Code CapabilityCode

	// Family is the value of Multiprotocol Extensions (RFC 4760 section 8).
	Family Family
	// AS4 is the value of 4-octet AS Number (RFC 6793 section 3).
	AS4 uint32
	// Role is the value of BGP Role (RFC 9234 section 4.1).
	Role Role
	// GracefulRestart is the value of Graceful Restart (RFC 4724 section 3).
	GracefulRestart GracefulRestartCap
	// AddPath is the value of ADD-PATH (RFC 7911 section 4), one entry per
	// family.
	AddPath []AddPathFamily
	// Raw is the value of a capability this package does not decode (see
	// CapabilityCode.Decoded), copied from the message.
	Raw []byte
}

// Capability constructors for a speaker building its OPEN.

// MultiprotocolCap advertises family f (RFC 4760 section 8).
func MultiprotocolCap(f Family) Capability { return Capability{Code: CapMultiprotocol, Family: f} }

// AS4Cap advertises the 4-octet AS number as (RFC 6793 section 3).
func AS4Cap(as uint32) Capability { return Capability{Code: CapAS4, AS4: as} }

// RoleCap advertises BGP role r (RFC 9234 section 4.1).
func RoleCap(r Role) Capability { return Capability{Code: CapRole, Role: r} }

// FlagCap is a capability without a value: CapRouteRefresh,
// CapEnhancedRouteRefresh, CapExtendedMessage or CapRouteRefreshCisco.
func FlagCap(code CapabilityCode) Capability { return Capability{Code: code} }

// GracefulRestartCapability advertises graceful restart (RFC 4724 section 3).
func GracefulRestartCapability(gr GracefulRestartCap) Capability {
	return Capability{Code: CapGracefulRestart, GracefulRestart: gr}
}

// AddPathCap advertises ADD-PATH for the given families (RFC 7911 section 4).
func AddPathCap(fams ...AddPathFamily) Capability {
	return Capability{Code: CapAddPath, AddPath: fams}
}

// reset empties c for reuse as a capability with code code, keeping the
// capacity of its slices.
func (c *Capability) reset(code CapabilityCode) {
	*c = Capability{
		Code:            code,
		GracefulRestart: GracefulRestartCap{Families: c.GracefulRestart.Families[:0]},
		AddPath:         c.AddPath[:0],
		Raw:             c.Raw[:0],
	}
}

// valueLen is the length of the encoded value.
func (c *Capability) valueLen() int {
	switch c.Code {
	case CapMultiprotocol, CapAS4:
		return 4
	case CapRouteRefresh, CapRouteRefreshCisco, CapExtendedMessage, CapEnhancedRouteRefresh:
		return 0
	case CapRole:
		return 1
	case CapGracefulRestart:
		return 2 + 4*len(c.GracefulRestart.Families)
	case CapAddPath:
		return 4 * len(c.AddPath)
	}
	return len(c.Raw)
}

// appendCap appends code, length and value.
func (c *Capability) appendCap(b []byte) ([]byte, error) {
	n := c.valueLen()
	if n > 255 {
		return b, fmt.Errorf("wire: %s capability value of %d octets exceeds 255", c.Code.name(), n)
	}
	if c.Code == CapGracefulRestart && c.GracefulRestart.Time > MaxRestartTime {
		return b, fmt.Errorf("wire: graceful restart time %d exceeds %d", c.GracefulRestart.Time, MaxRestartTime)
	}
	b = append(b, byte(c.Code), byte(n))
	switch c.Code {
	case CapMultiprotocol:
		b = binary.BigEndian.AppendUint16(b, uint16(c.Family.AFI))
		b = append(b, 0, byte(c.Family.SAFI))
	case CapAS4:
		b = binary.BigEndian.AppendUint32(b, c.AS4)
	case CapRouteRefresh, CapRouteRefreshCisco, CapExtendedMessage, CapEnhancedRouteRefresh:
	case CapRole:
		b = append(b, byte(c.Role))
	case CapGracefulRestart:
		b = c.GracefulRestart.append(b)
	case CapAddPath:
		for _, f := range c.AddPath {
			b = binary.BigEndian.AppendUint16(b, uint16(f.Family.AFI))
			b = append(b, byte(f.Family.SAFI), byte(f.Mode))
		}
	default:
		b = append(b, c.Raw...)
	}
	return b, nil
}

// decodeValue decodes the value v of a capability whose code is already
// in c.Code. off is the message offset of the capability's first octet,
// for errors.
func (c *Capability) decodeValue(v []byte, off int, an *annotator) error {
	bad := func(want string) error {
		return errorf(CodeOpenMessage, SubOpenUnspecific, nil, off,
			"%s capability value is %d octets, must be %s", c.Code.name(), len(v), want)
	}
	switch c.Code {
	case CapMultiprotocol:
		if len(v) != 4 {
			return bad("4")
		}
		c.Family = Family{AFI(binary.BigEndian.Uint16(v)), SAFI(v[3])}
		if an != nil {
			an.leaf("AFI", v[0:2], c.Family.AFI.String())
			an.leaf("reserved", v[2:3], strconv.Itoa(int(v[2])))
			an.leaf("SAFI", v[3:4], c.Family.SAFI.String())
		}
	case CapAS4:
		if len(v) != 4 {
			return bad("4")
		}
		c.AS4 = binary.BigEndian.Uint32(v)
		if an != nil {
			an.leaf("AS number", v, strconv.FormatUint(uint64(c.AS4), 10))
		}
	case CapRouteRefresh, CapRouteRefreshCisco, CapExtendedMessage, CapEnhancedRouteRefresh:
		if len(v) != 0 {
			return bad("empty")
		}
	case CapRole:
		if len(v) != 1 {
			return bad("1")
		}
		c.Role = Role(v[0])
		if an != nil {
			an.leaf("role", v, c.Role.String())
		}
	case CapGracefulRestart:
		if len(v) < 2 || (len(v)-2)%4 != 0 {
			return bad("2 plus 4 per family")
		}
		c.GracefulRestart.decode(v, an)
	case CapAddPath:
		if len(v)%4 != 0 {
			return bad("4 per family")
		}
		decodeAddPath(c, v, an)
	default:
		c.Raw = append(c.Raw[:0], v...)
		if an != nil && len(v) > 0 {
			an.leaf("value", v, hexString(v))
		}
	}
	return nil
}

// String renders c for people, such as "Multiprotocol Extensions:
// ipv6-unicast" or "4-octet AS Number: 4200000001".
func (c *Capability) String() string {
	name := c.Code.name()
	switch c.Code {
	case CapMultiprotocol:
		return name + ": " + c.Family.String()
	case CapAS4:
		return name + ": " + strconv.FormatUint(uint64(c.AS4), 10)
	case CapRole:
		return name + ": " + c.Role.String()
	case CapGracefulRestart:
		return name + ": " + c.GracefulRestart.String()
	case CapAddPath:
		parts := make([]string, len(c.AddPath))
		for i, f := range c.AddPath {
			parts[i] = f.String()
		}
		return name + ": " + strings.Join(parts, ", ")
	case CapRouteRefresh, CapRouteRefreshCisco, CapExtendedMessage, CapEnhancedRouteRefresh:
		return name
	}
	if len(c.Raw) == 0 {
		return name
	}
	return name + ": " + hexString(c.Raw)
}
