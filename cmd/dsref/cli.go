package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
)

// A command is one dsref subcommand, or one command of a group such as `dsref kv serve`. Each
// lives in its own file and registers itself from an init function with register; dispatch then
// gives every command the same behaviour, so a new one writes none of it:
//
//   - `dsref NAME -h` (or -help, --help) and `dsref help NAME` print the usage to stdout and
//     exit 0: "usage: dsref NAME [flags] ARGS", the doc text, and every flag with its default;
//   - an undefined flag, a bad flag value or a wrong number of arguments prints
//     "dsref NAME: what was wrong", the usage line and where to read more to stderr, and exits 2;
//   - otherwise the exit code is what run returns.
//
// A group (a command with commands) has no flags of its own: `dsref kv serve -id 1` runs kv's
// command serve, and `dsref help kv serve` explains it.
type command struct {
	name    string
	summary string // one line for `dsref help`: lower case, no final period
	// args names the positional arguments for the usage line ("Spec.tla"); with minArgs and
	// maxArgs (-1: no limit) it bounds how many there may be. The zero value takes none.
	args             string
	minArgs, maxArgs int
	// doc says what the command does, what it prints and its exit codes, in paragraphs; -h
	// prints it between the usage line and the flags.
	doc string
	// setup declares the command's flags on fs and returns the function that runs it once
	// they are parsed. help calls setup too, to list the flags without running anything.
	setup func(fs *flag.FlagSet) func(inv *invocation) int
	// rewriteArgs, if set, rewrites the arguments before they are parsed (check joins TLC's
	// two-word `-dump dot FILE` into one flag value).
	rewriteArgs func(args []string) []string
	// commands, for a group, are its commands; a group has no setup.
	commands []*command

	parent *command // the group, for a command of one; set by register
}

var commands = map[string]*command{}

// register adds a subcommand (and the commands of a group); it is called from init functions.
func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("dsref: subcommand registered twice: " + c.name)
	}
	c.check()
	commands[c.name] = c
}

// check panics on a command that cannot work, and links a group's commands to it.
func (c *command) check() {
	switch {
	case c.summary == "":
		panic("dsref: subcommand " + c.path() + " needs a summary")
	case (c.setup == nil) == (len(c.commands) == 0):
		panic("dsref: subcommand " + c.path() + " needs either a setup or commands")
	}
	seen := map[string]bool{}
	for _, sub := range c.commands {
		if seen[sub.name] {
			panic("dsref: " + c.path() + " has two commands " + sub.name)
		}
		seen[sub.name] = true
		sub.parent = c
		sub.check()
	}
}

// path is the command's name as typed after "dsref": "check", "kv serve".
func (c *command) path() string {
	if c.parent == nil {
		return c.name
	}
	return c.parent.path() + " " + c.name
}

// find returns the group's command called name, or nil.
func (c *command) find(name string) *command {
	for _, sub := range c.commands {
		if sub.name == name {
			return sub
		}
	}
	return nil
}

// An invocation is one run of a command: its parsed flags, positional arguments and outputs.
type invocation struct {
	cmd    *command
	flags  *flag.FlagSet
	args   []string // the positional arguments left after the flags
	stdout io.Writer
	stderr io.Writer
	stop   func() // releases the interrupt handler, if context installed one
}

// usageError reports bad usage, "dsref NAME: message", with the usage line, and returns 2.
func (inv *invocation) usageError(format string, a ...any) int {
	fmt.Fprintf(inv.stderr, "dsref %s: %s\n", inv.cmd.path(), fmt.Sprintf(format, a...))
	inv.cmd.printShortUsage(inv.stderr)
	return exitUsage
}

// fail prints err as "dsref NAME: err" to stderr and returns code. A leading "WORD: " in the
// error where WORD is a word of the command's path (a package prefixing its errors with its
// own name, as sim and kv do) is not repeated.
func (inv *invocation) fail(code int, err error) int {
	msg := err.Error()
	for trimmed := true; trimmed; {
		trimmed = false
		for _, word := range strings.Fields(inv.cmd.path()) {
			if rest, ok := strings.CutPrefix(msg, word+": "); ok {
				msg, trimmed = rest, true
			}
		}
	}
	fmt.Fprintf(inv.stderr, "dsref %s: %s\n", inv.cmd.path(), msg)
	return code
}

// failf is fail with a formatted message.
func (inv *invocation) failf(code int, format string, a ...any) int {
	return inv.fail(code, fmt.Errorf(format, a...))
}

// isSet reports whether the flag was given on the command line (even at its default value).
func (inv *invocation) isSet(name string) bool {
	set := false
	inv.flags.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// context returns a context cancelled by an interrupt (Ctrl-C), for commands that can stop
// early and report what they reached; dispatch releases the handler when run returns.
func (inv *invocation) context() context.Context {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	prev := inv.stop
	inv.stop = func() {
		stop()
		if prev != nil {
			prev()
		}
	}
	return ctx
}

const (
	exitUsage = 2 // bad usage, as the flag package and the go command use
)

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help"
}

// dispatch runs the subcommand args[0] and returns the process exit code.
func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "dsref: no subcommand")
		printUsage(stderr)
		return exitUsage
	}
	switch name := args[0]; {
	case isHelp(name):
		printUsage(stdout)
		return 0
	case name == "help":
		return help(args[1:], stdout, stderr)
	case strings.HasPrefix(name, "-"):
		fmt.Fprintf(stderr, "dsref: flag %s given before any subcommand (flags follow it: dsref SUBCOMMAND [flags])\n", name)
		printUsage(stderr)
		return exitUsage
	}
	cmd := lookup(args[0], stderr)
	if cmd == nil {
		return exitUsage
	}
	return cmd.invoke(args[1:], stdout, stderr)
}

// lookup returns the subcommand called name, or prints that there is none and dsref's usage to
// stderr and returns nil.
func lookup(name string, stderr io.Writer) *command {
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "dsref: unknown subcommand %q\n", name)
		printUsage(stderr)
	}
	return cmd
}

// invoke parses args against the command's flags and runs it; a group passes them on to the
// command args[0] names.
func (c *command) invoke(args []string, stdout, stderr io.Writer) int {
	if len(c.commands) > 0 {
		return c.invokeGroup(args, stdout, stderr)
	}
	fs := c.newFlagSet()
	run := c.setup(fs)
	if c.rewriteArgs != nil {
		args = c.rewriteArgs(args)
	}
	inv := &invocation{cmd: c, flags: fs, stdout: stdout, stderr: stderr}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.printHelp(stdout)
			return 0
		}
		return inv.usageError("%v", err)
	}
	inv.args = fs.Args()
	switch n := len(inv.args); {
	case n < c.minArgs && c.maxArgs == 0:
		return inv.usageError("expected %s", c.args)
	case n < c.minArgs:
		return inv.usageError("expected %s, got %d arguments", c.args, n)
	case c.maxArgs == 0 && n > 0:
		return inv.usageError("unexpected argument %q: %s takes only flags", inv.args[0], c.path())
	case c.maxArgs >= 0 && n > c.maxArgs:
		return inv.usageError("unexpected argument %q after %s", inv.args[c.maxArgs], c.args)
	}
	defer func() {
		if inv.stop != nil {
			inv.stop()
		}
	}()
	return run(inv)
}

func (c *command) invokeGroup(args []string, stdout, stderr io.Writer) int {
	inv := &invocation{cmd: c, stdout: stdout, stderr: stderr}
	switch {
	case len(args) == 0:
		return inv.usageError("expected a command: %s", c.commandNames())
	case isHelp(args[0]):
		c.printHelp(stdout)
		return 0
	case strings.HasPrefix(args[0], "-"):
		return inv.usageError("flag %s given before the command (flags follow it: dsref %s COMMAND [flags])", args[0], c.path())
	}
	sub := c.find(args[0])
	if sub == nil {
		return inv.usageError("unknown command %q (want %s)", args[0], c.commandNames())
	}
	return sub.invoke(args[1:], stdout, stderr)
}

// commandNames lists a group's commands: "serve, local or get".
func (c *command) commandNames() string {
	var names []string
	for _, sub := range c.commands {
		names = append(names, sub.name)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// newFlagSet returns an empty flag set for the command that prints nothing by itself: invoke
// and printHelp decide what goes where.
func (c *command) newFlagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("dsref "+c.path(), flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// flagSet returns the command's flags, declared but not parsed; a group has none.
func (c *command) flagSet() *flag.FlagSet {
	fs := c.newFlagSet()
	if c.setup != nil {
		c.setup(fs)
	}
	return fs
}

// usageLine is "usage: dsref NAME [-flag VALUE] ... ARGS", built from the flags themselves so
// that it cannot fall out of step with them.
func (c *command) usageLine() string {
	var b strings.Builder
	b.WriteString("usage: dsref " + c.path())
	if len(c.commands) > 0 {
		b.WriteString(" COMMAND [flags] [arguments]")
		return b.String()
	}
	c.flagSet().VisitAll(func(f *flag.Flag) {
		if isBoolFlag(f) {
			fmt.Fprintf(&b, " [-%s]", f.Name)
			return
		}
		// The value's name, from the usage's `quoted` word or else its type: "FILE", "N".
		name, _ := flag.UnquoteUsage(f)
		switch name {
		case "int", "uint", "float":
			name = "N"
		}
		fmt.Fprintf(&b, " [-%s %s]", f.Name, strings.ToUpper(name))
	})
	if c.args != "" {
		b.WriteString(" " + c.args)
	}
	return b.String()
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// printShortUsage prints the usage line and where to read more, after a usage error.
func (c *command) printShortUsage(w io.Writer) {
	fmt.Fprintln(w, c.usageLine())
	fmt.Fprintf(w, "Run 'dsref help %s' for details.\n", c.path())
}

// printHelp prints the command's full usage: the usage line, its doc and its flags, or a
// group's commands.
func (c *command) printHelp(w io.Writer) {
	fmt.Fprintln(w, c.usageLine())
	fmt.Fprintln(w)
	if c.doc != "" {
		fmt.Fprintln(w, strings.TrimSpace(c.doc))
		fmt.Fprintln(w)
	}
	if len(c.commands) > 0 {
		fmt.Fprintln(w, "Commands:")
		printSummaries(w, c.commands)
		fmt.Fprintln(w)
		fmt.Fprintf(w, "Run 'dsref help %s COMMAND' or 'dsref %s COMMAND -h' for a command's usage and flags.\n", c.path(), c.path())
		return
	}
	fs := c.flagSet()
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if !hasFlags {
		return
	}
	fmt.Fprintln(w, "Flags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// help is `dsref help [SUBCOMMAND [COMMAND]]`.
func help(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stdout)
		return 0
	}
	cmd := commands[args[0]]
	for i, name := range args[1:] {
		if cmd == nil || len(cmd.commands) == 0 {
			fmt.Fprintf(stderr, "dsref help: %s has no commands; %q is one word too many\n", strings.Join(args[:i+1], " "), name)
			return exitUsage
		}
		if cmd = cmd.find(name); cmd == nil {
			fmt.Fprintf(stderr, "dsref help: unknown command %q\n", strings.Join(args[:i+2], " "))
			return exitUsage
		}
	}
	if cmd == nil {
		fmt.Fprintf(stderr, "dsref help: unknown subcommand %q\n", args[0])
		printUsage(stderr)
		return exitUsage
	}
	cmd.printHelp(stdout)
	return 0
}

// printUsage prints dsref's own usage: every subcommand with its summary.
func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: dsref SUBCOMMAND [flags] [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Subcommands:")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	var list []*command
	for _, name := range names {
		list = append(list, commands[name])
	}
	printSummaries(w, list)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'dsref help SUBCOMMAND' or 'dsref SUBCOMMAND -h' for a subcommand's usage and flags.")
}

func printSummaries(w io.Writer, list []*command) {
	for _, c := range list {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
}
