package wire

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// NLRI encoding (RFC 4271 section 4.3, RFC 4760 section 5, RFC 7911
// section 3). Each prefix is a length in bits followed by just enough
// octets to hold that many bits; with ADD-PATH a 4-octet path identifier
// comes first:
//
//	+--------------------------------+
//	| Path Identifier (4 octets)     |  (ADD-PATH only)
//	+--------------------------------+
//	| Length (1 octet)               |
//	+--------------------------------+
//	| Prefix (variable)              |
//	+--------------------------------+
//
// Trailing bits past the prefix length are ignored on receipt (the prefix
// is masked), as every deployed implementation does; a length above the
// address size or a prefix running past the field is an error.

// AppendPrefix appends p in NLRI form: its length in bits and the
// significant octets of its (masked) address.
func AppendPrefix(b []byte, p netip.Prefix) []byte {
	bits := p.Bits()
	if bits < 0 {
		return append(b, 0)
	}
	n := (bits + 7) >> 3
	b = append(b, byte(bits))
	if p.Addr().Is4() {
		a := p.Addr().As4()
		b = append(b, a[:n]...)
	} else {
		a := p.Addr().As16()
		b = append(b, a[:n]...)
	}
	if r := bits & 7; r != 0 {
		b[len(b)-1] &= ^byte(0xff >> r)
	}
	return b
}

// AppendNLRI appends a list of NLRI, each preceded by its path identifier
// when addPath is set.
func AppendNLRI(b []byte, nlri []NLRI, addPath bool) []byte {
	for i := range nlri {
		if addPath {
			b = binary.BigEndian.AppendUint32(b, nlri[i].PathID)
		}
		b = AppendPrefix(b, nlri[i].Prefix)
	}
	return b
}

// DecodeNLRI decodes a whole NLRI field of family f (IPv4 or IPv6
// addresses) and appends the prefixes to dst. It returns an error naming
// the first malformed prefix; dst then holds the prefixes before it.
// The error's Offset counts from the start of b.
func DecodeNLRI(dst []NLRI, b []byte, f Family, addPath bool) ([]NLRI, error) {
	dst, err := decodeNLRI(dst, b, f.AFI == AFIIPv6, addPath, cap(b), nil, "prefix")
	if err != nil {
		return dst, err
	}
	return dst, nil
}

// decodeNLRI is DecodeNLRI with annotations. offsets of errors are
// capBase-cap(sub). It reports a session-reset Invalid Network Field error
// (RFC 4271 section 6.3, RFC 7606 section 5.3); callers adjust the action
// and subcode where the field sits inside MP_REACH_NLRI/MP_UNREACH_NLRI.
func decodeNLRI(dst []NLRI, b []byte, v6, addPath bool, capBase int, an *annotator, name string) ([]NLRI, *Error) {
	maxBits := 32
	if v6 {
		maxBits = 128
	}
	for len(b) > 0 {
		start := b
		var id uint32
		if addPath {
			if len(b) < 5 {
				return dst, nlriError(capBase, start, "path identifier and prefix length need 5 octets, %d left", len(b))
			}
			id = binary.BigEndian.Uint32(b)
			b = b[4:]
		}
		bits := int(b[0])
		if bits > maxBits {
			return dst, nlriError(capBase, b, "prefix length %d exceeds %d", bits, maxBits)
		}
		n := (bits + 7) >> 3
		if len(b) < 1+n {
			return dst, nlriError(capBase, b, "prefix of length /%d needs %d octets, %d left", bits, n, len(b)-1)
		}
		var p netip.Prefix
		if v6 {
			var a [16]byte
			copy(a[:], b[1:1+n])
			if r := bits & 7; r != 0 {
				a[n-1] &= ^byte(0xff >> r)
			}
			p = netip.PrefixFrom(netip.AddrFrom16(a), bits)
		} else {
			var a [4]byte
			copy(a[:], b[1:1+n])
			if r := bits & 7; r != 0 {
				a[n-1] &= ^byte(0xff >> r)
			}
			p = netip.PrefixFrom(netip.AddrFrom4(a), bits)
		}
		dst = append(dst, NLRI{Prefix: p, PathID: id})
		b = b[1+n:]
		if an != nil {
			field := start[:len(start)-len(b)]
			v := p.String()
			if addPath {
				v += " path-id " + strconv.FormatUint(uint64(id), 10)
				an.open(name, field, v)
				an.leaf("path identifier", field[:4], strconv.FormatUint(uint64(id), 10))
				field = field[4:]
			} else {
				an.open(name, field, v)
			}
			an.leaf("prefix length", field[:1], strconv.Itoa(bits))
			if n > 0 {
				an.leaf("prefix", field[1:], p.Addr().String())
			}
			an.close()
		}
	}
	return dst, nil
}

func nlriError(capBase int, at []byte, format string, args ...any) *Error {
	return errorf(CodeUpdateMessage, SubInvalidNetworkField, nil, capBase-cap(at), format, args...)
}

// String renders n as "10.0.0.0/8" or, with a path identifier,
// "10.0.0.0/8 path-id 7".
func (n NLRI) String() string {
	if n.PathID == 0 {
		return n.Prefix.String()
	}
	return n.Prefix.String() + " path-id " + strconv.FormatUint(uint64(n.PathID), 10)
}
