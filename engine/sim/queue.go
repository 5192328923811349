package sim

import (
	"container/heap"
	"time"
)

// pending is one scheduled happening: it runs at At; Seq breaks ties in
// the order things were scheduled, so runs are deterministic.
type pending struct {
	At  time.Duration
	Seq uint64
	do  func()
	// background marks happenings that alone do not keep the network
	// from being quiet (keepalives, hold timers, connect retries to
	// peers that cannot answer).
	background func() bool
}

// queue is a min-heap of pending happenings by (At, Seq).
type queue []*pending

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	return q[i].At < q[j].At || (q[i].At == q[j].At && q[i].Seq < q[j].Seq)
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(*pending)) }
func (q *queue) Pop() any {
	old := *q
	p := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	return p
}

// schedule queues do to run at at.
func (s *Sim) schedule(at time.Duration, do func(), background func() bool) {
	s.seq++
	if background == nil {
		s.foreground++
	}
	heap.Push(&s.q, &pending{At: at, Seq: s.seq, do: do, background: background})
}
