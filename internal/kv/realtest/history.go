package realtest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"github.com/anishathalye/porcupine"

	"github.com/dsref/dsref/internal/kv"
)

// Input is one client operation on the store.
type Input struct {
	Op        string // "get", "put", "delete", "cas"
	Key       string
	Value     string // put and cas: the new value
	Old       string // cas
	OldAbsent bool   // cas
	// FromLeader makes a get ask the node to answer only as the leader, never forwarding
	// the read (kv.Client.GetFromLeader).
	FromLeader bool
}

// Output is what the client saw. Known is false when the outcome is unknown (a timeout or a
// lost connection): the operation may or may not have taken effect.
type Output struct {
	Known   bool
	Found   bool   // get: the key had a value; writes: it had one before (Result.Found)
	Value   string // get: the value; writes: the previous value (Result.Prev)
	Swapped bool
}

// register is the state of one key.
type register struct {
	present bool
	value   string
}

// Model is the sequential specification of the store, per key, for porcupine. Writes report
// the previous value, which the model checks too. An operation whose outcome is unknown may
// have taken effect or not, so the model is nondeterministic.
var Model = porcupine.NondeterministicModel{
	Partition: func(history []porcupine.Operation) [][]porcupine.Operation {
		byKey := map[string][]porcupine.Operation{}
		for _, op := range history {
			k := op.Input.(Input).Key
			byKey[k] = append(byKey[k], op)
		}
		keys := make([]string, 0, len(byKey))
		for k := range byKey {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([][]porcupine.Operation, len(keys))
		for i, k := range keys {
			out[i] = byKey[k]
		}
		return out
	},
	Init: func() []any { return []any{register{}} },
	Step: func(state, input, output any) []any {
		s, in, out := state.(register), input.(Input), output.(Output)
		prevMatches := !out.Known || (out.Found == s.present && (!s.present || out.Value == s.value))
		switch in.Op {
		case "get":
			if prevMatches {
				return []any{s}
			}
		case "put":
			next := register{true, in.Value}
			if !out.Known {
				return []any{next, s}
			}
			if prevMatches {
				return []any{next}
			}
		case "delete":
			if !out.Known {
				return []any{register{}, s}
			}
			if prevMatches {
				return []any{register{}}
			}
		case "cas":
			match := (in.OldAbsent && !s.present) || (!in.OldAbsent && s.present && s.value == in.Old)
			switch {
			case !out.Known && match:
				return []any{register{true, in.Value}, s}
			case !out.Known:
				return []any{s}
			case prevMatches && out.Swapped == match && match:
				return []any{register{true, in.Value}}
			case prevMatches && out.Swapped == match:
				return []any{s}
			}
		}
		return nil
	},
	Equal: func(a, b any) bool { return a.(register) == b.(register) },
	DescribeOperation: func(input, output any) string {
		in, out := input.(Input), output.(Output)
		res := "?"
		if out.Known {
			res = fmt.Sprintf("found=%v %q", out.Found, out.Value)
			if in.Op == "cas" {
				res += fmt.Sprintf(" swapped=%v", out.Swapped)
			}
		}
		switch in.Op {
		case "get":
			return fmt.Sprintf("get(%s) -> %s", in.Key, res)
		case "cas":
			old := fmt.Sprintf("%q", in.Old)
			if in.OldAbsent {
				old = "absent"
			}
			return fmt.Sprintf("cas(%s, %s -> %q) -> %s", in.Key, old, in.Value, res)
		}
		return fmt.Sprintf("%s(%s, %q) -> %s", in.Op, in.Key, in.Value, res)
	},
	DescribeState: func(state any) string {
		s := state.(register)
		if !s.present {
			return "absent"
		}
		return fmt.Sprintf("%q", s.value)
	},
}

// History records client operations with monotonic times.
type History struct {
	mu                  sync.Mutex
	start               time.Time
	ops                 []porcupine.Operation
	open                []int // indexes of operations whose outcome is unknown: they return at the end
	Ok, Failed, Unknown int
}

// NewHistory starts a history now.
func NewHistory() *History { return &History{start: time.Now()} }

func (h *History) now() int64 { return int64(time.Since(h.start)) }

// Record runs one operation against c and records it: a definite answer with its call and
// return times; an unknown outcome of a write with an open end (it may take effect any time
// after its call); nothing for a read without an answer or for a request refused before it
// could take effect. It reports whether the operation was answered.
func (h *History) Record(client int, c *kv.Client, in Input, timeout time.Duration, serializable bool) bool {
	call := h.now()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var (
		out Output
		err error
	)
	switch in.Op {
	case "get":
		var r kv.ReadResult
		switch {
		case serializable:
			r, err = c.GetSerializable(ctx, in.Key)
		case in.FromLeader:
			r, err = c.GetFromLeader(ctx, in.Key)
		default:
			r, err = c.Get(ctx, in.Key)
		}
		out = Output{Known: true, Found: r.Found, Value: r.Value}
	default:
		var r kv.Result
		switch in.Op {
		case "put":
			r, err = c.Put(ctx, in.Key, in.Value)
		case "delete":
			r, err = c.Delete(ctx, in.Key)
		case "cas":
			r, err = c.CAS(ctx, in.Key, in.Old, in.OldAbsent, in.Value)
		}
		out = Output{Known: true, Found: r.Found, Value: r.Prev, Swapped: r.Swapped}
	}
	ret := h.now()
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case err == nil:
		h.Ok++
		h.ops = append(h.ops, porcupine.Operation{ClientId: client, Input: in, Call: call, Output: out, Return: ret})
		return true
	case errors.Is(err, kv.ErrNoLeader) || (errors.Is(err, kv.ErrUnreachable) && isRefused(err)):
		h.Failed++ // refused before it could take effect
	case in.Op == "get":
		h.Failed++
	default:
		h.Unknown++
		h.open = append(h.open, len(h.ops))
		h.ops = append(h.ops, porcupine.Operation{ClientId: client, Input: in, Call: call, Output: Output{}})
	}
	return false
}

// Succeeded returns how many operations were answered so far.
func (h *History) Succeeded() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.Ok
}

// Operations returns the history, with open operations returning after everything else.
func (h *History) Operations() []porcupine.Operation {
	h.mu.Lock()
	defer h.mu.Unlock()
	end := h.now() + 1
	out := append([]porcupine.Operation(nil), h.ops...)
	for _, i := range h.open {
		out[i].Return = end
	}
	return out
}

// Check checks the history for linearizability within budget; an Unknown verdict (the budget
// ran out) is a failure. On failure it writes porcupine's visualization to vizPath.
func (h *History) Check(budget time.Duration, vizPath string) error {
	ops := h.Operations()
	res, info := porcupine.CheckOperationsVerbose(Model.ToModel(), ops, budget)
	switch res {
	case porcupine.Ok:
		return nil
	case porcupine.Unknown:
		return fmt.Errorf("porcupine could not decide within %v on %d operations (Unknown counts as a failure)", budget, len(ops))
	}
	msg := fmt.Sprintf("history of %d operations is not linearizable", len(ops))
	if vizPath != "" {
		if err := porcupine.VisualizePath(Model.ToModel(), info, vizPath); err == nil {
			msg += "; visualization: " + vizPath
		}
	}
	return errors.New(msg)
}

// Workload runs clients until stop closes: each picks a node, an operation and a key at
// random (gets, puts, deletes and compare-and-swaps on a few keys, with unique values). Every
// other client runs its writes in a client session (thesis 6.3): it retries a write that timed
// out, through another node if need be, and the session makes the retries take effect once.
func Workload(h *History, c *Cluster, clients int, seed uint64, stop <-chan struct{}, wg *sync.WaitGroup) {
	workload(h, c, clients, seed, stop, wg, nil, 0)
}

// WorkloadPaced is Workload with each client waiting pause between operations: the log, and
// the trace validator's work (which grows faster than the log), stay bounded however fast the
// machine runs.
func WorkloadPaced(h *History, c *Cluster, clients int, seed uint64, stop <-chan struct{}, wg *sync.WaitGroup, pause time.Duration) {
	workload(h, c, clients, seed, stop, wg, nil, pause)
}

// WorkloadReadingAt is WorkloadPaced with every read sent to the node readNode returns (0: a
// node at random) and never forwarded (a node that is not the leader refuses it).
func WorkloadReadingAt(h *History, c *Cluster, clients int, seed uint64, stop <-chan struct{}, wg *sync.WaitGroup, readNode func() uint64, pause time.Duration) {
	workload(h, c, clients, seed, stop, wg, readNode, pause)
}

func workload(h *History, c *Cluster, clients int, seed uint64, stop <-chan struct{}, wg *sync.WaitGroup, readNode func() uint64, pause time.Duration) {
	keys := []string{"x", "y", "z"}
	for cl := 0; cl < clients; cl++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(cl)))
			var sc *kv.Client // this client's own, with a session
			if cl%2 == 1 {
				first := c.Clients[uint64(rng.IntN(c.N)+1)]
				sc = &kv.Client{Base: first.Base, HTTP: first.HTTP}
			}
			seq := 0
			for {
				select {
				case <-stop:
					return
				case <-time.After(pause):
				}
				node := uint64(rng.IntN(c.N) + 1)
				if sc != nil {
					if sc.Session() == 0 && !openSession(sc, time.Second) {
						sc.SetBase(c.Clients[node].Base)
						continue
					}
				}
				key := keys[rng.IntN(len(keys))]
				seq++
				val := fmt.Sprintf("c%d-%d", cl, seq)
				var in Input
				switch r := rng.IntN(10); {
				case r < 4:
					in = Input{Op: "get", Key: key}
				case r < 7:
					in = Input{Op: "put", Key: key, Value: val}
				case r < 8:
					in = Input{Op: "delete", Key: key}
				default:
					// Compare against a value this client may have written, or absence.
					if rng.IntN(3) == 0 {
						in = Input{Op: "cas", Key: key, OldAbsent: true, Value: val}
					} else {
						in = Input{Op: "cas", Key: key, Old: fmt.Sprintf("c%d-%d", cl, max(1, seq-1-rng.IntN(3))), Value: val}
					}
				}
				if sc != nil && in.Op != "get" {
					if !h.Record(cl, sc, in, time.Second, false) {
						sc.SetBase(c.Clients[node].Base) // try another node next time
					}
					continue
				}
				if in.Op == "get" && readNode != nil {
					in.FromLeader = true
					if id := readNode(); id != 0 {
						node = id
					}
				}
				h.Record(cl, c.Clients[node], in, time.Second, false)
			}
		}()
	}
}

// openSession opens a client session within timeout.
func openSession(c *kv.Client, timeout time.Duration) bool {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return c.OpenSession(ctx) == nil
}
