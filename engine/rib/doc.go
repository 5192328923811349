// Package rib holds the routing information bases of one BGP speaker (RFC
// 4271 section 3.2) and its decision process (section 9.1):
//
//   - AdjIn is the Adj-RIB-In of one peer: every path the peer advertised,
//     with its attributes as received and, when import policy accepted it,
//     as modified by that policy.
//   - LocRIB holds, for every destination, the candidate paths accepted by
//     import policy and the best of them with the reason it won.
//   - The Adj-RIB-Out of every peer — what we advertised to it — is kept
//     in the destination (Dest.Out), so that a change costs no lookup per
//     peer.
//
// Path attributes are interned in a Table: paths with equal attributes
// share one immutable *Attrs, so a full Internet table costs one copy of
// each distinct attribute set, not one per prefix.
//
// The package does no I/O and keeps no clock; the speaker owns both.
package rib
