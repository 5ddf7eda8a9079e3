package rafttest

import (
	"strings"
	"testing"
)

// Tests RAFT-ROBUST-1.
func TestInteractionRejectsBadCommands(t *testing.T) {
	in := &Interaction{}
	run := func(line string) error {
		cmds, err := Parse("x.txt", line+"\n----\nok\n")
		if err != nil {
			t.Fatal(err)
		}
		_, err = in.Handle(cmds[0])
		return err
	}
	mustFail := func(line, want string) {
		t.Helper()
		if err := run(line); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", line, err, want)
		}
	}
	mustFail("status", "before add-nodes")
	mustFail("add-nodes zero", `"zero" is not a positive count`)
	mustFail("add-nodes 3 prevote=maybe", `prevote="maybe" is not a boolean`)
	mustFail("add-nodes 3 mutation=MutationBogus", "MutationBogus") // unknown, or no planted bugs in this build
	if err := run("add-nodes 3"); err != nil {
		t.Fatal(err)
	}
	mustFail("campaign x", `"x" is not a node ID`)
	mustFail("campaign 9", "no node 9")
	mustFail("tick 1 n=many", `n="many" is not an integer`)
	mustFail("frobnicate 1", `unknown command "frobnicate"`)
	mustFail("set-log 1 terms=1", "set-log needs a crashed node")
	if err := run("crash 1"); err != nil {
		t.Fatal(err)
	}
	mustFail("crash 1", "node 1 is crashed")
	mustFail("set-log 1 terms=(1,x)", `term "x" is not a number`)
	if err := run("set-log 1 term=1 terms=(1,2)"); err != nil {
		t.Fatal(err)
	}
	mustFail("restart 1", "stored entry 2 has term 2 above the stored term 1")
}
