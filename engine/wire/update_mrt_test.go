package wire

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// mrtDir holds the shared real MRT files (see its README).
const mrtDir = "../../../shared/testdata/mrt"

// mrtUpdate is one BGP UPDATE taken from a BGP4MP record.
type mrtUpdate struct {
	msg []byte // whole message, header included
	opt Options
}

// readMRTUpdates returns the UPDATE messages of the BGP4MP MESSAGE and
// MESSAGE_AS4 records of an MRT file (RFC 6396 section 4.4), skipping the
// test when the shared data is not there.
func readMRTUpdates(tb testing.TB, name string) []mrtUpdate {
	tb.Helper()
	f, err := os.Open(filepath.Join(mrtDir, name))
	if os.IsNotExist(err) {
		tb.Skip("shared MRT test data not present")
	}
	require.NoError(tb, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(tb, err)
	data, err := io.ReadAll(zr)
	require.NoError(tb, err)
	var out []mrtUpdate
	for len(data) >= 12 {
		typ := binary.BigEndian.Uint16(data[4:])
		sub := binary.BigEndian.Uint16(data[6:])
		n := int(binary.BigEndian.Uint32(data[8:]))
		require.LessOrEqual(tb, 12+n, len(data))
		body := data[12 : 12+n]
		data = data[12+n:]
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
