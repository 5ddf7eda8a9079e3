package paxos

import (
	"testing"

	"pgregory.net/rapid"
)

// TestSlotLogMatchesAMap drives a slotLog and a plain map through the same sets and
// truncations, with spans that put slots in the chunks or in the sparse map, and compares
// every read.
func TestSlotLogMatchesAMap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var l slotLog
		model := map[uint64]Entry{}
		base := uint64(0)
		for i := 0; i < 300; i++ {
			switch rapid.IntRange(0, 9).Draw(t, "op") {
			case 0:
				upTo := base + rapid.Uint64Range(0, 700).Draw(t, "truncate")
				l.truncate(upTo)
				for s := range model {
					if s <= upTo {
						delete(model, s)
					}
				}
				base = max(base, upTo)
			default:
				slot := base + rapid.Uint64Range(0, 1200).Draw(t, "slot")
				span := rapid.Uint64Range(0, 900).Draw(t, "span")
				e := Entry{Slot: slot, Ballot: Ballot(i + 1)}
				l.set(e, span)
				if slot > base {
					model[slot] = e
				}
			}
			if l.len() != len(model) {
				t.Fatalf("step %d: len %d, model %d", i, l.len(), len(model))
			}
		}
		var last uint64
		for s, want := range model {
			if got, ok := l.get(s); !ok || got.Slot != want.Slot || got.Ballot != want.Ballot {
				t.Fatalf("get(%d) = %v, %v; want %v", s, got, ok, want)
			}
			last = max(last, s)
		}
		if l.last() != last {
			t.Fatalf("last = %d, want %d", l.last(), last)
		}
		all := l.from(0)
		if len(all) != len(model) {
			t.Fatalf("from(0) has %d entries, model %d", len(all), len(model))
		}
		for i := 1; i < len(all); i++ {
			if all[i].Slot <= all[i-1].Slot {
				t.Fatalf("from(0) out of order at %d: %v", i, all)
			}
		}
		if _, ok := l.get(base); ok && base > 0 {
			t.Fatalf("slot %d at the base is held", base)
		}
	})
}

// TestEntryChunks checks push, dropFront across chunk boundaries and at.
func TestEntryChunks(t *testing.T) {
	var c entryChunks
	for i := 1; i <= 3*chunkSize+7; i++ {
		c.push(Entry{Slot: uint64(i)})
	}
	c.dropFront(chunkSize + 3)
	if c.len() != 2*chunkSize+4 || c.at(0).Slot != chunkSize+4 || len(c.chunks) != 3 {
		t.Fatalf("after dropFront: len %d, first %d, %d chunks", c.len(), c.at(0).Slot, len(c.chunks))
	}
	for i := 5; i < c.len(); i++ {
		if got := c.at(i).Slot; got != uint64(chunkSize+4+i) {
			t.Fatalf("at(%d) = slot %d", i, got)
		}
	}
	c.dropFront(c.len())
	if c.len() != 0 || len(c.chunks) != 1 || c.first != 0 {
		t.Fatalf("emptied: len %d, %d chunks, first %d; want one chunk kept for reuse", c.len(), len(c.chunks), c.first)
	}
	c.push(Entry{Slot: 9})
	if c.len() != 1 || c.at(0).Slot != 9 {
		t.Fatal("push after emptying")
	}
}
