package policy

import "testing"

// BenchmarkEvaluate runs a route through a 5-term policy whose terms
// mostly do not match, the common case of an import policy.
func BenchmarkEvaluate(b *testing.B) {
	p := mustCompile(b, fiveTerms)
	r := testRoute("198.51.100.0/24", testAttrs(b, "65002 65003 65004", "65002:1"))
	r.Peer.AS = 65002
	b.ReportAllocs()
	for b.Loop() {
		p.Evaluate(r)
	}
}
