package paxossim

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/dsref/dsref/tla"
)

// overlay is the folder's modules over the repository's (tla.FS): a module set the validator
// can tell apart from tla.FS and reuse (a comparable value).
type overlay string

func (o overlay) Open(name string) (fs.File, error) {
	f, err := os.DirFS(string(o)).Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return tla.FS.Open(name)
	}
	return f, err
}

// indexCheck is a trace module stepping events as TraceMultiPaxos.tla does and then requiring
// its indexes of the specification's messages to be what they stand for (VotedIsIndex), and
// the definitions its configuration substitutes to have the values of MultiPaxos.tla's (its
// Applied, written out again here: in this module Applied is TraceApplied).
const indexCheck = `---- MODULE TraceMultiPaxosIndexed ----
EXTENDS TraceMultiPaxos
AppliedAsDefined(r) == {decided[r][i] : i \in 1..AppliedPrefix(r)} \ {Noop}
Faithful == /\ VotedIsIndex
            /\ \A r \in Replica : TraceApplied(r) = AppliedAsDefined(r)
            /\ \A r \in Replica : TraceAppliedPrefix(r) = AppliedPrefix(r)
TraceStep(e) == TraceAction(e) /\ TraceObserved(e) /\ Faithful'
====
`

// TestTraceIndexesAreWhatTheyIndex: the indexes tla/TraceMultiPaxos.tla keeps of the
// specification's messages, so that an event's messages are looked up instead of searched for
// (voted: the 2b votes), equal their definitions from msgs, and the definitions it substitutes
// for MultiPaxos.tla's (TraceApplied) have their values, after every event of the traces of
// seeds on 3 and 5 nodes; and the check fails for an index kept wrong (a vote added at a
// ballot the Phase2b event did not vote in) and for a substitute that differs (an applied
// prefix one slot short).
func TestTraceIndexesAreWhatTheyIndex(t *testing.T) {
	dir := t.TempDir()
	cfg, err := fs.ReadFile(tla.FS, "TraceMultiPaxos.cfg")
	if err != nil {
		t.Fatal(err)
	}
	write := func(dir string, files map[string]string) {
		t.Helper()
		files["TraceMultiPaxosIndexed.tla"], files["TraceMultiPaxosIndexed.cfg"] = indexCheck, string(cfg)
		for name, text := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	write(dir, map[string]string{})
	var traces [][]*value.Record
	for _, nodes := range []int{3, 5} {
		for seed := uint64(1); seed <= 4; seed++ {
			var events []*value.Record
			opts := sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: seed}}
			opts.TraceEvents = func(r *value.Record) { events = append(events, r) }
			if _, err := sim.Run(Protocol{}, opts); err != nil {
				t.Fatal(err)
			}
			traces = append(traces, events)
		}
	}
	validate := func(modules fs.FS, events []*value.Record) *trace.Result {
		t.Helper()
		res, err := trace.ValidateEvents(context.Background(), "run.ndjson", events,
			trace.Options{Spec: "TraceMultiPaxosIndexed.tla", Modules: modules, Reuse: true})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	for i, events := range traces {
		if res := validate(overlay(dir), events); !res.OK() {
			var b strings.Builder
			trace.WriteReport(&b, res)
			t.Fatalf("trace %d: an index is not what it indexes:\n%s", i, b.String())
		}
	}

	// A wrong index: each Phase2b also "votes" one ballot higher.
	broken := t.TempDir()
	src, err := fs.ReadFile(tla.FS, "TraceMultiPaxos.tla")
	if err != nil {
		t.Fatal(err)
	}
	right := `{<<n, e.ballot, s>> : s \in e.slot..e.last}`
	if !strings.Contains(string(src), right) {
		t.Fatalf("TraceMultiPaxos.tla no longer adds %s to voted", right)
	}
	wrong := strings.Replace(string(src), right, `{<<n, e.ballot, s>> : s \in e.slot..e.last} \cup {<<n, e.ballot + 1, e.slot>>}`, 1)
	write(broken, map[string]string{"TraceMultiPaxos.tla": wrong})
	if res := validate(overlay(broken), traces[0]); res.OK() {
		t.Fatal("a voted index with a vote no 2b message carries passed the check")
	}

	// A wrong substitute: the applied prefix of a gap-free log one slot short.
	short := t.TempDir()
	right = `IF D = 1..Cardinality(D) THEN Cardinality(D)`
	if !strings.Contains(string(src), right) {
		t.Fatalf("TraceMultiPaxos.tla no longer has %s", right)
	}
	wrong = strings.Replace(string(src), right, `IF D = 1..Cardinality(D) /\ D # {} THEN Cardinality(D) - 1`, 1)
	write(short, map[string]string{"TraceMultiPaxos.tla": wrong})
	if res := validate(overlay(short), traces[0]); res.OK() {
		t.Fatal("a TraceApplied other than MultiPaxos.tla's Applied passed the check")
	}
}
