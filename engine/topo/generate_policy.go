package topo

import "github.com/bgpplay/bgpplay/engine/policy"

// gaoRexford returns the policies of generated topologies: import policies
// that record where a route came from and prefer customers over peers over
// providers, and export policies that give peers and providers only
// customer routes and the AS's own (Gao and Rexford's conditions for
// stable routing).
func gaoRexford() map[string]*policy.Spec {
	tag := func(name, community string, localPref uint32) *policy.Spec {
		return &policy.Spec{Terms: []policy.TermSpec{{
			Name: name,
			Set: policy.SetSpec{LocalPref: &localPref,
				CommunityRemove: []string{communityRelations}, CommunityAdd: []string{community}},
			Then: "accept",
		}}}
	}
	export := func() *policy.Spec {
		return &policy.Spec{Terms: []policy.TermSpec{
			{Name: "customer routes", Match: policy.MatchSpec{Community: []string{CommunityFromCustomer}}, Then: "accept"},
			{Name: "own routes", Match: policy.MatchSpec{ASPath: "^$"}, Then: "accept"},
		}, Default: "reject"}
	}
	return map[string]*policy.Spec{
		"from-customer": tag("customer", CommunityFromCustomer, 200),
		"from-peer":     tag("peer", CommunityFromPeer, 100),
		"from-provider": tag("provider", CommunityFromProvider, 50),
		"to-peer":       export(),
		"to-provider":   export(),
	}
}
