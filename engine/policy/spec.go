package policy

// Spec is the written form of a policy, as it appears in a topology JSON
// file or a daemon configuration. Compile checks it and turns it into a
// Policy. Terms are tried in order; the first that matches and says
// "accept" or "reject" decides. Every list field matches when any of its
// entries matches; the fields of a MatchSpec that are set must all match.
//
//	{
//	  "default": "accept",
//	  "terms": [
//	    {"name": "customers",
//	     "match": {"prefix": ["203.0.113.0/24 le 28"], "as_path": "_65010$"},
//	     "set": {"local_pref": 200, "community_add": ["65001:100"]},
//	     "then": "accept"},
//	    {"name": "bogons", "match": {"prefix": ["10.0.0.0/8 le 32"]}, "then": "reject"}
//	  ]
//	}
type Spec struct {
	// Terms are evaluated in order.
	Terms []TermSpec `json:"terms,omitempty"`
	// Default is what happens to a route no term accepted or rejected:
	// "accept" (when empty) or "reject".
	Default string `json:"default,omitempty"`
}

// TermSpec is one term: when Match matches, Set is applied and Then decides.
type TermSpec struct {
	// Name identifies the term in evaluation results; "term N" (1-based)
	// when empty.
	Name  string    `json:"name,omitempty"`
	Match MatchSpec `json:"match,omitzero"`
	Set   SetSpec   `json:"set,omitzero"`
	// Then is "accept", "reject" or "next" (apply Set and go on to the
	// next term, which sees the attributes as modified). Empty means
	// "accept", with or without Set actions, as in most routers: write
	// "next" to go on after setting attributes.
	Then string `json:"then,omitempty"`
}

// MatchSpec lists the conditions of a term. An empty MatchSpec matches
// every route.
type MatchSpec struct {
	// Prefix entries are "P", "P le M", "P ge N" or "P ge N le M", as in
	// FRR prefix lists: the route's prefix must lie inside P, with a
	// length equal to P's ("P"), from P's length to M ("le M"), from N
	// to the address length ("ge N"), or from N to M.
	Prefix []string `json:"prefix,omitempty"`
	// ASPath is a regular expression over the AS_PATH as written by
	// wire.ASPath.String ("65001 65002 {65003,65004}"), where "_"
	// matches a separator: start, end, space, comma or a bracket
	// (as in Cisco and FRR as-path access lists): "^65001_" matches
	// routes learnt from AS 65001, "_65010$" routes originated by AS
	// 65010. The syntax is otherwise Go's (RE2), so braces must be
	// escaped: \{65003,65004\} (in JSON, "\\{65003,65004\\}"). See
	// ASPathRegexp.
	ASPath string `json:"as_path,omitempty"`
	// Community entries are "AS:value", a well-known name ("no-export")
	// or a pattern with "*" for either half ("65001:*").
	Community []string `json:"community,omitempty"`
	// LargeCommunity entries are "global:local1:local2", each part a
	// number or "*".
	LargeCommunity []string `json:"large_community,omitempty"`
	// NextHop entries are prefixes ("192.0.2.0/24") or addresses that
	// contain the route's next hop.
	NextHop []string `json:"next_hop,omitempty"`
	// Peer entries name the neighbour the route was learned from (or is
	// sent to, for export policies): its name or its address.
	Peer []string `json:"peer,omitempty"`
	// PeerAS lists the AS numbers of that neighbour.
	PeerAS []uint32 `json:"peer_as,omitempty"`
	// Origin is "igp", "egp" or "incomplete". A route without ORIGIN
	// matches none.
	Origin string `json:"origin,omitempty"`
	// Family is "ipv4-unicast" or "ipv6-unicast" (wire.Family.String).
	Family string `json:"family,omitempty"`
}

// SetSpec lists the actions of a term. Pointer fields are unset when nil.
// The actions are applied in the order of the fields: local_pref, med,
// next_hop, community_remove, community_add, large_community_remove,
// large_community_add, prepend; so removing "65001:*" and adding
// "65001:100" replaces AS 65001's communities.
type SetSpec struct {
	// LocalPref sets LOCAL_PREF (RFC 4271 section 5.1.5).
	LocalPref *uint32 `json:"local_pref,omitempty"`
	// MED sets MULTI_EXIT_DISC (RFC 4271 section 5.1.4).
	MED *uint32 `json:"med,omitempty"`
	// NextHop is an address, or "self" for the local address of the
	// session the route is sent over (or was received on). It sets the
	// route's next hop: NEXT_HOP for an IPv4 address, and the next hop of
	// MP_REACH_NLRI when the attributes hold one (RFC 4760 section 3).
	NextHop string `json:"next_hop,omitempty"`
	// CommunityAdd entries are as in MatchSpec.Community, without
	// patterns; the resulting list is sorted and has no duplicates.
	// CommunityRemove entries may be patterns; removing the last
	// community removes the COMMUNITIES attribute.
	CommunityAdd    []string `json:"community_add,omitempty"`
	CommunityRemove []string `json:"community_remove,omitempty"`
	// LargeCommunityAdd and LargeCommunityRemove are the same for large
	// communities.
	LargeCommunityAdd    []string `json:"large_community_add,omitempty"`
	LargeCommunityRemove []string `json:"large_community_remove,omitempty"`
	// Prepend is how many extra times to prepend PrependAS (default: the
	// local AS) to the AS_PATH, at most 32. PrependAS without Prepend is
	// an error.
	Prepend   int    `json:"prepend,omitempty"`
	PrependAS uint32 `json:"prepend_as,omitempty"`
}
