package policy

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
)

func mustPath(t testing.TB, s string) wire.ASPath {
	t.Helper()
	p, err := wire.ParseASPath(s)
	require.NoError(t, err)
	return p
}

func TestASPathRegexpMatch(t *testing.T) {
	tests := []struct {
		expr, path string
		want       bool
	}{
		{"^65001_", "65001 65002", true},
		{"^65001_", "65001", true},
		{"^65001_", "650011 65002", false},
		{"^65001_", "65002 65001", false},
		{"_65002$", "65001 65002", true},
		{"_65002$", "65002", true},
		{"_65002$", "65001 165002", false},
		{"_65002$", "65002 65001", false},
		{"_65003_", "65001 65003 65002", true},
		{"_65003_", "65003", true},
		{"_65003_", "65001 650030", false},
		{"_65003_", "65001 {65004,65003}", true},
		{"_65003_", "65001 {65003,65004}", true},
		{"_65003_", "(65003) 65001", true},
		{"_65003_", "65001 [65002,65003]", true},
		{"^$", "", true},
		{"^$", "65001", false},
		{".*", "", true},
		{"^65001$", "65001", true},
		{"^65001$", "65001 65001", false},
		{"^(65001_)+$", "65001 65001 65001", true},
		{"^65001_65002_", "65001 65002 65003", true},
		{"_65001_65002_", "65000 65001 65002", true},
		{"_65001_65002_", "65001 {65002}", false}, // one "_" is one character
		{`_65001_\{65002_`, "65001 {65002}", true},
		{`\{65003,65004\}`, "65001 {65003,65004}", true},
		{"^[0-9]+$", "65001", true},
		{"^[0-9]+$", "65001 65002", false},
		{"_6500[1-3]_", "65000 65002", true},
		{"[_]", "65001", false},   // inside a class "_" is literal
		{`\_`, "65001", false},    // escaped "_" is literal
		{`\Q_\E`, "65001", false}, // so is "_" in \Q...\E
		{"_", "", true},
		{"_4200000000$", "65001 4200000000", true},
	}
	for _, tt := range tests {
		t.Run(tt.expr+" on "+tt.path, func(t *testing.T) {
			re, err := CompileASPathRegexp(tt.expr)
			require.NoError(t, err)
			p := mustPath(t, tt.path)
			assert.Equal(t, tt.want, re.Match(&p))
			assert.Equal(t, tt.expr, re.String())
		})
	}
}

func TestTranslateASPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"^65001_", "^65001" + separator},
		{"_65001_", separator + "65001" + separator},
		{"[_]", "[_]"},
		{"[^_]_", "[^_]" + separator},
		{"[]_]_", "[]_]" + separator},
		{"[[:digit:]_]_", "[[:digit:]_]" + separator},
		{`\__`, `\_` + separator},
		{`\Q_\E_`, `\Q_\E` + separator},
		{`\Q__`, `\Q__`},
		{`\p{Old_Italic}_`, `\p{Old_Italic}` + separator},
		{`\pN_`, `\pN` + separator},
		{`_\`, separator + `\`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, offs := translateASPath(tt.in)
			assert.Equal(t, tt.want, got)
			require.Len(t, offs, len(got)+1)
			assert.Equal(t, len(tt.in), offs[len(got)])
			for i := 1; i < len(offs); i++ {
				assert.LessOrEqual(t, offs[i-1], offs[i])
			}
		})
	}
}

func TestCompileASPathRegexpErrors(t *testing.T) {
	tests := []struct{ expr, err string }{
		{"65001 (", `"65001 (" is not a valid AS path regular expression: missing closing ) at offset 0 ("65001 (")`},
		{"_65001[", `"_65001[" is not a valid AS path regular expression: missing closing ] at offset 6 ("[")`},
		{"_65001)", `"_65001)" is not a valid AS path regular expression: unexpected ) at offset 0 ("_65001)")`},
		{"65001_**", `invalid nested repetition operator at offset 6 ("**")`},
		{"65001_{2}{3}", `invalid nested repetition operator at offset 6 ("{2}{3}")`},
		{"(_65001", `missing closing ) at offset 0 ("(_65001")`},
		{"[z-a]_", `invalid character class range at offset 1 ("z-a")`},
		{"{65003,65004}", `invalid repeat count at offset 0 ("{65003,65004}")`},
		{`\8`, `invalid escape sequence at offset 0 ("\\8")`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			_, err := CompileASPathRegexp(tt.expr)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.err)
		})
	}
}

func TestAppendASPath(t *testing.T) {
	for _, s := range []string{"", "65001", "65001 65002 {65003,65004} (65010 65011) [65012,65013]", "{1} 2", "4294967295"} {
		p := mustPath(t, s)
		assert.Equal(t, p.String(), string(appendASPath(nil, &p)))
	}
	p := wire.ASPath{Segments: []wire.Segment{{Type: wire.SegmentSequence}, {Type: wire.SegmentSet, ASNs: []uint32{1}}}}
	assert.Equal(t, p.String(), string(appendASPath(nil, &p)), "empty segment")
}

func FuzzASPathRegexp(f *testing.F) {
	for _, s := range []string{"^65001_", "_65002$", "[_]", `\Q_\E`, "_(", "[[:alpha:]_", `\p{Greek}_`, `\`} {
		f.Add(s, "65001 65002 {65003,65004}")
	}
	f.Fuzz(func(t *testing.T, expr, path string) {
		tr, offs := translateASPath(expr)
		require.Len(t, offs, len(tr)+1)
		re, err := CompileASPathRegexp(expr)
		if err != nil {
			return
		}
		p, err := wire.ParseASPath(path)
		if err != nil {
			return
		}
		// Matching the rendered path is matching the translation.
		require.Equal(t, regexp.MustCompile(tr).MatchString(p.String()), re.Match(&p))
	})
}
