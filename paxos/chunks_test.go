package paxos

import (
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// TestEntrySegmentsMatchASlice drives an entrySegments and a plain slice through the same
// pushes (short ones, copied, and long ones, kept) and front drops, and checks that the
// sequence reads back the same and that no slice it was given or copied into changed.
func TestEntrySegmentsMatchASlice(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var s entrySegments
		var model []Entry
		var given [][]Entry // slices pushed, and their contents when pushed
		var contents [][]Entry
		slot := uint64(0)
		for i := 0; i < 200; i++ {
			if len(model) > 0 && rapid.IntRange(0, 4).Draw(t, "op") == 0 {
				k := rapid.IntRange(0, len(model)).Draw(t, "drop")
				s.dropFront(k)
				model = model[k:]
			} else {
				n := rapid.IntRange(0, 2*copyBelow).Draw(t, "push")
				seg := make([]Entry, n)
				for j := range seg {
					slot++
					seg[j] = Entry{Slot: slot, Data: []byte{byte(slot)}}
				}
				s.push(seg)
				model = append(model, seg...)
				given, contents = append(given, seg), append(contents, slices.Clone(seg))
			}
			if s.len() != len(model) {
				t.Fatalf("len %d, want %d", s.len(), len(model))
			}
			if got := s.appendTo(nil); !slices.EqualFunc(got, model, sameEntry) {
				t.Fatalf("holds %v, want %v", got, model)
			}
		}
		for i := range given {
			if !slices.EqualFunc(given[i], contents[i], sameEntry) {
				t.Fatalf("a pushed slice changed: %v, was %v", given[i], contents[i])
			}
		}
	})
}

func sameEntry(a, b Entry) bool {
	return a.Slot == b.Slot && a.Ballot == b.Ballot && a.sameValue(b)
}
