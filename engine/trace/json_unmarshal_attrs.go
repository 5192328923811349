package trace

import (
	"encoding/hex"
	"fmt"
	"net/netip"
	"strconv"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// attrsJSON is the "attrs" object. A member present (even 0, "" or [])
// marks its attribute present; null or absent leaves it absent.
type attrsJSON struct {
	Origin           *string           `json:"origin"`
	ASPath           *string           `json:"as_path"`
	ASPathSegments   *[]segmentJSON    `json:"as_path_segments"`
	NextHop          *string           `json:"next_hop"`
	MED              *uint32           `json:"med"`
	LocalPref        *uint32           `json:"local_pref"`
	AtomicAggregate  bool              `json:"atomic_aggregate"`
	Aggregator       *aggregatorJSON   `json:"aggregator"`
	Communities      *[]string         `json:"communities"`
	OriginatorID     *string           `json:"originator_id"`
	ClusterList      *[]string         `json:"cluster_list"`
	ExtCommunities   *[]string         `json:"ext_communities"`
	AS4Path          *string           `json:"as4_path"`
	AS4PathSegments  *[]segmentJSON    `json:"as4_path_segments"`
	AS4Aggregator    *aggregatorJSON   `json:"as4_aggregator"`
	LargeCommunities *[]string         `json:"large_communities"`
	OTC              *uint32           `json:"otc"`
	Unknown          []unknownAttrJSON `json:"unknown"`
}

type segmentJSON struct {
	Type string   `json:"type"`
	ASNs []uint32 `json:"asns"`
}

type aggregatorJSON struct {
	AS      uint32 `json:"as"`
	Address string `json:"address"`
}

type unknownAttrJSON struct {
	Type     uint8  `json:"type"`
	Flags    uint8  `json:"flags"`
	ValueHex string `json:"value_hex"`
}

// attributes converts the object at path (for error messages).
func (j *attrsJSON) attributes(path string) (*wire.Attributes, error) {
	a := &wire.Attributes{}
	var err error
	if j.Origin != nil {
		o, ok := origins[*j.Origin]
		if !ok {
			return nil, fieldErr(path+".origin", "unknown ORIGIN %q (IGP, EGP or INCOMPLETE)", *j.Origin)
		}
		a.Origin = o
		a.Set(wire.AttrOrigin)
	}
	if a.ASPath, err = asPath(path+".as_path", j.ASPath, j.ASPathSegments); err != nil {
		return nil, err
	}
	if j.ASPath != nil || j.ASPathSegments != nil {
		a.Set(wire.AttrASPath)
	}
	if j.NextHop != nil {
		if a.NextHop, err = addr(path+".next_hop", *j.NextHop); err != nil {
			return nil, err
		}
		a.Set(wire.AttrNextHop)
	}
	if j.MED != nil {
		a.MED = *j.MED
		a.Set(wire.AttrMED)
	}
	if j.LocalPref != nil {
		a.LocalPref = *j.LocalPref
		a.Set(wire.AttrLocalPref)
	}
	if j.AtomicAggregate {
		a.Set(wire.AttrAtomicAggregate)
	}
	if j.Aggregator != nil {
		if a.Aggregator, err = j.Aggregator.aggregator(path + ".aggregator"); err != nil {
			return nil, err
		}
		a.Set(wire.AttrAggregator)
	}
	if j.Communities != nil {
		if a.Communities, err = parseList(path+".communities", *j.Communities, wire.ParseCommunity); err != nil {
			return nil, err
		}
		a.Set(wire.AttrCommunities)
	}
	if j.OriginatorID != nil {
		if a.OriginatorID, err = addr(path+".originator_id", *j.OriginatorID); err != nil {
			return nil, err
		}
		a.Set(wire.AttrOriginatorID)
	}
	if j.ClusterList != nil {
		if a.ClusterList, err = parseList(path+".cluster_list", *j.ClusterList, netip.ParseAddr); err != nil {
			return nil, err
		}
		a.Set(wire.AttrClusterList)
	}
	if j.ExtCommunities != nil {
		if a.ExtCommunities, err = parseList(path+".ext_communities", *j.ExtCommunities, wire.ParseExtCommunity); err != nil {
			return nil, err
		}
		a.Set(wire.AttrExtCommunities)
	}
	if a.AS4Path, err = asPath(path+".as4_path", j.AS4Path, j.AS4PathSegments); err != nil {
		return nil, err
	}
	if j.AS4Path != nil || j.AS4PathSegments != nil {
		a.Set(wire.AttrAS4Path)
	}
	if j.AS4Aggregator != nil {
		if a.AS4Aggregator, err = j.AS4Aggregator.aggregator(path + ".as4_aggregator"); err != nil {
			return nil, err
		}
		a.Set(wire.AttrAS4Aggregator)
	}
	if j.LargeCommunities != nil {
		if a.LargeCommunities, err = parseList(path+".large_communities", *j.LargeCommunities, wire.ParseLargeCommunity); err != nil {
			return nil, err
		}
		a.Set(wire.AttrLargeCommunities)
	}
	if j.OTC != nil {
		a.OTC = *j.OTC
		a.Set(wire.AttrOTC)
	}
	for i, u := range j.Unknown {
		v, err := hex.DecodeString(u.ValueHex)
		if err != nil {
			return nil, fieldErr(fmt.Sprintf("%s.unknown[%d].value_hex", path, i), "%v", err)
		}
		if len(v) == 0 {
			v = nil
		}
		a.Unknown = append(a.Unknown, wire.RawAttr{Type: wire.AttrType(u.Type), Flags: wire.AttrFlags(u.Flags), Value: v})
	}
	if len(a.Unknown) > 0 {
		// Keep the unknown values in one block, as Clone and the
		// decoder do, so the result equals the attributes it was
		// written from.
		a = a.Clone()
	}
	return a, nil
}

// asPath reads an AS path from its segments when they are given (and
// then checks that the text agrees), else from its text.
func asPath(path string, text *string, segs *[]segmentJSON) (wire.ASPath, error) {
	var p wire.ASPath
	if segs == nil {
		if text == nil {
			return p, nil
		}
		p, err := wire.ParseASPath(*text)
		if err != nil {
			return p, fieldErr(path, "%v", err)
		}
		return p, nil
	}
	for i, s := range *segs {
		t, ok := segmentTypes[s.Type]
		if !ok {
			return p, fieldErr(fmt.Sprintf("%s_segments[%d].type", path, i), "unknown segment type %q", s.Type)
		}
		p.Segments = append(p.Segments, wire.Segment{Type: t, ASNs: s.ASNs})
	}
	if text != nil && p.String() != *text {
		return p, fieldErr(path, "%q disagrees with %s_segments, which read %q", *text, lastKey(path), p.String())
	}
	return p, nil
}

// lastKey is the last key of a dotted path.
func lastKey(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '.' {
			return path[i+1:]
		}
	}
	return path
}

// aggregator converts an "aggregator" object.
func (j *aggregatorJSON) aggregator(path string) (wire.Aggregator, error) {
	g := wire.Aggregator{AS: j.AS}
	if j.Address != "" {
		var err error
		if g.Address, err = addr(path+".address", j.Address); err != nil {
			return g, err
		}
	}
	return g, nil
}

// addr parses an IP address member.
func addr(path, s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return a, fieldErr(path, "not an IP address: %q", s)
	}
	return a, nil
}

// parseList parses every string of a list member, naming the bad one.
func parseList[T any](path string, ss []string, parse func(string) (T, error)) ([]T, error) {
	if len(ss) == 0 {
		return nil, nil
	}
	out := make([]T, 0, len(ss))
	for i, s := range ss {
		v, err := parse(s)
		if err != nil {
			return nil, fieldErr(fmt.Sprintf("%s[%d]", path, i), "%v", err)
		}
		out = append(out, v)
	}
	return out, nil
}

// parseUintAfter parses the number after prefix in s ("afi25").
func parseUintAfter(s, prefix string, bits int) (uint64, error) {
	if len(s) <= len(prefix) || s[:len(prefix)] != prefix {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseUint(s[len(prefix):], 10, bits)
}
