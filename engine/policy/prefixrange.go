package policy

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// PrefixRange is one entry of a prefix list, as in FRR and Cisco: the
// prefixes inside Prefix whose length is from Min to Max.
type PrefixRange struct {
	Prefix   netip.Prefix // masked
	Min, Max int
}

// ParsePrefixRange parses "P" (exactly P), "P le M" (inside P, length
// len(P) to M), "P ge N" (N to the address length) or "P ge N le M" (N to
// M), with len(P) <= N <= M <= 32 or 128. P may not have host bits set.
func ParsePrefixRange(s string) (PrefixRange, error) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return PrefixRange{}, fmt.Errorf("%q is not a prefix range: want \"P\", \"P le M\", \"P ge N\" or \"P ge N le M\"", s)
	}
	p, err := netip.ParsePrefix(f[0])
	if err != nil {
		return PrefixRange{}, fmt.Errorf("%q is not a prefix", f[0])
	}
	if m := p.Masked(); m != p {
		return PrefixRange{}, fmt.Errorf("%q: %s has host bits set (the prefix is %s)", s, p, m)
	}
	maxBits := p.Addr().BitLen()
	r := PrefixRange{Prefix: p, Min: p.Bits(), Max: p.Bits()}
	rest := f[1:]
	var ge, le bool
	for len(rest) > 0 {
		kw := rest[0]
		if (kw != "ge" && kw != "le") || (kw == "ge" && (ge || le)) || (kw == "le" && le) {
			return PrefixRange{}, fmt.Errorf("%q: unexpected %q: want \"P\", \"P le M\", \"P ge N\" or \"P ge N le M\"", s, kw)
		}
		if len(rest) < 2 {
			return PrefixRange{}, fmt.Errorf("%q: %s needs a length", s, kw)
		}
		n, err := strconv.Atoi(rest[1])
		if err != nil || n < 0 || n > maxBits {
			return PrefixRange{}, fmt.Errorf("%q: %s %s is not a length from 0 to %d", s, kw, rest[1], maxBits)
		}
		if kw == "ge" {
			ge = true
			r.Min, r.Max = n, maxBits
		} else {
			le = true
			r.Max = n
		}
		rest = rest[2:]
	}
	switch {
	case r.Min < p.Bits():
		return PrefixRange{}, fmt.Errorf("%q: ge %d is shorter than the prefix length %d", s, r.Min, p.Bits())
	case r.Max < r.Min && ge:
		return PrefixRange{}, fmt.Errorf("%q: le %d is less than ge %d", s, r.Max, r.Min)
	case r.Max < r.Min:
		return PrefixRange{}, fmt.Errorf("%q: le %d is shorter than the prefix length %d", s, r.Max, p.Bits())
	}
	return r, nil
}

// Contains reports whether p lies inside r.Prefix with a length from
// r.Min to r.Max. IPv4 ranges never contain IPv6 prefixes, nor the
// reverse.
func (r PrefixRange) Contains(p netip.Prefix) bool {
	b := p.Bits()
	return b >= r.Min && b <= r.Max && p.Addr().BitLen() == r.Prefix.Addr().BitLen() &&
		r.Prefix.Contains(p.Addr())
}

// String renders r in the shortest form ParsePrefixRange reads back.
func (r PrefixRange) String() string {
	p := r.Prefix.String()
	bits, maxBits := r.Prefix.Bits(), r.Prefix.Addr().BitLen()
	switch {
	case r.Min == bits && r.Max == bits:
		return p
	case r.Min == bits:
		return p + " le " + strconv.Itoa(r.Max)
	case r.Max == maxBits:
		return p + " ge " + strconv.Itoa(r.Min)
	}
	return p + " ge " + strconv.Itoa(r.Min) + " le " + strconv.Itoa(r.Max)
}
