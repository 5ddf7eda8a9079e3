package quorum

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestDataDriven runs the scenario scripts in testdata/. Each script sets a configuration with
// "config" and then asks about it; the expected outputs were worked out by hand.
//
// Tests, Q-JOINT-1.
func TestDataDriven(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no scripts in testdata/")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			var sys System
			for _, c := range readScript(t, path) {
				got, err := runCase(sys, c)
				if err != nil {
					t.Fatalf("%s: %v", c.pos, err)
				}
				if c.cmd == "config" {
					// A rejected config leaves no current system, so later commands cannot
					// silently run against the previous one.
					sys, _ = Parse(strings.Join(c.input, " "))
				}
				if got != c.expected {
					t.Errorf("%s: %s %v\ngot:\n%s\nwant:\n%s", c.pos, c.cmd, c.input, got, c.expected)
				}
			}
		})
	}
}

// runCase executes one scripted command against sys and returns its output. An error means the
// script itself is malformed.
func runCase(sys System, c ddCase) (string, error) {
	input := strings.Join(c.input, "\n")
	if c.cmd != "config" && sys == nil {
		return "", fmt.Errorf("%s before any valid config", c.cmd)
	}
	switch c.cmd {
	case "config":
		s, err := Parse(input)
		if err != nil {
			return "error: " + err.Error(), nil
		}
		return s.String(), nil
	case "committed":
		acked, err := parseAcked(input)
		if err != nil {
			return "", err
		}
		return FormatIndex(sys.CommittedIndex(acked)), nil
	case "describe":
		acked, err := parseAcked(input)
		if err != nil {
			return "", err
		}
		return strings.TrimSuffix(Describe(sys, acked), "\n"), nil
	case "vote":
		var out []string
		for _, line := range c.input {
			granted, rejected, err := parseVotes(line)
			if err != nil {
				return "", err
			}
			out = append(out, fmt.Sprintf("%s: %v", line, sys.VoteResult(granted, rejected)))
		}
		return strings.Join(out, "\n"), nil
	case "quorum":
		var out []string
		for _, line := range c.input {
			kindText, setText, ok := strings.Cut(line, " ")
			if !ok {
				return "", fmt.Errorf("quorum input %q is not \"<kind> <set>\"", line)
			}
			kind, err := parseKind(kindText)
			if err != nil {
				return "", err
			}
			s, err := ParseSet(setText)
			if err != nil {
				return "", err
			}
			out = append(out, fmt.Sprintf("%s: %v", line, sys.IsQuorum(kind, s)))
		}
		return strings.Join(out, "\n"), nil
	case "tolerance":
		return fmt.Sprint(sys.FaultTolerance()), nil
	case "check":
		if err := CheckIntersection(sys); err != nil {
			return "error: " + err.Error(), nil
		}
		return "ok", nil
	case "minimal":
		if len(c.args) != 1 {
			return "", fmt.Errorf("minimal takes one argument, the kind")
		}
		kind, err := parseKind(c.args[0])
		if err != nil {
			return "", err
		}
		qs, err := MinimalQuorums(sys, kind)
		if err != nil {
			return "error: " + err.Error(), nil
		}
		var out []string
		for _, q := range qs {
			out = append(out, q.String())
		}
		return strings.Join(out, " "), nil
	}
	return "", fmt.Errorf("unknown command %q", c.cmd)
}

func parseKind(text string) (Kind, error) {
	switch text {
	case "phase-1", "read":
		return Phase1, nil
	case "phase-2", "write":
		return Phase2, nil
	}
	return 0, fmt.Errorf("unknown quorum kind %q", text)
}

// parseVotes reads "granted={0,1} rejected={2}".
func parseVotes(line string) (granted, rejected Set, err error) {
	for _, f := range strings.Fields(line) {
		key, value, ok := strings.Cut(f, "=")
		if !ok {
			return 0, 0, fmt.Errorf("vote field %q is not key=set", f)
		}
		s, err := ParseSet(value)
		if err != nil {
			return 0, 0, err
		}
		switch key {
		case "granted":
			granted = s
		case "rejected":
			rejected = s
		default:
			return 0, 0, fmt.Errorf("vote field %q: want granted= or rejected=", f)
		}
	}
	return granted, rejected, nil
}
