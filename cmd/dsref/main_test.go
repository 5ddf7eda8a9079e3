package main

import (
	"errors"
	"flag"
	"fmt"
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
		{[]string{"help", "sim", "check"}, 2, false, `dsref help: sim has no commands; "check" is one word too many`},
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

// allCommands returns every registered command, and the commands of every group, by path.
func allCommands() map[string]*command {
	all := map[string]*command{}
	var walk func(c *command)
	walk = func(c *command) {
		all[c.path()] = c
		for _, sub := range c.commands {
			walk(sub)
		}
	}
	for _, c := range commands {
		walk(c)
	}
	return all
}

// TestEverySubcommandHasHelp asks each registered subcommand (and each command of a group) for
// its usage in every way a user may: -h, -help, --help and `dsref help NAME` all print the same
// text to stdout and exit 0, and the text is real: the usage line, a paragraph of doc and every
// flag (or, for a group, every command).
func TestEverySubcommandHasHelp(t *testing.T) {
	if len(commands) < 4 {
		t.Fatalf("%d subcommands registered", len(commands))
	}
	for path, cmd := range allCommands() {
		words := strings.Fields(path)
		code, want, errOut := runDsref(append([]string{"help"}, words...)...)
		if code != 0 || errOut != "" {
			t.Errorf("dsref help %s: exit %d, stderr %q", path, code, errOut)
		}
		if !strings.HasPrefix(want, "usage: dsref "+path) {
			t.Errorf("dsref help %s does not start with its usage line:\n%s", path, want)
		}
		if len(strings.TrimSpace(cmd.doc)) < 100 || !strings.Contains(want, strings.TrimSpace(cmd.doc)) {
			t.Errorf("dsref help %s: no doc paragraph worth the name:\n%s", path, want)
		}
		cmd.flagSet().VisitAll(func(f *flag.Flag) {
			if !strings.Contains(want, "\n  -"+f.Name+" ") && !strings.Contains(want, "\n  -"+f.Name+"\n") {
				t.Errorf("dsref help %s does not describe -%s", path, f.Name)
			}
			if !strings.Contains(strings.SplitN(want, "\n", 2)[0], "[-"+f.Name) {
				t.Errorf("the usage line of %s lacks -%s", path, f.Name)
			}
		})
		for _, sub := range cmd.commands {
			if !strings.Contains(want, "\n  "+sub.name+" ") {
				t.Errorf("dsref help %s does not list its command %s", path, sub.name)
			}
		}
		for _, h := range []string{"-h", "-help", "--help"} {
			code, out, errOut := runDsref(append(words, h)...)
			if code != 0 || out != want || errOut != "" {
				t.Errorf("dsref %s %s: exit %d, stderr %q, stdout differs from dsref help %s:\n%s", path, h, code, errOut, path, out)
			}
		}
	}
}

// TestUsageErrorsOfEverySubcommand gives each command a flag it does not define and an argument
// it does not take: exit 2, the message once prefixed with the command's name, and the usage
// line, all on stderr.
func TestUsageErrorsOfEverySubcommand(t *testing.T) {
	for path, cmd := range allCommands() {
		words := strings.Fields(path)
		code, out, errOut := runDsref(append(words, "-no-such-flag")...)
		want := "dsref " + path + ": flag provided but not defined: -no-such-flag\n"
		if len(cmd.commands) > 0 {
			want = "dsref " + path + ": flag -no-such-flag given before the command"
		}
		if code != 2 || out != "" || !strings.HasPrefix(errOut, want) || !strings.Contains(errOut, cmd.usageLine()) {
			t.Errorf("dsref %s -no-such-flag: exit %d, stdout %q, stderr %q", path, code, out, errOut)
		}
		if cmd.maxArgs == 0 && len(cmd.commands) == 0 {
			code, _, errOut = runDsref(append(words, "stray")...)
			if code != 2 || !strings.HasPrefix(errOut, "dsref "+path+`: unexpected argument "stray"`) {
				t.Errorf("dsref %s stray: exit %d, stderr %q", path, code, errOut)
			}
		}
	}
}

// TestGroups runs a group of two commands built here (registered groups, such as kv, are
// covered by the tests above): its commands are reached by name, its own usage errors name it,
// and a command's errors name the group and the command.
func TestGroups(t *testing.T) {
	var got []string
	leaf := func(name string) *command {
		return &command{name: name, summary: "a command of the group", args: "X", minArgs: 1, maxArgs: 1,
			setup: func(fs *flag.FlagSet) func(*invocation) int {
				n := fs.Int("n", 1, "how many")
				return func(inv *invocation) int {
					got = append(got, fmt.Sprintf("%s %d %s", inv.cmd.path(), *n, inv.args[0]))
					return inv.failf(1, "%s: failed on purpose", name)
				}
			}}
	}
	g := &command{name: "grp", summary: "a group", commands: []*command{leaf("one"), leaf("two")}}
	g.check()
	run := func(args ...string) (int, string, string) {
		var out, errb strings.Builder
		code := g.invoke(args, &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, _, errOut := run("two", "-n", "3", "x"); code != 1 || errOut != "dsref grp two: failed on purpose\n" {
		t.Errorf("grp two -n 3 x: exit %d, stderr %q", code, errOut)
	}
	if len(got) != 1 || got[0] != "grp two 3 x" {
		t.Errorf("ran %q", got)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "dsref grp: expected a command: one or two\nusage: dsref grp COMMAND"},
		{[]string{"three"}, 2, `dsref grp: unknown command "three" (want one or two)`},
		{[]string{"one"}, 2, "dsref grp one: expected X, got 0 arguments\nusage: dsref grp one [-n N] X\nRun 'dsref help grp one' for details."},
		{[]string{"one", "-n", "x", "y"}, 2, `dsref grp one: invalid value "x" for flag -n`},
	} {
		if code, _, errOut := run(c.args...); code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("grp %q: exit %d, stderr %q; want %d and %q", c.args, code, errOut, c.code, c.want)
		}
	}
	if code, out, _ := run("-h"); code != 0 || !strings.Contains(out, "Commands:\n  one          a command of the group\n  two ") {
		t.Errorf("grp -h: exit %d, stdout %q", code, out)
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
	errb.Reset()
	g := &command{name: "kv", summary: "s", commands: []*command{{name: "get", summary: "s", setup: func(*flag.FlagSet) func(*invocation) int { return nil }}}}
	g.check()
	(&invocation{cmd: g.commands[0], stderr: &errb}).fail(1, errors.New("kv: node unreachable"))
	if got := errb.String(); got != "dsref kv get: node unreachable\n" {
		t.Fatalf("a group's prefix: got %q", got)
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
