package mrt

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Hand-made records. Header: timestamp | type | subtype | length.
const (
	// PEER_INDEX_TABLE: collector 10.0.0.1, no view name, one peer
	// (IPv4, 2-octet AS 65001).
	hexPIT = "00000001 000d 0001 00000013 | 0a000001 0000 0001 | 00 0a000001 0a000001 fde9"
	// RIB_IPV4_UNICAST 10.0.0.0/8, one entry from peer 0 with ORIGIN IGP
	// and AS_PATH 65001.
	hexRIB = "00000001 000d 0002 0000001d | 00000000 08 0a 0001 | 0000 00000001 000d 40010100 40020602010000fde9"
	// BGP4MP STATE_CHANGE of 192.0.2.1 AS 65001: Established -> Idle.
	hexState = "00000002 0010 0000 00000014 | fde9 fdea 0000 0001 c0000201 c0000202 | 0006 0001"
)

func TestReaderCorruptRecords(t *testing.T) {
	tests := []struct {
		name      string
		stream    string
		good      int // records returned before the error
		err       string
		truncated bool
	}{
		{"RIB entry attributes overrun the record", hexPIT + "00000001 000d 0002 00000014 | 00000000 08 0a 0001 | 0000 00000001 0028 40010100",
			1, "mrt: record at offset 31 (TABLE_DUMP_V2/RIB_IPV4_UNICAST): entry 0 attribute length 40 overruns record (4 octets left)", false},
		{"RIB entry count overruns the record", hexPIT + "00000001 000d 0002 0000000c | 00000000 08 0a 0002 | 0000 0000",
			1, "mrt: record at offset 31 (TABLE_DUMP_V2/RIB_IPV4_UNICAST): entry 0 of 2 overruns record (4 octets left)", false},
		{"RIB before any PEER_INDEX_TABLE", hexRIB,
			0, "mrt: record at offset 0 (TABLE_DUMP_V2/RIB_IPV4_UNICAST): entry 0: no PEER_INDEX_TABLE precedes the RIB record", false},
		{"RIB peer index out of range", hexPIT + "00000001 000d 0002 00000010 | 00000000 08 0a 0001 | 0003 00000001 0000",
			1, "mrt: record at offset 31 (TABLE_DUMP_V2/RIB_IPV4_UNICAST): entry 0 peer index 3 is out of range (the PEER_INDEX_TABLE has 1 peers)", false},
		{"RIB prefix length 33", hexPIT + "00000001 000d 0002 0000000a | 00000000 21 0a000000 00",
			1, "mrt: record at offset 31 (TABLE_DUMP_V2/RIB_IPV4_UNICAST): prefix length 33 exceeds 32", false},
		{"RIB IPv6 prefix runs past the record", hexPIT + "00000001 000d 0004 00000007 | 00000000 40 2001",
			1, "mrt: record at offset 31 (TABLE_DUMP_V2/RIB_IPV6_UNICAST): prefix of length /64 and entry count overrun record (2 octets left)", false},
		{"RIB trailing octets", hexPIT + "00000001 000d 0002 0000000a | 00000000 08 0a 0000 | 0000",
			1, "mrt: record at offset 31 (TABLE_DUMP_V2/RIB_IPV4_UNICAST): 2 octets follow the 0 RIB entries", false},
		{"PEER_INDEX_TABLE peer overruns", "00000001 000d 0001 0000000e | 0a000001 0000 0001 | 02 0a000001 0a",
			0, "mrt: record at offset 0 (TABLE_DUMP_V2/PEER_INDEX_TABLE): peer 0 of 1 overruns record (needs 13 octets, 6 left)", false},
		{"PEER_INDEX_TABLE view name overruns", "00000001 000d 0001 00000007 | 0a000001 0009 00",
			0, "mrt: record at offset 0 (TABLE_DUMP_V2/PEER_INDEX_TABLE): view name length 9 overruns record (1 octets left)", false},
		{"TABLE_DUMP prefix length 33", "00000001 000c 0001 00000016 | 0000 0001 0a000000 21 01 00000001 0a000001 fde9 0000",
			0, "mrt: record at offset 0 (TABLE_DUMP/AFI_IPv4): prefix length 33 exceeds 32", false},
		{"TABLE_DUMP attributes overrun", "00000001 000c 0001 00000016 | 0000 0001 0a000000 08 01 00000001 0a000001 fde9 0004",
			0, "mrt: record at offset 0 (TABLE_DUMP/AFI_IPv4): attribute length 4 overruns record (0 octets left)", false},
		{"TABLE_DUMP too short", "00000001 000c 0002 00000004 | 0000 0001",
			0, "mrt: record at offset 0 (TABLE_DUMP/AFI_IPv6): body has 4 octets, a TABLE_DUMP entry needs at least 46", false},
		{"BGP4MP unknown address family", hexState + "00000002 0010 0004 0000000c | 0000fde9 0000fdea 0000 0003",
			1, "mrt: record at offset 32 (BGP4MP/MESSAGE_AS4): unknown address family 3", false},
		{"BGP4MP addresses overrun", "00000002 0010 0001 0000000c | fde9 fdea 0000 0002 20010db8",
			0, "mrt: record at offset 0 (BGP4MP/MESSAGE): peer and local IPv6 addresses overrun record (4 octets left)", false},
		{"BGP4MP bad marker", "00000002 0010 0001 00000023 | fde9 fdea 0000 0001 c0000201 c0000202 | ffffffffffffffffffffffffffff00ff 0013 04",
			0, "mrt: record at offset 0 (BGP4MP/MESSAGE): BGP message marker octet 14 is 0x00, not 0xff", false},
		{"BGP4MP message length overruns", "00000002 0010 0001 00000023 | fde9 fdea 0000 0001 c0000201 c0000202 | ffffffffffffffffffffffffffffffff 0017 02",
			0, "mrt: record at offset 0 (BGP4MP/MESSAGE): BGP message length 23 overruns record (19 octets left)", false},
		{"BGP4MP message shorter than a header", "00000002 0010 0001 00000012 | fde9 fdea 0000 0001 c0000201 c0000202 | ffff",
			0, "mrt: record at offset 0 (BGP4MP/MESSAGE): BGP message of 2 octets is shorter than its 19-octet header", false},
		{"BGP4MP octets after the message", "00000002 0010 0001 00000024 | fde9 fdea 0000 0001 c0000201 c0000202 | ffffffffffffffffffffffffffffffff 0013 04 00",
			0, "mrt: record at offset 0 (BGP4MP/MESSAGE): 1 octets follow the BGP message", false},
		{"STATE_CHANGE too long", "00000002 0010 0000 00000016 | fde9 fdea 0000 0001 c0000201 c0000202 | 0006 0001 0000",
			0, "mrt: record at offset 0 (BGP4MP/STATE_CHANGE): old and new state need 4 octets, 6 left", false},
		{"BGP4MP_ET without room for microseconds", "00000002 0011 0000 00000002 | 0000",
			0, "mrt: record at offset 0 (BGP4MP_ET/STATE_CHANGE): length 2 leaves no room for the microsecond timestamp", false},
		{"header cut short", hexState + "00000002 0010",
			1, "mrt: record at offset 32: stream ends inside the record header (6 of 12 octets)", true},
		{"body cut short", hexState + "00000002 0010 0000 00000014 | fde9 fdea",
			1, "mrt: record at offset 32 (BGP4MP/STATE_CHANGE): stream ends inside the record: length 20, only 4 octets follow the header", true},
		{"length above the limit", "00000002 0010 0000 7fffffff | fde9 fdea",
			0, "mrt: record at offset 0 (BGP4MP/STATE_CHANGE): record length 2147483647 exceeds the limit of 67108864", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd := NewReader(bytes.NewReader(testkit.Hex(t, tt.stream)))
			for range tt.good {
				_, err := rd.Next()
				require.NoError(t, err)
			}
			_, err := rd.Next()
			require.Error(t, err)
			assert.Equal(t, tt.err, err.Error())
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.truncated, e.Truncated)
			if tt.truncated {
				_, again := rd.Next()
				assert.Same(t, err, again, "a stream error is final")
			} else {
				_, next := rd.Next()
				assert.ErrorIs(t, next, io.EOF, "the reader goes on after a malformed record")
			}
		})
	}
}

// TestReaderGoesOnAfterBadRecord checks that a malformed record in the
// middle of a stream is reported and the records after it are read.
func TestReaderGoesOnAfterBadRecord(t *testing.T) {
	stream := testkit.Hex(t, hexPIT+"00000001 000d 0002 0000000a | 00000000 21 0a000000 00"+hexRIB+hexState)
	rd := NewReader(bytes.NewReader(stream))
	rec, err := rd.Next()
	require.NoError(t, err)
	require.NotNil(t, rec.PeerIndex)
	_, err = rd.Next()
	require.ErrorContains(t, err, "prefix length 33 exceeds 32")
	rec, err = rd.Next()
	require.NoError(t, err)
	require.NotNil(t, rec.RIB)
	assert.Equal(t, "10.0.0.0/8", rec.RIB.Prefix.String())
	assert.Equal(t, int64(31+22), rec.Offset)
	assert.Equal(t, "TABLE_DUMP2|1|B|10.0.0.1|65001|10.0.0.0/8|65001|IGP|255.255.255.255|0|0||NAG||\n", string(AppendBgpdump(nil, rec)))
	rec, err = rd.Next()
	require.NoError(t, err)
	assert.Equal(t, "BGP4MP|2|STATE|192.0.2.1|65001|6|1\n", string(AppendBgpdump(nil, rec)))
	_, err = rd.Next()
	assert.ErrorIs(t, err, io.EOF)
}

// TestReaderSkipsAndCounts checks that records of types and subtypes the
// reader does not decode are counted, not dropped silently.
func TestReaderSkipsAndCounts(t *testing.T) {
	stream := testkit.Hex(t, "00000001 000d 0006 00000002 0000"+ // RIB_GENERIC
		hexState+
		"00000001 000d 0006 00000000"+ // RIB_GENERIC again
		"00000001 000b 0000 00000001 00"+ // OSPFv2
		"00000001 0011 0002 00000004 00000000") // BGP4MP_ET ENTRY
	rd := NewReader(bytes.NewReader(stream))
	n := 0
	for {
		_, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n)
	require.Equal(t, []Skipped{
		{Type: TypeTableDumpV2, Subtype: SubtypeRIBGeneric, Count: 2, Offset: 0},
		{Type: TypeOSPFv2, Subtype: 0, Count: 1, Offset: 58},
		{Type: TypeBGP4MPET, Subtype: 2, Count: 1, Offset: 71},
	}, rd.Skipped())
	assert.Equal(t, "2 TABLE_DUMP_V2/RIB_GENERIC records (first at offset 0)", rd.Skipped()[0].String())
	assert.Equal(t, "1 OSPFv2/subtype 0 record (at offset 58)", rd.Skipped()[1].String())
	assert.Equal(t, "1 BGP4MP_ET/ENTRY record (at offset 71)", rd.Skipped()[2].String())
}

// TestReaderProtocolProblem checks that an UPDATE with a malformed
// attribute is returned with its problem, and reading goes on.
func TestReaderProtocolProblem(t *testing.T) {
	// MESSAGE_AS4 from 192.0.2.1: UPDATE with ORIGIN 5 (invalid), AS_PATH
	// 65001, NEXT_HOP 192.0.2.1 and NLRI 10.0.0.0/8.
	update := "ffffffffffffffffffffffffffffffff 002d 02 | 0000 0014 | 40010105 4002060201 0000fde9 400304c0000201 | 080a"
	body := "0000fde9 0000fdea 0000 0001 c0000201 c0000202 " + update
	stream := testkit.Hex(t, "00000003 0010 0004 00000041"+body+hexState)
	rd := NewReader(bytes.NewReader(stream))
	rec, err := rd.Next()
	require.NoError(t, err)
	probs := rec.Problems()
	require.Len(t, probs, 1)
	var ee *EntryError
	require.ErrorAs(t, probs[0], &ee)
	assert.Equal(t, -1, ee.Entry)
	var we *wire.Error
	require.ErrorAs(t, probs[0], &we)
	assert.Equal(t, wire.CodeUpdateMessage, we.Code)
	assert.Equal(t, wire.SubInvalidOriginAttribute, we.Subcode)
	assert.Equal(t, wire.ActionTreatAsWithdraw, we.Action)
	assert.True(t, strings.HasPrefix(probs[0].Error(), "mrt: record at offset 0 (BGP4MP/MESSAGE_AS4): UPDATE Message Error / Invalid ORIGIN Attribute"), probs[0].Error())
	// bgpdump prints the route all the same; the bad ORIGIN shows as
	// INCOMPLETE.
	assert.Equal(t, "BGP4MP|3|A|192.0.2.1|65001|10.0.0.0/8|65001|INCOMPLETE|192.0.2.1|0|0||NAG||\n", string(AppendBgpdump(nil, rec)))
	rec, err = rd.Next()
	require.NoError(t, err)
	require.NotNil(t, rec.State)
}

func TestDecompressSniffing(t *testing.T) {
	plain := testkit.Hex(t, hexState)
	// A plain stream whose first timestamp reads "BZh9" is not bzip2.
	bz := append(testkit.Hex(t, "425a6839 0010 0000 00000014"), plain[12:]...)
	rec, err := NewReader(bytes.NewReader(bz)).Next()
	require.NoError(t, err)
	assert.Equal(t, uint32(0x425a6839), rec.Timestamp)
	// Empty input is a clean end.
	_, err = NewReader(bytes.NewReader(nil)).Next()
	assert.ErrorIs(t, err, io.EOF)
	// A gzip header with a corrupt stream is an error, not a panic.
	_, err = NewReader(bytes.NewReader(testkit.Hex(t, "1f8b08000000000000ff 0102"))).Next()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "mrt: record at offset 0")
}
