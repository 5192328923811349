package mrt

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/bgpplay/bgpplay/engine/wire"
	"github.com/bgpplay/bgpplay/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWriterBytes checks the Writer's output against hand-made records.
func TestWriterBytes(t *testing.T) {
	peer := BGP4MPPeer{PeerAS: 65001, LocalAS: 65002, Interface: 1, PeerIP: addr("192.0.2.1"), LocalIP: addr("192.0.2.2")}
	rib := RIB{Family: wire.IPv4Unicast, Prefix: prefix("10.0.0.0/8"), Entries: []RIBEntry{
		{PeerIndex: 0, OriginatedTime: 1, Attrs: attrs(origin(wire.OriginIGP), path(seq(65001)))},
	}}
	tests := []struct {
		name  string
		write func(w *Writer) error
		want  string
	}{
		{"PEER_INDEX_TABLE", func(w *Writer) error {
			return w.WritePeerIndexTable(1, &PeerIndexTable{CollectorID: addr("10.0.0.1"),
				Peers: []Peer{{BGPID: addr("10.0.0.1"), IP: addr("10.0.0.1"), AS: 65001, AS2: true}}})
		}, hexPIT},
		{"RIB_IPV4_UNICAST", func(w *Writer) error { return w.WriteRIB(1, &rib) }, hexRIB},
		{"STATE_CHANGE", func(w *Writer) error {
			p := peer
			p.Interface = 0
			return w.WriteStateChange(2, &BGP4MPStateChange{BGP4MPPeer: p, OldState: 6, NewState: 1})
		}, hexState},
		{"STATE_CHANGE_AS4 in BGP4MP_ET", func(w *Writer) error {
			p := peer
			p.AS4 = true
			return w.WriteStateChangeET(2, 42, &BGP4MPStateChange{BGP4MPPeer: p, OldState: 1, NewState: 2})
		}, "00000002 0011 0005 0000001c 0000002a 0000fde9 0000fdea 0001 0001 c0000201 c0000202 0001 0002"},
		{"MESSAGE_AS4 KEEPALIVE, IPv6, no local address", func(w *Writer) error {
			return w.WriteMessage(3, &BGP4MPMessage{BGP4MPPeer: BGP4MPPeer{PeerAS: 1, LocalAS: 2, PeerIP: addr("2001:db8::1"), AS4: true},
				MsgType: wire.TypeKeepalive, Update: wire.Update{}, Raw: testkit.Hex(t, "ffffffffffffffffffffffffffffffff 0013 04")})
		}, "00000003 0010 0004 0000003f 00000001 00000002 0000 0002 20010db8000000000000000000000001 00000000000000000000000000000000 ffffffffffffffffffffffffffffffff 0013 04"},
		{"MESSAGE_LOCAL_ADDPATH UPDATE", func(w *Writer) error {
			return w.WriteMessage(3, &BGP4MPMessage{BGP4MPPeer: peer, Local: true, AddPath: true,
				Update: wire.Update{Withdrawn: []wire.NLRI{nlriID(7, "10.0.0.0/8")}}})
		}, "00000003 0010 000a 0000002d fde9 fdea 0001 0001 c0000201 c0000202 ffffffffffffffffffffffffffffffff 001d 02 0006 00000007080a 0000"},
		{"TABLE_DUMP", func(w *Writer) error {
			return w.WriteTableDump(1, &TableDump{Sequence: 1, Prefix: prefix("10.0.0.0/8"), Status: 1, OriginatedTime: 1,
				PeerIP: addr("10.0.0.1"), PeerAS: 65001})
		}, "00000001 000c 0001 00000016 0000 0001 0a000000 08 01 00000001 0a000001 fde9 0000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, tt.write(NewWriter(&buf)))
			assert.Equal(t, hex.EncodeToString(testkit.Hex(t, tt.want)), hex.EncodeToString(buf.Bytes()))
		})
	}
}

func TestWriterErrors(t *testing.T) {
	v4 := BGP4MPPeer{PeerAS: 65001, LocalAS: 65002, PeerIP: addr("192.0.2.1")}
	tests := []struct {
		name  string
		write func(w *Writer) error
		err   string
	}{
		{"TABLE_DUMP peer AS above 65535", func(w *Writer) error {
			return w.WriteTableDump(1, &TableDump{Prefix: prefix("10.0.0.0/8"), PeerIP: addr("10.0.0.1"), PeerAS: 70000})
		}, "mrt: TABLE_DUMP peer AS 70000 does not fit in 2 octets"},
		{"TABLE_DUMP peer of the other family", func(w *Writer) error {
			return w.WriteTableDump(1, &TableDump{Prefix: prefix("10.0.0.0/8"), PeerIP: addr("2001:db8::1")})
		}, "mrt: TABLE_DUMP peer address is not of the prefix's family"},
		{"TABLE_DUMP without prefix", func(w *Writer) error { return w.WriteTableDump(1, &TableDump{}) },
			"mrt: TABLE_DUMP prefix is not valid"},
		{"RIB of a multicast family", func(w *Writer) error {
			return w.WriteRIB(1, &RIB{Family: wire.Family{AFI: wire.AFIIPv4, SAFI: wire.SAFIMulticast}, Prefix: prefix("10.0.0.0/8")})
		}, "mrt: RIB family ipv4-multicast is not IPv4 or IPv6 unicast"},
		{"RIB prefix of the other family", func(w *Writer) error {
			return w.WriteRIB(1, &RIB{Family: wire.IPv6Unicast, Prefix: prefix("10.0.0.0/8")})
		}, "mrt: RIB prefix is not of the record's family"},
		{"RIB entry whose attributes cannot be encoded", func(w *Writer) error {
			return w.WriteRIB(1, &RIB{Family: wire.IPv6Unicast, Prefix: prefix("2001:db8::/32"), Entries: []RIBEntry{
				{Attrs: attrs(mpNextHop("2001:db8::1", ""), func(a *wire.Attributes) { a.MPReach.Family = wire.Family{AFI: 9, SAFI: 9} })}}})
		}, "mrt: RIB entry 0: wire: MP_REACH_NLRI/MP_UNREACH_NLRI family is not IPv4 or IPv6 unicast/multicast"},
		{"PEER_INDEX_TABLE peer without address", func(w *Writer) error {
			return w.WritePeerIndexTable(1, &PeerIndexTable{Peers: []Peer{{AS: 1}}})
		}, "mrt: PEER_INDEX_TABLE peer 0 has no address"},
		{"2-octet MESSAGE with a 4-octet AS", func(w *Writer) error {
			p := v4
			p.PeerAS = 4200000000
			return w.WriteMessage(1, &BGP4MPMessage{BGP4MPPeer: p})
		}, "mrt: BGP4MP AS numbers 4200000000, 65002 need the _AS4 subtype"},
		{"peer and local address of different families", func(w *Writer) error {
			p := v4
			p.LocalIP = addr("2001:db8::2")
			return w.WriteStateChange(1, &BGP4MPStateChange{BGP4MPPeer: p})
		}, "mrt: BGP4MP peer and local addresses are of different families"},
		{"no peer address", func(w *Writer) error { return w.WriteStateChange(1, &BGP4MPStateChange{}) },
			"mrt: BGP4MP record has no peer address"},
		{"UPDATE that cannot be encoded", func(w *Writer) error {
			return w.WriteMessage(1, &BGP4MPMessage{BGP4MPPeer: v4, Update: wire.Update{NLRI: nlri("2001:db8::/32")}})
		}, "mrt: BGP4MP message: wire: NLRI prefix is invalid or of the wrong address family"},
		{"record without body", func(w *Writer) error { return w.Write(&Record{}) }, "mrt: record has no body to write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := tt.write(NewWriter(&buf))
			require.Error(t, err)
			assert.Equal(t, tt.err, err.Error())
			assert.Zero(t, buf.Len(), "nothing is written on error")
		})
	}
}
