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

func vectorArgs(c clockstest.ScriptCase, n int) ([]clocks.Vector, error) {
	if len(c.Args) < n {
		return nil, fmt.Errorf("%s needs %d clock arguments", c.Command, n)
	}
	out := make([]clocks.Vector, n)
	for i := range n {
		v, err := parseVectorLiteral(c.Args[i])
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
	clockstest.RunScript(t, "testdata/vector.txt", func(c clockstest.ScriptCase) (string, error) {
		switch c.Command {
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
			if err := v[0].Tick(c.Args[1]); err != nil {
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
			if err := v.UnmarshalJSON([]byte(strings.Join(c.Args, " "))); err != nil {
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
			data, err := hex.DecodeString(strings.Join(c.Args, ""))
			if err != nil {
				return "", err
			}
			var v clocks.Vector
			if err := v.UnmarshalBinary(data); err != nil {
				return "", err
			}
			return v.String(), nil
		}
		return "", fmt.Errorf("unknown command %q", c.Command)
	})
}

// TestLamportScript runs testdata/lamport.txt.
//
// Tests LC-1, LC-2, LC-3, LC-4, LC-6.
func TestLamportScript(t *testing.T) {
	procs := map[string]*clocks.Lamport{}
	clockstest.RunScript(t, "testdata/lamport.txt", func(c clockstest.ScriptCase) (string, error) {
		if len(c.Args) == 0 {
			return "", fmt.Errorf("%s needs a process name", c.Command)
		}
		p := procs[c.Args[0]]
		if p == nil {
			p = clocks.NewLamport(nil)
			procs[c.Args[0]] = p
		}
		var ts uint64
		var err error
		switch c.Command {
		case "tick":
			ts, err = p.Tick()
		case "send":
			ts, err = p.Send()
		case "receive":
			if len(c.Args) != 2 {
				return "", fmt.Errorf("receive needs a process and a timestamp")
			}
			remote, perr := strconv.ParseUint(c.Args[1], 10, 64)
			if perr != nil {
				return "", perr
			}
			ts, err = p.Receive(remote)
		default:
			return "", fmt.Errorf("unknown command %q", c.Command)
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
	clockstest.RunScript(t, "testdata/hlc.txt", func(c clockstest.ScriptCase) (string, error) {
		if len(c.Args) == 0 {
			return "", fmt.Errorf("%s needs an argument", c.Command)
		}
		if c.Command == "physical" {
			v, err := strconv.ParseUint(c.Args[0], 10, 64)
			pt = v
			return "ok", err
		}
		h := procs[c.Args[0]]
		if h == nil {
			var err error
			h, err = clocks.NewHLC(func() uint64 { return pt }, nil)
			if err != nil {
				return "", err
			}
			procs[c.Args[0]] = h
		}
		switch c.Command {
		case "now":
			ts, err := h.Now()
			if err != nil {
				return "", fmt.Errorf("%v (clock stays %v)", err, h.Last())
			}
			return ts.String(), nil
		case "update", "checked":
			if len(c.Args) < 2 {
				return "", fmt.Errorf("%s needs a process and a timestamp", c.Command)
			}
			remote, err := parseTimestamp(c.Args[1])
			if err != nil {
				return "", err
			}
			if c.Command == "update" {
				ts, err := h.Update(remote)
				if err != nil {
					return "", fmt.Errorf("%v (clock stays %v)", err, h.Last())
				}
				return ts.String(), nil
			}
			if len(c.Args) != 3 {
				return "", fmt.Errorf("checked needs a process, a timestamp and a max offset")
			}
			maxOffset, err := strconv.ParseUint(c.Args[2], 10, 64)
			if err != nil {
				return "", err
			}
			ts, err := h.UpdateChecked(remote, maxOffset)
			if err != nil {
				return "", fmt.Errorf("%v (clock stays %v)", err, h.Last())
			}
			return ts.String(), nil
		}
		return "", fmt.Errorf("unknown command %q", c.Command)
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
	clockstest.RunScript(t, "testdata/dvv.txt", func(c clockstest.ScriptCase) (string, error) {
		switch c.Command {
		case "read": // read REPLICA AS
			if len(c.Args) != 2 {
				return "", fmt.Errorf("read needs a replica and a context name")
			}
			s := replica(c.Args[0])
			contexts[c.Args[1]] = s.Join()
			return show(s), nil
		case "put": // put REPLICA NODE CONTEXT VALUE; CONTEXT "-" is a blind write
			if len(c.Args) != 4 {
				return "", fmt.Errorf("put needs a replica, a node, a context name and a value")
			}
			var ctx clocks.Vector
			if c.Args[2] != "-" {
				var ok bool
				if ctx, ok = contexts[c.Args[2]]; !ok {
					return "", fmt.Errorf("no saved context %q", c.Args[2])
				}
			}
			s := replica(c.Args[0])
			if err := s.Update(ctx, c.Args[1], c.Args[3]); err != nil {
				return "", err
			}
			return show(s), nil
		case "sync": // sync INTO FROM
			if len(c.Args) != 2 {
				return "", fmt.Errorf("sync needs two replicas")
			}
			s := replica(c.Args[0])
			s.Sync(replica(c.Args[1]))
			return show(s), nil
		case "reconcile": // reconcile REPLICA NODE: join the siblings with "+"
			if len(c.Args) != 2 {
				return "", fmt.Errorf("reconcile needs a replica and a node")
			}
			s := replica(c.Args[0])
			if err := s.Reconcile(c.Args[1], func(vs []string) string { return strings.Join(vs, "+") }); err != nil {
				return "", err
			}
			return show(s), nil
		case "lww": // lww REPLICA NODE: the greatest string wins
			if len(c.Args) != 2 {
				return "", fmt.Errorf("lww needs a replica and a node")
			}
			s := replica(c.Args[0])
			w, ok, err := s.LWW(c.Args[1], func(a, b string) bool { return a < b })
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("winner=%q ok=%v %s", w, ok, show(s)), nil
		}
		return "", fmt.Errorf("unknown command %q", c.Command)
	})
}
