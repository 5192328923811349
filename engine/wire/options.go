package wire

// Options is the per-session, per-direction state that changes how
// messages are encoded or decoded. The zero value is a plain RFC 4271
// session: 2-octet AS numbers, no ADD-PATH, 4096-octet messages.
//
// A speaker keeps two values per session: one for what it decodes (ADD-PATH
// families it negotiated to receive) and one for what it encodes (families
// it negotiated to send).
type Options struct {
	// AS4 is set when both speakers advertised the 4-octet AS number
	// capability (RFC 6793 section 3): AS_PATH and AGGREGATOR then carry
	// 4-octet AS numbers and AS4_PATH / AS4_AGGREGATOR are not used.
	AS4 bool

	// ExtendedMessage is set when both speakers advertised the extended
	// message capability (RFC 8654): messages other than OPEN and KEEPALIVE
	// may be up to 65535 octets.
	ExtendedMessage bool

	// AddPath lists the families whose NLRI carry a 4-octet path
	// identifier in this direction (RFC 7911 section 3).
	AddPath []Family

	// RIBEntry decodes path attributes as stored in MRT TABLE_DUMP_V2 RIB
	// entries (RFC 6396 section 4.3.4): MP_REACH_NLRI then holds only the
	// next-hop length and next hop, without AFI, SAFI or NLRI.
	RIBEntry bool
}

// HasAddPath reports whether NLRI of family f carry path identifiers.
func (o *Options) HasAddPath(f Family) bool {
	for _, g := range o.AddPath {
		if g == f {
			return true
		}
	}
	return false
}

// MaxLen is the largest message length allowed for message type t
// (RFC 4271 section 4.1, RFC 8654 section 4).
func (o *Options) MaxLen(t MessageType) int {
	if o.ExtendedMessage && t != TypeOpen && t != TypeKeepalive {
		return MaxExtendedMessageLen
	}
	return MaxMessageLen
}
