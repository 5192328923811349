package sim

import (
	"container/heap"
	"math"
	"net/netip"

	"github.com/bgpplay/bgpplay/engine/topo"
)

// unreachable is the distance to a router the IGP cannot reach.
const unreachable = math.MaxUint32

// network is the layer-3 picture the simulator derives from the topology
// and the state of its links: who owns each address, and, per AS, the IGP
// shortest paths between its routers (link-state, by link cost).
type network struct {
	t *topo.Topology
	// node numbers routers and hosts in topology order (routers first).
	node map[string]int
	// asOf is the AS of each node (0 for hosts).
	asOf []uint32
	// owner maps every interface address and loopback to its node;
	// linkOf maps interface addresses to their link.
	owner  map[netip.Addr]int
	linkOf map[netip.Addr]int
	// adj lists, per node, the links attached to it.
	adj [][]int
	// up mirrors each link's state.
	up []bool
	// dist[i][j] is the IGP cost from router i to router j of the same
	// AS (unreachable otherwise); next[i][j] the first link on that path.
	dist [][]uint32
	next [][]int
}

// newNetwork indexes t.
func newNetwork(t *topo.Topology) *network {
	n := &network{t: t, node: map[string]int{}, owner: map[netip.Addr]int{}, linkOf: map[netip.Addr]int{}}
	for _, r := range t.Routers {
		n.node[r.Name] = len(n.asOf)
		n.asOf = append(n.asOf, r.AS)
		n.owner[r.Loopback] = n.node[r.Name]
	}
	for _, h := range t.Hosts {
		n.node[h.Name] = len(n.asOf)
		n.asOf = append(n.asOf, 0)
	}
	n.adj = make([][]int, len(n.asOf))
	for i, l := range t.Links {
		a, b := n.node[l.A], n.node[l.B]
		n.owner[l.AAddr], n.owner[l.BAddr] = a, b
		n.linkOf[l.AAddr], n.linkOf[l.BAddr] = i, i
		n.adj[a] = append(n.adj[a], i)
		n.adj[b] = append(n.adj[b], i)
		n.up = append(n.up, !l.Down)
	}
	n.recompute()
	return n
}

// other returns the node at the far end of link l from node i.
func (n *network) other(l, i int) int {
	lk := &n.t.Links[l]
	if n.node[lk.A] == i {
		return n.node[lk.B]
	}
	return n.node[lk.A]
}

// recompute runs Dijkstra from every router over the up links inside its
// AS. Ties go to the lower link index, so paths are deterministic.
func (n *network) recompute() {
	routers := len(n.t.Routers)
	n.dist = make([][]uint32, routers)
	n.next = make([][]int, routers)
	for src := range routers {
		d := make([]uint32, routers)
		nx := make([]int, routers)
		for i := range d {
			d[i], nx[i] = unreachable, -1
		}
		d[src] = 0
		q := &pq{{node: src}}
		for q.Len() > 0 {
			it := heap.Pop(q).(item)
			if it.cost > d[it.node] {
				continue
			}
			for _, l := range n.adj[it.node] {
				o := n.other(l, it.node)
				if !n.up[l] || o >= routers || n.asOf[o] != n.asOf[src] {
					continue
				}
				c := it.cost + uint32(n.t.Links[l].Cost)
				first := nx[it.node]
				if it.node == src {
					first = l
				}
				if c < d[o] || (c == d[o] && first < nx[o]) {
					d[o], nx[o] = c, first
					heap.Push(q, item{node: o, cost: c})
				}
			}
		}
		n.dist[src], n.next[src] = d, nx
	}
}

// resolve answers for router r: is address a reachable through the IGP of
// r's AS (or directly connected), and at what cost. Addresses on a link of
// r are connected (cost 0); loopbacks and interfaces of routers of the AS
// cost the IGP distance to that router; the far end of a link from a
// router of the AS to another AS or a host is reached through that router,
// unless the AS hides its external links.
func (n *network) resolve(r int, a netip.Addr) (uint32, bool) {
	a = a.Unmap()
	if l, ok := n.linkOf[a]; ok && n.up[l] {
		lk := &n.t.Links[l]
		if n.node[lk.A] == r || n.node[lk.B] == r {
			return 0, true
		}
	}
	o, ok := n.owner[a]
	if !ok {
		return 0, false
	}
	if o < len(n.t.Routers) && n.asOf[o] == n.asOf[r] {
		if l, onLink := n.linkOf[a]; onLink && !n.up[l] {
			return 0, false
		}
		d := n.dist[r][o]
		return d, d != unreachable
	}
	// An external address: reached through the router of our AS on its
	// link.
	l, ok := n.linkOf[a]
	if !ok || !n.up[l] {
		return 0, false
	}
	if as, ok := n.t.AS(n.asOf[r]); ok && as.HideExternalLinks && o < len(n.t.Routers) {
		return 0, false
	}
	border := n.other(l, o)
	if border >= len(n.t.Routers) || n.asOf[border] != n.asOf[r] {
		return 0, false
	}
	d := n.dist[r][border]
	return d, d != unreachable
}

// synced reports whether the IGP of router r's AS reaches prefix: a
// loopback, link or host subnet, or a prefix originated by a router of
// the AS.
func (n *network) synced(r int, prefix netip.Prefix) bool {
	as := n.asOf[r]
	for i := range n.t.Routers {
		rt := &n.t.Routers[i]
		if rt.AS != as || n.dist[r][i] == unreachable {
			continue
		}
		if prefix.Contains(rt.Loopback) && prefix.Bits() == rt.Loopback.BitLen() {
			return true
		}
		for _, p := range rt.Originate {
			if p == prefix {
				return true
			}
		}
		for _, l := range n.adj[i] {
			if n.up[l] && n.t.Links[l].Prefix() == prefix {
				return true
			}
		}
	}
	return false
}

// path returns the links a packet from router a to router b of the same
// AS crosses, or nil when there is no IGP path.
func (n *network) path(a, b int) []int {
	if a == b || n.dist[a][b] == unreachable {
		return nil
	}
	var ls []int
	for cur := a; cur != b; {
		l := n.next[cur][b]
		ls = append(ls, l)
		cur = n.other(l, cur)
	}
	return ls
}

// item is an entry of the Dijkstra queue.
type item struct {
	node int
	cost uint32
}

// pq is a min-heap of items by cost, then node.
type pq []item

func (q pq) Len() int { return len(q) }
func (q pq) Less(i, j int) bool {
	return q[i].cost < q[j].cost || (q[i].cost == q[j].cost && q[i].node < q[j].node)
}
func (q pq) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *pq) Push(x any)   { *q = append(*q, x.(item)) }
func (q *pq) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}
