package main

import (
	"errors"
	"flag"
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
	if code != 2 || !strings.Contains(errOut, `unknown subcommand "frobnicate"`) || !strings.Contains(errOut, "usage: dsref SUBCOMMAND") {
		t.Fatalf("got exit %d, stderr %q", code, errOut)
	}
}

func TestTopLevelUsage(t *testing.T) {
	for _, c := range []struct {
		args       []string
		code       int
		wantStdout bool
		want       string
	}{
		{nil, 2, false, "dsref: no subcommand"},
		{[]string{"-x"}, 2, false, "dsref: flag -x given before any subcommand"},
		{[]string{"-h"}, 0, true, "usage: dsref SUBCOMMAND"},
		{[]string{"--help"}, 0, true, "usage: dsref SUBCOMMAND"},
		{[]string{"help"}, 0, true, "Run 'dsref help SUBCOMMAND'"},
		{[]string{"help", "nosuch"}, 2, false, `dsref help: unknown subcommand "nosuch"`},
		{[]string{"help", "sim", "check"}, 2, false, "dsref help: expected one subcommand"},
	} {
		code, out, errOut := runDsref(c.args...)
		got, other := errOut, out
		if c.wantStdout {
			got, other = out, errOut
		}
		if code != c.code || !strings.Contains(got, c.want) || other != "" {
			t.Errorf("dsref %s: exit %d, stdout %q, stderr %q; want exit %d and %q on std%s only",
				strings.Join(c.args, " "), code, out, errOut, c.code, c.want, map[bool]string{true: "out", false: "err"}[c.wantStdout])
		}
	}
}

// TestEverySubcommandHasHelp asks each registered subcommand for its usage in every way a user
// may: -h, -help, --help and `dsref help NAME` all print the same text to stdout and exit 0,
// and the text is real: the usage line, a paragraph of doc and every flag.
func TestEverySubcommandHasHelp(t *testing.T) {
	if len(commands) < 4 {
		t.Fatalf("%d subcommands registered", len(commands))
	}
	for name, cmd := range commands {
		code, want, errOut := runDsref("help", name)
		if code != 0 || errOut != "" {
			t.Errorf("dsref help %s: exit %d, stderr %q", name, code, errOut)
		}
		if !strings.HasPrefix(want, "usage: dsref "+name) {
			t.Errorf("dsref help %s does not start with its usage line:\n%s", name, want)
		}
		if len(strings.TrimSpace(cmd.doc)) < 100 || !strings.Contains(want, strings.TrimSpace(cmd.doc)) {
			t.Errorf("dsref help %s: no doc paragraph worth the name:\n%s", name, want)
		}
		fs := cmd.newFlagSet()
		cmd.setup(fs)
		fs.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(want, "\n  -"+f.Name+" ") && !strings.Contains(want, "\n  -"+f.Name+"\n") {
				t.Errorf("dsref help %s does not describe -%s", name, f.Name)
			}
			if !strings.Contains(strings.SplitN(want, "\n", 2)[0], "[-"+f.Name) {
				t.Errorf("the usage line of %s lacks -%s", name, f.Name)
			}
		})
		for _, h := range []string{"-h", "-help", "--help"} {
			code, out, errOut := runDsref(name, h)
			if code != 0 || out != want || errOut != "" {
				t.Errorf("dsref %s %s: exit %d, stderr %q, stdout differs from dsref help %s:\n%s", name, h, code, errOut, name, out)
			}
		}
	}
}

// TestUsageErrorsOfEverySubcommand gives each subcommand a flag it does not define and an
// argument it does not take: exit 2, the message once prefixed with the command's name, and the
// usage line, all on stderr.
func TestUsageErrorsOfEverySubcommand(t *testing.T) {
	for name, cmd := range commands {
		code, out, errOut := runDsref(name, "-no-such-flag")
		if code != 2 || out != "" || !strings.HasPrefix(errOut, "dsref "+name+": flag provided but not defined: -no-such-flag\n") ||
			!strings.Contains(errOut, cmd.usageLine()) {
			t.Errorf("dsref %s -no-such-flag: exit %d, stdout %q, stderr %q", name, code, out, errOut)
		}
		if cmd.maxArgs == 0 {
			code, _, errOut = runDsref(name, "stray")
			if code != 2 || !strings.HasPrefix(errOut, "dsref "+name+`: unexpected argument "stray"`) {
				t.Errorf("dsref %s stray: exit %d, stderr %q", name, code, errOut)
			}
		}
	}
}

// TestErrorsAreNotPrefixedTwice plants a package error prefixed with the command's own name, as
// sim's are: the command prints the prefix once.
func TestErrorsAreNotPrefixedTwice(t *testing.T) {
	var errb strings.Builder
	inv := &invocation{cmd: commands["sim"], stderr: &errb}
	if code := inv.fail(2, errors.New("sim: starting node 1: raftsim: unknown mutation")); code != 2 {
		t.Fatalf("fail returned %d", code)
	}
	if got := errb.String(); got != "dsref sim: starting node 1: raftsim: unknown mutation\n" {
		t.Fatalf("got %q", got)
	}
	code, _, errOut := runDsref("sim", "-mutation", "NoSuchBug")
	if code != 2 || strings.Contains(errOut, "sim: sim:") || !strings.HasPrefix(errOut, "dsref sim: ") {
		t.Fatalf("dsref sim -mutation NoSuchBug: exit %d, stderr %q", code, errOut)
	}
}

func TestBadFlagsAreUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"conform", "-progress", "-1s"},
		{"conformance", "-spec", "raft"}, // -spec goes with -check
		{"conformance", "-check", "-spec", "no-such-protocol"},
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
