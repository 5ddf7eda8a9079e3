package tlaactions

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOf checks the reader on a module written for it: actions of Next, the handlers a
// dispatcher among them chooses between, and not the sets Next quantifies over, the helpers
// the actions use, or definitions Next does not reach.
func TestOf(t *testing.T) {
	src := `---- MODULE M ----
EXTENDS Naturals
VARIABLE x
Values == 0..3
Helper(v) == v + 1
Inc(v) == x' = Helper(v)
Reset == x' = 0
HandleA == x' = 1
HandleB == x' = 2
Receive == \/ HandleA
           \/ HandleB
Unused == x' = 3
Next == \/ \E v \in Values : Inc(v)
        \/ Reset
        \/ Receive
====
`
	path := filepath.Join(t.TempDir(), "M.tla")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	defs, actions, err := Of(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range []string{"Inc", "Reset", "Receive", "HandleA", "HandleB", "Values", "Helper", "Unused"} {
		if actions[a] {
			got = append(got, a)
		}
	}
	if strings.Join(got, " ") != "Inc Reset Receive HandleA HandleB" {
		t.Errorf("actions %v, want Inc Reset Receive HandleA HandleB", got)
	}
	if !defs["Unused"] || !defs["Helper"] {
		t.Errorf("definitions %v lack Unused or Helper", defs)
	}
	if err := os.WriteFile(path, []byte("---- MODULE M ----\nVARIABLE x\nInit == x = 0\n====\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Of(path); err == nil || !strings.Contains(err.Error(), "defines no Next") {
		t.Errorf("module without Next: err = %v", err)
	}
}
