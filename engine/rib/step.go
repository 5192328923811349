package rib

//go:generate go tool stringer -type=Step -linecomment -output=step_string.go

// Step is a step of the decision process (RFC 4271 section 9.1.2.2, with
// the tie-breaks of RFC 4456 section 9), in the order they are applied.
type Step uint8

const (
	// StepOnly: the path was the only candidate.
	StepOnly Step = iota // only path
	// StepReachable: the other paths' next hops are unreachable (RFC
	// 4271 section 9.1.2.1).
	StepReachable // reachable next hop
	// StepLocalPref: highest degree of preference, LOCAL_PREF (section
	// 9.1.1).
	StepLocalPref // LOCAL_PREF
	// StepASPathLen: shortest AS_PATH, an AS_SET counting 1 (section
	// 9.1.2.2 a).
	StepASPathLen // AS_PATH length
	// StepOrigin: lowest ORIGIN (section 9.1.2.2 b).
	StepOrigin // ORIGIN
	// StepMED: lowest MULTI_EXIT_DISC among paths from the same
	// neighbouring AS (section 9.1.2.2 c).
	StepMED // MED
	// StepExternal: learned from EBGP (or originated) rather than IBGP
	// (section 9.1.2.2 d).
	StepExternal // EBGP over IBGP
	// StepIGPCost: lowest interior cost to the next hop (section 9.1.2.2
	// e).
	StepIGPCost // IGP cost
	// StepRouterID: lowest BGP Identifier of the advertising speaker, or
	// ORIGINATOR_ID when present (section 9.1.2.2 f, RFC 4456 section 9).
	StepRouterID // router ID
	// StepClusterList: shortest CLUSTER_LIST (RFC 4456 section 9).
	StepClusterList // CLUSTER_LIST length
	// StepPeerAddr: lowest peer address (section 9.1.2.2 g), then lowest
	// path identifier for several paths from one peer.
	StepPeerAddr // peer address
)
