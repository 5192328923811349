package topo

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden .err files of testdata/bad")

// TestBadFiles loads each testdata/bad/*.json and compares the errors with
// the .err file beside it, exactly.
func TestBadFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			tp, err := Load(data)
			require.Error(t, err)
			require.Nil(t, tp)
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(f, ".json") + ".err"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -run TestBadFiles -update to create it")
			assert.Equal(t, string(want), got)
		})
	}
}
