package speaker

import (
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

func TestConfigErrors(t *testing.T) {
	neg := -time.Second
	pol, err := policy.Compile(&policy.Spec{}, "ok", "policies[ok]")
	require.NoError(t, err)
	good := func() Config {
		a, _ := pair(65001, 65002)
		a.Policies = map[string]*policy.Policy{"ok": pol}
		return a
	}
	tests := []struct {
		name   string
		change func(c *Config)
		want   []string
	}{
		{"AS 0", func(c *Config) { c.AS = 0 }, []string{"AS must not be 0"}},
		{"no router ID", func(c *Config) { c.RouterID = netip.Addr{} }, []string{"RouterID invalid IP must be a non-zero IPv4 address"}},
		{"zero router ID", func(c *Config) { c.RouterID = netip.IPv4Unspecified() }, []string{"RouterID 0.0.0.0 must be a non-zero IPv4 address"}},
		{"IPv6 router ID", func(c *Config) { c.RouterID = netip.MustParseAddr("2001:db8::1") }, []string{"RouterID 2001:db8::1 must be a non-zero IPv4 address"}},
		{"IPv6 cluster ID", func(c *Config) { c.ClusterID = netip.MustParseAddr("2001:db8::1") }, []string{"ClusterID 2001:db8::1 must be an IPv4 address"}},
		{"peer without name", func(c *Config) { c.Peers[0].Name = "" }, []string{"Peers[0]: Name is empty"}},
		{"peer name twice", func(c *Config) {
			p := c.Peers[0]
			p.Addr = netip.MustParseAddr("192.0.2.9")
			c.Peers = append(c.Peers, p)
		}, []string{"Peers[1] (B): Name is used twice"}},
		{"peer without address", func(c *Config) { c.Peers[0].Addr = netip.Addr{} }, []string{"Peers[0] (B): Addr is missing"}},
		{"peer AS 0", func(c *Config) { c.Peers[0].AS = 0 }, []string{"Peers[0] (B): AS must not be 0"}},
		{"EBGP route reflector client", func(c *Config) { c.Peers[0].RRClient = true }, []string{"Peers[0] (B): RRClient needs an IBGP neighbour, not AS 65002"}},
		{"AllowASIn negative", func(c *Config) { c.Peers[0].AllowASIn = -1 }, []string{"Peers[0] (B): AllowASIn -1 must be between 0 and 10"}},
		{"AllowASIn too big", func(c *Config) { c.Peers[0].AllowASIn = 11 }, []string{"Peers[0] (B): AllowASIn 11 must be between 0 and 10"}},
		{"unknown import", func(c *Config) { c.Peers[0].Import = "nope" }, []string{`Peers[0] (B): no policy "nope"`}},
		{"unknown export", func(c *Config) { c.Peers[0].Export = "gone" }, []string{`Peers[0] (B): no policy "gone"`}},
		{"negative MRAI", func(c *Config) { c.Peers[0].MRAI = &neg }, []string{"Peers[0] (B): MRAI -1s must not be negative"}},
		{"unmasked origin", func(c *Config) {
			c.Originate = []netip.Prefix{pfx("203.0.113.0/24"), netip.MustParsePrefix("198.51.100.7/24")}
		},
			[]string{"Originate[1]: 198.51.100.7/24 is not a masked prefix"}},
		{"invalid origin", func(c *Config) { c.Originate = []netip.Prefix{{}} }, []string{"Originate[0]: invalid Prefix is not a masked prefix"}},
		{"bad session", func(c *Config) { c.Peers[0].Session = fsm.Config{HoldTime: time.Second} }, []string{"Peers[0] (B): fsm: HoldTime 1s must be between 3s and 65535s"}},
		{"everything at once", func(c *Config) {
			c.AS = 0
			c.RouterID = netip.Addr{}
			c.Peers[0].Addr = netip.Addr{}
			c.Peers[0].Import = "nope"
			c.Peers = append(c.Peers, PeerConfig{})
			c.Originate = []netip.Prefix{netip.MustParsePrefix("10.1.2.3/8")}
		}, []string{
			"AS must not be 0", "RouterID invalid IP", "Peers[0] (B): Addr is missing",
			`Peers[0] (B): no policy "nope"`, "Peers[1]: Name is empty", "Peers[1] (): Addr is missing",
			"Peers[1] (): AS must not be 0", "Originate[0]: 10.1.2.3/8",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good()
			tt.change(&c)
			s, err := New(c, newRand())
			require.Error(t, err)
			assert.Nil(t, s)
			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, "speaker A: "), msg)
			for _, w := range tt.want {
				assert.Contains(t, msg, w)
			}
		})
	}

	t.Run("good", func(t *testing.T) {
		c := good()
		c.Peers[0].Import, c.Peers[0].Export = "ok", "ok"
		c.Originate = []netip.Prefix{pfx("203.0.113.0/24"), pfx("2001:db8::/32")}
		s, err := New(c, newRand())
		require.NoError(t, err)
		assert.Equal(t, "A", s.Name())
		// The cluster ID defaults to the router ID.
		assert.Equal(t, c.RouterID, s.Config().ClusterID)
		assert.Equal(t, DefaultSelectionDeferral, s.Config().SelectionDeferral)
	})
}

func TestPeerByAddr(t *testing.T) {
	a, _ := pair(65001, 65002)
	a.Peers = append(a.Peers, PeerConfig{Name: "C", AS: 65003, Addr: netip.MustParseAddr("2001:db8::3")})
	s, err := New(a, newRand())
	require.NoError(t, err)
	tests := []struct {
		addr string
		want string
		ok   bool
	}{
		{"192.0.2.2", "B", true},
		{"::ffff:192.0.2.2", "B", true},
		{"2001:db8::3", "C", true},
		{"192.0.2.1", "", false},
		{"2001:db8::2", "", false},
	}
	for _, tt := range tests {
		name, ok := s.PeerByAddr(netip.MustParseAddr(tt.addr))
		assert.Equal(t, tt.ok, ok, tt.addr)
		assert.Equal(t, tt.want, name, tt.addr)
	}
	_, ok := s.PeerByAddr(netip.Addr{})
	assert.False(t, ok)
}

func TestUnknownPeerNames(t *testing.T) {
	a, _ := pair(65001, 65002)
	s, err := New(a, newRand())
	require.NoError(t, err)
	s.Start(0)
	calls := map[string]func() ([]Action, error){
		"StartPeer":      func() ([]Action, error) { return s.StartPeer(0, "Z") },
		"StopPeer":       func() ([]Action, error) { return s.StopPeer(0, "Z", "bye") },
		"ResetPeer hard": func() ([]Action, error) { return s.ResetPeer(0, "Z", false) },
		"ResetPeer soft": func() ([]Action, error) { return s.ResetPeer(0, "Z", true) },
	}
	for name, call := range calls {
		acts, err := call()
		require.Error(t, err, name)
		assert.Equal(t, `speaker A: no peer "Z"`, err.Error(), name)
		assert.Empty(t, acts, name)
	}
	// A soft reset needs an Established session.
	_, err = s.ResetPeer(0, "B", true)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "peer B has no Established session")

	// Inputs naming an unknown peer do nothing.
	assert.Empty(t, s.Connected(0, "Z", 1))
	assert.Empty(t, s.ConnectFailed(0, "Z", 1))
	assert.Empty(t, s.Received(0, "Z", 1, []byte{1, 2, 3}))
	assert.Empty(t, s.TimerExpired(0, Timer{Peer: "Z", Kind: MRAITimer}))
	_, acts, ok := s.Accepted(0, "Z")
	assert.False(t, ok)
	assert.Empty(t, acts)
	assert.Nil(t, s.AdjIn("Z"))
	assert.Nil(t, s.AdjOut("Z"))
	_, ok = s.Peer("Z")
	assert.False(t, ok)
}

func TestAnnounceWithdrawErrors(t *testing.T) {
	a, _ := pair(65001, 65002)
	a.Originate = []netip.Prefix{pfx("203.0.113.0/24")}
	s, err := New(a, newRand())
	require.NoError(t, err)
	s.Start(0)

	_, err = s.Announce(0, netip.MustParsePrefix("198.51.100.1/24"), nil)
	require.Error(t, err)
	assert.Equal(t, "speaker A: 198.51.100.1/24 is not a masked prefix", err.Error())
	_, err = s.Announce(0, netip.Prefix{}, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is not a masked prefix")
	assert.Equal(t, []netip.Prefix{pfx("203.0.113.0/24")}, s.Originated())

	_, err = s.Withdraw(0, pfx("198.51.100.0/24"))
	require.Error(t, err)
	assert.Equal(t, "speaker A: 198.51.100.0/24 is not originated here", err.Error())

	_, err = s.Withdraw(0, pfx("203.0.113.0/24"))
	require.NoError(t, err)
	assert.Empty(t, s.Originated())
	assert.Nil(t, s.Best(pfx("203.0.113.0/24")))
	_, err = s.Withdraw(0, pfx("203.0.113.0/24"))
	require.Error(t, err, "withdrawing twice")
}

func TestAnnounceAllReportsUnmaskedPrefixes(t *testing.T) {
	a, _ := pair(65001, 65002)
	s, err := New(a, newRand())
	require.NoError(t, err)
	s.Start(0)
	_, err = s.AnnounceAll(0, []Origin{
		{Prefix: pfx("203.0.113.0/24")},
		{Prefix: netip.MustParsePrefix("198.51.100.9/24")},
		{Prefix: pfx("192.0.2.0/25")},
		{},
	})
	require.Error(t, err)
	assert.Equal(t, "speaker A: not masked prefixes: 198.51.100.9/24, invalid Prefix", err.Error())
	assert.Equal(t, []netip.Prefix{pfx("192.0.2.0/25"), pfx("203.0.113.0/24")}, s.Originated(), "the good ones are originated")
}
