package rafttest

import (
	"strings"
	"testing"
)

// Tests RAFT-ROBUST-1.
func TestParseScriptErrorsNameTheLine(t *testing.T) {
	cases := []struct{ text, want string }{
		{"----\nok\n", "s.txt:1: separator without a command"},
		{"# c\nstatus\nok\n", `s.txt:2: command "status" must be followed by a line "----"`},
		{"status\n----\n\n", `s.txt:1: command "status" has no expected output`},
		{"status", `s.txt:1: command "status" must be followed`},
	}
	for _, c := range cases {
		_, err := ParseScript("s.txt", c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseScript(%q) = %v, want %q", c.text, err, c.want)
		}
	}
	cmds, err := ParseScript("s.txt", "# Tests X-1.\nadd-nodes 3 prevote=false\n----\nok\n\ntick 1 n=4\n----\nline one\nline two\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(cmds) != 2 || cmds[0].Name != "add-nodes" || cmds[0].Args[0] != "3" || cmds[0].Flags["prevote"] != "false" ||
		cmds[1].Pos != "s.txt:6" || cmds[1].Expected != "line one\nline two" {
		t.Fatalf("parsed %+v", cmds)
	}
}

// Tests RAFT-ROBUST-1.
func TestInteractionRejectsBadCommands(t *testing.T) {
	in := &Interaction{}
	run := func(line string) error {
		cmds, err := ParseScript("x.txt", line+"\n----\nok\n")
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
	mustFail("add-nodes 3 prevote=maybe", `flag prevote="maybe" is not a boolean`)
	mustFail("add-nodes 3 mutation=MutationBogus", `unknown mutation "MutationBogus"`)
	if err := run("add-nodes 3"); err != nil {
		t.Fatal(err)
	}
	mustFail("campaign x", `"x" is not a node ID`)
	mustFail("campaign 9", "no node 9")
	mustFail("tick 1 n=many", `flag n="many" is not an integer`)
	mustFail("frobnicate 1", `unknown command "frobnicate"`)
	mustFail("set-log 1 terms=1", "set-log needs a crashed node")
	if err := run("crash 1"); err != nil {
		t.Fatal(err)
	}
	mustFail("crash 1", "node 1 is crashed")
	mustFail("set-log 1 terms=1,x", `term "x" is not a number`)
	if err := run("set-log 1 term=1 terms=2,1"); err != nil {
		t.Fatal(err)
	}
	mustFail("restart 1", "stored entry 1 has term 2 above the stored term 1")
}
