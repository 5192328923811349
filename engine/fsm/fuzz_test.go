package fsm

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/bgpplay/bgpplay/internal/testkit"
)

// fuzzMessages are whole messages FuzzPeer can deliver by number, so that
// random inputs reach the deeper states.
var fuzzMessages = []string{
	msgHexStr(wire.TypeOpen, peerOpenHex),
	keepalive,
	msgHexStr(wire.TypeUpdate, "0000 0014 | 40 01 01 00 | 40 02 06 02 01 0000fdea | 40 03 04 0a000002 | 10 0a01"),
	msgHexStr(wire.TypeNotification, "06 02 05 68656c6c6f"),
	msgHexStr(wire.TypeRouteRefresh, "0001 00 01"),
	msgHexStr(wire.TypeOpen, "04 fdea 0000 0a000002 0a | 02 08 | 45 04 0001 01 03 | 06 00"),
	msgHexStr(wire.TypeNotification, "02 01 0004"),
	msgHexStr(wire.TypeUpdate, "0000 0004 | 40 01 01 05"),
	// OPEN with graceful restart (restart time 120 s).
	msgHexStr(wire.TypeOpen, "04 fdea 005a 0a000002 06 | 02 04 | 40 02 0078"),
}

// FuzzPeer drives one Peer with operations decoded from the input and
// checks that it never panics and keeps its invariants: at most one
// connection per direction, a valid state, actions that render, and
// every Send a single well-formed message.
//
// Each operation is one octet (its value modulo 11 picks the input),
// followed by a time step in octets and, for some, an argument octet:
//
//	0 Start  1 Stop  2 AutoStop  3 AutoStart  4 TCPAccepted
//	5 TCPConnected  6 TCPFailed  7 the next timer expires
//	8 raw bytes (length octet, then the bytes)  9 a canned message
//	10 Reset
func FuzzPeer(f *testing.F) {
	// Start, connect, OPEN, KEEPALIVE, UPDATE, then let timers run.
	f.Add(uint8(0), []byte{0, 1, 5, 1, 0, 9, 1, 0, 9, 1, 1, 9, 1, 2, 7, 0, 7, 0, 7, 0})
	// Passive start, incoming connection, OPEN in pieces, hold expiry.
	f.Add(uint8(1), []byte{0, 0, 4, 1, 8, 1, 10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 7, 0, 7, 0})
	// DelayOpen with an OPEN during the delay, then Stop.
	f.Add(uint8(2), []byte{0, 1, 5, 1, 0, 9, 1, 0, 1, 1})
	// Garbage on a connection (header error).
	f.Add(uint8(0), []byte{0, 1, 5, 1, 0, 8, 1, 19, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18})
	// A collision: outgoing and incoming both get an OPEN.
	f.Add(uint8(3), []byte{0, 1, 5, 1, 0, 4, 1, 9, 1, 0, 9, 1, 0, 9, 1, 1, 9, 1, 1})
	// Graceful restart: established incoming session, then the peer
	// reconnects and sends a new OPEN.
	f.Add(uint8(1), []byte{0, 0, 4, 1, 9, 1, 8, 9, 1, 1, 4, 1, 9, 1, 8})
	// Reset and AutoStop while established.
	f.Add(uint8(0), []byte{0, 1, 5, 1, 0, 9, 1, 0, 9, 1, 1, 10, 1, 2, 1, 7, 5, 3, 1})
	f.Fuzz(func(t *testing.T, flavour uint8, ops []byte) {
		cfg := baseCfg()
		cfg.Passive = flavour&1 != 0
		if flavour&2 != 0 {
			cfg.DelayOpenTime = 3 * time.Second
		}
		cfg.DampPeerOscillations = flavour&4 != 0
		cfg.SendNotificationWithoutOpen = flavour&8 != 0
		cfg.CollisionDetectEstablished = flavour&16 != 0
		cfg.RouteRefresh, cfg.ExtendedMessage = true, true
		cfg.AddPathReceive = []wire.Family{wire.IPv4Unicast}
		p, err := New(cfg, rand.New(rand.NewPCG(1, 2)))
		require.NoError(t, err)
		var now time.Duration
		timers := map[timerKey]time.Duration{}
		var last ConnID
		next := func() byte {
			if len(ops) == 0 {
				return 0
			}
			b := ops[0]
			ops = ops[1:]
			return b
		}
		pick := func(b byte) ConnID {
			cs := p.Conns()
			if len(cs) == 0 || b == 0 {
				return last
			}
			return cs[int(b)%len(cs)].ID
		}
		for steps := 0; len(ops) > 0 && steps < 500; steps++ {
			op := next() % 11
			now += time.Duration(next()) * 100 * time.Millisecond
			var acts []Action
			switch op {
			case 0:
				acts = p.Start(now)
			case 1:
				acts = p.Stop(now, "bye")
			case 2:
				acts = p.AutoStop(now, nil)
			case 3:
				acts = p.AutoStart(now)
			case 4:
				last, acts = p.TCPAccepted(now)
			case 5:
				acts = p.TCPConnected(now, pick(next()))
			case 6:
				acts = p.TCPFailed(now, pick(next()))
			case 7:
				var k timerKey
				at := time.Duration(-1)
				for key, d := range timers {
					if at < 0 || d < at || (d == at && (key.conn < k.conn || key.conn == k.conn && key.kind < k.kind)) {
						k, at = key, d
					}
				}
				if at >= 0 {
					delete(timers, k)
					now = max(now, at)
					acts = p.TimerExpired(now, k.kind, k.conn)
				}
			case 8:
				n := int(next())
				b := ops[:min(n, len(ops))]
				ops = ops[len(b):]
				acts = p.BytesReceived(now, pick(0), b)
			case 9:
				acts = p.BytesReceived(now, pick(0), testkit.Hex(t, fuzzMessages[int(next())%len(fuzzMessages)]))
			case 10:
				acts = p.Reset(now, "")
			}
			for _, a := range acts {
				_ = a.String()
				switch a := a.(type) {
				case Dial:
					last = a.Conn
				case ArmTimer:
					require.GreaterOrEqual(t, a.At, now)
					timers[timerKey{a.Timer, a.Conn}] = a.At
				case StopTimer:
					delete(timers, timerKey{a.Timer, a.Conn})
				case Send:
					msg, rest, err := wire.Split(a.Bytes, wire.Options{ExtendedMessage: true})
					require.NoError(t, err)
					require.Len(t, msg, len(a.Bytes))
					require.Empty(t, rest)
				}
			}
			cs := p.Conns()
			require.LessOrEqual(t, len(cs), 3)
			dirs := map[Direction]int{}
			established := 0
			for _, c := range cs {
				dirs[c.Direction]++
				require.True(t, c.State >= Connect && c.State <= Established, "%v", c)
				if c.State == Established {
					established++
				}
			}
			require.LessOrEqual(t, established, 1)
			require.LessOrEqual(t, dirs[Outgoing], 1)
			if dirs[Incoming] > 1 {
				// Only while a graceful restart replaces the session.
				require.Equal(t, 2, dirs[Incoming])
				require.Equal(t, 1, established)
				require.NotNil(t, p.Session().PeerGR)
			}
			require.True(t, p.State() >= Idle && p.State() <= Established)
			require.GreaterOrEqual(t, p.ConnectRetryCounter(), 0)
			if len(cs) == 0 {
				require.Contains(t, []State{Idle, Active}, p.State())
			}
		}
	})
}
