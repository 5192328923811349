package topo

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestRules checks each validation rule on a small document: the exact
// text of every error Load reports, in order.
func TestRules(t *testing.T) {
	link12 := `{"a": "R1", "b": "R2"}`
	cases := []struct {
		name, doc string
		want      string
	}{
		// The document.
		{"syntax", `{"routers": [}`, "line 1, column 14: invalid character '}' looking for beginning of value"},
		{"syntax line", "{\n  \"name\": \"x\",\n  \"seed\": 1,\n}", "line 4, column 1: invalid character '}' looking for beginning of object key string"},
		{"empty", ``, "line 1, column 1: unexpected end of the file"},
		{"truncated", `{"routers": [`, "line 1, column 14: unexpected end of the file"},
		{"trailing", `{} {}`, "line 1, column 4: unexpected data after the top-level value"},
		{"not an object", `[1]`, "want an object, got a list"},
		{"unknown key", doc(`"router": []`), `router: unknown field (did you mean "routers"?)`},
		{"unknown key far", doc(`"colour": 1`), `colour: unknown field`},
		{"seed type", doc(`"seed": -1`), `seed: want a number in 0..18446744073709551615, got -1`},
		{"name type", doc(`"name": 5`), `name: want a string, got 5`},

		// ASes.
		{"asn missing", doc(`"ases": [{"name": "x"}]`), `ases[0].asn: required (an AS number in 1..4294967295)`},
		{"asn too big", doc(`"ases": [{"asn": 4294967296}]`), `ases[0].asn: want an AS number in 1..4294967295, got 4294967296`},
		{"asn twice", doc(`"ases": [{"asn": 65001}, {"asn": 65001}]`), `ases[1].asn: AS 65001 is already listed at ases[0]`},
		{"as trans", doc(routers(`{"name": "R1", "as": 23456, "router_id": "10.0.0.1"}`)),
			`routers[0].as: 23456 is AS_TRANS (RFC 6793 section 9), not a real AS`},
		{"hide type", doc(`"ases": [{"asn": 1, "hide_external_links": "yes"}]`), `ases[0].hide_external_links: want true or false, got "yes"`},

		// Routers.
		{"router fields missing", doc(routers(`{}`)), "routers[0].name: required\n" +
			"routers[0].as: required (an AS number in 1..4294967295)\n" +
			"routers[0].router_id: required (a non-zero IPv4 address)"},
		{"router unknown field", doc(routers(`{"name": "R1", "as": 1, "routerid": "10.0.0.1"}`)),
			`routers[0].routerid: unknown field (did you mean "router_id"?)`},
		{"router duplicate key", doc(routers(`{"name": "R1", "name": "R2", "as": 1, "router_id": "10.0.0.1"}`)),
			`routers[0].name: duplicate field`},
		{"router name twice", doc(routers(r1, `{"name": "R1", "as": 65002, "router_id": "10.0.0.2"}`)),
			`routers[1].name: "R1" is already the name of routers[0]`},
		{"router id v6", doc(routers(`{"name": "R1", "as": 1, "router_id": "2001:db8::1"}`)),
			`routers[0].router_id: want a non-zero IPv4 address, got 2001:db8::1`},
		{"router id zero", doc(routers(`{"name": "R1", "as": 1, "router_id": "0.0.0.0"}`)),
			`routers[0].router_id: want a non-zero IPv4 address, got 0.0.0.0`},
		{"router id syntax", doc(routers(`{"name": "R1", "as": 1, "router_id": "10.0.0.256"}`)),
			`routers[0].router_id: want an IP address, got "10.0.0.256"`},
		{"router id twice", doc(routers(r1, `{"name": "R2", "as": 1, "router_id": "10.0.0.1", "loopback": "10.9.9.9"}`)),
			`routers[1].router_id: 10.0.0.1 is already the router_id of routers[0]`},
		{"router id type", doc(routers(`{"name": "R1", "as": 1, "router_id": 10}`)),
			`routers[0].router_id: want a string, got 10`},
		{"loopback with length", doc(routers(`{"name": "R1", "as": 1, "router_id": "10.0.0.1", "loopback": "10.0.0.1/32"}`)),
			`routers[0].loopback: want an IP address, got "10.0.0.1/32" (no prefix length here)`},
		{"loopback zero", doc(routers(`{"name": "R1", "as": 1, "router_id": "10.0.0.1", "loopback": "::"}`)),
			`routers[0].loopback: must not be ::`},
		{"loopback shared", doc(routers(r1, `{"name": "R2", "as": 1, "router_id": "10.0.0.2", "loopback": "10.0.0.1"}`)),
			`routers[1].loopback: 10.0.0.1 is already used by routers[0].loopback`},
		{"cluster id v6", doc(routers(`{"name": "R1", "as": 1, "router_id": "10.0.0.1", "cluster_id": "2001:db8::1"}`)),
			`routers[0].cluster_id: want a non-zero IPv4 address, got 2001:db8::1`},
		{"originate host bits", doc(routers(`{"name": "R1", "as": 1, "router_id": "10.0.0.1", "originate": ["203.0.113.1/24", "2001:db8::1/32"]}`)),
			"routers[0].originate[0]: 203.0.113.1/24 has host bits set; did you mean 203.0.113.0/24?\n" +
				"routers[0].originate[1]: 2001:db8::1/32 has host bits set; did you mean 2001:db8::/32?"},
		{"originate twice", doc(routers(`{"name": "R1", "as": 1, "router_id": "10.0.0.1", "originate": ["203.0.113.0/24", "203.0.113.0/24"]}`)),
			`routers[0].originate[1]: 203.0.113.0/24 is listed twice`},
		{"originate syntax", doc(routers(`{"name": "R1", "as": 1, "router_id": "10.0.0.1", "originate": ["203.0.113.0"]}`)),
			`routers[0].originate[0]: want a prefix like "203.0.113.0/24", got "203.0.113.0"`},
		{"originate not a list", doc(routers(`{"name": "R1", "as": 1, "router_id": "10.0.0.1", "originate": "203.0.113.0/24"}`)),
			`routers[0].originate: want a list, got "203.0.113.0/24"`},
		{"x type", doc(routers(`{"name": "R1", "as": 1, "router_id": "10.0.0.1", "x": "left"}`)),
			`routers[0].x: want a number, got "left"`},

		// Hosts.
		{"host fields missing", doc(hosts(`{}`)), "hosts[0].name: required\n" +
			`hosts[0].address: required (an address with its prefix length, like "203.0.113.10/24")`},
		{"host name is a router", doc(routers(r1), hosts(`{"name": "R1", "address": "203.0.113.10/24"}`), links(`{"a": "R1", "b": "R1"}`)),
			"hosts[0].name: \"R1\" is already the name of routers[0]\n" + `links[0].b: same as a`},
		{"host address without length", doc(routers(r1), hosts(`{"name": "H1", "address": "203.0.113.10"}`), links(`{"a": "R1", "b": "H1"}`)),
			`hosts[0].address: want an address with its prefix length, like "203.0.113.10/24", got "203.0.113.10"`},
		{"host /32", doc(routers(r1), hosts(`{"name": "H1", "address": "203.0.113.10/32"}`), links(`{"a": "H1", "b": "R1"}`)),
			`hosts[0].address: want a prefix length in 1..31 for IPv4, got 32`},
		{"host network address", doc(routers(r1), hosts(`{"name": "H1", "address": "203.0.113.0/24"}`), links(`{"a": "R1", "b": "H1"}`)),
			`hosts[0].address: 203.0.113.0 is the network address of 203.0.113.0/24`},
		{"host broadcast address", doc(routers(r1), hosts(`{"name": "H1", "address": "203.0.113.255/24"}`), links(`{"a": "R1", "b": "H1"}`)),
			`hosts[0].address: 203.0.113.255 is the broadcast address of 203.0.113.0/24`},
		{"gateway outside", doc(routers(r1), hosts(`{"name": "H1", "address": "203.0.113.10/24", "gateway": "198.51.100.1"}`), links(`{"a": "R1", "b": "H1"}`)),
			`hosts[0].gateway: 198.51.100.1 is not in the host's subnet 203.0.113.0/24`},
		{"gateway is host", doc(routers(r1), hosts(`{"name": "H1", "address": "203.0.113.10/24", "gateway": "203.0.113.10"}`), links(`{"a": "R1", "b": "H1"}`)),
			`hosts[0].gateway: same as the host's address`},
		{"gateway family", doc(routers(r1), hosts(`{"name": "H1", "address": "203.0.113.10/24", "gateway": "2001:db8::1"}`), links(`{"a": "R1", "b": "H1"}`)),
			`hosts[0].gateway: 2001:db8::1 and the host's address 203.0.113.10 are of different families`},
		{"host without link", doc(hosts(`{"name": "H1", "address": "203.0.113.10/24"}`)),
			`hosts[0]: has no link; a host needs exactly one, to a router`},
		{"host with two links", doc(routers(r1, r2), hosts(`{"name": "H1", "address": "203.0.113.10/24"}`),
			links(`{"a": "R1", "b": "H1"}`, `{"a": "H1", "b": "R2"}`)),
			`hosts[0]: has 2 links (links[0], links[1]); a host has exactly one`},
		{"link between hosts", doc(hosts(`{"name": "H1", "address": "203.0.113.10/24"}`, `{"name": "H2", "address": "203.0.113.11/24"}`),
			links(`{"a": "H1", "b": "H2"}`)),
			"hosts[0]: has no link; a host needs exactly one, to a router\n" +
				"hosts[1]: has no link; a host needs exactly one, to a router\n" +
				`links[0]: links two hosts ("H1" and "H2"); a host's link goes to a router`},
		{"host link wrong address", doc(routers(r1), hosts(`{"name": "H1", "address": "203.0.113.10/24"}`),
			links(`{"a": "R1", "b": "H1", "a_addr": "203.0.113.1", "b_addr": "203.0.113.11", "prefix_len": 24}`)),
			`links[0].b_addr: must be 203.0.113.10, the address of host "H1"`},
		{"host link wrong length", doc(routers(r1), hosts(`{"name": "H1", "address": "203.0.113.10/24"}`),
			links(`{"a": "R1", "b": "H1", "a_addr": "203.0.113.1", "b_addr": "203.0.113.10", "prefix_len": 25}`)),
			`links[0].prefix_len: must be 24, the prefix length of host "H1"`},
		{"host gateway disagrees", doc(routers(r1), hosts(`{"name": "H1", "address": "203.0.113.10/24", "gateway": "203.0.113.254"}`),
			links(`{"a": "R1", "b": "H1", "a_addr": "203.0.113.1", "b_addr": "203.0.113.10"}`)),
			`hosts[0].gateway: 203.0.113.254 is not 203.0.113.1, the address of the router side of links[0] (a_addr)`},

		// Links.
		{"link ends missing", doc(links(`{}`)), "links[0].a: required\nlinks[0].b: required"},
		{"link unknown end", doc(routers(r1, r2), links(`{"a": "R1", "b": "R22"}`)),
			`links[0].b: no router or host named "R22" (did you mean "R2"?)`},
		{"link to itself", doc(routers(r1), links(`{"a": "R1", "b": "R1"}`)), `links[0].b: same as a`},
		{"link twice", doc(routers(r1, r2), links(link12, `{"a": "R2", "b": "R1"}`)),
			`links[1]: R2 and R1 are already linked by links[0]`},
		{"latency negative", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "latency": "-1ms"}`)),
			`links[0].latency: must not be negative, got -1ms`},
		{"latency syntax", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "latency": "fast"}`)),
			`links[0].latency: want a duration like "10ms" or "90s", got "fast"`},
		{"latency number", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "latency": 10}`)),
			`links[0].latency: want a string, got 10`},
		{"cost type", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "cost": "ten"}`)), `links[0].cost: want a number, got "ten"`},
		{"cost zero", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "cost": 0}`)), `links[0].cost: want a number in 1..65535, got 0`},
		{"cost big", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "cost": 65536}`)), `links[0].cost: want a number in 1..65535, got 65536`},
		{"cost fraction", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "cost": 1.5}`)), `links[0].cost: want a whole number, got 1.5`},
		{"one address", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "a_addr": "192.0.2.1"}`)),
			`links[0].b_addr: required when a_addr is given`},
		{"other address", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "b_addr": "192.0.2.1"}`)),
			`links[0].a_addr: required when b_addr is given`},
		{"address families", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "a_addr": "192.0.2.1", "b_addr": "2001:db8::2"}`)),
			`links[0].b_addr: 2001:db8::2 and a_addr 192.0.2.1 are of different families`},
		{"prefix len 32", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "a_addr": "192.0.2.1", "b_addr": "192.0.2.2", "prefix_len": 32}`)),
			`links[0].prefix_len: want a prefix length in 1..31 for IPv4, got 32`},
		{"prefix len 128", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "a_addr": "2001:db8::1", "b_addr": "2001:db8::2", "prefix_len": 128}`)),
			`links[0].prefix_len: want a prefix length in 1..127 for IPv6, got 128`},
		{"prefix len zero", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "a_addr": "192.0.2.1", "b_addr": "192.0.2.2", "prefix_len": 0}`)),
			`links[0].prefix_len: must not be 0`},
		{"different subnets", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "a_addr": "192.0.2.1", "b_addr": "192.0.2.5"}`)),
			`links[0].b_addr: 192.0.2.5 is not in 192.0.2.0/30, the subnet of a_addr`},
		{"same address", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "a_addr": "192.0.2.1", "b_addr": "192.0.2.1"}`)),
			`links[0].b_addr: same as a_addr`},
		{"network and broadcast", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "a_addr": "192.0.2.0", "b_addr": "192.0.2.3"}`)),
			"links[0].a_addr: 192.0.2.0 is the network address of 192.0.2.0/30\n" +
				"links[0].b_addr: 192.0.2.3 is the broadcast address of 192.0.2.0/30"},
		{"prefix len without addresses", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "prefix_len": 24}`)),
			`links[0].prefix_len: 24 needs a_addr and b_addr (assigned addresses are /30)`},
		{"address used twice", doc(routers(r1, r2, r3), links(`{"a": "R1", "b": "R2", "a_addr": "192.0.2.1", "b_addr": "192.0.2.2"}`,
			`{"a": "R3", "b": "R2", "a_addr": "192.0.2.1", "b_addr": "192.0.2.2"}`)),
			"links[1].a_addr: 192.0.2.1 is already used by links[0].a_addr\n" +
				"links[1].b_addr: 192.0.2.2 is already used by links[0].b_addr"},
		{"address is a loopback", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "a_addr": "10.0.0.2", "b_addr": "10.0.0.1", "prefix_len": 24}`)),
			"links[0].a_addr: 10.0.0.2 is already used by routers[1].loopback\n" +
				"links[0].b_addr: 10.0.0.1 is already used by routers[0].loopback"},
		{"assigned address taken", doc(routers(`{"name": "R1", "as": 1, "router_id": "10.255.0.1"}`, r2), links(link12)),
			`links[0].a_addr: assigned address 10.255.0.1 is already used by routers[0].loopback`},
		{"link bool", doc(routers(r1, r2), links(`{"a": "R1", "b": "R2", "down": 1}`)), `links[0].down: want true or false, got 1`},

		// Sessions.
		{"session ends missing", doc(sessions(`{}`)), "sessions[0].a: required\nsessions[0].b: required"},
		{"session to a host", doc(routers(r1), hosts(`{"name": "H1", "address": "203.0.113.10/24"}`), links(`{"a": "R1", "b": "H1"}`),
			sessions(`{"a": "R1", "b": "H1"}`)), `sessions[0].b: "H1" is a host; sessions are between routers`},
		{"session unknown router", doc(routers(r1, r2), links(link12), sessions(`{"a": "r1", "b": "R2"}`)),
			`sessions[0].a: no router named "r1" (did you mean "R1"?)`},
		{"session to itself", doc(routers(r1), sessions(`{"a": "R1", "b": "R1"}`)), `sessions[0].b: same as a`},
		{"session twice", doc(routers(r1, r2), links(link12), sessions(`{"a": "R1", "b": "R2"}`, `{"a": "R2", "b": "R1"}`)),
			`sessions[1]: R2 and R1 already have a session, sessions[0]`},
		{"type disagrees ebgp", doc(routers(r1, r2), links(link12), sessions(`{"a": "R1", "b": "R2", "type": "ibgp"}`)),
			`sessions[0].type: R1 (AS 65001) and R2 (AS 65002) are in different ASes: the session is ebgp, not ibgp`},
		{"type disagrees ibgp", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "type": "ebgp"}`)),
			`sessions[0].type: R1 and R3 are both in AS 65001: the session is ibgp, not ebgp`},
		{"type unknown", doc(routers(r1, r2), links(link12), sessions(`{"a": "R1", "b": "R2", "type": "bgp"}`)),
			`sessions[0].type: want "ebgp" or "ibgp", got "bgp"`},
		{"transport unknown", doc(routers(r1, r2), links(link12), sessions(`{"a": "R1", "b": "R2", "transport": "tcp"}`)),
			`sessions[0].transport: want "link" or "loopback", got "tcp"`},
		{"ebgp without link", doc(routers(r1, r2), sessions(`{"a": "R1", "b": "R2"}`)),
			`sessions[0].transport: no link between R1 and R2: add one, or use "transport": "loopback"`},
		{"ibgp link transport without link", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "transport": "link"}`)),
			`sessions[0].transport: no link between R1 and R3: add one, or use "transport": "loopback"`},
		{"loopback families", doc(routers(r1, `{"name": "R3", "as": 65001, "router_id": "10.0.0.3", "loopback": "2001:db8::3"}`),
			sessions(`{"a": "R1", "b": "R3"}`)),
			`sessions[0].transport: the loopbacks of R1 (10.0.0.1) and R3 (2001:db8::3) are of different families`},
		{"hold time short", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "hold_time": "2s"}`)),
			`sessions[0].hold_time: want 0 or 3s..65535s in whole seconds, got 2s`},
		{"hold time fraction", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "hold_time": "3.5s"}`)),
			`sessions[0].hold_time: want 0 or 3s..65535s in whole seconds, got 3.5s`},
		{"hold time long", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "hold_time": "65536s"}`)),
			`sessions[0].hold_time: want 0 or 3s..65535s in whole seconds, got 65536s`},
		{"keepalive above hold", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "hold_time": "9s", "keepalive": "9s"}`)),
			`sessions[0].keepalive: 9s must be less than hold_time 9s`},
		{"negative timers", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "keepalive": "-1s", "connect_retry": "-2s", "mrai": "-3s"}`)),
			"sessions[0].keepalive: must not be negative, got -1s\n" +
				"sessions[0].connect_retry: must not be negative, got -2s\n" +
				"sessions[0].mrai: must not be negative, got -3s"},
		{"mrai syntax", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "mrai": "30"}`)),
			`sessions[0].mrai: want a duration like "10ms" or "90s", got "30"`},
		{"unknown policy", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "a_side": {"import": "from-ips"}, "b_side": {"export": "x"}}`),
			`"policies": {"from-isp": {}}`),
			"sessions[0].a_side.import: no policy named \"from-ips\" (did you mean \"from-isp\"?)\n" +
				`sessions[0].b_side.export: no policy named "x"`},
		{"side unknown field", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "a_side": {"rr-client": true}}`)),
			`sessions[0].a_side.rr-client: unknown field (did you mean "rr_client"?)`},
		{"rr client on ebgp", doc(routers(r1, r2), links(link12), sessions(`{"a": "R1", "b": "R2", "b_side": {"rr_client": true}}`)),
			`sessions[0].b_side.rr_client: route reflection is for ibgp sessions only`},
		{"rr clients of each other", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "a_side": {"rr_client": true}, "b_side": {"rr_client": true}}`)),
			`sessions[0].b_side.rr_client: a and b cannot both be each other's route reflector client`},
		{"allowas in", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "a_side": {"allowas_in": 11}, "b_side": {"allowas_in": -1}}`)),
			"sessions[0].a_side.allowas_in: want 0..10, got 11\nsessions[0].b_side.allowas_in: want 0..10, got -1"},
		{"no families", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "a_side": {"families": []}}`)),
			`sessions[0].a_side.families: want at least one family`},
		{"unknown family", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "a_side": {"families": ["ipv4-multicast", "ipv4"]}}`)),
			"sessions[0].a_side.families[0]: want \"ipv4-unicast\" or \"ipv6-unicast\", got \"ipv4-multicast\"\n" +
				`sessions[0].a_side.families[1]: want "ipv4-unicast" or "ipv6-unicast", got "ipv4"`},
		{"family twice", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "b_side": {"families": ["ipv6-unicast", "ipv6-unicast"]}}`)),
			`sessions[0].b_side.families[1]: "ipv6-unicast" is listed twice`},
		{"restart time long", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "a_side": {"graceful_restart": {"restart_time": "4096s"}}}`)),
			`sessions[0].a_side.graceful_restart.restart_time: want 1s..4095s in whole seconds, got 4096s`},
		{"restart time zero", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "a_side": {"graceful_restart": {"restart_time": "0s"}}}`)),
			`sessions[0].a_side.graceful_restart.restart_time: want 1s..4095s, got "0s"`},
		{"graceful restart type", doc(routers(r1, r3), sessions(`{"a": "R1", "b": "R3", "a_side": {"graceful_restart": true}}`)),
			`sessions[0].a_side.graceful_restart: want an object, got true`},

		// Policies.
		{"policy null", doc(`"policies": {"p": null}`), `policies["p"]: want an object, got null`},
		{"policy no name", doc(`"policies": {"": {}}`), `policies[""]: a policy needs a name`},
		{"policy duplicate", doc(`"policies": {"p": {}, "p": {}}`), `policies["p"]: duplicate key`},
		{"policy unknown field", doc(`"policies": {"p": {"terms": [{"match": {"prefixes": []}}]}}`),
			`policies["p"].terms[0].match.prefixes: unknown field (did you mean "prefix"?)`},
		{"policy type", doc(`"policies": {"p": {"terms": [{"set": {"local_pref": "high"}}]}}`),
			`policies["p"].terms[0].set.local_pref: want a number, got "high"`},
		{"policy compile", doc(`"policies": {"p": {"terms": [{"then": "maybe"}]}}`),
			`policies["p"].terms[0].then: "maybe" is not a verdict: want "accept", "reject" or "next"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, loadErr(t, c.doc).Error())
		})
	}
}
