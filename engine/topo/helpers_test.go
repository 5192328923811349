package topo

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Routers and a link most table cases build on.
const (
	r1 = `{"name": "R1", "as": 65001, "router_id": "10.0.0.1"}`
	r2 = `{"name": "R2", "as": 65002, "router_id": "10.0.0.2"}`
	r3 = `{"name": "R3", "as": 65001, "router_id": "10.0.0.3"}`
)

// doc joins top-level members into a document.
func doc(members ...string) string {
	return "{" + strings.Join(members, ", ") + "}"
}

func routers(rs ...string) string { return `"routers": [` + strings.Join(rs, ", ") + `]` }
func hosts(hs ...string) string   { return `"hosts": [` + strings.Join(hs, ", ") + `]` }
func links(ls ...string) string   { return `"links": [` + strings.Join(ls, ", ") + `]` }
func sessions(ss ...string) string {
	return `"sessions": [` + strings.Join(ss, ", ") + `]`
}

// mustLoad loads a document that must be valid.
func mustLoad(t *testing.T, data string) *Topology {
	t.Helper()
	tp, err := Load([]byte(data))
	require.NoError(t, err)
	require.NotNil(t, tp)
	return tp
}

// loadErr loads a document that must be invalid and returns its errors.
func loadErr(t *testing.T, data string) Errors {
	t.Helper()
	tp, err := Load([]byte(data))
	require.Error(t, err)
	require.Nil(t, tp, "a failed Load returns no topology")
	var es Errors
	require.ErrorAs(t, err, &es)
	return es
}
