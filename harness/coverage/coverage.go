// Package coverage measures which actions of the TLA+ specifications validated traces exercise.
//
// tla/traces.json (internal/conformance.TraceRecord) records, for each trace module
// (tla/TraceRaft.tla, ...), the specification it validates against and the actions of that
// specification the validated traces of its witnesses exercised: the runs listed in Witnesses
// (simulator seeds, scripted scenarios, clock histories). The conformance report
// (CONFORMANCE.md) marks a requirement *trace-validated* when a TLA+ definition that checks it
// is one of these actions; TestRecordedCoverageIsTrue re-runs every witness, validates its traces
// and requires the record to be exactly what they exercised, so the file cannot claim more (or
// less) than the traces show. `dsref conform` validates many more runs and prints, per
// specification, the actions no validated trace exercised.
package coverage

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dsref/dsref/clocks/clockstest"
	"github.com/dsref/dsref/harness/capture"
	"github.com/dsref/dsref/harness/clocktrace"
	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/paxossim"
	"github.com/dsref/dsref/harness/sim/raftsim"
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/internal/conformance"
	"github.com/dsref/dsref/internal/repo"
	"github.com/dsref/dsref/tla"
)

// Witnesses are, per trace module, the runs whose traces are validated to establish the
// coverage tla/traces.json records (see Run for their forms).
var Witnesses = map[string][]string{
	"TraceRaft.tla":         {"sim raft 3 1", "sim raft 3 2", "sim raft 3 3", "sim raft 3 22", "sim raft 3 33", "sim raft 3 45", "scenario raft-transfer"},
	"TraceLamportClock.tla": {"clocks lamport 1 10"},
	"TraceVectorClock.tla":  {"clocks vector 1 10"},
	"TraceHLC.tla":          {"clocks hlc 1 10"},
	"TraceDVV.tla":          {"clocks dvv 1 10"},
	"TracePaxos.tla":        {"sim synod 3 3"},
	"TraceRaftWire.tla":     {"pcap cmd/dsref/testdata/cluster3.pcap", "pcap harness/capture/testdata/replay/cluster3.pcap"},
	"TraceMultiPaxos.tla":   {"sim paxos 3 18"},
	"TraceSession.tla":      {"sessions raft 3 7"},
}

// byStep lists the trace modules whose events do not name the specification's actions (a
// wire trace has one event per batch of frames): their coverage is the actions the explaining
// behaviors took steps of (trace.Options.Steps), not the events' "action" fields.
var byStep = map[string]bool{"TraceRaftWire.tla": true}

// NotYetExercised lists, per specification module, the actions no witness can exercise yet and
// why. TestRecordedCoverageIsTrue requires the actions no validated trace exercises to be exactly
// these: an entry is removed as soon as a witness covers it (the goal is none).
var NotYetExercised = map[string]map[string]string{
	"Session": {
		"RegisterClient": sessionClients, "Issue": sessionClients, "Retry": sessionClients,
	},
}

// sessionClients is why Session.tla's client actions are not exercised: the session trace logs
// the replicas' tables, not the clients; the entries they apply are appended by its silent
// Commit step, whatever client sent them.
const sessionClients = "the session trace logs the replicas' tables, not the clients (their entries are appended by TraceSession.tla's silent Commit step)"

// simProtocols are the simulator's adapters witnesses name.
var simProtocols = map[string]sim.Protocol{"raft": raftsim.Protocol{}, "paxos": paxossim.Protocol{}, "synod": paxossim.SynodLog{}}

// Source is the record's description of a trace module's witnesses.
func Source(module string) string {
	return "validated traces of: " + strings.Join(Witnesses[module], "; ") + " (harness/coverage.Witnesses)"
}

// Read reads tla/traces.json from the tla folder fsys (tla.FS, or os.DirFS of the folder).
func Read(fsys fs.FS) (*conformance.TraceRecord, error) {
	data, err := fs.ReadFile(fsys, "traces.json")
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var rec conformance.TraceRecord
	if err := dec.Decode(&rec); err != nil {
		return nil, fmt.Errorf("traces.json: %w", err)
	}
	return &rec, nil
}

// Run produces the trace of one witness:
//
//	sim PROTOCOL NODES SEED     a seed of the simulator (raft; paxos: paxossim.Protocol; synod:
//	                            paxossim.SynodLog)
//	sessions PROTOCOL NODES SEED  the session trace (sim.Options.SessionTrace) of such a seed
//	scenario raft-transfer      leadership transfers on a reliable network (transferScenario)
//	clocks CLOCK SEED N         N random histories (clockstest) drawn from SEED, replayed on one
//	                            clock: lamport, vector, hlc or dvv; their traces, concatenated
//	                            trace by trace, are validated one by one (see Traces)
//	pcap FILE                   the wire trace (capture.BuildWireTrace) of a capture of dsref kv
//	                            nodes (PreVote and CheckQuorum on), FILE relative to the module's
//	                            root
func Run(witness string) ([][]byte, error) {
	f := strings.Fields(witness)
	bad := fmt.Errorf("witness %q: want \"sim|sessions raft|paxos|synod NODES SEED\", \"scenario raft-transfer\", \"clocks CLOCK SEED N\" or \"pcap FILE\"", witness)
	switch {
	case len(f) == 2 && f[0] == "pcap":
		return wireTrace(f[1])
	case len(f) == 4 && (f[0] == "sim" || f[0] == "sessions") && simProtocols[f[1]] != nil:
		nodes, err1 := strconv.Atoi(f[2])
		seed, err2 := strconv.ParseUint(f[3], 10, 64)
		if err1 != nil || err2 != nil {
			return nil, bad
		}
		var buf bytes.Buffer
		opts := sim.Options{Nodes: nodes, Seed: seed, Trace: &buf}
		if f[0] == "sessions" {
			opts.Trace, opts.SessionTrace = nil, &buf
		}
		if _, err := sim.Run(simProtocols[f[1]], sim.RunOptions{Options: opts}); err != nil {
			return nil, err
		}
		return [][]byte{buf.Bytes()}, nil
	case len(f) == 2 && f[0] == "scenario" && f[1] == "raft-transfer":
		t, err := TransferScenario()
		return [][]byte{t}, err
	case len(f) == 4 && f[0] == "clocks":
		seed, err1 := strconv.ParseUint(f[2], 10, 64)
		n, err2 := strconv.Atoi(f[3])
		if err1 != nil || err2 != nil || n < 1 {
			return nil, bad
		}
		return ClockTraces(f[1], seed, n)
	}
	return nil, bad
}

// wireTrace is the wire trace of the capture file path (relative to the module's root).
func wireTrace(path string) ([][]byte, error) {
	root, err := repo.Root(".")
	if err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(path)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c, err := capture.Decode(bufio.NewReader(f), path, nil)
	if err != nil {
		return nil, err
	}
	w, err := capture.BuildWireTrace(c, capture.WireOptions{PreVote: true, CheckQuorum: true})
	if err != nil {
		return nil, err
	}
	return [][]byte{w.NDJSON}, nil
}

// ClockTraces replays n random histories drawn from seed on one clock (lamport, vector, hlc,
// dvv) and returns their traces.
func ClockTraces(clock string, seed uint64, n int) ([][]byte, error) {
	rng := rand.New(rand.NewPCG(seed, 0))
	var out [][]byte
	for range n {
		h := clockstest.RandomHistory(rng, 2+rng.IntN(4), 10+rng.IntN(31))
		var data []byte
		var err error
		switch clock {
		case "lamport":
			data, err = clocktrace.Lamport(h)
		case "vector":
			data, err = clocktrace.Vector(h)
		case "hlc":
			eps := 1 + rng.Uint64N(10)
			data, err = clocktrace.HLC(h, clockstest.PhysicalTimes(rng, h, eps, 5), eps)
		case "dvv":
			data, err = clocktrace.DVV(rng, 2+rng.IntN(3), len(h.Events))
		default:
			return nil, fmt.Errorf("unknown clock %q (want lamport, vector, hlc or dvv)", clock)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, data)
	}
	return out, nil
}

// TransferScenario runs a three-node raft cluster on a reliable network with clients writing,
// and hands leadership over twice (to a follower that is up to date, and, under load, to one
// that may lag), then returns the trace.
func TransferScenario() ([]byte, error) {
	var buf bytes.Buffer
	faults := sim.Faults{Delay: sim.DelayUniform, BaseDelay: time.Millisecond, Jitter: 5 * time.Millisecond}
	c, err := sim.NewCluster(raftsim.Protocol{}, sim.Options{Nodes: 3, Seed: 1, Faults: &faults, Trace: &buf})
	if err != nil {
		return nil, err
	}
	c.StartClients()
	leader := func() int {
		for id := 1; id <= c.N(); id++ {
			if n := c.Node(id); n != nil && n.Status().Leader {
				return id
			}
		}
		return 0
	}
	c.RunUntil(3 * time.Second)
	for round := 0; round < 2; round++ {
		from := leader()
		if from == 0 {
			return nil, fmt.Errorf("no leader at %v", c.Now())
		}
		to := from%c.N() + 1
		err := c.Act(from, func(n sim.Node) error { return n.(*raftsim.Node).RawNode().TransferLeader(uint64(to)) })
		if err != nil {
			return nil, err
		}
		c.RunUntil(c.Now() + 2*time.Second)
		if leader() != to {
			return nil, fmt.Errorf("transfer %d from node %d to %d: node %d leads at %v", round+1, from, to, leader(), c.Now())
		}
	}
	if f := c.Failure(); f != nil {
		return nil, fmt.Errorf("the transfer scenario failed: %v", f)
	}
	if err := c.FlushTrace(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Measure runs every witness of the trace module (Witnesses), validates each trace against it
// and returns the actions of spec (the module it extends) the traces exercised, sorted, or the
// first trace that is not a behavior, reported.
func Measure(ctx context.Context, module, spec string) ([]string, error) {
	specActions, err := SpecActions(spec)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, w := range Witnesses[module] {
		traces, err := Run(w)
		if err != nil {
			return nil, err
		}
		for i, data := range traces {
			name := fmt.Sprintf("%s (trace %d)", w, i+1)
			res, err := trace.ValidateBytes(ctx, name, data, trace.Options{Spec: module, Modules: tla.FS, Reuse: true, Steps: byStep[module]})
			if err != nil {
				return nil, err
			}
			if !res.OK() {
				var b strings.Builder
				trace.WriteReport(&b, res)
				return nil, fmt.Errorf("%s is not a behavior of %s:\n%s", name, spec, b.String())
			}
			for a := range res.Actions {
				if specActions[a] {
					seen[a] = true
				}
			}
			for _, a := range res.Steps {
				if specActions[a] {
					seen[a] = true
				}
			}
			if res.Silent > 0 && res.SilentAction != "" && specActions[res.SilentAction] {
				seen[res.SilentAction] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for a := range seen {
		out = append(out, a)
	}
	sort.Strings(out)
	return out, nil
}

// SpecActions returns the actions of the specification module spec (tla/<spec>.tla): the
// definitions its Next applies, and those applied by a definition among them whose body is a
// disjunction of definitions (a dispatcher such as Raft's Receive); helpers applied inside an
// action's conjunctions are not actions.
func SpecActions(spec string) (map[string]bool, error) {
	src, err := fs.ReadFile(tla.FS, spec+".tla")
	if err != nil {
		return nil, err
	}
	mod, err := syntax.ParseModule(spec+".tla", src)
	if err != nil {
		return nil, err
	}
	bodies := map[string]ast.Expr{}
	for _, u := range mod.Units {
		if d, ok := u.(*ast.OpDef); ok {
			bodies[d.Name] = d.Body
		}
	}
	applied := func(x ast.Expr) []string {
		var names []string
		ast.Inspect(x, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.OpApp:
				if _, ok := bodies[n.Name]; ok && len(n.Prefix) == 0 {
					names = append(names, n.Name)
				}
			case *ast.Ident:
				if _, ok := bodies[n.Name]; ok {
					names = append(names, n.Name)
				}
			}
			return true
		})
		return names
	}
	next, ok := bodies["Next"]
	if !ok {
		return nil, fmt.Errorf("%s.tla defines no Next", spec)
	}
	// An action's own body assigns or keeps variables: it mentions x' or UNCHANGED.
	steps := func(x ast.Expr) bool {
		found := false
		ast.Inspect(x, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.PostfixExpr:
				found = found || n.Op == "'"
			case *ast.PrefixExpr:
				found = found || n.Op == "UNCHANGED"
			}
			return !found
		})
		return found
	}
	actions := map[string]bool{}
	for _, name := range applied(next) {
		body := bodies[name]
		for {
			let, ok := body.(*ast.Let)
			if !ok {
				break
			}
			body = let.Body
		}
		if j, ok := body.(*ast.Junction); ok && j.Kind == ast.Or && !steps(j) {
			for _, sub := range applied(j) {
				if steps(bodies[sub]) {
					actions[sub] = true
				}
			}
			continue // a dispatcher, not an action of its own
		}
		if steps(bodies[name]) {
			actions[name] = true
		}
	}
	return actions, nil
}

// WriteFile writes rec as tla/traces.json's text to path.
func WriteFile(path string, rec *conformance.TraceRecord) error {
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
