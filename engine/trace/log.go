package trace

import (
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"slices"
	"time"
)

// Log keeps events in order and indexes them by router and prefix and by
// pair of routers, so the queries the UI and the lessons ask are cheap.
// The zero value is not usable; call NewLog.
type Log struct {
	events []Event
	// keep filters the kinds recorded; nil keeps all.
	keep func(Kind) bool
	// routes indexes RouteChange events by (router, prefix); messages
	// indexes message events by unordered router pair.
	routes   map[routeKey][]int
	messages map[pairKey][]int
}

type routeKey struct {
	router string
	prefix netip.Prefix
}

type pairKey struct{ a, b string }

// NewLog returns an empty log. keep, when not nil, selects the kinds of
// events to record (a benchmark may keep none).
func NewLog(keep func(Kind) bool) *Log {
	return &Log{keep: keep, routes: make(map[routeKey][]int), messages: make(map[pairKey][]int)}
}

// Keeps reports whether events of kind k are recorded; producers skip
// building events nobody keeps.
func (l *Log) Keeps(k Kind) bool { return l.keep == nil || l.keep(k) }

// Add appends e, numbering it, and returns its sequence number (0 when
// its kind is not kept).
func (l *Log) Add(e Event) int {
	if !l.Keeps(e.Kind) {
		return 0
	}
	i := len(l.events)
	e.Seq = i + 1
	l.events = append(l.events, e)
	switch {
	case e.Route != nil:
		k := routeKey{e.Router, e.Route.Prefix}
		l.routes[k] = append(l.routes[k], i)
	case e.Msg != nil:
		k := pair(e.Router, e.Peer)
		l.messages[k] = append(l.messages[k], i)
	}
	return e.Seq
}

// Len returns the number of events recorded.
func (l *Log) Len() int { return len(l.events) }

// Events returns the recorded events; the slice must not be modified.
func (l *Log) Events() []Event { return l.events }

// Since returns the events with sequence numbers above seq.
func (l *Log) Since(seq int) []Event {
	return l.events[min(max(seq, 0), len(l.events)):]
}

// Truncate forgets every event after time t (for a rewind).
func (l *Log) Truncate(t time.Duration) {
	n, _ := slices.BinarySearchFunc(l.events, t, func(e Event, t time.Duration) int {
		if e.At <= t {
			return -1
		}
		return 1
	})
	if n == len(l.events) {
		return
	}
	l.events = l.events[:n]
	for k, idx := range l.routes {
		l.routes[k] = cut(idx, n)
	}
	for k, idx := range l.messages {
		l.messages[k] = cut(idx, n)
	}
}

// cut drops indexes at or above n from a sorted index list.
func cut(idx []int, n int) []int {
	i, _ := slices.BinarySearch(idx, n)
	return idx[:i]
}

// Routes returns the route changes for prefix at router, in order: the
// history of that entry in each of the router's tables.
func (l *Log) Routes(router string, prefix netip.Prefix) []Event {
	return l.pick(l.routes[routeKey{router, prefix.Masked()}])
}

// Messages returns the messages sent or delivered between routers a and b,
// in either direction, in order.
func (l *Log) Messages(a, b string) []Event {
	return l.pick(l.messages[pair(a, b)])
}

// pick copies the indexed events.
func (l *Log) pick(idx []int) []Event {
	out := make([]Event, len(idx))
	for i, j := range idx {
		out[i] = l.events[j]
	}
	return out
}

// Digest returns a SHA-256 over the text of every event, in order: two
// runs with equal digests produced the same events.
func (l *Log) Digest() string {
	h := sha256.New()
	for i := range l.events {
		h.Write([]byte(l.events[i].String()))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// pair orders two names so that both directions share a key.
func pair(a, b string) pairKey {
	if b < a {
		a, b = b, a
	}
	return pairKey{a, b}
}
