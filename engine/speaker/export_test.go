package speaker

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/policy"
)

// TestExportPolicyRejects: a peer whose export policy rejects every route
// gets none, each held back with the policy's reason, whether the policy
// rejects by default without terms (which is not cached) or by a term
// (cached per attribute set).
func TestExportPolicyRejects(t *testing.T) {
	const n = 20
	tests := []struct {
		name   string
		spec   policy.Spec
		why    string
		cached bool
	}{
		{"no terms", policy.Spec{Default: "reject"}, "export policy deny: rejected by default", false},
		{"a term", policy.Spec{Terms: []policy.TermSpec{{Name: "all", Then: "reject"}}},
			`export policy deny: rejected by term "all"`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			deny, err := policy.Compile(&tc.spec, "deny", "deny")
			require.NoError(t, err)
			assert.Equal(t, !tc.cached, rejectsAll(deny))
			a, b := pair(65001, 65002)
			a.Originate = manyPrefixes(n)
			a.Policies = map[string]*policy.Policy{"deny": deny}
			a.Peers[0].Export = "deny"
			h := newHarness(t, 1, a, b)
			h.established()
			h.run(time.Second)

			assert.Empty(t, h.sp["B"].AdjIn("A"))
			assert.Empty(t, h.sp["A"].AdjOut("B"))
			held := 0
			for _, l := range h.log {
				if strings.Contains(l, "Adj-RIB-Out rejected") && strings.Contains(l, "("+tc.why+")") {
					held++
				}
			}
			assert.Equal(t, n, held, "every route held back with the policy's reason")
			assert.Equal(t, tc.cached, len(h.sp["A"].by["B"].exported) > 0)
		})
	}
}
