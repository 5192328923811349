package fsm

import (
	"encoding/hex"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/bgpplay/bgpplay/internal/testkit"
)

// marker is the 16-octet all-ones header marker.
const marker = "ffffffffffffffffffffffffffffffff"

// msgHex builds a whole message from a type and a hex body.
func msgHex(t testing.TB, typ wire.MessageType, body string) []byte {
	b := testkit.Hex(t, body)
	n := wire.HeaderLen + len(b)
	return append(testkit.Hex(t, fmt.Sprintf("%s %04x %02x", marker, n, uint8(typ))), b...)
}

// encode encodes m with the zero options.
func encode(t testing.TB, m wire.Message) []byte {
	b, err := wire.Append(nil, m, wire.Options{})
	require.NoError(t, err)
	return b
}

// Messages from the peer (AS 65002, BGP Identifier 10.0.0.2).
var (
	// peerOpenHex is a plain OPEN: AS 65002, hold time 90 s, identifier
	// 10.0.0.2, Multiprotocol IPv4 unicast and 4-octet AS 65002.
	peerOpenHex = "04 fdea 005a 0a000002 0e | 02 0c | 01 04 0001 00 01 | 41 04 0000fdea"
	keepalive   = marker + "0013 04"
)

// baseCfg is our side: AS 65001, 10.0.0.1, expecting AS 65002.
func baseCfg() Config {
	return Config{LocalAS: 65001, LocalID: netip.MustParseAddr("10.0.0.1"), PeerAS: 65002}
}

// newPeer returns a Peer without jitter.
func newPeer(t testing.TB, mod func(*Config)) *Peer {
	t.Helper()
	c := baseCfg()
	if mod != nil {
		mod(&c)
	}
	p, err := New(c, nil)
	require.NoError(t, err)
	return p
}

// summary renders actions compactly, with timer deadlines relative to
// now:
//
//	dial, close, send OPEN, send KEEPALIVE, send NOTIFICATION 0602,
//	arm HoldTimer +4m0s, stop HoldTimer, OpenSent>Idle, up, down,
//	received UPDATE
func summary(now time.Duration, acts []Action) []string {
	var out []string
	for _, a := range acts {
		switch a := a.(type) {
		case Dial:
			out = append(out, "dial")
		case Close:
			out = append(out, "close")
		case Send:
			s := "send " + a.Msg.Type().String()
			if n, ok := a.Msg.(*wire.Notification); ok {
				s += fmt.Sprintf(" %02x%02x%x", uint8(n.Code), n.Subcode, n.Data)
			}
			out = append(out, s)
		case ArmTimer:
			out = append(out, fmt.Sprintf("arm %s +%s", a.Timer, a.At-now))
		case StopTimer:
			out = append(out, "stop "+a.Timer.String())
		case StateChanged:
			out = append(out, a.From.String()+">"+a.To.String())
		case SessionUp:
			out = append(out, "up")
		case SessionDown:
			out = append(out, "down")
		case Received:
			out = append(out, "received "+a.Msg.Type().String())
		}
	}
	return out
}

// driven is a Peer under test with the ConnID of its current connection.
type driven struct {
	t    testing.TB
	p    *Peer
	id   ConnID
	now  time.Duration
	acts []Action
}

// do records the actions of an input.
func (d *driven) do(acts []Action) *driven {
	d.acts = acts
	for _, a := range acts {
		_ = a.String() // every action renders
	}
	return d
}

func (d *driven) recv(b []byte) *driven { return d.do(d.p.BytesReceived(d.now, d.id, b)) }

func (d *driven) recvHex(s string) *driven { return d.recv(testkit.Hex(d.t, s)) }

func (d *driven) timer(k TimerKind, id ConnID) *driven {
	return d.do(d.p.TimerExpired(d.now, k, id))
}

// fire expires timer k of the current connection (or of the peer for
// ConnectRetry and IdleHold) at its deadline.
func (d *driven) fire(k TimerKind) *driven {
	var c *conn
	if k != ConnectRetryTimer && k != IdleHoldTimer {
		c = d.p.find(d.id)
		require.NotNil(d.t, c)
	}
	tm := d.p.timerOf(k, c)
	require.True(d.t, tm.on, "%s is not running", k)
	d.now = tm.at
	return d.timer(k, c.ID())
}

// setup drives a fresh Peer to state s on one connection, through the
// public API only:
//
//	Idle        New
//	Connect     Start: a connection attempt (outgoing) under way
//	Active      Start of a Passive peer: listening, no connection
//	OpenSent    Start, TCPConnected
//	OpenConfirm ... and the peer's OPEN
//	Established ... and the peer's KEEPALIVE
//
// "ConnectDO" and "ActiveDO" are Connect and Active with DelayOpen
// running on a connected outgoing, respectively incoming, connection.
func setup(t testing.TB, s string, mod func(*Config)) *driven {
	t.Helper()
	d := &driven{t: t}
	d.p = newPeer(t, func(c *Config) {
		switch s {
		case "Active", "ActiveDO":
			c.Passive = true
		}
		if s == "ConnectDO" || s == "ActiveDO" {
			c.DelayOpenTime = 5 * time.Second
		}
		if mod != nil {
			mod(c)
		}
	})
	if s == "Idle" {
		return d
	}
	d.do(d.p.Start(0))
	for _, a := range d.acts {
		if a, ok := a.(Dial); ok {
			d.id = a.Conn
		}
	}
	switch s {
	case "Connect", "Active":
		return d.check(s)
	case "ActiveDO":
		d.now = time.Second
		d.id, d.acts = d.p.TCPAccepted(d.now)
		return d.do(d.acts).check("Active")
	}
	d.now = time.Second
	d.do(d.p.TCPConnected(d.now, d.id))
	if s == "ConnectDO" {
		return d.check("Connect")
	}
	d.check("OpenSent")
	if s == "OpenSent" {
		return d
	}
	d.now = 2 * time.Second
	d.recvHex(msgHexStr(wire.TypeOpen, peerOpenHex)).check("OpenConfirm")
	if s == "OpenConfirm" {
		return d
	}
	d.now = 3 * time.Second
	return d.recvHex(keepalive).check("Established")
}

// check requires the peer to be in state s.
func (d *driven) check(s string) *driven {
	d.t.Helper()
	require.Equal(d.t, s, d.p.State().String(), "actions: %v", summary(d.now, d.acts))
	return d
}

// msgHexStr is msgHex as a hex string.
func msgHexStr(typ wire.MessageType, body string) string {
	b, err := hex.DecodeString(strings.NewReplacer(" ", "", "|", "").Replace(body))
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf("%s %04x %02x %x", marker, wire.HeaderLen+len(b), uint8(typ), b)
}

// addr parses an address.
func addr(s string) netip.Addr { return netip.MustParseAddr(s) }
