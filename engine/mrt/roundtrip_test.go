package mrt

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// attrView is the comparable content of wire.Attributes: only present
// attributes' values, empty slices as nil, unknown attributes in type
// order (the encoder writes them so).
type attrView struct {
	Present, Partial []wire.AttrType
	Origin           wire.Origin
	ASPath, AS4Path  []wire.Segment
	NextHop          netip.Addr
	MED, LocalPref   uint32
	OTC              uint32
	Aggregator       wire.Aggregator
	AS4Aggregator    wire.Aggregator
	Communities      []wire.Community
	OriginatorID     netip.Addr
	ClusterList      []netip.Addr
	MPReach          *wire.MPReach
	MPUnreach        *wire.MPUnreach
	ExtCommunities   []wire.ExtCommunity
	LargeCommunities []wire.LargeCommunity
	Unknown          []wire.RawAttr
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

func segs(p wire.ASPath) []wire.Segment {
	var out []wire.Segment
	for _, s := range p.Segments {
		out = append(out, wire.Segment{Type: s.Type, ASNs: nilIfEmpty(s.ASNs)})
	}
	return out
}

func viewAttrs(a *wire.Attributes) attrView {
	var v attrView
	for t := range 256 {
		typ := wire.AttrType(t)
		if a.Has(typ) {
			v.Present = append(v.Present, typ)
		}
		if a.Partial(typ) {
			v.Partial = append(v.Partial, typ)
		}
	}
	has := a.Has
	if has(wire.AttrOrigin) {
		v.Origin = a.Origin
	}
	if has(wire.AttrASPath) {
		v.ASPath = segs(a.ASPath)
	}
	if has(wire.AttrAS4Path) {
		v.AS4Path = segs(a.AS4Path)
	}
	if has(wire.AttrNextHop) {
		v.NextHop = a.NextHop
	}
	if has(wire.AttrMED) {
		v.MED = a.MED
	}
	if has(wire.AttrLocalPref) {
		v.LocalPref = a.LocalPref
	}
	if has(wire.AttrOTC) {
		v.OTC = a.OTC
	}
	if has(wire.AttrAggregator) {
		v.Aggregator = a.Aggregator
	}
	if has(wire.AttrAS4Aggregator) {
		v.AS4Aggregator = a.AS4Aggregator
	}
	if has(wire.AttrCommunities) {
		v.Communities = nilIfEmpty(a.Communities)
	}
	if has(wire.AttrOriginatorID) {
		v.OriginatorID = a.OriginatorID
	}
	if has(wire.AttrClusterList) {
		v.ClusterList = nilIfEmpty(a.ClusterList)
	}
	if has(wire.AttrMPReach) {
		m := a.MPReach
		m.NLRI = nilIfEmpty(m.NLRI)
		v.MPReach = &m
	}
	if has(wire.AttrMPUnreach) {
		m := a.MPUnreach
		m.Withdrawn = nilIfEmpty(m.Withdrawn)
		v.MPUnreach = &m
	}
	if has(wire.AttrExtCommunities) {
		v.ExtCommunities = nilIfEmpty(a.ExtCommunities)
	}
	if has(wire.AttrLargeCommunities) {
		v.LargeCommunities = nilIfEmpty(a.LargeCommunities)
	}
	for _, u := range a.Unknown {
		u.Value = nilIfEmpty(u.Value)
		v.Unknown = append(v.Unknown, u)
	}
	slices.SortStableFunc(v.Unknown, func(x, y wire.RawAttr) int { return cmp.Compare(x.Type, y.Type) })
	return v
}

// recordView is the comparable content of a record.
type recordView struct {
	Header    Header
	TableDump *TableDump
	TDAttrs   attrView
	PeerIndex *PeerIndexTable
	RIB       *RIB
	RIBAttrs  []attrView
	Peer      BGP4MPPeer
	Local     bool
	AddPath   bool
	MsgType   wire.MessageType
	Withdrawn []wire.NLRI
	NLRI      []wire.NLRI
	MsgAttrs  attrView
	State     *BGP4MPStateChange
}

func viewRecord(rec *Record) recordView {
	v := recordView{Header: rec.Header}
	v.Header.Length = 0 // re-encoding may order or size attributes differently
	switch {
	case rec.TableDump != nil:
		td := *rec.TableDump
		v.TDAttrs = viewAttrs(&td.Attrs)
		td.Attrs, td.Err, td.mpAbbrev = wire.Attributes{}, nil, false
		v.TableDump = &td
	case rec.PeerIndex != nil:
		t := *rec.PeerIndex
		t.Peers = nilIfEmpty(t.Peers)
		v.PeerIndex = &t
	case rec.RIB != nil:
		r := *rec.RIB
		r.Entries = nil
		for _, e := range rec.RIB.Entries {
			av := viewAttrs(&e.Attrs)
			if av.MPReach != nil {
				// Entries written with the full MP_REACH_NLRI form
				// (NLRI included) are rewritten in the short form.
				av.MPReach.NLRI = nil
			}
			v.RIBAttrs = append(v.RIBAttrs, av)
			e.Attrs, e.Err, e.mpAbbrev = wire.Attributes{}, nil, false
			r.Entries = append(r.Entries, e)
		}
		v.RIB = &r
	case rec.Message != nil:
		m := rec.Message
		v.Peer, v.Local, v.AddPath, v.MsgType = m.BGP4MPPeer, m.Local, m.AddPath, m.MsgType
		if m.MsgType == wire.TypeUpdate {
			v.Withdrawn = nilIfEmpty(m.Update.Withdrawn)
			v.NLRI = nilIfEmpty(m.Update.NLRI)
			v.MsgAttrs = viewAttrs(&m.Update.Attrs)
		}
	case rec.State != nil:
		s := *rec.State
		v.State = &s
	}
	return v
}

// rewrite reads every record of data and writes it with a Writer,
// re-encoding every UPDATE that decoded cleanly instead of copying its
// bytes. It returns the written stream and the views of the records read.
func rewrite(t *testing.T, data []byte) ([]byte, []recordView, []byte) {
	t.Helper()
	var out bytes.Buffer
	w := NewWriter(&out)
	rd := NewReader(bytes.NewReader(data))
	var views []recordView
	var p Printer
	var printed []byte
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		printed = p.Append(printed, rec)
		views = append(views, viewRecord(rec))
		if m := rec.Message; m != nil && m.MsgType == wire.TypeUpdate && m.Err == nil {
			mm := *m
			mm.Raw = nil
			c := *rec
			c.Message = &mm
			rec = &c
		}
		require.NoError(t, w.Write(rec), "record at offset %d", rec.Offset)
	}
	return out.Bytes(), views, printed
}

// TestRoundTripRealFiles reads each shared file, writes every record back
// (UPDATEs re-encoded from their decoded form), reads the result and
// checks that the records and the bgpdump print are the same.
func TestRoundTripRealFiles(t *testing.T) {
	for _, name := range mrtFiles(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			t.Parallel()
			written, views, printed := rewrite(t, readGzip(t, name))
			rd := NewReader(bytes.NewReader(written))
			var p Printer
			var again []byte
			for i := 0; ; i++ {
				rec, err := rd.Next()
				if errors.Is(err, io.EOF) {
					require.Equal(t, len(views), i, "record count")
					break
				}
				require.NoError(t, err)
				again = p.Append(again, rec)
				if len(rec.Problems()) > 0 {
					continue // compared through the print only
				}
				require.Equal(t, views[i], viewRecord(rec), "record %d", i)
			}
			diffLines(t, printed, again)
		})
	}
}

// TestConvertTableDumpToV2 turns the TABLE_DUMP bview into TABLE_DUMP_V2
// (one PEER_INDEX_TABLE, one RIB record per prefix) and checks that the
// routes read back print the same, line for line.
func TestConvertTableDumpToV2(t *testing.T) {
	dir := sharedMRTDir(t)
	data := readGzip(t, filepath.Join(dir, "bview.20020722.2337.gz"))

	type route struct {
		ts     uint32
		peer   Peer
		prefix netip.Prefix
		attrs  *wire.Attributes
	}
	var routes []route
	peerIdx := map[Peer]int{}
	var table PeerIndexTable
	rd := NewReader(bytes.NewReader(data))
	var p Printer
	var want []byte
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		td := rec.TableDump
		require.NotNil(t, td)
		want = p.Append(want, rec)
		peer := Peer{IP: td.PeerIP, AS: td.PeerAS, AS2: true}
		if _, ok := peerIdx[peer]; !ok {
			peerIdx[peer] = len(table.Peers)
			table.Peers = append(table.Peers, peer)
		}
		routes = append(routes, route{rec.Timestamp, peer, td.Prefix, td.Attrs.Clone()})
	}
	require.Len(t, routes, 115521)

	var out bytes.Buffer
	w := NewWriter(&out)
	table.CollectorID = netip.MustParseAddr("192.0.2.1")
	table.ViewName = "converted"
	require.NoError(t, w.WritePeerIndexTable(routes[0].ts, &table))
	var rib RIB
	for i := 0; i < len(routes); {
		j := i
		rib = RIB{Family: wire.IPv4Unicast, Sequence: uint32(i), Prefix: routes[i].prefix}
		for ; j < len(routes) && routes[j].prefix == routes[i].prefix && routes[j].ts == routes[i].ts; j++ {
			rib.Entries = append(rib.Entries, RIBEntry{PeerIndex: uint16(peerIdx[routes[j].peer]), Attrs: *routes[j].attrs})
		}
		require.NoError(t, w.WriteRIB(routes[i].ts, &rib))
		i = j
	}

	got, err := printAll(bytes.NewReader(out.Bytes()))
	require.NoError(t, err)
	diffLines(t, bytes.ReplaceAll(want, []byte("TABLE_DUMP|"), []byte("TABLE_DUMP2|")), got)
}

// TestTruncatedRealFiles cuts real files at many points: every record
// wholly before the cut is returned, then an error naming the offset of
// the record the cut falls in.
func TestTruncatedRealFiles(t *testing.T) {
	for _, name := range mrtFiles(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			t.Parallel()
			data := readGzip(t, name)
			if len(data) > 3<<20 {
				data = data[:3<<20] // the cut points below stay inside whole records
			}
			// Record boundaries.
			var ends []int64
			rd := NewReader(bytes.NewReader(data))
			for {
				_, err := rd.Next()
				if err != nil {
					break
				}
				ends = append(ends, rd.Offset())
			}
			require.NotEmpty(t, ends)
			step := max(1, len(data)/41)
			for cut := 1; cut < len(data); cut += step {
				rd := NewReader(bytes.NewReader(data[:cut]))
				n := 0
				var err error
				for {
					if _, err = rd.Next(); err != nil {
						break
					}
					n++
				}
				whole := 0
				for whole < len(ends) && ends[whole] <= int64(cut) {
					whole++
				}
				require.Equal(t, whole, n, "cut at %d: records returned", cut)
				start := int64(0)
				if whole > 0 {
					start = ends[whole-1]
				}
				if start == int64(cut) {
					require.ErrorIs(t, err, io.EOF, "cut at %d on a record boundary", cut)
					continue
				}
				var e *Error
				require.ErrorAs(t, err, &e, "cut at %d", cut)
				assert.True(t, e.Truncated)
				assert.Equal(t, start, e.Offset, "cut at %d", cut)
				assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
				assert.Contains(t, err.Error(), "mrt: record at offset ")
				_, again := rd.Next()
				assert.Equal(t, err, again, "the error is sticky")
			}
		})
	}
}

// TestTruncatedGzip cuts a compressed file short: the records decoded
// before the cut come out, then an error.
func TestTruncatedGzip(t *testing.T) {
	dir := sharedMRTDir(t)
	raw, err := os.ReadFile(filepath.Join(dir, "updates.20100722.2015.gz"))
	require.NoError(t, err)
	out, err := printAll(bytes.NewReader(raw[:len(raw)/2]))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "mrt: record at offset ")
	want := readGzip(t, filepath.Join(dir, "updates.20100722.2015.expect.gz"))
	require.NotEmpty(t, out)
	assert.True(t, bytes.HasPrefix(want, out), "what was printed is a prefix of the full print")
	assert.True(t, strings.HasSuffix(string(out), "\n"))
}
