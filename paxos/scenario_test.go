package paxos_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dsref/dsref/paxos"
	"github.com/dsref/dsref/paxos/paxostest"
)

// TestScenarios runs the datadriven scripts in testdata/. Each script cites the
// requirements it tests in a "# Tests" comment.
func TestScenarios(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scenario scripts in testdata/")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			s := &scenario{}
			paxostest.RunTest(t, f, func(d *paxostest.TestData) (string, error) { return s.run(t, d), nil })
		})
	}
}

// scenario interprets script commands against a paxostest.Cluster.
type scenario struct {
	c *paxostest.Cluster
}

func nodeArg(t *testing.T, d *paxostest.TestData, s string) paxos.NodeID {
	id, err := strconv.ParseUint(s, 10, 16)
	if err != nil {
		d.Fatalf(t, "bad node id %q", s)
	}
	return paxos.NodeID(id)
}

func intArg(t *testing.T, d *paxostest.TestData, key string, def int) int {
	n, err := d.Int(key, def)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// value returns the single value of argument key, or "" when it is absent.
func value(t *testing.T, d *paxostest.TestData, key string) string {
	v, err := d.Value(key, "")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// filter matches messages by the optional from=, to= and type= arguments.
func filter(t *testing.T, d *paxostest.TestData) func(paxos.Message) bool {
	from, to, typ, slot := value(t, d, "from"), value(t, d, "to"), value(t, d, "type"), value(t, d, "slot")
	return func(m paxos.Message) bool {
		if slot != "" && !slices.ContainsFunc(m.Entries, func(e paxos.Entry) bool { return fmt.Sprint(e.Slot) == slot }) {
			return false
		}
		if from != "" && fmt.Sprint(m.From) != from {
			return false
		}
		if to != "" && fmt.Sprint(m.To) != to {
			return false
		}
		if typ != "" && m.Type.String() != typ {
			return false
		}
		return true
	}
}

func (s *scenario) run(t *testing.T, d *paxostest.TestData) string {
	if d.Cmd != "cluster" && s.c == nil {
		d.Fatalf(t, "no cluster yet")
	}
	switch d.Cmd {
	case "cluster":
		c, err := paxostest.NewCluster(intArg(t, d, "n", 3), func(cfg *paxos.Config) {
			cfg.Quorums = paxos.Quorums{Phase1: intArg(t, d, "q1", 0), Phase2: intArg(t, d, "q2", 0)}
			cfg.MaxBatch = intArg(t, d, "batch", 0)
			cfg.Window = intArg(t, d, "window", 0)
		})
		if err != nil {
			return err.Error()
		}
		s.c = c
		return "ok"
	case "campaign":
		for _, id := range d.Positional() {
			if err := s.c.Campaign(nodeArg(t, d, id)); err != nil {
				return err.Error()
			}
		}
		return "ok"
	case "propose":
		args := d.Positional()
		if len(args) < 2 {
			d.Fatalf(t, "usage: propose <node> <value>...")
		}
		id := nodeArg(t, d, args[0])
		var out []string
		for _, v := range args[1:] {
			// Propose all, then drain Ready once: commands proposed together may share a batch.
			if err := s.c.Nodes[id].Propose([]byte(v)); err != nil {
				out = append(out, fmt.Sprintf("%s: %v", v, err))
			}
		}
		if err := s.c.Process(id); err != nil {
			d.Fatalf(t, "%v", err)
		}
		if len(out) == 0 {
			return "ok"
		}
		return strings.Join(out, "\n")
	case "deliver":
		msgs, err := s.c.DeliverWhere(filter(t, d), 10000)
		if err != nil {
			d.Fatalf(t, "%v", err)
		}
		if d.HasArg("count") {
			return fmt.Sprintf("delivered %d", len(msgs))
		}
		var out []string
		for _, m := range msgs {
			out = append(out, m.String())
		}
		return strings.Join(out, "\n")
	case "drop":
		return fmt.Sprintf("dropped %d", s.c.DropWhere(filter(t, d)))
	case "inflight":
		var out []string
		for _, m := range s.c.InFlight {
			out = append(out, m.String())
		}
		return strings.Join(out, "\n")
	case "tick":
		n := intArg(t, d, "n", 1)
		ids := d.Positional()
		if len(ids) == 0 {
			for _, id := range s.c.IDs {
				ids = append(ids, fmt.Sprint(id))
			}
		}
		for i := 0; i < n; i++ {
			for _, id := range ids {
				if err := s.c.Tick(nodeArg(t, d, id)); err != nil {
					d.Fatalf(t, "%v", err)
				}
			}
		}
		return "ok"
	case "crash":
		for _, id := range d.Positional() {
			s.c.Crash(nodeArg(t, d, id))
		}
		return "ok"
	case "restart":
		for _, id := range d.Positional() {
			if err := s.c.Restart(nodeArg(t, d, id)); err != nil {
				return err.Error()
			}
		}
		return "ok"
	case "partition":
		var groups [][]paxos.NodeID
		for _, a := range d.CmdArgs {
			var g []paxos.NodeID
			for _, v := range a.Vals {
				g = append(g, nodeArg(t, d, v))
			}
			groups = append(groups, g)
		}
		s.c.Partition(groups...)
		return "ok"
	case "heal":
		s.c.Heal()
		return "ok"
	case "compact":
		for _, id := range d.Positional() {
			if err := s.c.Compact(nodeArg(t, d, id)); err != nil {
				return err.Error()
			}
		}
		return "ok"
	case "status":
		var out []string
		for _, id := range s.c.IDs {
			if s.c.Down(id) {
				out = append(out, fmt.Sprintf("%d: down", id))
				continue
			}
			st := s.c.Nodes[id].Status()
			line := fmt.Sprintf("%d: %v ballot=%v promised=%v commit=%d applied=%d",
				id, st.Role, st.Ballot, st.Promised, st.Commit, st.Applied)
			if st.Snapshot > 0 {
				line += fmt.Sprintf(" snapshot=%d", st.Snapshot)
			}
			out = append(out, line)
		}
		return strings.Join(out, "\n")
	case "log":
		var out []string
		for _, id := range s.c.IDs {
			var vals []string
			for _, e := range s.c.Log[id] {
				if e.Noop {
					vals = append(vals, "noop")
				} else {
					vals = append(vals, string(e.Data))
				}
			}
			out = append(out, fmt.Sprintf("%d: %s", id, strings.Join(vals, " ")))
		}
		return strings.Join(out, "\n")
	case "check":
		if err := s.c.CheckAgreement(); err != nil {
			return err.Error()
		}
		return "agreement ok"
	case "stats":
		return fmt.Sprintf("sent=%d delivered=%d", s.c.Sent, s.c.Delivered)
	}
	d.Fatalf(t, "unknown command")
	return ""
}
