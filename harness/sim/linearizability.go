package sim

import (
	"fmt"
	"math"
	"sort"
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

// checkLinearizable checks a history with porcupine within budget. Operations that never got a
// response but may have taken effect are kept with an open end (they may linearize at any point
// after their call); a get without a response is dropped, since it cannot affect anyone. An
// Unknown verdict (the budget ran out) is reported as a failure.
func checkLinearizable(history []historyOp, budget time.Duration) error {
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
		})
	}
	switch res := porcupine.CheckOperationsTimeout(KVModel, ops, budget); res {
	case porcupine.Ok:
		return nil
	case porcupine.Illegal:
		return fmt.Errorf("client history of %d operations is not linearizable", len(ops))
	default:
		return fmt.Errorf("linearizability check of %d operations gave %s (porcupine ran out of its %v budget); an inconclusive check is a failure", len(ops), res, budget)
	}
}
