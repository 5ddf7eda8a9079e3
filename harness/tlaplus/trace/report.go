package trace

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// WriteReport writes a validation result for people: a one-line verdict, and for a failure the
// event, why no behavior explains it, and each candidate state with what disagrees.
func WriteReport(w io.Writer, r *Result) {
	if r.OK() {
		fmt.Fprintf(w, "%s: the trace is a behavior of %s: %d events validated in %v, peak frontier %d state(s), %d state(s) generated\n",
			r.Trace, r.Spec, r.Events, r.Elapsed.Round(1e6), r.PeakFrontier, r.States)
		return
	}
	f := r.Failure
	fmt.Fprintf(w, "%s:%d: no behavior of %s explains event %d of %d (the %d before it are validated)\n",
		r.Trace, f.Line, r.Spec, f.Index, r.Events, r.Validated)
	if f.Event != nil {
		fmt.Fprintf(w, "  event: %s\n", f.Event.Text())
	}
	fmt.Fprintf(w, "  %s\n", f.Reason)
	for i, c := range f.Candidates {
		fmt.Fprintf(w, "  candidate %d of %d:\n", i+1, len(f.Candidates)+f.Omitted)
		switch {
		case c.Disabled != "":
			fmt.Fprintf(w, "    the action cannot be taken: %s\n", c.Disabled)
		case c.Enabled && len(c.Mismatches) > 0:
			fmt.Fprintf(w, "    the action leads to %d state(s); the closest disagrees with the event on:\n", c.Successors)
			for _, m := range c.Mismatches {
				if m.Expected != "" || m.Seen != "" {
					fmt.Fprintf(w, "      %s: expected %s, seen %s   [%s]\n", m.Field, m.Expected, m.Seen, m.Condition)
				} else {
					fmt.Fprintf(w, "      %s is false\n", m.Condition)
				}
			}
		}
		fmt.Fprintf(w, "    state:\n")
		for _, v := range c.State {
			fmt.Fprintf(w, "      /\\ %s = %s\n", v.Name, clipState(v.Value))
		}
	}
	if f.Omitted > 0 {
		fmt.Fprintf(w, "  (%d more candidate state(s) not shown)\n", f.Omitted)
	}
}

// WriteCoverage writes how many validated events each action had, sorted by action.
func WriteCoverage(w io.Writer, actions map[string]int) {
	names := make([]string, 0, len(actions))
	for a := range actions {
		names = append(names, a)
	}
	sort.Strings(names)
	for _, a := range names {
		fmt.Fprintf(w, "  %-30s %d\n", a, actions[a])
	}
}

func clipState(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 400 {
		return s[:397] + "..."
	}
	return s
}
