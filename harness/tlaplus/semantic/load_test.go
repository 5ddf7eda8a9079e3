package semantic_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/semantic"
	"github.com/dsref/dsref/harness/tlaplus/stdlib"
	"github.com/dsref/dsref/internal/repo"
)

// TestStandardModulesCheck checks every embedded standard module on its
// own: names resolve, arities fit and levels are constant, except in
// RealTime, which declares the variable now (RTnow's real time).
func TestStandardModulesCheck(t *testing.T) {
	for _, name := range stdlib.Names() {
		src, _ := stdlib.Source(name)
		spec, err := semantic.Load(name+".tla", src, semantic.Options{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for sym, s := range spec.Root.Exports {
			if name == "RealTime" {
				want := map[string]semantic.Level{"now": semantic.StateLevel, "RTBound": semantic.TemporalLevel,
					"RTnow": semantic.TemporalLevel}
				if want[sym] != s.Level {
					t.Errorf("RealTime!%s has level %s, want %s", sym, s.Level, want[sym])
				}
				continue
			}
			if s.Level != semantic.ConstantLevel {
				t.Errorf("%s!%s has level %s, want constant", name, sym, s.Level)
			}
		}
	}
}

// TestExtendsStandardModules loads a module that extends every standard
// module at once: their exports must not clash with each other, except that
// Graphs and UndirectedGraphs define the same operators for two kinds of
// graph, as the community modules do, so only Graphs is extended.
func TestExtendsStandardModules(t *testing.T) {
	var names []string
	for _, name := range stdlib.Names() {
		if name != "UndirectedGraphs" {
			names = append(names, name)
		}
	}
	src := "---- MODULE All ----\nEXTENDS " + strings.Join(names, ", ") + "\n" +
		"Check == /\\ Cardinality({1, 2}) = 2\n" +
		"         /\\ Len(Reverse(<<1, 2>>)) = 2\n" +
		"         /\\ -1 \\in Int\n" +
		"         /\\ (1 :> 2) @@ (2 :> 3) = <<2, 3>>\n" +
		"         /\\ SetToBag({1}) (+) EmptyBag = SetToBag({1})\n" +
		"         /\\ FoldSet(LAMBDA a, b : a + b, 0, {1, 2}) = SumSet({1, 2})\n" +
		"====\n"
	spec, err := semantic.Load("All.tla", []byte(src), semantic.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		m, ok := spec.Modules[name]
		if !ok || !m.Standard {
			t.Errorf("module %s not loaded as a standard module", name)
		}
	}
	if got := spec.Root.Scope["Check"].Level; got != semantic.ConstantLevel {
		t.Errorf("Check level = %s", got)
	}
}

// TestRepositorySpecsLoad loads every module in the repository's tla/
// folder, as the model checker will.
func TestRepositorySpecsLoad(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root, err := repo.Root(wd)
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(root, "tla", "*.tla"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no specifications in tla/")
	}
	for _, f := range files {
		spec, err := semantic.LoadFile(f)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if spec.Root.Name != strings.TrimSuffix(filepath.Base(f), ".tla") {
			t.Errorf("%s holds module %s", f, spec.Root.Name)
		}
	}
}

func TestLoadFileErrors(t *testing.T) {
	if _, err := semantic.LoadFile(filepath.Join(t.TempDir(), "Nope.tla")); err == nil {
		t.Error("LoadFile of a missing file succeeded")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "Main.tla")
	if err := os.WriteFile(path, []byte("---- MODULE Main ----\nEXTENDS Other\n====\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Other.tla"), []byte("---- MODULE Different ----\n====\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := semantic.LoadFile(path)
	want := path + ":2:9: file " + filepath.Join(dir, "Other.tla") + " holds module Different, not Other"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}
