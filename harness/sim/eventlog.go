package sim

import (
	"io"
	"strconv"
	"time"
)

// eventLog is the run's event log: one line per event, hashed with FNV-1a as it is produced and
// written out only when a writer is attached. Lines are built with strconv into a reused buffer
// so that an unrecorded run pays little for its log.
type eventLog struct {
	hash  uint64
	w     io.Writer
	buf   []byte
	lines int
	tail  *tailRing
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func newEventLog(w io.Writer) *eventLog { return &eventLog{hash: fnvOffset, w: w} }

// begin starts a line stamped with the simulated time in microseconds.
func (l *eventLog) begin(now time.Duration) []byte {
	l.buf = append(l.buf[:0], "t="...)
	l.buf = strconv.AppendInt(l.buf, int64(now/time.Microsecond), 10)
	l.buf = append(l.buf, ' ')
	return l.buf
}

// end finishes the line in b (which begin returned and the caller extended).
func (l *eventLog) end(b []byte) {
	b = append(b, '\n')
	h := l.hash
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	l.hash = h
	l.lines++
	if l.w != nil {
		l.w.Write(b)
	}
	if l.tail != nil {
		l.tail.add(b)
	}
	l.buf = b
}

// tailRing keeps the last few lines of the log for failure reports.
type tailRing struct {
	lines [][]byte
	next  int
	full  bool
}

func newTailRing(n int) *tailRing { return &tailRing{lines: make([][]byte, n)} }

func (r *tailRing) add(b []byte) {
	r.lines[r.next] = append(r.lines[r.next][:0], b...)
	r.next++
	if r.next == len(r.lines) {
		r.next = 0
		r.full = true
	}
}

// String returns the kept lines, oldest first.
func (r *tailRing) String() string {
	var out []byte
	if r.full {
		for _, l := range r.lines[r.next:] {
			out = append(out, l...)
		}
	}
	for _, l := range r.lines[:r.next] {
		out = append(out, l...)
	}
	return string(out)
}
