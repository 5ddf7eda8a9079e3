package check

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// WriteReport prints res the way TLC does: the error and its counterexample, if any, then the
// closing statistics. `dsref check` prints exactly this (see WriteReportWith for its options).
func WriteReport(w io.Writer, res Result) {
	WriteReportWith(w, res, ReportOptions{})
}

// ReportOptions are the options of TLC's command line that change how a result is printed.
type ReportOptions struct {
	// DiffTrace prints each state of a counterexample after the first with only the variables
	// whose values differ from the state before, as TLC's -difftrace does
	// (TLCStateMut.toString(lastState)); the state numbers are kept. A state equal to the one
	// before, which only a simulated behavior holds, is left out, and TLC's note on how many
	// were follows the behavior. With an ALIAS, the ALIAS records are compared.
	DiffTrace bool
	// NoWarning leaves out TLC's warnings, as TLC's -nowarning does (TLCGlobals.warn, which
	// MP.printWarning tests): those of loading the model (Result.Warnings) and the one after a
	// stuttering counterexample (Lasso.Hint). What this engine adds is kept: that a PROPERTY was
	// not checked (the reason for exit code 3) and that a lasso found under SYMMETRY fails the
	// fairness.
	NoWarning bool
}

// WriteReportWith is WriteReport with the printing options o.
func WriteReportWith(w io.Writer, res Result, o ReportOptions) {
	for _, warning := range res.Warnings {
		if !o.NoWarning {
			fmt.Fprintf(w, "Warning: %s\n", warning)
		}
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
		if res.AssumptionError != "" {
			// EC.TLC_ASSUMPTION_EVALUATION_ERROR.
			fmt.Fprintf(w, "Error: Evaluating assumption %s failed.\n%s\n", res.Violated, res.AssumptionError)
		} else {
			fmt.Fprintf(w, "Error: Assumption %s is false.\n", res.Violated)
		}
	case PostconditionFailed:
		fmt.Fprintf(w, "Error: The postcondition %s is violated.\n", res.Violated)
	case Deadlock:
		fmt.Fprintln(w, "Error: Deadlock reached.")
		writeBehaviorWith(w, res, o)
	case LivenessViolated, TemporalSafetyViolated:
		writeLiveness(w, res, o)
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
			writeBehaviorWith(w, res, o)
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
		// TLC's ModelChecker.printSummary reports the coverage before the statistics.
		WriteCoverage(w, res.Coverage, time.Now(), res.Elapsed)
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

// writeBehaviorWith is writeBehavior for a violation's counterexample, printed with o.
func writeBehaviorWith(w io.Writer, res Result, o ReportOptions) {
	fmt.Fprintln(w, "Error: The behavior up to this point is:")
	writeStatesWith(w, res, o)
}

func writeStates(w io.Writer, trace []Step) {
	for i, st := range trace {
		fmt.Fprintf(w, "State %d: %s\n", i+1, actionLabel(st.Action, st.Where))
		writeState(w, st)
		fmt.Fprintln(w)
	}
}

// writeStatesWith prints res.Trace as writeStates does, or with o.DiffTrace as TLC's -difftrace:
// after the first state only the variables that changed, and in a simulated behavior a state
// equal to the one before left out (Simulator.printBehavior), with TLC's note of how many were.
func writeStatesWith(w io.Writer, res Result, o ReportOptions) {
	if !o.DiffTrace {
		writeStates(w, res.Trace)
		return
	}
	omitted := 0
	for i, st := range res.Trace {
		if i == 0 {
			fmt.Fprintf(w, "State %d: %s\n", i+1, actionLabel(st.Action, st.Where))
			writeState(w, st)
			fmt.Fprintln(w)
			continue
		}
		changed := changedVars(res.Trace[i-1], st)
		if len(changed) == 0 && res.Mode == Simulate {
			omitted++
			continue
		}
		fmt.Fprintf(w, "State %d: %s\n", i+1, actionLabel(st.Action, st.Where))
		for _, j := range changed {
			fmt.Fprintf(w, "%s\n", varLine(len(st.Vars), st.Vars[j], value.Pretty(st.State[j])))
		}
		fmt.Fprintln(w)
	}
	if omitted > 0 {
		fmt.Fprintf(w, "difftrace requested: Shortened behavior by omitting finite stuttering (%d states), which is an artifact of simulation mode.\n\n", omitted)
	}
}

// changedVars lists the indexes of the variables of cur whose values differ from prev's (every
// variable when the two name different variables, as ALIAS records may).
func changedVars(prev, cur Step) []int {
	var out []int
	same := slices.Equal(prev.Vars, cur.Vars)
	for j := range cur.Vars {
		if same {
			if eq, err := value.Equal(prev.State[j], cur.State[j]); err == nil && eq {
				continue
			}
		}
		out = append(out, j)
	}
	return out
}

func actionLabel(action, where string) string {
	if where != "" {
		return "<" + action + " " + where + ">"
	}
	return "<" + action + ">"
}

// writeLiveness prints a liveness counterexample as TLC does: the violated properties, the
// states of the lasso, and how it loops: "Back to state N: <action>" or "State N: Stuttering"
// (nothing for a finite counterexample, TemporalSafetyViolated).
func writeLiveness(w io.Writer, res Result, o ReportOptions) {
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
	writeStatesWith(w, res, o)
	if l := res.Lasso; l != nil {
		if l.Stuttering {
			fmt.Fprintf(w, "State %d: Stuttering\n", len(res.Trace)+1)
		} else {
			fmt.Fprintf(w, "Back to state %d: %s\n", l.BackTo, actionLabel(l.Action, l.Where))
		}
		fmt.Fprintln(w)
		if l.Warning != "" && !(o.NoWarning && l.Hint) {
			fmt.Fprintf(w, "Warning: %s\n", l.Warning)
		}
	}
}

// writeState prints the variables as TLC does: one `/\ var = value` line each, in declaration
// order.
func writeState(w io.Writer, st Step) {
	for i, v := range st.Vars {
		fmt.Fprintf(w, "%s\n", varLine(len(st.Vars), v, value.Pretty(st.State[i])))
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
