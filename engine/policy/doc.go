// Package policy holds the import and export policies of a BGP speaker:
// ordered terms that match routes and set path attributes, in the manner
// of FRR route-maps, Cisco route-policies and Junos policy statements.
//
// A Spec is the written form (JSON in a topology or a daemon
// configuration); Compile checks it, reporting every error with its JSON
// path, and returns a Policy. Policy.Evaluate runs a route through the
// terms:
//
//   - Terms are tried in order. A term matches when every condition it sets
//     holds; a condition given as a list holds when any entry does.
//   - A matching term applies its Set actions to the attributes, then its
//     verdict decides: accept or reject stops, next goes on to the next
//     term, which sees the attributes as modified so far.
//   - When no term decides, the policy's default does (accept unless the
//     Spec says "reject").
//
// Evaluate never modifies the route it is given: when an action changes
// something it works on a copy, and it does not allocate when nothing
// changes, as the speaker calls it for every route it receives and sends.
// Policy.Explain runs the same evaluation and reports, term by term, what
// matched, the first condition that failed and the actions applied, for
// the playground's panels and lessons.
//
// Import policy is applied to routes received from a peer before they
// enter the Loc-RIB, export policy to routes before they are advertised
// (RFC 4271 section 9.1, the Policy Information Base).
//
// The package is sans-I/O (see DESIGN.md).
package policy
