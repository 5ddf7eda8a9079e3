package rafttest

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// Command is one step of a datadriven script:
//
//	# comments, such as "# Tests RAFT-ELECT-7."
//	name arg1 arg2 key=value
//	----
//	expected output, one or more lines
//	<blank line>
//
// An empty expected output is written as the single line "ok".
type Command struct {
	Pos      string // file:line of the command, for error messages
	Name     string
	Args     []string          // positional arguments
	Flags    map[string]string // key=value arguments
	Expected string
}

// ParseScript splits a script into commands; malformed scripts yield an error naming the line.
func ParseScript(name, text string) ([]Command, error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var cmds []Command
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if line == "----" {
			return nil, fmt.Errorf("%s:%d: separator without a command", name, i+1)
		}
		cmd := Command{Pos: fmt.Sprintf("%s:%d", name, i+1), Flags: map[string]string{}}
		fields := strings.Fields(line)
		cmd.Name = fields[0]
		for _, f := range fields[1:] {
			if k, v, ok := strings.Cut(f, "="); ok {
				cmd.Flags[k] = v
			} else {
				cmd.Args = append(cmd.Args, f)
			}
		}
		i++
		if i >= len(lines) || strings.TrimSpace(lines[i]) != "----" {
			return nil, fmt.Errorf("%s: command %q must be followed by a line \"----\"", cmd.Pos, cmd.Name)
		}
		var out []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != ""; i++ {
			out = append(out, strings.TrimRight(lines[i], " \t"))
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("%s: command %q has no expected output (write \"ok\" for none)", cmd.Pos, cmd.Name)
		}
		cmd.Expected = strings.Join(out, "\n")
		cmds = append(cmds, cmd)
	}
	return cmds, nil
}

// RunScriptFile runs every command of the script at path through handle and fails t, naming
// the command's line, when the output differs from the expected text.
func RunScriptFile(t *testing.T, path string, handle func(Command) (string, error)) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cmds, err := ParseScript(path, string(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range cmds {
		got, err := handle(cmd)
		if err != nil {
			got = "error: " + err.Error()
		}
		got = strings.TrimRight(got, "\n")
		if got == "" {
			got = "ok"
		}
		if got != cmd.Expected {
			t.Fatalf("%s: %s: output mismatch\n--- want\n%s\n--- got\n%s", cmd.Pos, cmd.Name, cmd.Expected, got)
		}
	}
}

// ID parses positional argument i as a node ID.
func (c Command) ID(i int) (uint64, error) {
	if i >= len(c.Args) {
		return 0, fmt.Errorf("%s: %s needs a node ID as argument %d", c.Pos, c.Name, i+1)
	}
	id, err := strconv.ParseUint(c.Args[i], 10, 64)
	if err != nil || id == 0 {
		return 0, fmt.Errorf("%s: %s: argument %d: %q is not a node ID", c.Pos, c.Name, i+1, c.Args[i])
	}
	return id, nil
}

// IntFlag returns flag key as an int, or def when absent.
func (c Command) IntFlag(key string, def int) (int, error) {
	v, ok := c.Flags[key]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s: %s: flag %s=%q is not an integer", c.Pos, c.Name, key, v)
	}
	return n, nil
}

// BoolFlag returns flag key as a bool, or def when absent.
func (c Command) BoolFlag(key string, def bool) (bool, error) {
	v, ok := c.Flags[key]
	if !ok {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s: %s: flag %s=%q is not a boolean", c.Pos, c.Name, key, v)
	}
	return b, nil
}
