package wire

import "net/netip"

//go:generate go tool stringer -type=AttrType,Origin,SegmentType -linecomment -output=attrs_string.go

// AttrType is a path attribute type code (IANA "BGP Path Attributes").
type AttrType uint8

// Path attribute type codes this package decodes.
const (
	AttrOrigin           AttrType = 1  // ORIGIN
	AttrASPath           AttrType = 2  // AS_PATH
	AttrNextHop          AttrType = 3  // NEXT_HOP
	AttrMED              AttrType = 4  // MULTI_EXIT_DISC
	AttrLocalPref        AttrType = 5  // LOCAL_PREF
	AttrAtomicAggregate  AttrType = 6  // ATOMIC_AGGREGATE
	AttrAggregator       AttrType = 7  // AGGREGATOR
	AttrCommunities      AttrType = 8  // COMMUNITIES
	AttrOriginatorID     AttrType = 9  // ORIGINATOR_ID
	AttrClusterList      AttrType = 10 // CLUSTER_LIST
	AttrMPReach          AttrType = 14 // MP_REACH_NLRI
	AttrMPUnreach        AttrType = 15 // MP_UNREACH_NLRI
	AttrExtCommunities   AttrType = 16 // EXTENDED_COMMUNITIES
	AttrAS4Path          AttrType = 17 // AS4_PATH
	AttrAS4Aggregator    AttrType = 18 // AS4_AGGREGATOR
	AttrLargeCommunities AttrType = 32 // LARGE_COMMUNITY
	AttrOTC              AttrType = 35 // OTC
)

// AttrFlags is the flags octet of a path attribute (RFC 4271 section 4.3).
type AttrFlags uint8

// Attribute flag bits.
const (
	FlagOptional       AttrFlags = 0x80
	FlagTransitive     AttrFlags = 0x40
	FlagPartial        AttrFlags = 0x20
	FlagExtendedLength AttrFlags = 0x10
)

// Origin is the value of the ORIGIN attribute (RFC 4271 section 5.1.1).
type Origin uint8

// ORIGIN values, in decision-process order (lower is preferred).
const (
	OriginIGP        Origin = 0 // IGP
	OriginEGP        Origin = 1 // EGP
	OriginIncomplete Origin = 2 // INCOMPLETE
)

// SegmentType is the type of an AS_PATH segment (RFC 4271 section 4.3,
// RFC 5065 section 3).
type SegmentType uint8

// AS_PATH segment types.
const (
	SegmentSet            SegmentType = 1 // AS_SET
	SegmentSequence       SegmentType = 2 // AS_SEQUENCE
	SegmentConfedSequence SegmentType = 3 // AS_CONFED_SEQUENCE
	SegmentConfedSet      SegmentType = 4 // AS_CONFED_SET
)

// Segment is one AS_PATH segment.
type Segment struct {
	Type SegmentType
	ASNs []uint32
}

// ASPath is an AS_PATH or AS4_PATH value: segments in wire order. AS
// numbers are always held as 4-octet values; the session's Options pick the
// encoding.
type ASPath struct {
	Segments []Segment
}

// Aggregator is the value of AGGREGATOR or AS4_AGGREGATOR (RFC 4271
// section 5.1.7, RFC 6793 section 3).
type Aggregator struct {
	AS      uint32
	Address netip.Addr
}

// Community is one RFC 1997 community: the high 16 bits are conventionally
// an AS number, the low 16 bits a value.
type Community uint32

// Well-known communities (IANA "BGP Well-known Communities").
const (
	CommunityGracefulShutdown  Community = 0xFFFF0000 // RFC 8326
	CommunityAcceptOwn         Community = 0xFFFF0001 // RFC 7611
	CommunityLLGRStale         Community = 0xFFFF0006 // RFC 9494
	CommunityNoLLGR            Community = 0xFFFF0007 // RFC 9494
	CommunityBlackhole         Community = 0xFFFF029A // RFC 7999
	CommunityNoExport          Community = 0xFFFFFF01 // RFC 1997
	CommunityNoAdvertise       Community = 0xFFFFFF02 // RFC 1997
	CommunityNoExportSubconfed Community = 0xFFFFFF03 // RFC 1997
	CommunityNoPeer            Community = 0xFFFFFF04 // RFC 3765
)

// ExtCommunity is one RFC 4360 extended community, kept as its 8 octets.
type ExtCommunity [8]byte

// LargeCommunity is one RFC 8092 large community.
type LargeCommunity struct {
	Global, Local1, Local2 uint32
}

// NLRI is one reachable or withdrawn prefix. PathID is the RFC 7911 path
// identifier; it is 0 on sessions without ADD-PATH for the family.
// Prefix is always masked (host bits cleared).
type NLRI struct {
	Prefix netip.Prefix
	PathID uint32
}

// MPReach is the value of MP_REACH_NLRI (RFC 4760 section 3). In the
// abbreviated form of MRT RIB entries (Options.RIBEntry, RFC 6396 section
// 4.3.4) there is no AFI/SAFI or NLRI: Family is then IPv4Unicast for a
// 4-octet next hop and IPv6Unicast otherwise, and the MRT reader knows
// the real family from the RIB subtype.
type MPReach struct {
	Family  Family
	NextHop netip.Addr
	// LinkLocal is the second, link-local next hop of an IPv6 route, if
	// the next hop field was 32 octets long (RFC 2545 section 3).
	LinkLocal netip.Addr
	NLRI      []NLRI
}

// MPUnreach is the value of MP_UNREACH_NLRI (RFC 4760 section 4).
type MPUnreach struct {
	Family    Family
	Withdrawn []NLRI
}

// RawAttr is a path attribute this package does not decode, kept as it
// arrived. Value is owned by the Attributes that holds it. Flags never
// include FlagExtendedLength: the encoder sets it when the value needs it.
type RawAttr struct {
	Flags AttrFlags
	Type  AttrType
	Value []byte
}

// Attributes holds the path attributes of one UPDATE or RIB entry. Which
// attributes are present is tracked separately from their values (see Has),
// so a zero MED and an absent MED are told apart.
//
// An Attributes value is reusable: Decode truncates and refills its slices.
type Attributes struct {
	present [4]uint64 // bit t set: attribute type t is present
	partial [4]uint64 // bit t set: attribute type t arrived with the Partial flag

	Origin           Origin
	ASPath           ASPath
	NextHop          netip.Addr
	MED              uint32
	LocalPref        uint32
	Aggregator       Aggregator
	Communities      []Community
	OriginatorID     netip.Addr
	ClusterList      []netip.Addr
	MPReach          MPReach
	MPUnreach        MPUnreach
	ExtCommunities   []ExtCommunity
	AS4Path          ASPath
	AS4Aggregator    Aggregator
	LargeCommunities []LargeCommunity
	OTC              uint32
	// Unknown holds unrecognised attributes in arrival order.
	Unknown []RawAttr

	raw []byte // backing store for Unknown values
}

// Has reports whether attribute t is present. ATOMIC_AGGREGATE has no
// value: its presence is its meaning.
func (a *Attributes) Has(t AttrType) bool { return a.present[t>>6]&(1<<(t&63)) != 0 }

// Set marks attribute t present; the caller sets its value field.
func (a *Attributes) Set(t AttrType) { a.present[t>>6] |= 1 << (t & 63) }

// Clear marks attribute t absent.
func (a *Attributes) Clear(t AttrType) {
	a.present[t>>6] &^= 1 << (t & 63)
	a.partial[t>>6] &^= 1 << (t & 63)
}

// Partial reports whether attribute t arrived with the Partial flag set
// (RFC 4271 section 5: an optional transitive attribute that some speaker
// on the path did not recognise). The encoder keeps the flag.
func (a *Attributes) Partial(t AttrType) bool { return a.partial[t>>6]&(1<<(t&63)) != 0 }

// SetPartial records the Partial flag of attribute t.
func (a *Attributes) SetPartial(t AttrType, on bool) {
	if on {
		a.partial[t>>6] |= 1 << (t & 63)
	} else {
		a.partial[t>>6] &^= 1 << (t & 63)
	}
}

// Reset empties a, keeping slice capacity for reuse.
func (a *Attributes) Reset() {
	a.present = [4]uint64{}
	a.partial = [4]uint64{}
	a.Origin = 0
	a.ASPath.Segments = a.ASPath.Segments[:0]
	a.NextHop = netip.Addr{}
	a.MED, a.LocalPref, a.OTC = 0, 0, 0
	a.Aggregator, a.AS4Aggregator = Aggregator{}, Aggregator{}
	a.Communities = a.Communities[:0]
	a.OriginatorID = netip.Addr{}
	a.ClusterList = a.ClusterList[:0]
	a.MPReach = MPReach{NLRI: a.MPReach.NLRI[:0]}
	a.MPUnreach = MPUnreach{Withdrawn: a.MPUnreach.Withdrawn[:0]}
	a.ExtCommunities = a.ExtCommunities[:0]
	a.AS4Path.Segments = a.AS4Path.Segments[:0]
	a.LargeCommunities = a.LargeCommunities[:0]
	a.Unknown = a.Unknown[:0]
	a.raw = a.raw[:0]
}
