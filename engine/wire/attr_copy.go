package wire

// Clone returns a deep copy of a that shares no storage with it, for
// keeping attributes (in a RIB, say) after the Attributes they were
// decoded into is reused.
func (a *Attributes) Clone() *Attributes {
	c := *a
	c.ASPath = a.ASPath.Clone()
	c.AS4Path = a.AS4Path.Clone()
	c.Communities = cloneSlice(a.Communities)
	c.ClusterList = cloneSlice(a.ClusterList)
	c.MPReach.NLRI = cloneSlice(a.MPReach.NLRI)
	c.MPUnreach.Withdrawn = cloneSlice(a.MPUnreach.Withdrawn)
	c.ExtCommunities = cloneSlice(a.ExtCommunities)
	c.LargeCommunities = cloneSlice(a.LargeCommunities)
	c.raw = nil
	c.Unknown = nil
	if len(a.Unknown) > 0 {
		n := 0
		for i := range a.Unknown {
			n += len(a.Unknown[i].Value)
		}
		raw := make([]byte, 0, n)
		c.Unknown = make([]RawAttr, len(a.Unknown))
		for i, r := range a.Unknown {
			s := len(raw)
			raw = append(raw, r.Value...)
			r.Value = raw[s:len(raw):len(raw)]
			c.Unknown[i] = r
		}
		c.raw = raw
	}
	return &c
}

// cloneSlice copies s, keeping nil as nil.
func cloneSlice[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}
