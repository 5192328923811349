package policy

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePrefixRange(t *testing.T) {
	tests := []struct {
		in       string
		prefix   string
		min, max int
		str      string // String(); in when empty
	}{
		{"10.0.0.0/8", "10.0.0.0/8", 8, 8, ""},
		{"10.0.0.0/8 le 32", "10.0.0.0/8", 8, 32, ""},
		{"10.0.0.0/8 ge 16", "10.0.0.0/8", 16, 32, ""},
		{"10.0.0.0/8 ge 16 le 24", "10.0.0.0/8", 16, 24, ""},
		{"10.0.0.0/8 ge 8 le 8", "10.0.0.0/8", 8, 8, "10.0.0.0/8"},
		{"10.0.0.0/8 ge 8 le 24", "10.0.0.0/8", 8, 24, "10.0.0.0/8 le 24"},
		{"10.0.0.0/8 ge 16 le 32", "10.0.0.0/8", 16, 32, "10.0.0.0/8 ge 16"},
		{"10.0.0.0/8 le 8", "10.0.0.0/8", 8, 8, "10.0.0.0/8"},
		{"  0.0.0.0/0   le 32 ", "0.0.0.0/0", 0, 32, "0.0.0.0/0 le 32"},
		{"0.0.0.0/0", "0.0.0.0/0", 0, 0, ""},
		{"2001:db8::/32 le 48", "2001:db8::/32", 32, 48, ""},
		{"2001:db8::/32 ge 64", "2001:db8::/32", 64, 128, ""},
		{"::/0 ge 128", "::/0", 128, 128, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := ParsePrefixRange(tt.in)
			require.NoError(t, err)
			assert.Equal(t, PrefixRange{netip.MustParsePrefix(tt.prefix), tt.min, tt.max}, r)
			want := tt.str
			if want == "" {
				want = tt.in
			}
			assert.Equal(t, want, r.String())
			back, err := ParsePrefixRange(r.String())
			require.NoError(t, err)
			assert.Equal(t, r, back)
		})
	}
}

func TestParsePrefixRangeErrors(t *testing.T) {
	tests := []struct{ in, err string }{
		{"", `"" is not a prefix range`},
		{"10.0.0.0/33", `"10.0.0.0/33" is not a prefix`},
		{"10.0.0.0", `"10.0.0.0" is not a prefix`},
		{"banana", `"banana" is not a prefix`},
		{"10.0.0.1/8", `10.0.0.1/8 has host bits set (the prefix is 10.0.0.0/8)`},
		{"2001:db8::1/32 le 64", `2001:db8::1/32 has host bits set (the prefix is 2001:db8::/32)`},
		{"10.0.0.0/8 le 33", `le 33 is not a length from 0 to 32`},
		{"2001:db8::/32 le 129", `le 129 is not a length from 0 to 128`},
		{"10.0.0.0/8 le", `le needs a length`},
		{"10.0.0.0/8 le x", `le x is not a length`},
		{"10.0.0.0/8 le -1", `le -1 is not a length`},
		{"10.0.0.0/16 le 8", `le 8 is shorter than the prefix length 16`},
		{"10.0.0.0/16 ge 8", `ge 8 is shorter than the prefix length 16`},
		{"10.0.0.0/8 ge 24 le 16", `le 16 is less than ge 24`},
		{"10.0.0.0/8 le 24 ge 16", `unexpected "ge"`},
		{"10.0.0.0/8 le 24 le 25", `unexpected "le"`},
		{"10.0.0.0/8 eq 24", `unexpected "eq"`},
		{"10.0.0.0/8 24", `unexpected "24"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParsePrefixRange(tt.in)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.err)
		})
	}
}

func TestPrefixRangeContains(t *testing.T) {
	tests := []struct {
		rng, prefix string
		want        bool
	}{
		{"10.0.0.0/8", "10.0.0.0/8", true},
		{"10.0.0.0/8", "10.0.0.0/9", false},
		{"10.0.0.0/8", "11.0.0.0/8", false},
		{"10.0.0.0/8 le 24", "10.1.2.0/24", true},
		{"10.0.0.0/8 le 24", "10.1.2.0/25", false},
		{"10.0.0.0/8 le 24", "10.0.0.0/7", false},
		{"10.0.0.0/8 le 24", "10.0.0.0/8", true},
		{"10.0.0.0/8 ge 16", "10.0.0.0/8", false},
		{"10.0.0.0/8 ge 16", "10.0.0.0/15", false},
		{"10.0.0.0/8 ge 16", "10.255.0.0/16", true},
		{"10.0.0.0/8 ge 16", "10.255.255.255/32", true},
		{"10.0.0.0/8 ge 16 le 24", "10.1.0.0/24", true},
		{"10.0.0.0/8 ge 16 le 24", "10.1.0.0/25", false},
		{"10.0.0.0/8 le 32", "11.0.0.0/32", false},
		{"0.0.0.0/0", "0.0.0.0/0", true},
		{"0.0.0.0/0", "::/0", false},
		{"0.0.0.0/0 le 32", "2001:db8::/32", false},
		{"0.0.0.0/0 le 32", "192.0.2.0/24", true},
		{"::/0 le 128", "192.0.2.0/24", false},
		{"::/0 le 128", "::ffff:192.0.2.0/120", true},
		{"2001:db8::/32 le 48", "2001:db8:1::/48", true},
		{"2001:db8::/32 le 48", "2001:db8:1::/49", false},
		{"2001:db8::/32 le 48", "2001:db9::/48", false},
		{"2001:db8::/32 ge 128", "2001:db8::1/128", true},
	}
	for _, tt := range tests {
		t.Run(tt.rng+" "+tt.prefix, func(t *testing.T) {
			r, err := ParsePrefixRange(tt.rng)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.Contains(netip.MustParsePrefix(tt.prefix)))
		})
	}
	assert.False(t, PrefixRange{}.Contains(netip.MustParsePrefix("0.0.0.0/0")), "zero range")
	r, _ := ParsePrefixRange("0.0.0.0/0 le 32")
	assert.False(t, r.Contains(netip.Prefix{}), "invalid prefix")
}

func FuzzPrefixRange(f *testing.F) {
	for _, s := range []string{"10.0.0.0/8", "10.0.0.0/8 le 32", "10.0.0.0/8 ge 16", "10.0.0.0/8 ge 16 le 24",
		"2001:db8::/32 le 48", "::/0", "10.0.0.1/8", "10.0.0.0/8 le 99", "1.2.3.4/32 ge 32 le 32", "x"} {
		f.Add(s, "10.1.0.0/16")
	}
	f.Fuzz(func(t *testing.T, s, prefix string) {
		r, err := ParsePrefixRange(s)
		if err != nil {
			return
		}
		bits := r.Prefix.Addr().BitLen()
		require.True(t, r.Prefix.Bits() <= r.Min && r.Min <= r.Max && r.Max <= bits, "%q gave %+v", s, r)
		require.Equal(t, r.Prefix.Masked(), r.Prefix)
		back, err := ParsePrefixRange(r.String())
		require.NoError(t, err, "%q renders as %q", s, r.String())
		require.Equal(t, r, back)
		if p, err := netip.ParsePrefix(prefix); err == nil {
			p = p.Masked()
			want := p.Addr().BitLen() == bits && p.Bits() >= r.Min && p.Bits() <= r.Max &&
				netip.PrefixFrom(p.Addr(), r.Prefix.Bits()).Masked() == r.Prefix
			require.Equal(t, want, r.Contains(p), "%v contains %v", r, p)
		}
	})
}
