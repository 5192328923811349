package speaker

import (
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/policy"
	"github.com/bgpplay/bgpplay/engine/wire"
)

// TestImportPolicyPerUpdate: import policy decides each route of an
// UPDATE as if it came alone, whether it looks at prefixes (evaluated per
// route) or not (evaluated once per UPDATE and attribute set): every
// accepted route of the UPDATE shares the interned result.
func TestImportPolicyPerUpdate(t *testing.T) {
	lp := uint32(200)
	p4 := pfx("100.64.0.0/16")
	tests := []struct {
		name     string
		spec     policy.Spec
		accepted []netip.Prefix
	}{
		{"prefix-free", policy.Spec{Terms: []policy.TermSpec{
			{Name: "tag", Set: policy.SetSpec{LocalPref: &lp}, Then: "accept"}}}, []netip.Prefix{p1, p2, p3, p4}},
		{"by prefix", policy.Spec{Terms: []policy.TermSpec{
			{Name: "not p2", Match: policy.MatchSpec{Prefix: []string{p2.String()}}, Then: "reject"},
			{Name: "tag", Set: policy.SetSpec{LocalPref: &lp}, Then: "accept"}}}, []netip.Prefix{p1, p3, p4}},
		{"rejects", policy.Spec{Default: "reject"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			imp, err := policy.Compile(&tc.spec, "in", "in")
			require.NoError(t, err)
			a, b := pair(65001, 65002)
			a.Policies = map[string]*policy.Policy{"in": imp}
			a.Peers[0].Import = "in"
			h := newHarness(t, 1, a, b)
			h.established()
			h.run(time.Second)
			all := []netip.Prefix{p1, p2, p3, p4}
			h.inject("A", "B", rawUpdate(nil, [][]byte{origin, asSeq4(65002), nextHop}, all))

			sp := h.sp["A"]
			in := sp.AdjIn("B")
			require.Len(t, in, len(all))
			var shared *wire.Attributes
			got := []netip.Prefix{}
			for _, p := range in {
				require.NotNil(t, p.Received)
				if p.Attrs == nil {
					continue
				}
				got = append(got, p.Prefix)
				assert.Equal(t, lp, p.Attrs.LocalPref(0), p.Prefix)
				if shared == nil {
					shared = &p.Attrs.Attributes
				}
				assert.Same(t, shared, &p.Attrs.Attributes, "%s shares the imported attributes", p.Prefix)
			}
			want := append([]netip.Prefix{}, tc.accepted...)
			sortPrefixes(want)
			if want == nil {
				want = []netip.Prefix{}
			}
			assert.Equal(t, want, got)
			st, _ := sp.Peer("B")
			assert.Equal(t, len(tc.accepted), st.Accepted)
			checkRIBs(t, sp)

			// The same UPDATE again changes nothing.
			from := len(h.log)
			h.inject("A", "B", rawUpdate(nil, [][]byte{origin, asSeq4(65002), nextHop}, all))
			for _, l := range h.log[from:] {
				assert.NotContains(t, l, "route-change", "nothing changed")
			}
			checkRIBs(t, sp)
		})
	}
}
