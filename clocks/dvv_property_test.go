package clocks_test

import (
	"fmt"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/dsref/dsref/clocks"
)

// dvvModel is the reference the DVV property compares against. It never looks at dots or
// counters: it tracks, per replica, the set of writes the replica knows of, and per write the
// set of writes its client had read (and so overwrote). The expected siblings of a replica are
// the writes it knows of that no write it knows of overwrote.
type dvvModel struct {
	known      []map[int]bool // replica -> write IDs known
	overwrites map[int]map[int]bool
}

func (m *dvvModel) expected(r int) []int {
	var out []int
	for w := range m.known[r] {
		dominated := false
		for x := range m.known[r] {
			if m.overwrites[x][w] {
				dominated = true
				break
			}
		}
		if !dominated {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}

// TestPropDVVKeepsExactlyTheConcurrentSiblings runs random reads, writes with fresh or stale
// contexts through random coordinators, syncs, and reconciles over three replicas, and after
// every step compares each replica's siblings with the reference model.
//
// Tests DVV-2, DVV-3, DVV-4, DVV-5, DVV-6, DVV-8.
func TestPropDVVKeepsExactlyTheConcurrentSiblings(t *testing.T) {
	const replicas = 3
	nodes := []string{"r0", "r1", "r2"}
	rapid.Check(t, func(t *rapid.T) {
		sets := make([]*clocks.DVVSet[int], replicas)
		model := &dvvModel{known: make([]map[int]bool, replicas), overwrites: map[int]map[int]bool{}}
		for r := range sets {
			sets[r] = &clocks.DVVSet[int]{}
			model.known[r] = map[int]bool{}
		}
		type read struct {
			context clocks.Vector
			seen    map[int]bool
		}
		reads := []read{{seen: map[int]bool{}}} // read 0: a blind write's empty context
		nextWrite := 0
		steps := rapid.IntRange(1, 40).Draw(t, "steps")
		for step := range steps {
			switch op := rapid.IntRange(0, 3).Draw(t, "op"); op {
			case 0: // a client reads replica r
				r := rapid.IntRange(0, replicas-1).Draw(t, "read replica")
				seen := map[int]bool{}
				for w := range model.known[r] {
					seen[w] = true
				}
				reads = append(reads, read{context: sets[r].Join(), seen: seen})
			case 1: // a client writes through replica r with any earlier read's context
				r := rapid.IntRange(0, replicas-1).Draw(t, "write replica")
				rd := reads[rapid.IntRange(0, len(reads)-1).Draw(t, "context")]
				w := nextWrite
				nextWrite++
				if err := sets[r].Update(rd.context, nodes[r], w); err != nil {
					t.Fatal(err)
				}
				model.overwrites[w] = rd.seen
				for x := range rd.seen {
					model.known[r][x] = true
				}
				model.known[r][w] = true
			case 2: // anti-entropy: replica a absorbs replica b
				a := rapid.IntRange(0, replicas-1).Draw(t, "sync into")
				b := rapid.IntRange(0, replicas-1).Draw(t, "sync from")
				sets[a].Sync(sets[b])
				for x := range model.known[b] {
					model.known[a][x] = true
				}
			case 3: // replica r reconciles its siblings into one new write
				r := rapid.IntRange(0, replicas-1).Draw(t, "reconcile replica")
				if sets[r].Len() == 0 {
					continue
				}
				w := nextWrite
				nextWrite++
				if err := sets[r].Reconcile(nodes[r], func([]int) int { return w }); err != nil {
					t.Fatal(err)
				}
				seen := map[int]bool{}
				for x := range model.known[r] {
					seen[x] = true
				}
				model.overwrites[w] = seen
				model.known[r][w] = true
			}
			for r := range sets {
				got := sets[r].Values()
				slices.Sort(got)
				want := model.expected(r)
				if !slices.Equal(got, want) {
					t.Fatalf("step %d: replica %d siblings %v, want %v (context %v)", step, r, got, want, sets[r].Join())
				}
			}
		}
	})
}

// Tests DVV-3.
func TestPropDVVSyncLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Build three replicas by random writes and syncs, then check the laws on them.
		sets := []*clocks.DVVSet[string]{{}, {}, {}}
		for i := range rapid.IntRange(0, 15).Draw(t, "ops") {
			r := rapid.IntRange(0, 2).Draw(t, "replica")
			if rapid.Bool().Draw(t, "write") {
				ctx := clocks.Vector{}
				if rapid.Bool().Draw(t, "fresh context") {
					ctx = sets[r].Join()
				}
				if err := sets[r].Update(ctx, fmt.Sprint("n", r), fmt.Sprint("v", i)); err != nil {
					t.Fatal(err)
				}
			} else {
				sets[r].Sync(sets[rapid.IntRange(0, 2).Draw(t, "from")])
			}
		}
		a, b, c := sets[0], sets[1], sets[2]
		sorted := func(s *clocks.DVVSet[string]) string {
			v := s.Values()
			slices.Sort(v)
			return fmt.Sprint(v, s.Join())
		}
		sync := func(x, y *clocks.DVVSet[string]) *clocks.DVVSet[string] {
			z := x.Clone()
			z.Sync(y)
			return z
		}
		if sorted(sync(a, b)) != sorted(sync(b, a)) {
			t.Fatalf("Sync not commutative: %s vs %s", sorted(sync(a, b)), sorted(sync(b, a)))
		}
		if sorted(sync(sync(a, b), c)) != sorted(sync(a, sync(b, c))) {
			t.Fatalf("Sync not associative")
		}
		if sorted(sync(a, a)) != sorted(a) {
			t.Fatalf("Sync not idempotent: %s vs %s", sorted(sync(a, a)), sorted(a))
		}
	})
}
