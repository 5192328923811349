package sim_test

import (
	"testing"

	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScenarioAttributes follows 203.0.113.0/24 from A (AS 65001, which
// sets MED 20 on export) to B (AS 65002, LOCAL_PREF 150 on import), over
// IBGP to C1 (next hop kept) and C2 (next_hop_self on B), and from C1 over
// EBGP to D (AS 65003). RFC 4271 section 5.1: EBGP prepends the AS, sets
// NEXT_HOP to the sender's address, carries no LOCAL_PREF and does not
// pass a MED received from another AS on; IBGP keeps AS_PATH and NEXT_HOP
// and carries LOCAL_PREF and MED.
func TestScenarioAttributes(t *testing.T) {
	sc := load(t, "attributes")
	const p = "203.0.113.0/24"

	// At B, as received from A and after import policy.
	b := sc.best("B", p)
	assert.Equal(t, "A", b.Peer.Name)
	assert.Equal(t, "65001", b.Received.ASPath.String())
	assert.Equal(t, addr("192.0.2.1"), b.Received.NextHop)
	assert.True(t, b.Received.Has(wire.AttrMED))
	assert.Equal(t, uint32(20), b.Received.MED)
	assert.False(t, b.Received.Has(wire.AttrLocalPref), "no LOCAL_PREF over EBGP")
	assert.Equal(t, wire.OriginIGP, b.Received.Origin)
	assert.True(t, b.Attrs.Has(wire.AttrLocalPref))
	assert.Equal(t, uint32(150), b.Attrs.LocalPref(0))

	// Over IBGP to C1: unchanged but for LOCAL_PREF, which is sent.
	c1 := sc.best("C1", p)
	assert.Equal(t, "B", c1.Peer.Name)
	assert.Equal(t, "65001", c1.Received.ASPath.String(), "IBGP does not prepend")
	assert.Equal(t, addr("192.0.2.1"), c1.Received.NextHop, "IBGP keeps NEXT_HOP")
	assert.True(t, c1.Received.Has(wire.AttrLocalPref))
	assert.Equal(t, uint32(150), c1.Received.Attributes.LocalPref)
	assert.True(t, c1.Received.Has(wire.AttrMED), "IBGP carries MED")
	assert.Equal(t, uint32(20), c1.Received.MED)
	assert.False(t, c1.Received.Has(wire.AttrOriginatorID), "not reflected")
	assert.False(t, c1.Received.Has(wire.AttrClusterList))

	// To C2 with next_hop_self: B's loopback.
	c2 := sc.best("C2", p)
	assert.Equal(t, addr("10.0.0.1"), c2.Received.NextHop)
	assert.Equal(t, "65001", c2.Received.ASPath.String())
	assert.Equal(t, uint32(150), c2.Received.Attributes.LocalPref)
	assert.Equal(t, uint32(20), c2.Received.MED)

	// C1 passes it to D over EBGP.
	d := sc.best("D", p)
	assert.Equal(t, "C1", d.Peer.Name)
	assert.Equal(t, "65002 65001", d.Received.ASPath.String())
	assert.Equal(t, addr("192.0.2.5"), d.Received.NextHop)
	assert.False(t, d.Received.Has(wire.AttrLocalPref))
	assert.False(t, d.Received.Has(wire.AttrMED), "a MED from AS 65001 is not passed to AS 65003")
	assert.Empty(t, sc.events(trace.UpdateError, "D", "", 0), "nothing to discard: C1 sent no LOCAL_PREF")

	// The same on the wire: the UPDATE C1 sent to D.
	var got *wire.Update
	for _, m := range sc.sent("C1", "D", 0) {
		if u, ok := m.msg.(*wire.Update); ok && len(u.NLRI) > 0 {
			require.Nil(t, got, "one UPDATE expected")
			got = u
		}
	}
	require.NotNil(t, got)
	assert.Equal(t, "65002 65001", got.Attrs.ASPath.String())
	assert.Equal(t, addr("192.0.2.5"), got.Attrs.NextHop)
	assert.False(t, got.Attrs.Has(wire.AttrLocalPref))
	assert.False(t, got.Attrs.Has(wire.AttrMED))

	// And what B sent C1.
	got = nil
	for _, m := range sc.sent("B", "C1", 0) {
		if u, ok := m.msg.(*wire.Update); ok && len(u.NLRI) > 0 {
			got = u
		}
	}
	require.NotNil(t, got)
	assert.True(t, got.Attrs.Has(wire.AttrLocalPref))
	assert.Equal(t, uint32(150), got.Attrs.LocalPref)
	assert.Equal(t, addr("192.0.2.1"), got.Attrs.NextHop)
	sc.golden()
}
