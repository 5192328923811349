package topo

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/netip"
	"reflect"
	"slices"
	"strconv"
	"time"

	"github.com/bgpplay/bgpplay/engine/policy"
	"github.com/bgpplay/bgpplay/engine/wire"
)

// Save writes t in its JSON form: two-space indentation, one line per AS,
// router, host, link and session, and every resolved value written out
// (assigned addresses, derived session types and transports), except values
// that equal their defaults. Load(Save(t)) gives a topology equal to a
// valid t.
func (t *Topology) Save() ([]byte, error) {
	f := t.file()
	var b bytes.Buffer
	b.WriteString("{")
	first := true
	sep := func(k string) {
		if !first {
			b.WriteString(",")
		}
		first = false
		b.WriteString("\n  " + strconv.Quote(k) + ": ")
	}
	if f.Name != "" {
		sep("name")
		if err := writeCompact(&b, f.Name); err != nil {
			return nil, err
		}
	}
	if f.Seed != 0 {
		sep("seed")
		b.WriteString(strconv.FormatUint(f.Seed, 10))
	}
	lists := []struct {
		k string
		v any
		n int
	}{
		{"ases", f.ASes, len(f.ASes)}, {"routers", f.Routers, len(f.Routers)}, {"hosts", f.Hosts, len(f.Hosts)},
		{"links", f.Links, len(f.Links)}, {"sessions", f.Sessions, len(f.Sessions)},
	}
	for _, l := range lists {
		if l.n == 0 {
			continue
		}
		sep(l.k)
		if err := writeLines(&b, l.v); err != nil {
			return nil, err
		}
	}
	if len(f.Policies) > 0 {
		sep("policies")
		if err := writePolicies(&b, f.Policies); err != nil {
			return nil, err
		}
	}
	b.WriteString("\n}\n")
	return b.Bytes(), nil
}

// MarshalJSON writes t in its JSON form, as Save does.
func (t *Topology) MarshalJSON() ([]byte, error) {
	return t.Save()
}

// writeLines writes the elements of the slice v one per line.
func writeLines(b *bytes.Buffer, v any) error {
	rv := reflect.ValueOf(v)
	b.WriteString("[")
	for i := range rv.Len() {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n    ")
		if err := writeCompact(b, rv.Index(i).Interface()); err != nil {
			return err
		}
	}
	b.WriteString("\n  ]")
	return nil
}

// writePolicies writes each policy as an object whose list fields (the
// terms) have one element per line.
func writePolicies(b *bytes.Buffer, specs map[string]*policy.Spec) error {
	names := slices.Sorted(maps.Keys(specs))
	b.WriteString("{")
	for i, name := range names {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n    " + strconv.Quote(name) + ": ")
		spec := specs[name]
		if spec == nil {
			b.WriteString("null")
			continue
		}
		v := reflect.ValueOf(spec).Elem()
		fs := fieldsOf(v.Type())
		b.WriteString("{")
		n := 0
		for _, k := range fs.names {
			fv := v.Field(fs.byName[k])
			if fv.IsZero() {
				continue
			}
			if n > 0 {
				b.WriteString(",")
			}
			n++
			b.WriteString("\n      " + strconv.Quote(k) + ": ")
			if fv.Kind() != reflect.Slice {
				if err := writeCompact(b, fv.Interface()); err != nil {
					return err
				}
				continue
			}
			b.WriteString("[")
			for j := range fv.Len() {
				if j > 0 {
					b.WriteString(",")
				}
				b.WriteString("\n        ")
				if err := writeCompact(b, fv.Index(j).Interface()); err != nil {
					return err
				}
			}
			b.WriteString("\n      ]")
		}
		if n > 0 {
			b.WriteString("\n    ")
		}
		b.WriteString("}")
	}
	b.WriteString("\n  }")
	return nil
}

// encode writes v as compact JSON without escaping HTML characters.
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(buf.Bytes()), nil
}

// writeCompact writes v on one line with a space after each colon and
// comma outside strings.
func writeCompact(b *bytes.Buffer, v any) error {
	s, err := encode(v)
	if err != nil {
		return err
	}
	quoted := false
	for i, c := range s {
		b.WriteByte(c)
		switch {
		case c == '"' && !escaped(s, i):
			quoted = !quoted
		case !quoted && (c == ':' || c == ','):
			b.WriteByte(' ')
		}
	}
	return nil
}

// escaped reports whether the byte at i is preceded by an odd number of
// backslashes.
func escaped(s []byte, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// durString writes d in seconds or milliseconds when it can ("90s",
// "10ms"), as Go otherwise ("1.5s", "2.5ms").
func durString(d time.Duration) string {
	switch {
	case d != 0 && d%time.Second == 0:
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	case d != 0 && d%time.Millisecond == 0 && d > -time.Second && d < time.Second:
		return strconv.FormatInt(int64(d/time.Millisecond), 10) + "ms"
	}
	return d.String()
}

func optDur(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return durString(d)
}

// optPtrDur writes a duration that may be absent; zero is written "0s".
func optPtrDur(d *time.Duration) string {
	if d == nil {
		return ""
	}
	return durString(*d)
}

func optAddr(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}

// file converts t to its written form.
func (t *Topology) file() *fileTopology {
	f := &fileTopology{Name: t.Name, Seed: t.Seed, Policies: t.PolicySpecs}
	for _, a := range t.ASes {
		f.ASes = append(f.ASes, fileAS{ASN: uint64(a.ASN), Name: a.Name, HideExternalLinks: a.HideExternalLinks})
	}
	for _, r := range t.Routers {
		fr := fileRouter{Name: r.Name, AS: uint64(r.AS), RouterID: optAddr(r.RouterID), ClusterID: optAddr(r.ClusterID),
			AlwaysCompareMED: r.AlwaysCompareMED, IGPSync: r.IGPSync, X: r.X, Y: r.Y}
		if r.Loopback != r.RouterID {
			fr.Loopback = optAddr(r.Loopback)
		}
		for _, p := range r.Originate {
			fr.Originate = append(fr.Originate, p.String())
		}
		f.Routers = append(f.Routers, fr)
	}
	for _, h := range t.Hosts {
		fh := fileHost{Name: h.Name, Gateway: optAddr(h.Gateway), X: h.X, Y: h.Y}
		if h.Address.IsValid() {
			fh.Address = netip.PrefixFrom(h.Address, h.PrefixLen).String()
		}
		f.Hosts = append(f.Hosts, fh)
	}
	for _, l := range t.Links {
		lat := durString(l.Latency)
		fl := fileLink{A: l.A, B: l.B, AAddr: optAddr(l.AAddr), BAddr: optAddr(l.BAddr), Latency: &lat, Down: l.Down}
		if l.PrefixLen != 0 {
			fl.PrefixLen = &l.PrefixLen
		}
		if l.Cost != 0 {
			fl.Cost = &l.Cost
		}
		f.Links = append(f.Links, fl)
	}
	for _, s := range t.Sessions {
		fs := fileSession{A: s.A, B: s.B, HoldTime: optDur(s.HoldTime), Keepalive: optDur(s.Keepalive),
			ConnectRetry: optDur(s.ConnectRetry), MRAI: optPtrDur(s.MRAI), Down: s.Down,
			ASide: s.ASide.file(), BSide: s.BSide.file()}
		if s.Type != TypeAuto {
			fs.Type = s.Type.String()
		}
		if s.Transport != TransportAuto {
			fs.Transport = s.Transport.String()
		}
		f.Sessions = append(f.Sessions, fs)
	}
	return f
}

func (n *Neighbor) file() fileNeighbor {
	f := fileNeighbor{Import: n.Import, Export: n.Export, NextHopSelf: n.NextHopSelf, Passive: n.Passive,
		AllowASIn: n.AllowASIn, RRClient: n.RRClient}
	if n.GracefulRestart != nil {
		f.GracefulRestart = &fileGracefulRestart{RestartTime: optDur(n.GracefulRestart.RestartTime)}
	}
	if !slices.Equal(n.Families, []wire.Family{wire.IPv4Unicast}) {
		for _, fam := range n.Families {
			f.Families = append(f.Families, fam.String())
		}
	}
	return f
}
