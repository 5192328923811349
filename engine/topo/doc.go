// Package topo is the model of a simulated network (ASes, routers, hosts,
// links, BGP sessions and their policies) and its JSON form, with
// validation that reports every problem at once, by JSON path.
//
// Load reads the JSON form, Save writes it, Validate checks a Topology
// built in Go and fills in the same defaults and derived values as Load,
// and Generate builds a random Internet-like topology.
//
// # The JSON form
//
// Keys are snake_case; durations are Go duration strings ("10ms", "90s",
// "1m30s"); addresses and prefixes are written as usual ("192.0.2.1",
// "2001:db8::/32"). A complete example:
//
//	{
//	  "name": "two ISPs",
//	  "seed": 1,
//	  "ases": [
//	    {"asn": 65001, "name": "Home", "hide_external_links": false},
//	    {"asn": 64500, "name": "ISP A"},
//	    {"asn": 4200000001, "name": "ISP B"}
//	  ],
//	  "routers": [
//	    {"name": "R1", "as": 65001, "router_id": "10.0.0.1", "loopback": "10.0.0.1", "cluster_id": "10.0.0.1",
//	     "originate": ["203.0.113.0/24"], "always_compare_med": false, "igp_sync": false, "x": 100, "y": 200},
//	    {"name": "R2", "as": 65001, "router_id": "10.0.0.2"},
//	    {"name": "A", "as": 64500, "router_id": "10.1.0.1", "originate": ["198.51.100.0/24"]},
//	    {"name": "B", "as": 4200000001, "router_id": "10.2.0.1", "originate": ["2001:db8:b::/48"]}
//	  ],
//	  "hosts": [
//	    {"name": "H1", "address": "203.0.113.10/24", "gateway": "203.0.113.1", "x": 0, "y": 0}
//	  ],
//	  "links": [
//	    {"a": "R1", "b": "A", "a_addr": "192.0.2.1", "b_addr": "192.0.2.2", "prefix_len": 30,
//	     "latency": "10ms", "cost": 10, "down": false},
//	    {"a": "R2", "b": "B", "a_addr": "2001:db8:ffff::1", "b_addr": "2001:db8:ffff::2"},
//	    {"a": "R1", "b": "R2"},
//	    {"a": "H1", "b": "R1"}
//	  ],
//	  "sessions": [
//	    {"a": "R1", "b": "A", "type": "ebgp", "transport": "link",
//	     "hold_time": "90s", "keepalive": "30s", "connect_retry": "5s", "mrai": "0s", "down": false,
//	     "a_side": {"import": "from-isp", "export": "to-isp", "next_hop_self": false, "passive": false,
//	                "allowas_in": 0, "rr_client": false, "graceful_restart": {"restart_time": "120s"},
//	                "families": ["ipv4-unicast"]},
//	     "b_side": {}},
//	    {"a": "R2", "b": "B", "a_side": {"import": "from-isp", "export": "to-isp",
//	                                    "families": ["ipv4-unicast", "ipv6-unicast"]}},
//	    {"a": "R1", "b": "R2", "a_side": {"next_hop_self": true}, "b_side": {"next_hop_self": true}}
//	  ],
//	  "policies": {
//	    "from-isp": {"terms": [{"set": {"local_pref": 50}}], "default": "accept"},
//	    "to-isp": {"terms": [{"match": {"as_path": "^$"}, "then": "accept"}], "default": "reject"}
//	  }
//	}
//
// Every top-level key may be left out, and so may every key marked
// optional below. Unknown keys are errors, with a suggestion when a known
// key is close.
//
// "name" and "seed" (optional) are a title and the seed of the
// simulation's random number generator.
//
// "ases" (optional) lists ASes: "asn" (1..4294967295, not 23456, unique),
// "name", and "hide_external_links": when true the AS's IGP does not carry
// the subnets of its links to other ASes, so an IBGP next hop learned over
// EBGP is unreachable unless the border router sets next_hop_self. An AS
// that a router names but "ases" does not list gets an implicit entry,
// appended in the order its first router appears.
//
// "routers": "name" (required, unique among routers and hosts), "as"
// (required), "router_id" (required: a non-zero IPv4 address, unique),
// "loopback" (optional, defaults to router_id), "cluster_id" (optional
// IPv4; the speaker defaults it to router_id), "originate" (optional
// masked prefixes, IPv4 or IPv6), "always_compare_med" and "igp_sync"
// (optional, false), "x" and "y" (optional layout hints).
//
// "hosts": "name" (required, unique among routers and hosts), "address"
// (required: the host's address and the length of its subnet, as
// "203.0.113.10/24"), "gateway" (optional), "x", "y". A host has exactly
// one link, to a router. That link's subnet is the host's: the host's side
// of it gets the host's address and the router's side the gateway; without
// a gateway, the link's router-side address when the link gives one, else
// the first address of the subnet that is not the host's.
//
// "links": "a" and "b" (required) name two different routers or a router
// and a host; a pair is linked at most once. "a_addr" and "b_addr" are the
// addresses of the two ends, both given or both left out: when left out (on
// a link between routers) link i gets 10.255.0.0 + 4i + 1 and + 2 in a /30.
// "prefix_len" (optional) defaults to 30 for IPv4 and 64 for IPv6; /31 and
// /127 are allowed; both addresses must be in the subnet and neither may be
// its network or broadcast address. "latency" (optional, >= 0) defaults to
// "10ms", "cost" (optional, 1..65535, the IGP metric) to 10, "down"
// (optional) to false. Every interface address and loopback is unique.
//
// "sessions": "a" and "b" (required) name two different routers, with one
// session per pair. "type" ("ebgp" or "ibgp", optional) follows from the
// routers' ASes and, when written, must agree. "transport" (optional)
// is "link", the addresses of the direct link between a and b (the default
// for ebgp), or "loopback", the routers' loopbacks (the default for ibgp).
// "hold_time" is 0 or 3s..65535s in whole seconds; "keepalive" (less than
// a non-zero hold_time) and "connect_retry" are >= 0; 0, the default for
// all three, means the speaker's default. "mrai", the
// MinRouteAdvertisementInterval, is >= 0 when written ("0s" sends changes
// at once); absent, it is the speaker's default (RFC 4271 section 10: 30s
// for ebgp, 5s for ibgp). "down" starts the
// session stopped. "a_side" is a's configuration of its neighbour b, and
// "b_side" b's of a:
//
//   - "import" and "export" name policies of "policies" (optional; none
//     accepts every route);
//   - "next_hop_self" and "passive" (optional, false);
//   - "allowas_in" (optional, 0..10);
//   - "rr_client" (optional, ibgp only): on a_side, a treats b as its
//     route reflector client; a and b may not be each other's;
//   - "graceful_restart" (optional): {"restart_time": 1s..4095s in whole
//     seconds, default "120s"};
//   - "families" (optional, default ["ipv4-unicast"]): "ipv4-unicast",
//     "ipv6-unicast".
//
// "policies" (optional) maps names to policies in the written form of
// package policy (policy.Spec); each is compiled, and its errors are
// reported at their path, such as `policies["to-isp"].terms[0].then`.
//
// # Errors
//
// Load and Validate return Errors, one FieldError per problem, each with
// the JSON path of the offending value:
//
//	routers[2].routerid: unknown field (did you mean "router_id"?)
//	links[0].cost: want a number, got "ten"
//	sessions[1].a_side.import: no policy named "from-ips" (did you mean "from-isp"?)
//	links[3].b_addr: 192.0.2.1 is already used by links[0].a_addr
//
// Load sorts them by their place in the file and returns no topology when
// there is any.
//
// Save writes the resolved values (link addresses and prefix lengths, host
// gateways, session types and transports, implicit ASes), one AS, router,
// host, link, session or policy term per line, and leaves out most values
// equal to their defaults; Load(Save(t)) equals t.
//
// The package is sans-I/O (see DESIGN.md).
package topo
