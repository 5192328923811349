package sim

import (
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/topo"
	"github.com/stretchr/testify/require"
)

func TestSmoke(t *testing.T) {
	tp, err := topo.Load([]byte(`{
	 "routers": [
	  {"name": "R1", "as": 65001, "router_id": "10.0.0.1", "originate": ["203.0.113.0/24"]},
	  {"name": "R2", "as": 65002, "router_id": "10.0.0.2"},
	  {"name": "R3", "as": 65002, "router_id": "10.0.0.3"}],
	 "links": [{"a": "R1", "b": "R2"}, {"a": "R2", "b": "R3"}],
	 "sessions": [{"a": "R1", "b": "R2", "mrai": "0s"}, {"a": "R2", "b": "R3", "b_side": {"next_hop_self": false}, "a_side": {"next_hop_self": true}}]
	}`))
	require.NoError(t, err)
	s, err := New(tp, Options{})
	require.NoError(t, err)
	quiet := s.RunUntilQuiet(10 * time.Minute)
	defer func() { require.True(t, quiet) }()
	for _, e := range s.Log().Events() {
		t.Log(e.String())
	}
}
