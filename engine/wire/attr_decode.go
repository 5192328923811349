package wire

import (
	"encoding/binary"
	"fmt"
	"strconv"
)

// Path attribute encoding (RFC 4271 section 4.3):
//
//	 0                   1
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Attr. Flags  |Attr. Type Code|
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	| Attr. Length (1 or 2 octets)  |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	| Attribute value (variable)    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The attribute length is two octets when the Extended Length flag is set.

// attrDecoder carries the state of one decode of a path attribute block.
type attrDecoder struct {
	opt     Options
	an      *annotator
	capBase int       // offset of sub-slice s is capBase - cap(s)
	err     *Error    // the most severe error so far
	seen    [4]uint64 // attribute types met so far, for duplicates
}

func (d *attrDecoder) off(s []byte) int { return d.capBase - cap(s) }

func (d *attrDecoder) report(e *Error) { d.err = worse(d.err, e) }

// attrError reports an error about one whole attribute. Data, where the
// subcode calls for it (RFC 4271 section 6.3), is a copy of the attribute:
// flags, type, length and value.
func (d *attrDecoder) attrError(sub uint8, act Action, attr []byte, withData bool, format string, args ...any) {
	var data []byte
	if withData {
		data = append([]byte(nil), attr...)
	}
	d.report(&Error{Code: CodeUpdateMessage, Subcode: sub, Data: data, Action: act,
		Offset: d.off(attr), Reason: fmt.Sprintf(format, args...)})
}

// wantFlags is the Optional and Transitive bits each known attribute must
// carry (RFC 4271 section 5, and the RFC defining each attribute); a zero
// entry marks an attribute type this package does not decode.
var wantFlags = [256]AttrFlags{
	AttrOrigin:           FlagTransitive,
	AttrASPath:           FlagTransitive,
	AttrNextHop:          FlagTransitive,
	AttrMED:              FlagOptional,
	AttrLocalPref:        FlagTransitive,
	AttrAtomicAggregate:  FlagTransitive,
	AttrAggregator:       FlagOptional | FlagTransitive,
	AttrCommunities:      FlagOptional | FlagTransitive,
	AttrOriginatorID:     FlagOptional,
	AttrClusterList:      FlagOptional,
	AttrMPReach:          FlagOptional,
	AttrMPUnreach:        FlagOptional,
	AttrExtCommunities:   FlagOptional | FlagTransitive,
	AttrAS4Path:          FlagOptional | FlagTransitive,
	AttrAS4Aggregator:    FlagOptional | FlagTransitive,
	AttrLargeCommunities: FlagOptional | FlagTransitive,
	AttrOTC:              FlagOptional | FlagTransitive,
}

// Known reports whether this package decodes attribute type t into a
// field of Attributes (rather than keeping it as a RawAttr).
func (t AttrType) Known() bool { return wantFlags[t] != 0 }

// Decode decodes a path attribute block: the contents of the Total Path
// Attributes field of an UPDATE, or the attributes of an MRT RIB entry
// (with opt.RIBEntry, RFC 6396 section 4.3.4). a is reset first.
//
// Errors follow RFC 7606: decoding continues past attribute-discard and
// treat-as-withdraw errors, and the returned *Error is the most severe one
// found. Mandatory-attribute checks need the NLRI and are done by
// Update.DecodeBody, not here. Error offsets count from the start of b.
func (a *Attributes) Decode(b []byte, opt Options) error {
	a.Reset()
	d := attrDecoder{opt: opt, capBase: cap(b)}
	a.decode(b, &d)
	if d.err != nil {
		return d.err
	}
	return nil
}

// decode decodes every attribute of block b into a, which must be reset.
func (a *Attributes) decode(b []byte, d *attrDecoder) {
	for len(b) > 0 {
		if len(b) < 3 || (AttrFlags(b[0])&FlagExtendedLength != 0 && len(b) < 4) {
			// RFC 7606 section 4: not enough left for an attribute header.
			d.report(&Error{Code: CodeUpdateMessage, Subcode: SubMalformedAttributeList,
				Action: ActionTreatAsWithdraw, Offset: d.off(b),
				Reason: "path attribute header truncated: " + strconv.Itoa(len(b)) + " octets left (RFC 7606 section 4)"})
			if d.an != nil {
				d.an.leaf("truncated attribute", b, hexString(b))
			}
			return
		}
		flags, typ := AttrFlags(b[0]), AttrType(b[1])
		hdr, n := 3, int(b[2])
		if flags&FlagExtendedLength != 0 {
			hdr, n = 4, int(binary.BigEndian.Uint16(b[2:4]))
		}
		if len(b) < hdr+n {
			// RFC 7606 section 4: the attribute overruns the block.
			d.attrError(SubAttributeLengthError, ActionTreatAsWithdraw, b, true,
				"%s length %d overruns the path attributes: %d octets left (RFC 7606 section 4)",
				typ, n, len(b)-hdr)
			if d.an != nil {
				d.an.open("path attribute", b, attrName(typ))
				annotateAttrHeader(d.an, b, hdr, flags, typ, n)
				d.an.close()
			}
			return
		}
		attr := b[:hdr+n]
		b = b[hdr+n:]
		if d.an != nil {
			d.an.open("path attribute", attr, attrName(typ))
			annotateAttrHeader(d.an, attr, hdr, flags, typ, n)
		}
		a.decodeAttr(d, flags, typ, attr, attr[hdr:])
		if d.an != nil {
			d.an.close()
		}
	}
}

// decodeAttr decodes one attribute whose bytes (header included) are attr
// and value val.
func (a *Attributes) decodeAttr(d *attrDecoder, flags AttrFlags, typ AttrType, attr, val []byte) {
	bit := uint64(1) << (typ & 63)
	if d.seen[typ>>6]&bit != 0 {
		if typ == AttrMPReach || typ == AttrMPUnreach {
			// RFC 7606 section 3 (g).
			d.report(&Error{Code: CodeUpdateMessage, Subcode: SubMalformedAttributeList,
				Action: ActionSessionReset, Offset: d.off(attr),
				Reason: "duplicate " + typ.String() + " (RFC 7606 section 3 (g))"})
		} else {
			d.attrError(SubMalformedAttributeList, ActionAttributeDiscard, attr, false,
				"duplicate %s discarded (RFC 7606 section 3 (g))", attrName(typ))
		}
		if d.an != nil {
			d.an.leaf("value", val, "duplicate, discarded")
		}
		return
	}
	d.seen[typ>>6] |= bit

	want := wantFlags[typ]
	if want == 0 {
		a.decodeUnknown(d, flags, typ, attr, val)
		return
	}
	if flags&(FlagOptional|FlagTransitive) != want {
		// RFC 7606 section 3 (c); RFC 6793 section 6 makes a malformed
		// AS4_PATH or AS4_AGGREGATOR an attribute-discard; RFC 7606
		// section 7.11 makes a malformed MP_REACH_NLRI or MP_UNREACH_NLRI
		// an AFI/SAFI-disable.
		act := ActionTreatAsWithdraw
		switch typ {
		case AttrAS4Path, AttrAS4Aggregator:
			act = ActionAttributeDiscard
		case AttrMPReach, AttrMPUnreach:
			act = mpAction(val)
		}
		d.attrError(SubAttributeFlagsError, act, attr, true,
			"%s flags %s, want %s (RFC 7606 section 3 (c))", typ, flagsString(flags&^FlagExtendedLength), flagsString(want))
		if d.an != nil {
			d.an.leaf("value", val, "discarded: flags error")
		}
		return
	}
	switch typ {
	case AttrOrigin:
		a.decodeOrigin(d, attr, val)
	case AttrASPath:
		a.decodeASPath(d, attr, val)
	case AttrNextHop:
		a.decodeNextHop(d, attr, val)
	case AttrMED:
		if v, ok := d.fixed32(attr, val, typ, ActionTreatAsWithdraw, "MED"); ok {
			a.MED = v
			a.Set(typ)
		}
	case AttrLocalPref:
		if v, ok := d.fixed32(attr, val, typ, ActionTreatAsWithdraw, "local preference"); ok {
			a.LocalPref = v
			a.Set(typ)
		}
	case AttrAtomicAggregate:
		if len(val) != 0 {
			// RFC 7606 section 7.6.
			d.attrError(SubAttributeLengthError, ActionAttributeDiscard, attr, true,
				"ATOMIC_AGGREGATE length %d, want 0 (RFC 7606 section 7.6)", len(val))
			d.annotateBad(val)
			return
		}
		a.Set(typ)
	case AttrAggregator:
		a.decodeAggregator(d, attr, val, typ, &a.Aggregator, d.opt.AS4)
	case AttrCommunities:
		a.decodeCommunities(d, attr, val)
	case AttrOriginatorID:
		if v, ok := d.fixed32(attr, val, typ, ActionTreatAsWithdraw, "originator ID"); ok {
			a.OriginatorID = addr4(v)
			a.Set(typ)
		}
	case AttrClusterList:
		a.decodeClusterList(d, attr, val)
	case AttrMPReach, AttrMPUnreach:
		// The value node is opened here so that the decoders can return
		// from anywhere without a defer.
		if d.an != nil {
			d.an.open("value", val, "")
		}
		if typ == AttrMPReach {
			a.decodeMPReach(d, attr, val)
		} else {
			a.decodeMPUnreach(d, attr, val)
		}
		if d.an != nil {
			d.an.close()
		}
	case AttrExtCommunities:
		a.decodeExtCommunities(d, attr, val)
	case AttrAS4Path:
		if d.opt.AS4 {
			a.discardAS4(d, attr, val, typ)
			return
		}
		a.decodeAS4Path(d, attr, val)
	case AttrAS4Aggregator:
		if d.opt.AS4 {
			a.discardAS4(d, attr, val, typ)
			return
		}
		a.decodeAggregator(d, attr, val, typ, &a.AS4Aggregator, true)
	case AttrLargeCommunities:
		a.decodeLargeCommunities(d, attr, val)
	case AttrOTC:
		if v, ok := d.fixed32(attr, val, typ, ActionTreatAsWithdraw, "OTC AS"); ok {
			a.OTC = v
			a.Set(typ)
		}
	}
	if flags&FlagPartial != 0 && want == FlagOptional|FlagTransitive && a.present[typ>>6]&bit != 0 {
		a.partial[typ>>6] |= bit
	}
}

// decodeUnknown keeps an attribute this package does not decode.
func (a *Attributes) decodeUnknown(d *attrDecoder, flags AttrFlags, typ AttrType, attr, val []byte) {
	if flags&FlagOptional == 0 {
		// RFC 4271 section 6.3; RFC 7606 leaves this a session reset.
		d.attrError(SubUnrecognizedWellKnownAttribute, ActionSessionReset, attr, true,
			"unrecognized well-known attribute type %d", uint8(typ))
		d.annotateBad(val)
		return
	}
	start := len(a.raw)
	a.raw = append(a.raw, val...)
	a.Unknown = append(a.Unknown, RawAttr{Flags: flags &^ FlagExtendedLength, Type: typ,
		Value: a.raw[start:len(a.raw):len(a.raw)]})
	if d.an != nil && len(val) > 0 {
		d.an.leaf("value", val, hexString(val))
	}
}

// discardAS4 drops AS4_PATH or AS4_AGGREGATOR received on a session where
// both speakers support 4-octet AS numbers (RFC 6793 section 6: "MUST
// discard the path attribute and continue processing"). It is reported as
// an attribute-discard so the speaker can log it.
func (a *Attributes) discardAS4(d *attrDecoder, attr, val []byte, typ AttrType) {
	d.attrError(SubOptionalAttributeError, ActionAttributeDiscard, attr, false,
		"%s received between 4-octet AS speakers, discarded (RFC 6793 section 6)", typ)
	if d.an != nil {
		d.an.leaf("value", val, "discarded: not used between 4-octet AS speakers")
	}
}

// fixed32 checks that an attribute's value is exactly 4 octets and returns
// it, reporting an Attribute Length Error with action act otherwise.
func (d *attrDecoder) fixed32(attr, val []byte, typ AttrType, act Action, name string) (uint32, bool) {
	if len(val) != 4 {
		d.attrError(SubAttributeLengthError, act, attr, true, "%s length %d, want 4 (RFC 7606 section 7)", typ, len(val))
		d.annotateBad(val)
		return 0, false
	}
	v := binary.BigEndian.Uint32(val)
	if d.an != nil {
		s := strconv.FormatUint(uint64(v), 10)
		if typ == AttrOriginatorID {
			s = addr4(v).String()
		}
		d.an.leaf(name, val, s)
	}
	return v, true
}

// annotateBad marks a value that was not decoded.
func (d *attrDecoder) annotateBad(val []byte) {
	if d.an != nil && len(val) > 0 {
		d.an.leaf("value", val, hexString(val)+" (malformed)")
	}
}

// mpAction is the action for a malformed MP_REACH_NLRI or MP_UNREACH_NLRI
// (RFC 7606 section 7.11, RFC 4760 section 7): AFI/SAFI-disable when the
// family can be read, session reset otherwise.
func mpAction(val []byte) Action {
	if len(val) >= 3 {
		return ActionAFISAFIDisable
	}
	return ActionSessionReset
}

// DisabledFamily returns the address family an AFI/SAFI-disable error
// refers to (RFC 4760 section 7), read from the MP_REACH_NLRI or
// MP_UNREACH_NLRI attribute in e.Data.
func DisabledFamily(e *Error) (Family, bool) {
	if e == nil || e.Action != ActionAFISAFIDisable || len(e.Data) < 3 {
		return Family{}, false
	}
	hdr := 3
	if AttrFlags(e.Data[0])&FlagExtendedLength != 0 {
		hdr = 4
	}
	if len(e.Data) < hdr+3 {
		return Family{}, false
	}
	v := e.Data[hdr:]
	return Family{AFI(binary.BigEndian.Uint16(v)), SAFI(v[2])}, true
}

// annotateAttrHeader records the flags, type code and length of an
// attribute.
func annotateAttrHeader(an *annotator, attr []byte, hdr int, flags AttrFlags, typ AttrType, n int) {
	an.leaf("flags", attr[0:1], flagsString(flags))
	an.leaf("type code", attr[1:2], attrName(typ))
	an.leaf("length", attr[2:hdr], strconv.Itoa(n))
}

// attrName names an attribute type, "type N" when unknown.
func attrName(t AttrType) string {
	if t.Known() {
		return t.String()
	}
	return "type " + strconv.Itoa(int(t))
}

// flagsString renders attribute flags as words, e.g. "optional transitive
// partial extended-length" or "well-known transitive".
func flagsString(f AttrFlags) string {
	s := "well-known"
	if f&FlagOptional != 0 {
		s = "optional"
	}
	if f&FlagTransitive != 0 {
		s += " transitive"
	} else {
		s += " non-transitive"
	}
	if f&FlagPartial != 0 {
		s += " partial"
	}
	if f&FlagExtendedLength != 0 {
		s += " extended-length"
	}
	if f&0x0f != 0 {
		s += " unused-bits=0x" + strconv.FormatUint(uint64(f&0x0f), 16)
	}
	return s
}
