package wire

import (
	"encoding/binary"
	"strconv"
)

// AS_PATH encoding (RFC 4271 section 4.3, RFC 6793 section 3, RFC 5065
// section 3): a sequence of path segments,
//
//	+-----------------+-----------------+------------------------------+
//	| segment type    | segment length  | segment value                |
//	| (1 octet)       | (1 octet, ASNs) | (length * 2 or 4 octets)     |
//	+-----------------+-----------------+------------------------------+
//
// AS numbers are 4 octets on sessions where both speakers support them
// and in AS4_PATH, 2 octets otherwise.

// maxSegmentLen is the largest number of ASNs one segment can hold.
const maxSegmentLen = 255

// Len is the path length used by the decision process (RFC 4271 section
// 9.1.2.2 (a)): an AS_SET counts as 1, confederation segments as 0
// (RFC 5065 section 5.3).
func (p *ASPath) Len() int {
	n := 0
	for i := range p.Segments {
		switch p.Segments[i].Type {
		case SegmentSequence:
			n += len(p.Segments[i].ASNs)
		case SegmentSet:
			n++
		}
	}
	return n
}

// NumASNs is the number of AS numbers in all segments.
func (p *ASPath) NumASNs() int {
	n := 0
	for i := range p.Segments {
		n += len(p.Segments[i].ASNs)
	}
	return n
}

// Contains counts how often as appears in any segment (RFC 4271 section
// 9.1.2 loop detection; RFC 5065 section 5 for confederation segments).
func (p *ASPath) Contains(as uint32) int {
	n := 0
	for i := range p.Segments {
		for _, x := range p.Segments[i].ASNs {
			if x == as {
				n++
			}
		}
	}
	return n
}

// First is the neighbouring AS a route was learnt from: the first AS of
// the path outside confederation segments, if that segment is an
// AS_SEQUENCE (RFC 4271 section 9.1.2.2 (c), RFC 5065 section 5.3), or 0.
func (p *ASPath) First() uint32 {
	for i := range p.Segments {
		s := &p.Segments[i]
		switch s.Type {
		case SegmentConfedSequence, SegmentConfedSet:
			continue
		case SegmentSequence:
			if len(s.ASNs) > 0 {
				return s.ASNs[0]
			}
		}
		return 0
	}
	return 0
}

// Prepend puts n copies of as in front of the path, as a speaker does when
// it advertises a route to an external peer (RFC 4271 section 5.1.2). It
// extends the leading AS_SEQUENCE and starts new segments where one would
// exceed 255 ASNs.
func (p *ASPath) Prepend(as uint32, n int) { p.prepend(SegmentSequence, as, n) }

// PrependConfed puts as in front of the path in an AS_CONFED_SEQUENCE, as
// a confederation member does when it advertises a route to a peer in
// another member AS (RFC 5065 section 4.1).
func (p *ASPath) PrependConfed(as uint32) { p.prepend(SegmentConfedSequence, as, 1) }

func (p *ASPath) prepend(t SegmentType, as uint32, n int) {
	for n > 0 {
		if len(p.Segments) > 0 && p.Segments[0].Type == t && len(p.Segments[0].ASNs) < maxSegmentLen {
			s := &p.Segments[0]
			k := min(n, maxSegmentLen-len(s.ASNs))
			asns := make([]uint32, k, k+len(s.ASNs))
			for i := range asns {
				asns[i] = as
			}
			s.ASNs = append(asns, s.ASNs...)
			n -= k
			continue
		}
		p.Segments = append(p.Segments, Segment{})
		copy(p.Segments[1:], p.Segments)
		p.Segments[0] = Segment{Type: t}
	}
}

// StripConfed removes the confederation segments, as a confederation
// border speaker does before advertising a route outside the
// confederation (RFC 5065 section 4.1).
func (p *ASPath) StripConfed() {
	out := p.Segments[:0]
	for _, s := range p.Segments {
		if s.Type != SegmentConfedSequence && s.Type != SegmentConfedSet {
			out = append(out, s)
		}
	}
	clear(p.Segments[len(out):])
	p.Segments = out
}

// Clone returns a deep copy of p.
func (p ASPath) Clone() ASPath {
	if p.Segments == nil {
		return ASPath{}
	}
	q := ASPath{Segments: make([]Segment, len(p.Segments))}
	for i, s := range p.Segments {
		q.Segments[i] = Segment{Type: s.Type, ASNs: append([]uint32(nil), s.ASNs...)}
	}
	return q
}

// Equal reports whether p and q have the same segments.
func (p *ASPath) Equal(q *ASPath) bool {
	if len(p.Segments) != len(q.Segments) {
		return false
	}
	for i := range p.Segments {
		a, b := &p.Segments[i], &q.Segments[i]
		if a.Type != b.Type || len(a.ASNs) != len(b.ASNs) {
			return false
		}
		for j := range a.ASNs {
			if a.ASNs[j] != b.ASNs[j] {
				return false
			}
		}
	}
	return true
}

// String renders the path the conventional way: sequences as
// space-separated ASNs, AS_SET in braces, AS_CONFED_SEQUENCE in
// parentheses and AS_CONFED_SET in brackets, e.g.
// "65001 65002 {65003,65004} (65010 65011) [65012,65013]".
func (p ASPath) String() string { return string(p.AppendText(nil)) }

// AppendText appends the text String returns, without allocating.
func (p *ASPath) AppendText(b []byte) []byte {
	for i := range p.Segments {
		if i > 0 {
			b = append(b, ' ')
		}
		b = p.Segments[i].AppendText(b)
	}
	return b
}

// String renders one segment as in ASPath.String.
func (s Segment) String() string { return string(s.AppendText(make([]byte, 0, 2+len(s.ASNs)*7))) }

// AppendText appends the text String returns.
func (s Segment) AppendText(b []byte) []byte {
	var open, close, sep byte = 0, 0, ' '
	switch s.Type {
	case SegmentSet:
		open, close, sep = '{', '}', ','
	case SegmentConfedSequence:
		open, close = '(', ')'
	case SegmentConfedSet:
		open, close, sep = '[', ']', ','
	}
	if open != 0 {
		b = append(b, open)
	}
	for i, as := range s.ASNs {
		if i > 0 {
			b = append(b, sep)
		}
		b = strconv.AppendUint(b, uint64(as), 10)
	}
	if close != 0 {
		b = append(b, close)
	}
	return b
}

// ParseASPath parses the form ASPath.String writes. Commas and spaces
// both separate ASNs.
func ParseASPath(s string) (ASPath, error) {
	var p ASPath
	var closer byte
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == ',' || c == '\t':
			i++
		case c == '{' || c == '(' || c == '[':
			if closer != 0 {
				return ASPath{}, &parseError{"AS path", s}
			}
			t, cl := SegmentSet, byte('}')
			if c == '(' {
				t, cl = SegmentConfedSequence, ')'
			} else if c == '[' {
				t, cl = SegmentConfedSet, ']'
			}
			p.Segments = append(p.Segments, Segment{Type: t})
			closer = cl
			i++
		case c == '}' || c == ')' || c == ']':
			if c != closer || len(p.Segments[len(p.Segments)-1].ASNs) == 0 {
				return ASPath{}, &parseError{"AS path", s}
			}
			closer = 0
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			as, err := strconv.ParseUint(s[i:j], 10, 32)
			if err != nil {
				return ASPath{}, &parseError{"AS path", s}
			}
			if closer == 0 && (len(p.Segments) == 0 || p.Segments[len(p.Segments)-1].Type != SegmentSequence) {
				p.Segments = append(p.Segments, Segment{Type: SegmentSequence})
			}
			last := &p.Segments[len(p.Segments)-1]
			last.ASNs = append(last.ASNs, uint32(as))
			i = j
		default:
			return ASPath{}, &parseError{"AS path", s}
		}
	}
	if closer != 0 {
		return ASPath{}, &parseError{"AS path", s}
	}
	return p, nil
}

// parseError reports text that does not parse as the named kind of value.
type parseError struct{ what, text string }

func (e *parseError) Error() string { return "wire: invalid " + e.what + " " + strconv.Quote(e.text) }

// decodeSegments decodes the segments of an AS_PATH or AS4_PATH value into
// p, reusing its storage (each Segment's ASNs too). It returns a reason
// when the path is malformed (RFC 7606 section 7.2, RFC 6793 section 6).
func decodeSegments(p *ASPath, v []byte, asLen int, an *annotator) string {
	segs := p.Segments[:0]
	for len(v) > 0 {
		if len(v) < 2 {
			p.Segments = segs
			return "segment header truncated: 1 octet left"
		}
		t, n := SegmentType(v[0]), int(v[1])
		if t < SegmentSet || t > SegmentConfedSet {
			p.Segments = segs
			return "segment type " + strconv.Itoa(int(t)) + " is undefined"
		}
		if n == 0 {
			p.Segments = segs
			return "segment of length 0"
		}
		if len(v) < 2+n*asLen {
			p.Segments = segs
			return "segment of " + strconv.Itoa(n) + " ASNs overruns the attribute"
		}
		if len(segs) < cap(segs) {
			segs = segs[:len(segs)+1]
		} else {
			segs = append(segs, Segment{})
		}
		s := &segs[len(segs)-1]
		s.Type = t
		asns := s.ASNs[:0]
		seg := v[:2+n*asLen]
		w := seg[2:]
		if asLen == 4 {
			for ; len(w) >= 4; w = w[4:] {
				asns = append(asns, binary.BigEndian.Uint32(w))
			}
		} else {
			for ; len(w) >= 2; w = w[2:] {
				asns = append(asns, uint32(binary.BigEndian.Uint16(w)))
			}
		}
		s.ASNs = asns
		v = v[len(seg):]
		if an != nil {
			an.open("segment", seg, s.String())
			an.leaf("segment type", seg[:1], t.String())
			an.leaf("segment length", seg[1:2], count(n, "AS", "ASNs"))
			for i, w := 0, seg[2:]; i < n; i, w = i+1, w[asLen:] {
				an.leaf("AS", w[:asLen], strconv.FormatUint(uint64(asns[i]), 10))
			}
			an.close()
		}
	}
	p.Segments = segs
	return ""
}

// decodeASPath decodes AS_PATH; a malformed path is treat-as-withdraw
// (RFC 7606 section 7.2).
func (a *Attributes) decodeASPath(d *attrDecoder, attr, val []byte) {
	asLen := 2
	if d.opt.AS4 {
		asLen = 4
	}
	if d.an != nil {
		d.an.open("value", val, "")
	}
	reason := decodeSegments(&a.ASPath, val, asLen, d.an)
	if d.an != nil {
		if reason == "" {
			d.an.setValue(a.ASPath.String())
		} else {
			d.an.setValue("malformed: " + reason)
		}
		d.an.close()
	}
	if reason != "" {
		a.ASPath.Segments = a.ASPath.Segments[:0]
		d.report(&Error{Code: CodeUpdateMessage, Subcode: SubMalformedASPath, Action: ActionTreatAsWithdraw,
			Offset: d.off(attr), Reason: "AS_PATH " + reason + " (RFC 7606 section 7.2)"})
		return
	}
	a.Set(AttrASPath)
}

// decodeAS4Path decodes AS4_PATH, received from a speaker without 4-octet
// AS support. A malformed AS4_PATH is attribute-discard; confederation
// segments are dropped (RFC 6793 section 6).
func (a *Attributes) decodeAS4Path(d *attrDecoder, attr, val []byte) {
	if d.an != nil {
		d.an.open("value", val, "")
	}
	reason := ""
	if len(val) < 6 || len(val)%2 != 0 {
		reason = "length " + strconv.Itoa(len(val)) + " is too short or odd"
	} else {
		reason = decodeSegments(&a.AS4Path, val, 4, d.an)
	}
	if reason != "" {
		if d.an != nil {
			d.an.setValue("malformed, discarded: " + reason)
			d.an.close()
		}
		a.AS4Path.Segments = a.AS4Path.Segments[:0]
		d.attrError(SubOptionalAttributeError, ActionAttributeDiscard, attr, true,
			"AS4_PATH %s (RFC 6793 section 6)", reason)
		return
	}
	a.AS4Path.StripConfed()
	if d.an != nil {
		if len(a.AS4Path.Segments) == 0 {
			d.an.setValue("only confederation segments, discarded (RFC 6793 section 6)")
		} else {
			d.an.setValue(a.AS4Path.String())
		}
		d.an.close()
	}
	if len(a.AS4Path.Segments) == 0 {
		return // nothing is left to merge
	}
	a.Set(AttrAS4Path)
}

// appendSegments appends the segments of p with asLen-octet AS numbers;
// with 2-octet numbers, those above 65535 become AS_TRANS (RFC 6793
// section 4.2.2). Segments of more than 255 ASNs are split. Confederation
// segments are left out when noConfed is set (AS4_PATH).
func appendSegments(b []byte, p *ASPath, asLen int, noConfed bool) []byte {
	for i := range p.Segments {
		s := &p.Segments[i]
		if noConfed && (s.Type == SegmentConfedSequence || s.Type == SegmentConfedSet) {
			continue
		}
		asns := s.ASNs
		for len(asns) > 0 {
			n := min(len(asns), maxSegmentLen)
			b = append(b, byte(s.Type), byte(n))
			if asLen == 4 {
				for _, as := range asns[:n] {
					b = binary.BigEndian.AppendUint32(b, as)
				}
			} else {
				for _, as := range asns[:n] {
					if as > 0xffff {
						as = ASTrans
					}
					b = binary.BigEndian.AppendUint16(b, uint16(as))
				}
			}
			asns = asns[n:]
		}
	}
	return b
}

// needsAS4 reports whether p holds an AS number above 65535 outside
// confederation segments, so that a 2-octet session needs AS4_PATH (RFC
// 6793 section 4.2.2).
func (p *ASPath) needsAS4() bool {
	for i := range p.Segments {
		s := &p.Segments[i]
		if s.Type == SegmentConfedSequence || s.Type == SegmentConfedSet {
			continue
		}
		for _, as := range s.ASNs {
			if as > 0xffff {
				return true
			}
		}
	}
	return false
}
