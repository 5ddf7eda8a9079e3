package sim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FormatSchedule writes a fault schedule in the text form ParseSchedule reads back exactly:
// steps separated by "; ", each "<time> <kind> <arguments>", e.g.
//
//	1.2s partition isolate 1>2,2>1; 1.5s crash n3; 2.4s arm-crash n1 torn; 3s replay 5@3ms,17@12ms
//
// An empty schedule is "none". `dsref sim -schedule` replays a seed with such a schedule in place of
// the faults the seed would draw, which is how a shrunk schedule from a failure report is re-run.
func FormatSchedule(steps []FaultStep) string {
	if len(steps) == 0 {
		return "none"
	}
	parts := make([]string, len(steps))
	for i, s := range steps {
		var b strings.Builder
		fmt.Fprintf(&b, "%v %s", s.At, s.Kind)
		switch s.Kind {
		case FaultPartition:
			var links []string
			for from := 1; from <= s.Links.n; from++ {
				for to := 1; to <= s.Links.n; to++ {
					if from != to && s.Links.Blocked(from, to) {
						links = append(links, strconv.Itoa(from)+">"+strconv.Itoa(to))
					}
				}
			}
			if len(links) == 0 {
				links = []string{"none"}
			}
			fmt.Fprintf(&b, " %s %s", s.Shape, strings.Join(links, ","))
		case FaultArmCrash:
			fmt.Fprintf(&b, " n%d %s", s.Node, s.Damage)
		case FaultCrash, FaultRestart, FaultPause, FaultResume:
			fmt.Fprintf(&b, " n%d", s.Node)
		case FaultReplay:
			picks := make([]string, len(s.Replays))
			for j, p := range s.Replays {
				picks[j] = fmt.Sprintf("%d@%v", p.Index, p.Delay)
			}
			fmt.Fprintf(&b, " %s", strings.Join(picks, ","))
		}
		parts[i] = b.String()
	}
	return strings.Join(parts, "; ")
}

// ParseSchedule reads a schedule written by FormatSchedule for a cluster of n nodes. Errors name
// the step (1-based) and what is wrong with it.
func ParseSchedule(text string, n int) ([]FaultStep, error) {
	steps := []FaultStep{}
	text = strings.TrimSpace(text)
	if text == "none" || text == "" {
		return steps, nil
	}
	for i, part := range strings.Split(text, ";") {
		s, err := parseStep(strings.Fields(part), n)
		if err != nil {
			return nil, fmt.Errorf("schedule step %d (%q): %w", i+1, strings.TrimSpace(part), err)
		}
		if len(steps) > 0 && s.At < steps[len(steps)-1].At {
			return nil, fmt.Errorf("schedule step %d (%q): time %v is before the previous step's %v", i+1, strings.TrimSpace(part), s.At, steps[len(steps)-1].At)
		}
		steps = append(steps, s)
	}
	return steps, nil
}

func parseStep(f []string, n int) (FaultStep, error) {
	var s FaultStep
	if len(f) < 2 {
		return s, fmt.Errorf("want \"<time> <kind> ...\"")
	}
	at, err := time.ParseDuration(f[0])
	if err != nil || at < 0 {
		return s, fmt.Errorf("bad time %q", f[0])
	}
	s.At, s.Kind = at, FaultKind(f[1])
	args := f[2:]
	want := func(k int) error {
		if len(args) != k {
			return fmt.Errorf("%s takes %d argument(s), got %d", s.Kind, k, len(args))
		}
		return nil
	}
	node := func(a string) (int, error) {
		id, err := strconv.Atoi(strings.TrimPrefix(a, "n"))
		if !strings.HasPrefix(a, "n") || err != nil || id < 1 || id > n {
			return 0, fmt.Errorf("bad node %q (want n1..n%d)", a, n)
		}
		return id, nil
	}
	switch s.Kind {
	case FaultHealLinks:
		return s, want(0)
	case FaultCrash, FaultRestart, FaultPause, FaultResume:
		if err := want(1); err != nil {
			return s, err
		}
		s.Node, err = node(args[0])
		return s, err
	case FaultArmCrash:
		if err := want(2); err != nil {
			return s, err
		}
		if s.Node, err = node(args[0]); err != nil {
			return s, err
		}
		for d := DamageLost; d <= DamageCorrupt; d++ {
			if d.String() == args[1] {
				s.Damage = d
				return s, nil
			}
		}
		return s, fmt.Errorf("bad disk damage %q (want lost, torn or corrupt)", args[1])
	case FaultPartition:
		if err := want(2); err != nil {
			return s, err
		}
		found := false
		for sh := PartitionShape(0); sh < numPartitionShapes; sh++ {
			if sh.String() == args[0] {
				s.Shape, found = sh, true
			}
		}
		if !found {
			return s, fmt.Errorf("bad partition shape %q (want one of %s)", args[0], strings.Join(partitionShapeNames[:], ", "))
		}
		s.Links = NewLinks(n)
		if args[1] == "none" {
			return s, nil
		}
		for _, l := range strings.Split(args[1], ",") {
			a, b, ok := strings.Cut(l, ">")
			from, err1 := strconv.Atoi(a)
			to, err2 := strconv.Atoi(b)
			if !ok || err1 != nil || err2 != nil || from < 1 || from > n || to < 1 || to > n || from == to {
				return s, fmt.Errorf("bad link %q (want from>to with nodes 1..%d)", l, n)
			}
			s.Links.set(from, to, true)
		}
		return s, nil
	case FaultReplay:
		if err := want(1); err != nil {
			return s, err
		}
		for _, p := range strings.Split(args[0], ",") {
			idx, d, ok := strings.Cut(p, "@")
			index, err1 := strconv.Atoi(idx)
			delay, err2 := time.ParseDuration(d)
			if !ok || err1 != nil || err2 != nil || index < 0 || delay < 0 {
				return s, fmt.Errorf("bad replay pick %q (want index@delay)", p)
			}
			s.Replays = append(s.Replays, ReplayPick{Index: index, Delay: delay})
		}
		return s, nil
	}
	return s, fmt.Errorf("unknown fault kind %q", s.Kind)
}
