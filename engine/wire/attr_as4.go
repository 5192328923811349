package wire

// MergeAS4 reconstructs the real AS path and aggregator of a route
// received from a speaker without 4-octet AS support (RFC 6793 section
// 4.2.3) and then removes AS4_PATH and AS4_AGGREGATOR:
//
//   - If AGGREGATOR holds an AS other than AS_TRANS, AS4_AGGREGATOR and
//     AS4_PATH are ignored.
//   - Otherwise AS4_AGGREGATOR, if present, replaces AGGREGATOR; and if
//     AS_PATH has at least as many ASNs as AS4_PATH (counted as in RFC
//     4271 section 9.1.2.2: AS_SET 1, confederation segments 0), the path
//     becomes the leading ASNs of AS_PATH that AS4_PATH lacks (with any
//     confederation segments among or next to them) followed by
//     AS4_PATH. When AS_PATH is shorter, AS4_PATH is ignored.
//
// Call it only for routes from 2-octet sessions; on 4-octet sessions the
// decoder already discards AS4_PATH and AS4_AGGREGATOR (RFC 6793 section
// 6).
func (a *Attributes) MergeAS4() {
	has4p, has4a := a.Has(AttrAS4Path), a.Has(AttrAS4Aggregator)
	if !has4p && !has4a {
		return
	}
	if !a.Has(AttrAggregator) || a.Aggregator.AS == ASTrans {
		if has4a && a.Has(AttrAggregator) {
			a.Aggregator = a.AS4Aggregator
		}
		if has4p && a.Has(AttrASPath) {
			if keep := a.ASPath.Len() - a.AS4Path.Len(); keep >= 0 {
				a.ASPath.merge(&a.AS4Path, keep)
			}
		}
	}
	a.Clear(AttrAS4Path)
	a.Clear(AttrAS4Aggregator)
	a.AS4Path.Segments = a.AS4Path.Segments[:0]
	a.AS4Aggregator = Aggregator{}
}

// merge keeps the first keep counted ASNs of p (and the confederation
// segments leading or adjacent to them) and appends q, reusing p's
// storage.
func (p *ASPath) merge(q *ASPath, keep int) {
	segs := p.Segments
	i := 0
walk:
	for i < len(segs) {
		s := &segs[i]
		switch s.Type {
		case SegmentConfedSequence, SegmentConfedSet:
		case SegmentSet:
			if keep == 0 {
				break walk
			}
			keep--
		default:
			if keep == 0 {
				break walk
			}
			if len(s.ASNs) > keep {
				s.ASNs = s.ASNs[:keep]
			}
			keep -= len(s.ASNs)
		}
		i++
	}
	segs = segs[:i]
	for j := range q.Segments {
		src := &q.Segments[j]
		if n := len(segs); n > 0 && src.Type == SegmentSequence && segs[n-1].Type == SegmentSequence &&
			len(segs[n-1].ASNs)+len(src.ASNs) <= maxSegmentLen {
			segs[n-1].ASNs = append(segs[n-1].ASNs, src.ASNs...)
			continue
		}
		if len(segs) < cap(segs) {
			segs = segs[:len(segs)+1]
		} else {
			segs = append(segs, Segment{})
		}
		d := &segs[len(segs)-1]
		d.Type = src.Type
		d.ASNs = append(d.ASNs[:0], src.ASNs...)
	}
	p.Segments = segs
}
