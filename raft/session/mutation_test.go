//go:build dsref_mutations

package session

import "testing"

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
	if err != nil || m != MutationNoDedupe || len(Mutations()) != 1 {
		t.Fatalf("ParseMutation(%q) = %v, %v; Mutations() = %v", MutationNoDedupe, m, err, Mutations())
	}
}
