// Package rib holds the routing information bases of one BGP speaker (RFC
// 4271 section 3.2) and its decision process (section 9.1):
//
//   - LocRIB holds every destination (Dest): all the paths received for
//     its prefix from every peer — the Adj-RIBs-In, with the attributes as
//     received and, when import policy accepted a path, as modified by that
//     policy — and the best of the candidates with the reason it won.
//     Keeping the Adj-RIBs-In in the destination rather than in one table
//     per peer makes a received path cost one lookup; LocRIB.From lists
//     one peer's.
//   - The Adj-RIB-Out of every peer — what we advertised to it — is kept
//     in the destination too (Dest.Out), so that a change costs no lookup
//     per peer.
//
// Path attributes are interned in a Table: paths with equal attributes
// share one immutable *Attrs, so a full Internet table costs one copy of
// each distinct attribute set, not one per prefix.
//
// The package does no I/O and keeps no clock; the speaker owns both.
package rib
