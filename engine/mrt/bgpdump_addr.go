package mrt

import "net/netip"

// Address rendering as bgpdump does it. IPv4 is the usual dotted quad.
// IPv6 follows bgpdump's own formatter, which differs from RFC 5952 (and
// from netip.Addr.String) in two ways: a lone zero group is compressed to
// "::" too, and IPv4-compatible addresses (::a.b.c.d, the last 32 bits
// above 1) print in dotted form like IPv4-mapped ones.

const hexDigits = "0123456789abcdef"

// decimal holds the decimal form of every octet value.
var decimal = func() (t [256]string) {
	for i := range t {
		switch {
		case i >= 100:
			t[i] = string([]byte{byte('0' + i/100), byte('0' + i/10%10), byte('0' + i%10)})
		case i >= 10:
			t[i] = string([]byte{byte('0' + i/10), byte('0' + i%10)})
		default:
			t[i] = string([]byte{byte('0' + i)})
		}
	}
	return t
}()

// appendIPv4 appends a as a dotted quad.
func appendIPv4(b []byte, a [4]byte) []byte {
	b = append(b, decimal[a[0]]...)
	b = append(b, '.')
	b = append(b, decimal[a[1]]...)
	b = append(b, '.')
	b = append(b, decimal[a[2]]...)
	b = append(b, '.')
	return append(b, decimal[a[3]]...)
}

// appendIPv6 appends a in bgpdump's IPv6 notation.
func appendIPv6(b []byte, a [16]byte) []byte {
	zero12 := true
	for _, x := range a[:10] {
		if x != 0 {
			zero12 = false
			break
		}
	}
	if zero12 {
		mapped := a[10] == 0xff && a[11] == 0xff
		last := uint32(a[12])<<24 | uint32(a[13])<<16 | uint32(a[14])<<8 | uint32(a[15])
		if mapped || (a[10] == 0 && a[11] == 0 && last > 1) {
			b = append(b, ':', ':')
			if mapped {
				b = append(b, "ffff:"...)
			}
			return appendIPv4(b, [4]byte(a[12:16]))
		}
	}
	// The longest run of zero groups, the first one on a tie; a single
	// zero group counts as a run.
	best, bestLen := -1, 0
	for i := 0; i < 8; {
		if a[2*i] != 0 || a[2*i+1] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && a[2*j] == 0 && a[2*j+1] == 0 {
			j++
		}
		if j-i > bestLen {
			best, bestLen = i, j-i
		}
		i = j
	}
	for i := 0; i < 8; i++ {
		if i == best {
			if i == 0 {
				b = append(b, ':')
			}
			b = append(b, ':')
			i += bestLen - 1
			continue
		}
		g := uint16(a[2*i])<<8 | uint16(a[2*i+1])
		switch {
		case g >= 0x1000:
			b = append(b, hexDigits[g>>12], hexDigits[g>>8&15], hexDigits[g>>4&15], hexDigits[g&15])
		case g >= 0x100:
			b = append(b, hexDigits[g>>8], hexDigits[g>>4&15], hexDigits[g&15])
		case g >= 0x10:
			b = append(b, hexDigits[g>>4], hexDigits[g&15])
		default:
			b = append(b, hexDigits[g])
		}
		if i != 7 {
			b = append(b, ':')
		}
	}
	return b
}

// appendAddr appends an IPv4 address as a dotted quad and an IPv6 one in
// bgpdump's IPv6 notation; the zero Addr renders as 0.0.0.0.
func appendAddr(b []byte, a netip.Addr) []byte {
	switch {
	case a.Is4():
		return appendIPv4(b, a.As4())
	case a.Is6():
		return appendIPv6(b, a.As16())
	}
	return append(b, "0.0.0.0"...)
}

// appendAddrAs6 appends a in IPv6 notation the way bgpdump prints an
// address field it holds as 16 octets: an IPv4 address fills the first
// four octets, the rest is zero.
func appendAddrAs6(b []byte, a netip.Addr) []byte {
	var x [16]byte
	switch {
	case a.Is4():
		v := a.As4()
		copy(x[:], v[:])
	case a.Is6():
		x = a.As16()
	}
	return appendIPv6(b, x)
}

// appendAddrAs4 appends the first four octets of a as a dotted quad, the
// way bgpdump prints an address field it holds as IPv4.
func appendAddrAs4(b []byte, a netip.Addr) []byte {
	switch {
	case a.Is4():
		return appendIPv4(b, a.As4())
	case a.Is6():
		x := a.As16()
		return appendIPv4(b, [4]byte(x[:4]))
	}
	return append(b, "0.0.0.0"...)
}
