package raft

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

// MemoryStorage keeps its log in chunks: whatever sequence of appends, truncating appends,
// compactions and snapshots it is given, it answers exactly as a plain slice of the same
// entries would, across chunk boundaries, and no slice it handed out ever changes.
//
// Tests RAFT-SNAP-2, RAFT-PERSIST-4.
func TestMemoryStorageChunksMatchASlice(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		rng := rand.New(rand.NewPCG(seed, seed))
		ms := NewMemoryStorage()
		var model []Entry // model[i] has index base+1+i
		var base, baseTerm uint64
		type handed struct{ view, copy []Entry }
		var views []handed
		term := uint64(1)
		for step := 0; step < 300; step++ {
			last := base + uint64(len(model))
			switch op := rng.IntN(10); {
			case op < 5: // append, sometimes truncating a suffix
				first := last + 1
				if len(model) > 0 && rng.IntN(4) == 0 {
					first = base + 1 + uint64(rng.IntN(len(model)))
					term++
				}
				var ents []Entry
				for k := 0; k < 1+rng.IntN(3*storageChunkLen/2); k++ {
					ents = append(ents, Entry{Term: term, Index: first + uint64(k), Data: []byte{byte(step), byte(k)}})
				}
				if err := ms.Append(ents); err != nil {
					t.Fatalf("seed %d step %d: Append: %v", seed, step, err)
				}
				model = append(model[:first-base-1:first-base-1], ents...)
			case op < 8 && len(model) > 0: // read a range, keep the view
				lo := base + 1 + uint64(rng.IntN(len(model)))
				hi := lo + 1 + uint64(rng.IntN(int(last-lo+1)))
				got, err := ms.Entries(lo, hi, noLimit)
				if want := model[lo-base-1 : hi-base-1]; err != nil || !slices.EqualFunc(got, want, sameEntry) {
					t.Fatalf("seed %d step %d: Entries(%d, %d) = %d entries, %v; want %d", seed, step, lo, hi, len(got), err, len(want))
				}
				views = append(views, handed{got, append([]Entry(nil), got...)})
			case op < 9 && len(model) > 0: // compact
				i := base + 1 + uint64(rng.IntN(len(model)))
				if err := ms.Compact(i); err != nil {
					t.Fatalf("seed %d step %d: Compact(%d): %v", seed, step, i, err)
				}
				baseTerm = model[i-base-1].Term
				model, base = model[i-base:], i
			case op == 9 && rng.IntN(4) == 0: // a snapshot from a leader replaces everything
				i := last + uint64(rng.IntN(10))
				term++
				if err := ms.ApplySnapshot(Snapshot{Metadata: SnapshotMetadata{Index: i + 1, Term: term}}); err != nil {
					t.Fatalf("seed %d step %d: ApplySnapshot: %v", seed, step, err)
				}
				model, base, baseTerm = nil, i+1, term
			}
			if f, _ := ms.FirstIndex(); f != base+1 {
				t.Fatalf("seed %d step %d: FirstIndex %d, want %d", seed, step, f, base+1)
			}
			if l, _ := ms.LastIndex(); l != base+uint64(len(model)) {
				t.Fatalf("seed %d step %d: LastIndex %d, want %d", seed, step, l, base+uint64(len(model)))
			}
			if tm, err := ms.Term(base); err != nil || tm != baseTerm {
				t.Fatalf("seed %d step %d: Term(%d) = %d, %v; want %d", seed, step, base, tm, err, baseTerm)
			}
			if base > 0 {
				if _, err := ms.Term(base - 1); !errors.Is(err, ErrCompacted) {
					t.Fatalf("seed %d step %d: Term below the first index: %v", seed, step, err)
				}
			}
		}
		// Every range of a few lengths, so that ranges ending at, just before and just past
		// each chunk boundary are all read.
		for i := range model {
			for _, n := range []int{1, 2, storageChunkLen/2 + 1} {
				lo, hi := base+1+uint64(i), base+1+uint64(min(i+n, len(model)))
				got, err := ms.Entries(lo, hi, noLimit)
				if want := model[i : hi-base-1]; err != nil || !slices.EqualFunc(got, want, sameEntry) {
					t.Fatalf("seed %d: Entries(%d, %d) = %d entries, %v; want %d", seed, lo, hi, len(got), err, len(want))
				}
			}
		}
		for _, v := range views {
			if !slices.EqualFunc(v.view, v.copy, sameEntry) {
				t.Fatalf("seed %d: a slice handed out changed", seed)
			}
		}
	}
}

func sameEntry(a, b Entry) bool {
	return a.Term == b.Term && a.Index == b.Index && a.Type == b.Type && bytes.Equal(a.Data, b.Data)
}
