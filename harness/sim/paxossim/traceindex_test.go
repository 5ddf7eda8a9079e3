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
// its indexes of the specification's messages to be what they stand for (IndexesAreMsgs), its
// indexes of the decided logs to be MultiPaxos.tla's AppliedPrefix and AppliedSomewhere (written
// out again here: in this module AppliedSomewhere is TraceAppliedSomewhere), and its Set to have
// the value of MultiPaxos.tla's (compared on the state's functions after every step).
const indexCheck = `---- MODULE TraceMultiPaxosIndexed ----
EXTENDS TraceMultiPaxos
AppliedAsDefined(r) == {decided[r][i] : i \in 1..AppliedPrefix(r)} \ {Noop}
SetAsDefined(f, x, y) == [z \in DOMAIN f \cup {x} |-> IF z = x THEN y ELSE f[z]]
Faithful == /\ IndexesAreMsgs
            /\ appliedSome = UNION {AppliedAsDefined(r) : r \in Replica}
            /\ \A r \in Replica : upTo[r] = AppliedPrefix(r)
            /\ \A v \in {0, 1} : TraceSet(completedBefore, v, {v}) = SetAsDefined(completedBefore, v, {v})
            /\ \A r \in Replica, s \in {1, 2} : TraceSet(decided[r], s, Noop) = SetAsDefined(decided[r], s, Noop)
TraceStep(e) == TraceAction(e) /\ TraceObserved(e) /\ Faithful'
====
`

// TestTraceIndexesAreWhatTheyIndex: the indexes tla/TraceMultiPaxos.tla keeps of the
// specification's messages, so that an event's messages are looked up instead of searched for
// (voted, votesIn: the 2b votes; proposals: the 2a proposals), equal their definitions from
// msgs, its indexes of the decided logs (upTo: each replica's decided prefix; appliedSome: the
// commands some replica applied, which it substitutes for MultiPaxos.tla's AppliedSomewhere)
// equal their definitions, and its TraceSet has the value of MultiPaxos.tla's Set, after every
// event of a seed's traces on 3 and 5 nodes; and the check fails for an index kept wrong (a vote
// added at a ballot the Phase2b event did not vote in; a vote filed under the next slot; a
// decided prefix one slot short) and for a substitute that differs (a Set that keeps the old
// value).
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
		for seed := uint64(1); seed <= 1; seed++ {
			var events []*value.Record
			opts := sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: seed}}
			opts.TraceEvents = func(r *value.Record) { events = append(events, r) }
			if _, err := sim.Run(Protocol{}, opts); err != nil {
				t.Fatal(err)
			}
			traces = append(traces, events)
		}
	}
	// validate says whether the trace is a behavior of the module, and if not, why.
	validate := func(modules fs.FS, events []*value.Record) (bool, string) {
		res, err := trace.ValidateEvents(context.Background(), "run.ndjson", events,
			trace.Options{Spec: "TraceMultiPaxosIndexed.tla", Modules: modules, Reuse: true})
		if err != nil {
			return false, err.Error()
		}
		var b strings.Builder
		if !res.OK() {
			trace.WriteReport(&b, res)
		}
		return res.OK(), b.String()
	}
	for i, events := range traces {
		if ok, why := validate(overlay(dir), events); !ok {
			t.Fatalf("trace %d: an index is not what it indexes:\n%s", i, why)
		}
	}

	// A wrong index: each Phase2b also "votes" one ballot higher.
	broken := t.TempDir()
	src, err := fs.ReadFile(tla.FS, "TraceMultiPaxos.tla")
	if err != nil {
		t.Fatal(err)
	}
	right := `voted \cup {<<n, b, s>> : s \in e.slot..e.last}`
	if !strings.Contains(string(src), right) {
		t.Fatalf("TraceMultiPaxos.tla no longer adds %s to voted", right)
	}
	wrong := strings.Replace(string(src), right, `voted \cup {<<n, b, s>> : s \in e.slot..e.last} \cup {<<n, b + 1, e.slot>>}`, 1)
	write(broken, map[string]string{"TraceMultiPaxos.tla": wrong})
	if ok, _ := validate(overlay(broken), traces[0]); ok {
		t.Fatal("a voted index with a vote no 2b message carries passed the check")
	}

	// A wrong index: each Phase2b's votes filed under the next slot as well.
	misfiled := t.TempDir()
	right = `[s \in e.slot..e.last |->`
	if !strings.Contains(string(src), right) {
		t.Fatalf("TraceMultiPaxos.tla no longer has %s", right)
	}
	write(misfiled, map[string]string{"TraceMultiPaxos.tla": strings.Replace(string(src), right, `[s \in e.slot..(e.last + 1) |->`, 1)})
	if ok, _ := validate(overlay(misfiled), traces[0]); ok {
		t.Fatal("a votesIn index with a vote filed under a slot it was not cast in passed the check")
	}

	// A wrong index: a decided prefix extended one slot short.
	short := t.TempDir()
	right = `IF k + 1 \in D THEN PrefixFrom(D, k + 1) ELSE k`
	if !strings.Contains(string(src), right) {
		t.Fatalf("TraceMultiPaxos.tla no longer has %s", right)
	}
	wrong = strings.Replace(string(src), right, `IF k + 2 \in D THEN PrefixFrom(D, k + 1) ELSE k`, 1)
	write(short, map[string]string{"TraceMultiPaxos.tla": wrong})
	if ok, _ := validate(overlay(short), traces[0]); ok {
		t.Fatal("an upTo index other than MultiPaxos.tla's AppliedPrefix passed the check")
	}

	// A wrong substitute: Set keeping f's value where f has x already.
	kept := t.TempDir()
	right = `TraceSet(f, x, y) == (x :> y) @@ f`
	if !strings.Contains(string(src), right) {
		t.Fatalf("TraceMultiPaxos.tla no longer has %s", right)
	}
	write(kept, map[string]string{"TraceMultiPaxos.tla": strings.Replace(string(src), right, `TraceSet(f, x, y) == f @@ (x :> y)`, 1)})
	if ok, _ := validate(overlay(kept), traces[0]); ok {
		t.Fatal("a TraceSet other than MultiPaxos.tla's Set passed the check")
	}
}
