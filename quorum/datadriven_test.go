package quorum_test

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dsref/dsref/quorum"
	"github.com/dsref/dsref/quorum/quorumtest"
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
			var sys quorum.System
			quorumtest.RunTest(t, path, func(d *quorumtest.TestData) (string, error) {
				got, err := runCase(sys, d)
				if err != nil {
					t.Fatalf("%s: %v", d.Pos, err)
				}
				if d.Cmd == "config" {
					// A rejected config leaves no current system, so later commands cannot
					// silently run against the previous one.
					sys, _ = quorum.Parse(d.Input)
				}
				return got, nil
			})
		})
	}
}

// runCase executes one scripted command against sys and returns its output. An error means the
// script itself is malformed.
func runCase(sys quorum.System, d *quorumtest.TestData) (string, error) {
	input := d.Input
	if d.Cmd != "config" && sys == nil {
		return "", fmt.Errorf("%s before any valid config", d.Cmd)
	}
	switch d.Cmd {
	case "config":
		s, err := quorum.Parse(input)
		if err != nil {
			return "error: " + err.Error(), nil
		}
		return s.String(), nil
	case "committed":
		acked, err := parseAcked(input)
		if err != nil {
			return "", err
		}
		return quorum.FormatIndex(sys.CommittedIndex(acked)), nil
	case "describe":
		acked, err := parseAcked(input)
		if err != nil {
			return "", err
		}
		return strings.TrimSuffix(quorum.Describe(sys, acked), "\n"), nil
	case "vote":
		var out []string
		for _, line := range strings.Split(input, "\n") {
			granted, rejected, err := parseVotes(line)
			if err != nil {
				return "", err
			}
			out = append(out, fmt.Sprintf("%s: %v", line, sys.VoteResult(granted, rejected)))
		}
		return strings.Join(out, "\n"), nil
	case "quorum":
		var out []string
		for _, line := range strings.Split(input, "\n") {
			kindText, setText, ok := strings.Cut(line, " ")
			if !ok {
				return "", fmt.Errorf("quorum input %q is not \"<kind> <set>\"", line)
			}
			kind, err := parseKind(kindText)
			if err != nil {
				return "", err
			}
			s, err := quorum.ParseSet(setText)
			if err != nil {
				return "", err
			}
			out = append(out, fmt.Sprintf("%s: %v", line, sys.IsQuorum(kind, s)))
		}
		return strings.Join(out, "\n"), nil
	case "tolerance":
		return fmt.Sprint(sys.FaultTolerance()), nil
	case "check":
		if err := quorum.CheckIntersection(sys); err != nil {
			return "error: " + err.Error(), nil
		}
		return "ok", nil
	case "minimal":
		args := d.Positional()
		if len(args) != 1 {
			return "", fmt.Errorf("minimal takes one argument, the kind")
		}
		kind, err := parseKind(args[0])
		if err != nil {
			return "", err
		}
		qs, err := quorum.MinimalQuorums(sys, kind)
		if err != nil {
			return "error: " + err.Error(), nil
		}
		var out []string
		for _, q := range qs {
			out = append(out, q.String())
		}
		return strings.Join(out, " "), nil
	}
	return "", fmt.Errorf("unknown command %q", d.Cmd)
}

func parseKind(text string) (quorum.Kind, error) {
	switch text {
	case "phase-1", "read":
		return quorum.Phase1, nil
	case "phase-2", "write":
		return quorum.Phase2, nil
	}
	return 0, fmt.Errorf("unknown quorum kind %q", text)
}

// parseVotes reads "granted={0,1} rejected={2}".
func parseVotes(line string) (granted, rejected quorum.Set, err error) {
	for _, f := range strings.Fields(line) {
		key, value, ok := strings.Cut(f, "=")
		if !ok {
			return 0, 0, fmt.Errorf("vote field %q is not key=set", f)
		}
		s, err := quorum.ParseSet(value)
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

// parseAcked reads "0=5 1=7 2=3" into acked indexes indexed by member ID.
func parseAcked(text string) ([]quorum.Index, error) {
	var acked []quorum.Index
	for _, f := range strings.Fields(text) {
		idText, idxText, ok := strings.Cut(f, "=")
		if !ok {
			return nil, fmt.Errorf("acked entry %q is not id=index", f)
		}
		id, err := strconv.Atoi(idText)
		if err != nil || id < 0 || id >= quorum.MaxMembers {
			return nil, fmt.Errorf("acked entry %q: bad member ID", f)
		}
		idx, err := strconv.ParseUint(idxText, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("acked entry %q: bad index", f)
		}
		for len(acked) <= id {
			acked = append(acked, 0)
		}
		acked[id] = quorum.Index(idx)
	}
	return acked, nil
}
