package wire

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/internal/testkit"
)

// mrtUpdate is one BGP UPDATE taken from a BGP4MP record.
type mrtUpdate struct {
	msg []byte // whole message, header included
	opt Options
}

// mrtRecord is one MRT record: its type, subtype and body.
type mrtRecord struct {
	typ, sub uint16
	body     []byte
}

// mrtRecords yields the type, subtype and body of each record of a shared
// gzipped MRT file (RFC 6396 section 2). The engine/mrt reader cannot be
// used here: it imports this package.
func mrtRecords(tb testing.TB, name string) func(yield func(mrtRecord) bool) {
	tb.Helper()
	f, err := os.Open(filepath.Join(testkit.MRTDir(tb), name))
	require.NoError(tb, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(tb, err)
	data, err := io.ReadAll(zr)
	require.NoError(tb, err)
	return func(yield func(mrtRecord) bool) {
		for len(data) >= 12 {
			typ := binary.BigEndian.Uint16(data[4:])
			sub := binary.BigEndian.Uint16(data[6:])
			n := int(binary.BigEndian.Uint32(data[8:]))
			require.LessOrEqual(tb, 12+n, len(data))
			body := data[12 : 12+n]
			data = data[12+n:]
			if !yield(mrtRecord{typ, sub, body}) {
				return
			}
		}
	}
}

// readMRTUpdates returns the UPDATE messages of the BGP4MP MESSAGE and
// MESSAGE_AS4 records of an MRT file (RFC 6396 section 4.4).
func readMRTUpdates(tb testing.TB, name string) []mrtUpdate {
	tb.Helper()
	var out []mrtUpdate
	for rec := range mrtRecords(tb, name) {
		typ, sub, body := rec.typ, rec.sub, rec.body
		if typ == 17 { // BGP4MP_ET: 4-octet microsecond timestamp first
			body = body[4:]
		}
		if (typ != 16 && typ != 17) || (sub != 1 && sub != 4) {
			continue
		}
		asLen := 2
		if sub == 4 {
			asLen = 4
		}
		afi := binary.BigEndian.Uint16(body[2*asLen+2:])
		ipLen := 4
		if afi == 2 {
			ipLen = 16
		}
		msg := body[2*asLen+4+2*ipLen:]
		if len(msg) < HeaderLen || msg[18] != byte(TypeUpdate) {
			continue
		}
		out = append(out, mrtUpdate{msg: bytes.Clone(msg), opt: Options{AS4: sub == 4}})
	}
	return out
}

// TestMRTUpdates decodes every UPDATE of the real MRT files, re-encodes it
// and decodes the result again.
func TestMRTUpdates(t *testing.T) {
	for _, name := range []string{"updates.20020722.2238.gz", "updates.20070211.0141.gz",
		"updates.20100722.2015.gz", "updates.long_withdrawal.gz", "updates.nlri_mask_trailing_bits.gz"} {
		t.Run(name, func(t *testing.T) {
			ups := readMRTUpdates(t, name)
			require.NotEmpty(t, ups)
			var u, u2 Update
			var buf []byte
			errs := 0
			for i, m := range ups {
				err := u.DecodeBody(m.msg[HeaderLen:], m.opt)
				if err != nil {
					errs++
					t.Logf("%s #%d: %v", name, i, err)
					continue
				}
				buf, err = Append(buf[:0], &u, Options{AS4: m.opt.AS4, ExtendedMessage: true})
				require.NoError(t, err, "#%d", i)
				require.NoError(t, u2.DecodeBody(buf[HeaderLen:], m.opt), "#%d", i)
				requireSameUpdate(t, &u, &u2)
			}
			t.Logf("%s: %d UPDATEs, %d with errors", name, len(ups), errs)
		})
	}
}

// requireSameUpdate compares two decoded UPDATEs, ignoring slice
// capacity and nil-versus-empty differences.
func requireSameUpdate(t testing.TB, a, b *Update) {
	t.Helper()
	require.Equal(t, normUpdate(a), normUpdate(b))
}

// normUpdate copies u with empty slices made nil so that a reused value
// compares equal to a fresh one.
func normUpdate(u *Update) Update {
	n := Update{Withdrawn: nilIfEmpty(u.Withdrawn), NLRI: nilIfEmpty(u.NLRI), Attrs: normAttrs(&u.Attrs)}
	return n
}

func normAttrs(a *Attributes) Attributes {
	c := a.Clone()
	c.raw = nil
	c.ASPath = normPath(c.ASPath)
	c.AS4Path = normPath(c.AS4Path)
	c.Communities = nilIfEmpty(c.Communities)
	c.ClusterList = nilIfEmpty(c.ClusterList)
	c.ExtCommunities = nilIfEmpty(c.ExtCommunities)
	c.LargeCommunities = nilIfEmpty(c.LargeCommunities)
	c.MPReach.NLRI = nilIfEmpty(c.MPReach.NLRI)
	c.MPUnreach.Withdrawn = nilIfEmpty(c.MPUnreach.Withdrawn)
	c.Unknown = nilIfEmpty(c.Unknown)
	return *c
}

func normPath(p ASPath) ASPath {
	if len(p.Segments) == 0 {
		return ASPath{}
	}
	return p
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// readMRTRIBAttrs returns the path attribute blocks of the RIB entries of
// a TABLE_DUMP (RFC 6396 section 4.2) or TABLE_DUMP_V2 (section 4.3) file
// with the options to decode them with.
func readMRTRIBAttrs(tb testing.TB, name string) []mrtUpdate {
	tb.Helper()
	var out []mrtUpdate
	for rec := range mrtRecords(tb, name) {
		typ, sub, body := rec.typ, rec.sub, rec.body
		switch {
		case typ == 12 && (sub == 1 || sub == 2): // TABLE_DUMP, AFI_IPv4 / AFI_IPv6
			ipLen := 4
			if sub == 2 {
				ipLen = 16
			}
			body = body[4+ipLen+1+1+4+ipLen+2:]
			al := int(binary.BigEndian.Uint16(body))
			out = append(out, mrtUpdate{msg: bytes.Clone(body[2 : 2+al]), opt: Options{RIBEntry: true}})
		case typ == 13 && sub >= 2 && sub <= 11 && sub != 6 && sub != 7: // TABLE_DUMP_V2 RIB_*
			addPath := sub >= 8
			plen := int(body[4])
			body = body[5+(plen+7)/8:]
			cnt := int(binary.BigEndian.Uint16(body))
			body = body[2:]
			for range cnt {
				body = body[6:]
				if addPath {
					body = body[4:]
				}
				al := int(binary.BigEndian.Uint16(body))
				out = append(out, mrtUpdate{msg: bytes.Clone(body[2 : 2+al]), opt: Options{RIBEntry: true, AS4: true}})
				body = body[2+al:]
			}
		}
	}
	return out
}

// TestMRTRIBAttributes decodes the attributes of every RIB entry of the
// real table dumps, re-encodes and decodes them again.
func TestMRTRIBAttributes(t *testing.T) {
	for _, name := range []string{"bview.20020722.2337.gz", "bview.64k_stream_overflow.gz", "bview.ipv4_unicast_add_path.gz"} {
		t.Run(name, func(t *testing.T) {
			ents := readMRTRIBAttrs(t, name)
			require.NotEmpty(t, ents)
			var a, a2 Attributes
			var buf []byte
			errs := 0
			for i, m := range ents {
				err := a.Decode(m.msg, m.opt)
				if err != nil {
					errs++
					t.Logf("%s #%d: %v", name, i, err)
					continue
				}
				buf, err = a.Append(buf[:0], m.opt)
				require.NoError(t, err, "#%d", i)
				require.NoError(t, a2.Decode(buf, m.opt), "#%d", i)
				// The RIB-entry form of MP_REACH_NLRI has no NLRI; some
				// writers store the full attribute, whose NLRI Append
				// then leaves out.
				a.MPReach.NLRI = a.MPReach.NLRI[:0]
				require.Equal(t, normAttrs(&a), normAttrs(&a2), "#%d", i)
			}
			t.Logf("%s: %d RIB entries, %d with errors", name, len(ents), errs)
		})
	}
}

// TestMRTNLRIMaskTrailingBits: the UPDATE of updates.nlri_mask_trailing_bits
// announces 11.13.0.0/13 (host bits set past the mask), which comes out
// masked as 11.8.0.0/13, and ends with a truncated prefix (a lone length
// octet), which is an Invalid Network Field error; the prefixes before it
// are still in u.NLRI.
func TestMRTNLRIMaskTrailingBits(t *testing.T) {
	ups := readMRTUpdates(t, "updates.nlri_mask_trailing_bits.gz")
	require.Len(t, ups, 1)
	var u Update
	err := u.DecodeBody(ups[0].msg[HeaderLen:], ups[0].opt)
	requireUpdErr(t, err, CodeUpdateMessage, SubInvalidNetworkField, "", ActionSessionReset)
	assert.Equal(t, []string{"11.8.0.0/13"}, prefixes(u.NLRI))
	assert.Equal(t, "7018 3549 12389 48275 51044", u.Attrs.ASPath.String())
	assert.Equal(t, "6923:3339", u.Attrs.Communities[0].String())
}
