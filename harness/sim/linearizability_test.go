package sim

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"
)

// plantedStaleRead is a linearizable history of 40 operations on three keys into which one
// stale read is planted: client 4 reads key a's old value after client 1's put of "x" returned.
func plantedStaleRead() []historyOp {
	ms := time.Millisecond
	var h []historyOp
	seq := map[int]uint64{}
	add := func(client int, kind OpKind, key, value, output string, call, ret time.Duration) {
		seq[client]++
		h = append(h, historyOp{client: client, cmd: Command{Client: client, Seq: seq[client], Kind: kind, Key: key, Value: value},
			call: call, ret: ret, done: true, output: output, maybeIn: true})
	}
	state := map[string]string{}
	at := time.Duration(0)
	for i := 0; i < 12; i++ { // sequential, so linearizable
		for _, key := range []string{"a", "b", "c"} {
			client := 1 + (i+len(key))%3
			if i%3 == 2 {
				add(client, OpGet, key, "", state[key], at, at+5*ms)
			} else {
				v := key + string(rune('0'+i%10)) + ";"
				state[key] += v
				add(client, OpAppend, key, v, "", at, at+5*ms)
			}
			at += 10 * ms
		}
	}
	old := state["a"]
	add(1, OpPut, "a", "x", "", at, at+5*ms)
	add(2, OpGet, "b", "", state["b"], at+2*ms, at+20*ms)
	add(4, OpGet, "a", "", old, at+10*ms, at+15*ms) // the planted stale read
	add(3, OpGet, "a", "", "x", at+30*ms, at+40*ms)
	return h
}

// TestLinearizabilityReportNamesTheSmallestFailingSubHistory plants a stale read in a long
// history: the report names key a and exactly the two operations that cannot be ordered (the
// put and the read that missed it), each of which is needed, keeps porcupine's partial
// linearization, and writes porcupine's visualization.
func TestLinearizabilityReportNamesTheSmallestFailingSubHistory(t *testing.T) {
	h := plantedStaleRead()
	err := checkLinearizable(h, 10*time.Second)
	var lerr *LinearizabilityError
	if !errors.As(err, &lerr) {
		t.Fatalf("checkLinearizable = %v, want a *LinearizabilityError", err)
	}
	if lerr.Key != "a" || lerr.Checked != len(h) || lerr.KeyOps != 15 {
		t.Fatalf("key %q, %d checked, %d on the key: %v", lerr.Key, lerr.Checked, lerr.KeyOps, lerr)
	}
	var ids []string
	for _, o := range lerr.Minimal {
		ids = append(ids, o.ID)
	}
	if strings.Join(ids, " ") != "c1.13 c4.1" {
		t.Fatalf("smallest failing sub-history %v, want the put c1.13 and the stale read c4.1", ids)
	}
	// Check minimality independently: the pair fails whatever key a held before (the empty
	// value, the value read, the value written), and each alone is linearizable from some value.
	ops := porcupineOps(h)
	var pair []porcupine.Operation
	for _, o := range ops {
		if o.Metadata == "c1.13" || o.Metadata == "c4.1" {
			pair = append(pair, o)
		}
	}
	from := func(s0 string) porcupine.Model {
		m := KVModel
		m.Init = func() any { return s0 }
		return m
	}
	stale := pair[1].Output.(kvOutput).Value
	for _, s0 := range []string{"", stale, "x"} {
		if porcupine.CheckOperations(from(s0), pair) {
			t.Fatalf("the reported pair is linearizable from %q", s0)
		}
	}
	if !porcupine.CheckOperations(from(""), pair[:1]) || !porcupine.CheckOperations(from(stale), pair[1:]) {
		t.Fatal("the reported sub-history is not a smallest failing one")
	}
	if len(lerr.Partial) == 0 || len(lerr.Partial) >= lerr.KeyOps {
		t.Fatalf("partial linearization of %d operations", len(lerr.Partial))
	}
	details := lerr.Details("")
	for _, want := range []string{`smallest failing sub-history (2 of the 15 operations on key "a"`, `c4.1    get(a) -> "a0;a1;a3;`, "longest partial linearization"} {
		if !strings.Contains(details, want) {
			t.Errorf("details lack %q:\n%s", want, details)
		}
	}
	lerr.annotate([]FaultStep{{At: 5 * time.Millisecond, Kind: FaultCrash, Node: 2}})
	var html bytes.Buffer
	if err := lerr.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<html", "operation c4.1", "crash n2"} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("the visualization lacks %q", want)
		}
	}
	// Without the planted read the history is linearizable.
	if err := checkLinearizable(append(h[:len(h)-2:len(h)-2], h[len(h)-1]), 10*time.Second); err != nil {
		t.Fatalf("the history without its stale read: %v", err)
	}
}
