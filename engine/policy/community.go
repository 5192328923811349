package policy

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// CommunityPattern matches RFC 1997 communities: AS:value with either
// half possibly a wildcard.
type CommunityPattern struct {
	AS, Value       uint16
	AnyAS, AnyValue bool
}

// ParseCommunityPattern parses "AS:value", "AS:*", "*:value", "*:*" or a
// well-known community name as wire.ParseCommunity reads it ("no-export").
func ParseCommunityPattern(s string) (CommunityPattern, error) {
	hi, lo, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || (hi != "*" && lo != "*") {
		c, err := wire.ParseCommunity(s)
		if err != nil {
			return CommunityPattern{}, fmt.Errorf("%q is not a community: want AS:value (each 0-65535), a well-known name such as no-export, or a pattern such as 65001:*", s)
		}
		return CommunityPattern{AS: uint16(c >> 16), Value: uint16(c)}, nil
	}
	var p CommunityPattern
	var err1, err2 error
	p.AnyAS, p.AS, err1 = parseHalf(hi)
	p.AnyValue, p.Value, err2 = parseHalf(lo)
	if err1 != nil || err2 != nil {
		return CommunityPattern{}, fmt.Errorf("%q is not a community pattern: want AS:value with each part 0-65535 or *", s)
	}
	return p, nil
}

func parseHalf(s string) (bool, uint16, error) {
	if s == "*" {
		return true, 0, nil
	}
	v, err := strconv.ParseUint(s, 10, 16)
	return false, uint16(v), err
}

// Match reports whether c matches p.
func (p CommunityPattern) Match(c wire.Community) bool {
	return (p.AnyAS || uint16(c>>16) == p.AS) && (p.AnyValue || uint16(c) == p.Value)
}

// String renders p as ParseCommunityPattern reads it.
func (p CommunityPattern) String() string {
	if !p.AnyAS && !p.AnyValue {
		return wire.Community(uint32(p.AS)<<16 | uint32(p.Value)).String()
	}
	half := func(any bool, v uint16) string {
		if any {
			return "*"
		}
		return strconv.Itoa(int(v))
	}
	return half(p.AnyAS, p.AS) + ":" + half(p.AnyValue, p.Value)
}

// LargeCommunityPattern matches RFC 8092 large communities, each part
// possibly a wildcard.
type LargeCommunityPattern struct {
	// Parts are global, local1 and local2; Any[i] makes part i a wildcard.
	Parts [3]uint32
	Any   [3]bool
}

// ParseLargeCommunityPattern parses "global:local1:local2", each part a
// number from 0 to 4294967295 or "*".
func ParseLargeCommunityPattern(s string) (LargeCommunityPattern, error) {
	f := strings.Split(strings.TrimSpace(s), ":")
	if len(f) != 3 {
		return LargeCommunityPattern{}, fmt.Errorf("%q is not a large community: want global:local1:local2, each part 0-4294967295 or *", s)
	}
	var p LargeCommunityPattern
	for i, x := range f {
		if x == "*" {
			p.Any[i] = true
			continue
		}
		v, err := strconv.ParseUint(x, 10, 32)
		if err != nil {
			return LargeCommunityPattern{}, fmt.Errorf("%q is not a large community: want global:local1:local2, each part 0-4294967295 or *", s)
		}
		p.Parts[i] = uint32(v)
	}
	return p, nil
}

// Match reports whether c matches p.
func (p LargeCommunityPattern) Match(c wire.LargeCommunity) bool {
	return (p.Any[0] || c.Global == p.Parts[0]) && (p.Any[1] || c.Local1 == p.Parts[1]) &&
		(p.Any[2] || c.Local2 == p.Parts[2])
}

// String renders p as ParseLargeCommunityPattern reads it.
func (p LargeCommunityPattern) String() string {
	var b []byte
	for i := range 3 {
		if i > 0 {
			b = append(b, ':')
		}
		if p.Any[i] {
			b = append(b, '*')
		} else {
			b = strconv.AppendUint(b, uint64(p.Parts[i]), 10)
		}
	}
	return string(b)
}

// matchAnyCommunity reports whether some community in cs matches some
// pattern in ps.
func matchAnyCommunity(cs []wire.Community, ps []CommunityPattern) bool {
	for _, c := range cs {
		for _, p := range ps {
			if p.Match(c) {
				return true
			}
		}
	}
	return false
}

// matchAnyLarge is matchAnyCommunity for large communities.
func matchAnyLarge(cs []wire.LargeCommunity, ps []LargeCommunityPattern) bool {
	for _, c := range cs {
		for _, p := range ps {
			if p.Match(c) {
				return true
			}
		}
	}
	return false
}
