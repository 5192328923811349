package sim

import (
	"net/netip"
	"testing"
	"time"

	"github.com/bgpplay/bgpplay/engine/fsm"
	"github.com/bgpplay/bgpplay/engine/trace"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCommandString(t *testing.T) {
	tests := []struct {
		c    Command
		want string
	}{
		{Command{Op: LinkDown, Link: 3}, "link-down 3"},
		{Command{Op: LinkUp}, "link-up 0"},
		{Command{Op: Crash, Router: "R1"}, "crash R1"},
		{Command{Op: PowerOff, Router: "R1"}, "power-off R1"},
		{Command{Op: Restart, Router: "R1"}, "restart R1"},
		{Command{Op: Announce, Router: "R1", Prefix: pfx("203.0.113.0/24")}, "announce R1 203.0.113.0/24"},
		{Command{Op: Withdraw, Router: "R1", Prefix: pfx("203.0.113.0/24")}, "withdraw R1 203.0.113.0/24"},
		{Command{Op: Reset, Router: "R1", Peer: "R2"}, "reset R1 R2"},
		{Command{Op: SoftReset, Router: "R1", Peer: "R2"}, "soft-reset R1 R2"},
		{Command{Op: StopPeer, Router: "R1", Peer: "R2"}, "stop-peer R1 R2"},
		{Command{Op: StartPeer, Router: "R1", Peer: "R2"}, "start-peer R1 R2"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.c.String())
	}
}

func TestCommandErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup []Command
		c     Command
		want  string
	}{
		{"unknown router", nil, Command{Op: Crash, Router: "R9"}, `crash R9: no router "R9"`},
		{"unknown router announce", nil, Command{Op: Announce, Router: "Q", Prefix: pfx("192.0.2.0/24")}, `announce Q 192.0.2.0/24: no router "Q"`},
		{"link index too big", nil, Command{Op: LinkDown, Link: 3}, "link-down 3: no link 3"},
		{"negative link index", nil, Command{Op: LinkUp, Link: -1}, "link-up -1: no link -1"},
		{"link down twice", []Command{{Op: LinkDown, Link: 1}}, Command{Op: LinkDown, Link: 1}, "link-down 1: link 1 is already down"},
		{"link up when up", nil, Command{Op: LinkUp, Link: 0}, "link-up 0: link 0 is already up"},
		{"crash twice", []Command{{Op: Crash, Router: "R2"}}, Command{Op: Crash, Router: "R2"}, "crash R2: router R2 is already down"},
		{"power off twice", []Command{{Op: PowerOff, Router: "R2"}}, Command{Op: PowerOff, Router: "R2"}, "power-off R2: router R2 is already down"},
		{"power off unknown router", nil, Command{Op: PowerOff, Router: "R9"}, `power-off R9: no router "R9"`},
		{"restart a crashed router twice", []Command{{Op: Crash, Router: "R2"}, {Op: Restart, Router: "R2"}}, Command{Op: Restart, Router: "R2"},
			"restart R2: router R2 is running"},
		{"restart a running router", nil, Command{Op: Restart, Router: "R2"}, "restart R2: router R2 is running"},
		{"announce on a crashed router", []Command{{Op: Crash, Router: "R1"}}, Command{Op: Announce, Router: "R1", Prefix: pfx("192.0.2.0/24")},
			"announce R1 192.0.2.0/24: router R1 is down"},
		{"reset on a powered-off router", []Command{{Op: PowerOff, Router: "R1"}}, Command{Op: Reset, Router: "R1", Peer: "X"},
			"reset R1 X: router R1 is down"},
		{"unmasked prefix", nil, Command{Op: Announce, Router: "R1", Prefix: netip.MustParsePrefix("192.0.2.1/24")},
			"announce R1 192.0.2.1/24: speaker R1: 192.0.2.1/24 is not a masked prefix"},
		{"withdraw what is not originated", nil, Command{Op: Withdraw, Router: "R1", Prefix: pfx("192.0.2.0/24")},
			"withdraw R1 192.0.2.0/24: speaker R1: 192.0.2.0/24 is not originated here"},
		{"unknown peer", nil, Command{Op: Reset, Router: "R1", Peer: "R2"}, `reset R1 R2: speaker R1: no peer "R2"`},
		{"unknown peer stop", nil, Command{Op: StopPeer, Router: "R1", Peer: "nobody"}, `stop-peer R1 nobody: speaker R1: no peer "nobody"`},
		{"unknown op", nil, Command{Op: "reboot", Router: "R1"}, `reboot R1: unknown command "reboot"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSim(t, triangle, Options{})
			require.True(t, s.RunUntilQuiet(time.Hour))
			for _, c := range tt.setup {
				require.NoError(t, s.Do(c))
			}
			before := s.Commands()
			err := s.Do(tt.c)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			assert.Equal(t, before, s.Commands(), "a failed command is not applied")
		})
	}
}

func TestCommandsRecorded(t *testing.T) {
	s := newSim(t, triangle, Options{})
	s.RunUntil(time.Second)
	require.NoError(t, s.Do(Command{Op: Announce, Router: "R3", Prefix: pfx("192.0.2.0/24"), At: time.Hour}))
	s.RunUntil(2 * time.Second)
	require.NoError(t, s.Do(Command{Op: LinkDown, Link: 2}))
	cs := s.Commands()
	require.Len(t, cs, 2)
	assert.Equal(t, time.Second, cs[0].At, "At is the time the command was applied")
	assert.Equal(t, 2*time.Second, cs[1].At)
	assert.Less(t, cs[0].After, cs[1].After)
	cs[0].Router = "changed"
	assert.Equal(t, "R3", s.Commands()[0].Router, "Commands returns a copy")

	cmd := find(s, trace.Command, "R3", "announce R3 192.0.2.0/24")
	require.Len(t, cmd, 1)
	assert.Equal(t, time.Second, cmd[0].At)
	link := find(s, trace.LinkChange, "", "link 2 R1-X down")
	require.Len(t, link, 1)
}

func TestStopAndStartPeer(t *testing.T) {
	s := newSim(t, triangle, Options{})
	require.True(t, s.RunUntilQuiet(time.Hour))
	require.NoError(t, s.Do(Command{Op: StopPeer, Router: "R1", Peer: "X"}))
	require.True(t, s.RunUntilQuiet(s.Now()+time.Hour))
	r1, _ := s.Router("R1")
	st, _ := r1.Speaker().Peer("X")
	assert.Equal(t, fsm.Idle, st.State)
	r3, _ := s.Router("R3")
	assert.Nil(t, r3.Speaker().Best(pfx("198.51.100.0/24")))
	require.NoError(t, s.Do(Command{Op: StartPeer, Router: "R1", Peer: "X"}))
	require.True(t, s.RunUntilQuiet(s.Now()+time.Hour))
	st, _ = r1.Speaker().Peer("X")
	assert.Equal(t, fsm.Established, st.State)
	assert.NotNil(t, r3.Speaker().Best(pfx("198.51.100.0/24")))
}
