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
	// index is the position in the queue, -1 once run or removed
	// (a timer stopped, say); ran tells the two apart.
	index int
	ran   bool
}

// queue is a min-heap of pending happenings by (At, Seq).
type queue []*pending

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	return q[i].At < q[j].At || (q[i].At == q[j].At && q[i].Seq < q[j].Seq)
}
func (q queue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index, q[j].index = i, j
}
func (q *queue) Push(x any) {
	p := x.(*pending)
	p.index = len(*q)
	*q = append(*q, p)
}
func (q *queue) Pop() any {
	old := *q
	p := old[len(old)-1]
	old[len(old)-1] = nil
	p.index = -1
	*q = old[:len(old)-1]
	return p
}

// schedule queues do to run at at and returns its entry.
func (s *Sim) schedule(at time.Duration, do func(), background func() bool) *pending {
	s.seq++
	if background == nil {
		s.foreground++
	}
	p := &pending{At: at, Seq: s.seq, do: do, background: background}
	heap.Push(&s.q, p)
	return p
}

// reschedule moves a queued entry to at, ordering it as if it had just
// been scheduled.
func (s *Sim) reschedule(p *pending, at time.Duration) {
	s.seq++
	p.At, p.Seq = at, s.seq
	heap.Fix(&s.q, p.index)
}

// unschedule removes a queued entry.
func (s *Sim) unschedule(p *pending) {
	if p.index < 0 {
		return
	}
	heap.Remove(&s.q, p.index)
	if p.background == nil {
		s.foreground--
	}
}
