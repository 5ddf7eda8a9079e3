package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHelpListsEverySubcommand(t *testing.T) {
	code, out, _ := runDsref("help")
	if code != 0 {
		t.Fatalf("help exited %d", code)
	}
	for _, name := range []string{"check", "conform", "conformance", "sim"} {
		if !strings.Contains(out, "  "+name+" ") {
			t.Errorf("help does not list %q:\n%s", name, out)
		}
	}
}

func TestUnknownSubcommandIsAUsageError(t *testing.T) {
	code, _, errOut := runDsref("frobnicate")
	if code != 2 || !strings.Contains(errOut, `unknown subcommand "frobnicate"`) {
		t.Fatalf("got exit %d, stderr %q", code, errOut)
	}
}

func TestBadFlagsAreUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"conform", "-no-such-flag"},
		{"conform", "extra-argument"},
		{"conformance", "-spec", "raft"}, // -spec goes with -check
		{"conformance", "-check", "-spec", "no-such-protocol"},
		{"conformance", "stray"},
	} {
		code, _, errOut := runDsref(args...)
		if code != 2 || errOut == "" {
			t.Errorf("dsref %s: exit %d, stderr %q; want exit 2 and a message", strings.Join(args, " "), code, errOut)
		}
	}
}

func TestConformOutsideTheRepository(t *testing.T) {
	code, _, errOut := runDsref("conform", "-root", t.TempDir())
	if code != 2 || !strings.Contains(errOut, "no go.mod for module github.com/dsref/dsref") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

// TestConformanceCheckSeesAStaleFile runs the generator against a copy of a tiny repository.
func TestConformanceCheckSeesAStaleFile(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		path := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module github.com/dsref/dsref\n")
	write("spec/toy.md", "- **TOY-1**: Toys work.\n")
	write("toy/toy_test.go", "package toy\n\n// Tests TOY-1.\nfunc TestToy() {}\n")

	if code, _, errOut := runDsref("conformance", "-check", "-root", root); code != 1 || !strings.Contains(errOut, "CONFORMANCE.md is missing") {
		t.Fatalf("check before generating: exit %d, stderr %q", code, errOut)
	}
	if code, out, errOut := runDsref("conformance", "-root", root); code != 0 || !strings.Contains(out, "1 requirements") {
		t.Fatalf("generate: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, _, errOut := runDsref("conformance", "-check", "-root", root); code != 0 {
		t.Fatalf("check after generating: exit %d, stderr %q", code, errOut)
	}
	write("spec/toy.md", "- **TOY-1**: Toys work.\n- **TOY-2**: Nobody tests this.\n")
	code, _, errOut := runDsref("conformance", "-check", "-root", root)
	if code != 1 || !strings.Contains(errOut, "TOY-2 is cited by no test") || !strings.Contains(errOut, "stale") {
		t.Fatalf("check after adding an untested requirement: exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := runDsref("conformance", "-check", "-spec", "toy", "-root", root); code != 1 {
		t.Fatalf("-spec toy must still see the untested TOY-2")
	}
}
