package paxos

import "sort"

// decidedLog is a node's decided values in slot order. It holds runs of values as the slices
// they were decided from when those never change (the entries of an Accept a follower voted
// for as sent, the batch a leader proposed: see votedRun), so that deciding a run copies no
// entry; single values and short runs are copied into blocks of its own. Elements are never
// overwritten once written, so views it hands out (Ready.Decided) stay valid.
type decidedLog struct {
	segs  [][]Entry
	ends  []int   // ends[k]: elements ever pushed up to the end of segs[k], the dropped included
	front int     // elements dropped from the front
	own   []Entry // the block short runs are copied into (appended to only)
	open  bool    // the last segment ends at the end of own, and grows with the next short run
}

func (l *decidedLog) len() int {
	if len(l.ends) == 0 {
		return 0
	}
	return l.ends[len(l.ends)-1] - l.front
}

// push appends e.
func (l *decidedLog) push(e Entry) {
	if len(l.own) == cap(l.own) {
		l.own, l.open = make([]Entry, 0, chunkSize), false
	}
	l.own = append(l.own, e)
	l.grewOwn(1)
}

// pushRun appends the entries of run; shared says run never changes, so the log may keep it.
func (l *decidedLog) pushRun(run []Entry, shared bool) {
	if shared && len(run) >= copyBelow {
		l.segs, l.open = append(l.segs, run[:len(run):len(run)]), false
		l.ends = append(l.ends, l.front+l.len()+len(run))
		return
	}
	for len(run) > 0 {
		if len(l.own) == cap(l.own) {
			l.own, l.open = make([]Entry, 0, chunkSize), false
		}
		k := min(len(run), cap(l.own)-len(l.own))
		l.own = append(l.own, run[:k]...)
		l.grewOwn(k)
		run = run[k:]
	}
}

// grewOwn records that the last k elements of own were just appended.
func (l *decidedLog) grewOwn(k int) {
	end := l.front + l.len() + k
	if l.open {
		last := len(l.segs) - 1
		n := len(l.segs[last]) + k
		l.segs[last] = l.own[len(l.own)-n : len(l.own) : len(l.own)]
		l.ends[last] = end
		return
	}
	l.segs, l.open = append(l.segs, l.own[len(l.own)-k:len(l.own):len(l.own)]), true
	l.ends = append(l.ends, end)
}

// seg returns the segment holding element i (i < len) and i's index in it.
func (l *decidedLog) seg(i int) (int, int) {
	abs := l.front + i
	k := len(l.ends) - 1
	if start := l.ends[k] - len(l.segs[k]); abs < start {
		// Not in the last segment, which Ready's views and recent catch-ups read.
		k = sort.SearchInts(l.ends, abs+1)
	}
	return k, abs - (l.ends[k] - len(l.segs[k]))
}

// at returns element i, which must be below len.
func (l *decidedLog) at(i int) *Entry {
	k, j := l.seg(i)
	return &l.segs[k][j]
}

// view returns elements i..j-1 (i < j <= len) as a slice of the segment holding them, when
// one segment holds them all. The slice's capacity ends at j.
func (l *decidedLog) view(i, j int) ([]Entry, bool) {
	k, a := l.seg(i)
	if b := a + (j - i); b <= len(l.segs[k]) {
		return l.segs[k][a:b:b], true
	}
	return nil, false
}

// appendTo appends elements i..j-1 to dst.
func (l *decidedLog) appendTo(dst []Entry, i, j int) []Entry {
	for i < j {
		k, a := l.seg(i)
		b := min(len(l.segs[k]), a+(j-i))
		dst = append(dst, l.segs[k][a:b]...)
		i += b - a
	}
	return dst
}

// dropFrontShared removes the first k elements (k <= len) without changing any element, so
// views handed out stay as they were.
func (l *decidedLog) dropFrontShared(k int) {
	l.front += k
	d := 0
	for d < len(l.ends) && l.ends[d] <= l.front {
		d++
	}
	if d == len(l.ends) {
		*l = decidedLog{front: l.front, own: l.own} // own keeps its free room
		return
	}
	clear(l.segs[:d])
	l.segs, l.ends = l.segs[d:], l.ends[d:]
	start := l.ends[0] - len(l.segs[0])
	l.segs[0] = l.segs[0][l.front-start:]
}
