package speaker

import (
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runPair runs two speakers for five minutes of virtual time — sessions
// come up, routes are exchanged, one route is withdrawn, keepalives
// flow — and returns every action they took, as text.
func runPair(t *testing.T, seed uint64) []string {
	a, b := pair(65001, 65002)
	a.Originate = []netip.Prefix{pfx("203.0.113.0/24"), pfx("198.51.100.0/24")}
	b.Originate = []netip.Prefix{pfx("192.0.2.128/25")}
	// The default MRAI, jittered, so the seed shows.
	a.Peers[0].MRAI, b.Peers[0].MRAI = nil, nil
	h := newHarness(t, seed, a, b)
	h.established()
	h.run(10 * time.Second)
	h.do("A", func(s *Speaker) []Action {
		acts, err := s.Withdraw(h.now, pfx("198.51.100.0/24"))
		require.NoError(t, err)
		return acts
	})
	h.do("B", func(s *Speaker) []Action {
		acts, err := s.Announce(h.now, pfx("192.0.2.0/25"), nil)
		require.NoError(t, err)
		return acts
	})
	h.run(5 * time.Minute)
	require.NotNil(t, h.sp["B"].Best(pfx("203.0.113.0/24")))
	require.Nil(t, h.sp["B"].Best(pfx("198.51.100.0/24")))
	require.NotNil(t, h.sp["A"].Best(pfx("192.0.2.0/25")))
	require.Zero(t, h.undecodable)
	return h.log
}

func TestActionsDeterministicForSeed(t *testing.T) {
	first := runPair(t, 1)
	require.Greater(t, len(first), 50)
	assert.Equal(t, first, runPair(t, 1), "same seed, same actions")
	other := runPair(t, 2)
	assert.NotEqual(t, first, other, "another seed jitters the timers")
}
