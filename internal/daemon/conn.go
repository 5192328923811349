package daemon

import (
	"net"
	"sync"
)

// conn is one TCP connection with an unbounded write queue, so the event
// loop never blocks on a slow peer.
type conn struct {
	nc      net.Conn
	mu      sync.Mutex
	queue   [][]byte
	closing bool
	wake    chan struct{}
}

func newConn(nc net.Conn) *conn {
	return &conn{nc: nc, wake: make(chan struct{}, 1)}
}

// write queues b (owned by the caller, not modified afterwards).
func (c *conn) write(b []byte) {
	c.mu.Lock()
	if !c.closing {
		c.queue = append(c.queue, b)
	}
	c.mu.Unlock()
	c.signal()
}

// close closes the connection once what was queued is written.
func (c *conn) close() {
	c.mu.Lock()
	c.closing = true
	c.mu.Unlock()
	c.signal()
}

func (c *conn) signal() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// writeLoop writes the queue in order and closes the socket when asked.
func (c *conn) writeLoop() {
	for range c.wake {
		c.mu.Lock()
		q, closing := c.queue, c.closing
		c.queue = nil
		c.mu.Unlock()
		for _, b := range q {
			if _, err := c.nc.Write(b); err != nil {
				break
			}
		}
		if closing {
			c.nc.Close()
			return
		}
	}
}
