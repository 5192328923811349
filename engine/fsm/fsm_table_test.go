package fsm

import (
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bgpplay/bgpplay/engine/wire"
)

var printRows = flag.Bool("print-rows", false, "print the actions of every transition-table row")

// Inputs for the table.
var (
	manualStop = func(d *driven) { d.do(d.p.Stop(d.now, "")) }
	autoStop   = func(d *driven) {
		d.do(d.p.AutoStop(d.now, &wire.Notification{Code: wire.CodeCease, Subcode: wire.SubMaxPrefixesReached}))
	}
	manualStart = func(d *driven) { d.do(d.p.Start(d.now)) }
	tcpUp       = func(d *driven) { d.do(d.p.TCPConnected(d.now, d.id)) }
	tcpFail     = func(d *driven) { d.do(d.p.TCPFailed(d.now, d.id)) }
	accept      = func(d *driven) { d.id, d.acts = d.p.TCPAccepted(d.now); d.do(d.acts) }
	expire      = func(k TimerKind) func(*driven) { return func(d *driven) { d.fire(k) } }
	recvMsg     = func(typ wire.MessageType, body string) func(*driven) {
		return func(d *driven) { d.recvHex(msgHexStr(typ, body)) }
	}
	recvOpen      = recvMsg(wire.TypeOpen, peerOpenHex)
	recvKeepalive = func(d *driven) { d.recvHex(keepalive) }
	// recvBadMarker is a KEEPALIVE whose marker's first octet is 0xfe.
	recvBadMarker = func(d *driven) { d.recvHex("fe" + keepalive[2:]) }
	// recvBadAS is an OPEN from AS 65003.
	recvBadAS = recvMsg(wire.TypeOpen, "04 fdeb 005a 0a000002 00")
	// recvUpdate announces 10.1.0.0/16 with ORIGIN IGP, AS_PATH 65002 and
	// NEXT_HOP 10.0.0.2.
	recvUpdate = recvMsg(wire.TypeUpdate, "0000 0014 | 40 01 01 00 | 40 02 06 02 01 0000fdea | 40 03 04 0a000002 | 10 0a01")
	// recvUpdateTAW has a malformed ORIGIN value 5: treat-as-withdraw.
	recvUpdateTAW = recvMsg(wire.TypeUpdate, "0000 0014 | 40 01 01 05 | 40 02 06 02 01 0000fdea | 40 03 04 0a000002 | 10 0a01")
	// recvUpdateBad has a withdrawn routes length running past the body:
	// Malformed Attribute List, a session reset.
	recvUpdateBad  = recvMsg(wire.TypeUpdate, "0009 0000")
	recvNotifCease = recvMsg(wire.TypeNotification, "06 02")
	recvNotifVer   = recvMsg(wire.TypeNotification, "02 01 0004")
	recvRefresh    = recvMsg(wire.TypeRouteRefresh, "0001 00 01")
	recvRefreshV6  = recvMsg(wire.TypeRouteRefresh, "0002 00 01")
	recvRefreshBad = recvMsg(wire.TypeRouteRefresh, "0001 00 01 00")
)

// tableRow is one cell of RFC 4271 section 8.2.2: a state (reached with
// setup), an event, the state after it, the actions and the
// ConnectRetryCounter.
type tableRow struct {
	name    string
	state   string
	mod     func(*Config)
	event   func(*driven)
	next    string
	actions []string
	counter int
}

func withRR(c *Config) { c.RouteRefresh = true }

func sendNotif(c *Config) { c.SendNotificationWithoutOpen = true }

var tableRows = []tableRow{
	// Idle state.
	{name: "Idle/ManualStart", state: "Idle", event: manualStart, next: "Connect",
		actions: []string{"arm ConnectRetryTimer +2m0s", "dial", "Idle>Connect"}},
	{name: "Idle/ManualStart passive (event 4)", state: "Idle", mod: func(c *Config) { c.Passive = true },
		event: manualStart, next: "Active",
		actions: []string{"arm ConnectRetryTimer +2m0s", "Idle>Active"}},
	{name: "Idle/AutomaticStart", state: "Idle", event: func(d *driven) { d.do(d.p.AutoStart(d.now)) }, next: "Connect",
		actions: []string{"arm ConnectRetryTimer +2m0s", "dial", "Idle>Connect"}},
	{name: "Idle/ManualStop ignored", state: "Idle", event: manualStop, next: "Idle"},
	{name: "Idle/AutomaticStop ignored", state: "Idle", event: autoStop, next: "Idle"},
	{name: "Idle/incoming connection refused", state: "Idle", event: accept, next: "Idle",
		actions: []string{"send NOTIFICATION 0605", "close"}},
	{name: "Idle/stale timer ignored", state: "Idle",
		event: func(d *driven) { d.timer(ConnectRetryTimer, 0) }, next: "Idle"},

	// Connect state.
	{name: "Connect/ManualStart ignored", state: "Connect", event: manualStart, next: "Connect"},
	{name: "Connect/ManualStop", state: "Connect", event: manualStop, next: "Idle",
		actions: []string{"stop ConnectRetryTimer", "close", "Connect>Idle"}},
	{name: "Connect/ConnectRetryTimer_Expires", state: "Connect", event: expire(ConnectRetryTimer), next: "Connect",
		actions: []string{"close", "arm ConnectRetryTimer +2m0s", "dial", "Connect>Connect"}},
	{name: "Connect/Tcp_CR_Acked", state: "Connect", event: tcpUp, next: "OpenSent",
		actions: []string{"stop ConnectRetryTimer", "send OPEN", "arm HoldTimer +4m0s", "Connect>OpenSent"}},
	{name: "Connect/Tcp_CR_Acked with DelayOpen", state: "Connect", mod: func(c *Config) { c.DelayOpenTime = 5 * time.Second },
		event: tcpUp, next: "Connect",
		actions: []string{"stop ConnectRetryTimer", "arm DelayOpenTimer +5s"}},
	{name: "Connect/DelayOpenTimer_Expires", state: "ConnectDO", event: expire(DelayOpenTimer), next: "OpenSent",
		actions: []string{"send OPEN", "arm HoldTimer +4m0s", "Connect>OpenSent"}},
	{name: "Connect/TcpConnectionFails with DelayOpen running", state: "ConnectDO", event: tcpFail, next: "Active",
		actions: []string{"stop DelayOpenTimer", "close", "Connect>Active", "arm ConnectRetryTimer +2m0s"}},
	{name: "Connect/TcpConnectionFails", state: "Connect", event: tcpFail, next: "Idle",
		actions: []string{"stop ConnectRetryTimer", "close", "Connect>Idle", "arm IdleHoldTimer +5s"}},
	{name: "Connect/BGPOpen with DelayOpenTimer running", state: "ConnectDO", event: recvOpen, next: "OpenConfirm",
		actions: []string{"stop DelayOpenTimer", "send OPEN", "send KEEPALIVE", "arm KeepaliveTimer +30s",
			"arm HoldTimer +1m30s", "Connect>OpenConfirm"}},
	{name: "Connect/BGPHeaderErr", state: "ConnectDO", event: recvBadMarker, next: "Idle", counter: 1,
		actions: []string{"stop DelayOpenTimer", "close", "Connect>Idle", "arm IdleHoldTimer +5s"}},
	{name: "Connect/BGPHeaderErr with SendNOTIFICATIONwithoutOPEN", state: "ConnectDO", mod: sendNotif,
		event: recvBadMarker, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 0101", "stop DelayOpenTimer", "close", "Connect>Idle", "arm IdleHoldTimer +5s"}},
	{name: "Connect/BGPOpenMsgErr with SendNOTIFICATIONwithoutOPEN", state: "ConnectDO", mod: sendNotif,
		event: recvBadAS, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 0202", "stop DelayOpenTimer", "close", "Connect>Idle", "arm IdleHoldTimer +5s"}},
	{name: "Connect/NotifMsgVerErr with DelayOpen running", state: "ConnectDO", event: recvNotifVer, next: "Idle",
		actions: []string{"stop DelayOpenTimer", "close", "Connect>Idle", "arm IdleHoldTimer +5s"}},
	{name: "Connect/other event: KeepAliveMsg", state: "ConnectDO", event: recvKeepalive, next: "Idle", counter: 1,
		actions: []string{"stop DelayOpenTimer", "close", "Connect>Idle", "arm IdleHoldTimer +5s"}},
	{name: "Connect/other event: NotifMsg", state: "ConnectDO", event: recvNotifCease, next: "Idle", counter: 1,
		actions: []string{"stop DelayOpenTimer", "close", "Connect>Idle", "arm IdleHoldTimer +5s"}},
	{name: "Connect/other event: AutomaticStop", state: "Connect", event: autoStop, next: "Idle", counter: 1,
		actions: []string{"stop ConnectRetryTimer", "close", "Connect>Idle", "arm IdleHoldTimer +5s"}},

	// Active state.
	{name: "Active/ManualStart ignored", state: "Active", event: manualStart, next: "Active"},
	{name: "Active/ManualStop", state: "Active", event: manualStop, next: "Idle",
		actions: []string{"stop ConnectRetryTimer", "Active>Idle"}},
	{name: "Active/ManualStop with DelayOpen and SendNOTIFICATIONwithoutOPEN", state: "ActiveDO", mod: sendNotif,
		event: manualStop, next: "Idle",
		actions: []string{"send NOTIFICATION 0602", "stop DelayOpenTimer", "close", "Active>Idle"}},
	{name: "Active/ConnectRetryTimer_Expires", state: "Active", event: expire(ConnectRetryTimer), next: "Connect",
		actions: []string{"arm ConnectRetryTimer +2m0s", "dial", "Active>Connect"}},
	{name: "Active/TcpConnectionConfirmed", state: "Active", event: accept, next: "OpenSent",
		actions: []string{"stop ConnectRetryTimer", "send OPEN", "arm HoldTimer +4m0s", "Active>OpenSent"}},
	{name: "Active/TcpConnectionConfirmed with DelayOpen", state: "Active",
		mod: func(c *Config) { c.DelayOpenTime = 5 * time.Second }, event: accept, next: "Active",
		actions: []string{"stop ConnectRetryTimer", "arm DelayOpenTimer +5s"}},
	{name: "Active/DelayOpenTimer_Expires", state: "ActiveDO", event: expire(DelayOpenTimer), next: "OpenSent",
		actions: []string{"send OPEN", "arm HoldTimer +4m0s", "Active>OpenSent"}},
	{name: "Active/TcpConnectionFails", state: "ActiveDO", event: tcpFail, next: "Idle", counter: 1,
		actions: []string{"stop DelayOpenTimer", "close", "Active>Idle", "arm IdleHoldTimer +5s"}},
	{name: "Active/BGPOpen with DelayOpenTimer running", state: "ActiveDO", event: recvOpen, next: "OpenConfirm",
		actions: []string{"stop DelayOpenTimer", "send OPEN", "send KEEPALIVE", "arm KeepaliveTimer +30s",
			"arm HoldTimer +1m30s", "Active>OpenConfirm"}},
	{name: "Active/BGPOpenMsgErr", state: "ActiveDO", event: recvBadAS, next: "Idle", counter: 1,
		actions: []string{"stop DelayOpenTimer", "close", "Active>Idle", "arm IdleHoldTimer +5s"}},
	{name: "Active/NotifMsgVerErr with DelayOpen running", state: "ActiveDO", event: recvNotifVer, next: "Idle",
		actions: []string{"stop DelayOpenTimer", "close", "Active>Idle", "arm IdleHoldTimer +5s"}},
	{name: "Active/other event: UpdateMsg", state: "ActiveDO", event: recvUpdate, next: "Idle", counter: 1,
		actions: []string{"stop DelayOpenTimer", "close", "Active>Idle", "arm IdleHoldTimer +5s"}},
	{name: "Active/other event: AutomaticStop", state: "Active", event: autoStop, next: "Idle", counter: 1,
		actions: []string{"stop ConnectRetryTimer", "Active>Idle", "arm IdleHoldTimer +5s"}},

	// OpenSent state.
	{name: "OpenSent/ManualStart ignored", state: "OpenSent", event: manualStart, next: "OpenSent"},
	{name: "OpenSent/ManualStop", state: "OpenSent", event: manualStop, next: "Idle",
		actions: []string{"send NOTIFICATION 0602", "stop HoldTimer", "close", "OpenSent>Idle"}},
	{name: "OpenSent/AutomaticStop", state: "OpenSent", event: autoStop, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 0601", "stop HoldTimer", "close", "OpenSent>Idle", "arm IdleHoldTimer +5s"}},
	{name: "OpenSent/HoldTimer_Expires", state: "OpenSent", event: expire(HoldTimer), next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 0400", "close", "OpenSent>Idle", "arm IdleHoldTimer +5s"}},
	{name: "OpenSent/TcpConnectionFails", state: "OpenSent", event: tcpFail, next: "Active",
		actions: []string{"stop HoldTimer", "close", "OpenSent>Active", "arm ConnectRetryTimer +2m0s"}},
	{name: "OpenSent/BGPOpen", state: "OpenSent", event: recvOpen, next: "OpenConfirm",
		actions: []string{"send KEEPALIVE", "arm KeepaliveTimer +30s", "arm HoldTimer +1m30s", "OpenSent>OpenConfirm"}},
	{name: "OpenSent/BGPOpen with hold time 0", state: "OpenSent",
		event: recvMsg(wire.TypeOpen, "04 fdea 0000 0a000002 00"), next: "OpenConfirm",
		actions: []string{"send KEEPALIVE", "stop HoldTimer", "OpenSent>OpenConfirm"}},
	{name: "OpenSent/BGPHeaderErr", state: "OpenSent", event: recvBadMarker, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 0101", "stop HoldTimer", "close", "OpenSent>Idle", "arm IdleHoldTimer +5s"}},
	{name: "OpenSent/BGPOpenMsgErr", state: "OpenSent", event: recvBadAS, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 0202", "stop HoldTimer", "close", "OpenSent>Idle", "arm IdleHoldTimer +5s"}},
	{name: "OpenSent/NotifMsgVerErr", state: "OpenSent", event: recvNotifVer, next: "Idle",
		actions: []string{"stop HoldTimer", "close", "OpenSent>Idle", "arm IdleHoldTimer +5s"}},
	{name: "OpenSent/NotifMsg (not answered)", state: "OpenSent", event: recvNotifCease, next: "Idle", counter: 1,
		actions: []string{"stop HoldTimer", "close", "OpenSent>Idle", "arm IdleHoldTimer +5s"}},
	{name: "OpenSent/other event: KeepAliveMsg", state: "OpenSent", event: recvKeepalive, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 050104", "stop HoldTimer", "close", "OpenSent>Idle", "arm IdleHoldTimer +5s"}},
	{name: "OpenSent/other event: UpdateMsg", state: "OpenSent", event: recvUpdate, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 050102", "stop HoldTimer", "close", "OpenSent>Idle", "arm IdleHoldTimer +5s"}},
	{name: "OpenSent/other event: UpdateMsgErr", state: "OpenSent", event: recvUpdateBad, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 050102", "stop HoldTimer", "close", "OpenSent>Idle", "arm IdleHoldTimer +5s"}},
	{name: "OpenSent/unexpected ROUTE-REFRESH", state: "OpenSent", event: recvRefresh, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 050105", "stop HoldTimer", "close", "OpenSent>Idle", "arm IdleHoldTimer +5s"}},

	// OpenConfirm state.
	{name: "OpenConfirm/ManualStart ignored", state: "OpenConfirm", event: manualStart, next: "OpenConfirm"},
	{name: "OpenConfirm/ManualStop", state: "OpenConfirm", event: manualStop, next: "Idle",
		actions: []string{"send NOTIFICATION 0602", "stop HoldTimer", "stop KeepaliveTimer", "close", "OpenConfirm>Idle"}},
	{name: "OpenConfirm/AutomaticStop", state: "OpenConfirm", event: autoStop, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 0601", "stop HoldTimer", "stop KeepaliveTimer", "close",
			"OpenConfirm>Idle", "arm IdleHoldTimer +5s"}},
	{name: "OpenConfirm/HoldTimer_Expires", state: "OpenConfirm", event: expire(HoldTimer), next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 0400", "stop KeepaliveTimer", "close", "OpenConfirm>Idle", "arm IdleHoldTimer +5s"}},
	{name: "OpenConfirm/KeepaliveTimer_Expires", state: "OpenConfirm", event: expire(KeepaliveTimer), next: "OpenConfirm",
		actions: []string{"send KEEPALIVE", "arm KeepaliveTimer +30s"}},
	{name: "OpenConfirm/TcpConnectionFails", state: "OpenConfirm", event: tcpFail, next: "Idle", counter: 1,
		actions: []string{"stop HoldTimer", "stop KeepaliveTimer", "close", "OpenConfirm>Idle", "arm IdleHoldTimer +5s"}},
	{name: "OpenConfirm/NotifMsg", state: "OpenConfirm", event: recvNotifCease, next: "Idle", counter: 1,
		actions: []string{"stop HoldTimer", "stop KeepaliveTimer", "close", "OpenConfirm>Idle", "arm IdleHoldTimer +5s"}},
	{name: "OpenConfirm/NotifMsgVerErr", state: "OpenConfirm", event: recvNotifVer, next: "Idle",
		actions: []string{"stop HoldTimer", "stop KeepaliveTimer", "close", "OpenConfirm>Idle", "arm IdleHoldTimer +5s"}},
	{name: "OpenConfirm/BGPHeaderErr", state: "OpenConfirm", event: recvBadMarker, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 0101", "stop HoldTimer", "stop KeepaliveTimer", "close",
			"OpenConfirm>Idle", "arm IdleHoldTimer +5s"}},
	{name: "OpenConfirm/KeepAliveMsg", state: "OpenConfirm", event: recvKeepalive, next: "Established",
		actions: []string{"arm HoldTimer +1m30s", "OpenConfirm>Established", "up"}},
	{name: "OpenConfirm/second OPEN is unexpected", state: "OpenConfirm", event: recvOpen, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 050201", "stop HoldTimer", "stop KeepaliveTimer", "close",
			"OpenConfirm>Idle", "arm IdleHoldTimer +5s"}},
	{name: "OpenConfirm/other event: UpdateMsg", state: "OpenConfirm", event: recvUpdate, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 050202", "stop HoldTimer", "stop KeepaliveTimer", "close",
			"OpenConfirm>Idle", "arm IdleHoldTimer +5s"}},

	// Established state.
	{name: "Established/ManualStart ignored", state: "Established", event: manualStart, next: "Established"},
	{name: "Established/ManualStop", state: "Established", event: manualStop, next: "Idle",
		actions: []string{"send NOTIFICATION 0602", "stop HoldTimer", "stop KeepaliveTimer", "close",
			"Established>Idle", "down"}},
	{name: "Established/AutomaticStop", state: "Established", event: autoStop, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 0601", "stop HoldTimer", "stop KeepaliveTimer", "close",
			"Established>Idle", "down", "arm IdleHoldTimer +5s"}},
	{name: "Established/HoldTimer_Expires", state: "Established", event: expire(HoldTimer), next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 0400", "stop KeepaliveTimer", "close", "Established>Idle", "down",
			"arm IdleHoldTimer +5s"}},
	{name: "Established/KeepaliveTimer_Expires", state: "Established", event: expire(KeepaliveTimer), next: "Established",
		actions: []string{"send KEEPALIVE", "arm KeepaliveTimer +30s"}},
	{name: "Established/TcpConnectionFails", state: "Established", event: tcpFail, next: "Idle", counter: 1,
		actions: []string{"stop HoldTimer", "stop KeepaliveTimer", "close", "Established>Idle", "down", "arm IdleHoldTimer +5s"}},
	{name: "Established/NotifMsg", state: "Established", event: recvNotifCease, next: "Idle", counter: 1,
		actions: []string{"stop HoldTimer", "stop KeepaliveTimer", "close", "Established>Idle", "down", "arm IdleHoldTimer +5s"}},
	{name: "Established/NotifMsgVerErr", state: "Established", event: recvNotifVer, next: "Idle", counter: 1,
		actions: []string{"stop HoldTimer", "stop KeepaliveTimer", "close", "Established>Idle", "down", "arm IdleHoldTimer +5s"}},
	{name: "Established/KeepAliveMsg", state: "Established", event: recvKeepalive, next: "Established",
		actions: []string{"arm HoldTimer +1m30s"}},
	{name: "Established/UpdateMsg", state: "Established", event: recvUpdate, next: "Established",
		actions: []string{"received UPDATE", "arm HoldTimer +1m30s"}},
	{name: "Established/UPDATE with a treat-as-withdraw error", state: "Established", event: recvUpdateTAW,
		next: "Established", actions: []string{"received UPDATE", "arm HoldTimer +1m30s"}},
	{name: "Established/UpdateMsgErr", state: "Established", event: recvUpdateBad, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 0301", "stop HoldTimer", "stop KeepaliveTimer", "close",
			"Established>Idle", "down", "arm IdleHoldTimer +5s"}},
	{name: "Established/BGPHeaderErr", state: "Established", event: recvBadMarker, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 0101", "stop HoldTimer", "stop KeepaliveTimer", "close",
			"Established>Idle", "down", "arm IdleHoldTimer +5s"}},
	{name: "Established/OPEN is unexpected", state: "Established", event: recvOpen, next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 050301", "stop HoldTimer", "stop KeepaliveTimer", "close",
			"Established>Idle", "down", "arm IdleHoldTimer +5s"}},
	{name: "Established/ROUTE-REFRESH", state: "Established", mod: withRR, event: recvRefresh, next: "Established",
		actions: []string{"received ROUTE-REFRESH", "arm HoldTimer +1m30s"}},
	{name: "Established/ROUTE-REFRESH for a family not negotiated is ignored", state: "Established", mod: withRR,
		event: recvRefreshV6, next: "Established", actions: []string{"arm HoldTimer +1m30s"}},
	{name: "Established/ROUTE-REFRESH of bad length", state: "Established", mod: withRR, event: recvRefreshBad,
		next: "Idle", counter: 1,
		actions: []string{"send NOTIFICATION 0701" + marker + "0018050001000100", "stop HoldTimer", "stop KeepaliveTimer",
			"close", "Established>Idle", "down", "arm IdleHoldTimer +5s"}},
}

// TestTransitionTable drives every implemented row of the RFC 4271
// section 8.2.2 tables through the public API.
func TestTransitionTable(t *testing.T) {
	for _, r := range tableRows {
		t.Run(r.name, func(t *testing.T) {
			d := setup(t, r.state, r.mod)
			d.now += time.Second
			r.event(d)
			got := summary(d.now, d.acts)
			if *printRows {
				fmt.Printf("%s: %s %q %d\n", r.name, d.p.State(), got, d.p.ConnectRetryCounter())
				return
			}
			assert.Equal(t, r.next, d.p.State().String(), "next state")
			require.Equal(t, r.actions, got, "actions")
			assert.Equal(t, r.counter, d.p.ConnectRetryCounter(), "ConnectRetryCounter")
		})
	}
}
