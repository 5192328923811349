package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lineTopology is AS 65001 (R1, originating 203.0.113.0/24) and AS 65002
// (R2), one EBGP session.
const lineTopology = `{
  "routers": [
    {"name": "R1", "as": 65001, "router_id": "10.0.0.1", "originate": ["203.0.113.0/24"]},
    {"name": "R2", "as": 65002, "router_id": "10.0.0.2"}],
  "links": [{"a": "R1", "b": "R2"}],
  "sessions": [{"a": "R1", "b": "R2", "mrai": "0s"}]
}`

// writeTopology writes a topology file into a temporary directory.
func writeTopology(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "topology.json")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	return path
}

// runSimCmd runs bgpplay with args and no input.
func runSimCmd(args ...string) (code int, stdout, stderr string) { return runCmd(args, "") }

func TestSimPrintsRoutes(t *testing.T) {
	code, out, errs := runSimCmd("sim", writeTopology(t, lineTopology))
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "R2 (AS 65002)")
	assert.Regexp(t, `peer R1 +AS 65001 +Established`, out)
	assert.Regexp(t, `203\.0\.113\.0/24 +via 10\.255\.0\.1 +from R1 +\[65001\]  the only path`, out)
	assert.NotContains(t, out, "not quiet")

	code, out, _ = runSimCmd("sim", "-routes", "R1", writeTopology(t, lineTopology))
	require.Equal(t, 0, code)
	assert.NotContains(t, out, "R2 (AS")
}

func TestSimEvents(t *testing.T) {
	code, out, _ := runSimCmd("sim", "-events", writeTopology(t, lineTopology))
	require.Equal(t, 0, code)
	assert.Contains(t, out, "R1 tcp-connect to R2")
	assert.Contains(t, out, "R2 route-change Loc-RIB added 203.0.113.0/24 from R1")

	code, out, _ = runSimCmd("sim", "-events", "-json", writeTopology(t, lineTopology))
	require.Equal(t, 0, code)
	sc := bufio.NewScanner(strings.NewReader(out))
	n := 0
	for sc.Scan() {
		var e map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &e), sc.Text())
		require.Contains(t, e, "kind")
		n++
	}
	assert.Greater(t, n, 10)
}

func TestSimUntil(t *testing.T) {
	code, out, _ := runSimCmd("sim", "-until", "5ms", writeTopology(t, lineTopology))
	require.Equal(t, 0, code)
	assert.Contains(t, out, "at 5ms")
	assert.NotContains(t, out, "203.0.113.0/24 +via 10.255.0.1")
}

func TestSimErrors(t *testing.T) {
	code, _, errs := runSimCmd("sim", writeTopology(t, `{"routers": [{"name": "R1", "as": 65001}]}`))
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "routers[0].router_id: required")

	code, _, errs = runSimCmd("sim", filepath.Join(t.TempDir(), "missing.json"))
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "no such file")

	code, _, errs = runSimCmd("sim", "-routes", "R9", writeTopology(t, lineTopology))
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, `no router "R9"`)

	code, _, _ = runSimCmd("sim")
	assert.Equal(t, 2, code)
}
