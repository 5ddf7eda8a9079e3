package clocks_test

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/dsref/dsref/clocks"
	"github.com/dsref/dsref/clocks/clockstest"
)

// parseVectorLiteral reads the script form of a clock, {a:1,b:0}, written without spaces.
func parseVectorLiteral(s string) (clocks.Vector, error) {
	if !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") {
		return clocks.Vector{}, fmt.Errorf("clock literal %q must be {node:counter,...}", s)
	}
	counters := map[string]uint64{}
	if body := s[1 : len(s)-1]; body != "" {
		for _, kv := range strings.Split(body, ",") {
			node, n, ok := strings.Cut(kv, ":")
			if !ok {
				return clocks.Vector{}, fmt.Errorf("clock entry %q has no ':'", kv)
			}
			c, err := strconv.ParseUint(n, 10, 64)
			if err != nil {
				return clocks.Vector{}, err
			}
			counters[node] = c
		}
	}
	return clocks.NewVector(counters)
}

func vectorArgs(c *clockstest.TestData, n int) ([]clocks.Vector, error) {
	args := c.Positional()
	if len(args) < n {
		return nil, fmt.Errorf("%s needs %d clock arguments", c.Cmd, n)
	}
	out := make([]clocks.Vector, n)
	for i := range n {
		v, err := parseVectorLiteral(args[i])
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// TestVectorScript runs testdata/vector.txt.
//
// Tests VC-1, VC-2, VC-3, VC-4, VC-6, VC-7, VC-8, VC-9.
func TestVectorScript(t *testing.T) {
	clockstest.RunTest(t, "testdata/vector.txt", func(c *clockstest.TestData) (string, error) {
		args := c.Positional()
		switch c.Cmd {
		case "compare":
			v, err := vectorArgs(c, 2)
			if err != nil {
				return "", err
			}
			return v[0].Compare(v[1]).String(), nil
		case "merge":
			v, err := vectorArgs(c, 2)
			if err != nil {
				return "", err
			}
			v[0].Merge(v[1])
			return v[0].String(), nil
		case "tick":
			v, err := vectorArgs(c, 1)
			if err != nil {
				return "", err
			}
			if err := v[0].Tick(args[1]); err != nil {
				return "", err
			}
			return v[0].String(), nil
		case "string":
			v, err := vectorArgs(c, 1)
			if err != nil {
				return "", err
			}
			return v[0].String(), nil
		case "json":
			v, err := vectorArgs(c, 1)
			if err != nil {
				return "", err
			}
			b, err := v[0].MarshalJSON()
			return string(b), err
		case "fromjson":
			var v clocks.Vector
			if err := v.UnmarshalJSON([]byte(strings.Join(args, " "))); err != nil {
				return "", err
			}
			return v.String(), nil
		case "binary":
			v, err := vectorArgs(c, 1)
			if err != nil {
				return "", err
			}
			b, err := v[0].MarshalBinary()
			return hex.EncodeToString(b), err
		case "frombinary":
			data, err := hex.DecodeString(strings.Join(args, ""))
			if err != nil {
				return "", err
			}
			var v clocks.Vector
			if err := v.UnmarshalBinary(data); err != nil {
				return "", err
			}
			return v.String(), nil
		}
		return "", fmt.Errorf("unknown command %q", c.Cmd)
	})
}

// TestLamportScript runs testdata/lamport.txt.
//
// Tests LC-1, LC-2, LC-3, LC-4, LC-6.
func TestLamportScript(t *testing.T) {
	procs := map[string]*clocks.Lamport{}
	clockstest.RunTest(t, "testdata/lamport.txt", func(c *clockstest.TestData) (string, error) {
		args := c.Positional()
		if len(args) == 0 {
			return "", fmt.Errorf("%s needs a process name", c.Cmd)
		}
		p := procs[args[0]]
		if p == nil {
			p = clocks.NewLamport(nil)
			procs[args[0]] = p
		}
		var ts uint64
		var err error
		switch c.Cmd {
		case "tick":
			ts, err = p.Tick()
		case "send":
			ts, err = p.Send()
		case "receive":
			if len(args) != 2 {
				return "", fmt.Errorf("receive needs a process and a timestamp")
			}
			remote, perr := strconv.ParseUint(args[1], 10, 64)
			if perr != nil {
				return "", perr
			}
			ts, err = p.Receive(remote)
		default:
			return "", fmt.Errorf("unknown command %q", c.Cmd)
		}
		if err != nil {
			return "", fmt.Errorf("%v (time stays %d)", err, p.Time())
		}
		return strconv.FormatUint(ts, 10), nil
	})
}

func parseTimestamp(s string) (clocks.Timestamp, error) {
	w, l, ok := strings.Cut(s, ".")
	if !ok {
		return clocks.Timestamp{}, fmt.Errorf("timestamp %q must be wall.logical", s)
	}
	wall, err := strconv.ParseUint(w, 10, 64)
	if err != nil {
		return clocks.Timestamp{}, err
	}
	logical, err := strconv.ParseUint(l, 10, 16)
	if err != nil {
		return clocks.Timestamp{}, err
	}
	return clocks.Timestamp{Wall: wall, Logical: uint16(logical)}, nil
}

// TestHLCScript runs testdata/hlc.txt. The physical clock of every process is one shared
// variable the script sets with "physical".
//
// Tests HLC-1, HLC-2, HLC-3, HLC-4, HLC-11.
func TestHLCScript(t *testing.T) {
	var pt uint64
	procs := map[string]*clocks.HLC{}
	clockstest.RunTest(t, "testdata/hlc.txt", func(c *clockstest.TestData) (string, error) {
		args := c.Positional()
		if len(args) == 0 {
			return "", fmt.Errorf("%s needs an argument", c.Cmd)
		}
		if c.Cmd == "physical" {
			v, err := strconv.ParseUint(args[0], 10, 64)
			pt = v
			return "ok", err
		}
		h := procs[args[0]]
		if h == nil {
			var err error
			h, err = clocks.NewHLC(func() uint64 { return pt }, nil)
			if err != nil {
				return "", err
			}
			procs[args[0]] = h
		}
		switch c.Cmd {
		case "now":
			ts, err := h.Now()
			if err != nil {
				return "", fmt.Errorf("%v (clock stays %v)", err, h.Last())
			}
			return ts.String(), nil
		case "update", "checked":
			if len(args) < 2 {
				return "", fmt.Errorf("%s needs a process and a timestamp", c.Cmd)
			}
			remote, err := parseTimestamp(args[1])
			if err != nil {
				return "", err
			}
			if c.Cmd == "update" {
				ts, err := h.Update(remote)
				if err != nil {
					return "", fmt.Errorf("%v (clock stays %v)", err, h.Last())
				}
				return ts.String(), nil
			}
			if len(args) != 3 {
				return "", fmt.Errorf("checked needs a process, a timestamp and a max offset")
			}
			maxOffset, err := strconv.ParseUint(args[2], 10, 64)
			if err != nil {
				return "", err
			}
			ts, err := h.UpdateChecked(remote, maxOffset)
			if err != nil {
				return "", fmt.Errorf("%v (clock stays %v)", err, h.Last())
			}
			return ts.String(), nil
		}
		return "", fmt.Errorf("unknown command %q", c.Cmd)
	})
}

// TestDVVScript runs testdata/dvv.txt: replicas of one key, clients that read a replica's
// siblings and context, and writes that carry a saved context.
//
// Tests DVV-1, DVV-2, DVV-3, DVV-4, DVV-5, DVV-6, DVV-7, DVV-8.
func TestDVVScript(t *testing.T) {
	replicas := map[string]*clocks.DVVSet[string]{}
	contexts := map[string]clocks.Vector{}
	replica := func(name string) *clocks.DVVSet[string] {
		if replicas[name] == nil {
			replicas[name] = &clocks.DVVSet[string]{}
		}
		return replicas[name]
	}
	show := func(s *clocks.DVVSet[string]) string {
		return fmt.Sprintf("%v %v", s.Values(), s.Join())
	}
	clockstest.RunTest(t, "testdata/dvv.txt", func(c *clockstest.TestData) (string, error) {
		args := c.Positional()
		switch c.Cmd {
		case "read": // read REPLICA AS
			if len(args) != 2 {
				return "", fmt.Errorf("read needs a replica and a context name")
			}
			s := replica(args[0])
			contexts[args[1]] = s.Join()
			return show(s), nil
		case "put": // put REPLICA NODE CONTEXT VALUE; CONTEXT "-" is a blind write
			if len(args) != 4 {
				return "", fmt.Errorf("put needs a replica, a node, a context name and a value")
			}
			var ctx clocks.Vector
			if args[2] != "-" {
				var ok bool
				if ctx, ok = contexts[args[2]]; !ok {
					return "", fmt.Errorf("no saved context %q", args[2])
				}
			}
			s := replica(args[0])
			if err := s.Update(ctx, args[1], args[3]); err != nil {
				return "", err
			}
			return show(s), nil
		case "sync": // sync INTO FROM
			if len(args) != 2 {
				return "", fmt.Errorf("sync needs two replicas")
			}
			s := replica(args[0])
			s.Sync(replica(args[1]))
			return show(s), nil
		case "reconcile": // reconcile REPLICA NODE: join the siblings with "+"
			if len(args) != 2 {
				return "", fmt.Errorf("reconcile needs a replica and a node")
			}
			s := replica(args[0])
			if err := s.Reconcile(args[1], func(vs []string) string { return strings.Join(vs, "+") }); err != nil {
				return "", err
			}
			return show(s), nil
		case "lww": // lww REPLICA NODE: the greatest string wins
			if len(args) != 2 {
				return "", fmt.Errorf("lww needs a replica and a node")
			}
			s := replica(args[0])
			w, ok, err := s.LWW(args[1], func(a, b string) bool { return a < b })
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("winner=%q ok=%v %s", w, ok, show(s)), nil
		}
		return "", fmt.Errorf("unknown command %q", c.Cmd)
	})
}
