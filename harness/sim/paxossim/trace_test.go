package paxossim

import (
	"bufio"
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/paxos"
)

// messageKeys are the fields of every message a paxos trace shows (appendMessage).
var messageKeys = []string{"ballot", "commit", "entries", "from", "last", "round", "slot", "snapshot", "to", "type"}

// eventKeys are the fields of every core event, besides action, node and t.
var eventKeys = []string{"ballot", "commit", "last", "noop", "peer", "promised", "round", "sent", "slot", "value"}

// TestTracesDescribeEveryStep records a run of each paxos adapter with every fault kind and
// checks what the trace modules read: the header names the module, every line is a core action
// of paxos.TraceActions or a network event, every event has its fields, every message (handled,
// sent, dropped or duplicated) has all of its fields and a message type of the core, a
// SynodLog's events and messages name their slot, and the JSON round-trips the values (no field
// the writer could not encode).
//
// Tests PAXOS-11.
func TestTracesDescribeEveryStep(t *testing.T) {
	actions := map[string]bool{"DropMessage": true, "DuplicateMessage": true}
	for _, a := range paxos.TraceActions() {
		actions[string(a)] = true
	}
	for _, c := range []struct {
		p              sim.Protocol
		module, proto  string
		slotted        bool
		mustSee        []string
		seeds, nodeCnt int
	}{
		{Protocol{}, "TraceMultiPaxos", "paxos", false, []string{"Submit", "BecomeLeader", "Phase2a", "Phase2b", "Learn", "Compact", "DropMessage"}, 3, 3},
		{SynodLog{}, "TracePaxos", "synod", true, []string{"Phase1a", "Phase1b", "Phase2a", "Phase2b", "Learn", "Preempted", "DropMessage"}, 3, 3},
	} {
		t.Run(c.proto, func(t *testing.T) {
			seen := map[string]int{}
			for seed := uint64(1); seed <= uint64(c.seeds); seed++ {
				var buf bytes.Buffer
				res, err := sim.Run(c.p, sim.RunOptions{Options: sim.Options{Nodes: c.nodeCnt, Seed: seed, Trace: &buf}})
				if err != nil {
					t.Fatal(err)
				}
				if res.Failure != nil {
					t.Fatal(res.Report())
				}
				sc := bufio.NewScanner(&buf)
				sc.Buffer(nil, 1<<24)
				for line := 1; sc.Scan(); line++ {
					var ev map[string]any
					if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
						t.Fatalf("seed %d line %d: %v", seed, line, err)
					}
					if bytes.Contains(sc.Bytes(), []byte("unsupported trace value")) {
						t.Fatalf("seed %d line %d: a field the writer cannot encode: %s", seed, line, sc.Bytes())
					}
					action, _ := ev["action"].(string)
					if line == 1 {
						module := ev["spec"] // the key of a module the sweep validates against
						if module == nil {
							module = ev["module"]
						}
						if action != "Header" || module != c.module || ev["protocol"] != c.proto || c.slotted != (ev["instances"] == "slot") {
							t.Fatalf("seed %d header %s, want module %s, protocol %s, instances told apart by slot: %v", seed, sc.Bytes(), c.module, c.proto, c.slotted)
						}
						continue
					}
					if !actions[action] {
						t.Fatalf("seed %d line %d: action %q is neither a core action nor a network event", seed, line, action)
					}
					seen[action]++
					if msg, ok := ev["msg"]; ok {
						checkMessage(t, seed, line, msg, c.slotted)
					}
					if action == "DropMessage" || action == "DuplicateMessage" {
						continue
					}
					if got := slices.Sorted(maps.Keys(ev)); !isSuperset(got, eventKeys) {
						t.Fatalf("seed %d line %d: %s event has fields %v, want at least %v", seed, line, action, got, eventKeys)
					}
					for _, m := range ev["sent"].([]any) {
						checkMessage(t, seed, line, m, c.slotted)
					}
					if c.slotted && ev["slot"].(float64) < 1 {
						t.Fatalf("seed %d line %d: a SynodLog event without its instance's slot: %s", seed, line, sc.Bytes())
					}
				}
				if err := sc.Err(); err != nil {
					t.Fatal(err)
				}
			}
			for _, a := range c.mustSee {
				if seen[a] == 0 {
					t.Errorf("no %s in %d seeds (saw %v)", a, c.seeds, seen)
				}
			}
		})
	}
}

func checkMessage(t *testing.T, seed uint64, line int, v any, slotted bool) {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("seed %d line %d: message %v is not an object", seed, line, v)
	}
	if got := slices.Sorted(maps.Keys(m)); !slices.Equal(got, messageKeys) {
		t.Fatalf("seed %d line %d: message fields %v, want %v", seed, line, got, messageKeys)
	}
	known := false
	for k := paxos.MsgPrepare; k <= paxos.MsgSnapshot; k++ {
		known = known || m["type"] == k.String()
	}
	if !known {
		t.Fatalf("seed %d line %d: message type %v is not one of the core's", seed, line, m["type"])
	}
	if slotted && m["slot"].(float64) < 1 {
		t.Fatalf("seed %d line %d: a SynodLog message without its slot: %v", seed, line, m)
	}
}

func isSuperset(have, want []string) bool {
	for _, k := range want {
		if !slices.Contains(have, k) {
			return false
		}
	}
	return true
}
