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

// TestDecidedLogMatchesASlice drives a decidedLog and a plain slice through the same pushes
// (single values, short runs it copies, long shared runs it keeps) and front drops, and checks
// that every element, view and range reads back as the slice says, and that no view it handed
// out nor any run it was given changed afterwards (views of Ready.Decided must stay valid).
func TestDecidedLogMatchesASlice(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var l decidedLog
		var model []Entry
		var kept, keptWas [][]Entry // runs pushed and views taken, with their contents then
		slot := uint64(0)
		for i := 0; i < 200; i++ {
			switch op := rapid.IntRange(0, 5).Draw(t, "op"); {
			case op == 0 && len(model) > 0:
				k := rapid.IntRange(0, len(model)).Draw(t, "drop")
				l.dropFrontShared(k)
				model = model[k:]
			case op == 1:
				slot++
				e := Entry{Slot: slot, Data: []byte{byte(slot)}}
				l.push(e)
				model = append(model, e)
			default:
				n := rapid.IntRange(1, 3*copyBelow).Draw(t, "run")
				run := make([]Entry, n)
				for j := range run {
					slot++
					run[j] = Entry{Slot: slot, Data: []byte{byte(slot)}}
				}
				l.pushRun(run, rapid.Bool().Draw(t, "shared"))
				model = append(model, run...)
				kept, keptWas = append(kept, run), append(keptWas, slices.Clone(run))
			}
			if l.len() != len(model) {
				t.Fatalf("len %d, want %d", l.len(), len(model))
			}
			if len(model) == 0 {
				continue
			}
			for k := range model {
				if !sameEntry(*l.at(k), model[k]) {
					t.Fatalf("at(%d) = %v, want %v", k, *l.at(k), model[k])
				}
			}
			a := rapid.IntRange(0, len(model)-1).Draw(t, "from")
			b := rapid.IntRange(a+1, len(model)).Draw(t, "to")
			if got := l.appendTo(nil, a, b); !slices.EqualFunc(got, model[a:b], sameEntry) {
				t.Fatalf("appendTo(%d, %d) = %v, want %v", a, b, got, model[a:b])
			}
			if v, ok := l.view(a, b); ok {
				if !slices.EqualFunc(v, model[a:b], sameEntry) || cap(v) != len(v) {
					t.Fatalf("view(%d, %d) = %v (cap %d), want %v", a, b, v, cap(v), model[a:b])
				}
				kept, keptWas = append(kept, v), append(keptWas, slices.Clone(v))
			}
		}
		for i := range kept {
			if !slices.EqualFunc(kept[i], keptWas[i], sameEntry) {
				t.Fatalf("a run pushed or a view taken changed: %v, was %v", kept[i], keptWas[i])
			}
		}
	})
}
