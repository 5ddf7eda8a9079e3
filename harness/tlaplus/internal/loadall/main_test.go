package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunReportsEachModule loads a folder holding a module with a proof that loads, one whose
// proof cites an unknown step and one extending a module that is not there.
func TestRunReportsEachModule(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Good.tla", "---- MODULE Good ----\nEXTENDS Naturals, TLAPS\nTHEOREM T == 1 + 1 = 2\n<1>1. 2 = 2\n  OBVIOUS\n<1> QED\n  BY <1>1, SMT\n====\n")
	write("BadStep.tla", "---- MODULE BadStep ----\nTHEOREM T == TRUE\n<1> QED\n  BY <1>7\n====\n")
	write("Missing.tla", "---- MODULE Missing ----\nEXTENDS NoSuchModule\n====\n")
	var out strings.Builder
	failed, err := run(&out, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.ReplaceAll(out.String(), dir+string(filepath.Separator), "")
	want := "FAIL BadStep.tla: " + filepath.Join(dir, "BadStep.tla") + ":4:6: unknown identifier <1>7\n" +
		"ok   Good.tla\n" +
		"FAIL Missing.tla: " + filepath.Join(dir, "Missing.tla") + ":2:9: cannot find module NoSuchModule (searched " + dir + ", the standard modules)\n" +
		"3 modules, 1 loaded, 2 failed\n"
	want = strings.ReplaceAll(want, dir+string(filepath.Separator), "")
	if failed != 2 || got != want {
		t.Errorf("failed = %d, output:\n%s\nwant 2 and:\n%s", failed, got, want)
	}
}
