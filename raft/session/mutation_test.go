//go:build dsref_mutations

package session

import (
	"errors"
	"testing"
)

// TestMutationNoDedupeRunsRetriesTwice shows that the planted bug does what its documentation
// says (a committed retry runs again), and that TestPropertyExactlyOnce's check catches it.
//
// Tests RAFT-MUT-1, RAFT-SESSION-2.
func TestMutationNoDedupeRunsRetriesTwice(t *testing.T) {
	tb, err := New(Config{plantedBug: plantedBug{Mutation: MutationNoDedupe}})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := tb.Register(1, 0)
	runs := 0
	exec := func() []byte { runs++; return nil }
	for i := 0; i < 2; i++ {
		if _, _, err := tb.Apply(Request{Session: id, Seq: 1}, exec); err != nil {
			t.Fatal(err)
		}
	}
	if runs != 2 {
		t.Fatalf("with %s a retry ran %d times in all, want 2", MutationNoDedupe, runs)
	}
	m, err := ParseMutation(MutationNoDedupe.String())
	if err != nil || m != MutationNoDedupe || len(Mutations()) != 2 {
		t.Fatalf("ParseMutation(%q) = %v, %v; Mutations() = %v", MutationNoDedupe, m, err, Mutations())
	}
}

// TestMutationForgetDiscardedRunsALateCopyAgain shows that the planted bug does what its
// documentation says: once request 1's response is evicted (MaxResponses 1, request 2 ran), a
// late copy of request 1 runs again instead of being refused.
//
// Tests RAFT-MUT-1, RAFT-SESSION-3.
func TestMutationForgetDiscardedRunsALateCopyAgain(t *testing.T) {
	for _, m := range []Mutation{MutationNone, MutationForgetDiscarded} {
		tb, err := New(Config{MaxResponses: 1, plantedBug: plantedBug{Mutation: m}})
		if err != nil {
			t.Fatal(err)
		}
		id, _ := tb.Register(1, 0)
		runs := 0
		exec := func() []byte { runs++; return nil }
		for _, seq := range []uint64{1, 2, 1} {
			_, _, err = tb.Apply(Request{Session: id, Seq: seq, Ack: 1}, exec)
		}
		want, wantErr := 2, ErrResponseDiscarded
		if m == MutationForgetDiscarded {
			want, wantErr = 3, nil
		}
		if runs != want || !errors.Is(err, wantErr) && err != wantErr {
			t.Fatalf("%s: %d runs, last error %v; want %d runs, error %v", m, runs, err, want, wantErr)
		}
	}
}
