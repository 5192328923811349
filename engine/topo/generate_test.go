package topo

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func generate(t *testing.T, c GenConfig) (*Topology, []byte) {
	t.Helper()
	tp, err := Generate(c)
	require.NoError(t, err)
	out, err := tp.Save()
	require.NoError(t, err)
	return tp, out
}

func TestGenerateDeterministic(t *testing.T) {
	c := GenConfig{ASes: 30, RoutersPerAS: 4, PrefixesPerAS: 3, Seed: 42}
	_, a := generate(t, c)
	_, b := generate(t, c)
	assert.Equal(t, string(a), string(b), "same seed, same topology")
	c.Seed = 43
	_, d := generate(t, c)
	assert.NotEqual(t, string(a), string(d), "another seed, another topology")
}

func TestGenerateValid(t *testing.T) {
	for _, c := range []GenConfig{
		{ASes: 1, RoutersPerAS: 1},
		{ASes: 1, RoutersPerAS: 2, PrefixesPerAS: 5},
		{ASes: 2, RoutersPerAS: 1, PrefixesPerAS: 1},
		{ASes: 5, RoutersPerAS: 3, PrefixesPerAS: 2, Seed: 9},
		{ASes: 60, RoutersPerAS: 5, PrefixesPerAS: 2, Seed: 1},
	} {
		tp, _ := generate(t, c)
		require.NoError(t, tp.Validate())
		requireRoundTrip(t, tp)
		assert.Len(t, tp.ASes, c.ASes)
		assert.Len(t, tp.Routers, c.ASes*c.RoutersPerAS)
		n := 0
		for _, r := range tp.Routers {
			n += len(r.Originate)
		}
		assert.Equal(t, c.ASes*c.PrefixesPerAS, n)
	}
}

// TestGenerateShape checks the hierarchy, the route reflectors and the
// policies of a generated topology.
func TestGenerateShape(t *testing.T) {
	c := GenConfig{ASes: 100, RoutersPerAS: 10, PrefixesPerAS: 2, Seed: 7}
	start := time.Now()
	tp, err := Generate(c)
	elapsed := time.Since(start)
	require.NoError(t, err)
	t.Logf("100 ASes x 10 routers: %d links, %d sessions, generated and validated in %v",
		len(tp.Links), len(tp.Sessions), elapsed)
	assert.Less(t, elapsed, 5*time.Second, "generous bound for a shared machine; it takes a few ms")

	asOf := map[string]uint32{}
	for _, r := range tp.Routers {
		asOf[r.Name] = r.AS
	}
	tier := map[uint32]string{}
	for _, as := range tp.ASes {
		tier[as.ASN], _, _ = strings.Cut(as.Name, " ")
	}
	providers := map[uint32]int{}
	peers := map[[2]uint32]bool{}
	rrClients := map[string]int{}
	for _, s := range tp.Sessions {
		a, b := asOf[s.A], asOf[s.B]
		switch {
		case s.Type == IBGP:
			assert.Equal(t, TransportLoopback, s.Transport)
			assert.True(t, strings.HasSuffix(s.A, ".0"), "router 0 reflects: %s", s.A)
			assert.True(t, s.ASide.RRClient)
			rrClients[s.A]++
		case s.ASide.Import == "from-peer":
			assert.Equal(t, "from-peer", s.BSide.Import)
			assert.Equal(t, "to-peer", s.ASide.Export)
			peers[[2]uint32{min(a, b), max(a, b)}] = true
			assert.NotEqual(t, "stub", tier[a])
		default:
			assert.Equal(t, "from-provider", s.ASide.Import, "a is the customer")
			assert.Equal(t, "to-provider", s.ASide.Export)
			assert.Equal(t, "from-customer", s.BSide.Import)
			assert.Empty(t, s.BSide.Export, "customers get every route")
			assert.NotEqual(t, "stub", tier[b], "stubs sell no transit")
			providers[a]++
		}
		assert.Nil(t, s.MRAI, "RFC 4271 default MRAI")
	}
	for asn, t1 := range tier {
		switch t1 {
		case "tier-1":
			assert.Zero(t, providers[asn], "AS%d", asn)
		case "tier-2":
			assert.Equal(t, 2, providers[asn], "AS%d", asn)
		case "stub":
			assert.Contains(t, []int{1, 2}, providers[asn], "AS%d", asn)
		}
	}
	// The tier-1s peer in a full mesh.
	var t1s []uint32
	for _, as := range tp.ASes {
		if tier[as.ASN] == "tier-1" {
			t1s = append(t1s, as.ASN)
		}
	}
	require.GreaterOrEqual(t, len(t1s), 3)
	for i, a := range t1s {
		for _, b := range t1s[i+1:] {
			assert.True(t, peers[[2]uint32{min(a, b), max(a, b)}], "AS%d and AS%d peer", a, b)
		}
	}
	for i := range c.ASes {
		assert.Equal(t, c.RoutersPerAS-1, rrClients["r"+strconv.Itoa(i)+".0"])
	}
	// Both 2- and 4-octet AS numbers.
	assert.Equal(t, uint32(64512), tp.ASes[0].ASN)
	assert.GreaterOrEqual(t, tp.ASes[len(tp.ASes)-1].ASN, uint32(4200000000))
	for _, name := range []string{"from-customer", "from-peer", "from-provider", "to-peer", "to-provider"} {
		assert.Contains(t, tp.Policies, name)
	}
}

func TestGenerateConfigErrors(t *testing.T) {
	for _, c := range []struct {
		c    GenConfig
		want string
	}{
		{GenConfig{RoutersPerAS: 1}, "topo: generate: ASes must be at least 1"},
		{GenConfig{ASes: 1}, "topo: generate: RoutersPerAS must be at least 1"},
		{GenConfig{ASes: 1, RoutersPerAS: 1, PrefixesPerAS: -1}, "topo: generate: PrefixesPerAS must not be negative"},
		{GenConfig{ASes: 2000, RoutersPerAS: 1000}, "topo: generate: at most 1048574 routers"},
		{GenConfig{ASes: 1000, RoutersPerAS: 1, PrefixesPerAS: 100}, "topo: generate: at most 65280 prefixes in all"},
	} {
		_, err := Generate(c.c)
		assert.EqualError(t, err, c.want)
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := Generate(GenConfig{ASes: 100, RoutersPerAS: 10, PrefixesPerAS: 2, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
