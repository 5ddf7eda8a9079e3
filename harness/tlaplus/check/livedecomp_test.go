package check

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestFailingIsFindBad: deciding the branches together by decomposition (failing) gives every
// branch of every solution the verdict of its own search (findBad) on the whole live corpus
// (tableaux, weak and strong fairness, ENABLED, symmetry) and the Ring spec, on the complete
// graph and on the partial graphs of checks during the search; a difference is an error of the
// check (Options.liveCrossCheck).
func TestFailingIsFindBad(t *testing.T) {
	type run struct {
		name string
		do   func(opts Options) Result
	}
	var runs []run
	for _, c := range liveCorpus {
		runs = append(runs, run{c.config, func(opts Options) Result { return runLive(t, c, opts) }})
	}
	runs = append(runs, run{"LiveSymmetricSym.cfg", func(opts Options) Result {
		return runLive(t, corpusCase{config: "LiveSymmetricSym.cfg", spec: "LiveSymmetric.tla"}, opts)
	}})
	for _, spec := range []string{"Fair", "Unfair"} {
		runs = append(runs, run{"Ring " + spec, func(opts Options) Result { return checkRingOpts(t, 5, spec, opts) }})
	}
	for _, r := range runs {
		for _, every := range []time.Duration{-1, time.Nanosecond} {
			res := r.do(Options{LiveCheckEvery: every, liveCrossCheck: true})
			require.NotNil(t, res.Temporal, r.name)
		}
	}
}

// TestFailingRandomGraphs: on random graphs and branches (random state and step values, <>[]A,
// []<>S and []<>A conditions that are atoms, negations and disjunctions of them, some states
// unreachable, with and without stuttering steps, with and without a tableau), failing, hasBad
// (gathering the conditions of components' steps or reading them again) and findBad agree on
// every branch.
func TestFailingRandomGraphs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ns, na := 3, 3
		sAtoms := make([]*liveAtom, ns)
		aAtoms := make([]*liveAtom, na)
		for i := range sAtoms {
			sAtoms[i] = &liveAtom{index: i}
		}
		for i := range aAtoms {
			aAtoms[i] = &liveAtom{index: i}
		}
		cond := func(label string, action bool) *liveExpr {
			atom := func(l string) *liveExpr {
				if action && rapid.Bool().Draw(t, l+"isAction") {
					return liveActionAtom(aAtoms[rapid.IntRange(0, na-1).Draw(t, l+"a")])
				}
				return liveStateAtom(sAtoms[rapid.IntRange(0, ns-1).Draw(t, l+"s")])
			}
			switch rapid.IntRange(0, 2).Draw(t, label) {
			case 0:
				return atom(label + "0")
			case 1:
				return liveNeg(atom(label + "0"))
			}
			return liveJunction(lnDisj, atom(label+"0"), liveNeg(atom(label+"1")))
		}
		sol := &liveSolution{}
		if rapid.Bool().Draw(t, "tableau") {
			// A temporal formula of state predicates, as the tf of a branch.
			s := func(l string) *liveExpr {
				x := liveStateAtom(sAtoms[rapid.IntRange(0, ns-1).Draw(t, l)])
				if rapid.Bool().Draw(t, l+"neg") {
					x = liveNeg(x)
				}
				return x
			}
			var tf *liveExpr
			switch rapid.IntRange(0, 3).Draw(t, "tf") {
			case 0:
				tf = liveEven(liveJunction(lnConj, s("p"), liveAll(s("q"))))
			case 1:
				tf = liveAll(s("p"))
			case 2:
				tf = liveEven(s("p"))
			default:
				tf = liveJunction(lnConj, s("p"), liveEven(liveAll(s("q"))))
			}
			tf = tf.makeBinary()
			sol.tab = newTableau(tf)
			sol.promises = tf.promises(nil)
		}
		for i := range rapid.IntRange(1, 4).Draw(t, "states") {
			sol.checkState = append(sol.checkState, cond(fmt.Sprint("S", i), false))
		}
		for i := range rapid.IntRange(1, 5).Draw(t, "actions") {
			sol.checkAction = append(sol.checkAction, cond(fmt.Sprint("A", i), true))
		}
		idx := func(label string, n int) []int {
			return rapid.SliceOfNDistinct(rapid.IntRange(0, n-1), 0, n, rapid.ID).Draw(t, label)
		}
		for i := range rapid.IntRange(1, 12).Draw(t, "branches") {
			p := livePEM{ea: idx(fmt.Sprint("ea", i), len(sol.checkAction)), aeState: idx(fmt.Sprint("aes", i), len(sol.checkState)),
				aeAction: idx(fmt.Sprint("aea", i), len(sol.checkAction))}
			p.setMasks(len(sol.checkState), len(sol.checkAction))
			sol.pems = append(sol.pems, p)
		}
		g := &liveGraph{plan: &livePlan{solutions: []*liveSolution{sol}}, ws: 1, wa: 1, stride: 2, store: newLiveStore(Options{LiveMemory: -1})}
		defer g.close()
		n := rapid.IntRange(1, 25).Draw(t, "nodes")
		stutter := rapid.Bool().Draw(t, "stutter")
		g.nodes = make([]liveNode, n)
		for v := range n {
			rec := []uint64{rapid.Uint64Range(0, 1<<ns-1).Draw(t, "sbits")}
			targets := rapid.SliceOfN(rapid.IntRange(0, n-1), 0, 4).Draw(t, "targets")
			if stutter {
				targets = append(targets, v)
			}
			for _, w := range targets {
				rec = append(rec, uint64(w), rapid.Uint64Range(0, 1<<na-1).Draw(t, "abits"))
			}
			c, words, err := g.store.chunk(len(rec))
			require.NoError(t, err)
			copy(words, rec)
			g.nodes[v] = liveNode{chunk: c, n: uint32(len(targets))}
		}
		g.done = int32(n)
		g.numberSteps()
		// hasBad decides components from the conditions it gathers, or past gatherLimit by
		// reading their steps again.
		if rapid.Bool().Draw(t, "reread") {
			saved := gatherLimit
			gatherLimit = 0
			defer func() { gatherLimit = saved }()
		}
		inits := rapid.SliceOfNDistinct(rapid.Int32Range(0, int32(n-1)), 1, 3, rapid.ID).Draw(t, "inits")
		pg, err := newProductGraph(g, sol, inits, 1)
		require.NoError(t, err)
		defer pg.release()
		require.NoError(t, pg.crossCheck(sol))
	})
}

// TestLiveJobs: the liveness phase's jobs cover every branch of every solution once, in the
// plan's order (a single worker's order, which picks the counterexample); the branches of a
// solution that share no work (LiveSymmetricPlain: two branches, each with its own <>[]A
// condition) are one job each, so that workers take them one at a time as TLC's LiveWorkers do,
// while branches that share work (LiveStrongStrong: SF's two branches) are decided together,
// in about as many runs as workers.
func TestLiveJobs(t *testing.T) {
	for _, c := range append(liveCorpus, corpusCase{config: "LiveStrongStrong.cfg", spec: "LiveStrong.tla"}) {
		plan := loadLiveModel(t, c.config, c.spec).live
		for _, workers := range []int{1, 2, 3, 8} {
			var got []liveJob
			for _, j := range plan.jobs(workers) {
				require.NotEmpty(t, j.pems, c.config)
				for _, p := range j.pems {
					got = append(got, liveJob{sol: j.sol, pem: p})
				}
			}
			var want []liveJob
			for s, sol := range plan.solutions {
				for p := range sol.pems {
					want = append(want, liveJob{sol: s, pem: p})
				}
			}
			require.Equal(t, want, got, "%s, %d workers", c.config, workers)
		}
	}
	runs := func(config, spec string, workers int) [][]int {
		var out [][]int
		for _, j := range loadLiveModel(t, config, spec).live.jobs(workers) {
			out = append(out, j.pems)
		}
		return out
	}
	require.Equal(t, [][]int{{0}, {1}}, runs("LiveSymmetricPlain.cfg", "LiveSymmetric.tla", 1))
	require.Equal(t, [][]int{{0}, {1}}, runs("LiveSymmetricPlain.cfg", "LiveSymmetric.tla", 2))
	require.Equal(t, [][]int{{0, 1}}, runs("LiveStrongStrong.cfg", "LiveStrong.tla", 1))
	require.Equal(t, [][]int{{0}, {1}}, runs("LiveStrongStrong.cfg", "LiveStrong.tla", 2))
}
