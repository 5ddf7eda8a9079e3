package check

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// TestExpandAllocatesNothing: expanding a state whose successors have all been seen allocates
// nothing in the search itself (the model here allocates nothing either: its successors are
// built once, and its view is an integer of the state). The callback the model worker is given
// is made once per worker; made per expansion, it escaped to the heap with the variables it
// wrote, five objects per state expanded.
func TestExpandAllocatesNothing(t *testing.T) {
	states := []State{st(0), st(1), st(2)}
	m := &goModel{names: []string{"x"}, actions: []string{"Next"}, inits: states[:1]}
	m.view = func(s State) value.Value { return s[0] }
	m.nextFn = func(_ State, emit func(State, int) error) error {
		for _, t := range states {
			if err := emit(t, 0); err != nil {
				return err
			}
		}
		return nil
	}
	s := &searcher{m: m}
	s.fps = newFPSet(&s.counts.distinct)
	for i, x := range states {
		fp, err := m.fingerprint(x)
		if err != nil {
			t.Fatal(err)
		}
		s.nodes = append(s.nodes, node{state: x, fp: fp, parent: -1, ord: uint32(i + 1)})
		s.fps.claim(fp, genKey(-1, uint32(i+1)))
	}
	b := newBFSWorker(s, m, nil)
	allocs := testing.AllocsPerRun(100, func() {
		if err := b.expand(1); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("expanding a state allocated %v objects; want 0", allocs)
	}
	if got := s.counts.generated.Load(); got != 101*3 {
		t.Errorf("%d generated; want %d", got, 101*3)
	}
	if len(b.fresh) != 0 {
		t.Errorf("%d states queued; want none (every successor was seen)", len(b.fresh))
	}
}
