package policy

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// Policy is a compiled policy. Build one with Compile; a Policy is not
// modified by evaluation and may be shared, also between goroutines.
// Change a policy by compiling a new Spec: Spec returns the written form
// Compile was given, not edits made to the fields.
type Policy struct {
	// Name is the name given to Compile.
	Name string
	// Terms are tried in order.
	Terms []Term
	// Default decides routes no term accepted or rejected: Accept or
	// Reject.
	Default Verdict
	spec    Spec
}

// Term is one compiled term: when Match matches, Set is applied and Then
// decides.
type Term struct {
	// Name is the written name, or "term N" (1-based) when it had none.
	Name  string
	Match Match
	Set   Set
	Then  Verdict
}

// FieldError is one error Compile found: the JSON path of the offending
// field and what is wrong with it.
type FieldError struct {
	Path string // e.g. `policies["from-isp"].terms[2].match.prefix[0]`
	Msg  string // e.g. `"10.0.0.0/33" is not a prefix`
}

// Error returns "path: message".
func (e *FieldError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// checker collects the errors of one Compile.
type checker struct{ errs []error }

func (c *checker) add(path string, err error) {
	c.errs = append(c.errs, &FieldError{Path: path, Msg: err.Error()})
}

func (c *checker) addf(path, format string, args ...any) {
	c.add(path, fmt.Errorf(format, args...))
}

// field is the JSON path of field name inside path.
func field(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// index is the JSON path of element i of the list at path.
func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// Compile checks s and returns the policy named name. path is the JSON
// path of s in its file (e.g. `policies["from-isp"]`); it prefixes every
// error. Compile reports all the errors it finds, joined (errors.Join),
// each a *FieldError.
func Compile(s *Spec, name, path string) (*Policy, error) {
	if s == nil {
		return nil, &FieldError{Path: path, Msg: "no policy"}
	}
	var c checker
	p := &Policy{Name: name, spec: cloneSpec(s)}
	d, err := parseVerdict(s.Default)
	if err == nil && d == Next {
		err = errors.New(`"next" is not a default: want "accept" or "reject"`)
	}
	if err != nil {
		c.add(field(path, "default"), err)
	}
	p.Default = d
	names := make(map[string]int, len(s.Terms))
	for i := range s.Terms {
		ts := &s.Terms[i]
		tp := index(field(path, "terms"), i)
		t := Term{Name: ts.Name}
		if t.Name == "" {
			t.Name = "term " + strconv.Itoa(i+1)
		}
		if j, dup := names[t.Name]; dup {
			c.addf(field(tp, "name"), "%q is also the name of terms[%d]", t.Name, j)
		} else {
			names[t.Name] = i
		}
		t.Match = c.match(&ts.Match, field(tp, "match"))
		t.Set = c.set(&ts.Set, field(tp, "set"))
		if t.Then, err = parseVerdict(ts.Then); err != nil {
			c.add(field(tp, "then"), err)
		}
		p.Terms = append(p.Terms, t)
	}
	if len(c.errs) > 0 {
		return nil, errors.Join(c.errs...)
	}
	return p, nil
}

// Spec returns the written form p was compiled from; Compile(p.Spec())
// gives an equal policy.
func (p *Policy) Spec() Spec { return cloneSpec(&p.spec) }

// match compiles the conditions of a term.
func (c *checker) match(s *MatchSpec, path string) Match {
	var m Match
	eachEntry(c, s.Prefix, field(path, "prefix"), func(e string) error {
		r, err := ParsePrefixRange(e)
		m.Prefix = append(m.Prefix, r)
		return err
	})
	if s.ASPath != "" {
		re, err := CompileASPathRegexp(s.ASPath)
		if err != nil {
			c.add(field(path, "as_path"), err)
		}
		m.ASPath = re
	}
	eachEntry(c, s.Community, field(path, "community"), func(e string) error {
		p, err := ParseCommunityPattern(e)
		m.Community = append(m.Community, p)
		return err
	})
	eachEntry(c, s.LargeCommunity, field(path, "large_community"), func(e string) error {
		p, err := ParseLargeCommunityPattern(e)
		m.LargeCommunity = append(m.LargeCommunity, p)
		return err
	})
	eachEntry(c, s.NextHop, field(path, "next_hop"), func(e string) error {
		p, err := parsePrefixOrAddr(e)
		m.NextHop = append(m.NextHop, p)
		return err
	})
	eachEntry(c, s.Peer, field(path, "peer"), func(e string) error {
		ref := PeerRef{Entry: e}
		if a, err := netip.ParseAddr(e); err == nil && a.Zone() == "" {
			ref.Addr = a.Unmap()
		}
		m.Peer = append(m.Peer, ref)
		if strings.TrimSpace(e) == "" {
			return errors.New("empty peer: want a peer name or address")
		}
		return nil
	})
	if len(s.PeerAS) > 0 {
		m.PeerAS = slices.Clone(s.PeerAS)
	}
	if s.Origin != "" {
		o, ok := parseOrigin(s.Origin)
		if !ok {
			c.addf(field(path, "origin"), `%q is not an origin: want "igp", "egp" or "incomplete"`, s.Origin)
		}
		m.Origin, m.MatchOrigin = o, true
	}
	if s.Family != "" {
		switch s.Family {
		case wire.IPv4Unicast.String():
			m.Family = wire.IPv4Unicast
		case wire.IPv6Unicast.String():
			m.Family = wire.IPv6Unicast
		default:
			c.addf(field(path, "family"), "%q is not a family: want %q or %q", s.Family,
				wire.IPv4Unicast.String(), wire.IPv6Unicast.String())
		}
	}
	return m
}

// set compiles the actions of a term.
func (c *checker) set(s *SetSpec, path string) Set {
	var t Set
	if s.LocalPref != nil {
		t.LocalPref, t.SetLocalPref = *s.LocalPref, true
	}
	if s.MED != nil {
		t.MED, t.SetMED = *s.MED, true
	}
	if s.NextHop == "self" {
		t.NextHopSelf = true
	} else if s.NextHop != "" {
		a, err := netip.ParseAddr(s.NextHop)
		switch {
		case err != nil || a.Zone() != "":
			c.addf(field(path, "next_hop"), `%q is not an address or "self"`, s.NextHop)
		case a.IsUnspecified():
			c.addf(field(path, "next_hop"), `%q is the unspecified address, not a next hop`, s.NextHop)
		default:
			t.NextHop = a
		}
	}
	eachEntry(c, s.CommunityAdd, field(path, "community_add"), func(e string) error {
		v, err := wire.ParseCommunity(e)
		if err != nil {
			return fmt.Errorf("%q is not a community: want AS:value (each 0-65535) or a well-known name such as no-export", e)
		}
		t.CommunityAdd = append(t.CommunityAdd, v)
		return nil
	})
	t.CommunityAdd = slices.Compact(slices.Sorted(slices.Values(t.CommunityAdd)))
	eachEntry(c, s.CommunityRemove, field(path, "community_remove"), func(e string) error {
		p, err := ParseCommunityPattern(e)
		t.CommunityRemove = append(t.CommunityRemove, p)
		return err
	})
	eachEntry(c, s.LargeCommunityAdd, field(path, "large_community_add"), func(e string) error {
		v, err := wire.ParseLargeCommunity(e)
		if err != nil {
			return fmt.Errorf("%q is not a large community: want global:local1:local2, each 0-4294967295", e)
		}
		t.LargeCommunityAdd = append(t.LargeCommunityAdd, v)
		return nil
	})
	slices.SortFunc(t.LargeCommunityAdd, compareLarge)
	t.LargeCommunityAdd = slices.Compact(t.LargeCommunityAdd)
	eachEntry(c, s.LargeCommunityRemove, field(path, "large_community_remove"), func(e string) error {
		p, err := ParseLargeCommunityPattern(e)
		t.LargeCommunityRemove = append(t.LargeCommunityRemove, p)
		return err
	})
	switch {
	case s.Prepend < 0 || s.Prepend > maxPrepend:
		c.addf(field(path, "prepend"), "%d is not a prepend count from 0 to %d", s.Prepend, maxPrepend)
	case s.Prepend == 0 && s.PrependAS != 0:
		c.addf(field(path, "prepend_as"), "%d is set but prepend is 0", s.PrependAS)
	default:
		t.Prepend, t.PrependAS = s.Prepend, s.PrependAS
	}
	return t
}

// eachEntry calls parse for every entry of list, recording its error at
// the entry's path.
func eachEntry(c *checker, list []string, path string, parse func(string) error) {
	for i, e := range list {
		if err := parse(e); err != nil {
			c.add(index(path, i), err)
		}
	}
}

// parsePrefixOrAddr reads a prefix, or an address as a single-address
// prefix.
func parsePrefixOrAddr(s string) (netip.Prefix, error) {
	if a, err := netip.ParseAddr(s); err == nil && a.Zone() == "" {
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not a prefix or an address", s)
	}
	if m := p.Masked(); m != p {
		return netip.Prefix{}, fmt.Errorf("%q has host bits set (the prefix is %s)", s, m)
	}
	return p, nil
}

// cloneSpec returns a deep copy of s.
func cloneSpec(s *Spec) Spec {
	c := Spec{Default: s.Default}
	if s.Terms != nil {
		c.Terms = make([]TermSpec, len(s.Terms))
	}
	for i, t := range s.Terms {
		m := &t.Match
		m.Prefix, m.Community, m.LargeCommunity = slices.Clone(m.Prefix), slices.Clone(m.Community), slices.Clone(m.LargeCommunity)
		m.NextHop, m.Peer, m.PeerAS = slices.Clone(m.NextHop), slices.Clone(m.Peer), slices.Clone(m.PeerAS)
		st := &t.Set
		if st.LocalPref != nil {
			v := *st.LocalPref
			st.LocalPref = &v
		}
		if st.MED != nil {
			v := *st.MED
			st.MED = &v
		}
		st.CommunityAdd, st.CommunityRemove = slices.Clone(st.CommunityAdd), slices.Clone(st.CommunityRemove)
		st.LargeCommunityAdd, st.LargeCommunityRemove = slices.Clone(st.LargeCommunityAdd), slices.Clone(st.LargeCommunityRemove)
		c.Terms[i] = t
	}
	return c
}
