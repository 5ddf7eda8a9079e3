package sim

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/anishathalye/porcupine"
)

// kvInput and kvOutput are the Input and Output of a porcupine operation on the store.
type kvInput struct {
	Kind  OpKind
	Key   string
	Value string
}

type kvOutput struct {
	Value string
}

// KVModel is the sequential specification of the store for porcupine: a register per key that
// get reads, put overwrites and append extends. Histories are partitioned by key, which porcupine
// checks independently (linearizability is compositional).
var KVModel = porcupine.Model{
	Partition: func(history []porcupine.Operation) [][]porcupine.Operation {
		byKey := map[string][]porcupine.Operation{}
		for _, op := range history {
			k := op.Input.(kvInput).Key
			byKey[k] = append(byKey[k], op)
		}
		keys := make([]string, 0, len(byKey))
		for k := range byKey {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([][]porcupine.Operation, 0, len(keys))
		for _, k := range keys {
			out = append(out, byKey[k])
		}
		return out
	},
	Init: func() any { return "" },
	Step: func(state, input, output any) (bool, any) {
		s, in := state.(string), input.(kvInput)
		switch in.Kind {
		case OpGet:
			return output.(kvOutput).Value == s, s
		case OpPut:
			return true, in.Value
		default:
			return true, s + in.Value
		}
	},
	DescribeOperation: func(input, output any) string {
		in := input.(kvInput)
		if in.Kind == OpGet {
			return fmt.Sprintf("get(%s) -> %q", in.Key, output.(kvOutput).Value)
		}
		return fmt.Sprintf("%s(%s, %q)", in.Kind, in.Key, in.Value)
	},
	DescribeOperationMetadata: func(info any) string {
		if id, ok := info.(string); ok {
			return "operation " + id
		}
		return ""
	},
}

// historyOp is one client operation as the simulator saw it.
type historyOp struct {
	client  int
	cmd     Command
	call    time.Duration
	ret     time.Duration
	done    bool   // a response arrived
	output  string // the response, if done
	maybeIn bool   // some node accepted the proposal, so it may take effect even without a response
}

// opID names an operation in the event log and in reports: client and sequence number, "c2.5".
func opID(client int, seq uint64) string {
	return "c" + strconv.Itoa(client) + "." + strconv.FormatUint(seq, 10)
}

// Op is a client operation of a history, as a linearizability report shows it.
type Op struct {
	ID     string // "c2.5": client 2's fifth operation, as the event log names it
	Kind   OpKind
	Key    string
	Value  string // put and append
	Output string // get, if it returned
	Call   time.Duration
	// Return is when the operation returned, if Returned; an operation without a response
	// that may have taken effect may linearize any time after its call.
	Return   time.Duration
	Returned bool
}

func (o Op) String() string {
	var what string
	switch {
	case o.Kind != OpGet:
		what = fmt.Sprintf("%s(%s, %q)", o.Kind, o.Key, o.Value)
	case o.Returned:
		what = fmt.Sprintf("get(%s) -> %q", o.Key, o.Output)
	default:
		what = fmt.Sprintf("get(%s)", o.Key)
	}
	end := "never returned"
	if o.Returned {
		end = "returned at " + o.Return.String()
	}
	return fmt.Sprintf("%-7s %-28s called at %v, %s", o.ID, what, o.Call, end)
}

// LinearizabilityError reports a client history that is not linearizable: the key whose history
// fails, a smallest sub-history of that key's operations that fails on its own, and porcupine's
// longest partial linearization of them. WriteHTML writes porcupine's visualization.
type LinearizabilityError struct {
	Checked int    // operations checked
	Key     string // the first key (in order) whose operations are not linearizable
	KeyOps  int    // operations on Key
	// Minimal is a smallest failing sub-history: its operations are not linearizable, and
	// without any one of them the others are (1-minimal, found by delta debugging).
	Minimal []Op
	// Partial is porcupine's longest partial linearization of Key's operations: an order in
	// which these operations could have happened, which no further operation can extend.
	Partial []Op

	info porcupine.LinearizationInfo
}

func (e *LinearizabilityError) Error() string {
	ids := make([]string, len(e.Minimal))
	for i, o := range e.Minimal {
		ids[i] = o.ID
	}
	return fmt.Sprintf("client history of %d operations is not linearizable: on key %q, %d operations (%s) cannot be ordered",
		e.Checked, e.Key, len(e.Minimal), strings.Join(ids, ", "))
}

// Details describes the failure over several lines, each starting with indent.
func (e *LinearizabilityError) Details(indent string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%ssmallest failing sub-history (%d of the %d operations on key %q, which cannot be ordered; without any one of them they can):\n",
		indent, len(e.Minimal), e.KeyOps, e.Key)
	for _, o := range e.Minimal {
		fmt.Fprintf(&b, "%s  %s\n", indent, o)
	}
	fmt.Fprintf(&b, "%sporcupine's longest partial linearization of key %q (%d of %d operations; no other operation can come next):\n",
		indent, e.Key, len(e.Partial), e.KeyOps)
	const shown = 12
	from := max(0, len(e.Partial)-shown)
	if from > 0 {
		fmt.Fprintf(&b, "%s  ... %d operations before\n", indent, from)
	}
	for _, o := range e.Partial[from:] {
		fmt.Fprintf(&b, "%s  %s\n", indent, o)
	}
	return b.String()
}

// WriteHTML writes porcupine's interactive visualization of the whole history: every key's
// operations, the partial linearizations, and the faults as annotations.
func (e *LinearizabilityError) WriteHTML(w io.Writer) error {
	return porcupine.Visualize(KVModel, e.info, w)
}

// annotate marks the faults of a schedule on the visualization.
func (e *LinearizabilityError) annotate(schedule []FaultStep) {
	var notes []porcupine.Annotation
	for _, s := range schedule {
		if s.Kind.configures() {
			continue
		}
		notes = append(notes, porcupine.Annotation{Tag: "faults", Start: int64(s.At), Description: string(s.Kind), Details: s.String()})
	}
	e.info.AddAnnotations(notes)
}

// porcupineOps turns the history into porcupine operations. Operations that never got a
// response but may have taken effect are kept with an open end (they may linearize at any
// point after their call); a get without a response is dropped, since it cannot affect anyone.
func porcupineOps(history []historyOp) []porcupine.Operation {
	ops := make([]porcupine.Operation, 0, len(history))
	for _, h := range history {
		if !h.done && (!h.maybeIn || h.cmd.Kind == OpGet) {
			continue
		}
		ret := int64(h.ret)
		if !h.done {
			ret = math.MaxInt64
		}
		ops = append(ops, porcupine.Operation{
			ClientId: h.client,
			Input:    kvInput{Kind: h.cmd.Kind, Key: h.cmd.Key, Value: h.cmd.Value},
			Call:     int64(h.call),
			Output:   kvOutput{Value: h.output},
			Return:   ret,
			Metadata: opID(h.client, h.cmd.Seq),
		})
	}
	return ops
}

func toOp(o porcupine.Operation) Op {
	in, out := o.Input.(kvInput), o.Output.(kvOutput)
	op := Op{ID: o.Metadata.(string), Kind: in.Kind, Key: in.Key, Value: in.Value, Call: time.Duration(o.Call)}
	if o.Return != math.MaxInt64 {
		op.Return, op.Returned = time.Duration(o.Return), true
		if in.Kind == OpGet {
			op.Output = out.Value
		}
	}
	return op
}

// checkLinearizable checks a history with porcupine within budget. An Unknown verdict (the
// budget ran out) is reported as a failure; a history that is not linearizable as a
// *LinearizabilityError.
func checkLinearizable(history []historyOp, budget time.Duration) error {
	ops := porcupineOps(history)
	start := time.Now()
	res, info := porcupine.CheckOperationsVerbose(KVModel, ops, budget)
	switch res {
	case porcupine.Ok:
		return nil
	case porcupine.Illegal:
		return explainIllegal(ops, info, budget-time.Since(start))
	default:
		return fmt.Errorf("linearizability check of %d operations gave %s (porcupine ran out of its %v budget); an inconclusive check is a failure", len(ops), res, budget)
	}
}

// explainIllegal finds the first key whose operations are not linearizable, shrinks them to a
// smallest failing sub-history, and keeps porcupine's partial linearizations.
func explainIllegal(ops []porcupine.Operation, info porcupine.LinearizationInfo, budget time.Duration) error {
	e := &LinearizabilityError{Checked: len(ops), info: info}
	deadline := time.Now().Add(max(budget, time.Second))
	partitions := KVModel.Partition(ops)
	partials := info.PartialLinearizationsOperations()
	for p, part := range partitions {
		if porcupine.CheckOperationsTimeout(KVModel, part, time.Until(deadline)) != porcupine.Illegal {
			continue
		}
		e.Key, e.KeyOps = part[0].Input.(kvInput).Key, len(part)
		for _, o := range minimalIllegal(part, deadline) {
			e.Minimal = append(e.Minimal, toOp(o))
		}
		if p < len(partials) {
			var longest []porcupine.Operation
			for _, l := range partials[p] {
				if len(l) > len(longest) {
					longest = l
				}
			}
			for _, o := range longest {
				e.Partial = append(e.Partial, toOp(o))
			}
		}
		return e
	}
	return fmt.Errorf("client history of %d operations is not linearizable (no single key's history failed on its own within the time budget)", len(ops))
}

// minimalIllegal shrinks a history that is not linearizable to a 1-minimal one, by delta
// debugging: it removes halves, then quarters, down to single operations, keeping every removal
// after which the history still fails, until the deadline.
//
// "Fails" must not count a sub-history that fails only because removals left a read of a value
// nobody wrote, or any single read of a nonempty value would be the smallest failing history.
// So a sub-history fails if it is not linearizable from any initial value of the key, while its
// reads are explained from some initial value: each read's value is that value or a put's,
// followed by values of distinct appends of the sub-history (a read that missed a write that
// returned before it fails so, with nothing else). If the whole history does not fail so, a
// sub-history fails if it is not linearizable from the empty value and explained from it.
func minimalIllegal(ops []porcupine.Operation, deadline time.Time) []porcupine.Operation {
	anyState := func(h []porcupine.Operation) bool {
		return time.Now().Before(deadline) && failsFromAnyValue(h, deadline)
	}
	explained := func(h []porcupine.Operation) bool {
		left := time.Until(deadline)
		return left > 0 && readsExplained(h, "") && porcupine.CheckOperationsTimeout(KVModel, h, left) == porcupine.Illegal
	}
	illegal := explained
	if anyState(ops) {
		illegal = anyState
	}
	cur := append([]porcupine.Operation{}, ops...)
	for chunk := (len(cur) + 1) / 2; chunk >= 1 && time.Now().Before(deadline); {
		removed := false
		for start := 0; start < len(cur) && len(cur) > 1; {
			end := min(start+chunk, len(cur))
			candidate := append(append([]porcupine.Operation{}, cur[:start]...), cur[end:]...)
			if illegal(candidate) {
				cur, removed = candidate, true
				continue
			}
			start = end
		}
		if chunk > 1 {
			chunk /= 2
		} else if !removed {
			break // a whole pass of single removals removed nothing: 1-minimal
		}
	}
	sort.SliceStable(cur, func(i, j int) bool { return cur[i].Call < cur[j].Call })
	return cur
}

// failsFromAnyValue reports whether a history of one key's operations is not linearizable
// whatever value the key held before it, while its reads are explained from one such value.
// Only values some read could have started from matter: a read's result less a suffix of
// appended values.
func failsFromAnyValue(h []porcupine.Operation, deadline time.Time) bool {
	var appends []string
	for _, o := range h {
		if in := o.Input.(kvInput); in.Kind == OpAppend {
			appends = append(appends, in.Value)
		}
	}
	starts := map[string]bool{"": true}
	for _, o := range h {
		if in := o.Input.(kvInput); in.Kind == OpGet && o.Return != math.MaxInt64 {
			out := o.Output.(kvOutput).Value
			for i := 0; i <= len(out); i++ {
				if buildable(out[i:], appends, make([]bool, len(appends))) {
					starts[out[:i]] = true
				}
			}
		}
	}
	explained := false
	for s0 := range starts {
		explained = explained || readsExplained(h, s0)
	}
	if !explained {
		return false
	}
	for s0 := range starts {
		m := KVModel
		m.Init = func() any { return s0 }
		left := time.Until(deadline)
		if left <= 0 || porcupine.CheckOperationsTimeout(m, h, left) != porcupine.Illegal {
			return false
		}
	}
	return true
}

// readsExplained reports whether every value the history's reads returned can be built from
// the initial value s0 or a put's value, followed by values of distinct appends.
func readsExplained(h []porcupine.Operation, s0 string) bool {
	var puts, appends []string
	for _, o := range h {
		switch in := o.Input.(kvInput); in.Kind {
		case OpPut:
			puts = append(puts, in.Value)
		case OpAppend:
			appends = append(appends, in.Value)
		}
	}
	for _, o := range h {
		if in := o.Input.(kvInput); in.Kind == OpGet && o.Return != math.MaxInt64 {
			out := o.Output.(kvOutput).Value
			ok := strings.HasPrefix(out, s0) && buildable(out[len(s0):], appends, make([]bool, len(appends)))
			for _, p := range puts {
				if !ok && p != "" && strings.HasPrefix(out, p) {
					ok = buildable(out[len(p):], appends, make([]bool, len(appends)))
				}
			}
			if !ok {
				return false
			}
		}
	}
	return true
}

// buildable reports whether s is a concatenation of distinct unused values.
func buildable(s string, values []string, used []bool) bool {
	if s == "" {
		return true
	}
	for i, v := range values {
		if !used[i] && v != "" && strings.HasPrefix(s, v) {
			used[i] = true
			if buildable(s[len(v):], values, used) {
				return true
			}
			used[i] = false
		}
	}
	return false
}
