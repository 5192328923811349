package mrt

import (
	"net/netip"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// Record is one MRT record. Exactly one of the body pointers is set,
// according to Header.Type and Header.Subtype.
//
// The Reader reuses one Record, and the values it points to, from call to
// call of Next: a Record and everything it holds is valid until the next
// call. Copy what must outlive it.
type Record struct {
	Header
	// Offset is the byte offset of the record's first header octet in the
	// decompressed stream.
	Offset int64

	TableDump *TableDump         // TABLE_DUMP
	PeerIndex *PeerIndexTable    // TABLE_DUMP_V2 PEER_INDEX_TABLE
	RIB       *RIB               // TABLE_DUMP_V2 RIB_* (unicast, ADD-PATH or not)
	Message   *BGP4MPMessage     // BGP4MP(_ET) MESSAGE*
	State     *BGP4MPStateChange // BGP4MP(_ET) STATE_CHANGE*

	// Peers is the PEER_INDEX_TABLE in force for a RIB record: the last
	// one read before it. RIB entries name their peer by index into it.
	Peers *PeerIndexTable
}

// Problems returns the protocol problems found in the record's BGP
// attributes or message, as *EntryError values; nil when there are none.
func (rec *Record) Problems() []error {
	var errs []error
	add := func(entry int, err error) {
		if err != nil {
			errs = append(errs, &EntryError{Offset: rec.Offset, Header: rec.Header, Entry: entry, Err: err})
		}
	}
	switch {
	case rec.TableDump != nil:
		add(-1, rec.TableDump.Err)
	case rec.RIB != nil:
		for i := range rec.RIB.Entries {
			add(i, rec.RIB.Entries[i].Err)
		}
	case rec.Message != nil:
		add(-1, rec.Message.Err)
	}
	return errs
}

// TableDump is a TABLE_DUMP record (RFC 6396 section 4.2): one route of
// one peer. Subtype 1 (AFI_IPv4) has 4-octet prefix and peer addresses,
// subtype 2 (AFI_IPv6) 16-octet ones; AS numbers are 2 octets.
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|         View Number           |       Sequence Number         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                        Prefix (variable)                      |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	| Prefix Length |    Status     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                         Originated Time                       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                    Peer IP Address (variable)                 |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|           Peer AS             |       Attribute Length        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                   BGP Attribute... (variable)
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
type TableDump struct {
	View           uint16
	Sequence       uint16
	Prefix         netip.Prefix // masked
	Status         uint8
	OriginatedTime uint32
	PeerIP         netip.Addr
	PeerAS         uint32 // 2 octets on the wire
	Attrs          wire.Attributes
	// Err is a protocol problem found while decoding Attrs; Attrs holds
	// what could be decoded.
	Err error

	mpAbbrev bool // MP_REACH_NLRI was in the RFC 6396 section 4.3.4 short form
}

// PeerIndexTable is the TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 section
// 4.3.1). RIB records that follow it name their peers by index into Peers.
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                      Collector BGP ID                         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|       View Name Length        |     View Name (variable)      |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|          Peer Count           |    Peer Entries (variable)
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
type PeerIndexTable struct {
	CollectorID netip.Addr // 4 octets
	ViewName    string
	Peers       []Peer
}

// Peer is one entry of the PEER_INDEX_TABLE (RFC 6396 section 4.3.1). The
// Peer Type octet says how long the address and AS number are: bit 0x01
// set for an IPv6 address, bit 0x02 set for a 4-octet AS number.
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+
//	|   Peer Type   |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                         Peer BGP ID                           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                   Peer IP Address (variable)                  |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                        Peer AS (variable)                     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
type Peer struct {
	BGPID netip.Addr
	IP    netip.Addr // IPv4 or IPv6, as the Peer Type says
	AS    uint32
	// AS2 is set when the AS number was (or is to be) written in 2
	// octets (Peer Type bit 0x02 clear). The writer uses 4 octets unless
	// AS2 is set and the number fits.
	AS2 bool
}

// Peer type bits (RFC 6396 section 4.3.1).
const (
	peerTypeIPv6 = 0x01
	peerTypeAS4  = 0x02
)

// RIB is a TABLE_DUMP_V2 RIB_IPV4_UNICAST or RIB_IPV6_UNICAST record
// (RFC 6396 section 4.3.2) or its RFC 8050 ADD-PATH variant: one prefix
// and the routes of every peer for it.
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                         Sequence Number                       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	| Prefix Length |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                        Prefix (variable)                      |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|         Entry Count           |  RIB Entries (variable)
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
type RIB struct {
	Family   wire.Family // IPv4 or IPv6 unicast
	AddPath  bool        // RIB_*_ADDPATH subtype: entries carry path IDs
	Sequence uint32
	Prefix   netip.Prefix // masked
	Entries  []RIBEntry
}

// RIBEntry is one route of a RIB record (RFC 6396 section 4.3.4, with the
// RFC 8050 section 4 path identifier in the ADD-PATH subtypes). Attributes
// use 4-octet AS numbers, and MP_REACH_NLRI holds only the next hop.
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|         Peer Index            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                         Originated Time                       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                      Path Identifier (ADD-PATH only)          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|      Attribute Length         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                    BGP Attributes... (variable)
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
type RIBEntry struct {
	PeerIndex      uint16
	OriginatedTime uint32
	PathID         uint32
	Attrs          wire.Attributes
	// Err is a protocol problem found while decoding Attrs; Attrs holds
	// what could be decoded.
	Err error

	mpAbbrev bool // MP_REACH_NLRI was in the section 4.3.4 short form
}

// BGP4MPPeer is the part common to every BGP4MP record (RFC 6396 section
// 4.4): who the session was between. AS numbers are 2 octets in the plain
// subtypes and 4 octets in the _AS4 ones; the addresses are as long as
// Address Family says.
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|         Peer AS Number        |        Local AS Number        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|        Interface Index        |        Address Family         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                      Peer IP Address (variable)               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                      Local IP Address (variable)              |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
type BGP4MPPeer struct {
	PeerAS    uint32
	LocalAS   uint32
	Interface uint16
	AFI       wire.AFI // of PeerIP and LocalIP
	PeerIP    netip.Addr
	LocalIP   netip.Addr
	// AS4 is set for the _AS4 subtypes: AS numbers here and in the BGP
	// message are 4 octets (RFC 6396 section 4.4.3).
	AS4 bool
}

// BGP4MPMessage is a BGP4MP MESSAGE record of any flavour (RFC 6396
// sections 4.4.2-4.4.6, RFC 8050 section 3): the BGP4MPPeer fields, then a
// whole BGP message, header included.
//
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                  BGP4MPPeer fields (see there)                |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                    BGP Message... (variable)
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The _LOCAL subtypes record messages the collector sent rather than
// received; the _ADDPATH subtypes carry RFC 7911 path identifiers in the
// NLRI of the UPDATE.
type BGP4MPMessage struct {
	BGP4MPPeer
	Local   bool // a _LOCAL subtype
	AddPath bool // an _ADDPATH subtype

	// MsgType is the BGP message type from the message header.
	MsgType wire.MessageType
	// Raw is the whole BGP message as recorded, header included. The
	// Writer writes Raw when it is set, and encodes Update otherwise.
	Raw []byte
	// Update is the decoded message when MsgType is UPDATE.
	Update wire.Update
	// Err is a protocol problem in the BGP message (usually a *wire.Error
	// with its RFC 7606 action). Update holds what could be decoded.
	Err error
}

// Options returns the wire options the message is encoded with: AS4 for
// the _AS4 subtypes, ADD-PATH for IPv4 and IPv6 unicast for the _ADDPATH
// subtypes, and extended message lengths (collectors record what they
// got).
func (m *BGP4MPMessage) Options() wire.Options {
	opt := wire.Options{AS4: m.AS4, ExtendedMessage: true}
	if m.AddPath {
		opt.AddPath = addPathFamilies
	}
	return opt
}

var addPathFamilies = []wire.Family{wire.IPv4Unicast, wire.IPv6Unicast}

// BGP4MPStateChange is a BGP4MP STATE_CHANGE or STATE_CHANGE_AS4 record
// (RFC 6396 sections 4.4.1 and 4.4.4): the BGP4MPPeer fields, then the
// session's old and new FSM state (1 Idle, 2 Connect, 3 Active,
// 4 OpenSent, 5 OpenConfirm, 6 Established).
//
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                  BGP4MPPeer fields (see there)                |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|            Old State          |          New State            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
type BGP4MPStateChange struct {
	BGP4MPPeer
	OldState uint16
	NewState uint16
}

// bgp4mpFlavours maps each BGP4MP MESSAGE subtype to its flavour.
var bgp4mpFlavours = [...]struct {
	ok, as4, local, addPath bool
}{
	SubtypeBGP4MPMessage:                {ok: true},
	SubtypeBGP4MPMessageAS4:             {ok: true, as4: true},
	SubtypeBGP4MPMessageLocal:           {ok: true, local: true},
	SubtypeBGP4MPMessageAS4Local:        {ok: true, as4: true, local: true},
	SubtypeBGP4MPMessageAddPath:         {ok: true, addPath: true},
	SubtypeBGP4MPMessageAS4AddPath:      {ok: true, as4: true, addPath: true},
	SubtypeBGP4MPMessageLocalAddPath:    {ok: true, local: true, addPath: true},
	SubtypeBGP4MPMessageAS4LocalAddPath: {ok: true, as4: true, local: true, addPath: true},
}

// bgp4mpSubtype is the MESSAGE subtype for the given flavour.
func bgp4mpSubtype(as4, local, addPath bool) uint16 {
	for s, f := range bgp4mpFlavours {
		if f.ok && f.as4 == as4 && f.local == local && f.addPath == addPath {
			return uint16(s)
		}
	}
	return SubtypeBGP4MPMessage // not reached
}
