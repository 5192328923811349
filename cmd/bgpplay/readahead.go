package main

import (
	"io"

	"github.com/bgpplay/bgpplay/engine/mrt"
)

// readAhead decompresses src (gzip, bzip2 or plain, see mrt.Decompress) in
// a goroutine, a few chunks ahead of the reader it returns, so that
// decompression overlaps with decoding and formatting. The engine stays
// single-threaded; the concurrency lives here. The returned reader yields
// the decompressed bytes and then the goroutine's read error (io.EOF at a
// clean end). stop ends the goroutine early.
func readAhead(src io.Reader) (r io.Reader, stop func()) {
	const chunk, chunks = 256 << 10, 4
	ra := &aheadReader{
		full: make(chan []byte, chunks),
		free: make(chan []byte, chunks),
		done: make(chan struct{}),
	}
	for range chunks {
		ra.free <- make([]byte, chunk)
	}
	go ra.fill(src)
	return ra, func() {
		select {
		case <-ra.done:
		default:
			close(ra.done)
		}
	}
}

type aheadReader struct {
	full chan []byte // chunks of data, closed after the last one
	free chan []byte // chunks the reader is done with
	done chan struct{}
	err  error // the fill goroutine's final error, set before full is closed
	cur  []byte
	buf  []byte // the chunk cur is part of
}

func (ra *aheadReader) fill(src io.Reader) {
	defer close(ra.full)
	d, err := mrt.Decompress(src)
	if err != nil {
		ra.err = err
		return
	}
	for {
		var buf []byte
		select {
		case buf = <-ra.free:
		case <-ra.done:
			ra.err = io.ErrClosedPipe
			return
		}
		n := 0
		for n < len(buf) && err == nil {
			var m int
			m, err = d.Read(buf[n:])
			n += m
		}
		if n > 0 {
			select {
			case ra.full <- buf[:n]:
			case <-ra.done:
				ra.err = io.ErrClosedPipe
				return
			}
		}
		if err != nil {
			ra.err = err
			return
		}
	}
}

func (ra *aheadReader) Read(p []byte) (int, error) {
	for len(ra.cur) == 0 {
		if ra.buf != nil {
			ra.free <- ra.buf[:cap(ra.buf)]
			ra.buf = nil
		}
		b, ok := <-ra.full
		if !ok {
			return 0, ra.err
		}
		ra.buf, ra.cur = b, b
	}
	n := copy(p, ra.cur)
	ra.cur = ra.cur[n:]
	return n, nil
}
