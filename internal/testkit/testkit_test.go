package testkit

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHexIgnoresLayout(t *testing.T) {
	assert.Equal(t, []byte{0xff, 0x00, 0x13, 0x04}, Hex(t, "ff 00|\n\t13 04"))
	assert.Empty(t, Hex(t, ""))
}

func TestMRTDirHoldsTheSharedFiles(t *testing.T) {
	dir := MRTDir(t)
	_, err := os.Stat(filepath.Join(dir, "README.md"))
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join(dir, "*.expect.gz"))
	require.NoError(t, err)
	assert.NotEmpty(t, files)
}
