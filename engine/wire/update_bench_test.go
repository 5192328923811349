package wire

import (
	"testing"

	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Realistic UPDATE bodies for the allocation test and the benchmarks.
var (
	// benchIPv4: ORIGIN IGP, AS_PATH 65001 3356 1299 64512 (4-octet),
	// NEXT_HOP 192.0.2.1, MED 10, COMMUNITIES 65001:100 65001:200
	// NO_EXPORT, LARGE_COMMUNITY 65001:1:2, and three IPv4 prefixes.
	benchIPv4 = "0000 0045" +
		"40 01 01 00" +
		"40 02 12 02 04 0000fde9 00000d1c 00000513 0000fc00" +
		"40 03 04 c0000201" +
		"80 04 04 0000000a" +
		"c0 08 0c fde90064 fde900c8 ffffff01" +
		"c0 20 0c 0000fde9 00000001 00000002" +
		"18 c63364 10 ac10 08 0a"
	// benchIPv6: MP_REACH_NLRI for 2001:db8::/32 and 2001:db8:1::/48 via
	// a global and a link-local next hop, ORIGIN, AS_PATH, COMMUNITIES.
	benchIPv6 = "0000 0050" +
		"80 0e 31 0002 01 20 20010db8000000000000000000000001 fe800000000000000000000000000001 00" +
		"20 20010db8 30 20010db80001" +
		"40 01 01 00" +
		"40 02 0e 02 03 0000fde9 00000d1c 00000513" +
		"c0 08 04 fde90064"
)

// TestDecodeUpdateZeroAllocs checks that decoding into a reused Update
// allocates nothing once its slices have grown.
func TestDecodeUpdateZeroAllocs(t *testing.T) {
	opt := Options{AS4: true}
	for name, h := range map[string]string{"ipv4": benchIPv4, "ipv6": benchIPv6} {
		body := testkit.Hex(t, h)
		var u Update
		require.NoError(t, u.DecodeBody(body, opt), name)
		allocs := testing.AllocsPerRun(100, func() {
			if err := u.DecodeBody(body, opt); err != nil {
				t.Fatal(err)
			}
		})
		assert.Zero(t, allocs, "%s: allocations per decode", name)
		var buf []byte
		buf, err := u.AppendBody(buf, opt)
		require.NoError(t, err)
		assert.Equal(t, h4(body), h4(buf), "%s: re-encoding gives the same bytes", name)
		allocs = testing.AllocsPerRun(100, func() {
			buf, _ = u.AppendBody(buf[:0], opt)
		})
		assert.Zero(t, allocs, "%s: allocations per encode", name)
	}
}

func h4(b []byte) string { return hexString(b) }

// benchBodies are the realistic UPDATEs plus the real ones of an MRT file.
func benchBodies(b *testing.B) ([][]byte, []Options) {
	var bodies [][]byte
	var opts []Options
	for _, h := range []string{benchIPv4, benchIPv6} {
		bodies = append(bodies, testkit.Hex(b, h))
		opts = append(opts, Options{AS4: true})
	}
	return bodies, opts
}

func BenchmarkDecodeUpdate(b *testing.B) {
	bodies, opts := benchBodies(b)
	var u Update
	n := 0
	for _, body := range bodies {
		n += len(body)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for i, body := range bodies {
			if err := u.DecodeBody(body, opts[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkAppendUpdate(b *testing.B) {
	bodies, opts := benchBodies(b)
	us := make([]Update, len(bodies))
	n := 0
	for i, body := range bodies {
		if err := us[i].DecodeBody(body, opts[i]); err != nil {
			b.Fatal(err)
		}
		n += len(body)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	buf := make([]byte, 0, 4096)
	for b.Loop() {
		for i := range us {
			var err error
			if buf, err = us[i].AppendBody(buf[:0], opts[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkDecodeMRTUpdates decodes every UPDATE of a real MRT file.
func BenchmarkDecodeMRTUpdates(b *testing.B) {
	ups := readMRTUpdates(b, "updates.20070211.0141.gz")
	var u Update
	n := 0
	for _, m := range ups {
		n += len(m.msg)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range ups {
			_ = u.DecodeBody(m.msg[HeaderLen:], m.opt)
		}
	}
}

// BenchmarkAppendMRTUpdates encodes every UPDATE of a real MRT file.
func BenchmarkAppendMRTUpdates(b *testing.B) {
	ups := readMRTUpdates(b, "updates.20070211.0141.gz")
	us := make([]Update, 0, len(ups))
	var opts []Options
	n := 0
	for _, m := range ups {
		var u Update
		if u.DecodeBody(m.msg[HeaderLen:], m.opt) == nil {
			us = append(us, u)
			opts = append(opts, m.opt)
			n += len(m.msg)
		}
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	buf := make([]byte, 0, 4096)
	for b.Loop() {
		for i := range us {
			buf, _ = us[i].AppendBody(buf[:0], opts[i])
		}
	}
}
