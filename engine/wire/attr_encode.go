package wire

import (
	"encoding/binary"
	"errors"
	mathbits "math/bits"
)

var (
	errAttrTooLong = errors.New("wire: path attribute value exceeds 65535 octets")
	errNextHop     = errors.New("wire: NEXT_HOP is not an IPv4 address")
	errAddress     = errors.New("wire: AGGREGATOR, ORIGINATOR_ID or CLUSTER_LIST address is not IPv4")
)

// Attributes are written with MP_REACH_NLRI and MP_UNREACH_NLRI first, as
// RFC 7606 section 5.1 requires ("SHALL be encoded as the very first path
// attribute"), so that a receiver can treat-as-withdraw even if a later
// attribute is malformed; then the rest in ascending type order.

// Append appends the path attribute block (without the 2-octet Total Path
// Attribute Length) for a session with options opt.
//
// Each attribute that is Set is written with its canonical flags, plus
// Partial where recorded for an optional transitive attribute, and the
// Extended Length flag only when its value exceeds 255 octets. Unknown
// attributes keep their flags. On a session without 4-octet AS support,
// AS numbers above 65535 in AS_PATH and AGGREGATOR become AS_TRANS and
// AS4_PATH / AS4_AGGREGATOR carry the real values (RFC 6793 section
// 4.2.2); AS4_PATH / AS4_AGGREGATOR that were Set are written unchanged
// when not needed for that. On a 4-octet session they are never written.
// With opt.RIBEntry, MP_REACH_NLRI is written in the abbreviated form of
// RFC 6396 section 4.3.4.
func (a *Attributes) Append(b []byte, opt Options) ([]byte, error) {
	start := len(b)
	const mp = 1<<AttrMPReach | 1<<AttrMPUnreach
	const as4 = 1<<AttrAS4Path | 1<<AttrAS4Aggregator
	// Every known type is below 64: the set bits of present[0], lowest
	// first, are the attributes to write in ascending order.
	bits := a.present[0]
	if opt.AS4 {
		bits &^= as4
	} else {
		if bits&(1<<AttrASPath) != 0 && a.ASPath.needsAS4() {
			bits |= 1 << AttrAS4Path
		}
		if bits&(1<<AttrAggregator) != 0 && a.Aggregator.AS > 0xffff {
			bits |= 1 << AttrAS4Aggregator
		}
	}
	var err error
	for m := bits & mp; m != 0; m &= m - 1 {
		if b, err = a.appendAttr(b, AttrType(mathbits.TrailingZeros64(m)), &opt); err != nil {
			return b[:start], err
		}
	}
	bits &^= mp
	if len(a.Unknown) == 0 {
		for ; bits != 0; bits &= bits - 1 {
			if b, err = a.appendAttr(b, AttrType(mathbits.TrailingZeros64(bits)), &opt); err != nil {
				return b[:start], err
			}
		}
		return b, nil
	}
	// With unknown attributes: merge them in by type.
	for t := 0; t < 256; t++ {
		typ := AttrType(t)
		if typ.Known() {
			if t < 64 && bits&(1<<t) != 0 {
				b, err = a.appendAttr(b, typ, &opt)
			}
		} else {
			for i := range a.Unknown {
				if r := &a.Unknown[i]; r.Type == typ {
					b, err = appendRaw(b, r)
				}
			}
		}
		if err != nil {
			return b[:start], err
		}
	}
	return b, nil
}

// appendRaw writes an unknown attribute with its recorded flags.
func appendRaw(b []byte, r *RawAttr) ([]byte, error) {
	b, at := beginAttr(b, r.Flags, r.Type)
	b = append(b, r.Value...)
	return endAttr(b, at)
}

// beginAttr writes the attribute header with a 1-octet length to be
// filled in by endAttr; at is where the value starts.
func beginAttr(b []byte, flags AttrFlags, t AttrType) (_ []byte, at int) {
	b = append(b, byte(flags&^FlagExtendedLength), byte(t), 0)
	return b, len(b)
}

// endAttr fills in the length of the attribute whose value starts at at,
// moving the value one octet on and setting Extended Length when it is
// longer than 255 octets (RFC 4271 section 4.3).
func endAttr(b []byte, at int) ([]byte, error) {
	n := len(b) - at
	if n <= 255 {
		b[at-1] = byte(n)
		return b, nil
	}
	if n > 0xffff {
		return b, errAttrTooLong
	}
	b = append(b, 0)
	copy(b[at+1:], b[at:len(b)-1])
	b[at-3] |= byte(FlagExtendedLength)
	binary.BigEndian.PutUint16(b[at-1:], uint16(n))
	return b, nil
}

// flagsFor is the flags octet written for known attribute t.
func (a *Attributes) flagsFor(t AttrType) AttrFlags {
	f := wantFlags[t]
	if f == FlagOptional|FlagTransitive && a.Partial(t) {
		f |= FlagPartial
	}
	return f
}

// appendAttr writes known attribute t, which Append has chosen to send.
func (a *Attributes) appendAttr(b []byte, t AttrType, opt *Options) ([]byte, error) {
	b, at := beginAttr(b, a.flagsFor(t), t)
	switch t {
	case AttrOrigin:
		b = append(b, byte(a.Origin))
	case AttrASPath:
		asLen := 2
		if opt.AS4 {
			asLen = 4
		}
		b = appendSegments(b, &a.ASPath, asLen, false)
	case AttrNextHop:
		if !a.NextHop.Is4() {
			return b, errNextHop
		}
		b = appendAddr(b, a.NextHop)
	case AttrMED:
		b = binary.BigEndian.AppendUint32(b, a.MED)
	case AttrLocalPref:
		b = binary.BigEndian.AppendUint32(b, a.LocalPref)
	case AttrAtomicAggregate:
	case AttrAggregator:
		return appendAggregator(b[:at-3], a.flagsFor(t), t, &a.Aggregator, opt.AS4)
	case AttrCommunities:
		for _, c := range a.Communities {
			b = binary.BigEndian.AppendUint32(b, uint32(c))
		}
	case AttrOriginatorID:
		if !a.OriginatorID.Is4() {
			return b, errAddress
		}
		b = appendAddr(b, a.OriginatorID)
	case AttrClusterList:
		for _, c := range a.ClusterList {
			if !c.Is4() {
				return b, errAddress
			}
			b = appendAddr(b, c)
		}
	case AttrMPReach:
		var err error
		if b, err = a.MPReach.appendValue(b, opt); err != nil {
			return b, err
		}
	case AttrMPUnreach:
		var err error
		if b, err = a.MPUnreach.appendValue(b, opt); err != nil {
			return b, err
		}
	case AttrExtCommunities:
		for i := range a.ExtCommunities {
			b = append(b, a.ExtCommunities[i][:]...)
		}
	case AttrAS4Path:
		// RFC 6793 section 4.2.2: generated from AS_PATH when that holds
		// 4-octet ASNs; otherwise one that was Set passes unchanged.
		if a.Has(AttrASPath) && a.ASPath.needsAS4() {
			b = appendSegments(b, &a.ASPath, 4, true)
		} else {
			b = appendSegments(b, &a.AS4Path, 4, true)
		}
		if len(b) == at {
			return b[:at-3], nil // nothing outside confederation segments
		}
	case AttrAS4Aggregator:
		ag := &a.AS4Aggregator
		if a.Has(AttrAggregator) && a.Aggregator.AS > 0xffff {
			ag = &a.Aggregator
		}
		return appendAggregator(b[:at-3], a.flagsFor(t), t, ag, true)
	case AttrLargeCommunities:
		for _, c := range a.LargeCommunities {
			b = binary.BigEndian.AppendUint32(b, c.Global)
			b = binary.BigEndian.AppendUint32(b, c.Local1)
			b = binary.BigEndian.AppendUint32(b, c.Local2)
		}
	case AttrOTC:
		b = binary.BigEndian.AppendUint32(b, a.OTC)
	}
	return endAttr(b, at)
}

// appendAggregator writes AGGREGATOR or AS4_AGGREGATOR; with 2-octet AS
// numbers an AS above 65535 becomes AS_TRANS (RFC 6793 section 4.2.2).
func appendAggregator(b []byte, flags AttrFlags, t AttrType, ag *Aggregator, as4 bool) ([]byte, error) {
	if !ag.Address.Is4() {
		return b, errAddress
	}
	if as4 {
		b = append(b, byte(flags), byte(t), 8)
		b = binary.BigEndian.AppendUint32(b, ag.AS)
	} else {
		as := ag.AS
		if as > 0xffff {
			as = ASTrans
		}
		b = append(b, byte(flags), byte(t), 6)
		b = binary.BigEndian.AppendUint16(b, uint16(as))
	}
	return appendAddr(b, ag.Address), nil
}
