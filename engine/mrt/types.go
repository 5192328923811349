package mrt

import "strconv"

//go:generate go tool stringer -type=Type -linecomment -output=types_string.go

// Type is the MRT record type (RFC 6396 section 4, IANA "MRT Types").
type Type uint16

// Record types this package knows by name.
const (
	TypeOSPFv2      Type = 11 // OSPFv2
	TypeTableDump   Type = 12 // TABLE_DUMP
	TypeTableDumpV2 Type = 13 // TABLE_DUMP_V2
	TypeBGP4MP      Type = 16 // BGP4MP
	TypeBGP4MPET    Type = 17 // BGP4MP_ET
	TypeISIS        Type = 32 // ISIS
	TypeISISET      Type = 33 // ISIS_ET
	TypeOSPFv3      Type = 48 // OSPFv3
	TypeOSPFv3ET    Type = 49 // OSPFv3_ET
)

// TABLE_DUMP subtypes: the address family of the prefix and peer
// (RFC 6396 section 4.2).
const (
	SubtypeAFIIPv4 uint16 = 1
	SubtypeAFIIPv6 uint16 = 2
)

// TABLE_DUMP_V2 subtypes (RFC 6396 section 4.3, RFC 8050 section 4).
const (
	SubtypePeerIndexTable          uint16 = 1
	SubtypeRIBIPv4Unicast          uint16 = 2
	SubtypeRIBIPv4Multicast        uint16 = 3
	SubtypeRIBIPv6Unicast          uint16 = 4
	SubtypeRIBIPv6Multicast        uint16 = 5
	SubtypeRIBGeneric              uint16 = 6
	SubtypeGeoPeerTable            uint16 = 7
	SubtypeRIBIPv4UnicastAddPath   uint16 = 8
	SubtypeRIBIPv4MulticastAddPath uint16 = 9
	SubtypeRIBIPv6UnicastAddPath   uint16 = 10
	SubtypeRIBIPv6MulticastAddPath uint16 = 11
	SubtypeRIBGenericAddPath       uint16 = 12
)

// BGP4MP and BGP4MP_ET subtypes (RFC 6396 section 4.4, RFC 8050 section 3).
const (
	SubtypeBGP4MPStateChange            uint16 = 0
	SubtypeBGP4MPMessage                uint16 = 1
	SubtypeBGP4MPMessageAS4             uint16 = 4
	SubtypeBGP4MPStateChangeAS4         uint16 = 5
	SubtypeBGP4MPMessageLocal           uint16 = 6
	SubtypeBGP4MPMessageAS4Local        uint16 = 7
	SubtypeBGP4MPMessageAddPath         uint16 = 8
	SubtypeBGP4MPMessageAS4AddPath      uint16 = 9
	SubtypeBGP4MPMessageLocalAddPath    uint16 = 10
	SubtypeBGP4MPMessageAS4LocalAddPath uint16 = 11
)

var tableDumpV2Names = [...]string{
	SubtypePeerIndexTable:          "PEER_INDEX_TABLE",
	SubtypeRIBIPv4Unicast:          "RIB_IPV4_UNICAST",
	SubtypeRIBIPv4Multicast:        "RIB_IPV4_MULTICAST",
	SubtypeRIBIPv6Unicast:          "RIB_IPV6_UNICAST",
	SubtypeRIBIPv6Multicast:        "RIB_IPV6_MULTICAST",
	SubtypeRIBGeneric:              "RIB_GENERIC",
	SubtypeGeoPeerTable:            "GEO_PEER_TABLE",
	SubtypeRIBIPv4UnicastAddPath:   "RIB_IPV4_UNICAST_ADDPATH",
	SubtypeRIBIPv4MulticastAddPath: "RIB_IPV4_MULTICAST_ADDPATH",
	SubtypeRIBIPv6UnicastAddPath:   "RIB_IPV6_UNICAST_ADDPATH",
	SubtypeRIBIPv6MulticastAddPath: "RIB_IPV6_MULTICAST_ADDPATH",
	SubtypeRIBGenericAddPath:       "RIB_GENERIC_ADDPATH",
}

var bgp4mpNames = [...]string{
	SubtypeBGP4MPStateChange:            "STATE_CHANGE",
	SubtypeBGP4MPMessage:                "MESSAGE",
	2:                                   "ENTRY",
	3:                                   "SNAPSHOT",
	SubtypeBGP4MPMessageAS4:             "MESSAGE_AS4",
	SubtypeBGP4MPStateChangeAS4:         "STATE_CHANGE_AS4",
	SubtypeBGP4MPMessageLocal:           "MESSAGE_LOCAL",
	SubtypeBGP4MPMessageAS4Local:        "MESSAGE_AS4_LOCAL",
	SubtypeBGP4MPMessageAddPath:         "MESSAGE_ADDPATH",
	SubtypeBGP4MPMessageAS4AddPath:      "MESSAGE_AS4_ADDPATH",
	SubtypeBGP4MPMessageLocalAddPath:    "MESSAGE_LOCAL_ADDPATH",
	SubtypeBGP4MPMessageAS4LocalAddPath: "MESSAGE_AS4_LOCAL_ADDPATH",
}

// SubtypeName names subtype s of record type t as RFC 6396 and RFC 8050
// do ("RIB_IPV4_UNICAST", "MESSAGE_AS4"), or numerically when unknown.
func SubtypeName(t Type, s uint16) string {
	switch t {
	case TypeTableDump:
		switch s {
		case SubtypeAFIIPv4:
			return "AFI_IPv4"
		case SubtypeAFIIPv6:
			return "AFI_IPv6"
		}
	case TypeTableDumpV2:
		if int(s) < len(tableDumpV2Names) && tableDumpV2Names[s] != "" {
			return tableDumpV2Names[s]
		}
	case TypeBGP4MP, TypeBGP4MPET:
		if int(s) < len(bgp4mpNames) {
			return bgp4mpNames[s]
		}
	}
	return "subtype " + strconv.Itoa(int(s))
}

// Header is the common header of every MRT record (RFC 6396 section 2),
// with the microsecond field of the extended-timestamp types (section 3):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                           Timestamp                           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|             Type              |            Subtype            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                             Length                            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                      Microsecond Timestamp                    |  (_ET types only)
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                      Message... (variable)
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Length counts the octets after the 12-octet header, the microsecond
// field of the _ET types included.
type Header struct {
	Timestamp    uint32 // seconds since the Unix epoch, UTC
	Type         Type
	Subtype      uint16
	Length       uint32
	Microseconds uint32 // _ET types only
}

// HeaderLen is the size of the common MRT header.
const HeaderLen = 12

// extendedTime reports whether records of type t carry the microsecond
// field (RFC 6396 section 3).
func (t Type) extendedTime() bool {
	return t == TypeBGP4MPET || t == TypeISISET || t == TypeOSPFv3ET
}

// String renders h's type and subtype as "TABLE_DUMP_V2/RIB_IPV4_UNICAST".
func (h Header) String() string { return h.Type.String() + "/" + SubtypeName(h.Type, h.Subtype) }
