package trace

import (
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	pfxA = netip.MustParsePrefix("203.0.113.0/24")
	pfxB = netip.MustParsePrefix("198.51.100.0/24")
)

// routeEv is a RouteChange event at router r for prefix p.
func routeEv(at time.Duration, r string, p netip.Prefix, c Change) Event {
	return Event{At: at, Kind: RouteChange, Router: r, Route: &Route{Table: LocRIB, Change: c, Prefix: p}}
}

// msgEv is a message event from router to peer.
func msgEv(at time.Duration, k Kind, router, peer string, id uint64) Event {
	return Event{At: at, Kind: k, Router: router, Peer: peer, Msg: &Message{ID: id, Type: 4, Bytes: make([]byte, 19)}}
}

// sampleLog is a small log mixing routes, messages and other events.
func sampleLog() *Log {
	l := NewLog(nil)
	l.Add(Event{At: 0, Kind: TCPConnect, Router: "R1", Peer: "R2"})      // 1
	l.Add(msgEv(10*time.Millisecond, MessageSent, "R1", "R2", 1))        // 2
	l.Add(msgEv(20*time.Millisecond, MessageDelivered, "R2", "R1", 1))   // 3
	l.Add(routeEv(20*time.Millisecond, "R2", pfxA, Added))               // 4
	l.Add(msgEv(30*time.Millisecond, MessageSent, "R2", "R1", 2))        // 5
	l.Add(routeEv(30*time.Millisecond, "R2", pfxB, Added))               // 6
	l.Add(msgEv(40*time.Millisecond, MessageSent, "R2", "R3", 3))        // 7
	l.Add(routeEv(40*time.Millisecond, "R1", pfxA, Added))               // 8
	l.Add(msgEv(50*time.Millisecond, MessageDelivered, "R1", "R2", 2))   // 9
	l.Add(routeEv(60*time.Millisecond, "R2", pfxA, Withdrawn))           // 10
	l.Add(Event{At: 60 * time.Millisecond, Kind: Command, Router: "R1"}) // 11
	return l
}

func seqs(evs []Event) []int {
	out := make([]int, len(evs))
	for i, e := range evs {
		out[i] = e.Seq
	}
	return out
}

func TestLogAddNumbersFromOne(t *testing.T) {
	l := NewLog(nil)
	require.Equal(t, 0, l.Len())
	for i := 1; i <= 3; i++ {
		// A Seq set by the producer is overwritten.
		assert.Equal(t, i, l.Add(Event{Seq: 99, Kind: Note, Router: "R1"}))
	}
	assert.Equal(t, 3, l.Len())
	assert.Equal(t, []int{1, 2, 3}, seqs(l.Events()))
}

func TestLogKeepFilter(t *testing.T) {
	l := NewLog(func(k Kind) bool { return k == RouteChange || k == MessageSent })
	assert.True(t, l.Keeps(RouteChange))
	assert.True(t, l.Keeps(MessageSent))
	assert.False(t, l.Keeps(MessageDelivered))
	assert.False(t, l.Keeps(Note))

	assert.Equal(t, 0, l.Add(msgEv(0, MessageDelivered, "R1", "R2", 1)))
	assert.Equal(t, 1, l.Add(msgEv(0, MessageSent, "R1", "R2", 1)))
	assert.Equal(t, 0, l.Add(Event{Kind: Note}))
	assert.Equal(t, 2, l.Add(routeEv(0, "R1", pfxA, Added)))
	assert.Equal(t, 2, l.Len())
	// Dropped events are not indexed either.
	assert.Equal(t, []int{1}, seqs(l.Messages("R1", "R2")))

	all := NewLog(nil)
	for k := TCPConnect; k <= Note; k++ {
		assert.True(t, all.Keeps(k), k)
	}
}

func TestLogRoutes(t *testing.T) {
	l := sampleLog()
	tests := []struct {
		router string
		prefix netip.Prefix
		want   []int
	}{
		{"R2", pfxA, []int{4, 10}},
		{"R2", pfxB, []int{6}},
		{"R1", pfxA, []int{8}},
		{"R1", pfxB, []int{}},
		{"R9", pfxA, []int{}},
		// An unmasked query finds the masked entry.
		{"R2", netip.MustParsePrefix("203.0.113.77/24"), []int{4, 10}},
	}
	for _, tt := range tests {
		got := l.Routes(tt.router, tt.prefix)
		assert.Equal(t, tt.want, seqs(got), "%s %s", tt.router, tt.prefix)
		for _, e := range got {
			assert.Equal(t, RouteChange, e.Kind)
			assert.Equal(t, tt.router, e.Router)
		}
	}
	assert.Equal(t, Withdrawn, l.Routes("R2", pfxA)[1].Route.Change)
}

func TestLogMessagesBothDirections(t *testing.T) {
	l := sampleLog()
	want := []int{2, 3, 5, 9}
	assert.Equal(t, want, seqs(l.Messages("R1", "R2")))
	assert.Equal(t, want, seqs(l.Messages("R2", "R1")))
	assert.Equal(t, []int{7}, seqs(l.Messages("R3", "R2")))
	assert.Empty(t, l.Messages("R1", "R3"))
	// The TCPConnect between R1 and R2 carries no message: not indexed.
	for _, e := range l.Messages("R1", "R2") {
		assert.NotNil(t, e.Msg)
	}
}

func TestLogQueriesCopy(t *testing.T) {
	l := sampleLog()
	got := l.Routes("R2", pfxA)
	got[0].Router = "changed"
	assert.Equal(t, "R2", l.Routes("R2", pfxA)[0].Router)
}

func TestLogSince(t *testing.T) {
	l := sampleLog()
	tests := []struct {
		seq  int
		want []int
	}{
		{-5, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
		{0, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
		{8, []int{9, 10, 11}},
		{11, []int{}},
		{50, []int{}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, seqs(l.Since(tt.seq)), "Since(%d)", tt.seq)
	}
}

func TestLogTruncate(t *testing.T) {
	tests := []struct {
		at       time.Duration
		len      int
		routesA2 []int
		msgs12   []int
	}{
		{time.Second, 11, []int{4, 10}, []int{2, 3, 5, 9}},
		{60 * time.Millisecond, 11, []int{4, 10}, []int{2, 3, 5, 9}},
		{59 * time.Millisecond, 9, []int{4}, []int{2, 3, 5, 9}},
		{30 * time.Millisecond, 6, []int{4}, []int{2, 3, 5}},
		{25 * time.Millisecond, 4, []int{4}, []int{2, 3}},
		{0, 1, []int{}, []int{}},
		{-time.Millisecond, 0, []int{}, []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.at.String(), func(t *testing.T) {
			l := sampleLog()
			l.Truncate(tt.at)
			require.Equal(t, tt.len, l.Len())
			for _, e := range l.Events() {
				assert.LessOrEqual(t, e.At, tt.at)
			}
			assert.Equal(t, tt.routesA2, seqs(l.Routes("R2", pfxA)))
			assert.Equal(t, tt.msgs12, seqs(l.Messages("R1", "R2")))
			// Numbering continues after the cut, and the indexes
			// see the new events.
			seq := l.Add(routeEv(tt.at+time.Millisecond, "R2", pfxA, Added))
			assert.Equal(t, tt.len+1, seq)
			got := l.Routes("R2", pfxA)
			require.NotEmpty(t, got)
			assert.Equal(t, seq, got[len(got)-1].Seq)
		})
	}
}

func TestLogDigest(t *testing.T) {
	base := sampleLog().Digest()
	assert.Len(t, base, 64)
	assert.Equal(t, base, sampleLog().Digest(), "same events, same digest")
	assert.NotEqual(t, base, NewLog(nil).Digest())

	changes := map[string]func(e *Event){
		"time":    func(e *Event) { e.At++ },
		"kind":    func(e *Event) { e.Kind = MessageDelivered },
		"router":  func(e *Event) { e.Router = "R9" },
		"peer":    func(e *Event) { e.Peer = "R9" },
		"text":    func(e *Event) { e.Text = "x" },
		"msg id":  func(e *Event) { e.Msg.ID++ },
		"msg len": func(e *Event) { e.Msg.Bytes = append(e.Msg.Bytes, 0) },
		"msg type": func(e *Event) {
			e.Msg.Type = 2
		},
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			l := NewLog(nil)
			l.Add(Event{Kind: Note, Router: "R1"})
			e := msgEv(time.Second, MessageSent, "R1", "R2", 7)
			l.Add(e)
			before := l.Digest()
			l2 := NewLog(nil)
			l2.Add(Event{Kind: Note, Router: "R1"})
			e2 := msgEv(time.Second, MessageSent, "R1", "R2", 7)
			change(&e2)
			l2.Add(e2)
			assert.NotEqual(t, before, l2.Digest())
		})
	}
	t.Run("route", func(t *testing.T) {
		a, b := NewLog(nil), NewLog(nil)
		a.Add(routeEv(0, "R1", pfxA, Added))
		b.Add(routeEv(0, "R1", pfxA, Replaced))
		assert.NotEqual(t, a.Digest(), b.Digest())
	})
	t.Run("order", func(t *testing.T) {
		a, b := NewLog(nil), NewLog(nil)
		a.Add(Event{Kind: Note, Router: "R1"})
		a.Add(Event{Kind: Note, Router: "R2"})
		b.Add(Event{Kind: Note, Router: "R2"})
		b.Add(Event{Kind: Note, Router: "R1"})
		assert.NotEqual(t, a.Digest(), b.Digest())
	})
	t.Run("truncate", func(t *testing.T) {
		l := sampleLog()
		l.Truncate(30 * time.Millisecond)
		ref := NewLog(nil)
		for _, e := range sampleLog().Events()[:6] {
			ref.Add(e)
		}
		assert.Equal(t, ref.Digest(), l.Digest())
	})
}
