// Package speaker is one BGP router: its sessions (engine/fsm), routing
// tables and decision process (engine/rib), policies (engine/policy) and
// the rules of RFC 4271 section 9 for what it advertises to whom. It is
// sans-I/O: a driver (the simulator, or the daemon's socket loop) feeds it
// inputs — bytes received, connections made, timers expired, commands —
// and carries out the actions it returns, in order. The same inputs give
// the same outputs.
//
// # Advertisement rules
//
// For every destination only the best path is used and advertised (RFC
// 4271 section 9.1.3). It goes to a neighbour unless one of these rules
// holds it back, each reported by name in the Adj-RIB-Out trace:
//
//   - it was learned from that neighbour;
//   - it was learned over IBGP and the neighbour is internal too, unless
//     we reflect it (RFC 4456 section 8: routes from clients go to every
//     peer, routes from other IBGP peers go to clients only);
//   - it carries NO_ADVERTISE, or NO_EXPORT / NO_EXPORT_SUBCONFED and the
//     neighbour is external (RFC 1997);
//   - IGPSync is on, it was learned over IBGP, the neighbour is external
//     and the IGP does not reach the prefix;
//   - the neighbour's export policy rejects it, or the neighbour has not
//     negotiated its address family.
//
// Attributes change on the way out as RFC 4271 section 5.1 says. To an
// external neighbour: our AS is prepended, NEXT_HOP becomes our address,
// LOCAL_PREF is removed, and MED is removed unless we originated the route
// (a MED received from one AS is not passed to another); ORIGINATOR_ID and
// CLUSTER_LIST are removed. To an internal neighbour: AS_PATH and NEXT_HOP
// are kept (NEXT_HOP becomes our address for our own routes, and for
// external routes with NextHopSelf), LOCAL_PREF is sent; a reflected route
// gets ORIGINATOR_ID and our cluster ID prepended to CLUSTER_LIST (RFC
// 4456 section 8). Unknown optional transitive attributes travel on with
// the Partial bit; unknown non-transitive ones are dropped. Export policy
// runs first, on the route as it is in the Loc-RIB (before our AS is
// prepended, as in BIRD and FRR); what it sets among LOCAL_PREF, MED and
// the next hop is kept by these rules.
//
// # Updates
//
// When a session reaches Established the speaker sends its whole
// Adj-RIB-Out, then End-of-RIB for each family (RFC 4724 section 2); later
// UPDATEs carry only changes. Changes wait for the
// MinRouteAdvertisementInterval (RFC 4271 section 9.2.1.1) of each
// neighbour; withdrawals do not. Prefixes sharing attributes are packed
// into one UPDATE.
//
// # Receiving
//
// An UPDATE that the FSM found malformed in a way RFC 7606 lets a session
// survive is applied as that RFC says: treat-as-withdraw withdraws every
// prefix of the message, attribute-discard uses the attributes that were
// kept. Checks that need to know the session are made here: LOCAL_PREF,
// ORIGINATOR_ID and CLUSTER_LIST from an external peer are discarded
// (RFC 7606 sections 7.5, 7.9, 7.10); an AS_PATH from an external peer
// that does not start with its AS, or that holds confederation segments,
// is treated as withdraw (RFC 4271 section 6.3, RFC 5065 section 5.3);
// routes whose AS_PATH holds our AS (RFC 4271 section 9.1.2), whose
// ORIGINATOR_ID is our router ID or whose CLUSTER_LIST holds our cluster
// ID (RFC 4456 section 8) are kept in the Adj-RIB-In but never used.
//
// # Graceful restart
//
// As a helper (RFC 4724 section 4.2), when a session with a peer that
// advertised graceful restart ends without a NOTIFICATION, its routes are
// kept and marked stale for the peer's restart time; when the session is
// back, the routes the peer does not send again before its End-of-RIB are
// removed. As a restarting speaker (Config.Restarting, section 4.1), it
// defers its own advertisements until its peers' End-of-RIB.
package speaker
