package policy

import (
	"net/netip"
	"strconv"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// Route is what a policy looks at.
type Route struct {
	// Family is the route's address family; zero means the unicast family
	// of Prefix.
	Family wire.Family
	Prefix netip.Prefix
	// Attrs are the route's path attributes, read-only: Evaluate never
	// modifies them. The next hop is Attrs.NextHop, or the next hop of
	// MP_REACH_NLRI when that is unset. nil stands for no attributes.
	Attrs *wire.Attributes
	// Peer is the neighbour the route was learned from (import policy) or
	// is being sent to (export policy).
	Peer Peer
}

// Peer describes the neighbour of a Route and our side of the session.
type Peer struct {
	Name      string
	Addr      netip.Addr
	AS        uint32
	LocalAddr netip.Addr // our address on the session: next_hop "self"
	LocalAS   uint32     // our AS on the session: what prepend prepends
}

// Result is the outcome of Evaluate.
type Result struct {
	Accept bool
	// Attrs are the attributes to use for an accepted route: r.Attrs
	// itself when no action changed anything, otherwise a modified copy.
	// The copy shares the slices it did not change with r.Attrs: treat it
	// as read-only, or Clone it. Meaningless for a rejected route.
	Attrs *wire.Attributes
	// Term is the name of the term that decided, "" when the default did.
	Term string
	// Index is the index of that term in Policy.Terms, -1 for the default.
	Index int
	// Changed reports that some action changed the attributes.
	Changed bool
	// Set records which of LOCAL_PREF, MED and the next hop an action
	// set (to a new value or not): a speaker applying its own rules for
	// these after export policy leaves them as the policy made them.
	Set Sets
}

// Sets is a set of attributes a policy set.
type Sets uint8

// The attributes Sets records.
const (
	SetLocalPref Sets = 1 << iota
	SetMED
	SetNextHop
)

// String says what decided, e.g. `accepted by term "customers"`,
// `rejected by default`.
func (r Result) String() string {
	s := "rejected"
	if r.Accept {
		s = "accepted"
	}
	if r.Index < 0 {
		return s + " by default"
	}
	return s + " by term " + strconv.Quote(r.Term)
}

// TermTrace is what Explain reports about one term.
type TermTrace struct {
	Index int
	Name  string
	// Reached is false for the terms after the one that decided.
	Reached bool
	// Matched reports that every condition held; otherwise Failed says
	// which did not, e.g. `as_path _65010$ does not match "65001 65002"`.
	Matched bool
	Failed  string
	// Actions describe the actions a matching term applied, in order,
	// e.g. "local_pref 200 (was 100)", "community_add 65001:100 (already
	// present)".
	Actions []string
	// Then is the term's verdict, what happened when it matched.
	Then Verdict
}

// noAttrs stands for a Route's nil Attrs. It is never modified.
var noAttrs wire.Attributes

// Evaluate runs route r through p. A nil *Policy accepts every route
// unchanged. Evaluate does not modify r and does not allocate unless an
// action changes the attributes.
func (p *Policy) Evaluate(r *Route) Result { return p.evaluate(r, nil) }

// Explain evaluates r as Evaluate does and reports every term of p: whether
// it was reached and matched, the first condition that failed, and the
// actions it applied. It returns nil for a nil *Policy.
func (p *Policy) Explain(r *Route) []TermTrace {
	if p == nil {
		return nil
	}
	trace := make([]TermTrace, len(p.Terms))
	for i := range p.Terms {
		trace[i] = TermTrace{Index: i, Name: p.Terms[i].Name, Then: p.Terms[i].Then}
	}
	p.evaluate(r, trace)
	return trace
}

// evaluate is Evaluate, filling trace (one entry per term) when it is not
// nil.
func (p *Policy) evaluate(r *Route, trace []TermTrace) Result {
	if p == nil {
		return Result{Accept: true, Attrs: r.Attrs, Index: -1}
	}
	e := editor{cur: r.Attrs}
	if e.cur == nil {
		e.cur = &noAttrs
	}
	for i := range p.Terms {
		t := &p.Terms[i]
		c := t.Match.failed(r, e.cur)
		if trace != nil {
			trace[i].Reached = true
			trace[i].Matched = c == condNone
			if c != condNone {
				trace[i].Failed = t.Match.describe(c, r, e.cur)
			}
		}
		if c != condNone {
			continue
		}
		var actions *[]string
		if trace != nil {
			actions = &trace[i].Actions
		}
		t.Set.apply(&e, r, actions)
		if t.Then != Next {
			return p.result(r, &e, t.Then == Accept, t.Name, i)
		}
	}
	return p.result(r, &e, p.Default != Reject, "", -1)
}

// result builds the Result of an evaluation.
func (p *Policy) result(r *Route, e *editor, accept bool, term string, index int) Result {
	res := Result{Accept: accept, Attrs: r.Attrs, Term: term, Index: index, Changed: e.changed, Set: e.set}
	if e.copied {
		res.Attrs = e.cur
	}
	return res
}
