package quorumtest

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dsref/dsref/quorum"
)

// Tests.
func TestCheckParseAcceptsQuorumParse(t *testing.T) {
	tally, err := CheckParse(quorum.Parse, 5)
	if err != nil {
		t.Fatal(err)
	}
	// Both verdicts must occur, or the enumeration proves little.
	if tally.Accepted == 0 || tally.Rejected == 0 {
		t.Fatalf("degenerate enumeration: %+v", tally)
	}
}

// everyoneAQuorum is a system that answers like its inner one except that any single member is
// a quorum: its quorums do not intersect.
type everyoneAQuorum struct{ quorum.System }

func (s everyoneAQuorum) IsQuorum(k quorum.Kind, set quorum.Set) bool {
	return set&s.Members() != 0
}

// TestCheckParseCatchesPlantedBugs runs CheckParse on three broken parsers: one that accepts
// unsafe configurations, one that refuses them naming quorums that overlap, and one whose
// accepted systems do not intersect.
func TestCheckParseCatchesPlantedBugs(t *testing.T) {
	acceptsAll := func(text string) (quorum.System, error) {
		sys, err := quorum.Parse(text)
		if err != nil {
			return quorum.Parse("majority {0-2}")
		}
		return sys, nil
	}
	wrongWitness := func(text string) (quorum.System, error) {
		sys, err := quorum.Parse(text)
		if err != nil {
			return nil, &quorum.DisjointError{System: text, Reason: "planted", KindA: quorum.Phase1, A: 1, KindB: quorum.Phase2, B: 1}
		}
		return sys, nil
	}
	notIntersecting := func(text string) (quorum.System, error) {
		sys, err := quorum.Parse(text)
		if err == nil && strings.HasPrefix(text, "grid") && sys.Members().Len() > 1 {
			return everyoneAQuorum{sys}, nil
		}
		return sys, err
	}
	for name, c := range map[string]struct {
		parse func(string) (quorum.System, error)
		want  string
	}{
		"accepts unsafe":   {acceptsAll, "the closed-form rule says safe=false, Parse returned <nil>"},
		"wrong witness":    {wrongWitness, "which are not disjoint quorums"},
		"not intersecting": {notIntersecting, "grid rows=1 cols=2 {0,1}: accepted, but"},
	} {
		if _, err := CheckParse(c.parse, 4); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", name, err, c.want)
		}
	}
}

// Tests Q-W-1, Q-W-2.
func TestWeightedSafe(t *testing.T) {
	for _, c := range []struct {
		votes []int
		r, w  int
		want  bool
	}{
		{[]int{1, 1, 1}, 2, 2, true},  // a majority of three
		{[]int{1, 1, 1}, 1, 2, false}, // read 1 misses a write of the other 2
		{[]int{1, 1, 1}, 2, 1, false}, // two writes of 1 vote miss each other
		{[]int{2, 1, 1}, 2, 3, true},  // total 4: r+w = 5 > 4, 2w = 6 > 4
		{[]int{2, 1, 1}, 1, 3, false}, // the write {0,1} (3 votes) leaves {2}, 1 vote, a read
		{[]int{2, 2}, 2, 3, true},     // any write needs both members
		{[]int{2, 2}, 2, 2, false},    // {0} and {1} are both write quorums
	} {
		if got := WeightedSafe(c.votes, c.r, c.w); got != c.want {
			t.Errorf("WeightedSafe(%v, r=%d, w=%d) = %v, want %v", c.votes, c.r, c.w, got, c.want)
		}
	}
}

// Tests Q-PBS-1, Q-PBS-2.
func TestComparePBS(t *testing.T) {
	rows, err := ComparePBS(100_000, rand.New(rand.NewPCG(2012, 3)))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(PBSConfigs) {
		t.Fatalf("%d rows for %d configurations", len(rows), len(PBSConfigs))
	}
	// Ten trials cannot estimate 2/3 (N=3, R=1, W=1) within half a point: the check must fail.
	if _, err := ComparePBS(10, rand.New(rand.NewPCG(1, 1))); err == nil || !strings.Contains(err.Error(), "differ by more than 0.5 points") {
		t.Fatalf("a 10-trial Monte Carlo passed the comparison: %v", err)
	}
}

// Tests Q-PBS-4.
func TestCheckSloppy(t *testing.T) {
	res, err := CheckSloppy(100_000, rand.New(rand.NewPCG(2012, 3)))
	if err != nil {
		t.Fatal(err)
	}
	if res.SloppyAvailable <= res.StrictAvailable || res.SloppyStale == 0 {
		t.Fatalf("sloppy quorums should trade staleness for availability: %+v", res)
	}
}
