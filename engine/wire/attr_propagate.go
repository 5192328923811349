package wire

// Propagate prepares unrecognised attributes for passing the route on
// (RFC 4271 sections 5 and 9.1.2): optional non-transitive ones are
// dropped, optional transitive ones keep travelling with the Partial flag
// set. Known attributes are left alone: which of MED, LOCAL_PREF,
// ORIGINATOR_ID and CLUSTER_LIST go to a peer depends on the kind of
// session and is the speaker's decision.
func (a *Attributes) Propagate() {
	n := 0
	for _, r := range a.Unknown {
		if r.Flags&FlagTransitive == 0 {
			continue
		}
		r.Flags |= FlagPartial
		a.Unknown[n] = r
		n++
	}
	clear(a.Unknown[n:])
	a.Unknown = a.Unknown[:n]
}
