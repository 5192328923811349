package rib

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// fuzzPeers are the neighbours FuzzDecide draws from.
var fuzzPeers = []*Peer{peerA, peerA2, peerB, peerI1, peerI2, peerV6, local}

// fuzzPaths turns data into an environment and up to 6 paths, 7 octets a
// path. Paths from one peer get distinct identifiers, as they have in a
// Loc-RIB.
func fuzzPaths(t testing.TB, data []byte) (Env, []*Path) {
	b := newBuilder(t)
	var env Env
	if len(data) == 0 {
		return env, nil
	}
	env.AlwaysCompareMED = data[0]&1 != 0
	costs := map[netip.Addr]uint32{}
	for i, p := range fuzzPeers {
		costs[p.Addr] = uint32(data[0]>>(1+i%6)) & 3
	}
	env.Resolve = func(nh netip.Addr) (uint32, bool) {
		c, ok := costs[nh]
		return c, ok
	}
	data = data[1:]
	var paths []*Path
	ids := map[*Peer]uint32{}
	for len(data) >= 7 && len(paths) < 6 {
		v := data[:7]
		data = data[7:]
		peer := fuzzPeers[int(v[0])%len(fuzzPeers)]
		var opts []option
		opts = append(opts, pathID(ids[peer]))
		ids[peer]++
		if v[1]&0x80 != 0 {
			opts = append(opts, localPref(uint32(v[1]&3)*50))
		}
		seg := []string{"", "65001", "65002", "65001 65009", "65002 {65020 65021}", "(65100) 65001", "{65030 65031}", "65001 65002 65003"}[v[2]&7]
		if peer.Local && v[2]&8 == 0 {
			seg = ""
		}
		opts = append(opts, asPath(seg), origin(wire.Origin(v[3]%3)))
		if v[3]&0x10 != 0 {
			opts = append(opts, med(uint32(v[3]>>5)))
		}
		if v[4]&1 != 0 {
			opts = append(opts, originatorID([]string{"10.0.0.1", "10.0.0.3", "10.9.9.9", "10.0.0.200"}[v[4]>>1&3]))
		}
		if n := int(v[4] >> 3 & 3); n > 0 {
			opts = append(opts, clusterList([]string{"10.0.0.50", "10.0.0.51", "10.0.0.52"}[:n]...))
		}
		if v[5]&0x0f == 0 {
			opts = append(opts, rejected())
		}
		if v[6]&1 != 0 && !peer.Local {
			// A next hop nobody resolves.
			opts = append(opts, nextHop("198.51.100.1"))
		}
		paths = append(paths, b.path(peer, opts...))
	}
	return env, paths
}

// referenceBest is RFC 4271 section 9.1.2.1 and 9.1.2.2 with the RFC 4456
// tie-breaks, written as plainly as the RFC states it, to check Decider
// against.
func referenceBest(env Env, paths []*Path) *Path {
	cost := map[*Path]uint32{}
	var c []*Path
	for _, p := range paths {
		if p.Attrs == nil {
			continue
		}
		if p.Peer.Local || env.Resolve == nil {
			c = append(c, p)
			continue
		}
		if n, ok := env.Resolve(p.Attrs.NextHop); ok {
			cost[p] = n
			c = append(c, p)
		}
	}
	if len(c) == 0 {
		return nil
	}
	// keepBest removes every path some other path is strictly better
	// than by less.
	keepBest := func(less func(a, b *Path) bool) {
		var keep []*Path
		for _, m := range c {
			beaten := false
			for _, n := range c {
				beaten = beaten || less(n, m)
			}
			if !beaten {
				keep = append(keep, m)
			}
		}
		c = keep
	}
	keepBest(func(a, b *Path) bool { return a.Attrs.LocalPref(100) > b.Attrs.LocalPref(100) })
	keepBest(func(a, b *Path) bool { return a.Attrs.ASPath.Len() < b.Attrs.ASPath.Len() })
	keepBest(func(a, b *Path) bool { return a.Attrs.Origin < b.Attrs.Origin })
	neighborAS := func(p *Path) uint32 {
		if env.AlwaysCompareMED {
			return 0
		}
		return p.Attrs.ASPath.First()
	}
	keepBest(func(n, m *Path) bool {
		return neighborAS(m) == neighborAS(n) && n.Attrs.MEDValue() < m.Attrs.MEDValue()
	})
	if slices.ContainsFunc(c, func(p *Path) bool { return !p.Peer.Internal }) {
		c = slices.DeleteFunc(c, func(p *Path) bool { return p.Peer.Internal })
	}
	keepBest(func(a, b *Path) bool { return cost[a] < cost[b] })
	id := func(p *Path) netip.Addr {
		if p.Attrs.Has(wire.AttrOriginatorID) {
			return p.Attrs.OriginatorID
		}
		return p.Peer.RouterID
	}
	keepBest(func(a, b *Path) bool { return id(a).Less(id(b)) })
	keepBest(func(a, b *Path) bool { return len(a.Attrs.ClusterList) < len(b.Attrs.ClusterList) })
	keepBest(func(a, b *Path) bool { return a.Peer.Addr.Less(b.Peer.Addr) })
	keepBest(func(a, b *Path) bool { return a.ID < b.ID })
	if len(c) != 1 {
		panic("reference decision left several paths")
	}
	return c[0]
}

// FuzzDecide checks Decider against the reference on random paths, that
// neither the winner nor the reason depends on the order of the paths,
// and that Explain accounts for every usable path.
func FuzzDecide(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 0, 0x80, 1, 0, 0, 1, 0, 2, 0x81, 1, 0, 0, 1, 0})
	f.Add([]byte{0xff, 3, 0x82, 3, 0x30, 1, 1, 0, 4, 0x82, 3, 0x50, 1, 1, 0, 5, 0x82, 3, 0x70, 0, 1, 1})
	f.Add([]byte{0x12, 0, 0, 1, 0x10, 0, 1, 0, 1, 0, 1, 0x70, 0, 1, 0, 2, 0, 2, 0x10, 0, 1, 0})
	f.Add([]byte{0x2a, 3, 0, 0, 0, 0x09, 1, 0, 4, 0, 0, 0, 0x19, 1, 0, 3, 0, 0, 0, 0x0f, 1, 0, 6, 0x83, 9, 2, 0, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		env, paths := fuzzPaths(t, data)
		d := &Decider{Env: env}
		want := referenceBest(env, paths)
		i, r := d.Best(paths)
		if want == nil {
			require.Equal(t, -1, i)
			require.Nil(t, d.Explain(paths))
			return
		}
		require.GreaterOrEqual(t, i, 0)
		require.Same(t, want, paths[i], "winner: got %s, want %s", paths[i], want)

		// Every rotation and the reverse give the same winner and reason.
		for k := 1; k <= len(paths); k++ {
			ps := append(slices.Clone(paths[k:]), paths[:k]...)
			if k == len(paths) {
				slices.Reverse(ps)
			}
			j, r2 := d.Best(ps)
			require.Same(t, want, ps[j])
			require.Equal(t, r, r2)
		}

		out := d.Explain(paths)
		usable := 0
		for _, p := range paths {
			if p.Attrs != nil {
				usable++
			}
		}
		require.Len(t, out, usable)
		require.Equal(t, Outcome{Path: want, Best: true, Reason: r}, out[0])
		if r.Other != nil {
			require.Same(t, r.Other, out[1].Path)
		}
		for _, o := range out[1:] {
			require.False(t, o.Best)
			require.Same(t, o.Path, o.Reason.Other)
			require.NotEqual(t, StepOnly, o.Reason.Step)
			require.NotEmpty(t, o.Reason.String())
			if o.Reason.Best != want {
				// Only at the MED step can a path lose to another.
				require.Equal(t, StepMED, o.Reason.Step, "%s lost to %s", o.Path, o.Reason.Best)
				require.Less(t, o.Reason.Best.Attrs.MEDValue(), o.Path.Attrs.MEDValue())
			}
		}
	})
}
