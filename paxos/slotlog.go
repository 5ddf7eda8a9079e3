package paxos

import (
	"maps"
	"slices"
)

// slotLog holds at most one Entry per slot, for slots after base: in a slice for the slots
// from base+1 up to a bound the caller gives (where a steady leader proposes), in a map past
// it, so a message naming a far slot costs one map entry, not a slice up to that slot. An
// acceptor's votes live in one.
type slotLog struct {
	base   uint64      // slots up to base are not held
	dense  entryChunks // slot base+1+i at index i; Slot 0 marks an empty place
	sparse map[uint64]Entry
	count  int // entries held
}

// get returns the entry of slot, if held.
func (l *slotLog) get(slot uint64) (Entry, bool) {
	if slot <= l.base {
		return Entry{}, false
	}
	if i := slot - l.base - 1; i < uint64(l.dense.len()) {
		e := *l.dense.at(int(i))
		return e, e.Slot != 0
	}
	e, ok := l.sparse[slot]
	return e, ok
}

// set stores e, replacing the entry of its slot. Slots up to base+span go in the chunks,
// those past it in the map; slots up to base are ignored.
func (l *slotLog) set(e Entry, span uint64) {
	if e.Slot <= l.base {
		return
	}
	i := e.Slot - l.base - 1
	if i < uint64(l.dense.len()) {
		p := l.dense.at(int(i))
		if p.Slot == 0 {
			l.count++
		}
		*p = e
		return
	}
	if i >= span {
		if _, ok := l.sparse[e.Slot]; !ok {
			l.count++
		}
		if l.sparse == nil {
			l.sparse = map[uint64]Entry{}
		}
		l.sparse[e.Slot] = e
		return
	}
	// Extend the chunks to the slot, moving entries the map held for the slots they now cover.
	from := l.dense.len()
	l.dense.grow(int(i + 1))
	if len(l.sparse) > 0 {
		for j := from; j <= int(i); j++ {
			if s, ok := l.sparse[l.base+1+uint64(j)]; ok {
				*l.dense.at(j) = s
				delete(l.sparse, s.Slot)
			}
		}
	}
	p := l.dense.at(int(i))
	if p.Slot == 0 {
		l.count++
	}
	*p = e
}

// setRun stores the entries of run, of consecutive slots, as set would one by one: in bulk
// when the run starts within or right after the chunks and ends within span.
func (l *slotLog) setRun(run []Entry, span uint64) {
	lo, hi := run[0].Slot, run[len(run)-1].Slot
	if lo <= l.base || lo-l.base-1 > uint64(l.dense.len()) || hi-l.base-1 >= span || len(l.sparse) > 0 {
		for _, e := range run {
			l.set(e, span)
		}
		return
	}
	for i := int(lo - l.base - 1); i < l.dense.len() && len(run) > 0; i++ {
		p := l.dense.at(i)
		if p.Slot == 0 {
			l.count++
		}
		*p, run = run[0], run[1:]
	}
	l.count += len(run)
	l.dense.pushAll(run)
}

// runLen returns how many of slots slot, slot+1, ... up to at most upTo are held in the chunks
// with ballot b, one after the other.
func (l *slotLog) runLen(slot, upTo uint64, b Ballot) int {
	if slot <= l.base || slot > upTo {
		return 0
	}
	i := slot - l.base - 1
	j := min(uint64(l.dense.len()), upTo-l.base)
	k := 0
	for i < j {
		view := l.dense.within(int(i), int(j-i))
		for _, e := range view {
			if e.Slot != slot+uint64(k) || e.Ballot != b {
				return k
			}
			k++
		}
		i += uint64(len(view))
	}
	return k
}

// runFrom returns the entries of slots slot, slot+1, ... up to at most upTo, as long as each
// is held in the chunks and has ballot b: a view of one chunk, which the caller must not
// retain past the next change of l.
func (l *slotLog) runFrom(slot, upTo uint64, b Ballot) []Entry {
	if slot <= l.base || slot > upTo {
		return nil
	}
	i := slot - l.base - 1
	if i >= uint64(l.dense.len()) {
		return nil
	}
	j := min(uint64(l.dense.len()), upTo-l.base)
	view := l.dense.within(int(i), int(j-i))
	k := 0
	for k < len(view) && view[k].Slot == slot+uint64(k) && view[k].Ballot == b {
		k++
	}
	return view[:k]
}

// truncate drops the entries of slots up to upTo, which becomes the base.
func (l *slotLog) truncate(upTo uint64) {
	if upTo <= l.base {
		return
	}
	k := int(min(upTo-l.base, uint64(l.dense.len())))
	for i := 0; i < k; {
		s := l.dense.within(i, k-i)
		for j := range s {
			if s[j].Slot != 0 {
				l.count--
			}
		}
		i += len(s)
	}
	l.dense.dropFront(k)
	for s := range l.sparse {
		if s <= upTo {
			delete(l.sparse, s)
			l.count--
		}
	}
	l.base = upTo
}

// from returns the entries of slots at or after slot, in slot order.
func (l *slotLog) from(slot uint64) []Entry {
	var out []Entry
	start := 0
	if slot > l.base+1 {
		start = int(min(slot-l.base-1, uint64(l.dense.len())))
	}
	for i := start; i < l.dense.len(); i++ {
		if e := *l.dense.at(i); e.Slot != 0 {
			out = append(out, e)
		}
	}
	for _, s := range slices.Sorted(maps.Keys(l.sparse)) {
		if s >= slot {
			out = append(out, l.sparse[s])
		}
	}
	return out
}

// last returns the highest slot held, 0 if none.
func (l *slotLog) last() uint64 {
	var top uint64
	for s := range l.sparse {
		top = max(top, s)
	}
	if top > 0 {
		return top // sparse slots lie past the chunks
	}
	for i := l.dense.len() - 1; i >= 0; i-- {
		if e := l.dense.at(i); e.Slot != 0 {
			return e.Slot
		}
	}
	return 0
}

// len returns the number of entries held.
func (l *slotLog) len() int { return l.count }
