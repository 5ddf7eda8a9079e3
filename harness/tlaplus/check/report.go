package check

import (
	"fmt"
	"io"
	"strings"
)

// WriteReport prints res the way TLC does: the error and its counterexample, if any, then the
// closing statistics. `dsref check` prints exactly this.
func WriteReport(w io.Writer, res Result) {
	for _, warning := range res.Warnings {
		fmt.Fprintf(w, "Warning: %s\n", warning)
	}
	for _, p := range res.NotChecked {
		why := res.NotCheckedWhy[p]
		if why == "" {
			why = "only a breadth-first search checks temporal properties"
		}
		fmt.Fprintf(w, "Warning: PROPERTY %s is a temporal property; it was NOT checked: %s.\n", p, why)
	}
	if t := res.Temporal; t != nil {
		fmt.Fprintf(w, "Implied-temporal checking--satisfiability problem has %d branches.\n", t.Branches)
		which := "complete"
		if t.Partial {
			which = "current"
		}
		fmt.Fprintf(w, "Checking temporal properties for the %s state space with %d total distinct states.\n", which, t.States)
	}
	switch res.Verdict {
	case OK:
		if res.Mode == Simulate {
			fmt.Fprintln(w, "Simulation completed. No error has been found.")
		} else {
			fmt.Fprintln(w, "Model checking completed. No error has been found.")
		}
	case AssumptionFailed:
		fmt.Fprintf(w, "Error: Assumption %s is false.\n", res.Violated)
	case PostconditionFailed:
		fmt.Fprintf(w, "Error: The postcondition %s is violated.\n", res.Violated)
	case Deadlock:
		fmt.Fprintln(w, "Error: Deadlock reached.")
		writeBehavior(w, res.Trace)
	case LivenessViolated:
		writeLiveness(w, res)
	case InvariantViolated, ActionPropertyViolated:
		kind := "Invariant"
		if res.Verdict == ActionPropertyViolated {
			kind = "Action property"
		}
		if len(res.Trace) == 1 {
			// A PROPERTY false in an initial state is one of TLC's implied-inits (the
			// formula's state-level part), reported by TLC as TLC_PROPERTY_VIOLATED_INITIAL:
			// "Property P is violated by the initial state:".
			if res.Verdict == ActionPropertyViolated {
				kind = "Property"
			}
			fmt.Fprintf(w, "Error: %s %s is violated by the initial state:\n", kind, res.Violated)
			writeState(w, res.Trace[0])
			fmt.Fprintln(w)
		} else {
			fmt.Fprintf(w, "Error: %s %s is violated.\n", kind, res.Violated)
			writeBehavior(w, res.Trace)
		}
	}
	if res.Postcondition != "" {
		fmt.Fprintf(w, "Error: %s\n", res.Postcondition)
	}
	if res.Mode == Simulate {
		fmt.Fprintf(w, "%d states generated, %d distinct states found.\n", res.Generated, res.Distinct)
		fmt.Fprintf(w, "The depth of the longest simulated behavior is %d.\n", res.Depth)
		writeNotChecked(w, res)
		return
	}
	if !stoppedBeforeSearch(res) {
		fmt.Fprintf(w, "%d states generated, %d distinct states found, %d states left on queue.\n", res.Generated, res.Distinct, res.Left)
		fmt.Fprintf(w, "The depth of the complete state graph search is %d.\n", res.Depth)
	}
	writeNotChecked(w, res)
}

// stoppedBeforeSearch reports whether a model-checking run ended before its search began: an
// ASSUME is false, or an initial state violates an invariant or a PROPERTY. TLC's
// ModelChecker.modelCheckImpl (and DFIDModelChecker's) returns from checkAssumptions or doInit
// without printing its summary then, so its report has no statistics lines either.
func stoppedBeforeSearch(res Result) bool {
	switch res.Verdict {
	case AssumptionFailed:
		return true
	case InvariantViolated, ActionPropertyViolated:
		return len(res.Trace) == 1
	}
	return false
}

// writeNotChecked repeats, after the statistics, that some properties were not checked, so the
// last lines of the report never read as a full pass.
func writeNotChecked(w io.Writer, res Result) {
	if len(res.NotChecked) == 0 {
		return
	}
	fmt.Fprintf(w, "Warning: PROPERTY %s NOT checked", strings.Join(res.NotChecked, ", "))
	if res.Verdict == OK {
		fmt.Fprintf(w, "; exit code %d, not 0", ExitNotChecked)
	}
	fmt.Fprintln(w, ".")
}

func writeBehavior(w io.Writer, trace []Step) {
	fmt.Fprintln(w, "Error: The behavior up to this point is:")
	writeStates(w, trace)
}

func writeStates(w io.Writer, trace []Step) {
	for i, st := range trace {
		fmt.Fprintf(w, "State %d: %s\n", i+1, actionLabel(st.Action, st.Where))
		writeState(w, st)
		fmt.Fprintln(w)
	}
}

func actionLabel(action, where string) string {
	if where != "" {
		return "<" + action + " " + where + ">"
	}
	return "<" + action + ">"
}

// writeLiveness prints a liveness counterexample as TLC does: the violated properties, the
// states of the lasso, and how it loops: "Back to state N: <action>" or "State N: Stuttering".
func writeLiveness(w io.Writer, res Result) {
	names := strings.Split(res.Violated, ", ")
	switch len(names) {
	case 1:
		fmt.Fprintf(w, "Error: Temporal property %s was violated.\n", names[0])
	case 2:
		fmt.Fprintf(w, "Error: Temporal properties %s and %s were violated.\n", names[0], names[1])
	default:
		fmt.Fprintf(w, "Error: Temporal properties %s, and %s were violated.\n", strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Error: The following behavior constitutes a counter-example:")
	fmt.Fprintln(w)
	writeStates(w, res.Trace)
	if l := res.Lasso; l != nil {
		if l.Stuttering {
			fmt.Fprintf(w, "State %d: Stuttering\n", len(res.Trace)+1)
		} else {
			fmt.Fprintf(w, "Back to state %d: %s\n", l.BackTo, actionLabel(l.Action, l.Where))
		}
		fmt.Fprintln(w)
		if l.Warning != "" {
			fmt.Fprintf(w, "Warning: %s\n", l.Warning)
		}
	}
}

// writeState prints the variables as TLC does: one `/\ var = value` line each, in declaration
// order.
func writeState(w io.Writer, st Step) {
	for i, v := range st.Vars {
		fmt.Fprintf(w, "%s\n", varLine(len(st.Vars), v, st.State[i].String()))
	}
}

// varLine is one variable of a state of n variables as TLC prints it (TLCStateMut.toString, and
// an ALIAS record's RecordValue.PrintTLCState): "/\ x = v" in a conjunction, but "x = v" alone
// when the state has a single variable (or the ALIAS record a single field).
func varLine(n int, name, val string) string {
	if n == 1 {
		return name + " = " + val
	}
	return "/\\ " + name + " = " + val
}

// FormatState renders a state of a counterexample as TLC prints it.
func FormatState(st Step) string {
	var b strings.Builder
	writeState(&b, st)
	return b.String()
}
