package semantic_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dsref/dsref/harness/tlaplus/ast"

	"github.com/dsref/dsref/harness/tlaplus/semantic"
)

// TestDuplicateFromAnotherModuleWarns checks SANY's rule for a name defined again with the same
// kind and arity where another module's definition is already in scope: a warning naming both
// places, the first definition kept, the second marked Ignored. Within one module, or with a
// different arity, the same redefinition stays an error.
func TestDuplicateFromAnotherModuleWarns(t *testing.T) {
	fsys := fstest.MapFS{"Lib.tla": {Data: []byte("---- MODULE Lib ----\nMax(S) == 1\n====\n")}}
	src := "---- MODULE Dup ----\nEXTENDS Lib\nMax(S) == 2\nUse == Max({})\n====\n"
	spec, err := semantic.Load("Dup.tla", []byte(src), semantic.Options{FS: fsys})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if len(spec.Warnings) != 1 || !strings.Contains(spec.Warnings[0].Error(), "Dup.tla:3:1: multiple declarations or definitions of Max") ||
		!strings.Contains(spec.Warnings[0].Error(), "Lib.tla:2:1") {
		t.Fatalf("warnings %v, want one naming Dup.tla:3:1 and Lib.tla:2:1", spec.Warnings)
	}
	if got := spec.Root.Scope["Max"].Module; got != "Lib" {
		t.Errorf("Max in scope comes from %s, want Lib (the first definition)", got)
	}
	for _, u := range spec.Root.AST.Units {
		if d, ok := u.(*ast.OpDef); ok && d.Name == "Max" && !spec.Ignored(d.Pos) {
			t.Errorf("the root's own Max at %s is not marked Ignored", d.Pos)
		}
	}

	for _, bad := range []struct{ src, want string }{
		{"---- MODULE Dup ----\nEXTENDS Lib\nMax(S, T) == 2\n====\n", "Dup.tla:3:1: Max is already defined at Lib.tla:2:1"},
		{"---- MODULE Dup ----\nF == 1\nF == 2\n====\n", "Dup.tla:3:1: F is already defined at Dup.tla:2:1"},
	} {
		if _, err := semantic.Load("Dup.tla", []byte(bad.src), semantic.Options{FS: fsys}); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%q: error %v, want %q", bad.src, err, bad.want)
		}
	}
}

// TestDuplicateStepNameWarns checks SANY's rule for two steps of one kind with one name in
// scope (its symbol table's: same kind and arity, different nodes): a warning naming both
// steps; the module loads. Steps of different kinds sharing a name are an error
// (testdata/proofs.txt StepNameKinds).
func TestDuplicateStepNameWarns(t *testing.T) {
	src := "---- MODULE Steps ----\nTHEOREM T == TRUE\n<1>1. TRUE\n  OBVIOUS\n<1>1. TRUE\n  BY <1>1\n" +
		"<1>2. USE TRUE\n<1>2. USE <1>1\n<1> QED\n  OBVIOUS\n====\n"
	spec, err := semantic.Load("Steps.tla", []byte(src), semantic.Options{})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	want := []string{
		"Steps.tla:5:1: multiple steps named <1>1: this one duplicates the one at Steps.tla:3:1, which is the one used",
		"Steps.tla:8:1: multiple steps named <1>2: this one duplicates the one at Steps.tla:7:1, which is the one used",
	}
	var got []string
	for _, w := range spec.Warnings {
		got = append(got, w.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
