package rib

import (
	"encoding/binary"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// Attrs is an interned, immutable set of path attributes, shared by every
// path that carries the same attributes. MP_REACH_NLRI and MP_UNREACH_NLRI
// are never present: the next hop of every address family is in NextHop.
// Never modify an Attrs; derive a changed copy with Table.Intern.
//
// An Attrs is 512 octets, a size class of its own: its key in the Table
// is not kept but encoded again when it is forgotten.
type Attrs struct {
	wire.Attributes
	refs int
}

// LocalPref returns LOCAL_PREF, or def when the attribute is absent.
func (a *Attrs) LocalPref(def uint32) uint32 {
	if a.Has(wire.AttrLocalPref) {
		return a.Attributes.LocalPref
	}
	return def
}

// MEDValue returns MULTI_EXIT_DISC, or 0 when it is absent (RFC 4271
// section 9.1.2.2 c: a missing MED is the lowest possible value).
func (a *Attrs) MEDValue() uint32 {
	if a.Has(wire.AttrMED) {
		return a.MED
	}
	return 0
}

// Table interns path attributes. It is not safe for concurrent use; one
// Table may be shared by every speaker of a simulation, which runs on one
// goroutine.
type Table struct {
	m   map[string]*Attrs
	buf []byte
	// odd numbers the attribute sets that cannot be encoded, each of
	// which gets a key of its own: 0 '!' and the number, which no
	// appendKey result can be (its length prefix would exceed its length).
	// oddKeys holds those keys, which cannot be made again.
	odd     uint64
	oddKeys map[*Attrs]string
}

// NewTable returns an empty Table.
func NewTable() *Table {
	return &Table{m: make(map[string]*Attrs), oddKeys: make(map[*Attrs]string)}
}

// Len reports how many distinct attribute sets are held.
func (t *Table) Len() int { return len(t.m) }

// Intern returns the shared Attrs equal to a, adding a copy of a when there
// is none, and takes a reference on it. a itself is not retained. Any
// MP_REACH_NLRI or MP_UNREACH_NLRI in a is ignored: put the next hop in
// a.NextHop.
func (t *Table) Intern(a *wire.Attributes) *Attrs { return t.intern(a, true) }

// InternShared is Intern for attributes whose slices (and what they point
// at) never change: those of other interned attributes, or new ones that
// nothing else holds. They are kept as they are rather than copied, so
// that deriving attributes from interned ones (export, import policy)
// does not copy them all. a itself is not retained.
func (t *Table) InternShared(a *wire.Attributes) *Attrs { return t.intern(a, false) }

// intern is Intern, copying the slices of a when clone is set.
func (t *Table) intern(a *wire.Attributes, clone bool) *Attrs {
	var ok bool
	t.buf, ok = appendKey(t.buf[:0], a)
	if !ok {
		t.odd++
		t.buf = binary.BigEndian.AppendUint64(append(t.buf[:0], 0, '!'), t.odd)
	}
	if s, ok := t.m[string(t.buf)]; ok {
		s.refs++
		return s
	}
	s := &Attrs{refs: 1}
	if clone {
		s.Attributes = *a.Clone()
	} else {
		s.Attributes = *a
	}
	s.Clear(wire.AttrMPReach)
	s.Clear(wire.AttrMPUnreach)
	s.MPReach, s.MPUnreach = wire.MPReach{}, wire.MPUnreach{}
	key := string(t.buf)
	t.m[key] = s
	if !ok {
		t.oddKeys[s] = key
	}
	return s
}

// Ref takes one more reference on a, which must come from t.
func (t *Table) Ref(a *Attrs) *Attrs {
	a.refs++
	return a
}

// Release drops one reference on a; the last release forgets it. Releasing
// nil does nothing.
func (t *Table) Release(a *Attrs) {
	if a == nil {
		return
	}
	a.refs--
	if a.refs > 0 {
		return
	}
	// A set released once too often may have been replaced by an equal
	// one since: leave that one alone.
	if key, odd := t.oddKeys[a]; odd {
		delete(t.oddKeys, a)
		if t.m[key] == a {
			delete(t.m, key)
		}
		return
	}
	// The key of the stored copy is that of the attributes interned:
	// what appendKey reads was copied, what it leaves out was dropped.
	var ok bool
	t.buf, ok = appendKey(t.buf[:0], &a.Attributes)
	if ok && t.m[string(t.buf)] == a {
		delete(t.m, string(t.buf))
	}
}

// appendKey appends a canonical encoding of a; equal keys mean equal
// attributes. It is made of
//
//   - the attribute block as sent on a 4-octet AS session, without NEXT_HOP
//     and the multiprotocol attributes, after its length (4 octets);
//   - AS4_PATH and AS4_AGGREGATOR, which that encoding leaves out (RFC 6793
//     section 3), as sent on a 2-octet AS session, after their length;
//   - whether NEXT_HOP is present (1 octet), then the next hop's address.
//
// It reports false when the attributes cannot be encoded (a value too long
// for its length field, say).
func appendKey(b []byte, a *wire.Attributes) ([]byte, bool) {
	c := *a
	c.Clear(wire.AttrNextHop)
	c.Clear(wire.AttrMPReach)
	c.Clear(wire.AttrMPUnreach)
	b, ok := appendSection(b, &c, wire.Options{AS4: true, ExtendedMessage: true})
	if !ok {
		return b, false
	}
	var as4 wire.Attributes
	if a.Has(wire.AttrAS4Path) || a.Has(wire.AttrAS4Aggregator) {
		as4.AS4Path, as4.AS4Aggregator = a.AS4Path, a.AS4Aggregator
		for _, t := range []wire.AttrType{wire.AttrAS4Path, wire.AttrAS4Aggregator} {
			if a.Has(t) {
				as4.Set(t)
				as4.SetPartial(t, a.Partial(t))
			}
		}
	}
	if b, ok = appendSection(b, &as4, wire.Options{ExtendedMessage: true}); !ok {
		return b, false
	}
	nh := byte(0)
	if a.Has(wire.AttrNextHop) {
		nh = 1
	}
	b = append(b, nh)
	if a.NextHop.IsValid() {
		b = append(b, a.NextHop.AsSlice()...)
	}
	return b, true
}

// appendSection appends the encoding of a with opt after its length.
func appendSection(b []byte, a *wire.Attributes, opt wire.Options) ([]byte, bool) {
	at := len(b)
	b, err := a.Append(append(b, 0, 0, 0, 0), opt)
	if err != nil {
		return b, false
	}
	binary.BigEndian.PutUint32(b[at:], uint32(len(b)-at-4))
	return b, true
}
