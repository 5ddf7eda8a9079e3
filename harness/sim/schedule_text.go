package sim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FormatSchedule writes a fault schedule in the text form ParseSchedule reads back exactly:
// steps separated by "; ", each "<time> <kind> <arguments>" as FaultStep.String writes it, e.g.
//
//	0s drop 0.12; 0s delay uniform 2ms+17ms; 0s drift n2 103.1ms; 1.2s partition isolate 1>2,2>1;
//	1.5s crash n3; 2.4s arm-crash n1 torn; 3s replay 5@3ms,17@12ms
//
// The empty schedule, a run without any fault, is "none". `dsref sim -schedule` replays a seed
// with such a schedule in place of the faults the seed would draw, which is how a shrunk
// schedule from a failure report is re-run.
func FormatSchedule(steps []FaultStep) string {
	if len(steps) == 0 {
		return "none"
	}
	parts := make([]string, len(steps))
	for i, s := range steps {
		parts[i] = s.String()
	}
	return strings.Join(parts, "; ")
}

// ScheduleSyntax describes the schedule language, for usage messages.
const ScheduleSyntax = `A schedule is a list of steps "<time> <kind> <arguments>", separated by ";" or newlines, in
time order ("#" starts a comment; "none" is the empty schedule). Network and clock steps set how
messages and clocks behave from their time on (skew and drift at 0s only):
  drop P | duplicate P | reorder P MAXHOLD      per-message probability P in [0, 1]
  delay constant BASE | delay uniform|exponential|bimodal BASE+JITTER
  skew nI D                                     node I's first tick comes D late
  drift nI D                                    node I ticks every D
Fault steps strike once:
  partition isolate|split|ring|bridge|asymmetric A>B,...   block messages from A to B
  heal-links | crash nI | arm-crash nI lost|torn|corrupt | restart nI | pause nI | resume nI
  replay AGE@DELAY,...          deliver again the message delivered AGE deliveries ago (0..127)`

// MaxScheduleSize is the longest schedule text ParseSchedule reads: 1 MiB, tens of thousands of
// steps.
const MaxScheduleSize = 1 << 20

// ParseSchedule reads a schedule for a cluster of n nodes: the text FormatSchedule writes, or the
// same steps one per line (the form of a schedule file). Errors name the step (and the line of
// a multi-line schedule) and what is wrong with it. ParseSchedule checks each step on its own;
// ValidateSchedule checks that the steps can happen in order.
//
// Text longer than MaxScheduleSize is refused unread. Parsing allocates at most about 16 bytes
// per byte of text: the steps' slice is sized once, a step of at least 13 bytes takes a
// 200-byte FaultStep, and a partition's cut (n+1)^2 bytes.
func ParseSchedule(text string, n int) ([]FaultStep, error) {
	if len(text) > MaxScheduleSize {
		return nil, fmt.Errorf("schedule of %d bytes exceeds MaxScheduleSize (%d)", len(text), MaxScheduleSize)
	}
	uncomment := func(line string) string {
		if c := strings.IndexByte(line, '#'); c >= 0 {
			return line[:c]
		}
		return line
	}
	steps := []FaultStep{}
	nonEmpty, none := 0, false
	for line := range strings.SplitSeq(text, "\n") {
		if t := strings.TrimSpace(uncomment(line)); t != "" {
			nonEmpty++
			none = t == "none"
		}
	}
	if nonEmpty == 0 || nonEmpty == 1 && none {
		return steps, nil
	}
	steps = make([]FaultStep, 0, strings.Count(text, ";")+strings.Count(text, "\n")+1)
	multiline := strings.Contains(text, "\n")
	number, li := 0, 0
	for line := range strings.SplitSeq(text, "\n") {
		li++
		line = uncomment(line)
		if strings.TrimSpace(line) == "" {
			continue
		}
		for part := range strings.SplitSeq(line, ";") {
			number++
			where := func() string { // built only for an error: a step is shorter than its name
				if multiline {
					return fmt.Sprintf("schedule line %d, step %d (%q)", li, number, strings.TrimSpace(part))
				}
				return fmt.Sprintf("schedule step %d (%q)", number, strings.TrimSpace(part))
			}
			var fields [8]string // a step has at most 4: on the stack, not one slice per step
			f := fields[:0]
			for w := range strings.FieldsSeq(part) {
				f = append(f, w)
			}
			s, err := parseStep(f, n)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", where(), err)
			}
			if len(steps) > 0 && s.At < steps[len(steps)-1].At {
				return nil, fmt.Errorf("%s: time %v is before the previous step's %v", where(), s.At, steps[len(steps)-1].At)
			}
			steps = append(steps, s)
		}
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
	duration := func(what, a string) (time.Duration, error) {
		d, err := time.ParseDuration(a)
		if err != nil || d < 0 {
			return 0, fmt.Errorf("bad %s %q (want a duration such as 3ms)", what, a)
		}
		return d, nil
	}
	switch s.Kind {
	case FaultDrop, FaultDuplicate, FaultReorder:
		k := 1
		if s.Kind == FaultReorder {
			k = 2
		}
		if err := want(k); err != nil {
			return s, err
		}
		p, err := strconv.ParseFloat(args[0], 64)
		if err != nil || !(p >= 0 && p <= 1) {
			return s, fmt.Errorf("bad probability %q (want a number in [0, 1])", args[0])
		}
		s.Prob = p
		if s.Kind == FaultReorder {
			s.HoldBack, err = duration("hold-back time", args[1])
		}
		return s, err
	case FaultDelay:
		if len(args) != 2 {
			return s, fmt.Errorf("delay takes 2 arguments (a distribution and BASE or BASE+JITTER), got %d", len(args))
		}
		kind, err := parseDelayKind(args[0])
		if err != nil {
			return s, err
		}
		s.DelayKind = kind
		base, jitter, hasJitter := strings.Cut(args[1], "+")
		if hasJitter == (kind == DelayConstant) {
			if kind == DelayConstant {
				return s, fmt.Errorf("constant delay takes BASE, not BASE+JITTER: %q", args[1])
			}
			return s, fmt.Errorf("%s delay takes BASE+JITTER, got %q", kind, args[1])
		}
		if s.BaseDelay, err = duration("base delay", base); err != nil {
			return s, err
		}
		if hasJitter {
			if s.Jitter, err = duration("jitter", jitter); err != nil {
				return s, err
			}
		}
		return s, nil
	case FaultSkew, FaultDrift:
		if err := want(2); err != nil {
			return s, err
		}
		if s.Node, err = node(args[0]); err != nil {
			return s, err
		}
		if s.Kind == FaultSkew {
			s.Skew, err = duration("skew", args[1])
			return s, err
		}
		if s.TickGap, err = duration("tick length", args[1]); err == nil && s.TickGap == 0 {
			err = fmt.Errorf("bad tick length %q (want a positive duration)", args[1])
		}
		return s, err
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
		if s.Shape, err = ParsePartitionShape(args[0]); err != nil {
			return s, err
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
		s.Replays = make([]ReplayPick, 0, strings.Count(args[0], ",")+1)
		for p := range strings.SplitSeq(args[0], ",") {
			age, d, ok := strings.Cut(p, "@")
			a, err1 := strconv.Atoi(age)
			delay, err2 := time.ParseDuration(d)
			if !ok || err1 != nil || err2 != nil || a < 0 || delay < 0 {
				return s, fmt.Errorf("bad replay pick %q (want age@delay)", p)
			}
			if a >= ReplayWindow {
				return s, fmt.Errorf("replay pick %q: no message of age %d is remembered (ages 0..%d)", p, a, ReplayWindow-1)
			}
			s.Replays = append(s.Replays, ReplayPick{Age: a, Delay: delay})
		}
		return s, nil
	}
	return s, fmt.Errorf("unknown fault kind %q", s.Kind)
}

func parseDelayKind(name string) (DelayKind, error) {
	for k := DelayKind(0); k < numDelayKinds; k++ {
		if k.String() == name {
			return k, nil
		}
	}
	return 0, fmt.Errorf("bad delay distribution %q (want one of %s)", name, strings.Join(delayKindNames[:], ", "))
}
