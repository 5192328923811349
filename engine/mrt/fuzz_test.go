package mrt

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/require"
)

// FuzzReader feeds arbitrary bytes to the Reader: it must never panic,
// every record it returns must print, and every record that decoded
// without problems must survive Writer -> Reader unchanged (same record,
// same bgpdump lines).
func FuzzReader(f *testing.F) {
	// Hand-made records (see reader_test.go).
	f.Add(testkit.Hex(f, hexPIT+hexRIB))                         // PEER_INDEX_TABLE then a RIB record
	f.Add(testkit.Hex(f, hexState))                              // a BGP4MP STATE_CHANGE
	f.Add(testkit.Hex(f, "00000002 0011 0005 0000001c 0000002a"+ // BGP4MP_ET STATE_CHANGE_AS4 ...
		"0000fde9 0000fdea 0000 0001 c0000201 c0000202 0001 0002")) // ... with microseconds
	f.Add(testkit.Hex(f, "00000003 0010 0004 00000041 0000fde9 0000fdea 0000 0001 c0000201 c0000202"+ // MESSAGE_AS4: an UPDATE ...
		"ffffffffffffffffffffffffffffffff 002d 02 0000 0014 40010100 4002060201 0000fde9 400304c0000201 080a")) // ... with ORIGIN, AS_PATH, NEXT_HOP, 10/8
	f.Add(testkit.Hex(f, "00000001 000c 0001 00000016 0000 0001 0a000000 08 01 00000001 0a000001 fde9 0000"))   // TABLE_DUMP without attributes
	f.Add(testkit.Hex(f, hexPIT+"00000001 000d 0002 00000014 00000000 08 0a 0001 0000 00000001 0028 40010100")) // RIB entry overrunning its record
	// The first records of each shared real file (when present).
	if dir, err := findSharedMRTDir(); err == nil {
		names, _ := filepath.Glob(filepath.Join(dir, "*.expect.gz"))
		for _, n := range names {
			data := readGzip(f, n[:len(n)-len(".expect.gz")]+".gz")
			f.Add(firstRecords(data, 3, 4096))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rd := NewReader(bytes.NewReader(data))
		var p Printer
		for range 200 {
			rec, err := rd.Next()
			if err != nil {
				var e *Error
				if errors.As(err, &e) && !e.Truncated {
					continue
				}
				return
			}
			printed := p.Append(nil, rec)
			_ = rec.Problems()
			roundTrip(t, rec, printed)
		}
	})
}

// roundTrip writes rec, reads it back and checks that nothing changed.
// Records with protocol problems are left out: their decoded form is
// partial by design. So are RIB entries whose MP_REACH_NLRI came in the
// full RFC 4760 form: the Writer writes the RFC 6396 short form, which
// does not keep the family.
func roundTrip(t *testing.T, rec *Record, printed []byte) {
	if len(rec.Problems()) > 0 {
		return
	}
	var buf bytes.Buffer
	w := NewWriter(&buf)
	if rec.RIB != nil {
		for _, e := range rec.RIB.Entries {
			if e.Attrs.Has(wire.AttrMPReach) && !e.mpAbbrev {
				return
			}
		}
		require.NotNil(t, rec.Peers)
		require.NoError(t, w.WritePeerIndexTable(rec.Timestamp, rec.Peers))
	}
	out := rec
	if m := rec.Message; m != nil && m.MsgType == wire.TypeUpdate {
		mm := *m
		mm.Raw = nil
		c := *rec
		c.Message = &mm
		out = &c
	}
	require.NoError(t, w.Write(out))
	want := viewRecord(rec)

	rd := NewReader(bytes.NewReader(buf.Bytes()))
	got, err := rd.Next()
	require.NoError(t, err)
	if rec.RIB != nil {
		got, err = rd.Next()
		require.NoError(t, err)
	}
	require.Empty(t, got.Problems())
	require.Equal(t, want, viewRecord(got))
	require.Equal(t, string(printed), string(AppendBgpdump(nil, got)))
}

// findSharedMRTDir is sharedMRTDir without a testing.TB, for fuzz seeds.
func findSharedMRTDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(filepath.Dir(dir), "shared", "testdata", "mrt")
			_, err := os.Stat(d)
			return d, err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// firstRecords returns the first n whole records of an MRT stream, or
// fewer when they would pass max octets.
func firstRecords(data []byte, n, max int) []byte {
	end := 0
	for range n {
		if len(data)-end < HeaderLen {
			break
		}
		l := int(data[end+8])<<24 | int(data[end+9])<<16 | int(data[end+10])<<8 | int(data[end+11])
		if end+HeaderLen+l > len(data) || end+HeaderLen+l > max && end > 0 {
			break
		}
		end += HeaderLen + l
	}
	return data[:end]
}
