package check

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// An independent enumeration of tla/MCLamportClock (Proc = {p1, p2}, MaxEvents = 5) written
// directly in Go, to cross-check the counts recorded in tla/models.json: same initial state,
// same actions (Tick, Send, Receive for each process and in-flight message), TLC's counting rules
// (every successor is generated; states with more than MaxEvents events are generated but not
// kept).

type lcEvent struct{ proc, ts int }
type lcMsg struct{ ts, ev int }

type lcState struct {
	clock    [2]int
	events   []lcEvent
	last     [2]int
	hb       map[[2]int]bool
	inflight []lcMsg // sorted, no duplicates
}

func (s lcState) key() string {
	var hb []string
	for p := range s.hb {
		hb = append(hb, fmt.Sprint(p))
	}
	sort.Strings(hb)
	return fmt.Sprint(s.clock, s.events, s.last, hb, s.inflight)
}

func (s lcState) past(e int) map[int]bool {
	out := map[int]bool{}
	if e == 0 {
		return out
	}
	out[e] = true
	for p := range s.hb {
		if p[1] == e {
			out[p[0]] = true
		}
	}
	return out
}

func (s lcState) record(p, ts int, preds map[int]bool, clock int, inflight []lcMsg) lcState {
	e := len(s.events) + 1
	n := lcState{clock: s.clock, last: s.last, hb: map[[2]int]bool{}, inflight: inflight}
	n.clock[p] = clock
	n.events = append(append([]lcEvent(nil), s.events...), lcEvent{p, ts})
	n.last[p] = e
	for k := range s.hb {
		n.hb[k] = true
	}
	for x := range preds {
		n.hb[[2]int{x, e}] = true
	}
	return n
}

func (s lcState) successors() []lcState {
	var out []lcState
	for p := 0; p < 2; p++ {
		c := s.clock[p] + 1
		out = append(out, s.record(p, c, s.past(s.last[p]), c, s.inflight))
		sent := append(append([]lcMsg(nil), s.inflight...), lcMsg{c, len(s.events) + 1})
		sort.Slice(sent, func(i, j int) bool {
			return sent[i].ts < sent[j].ts || sent[i].ts == sent[j].ts && sent[i].ev < sent[j].ev
		})
		out = append(out, s.record(p, c, s.past(s.last[p]), c, sent))
		for i, m := range s.inflight {
			if s.events[m.ev-1].proc == p {
				continue
			}
			r := max(s.clock[p], m.ts) + 1
			preds := s.past(s.last[p])
			for x := range s.past(m.ev) {
				preds[x] = true
			}
			rest := append(append([]lcMsg(nil), s.inflight[:i]...), s.inflight[i+1:]...)
			out = append(out, s.record(p, r, preds, r, rest))
		}
	}
	return out
}

func TestLamportClockBruteForce(t *testing.T) {
	const maxEvents = 5
	init := lcState{hb: map[[2]int]bool{}}
	seen := map[string]bool{init.key(): true}
	level := []lcState{init}
	generated, depth := int64(1), 0
	for len(level) > 0 {
		depth++
		var next []lcState
		for _, s := range level {
			for _, n := range s.successors() {
				generated++
				if len(n.events) > maxEvents {
					continue
				}
				if k := n.key(); !seen[k] {
					seen[k] = true
					next = append(next, n)
				}
			}
		}
		level = next
	}
	m, err := ReadManifest(filepath.Join("..", "..", "..", "tla", "models.json"))
	require.NoError(t, err)
	for _, e := range m.Models {
		if strings.HasPrefix(e.Config, "MCLamportClock.") {
			require.Equal(t, e.Generated, generated, "states generated")
			require.Equal(t, e.Distinct, int64(len(seen)), "distinct states")
			require.Equal(t, e.Depth, depth, "depth")
			return
		}
	}
	t.Fatal("MCLamportClock.cfg is not in tla/models.json")
}
