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
		fmt.Fprintf(w, "Warning: PROPERTY %s is a liveness or temporal property; it was NOT checked.\n", p)
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
	case InvariantViolated, ActionPropertyViolated:
		kind := "Invariant"
		if res.Verdict == ActionPropertyViolated {
			kind = "Action property"
		}
		if len(res.Trace) == 1 {
			fmt.Fprintf(w, "Error: %s %s is violated by the initial state:\n", kind, res.Violated)
			writeState(w, res.Trace[0])
			fmt.Fprintln(w)
		} else {
			fmt.Fprintf(w, "Error: %s %s is violated.\n", kind, res.Violated)
			writeBehavior(w, res.Trace)
		}
	}
	if res.Mode == Simulate {
		fmt.Fprintf(w, "%d states generated, %d distinct states found.\n", res.Generated, res.Distinct)
		fmt.Fprintf(w, "The depth of the longest simulated behavior is %d.\n", res.Depth)
		writeNotChecked(w, res)
		return
	}
	fmt.Fprintf(w, "%d states generated, %d distinct states found, %d states left on queue.\n", res.Generated, res.Distinct, res.Left)
	fmt.Fprintf(w, "The depth of the complete state graph search is %d.\n", res.Depth)
	writeNotChecked(w, res)
}

// writeNotChecked repeats, after the statistics, that some properties were not checked, so the
// last lines of the report never read as a full pass.
func writeNotChecked(w io.Writer, res Result) {
	if len(res.NotChecked) == 0 {
		return
	}
	fmt.Fprintf(w, "Warning: PROPERTY %s NOT checked (liveness is not supported)", strings.Join(res.NotChecked, ", "))
	if res.Verdict == OK {
		fmt.Fprintf(w, "; exit code %d, not 0", ExitNotChecked)
	}
	fmt.Fprintln(w, ".")
}

func writeBehavior(w io.Writer, trace []Step) {
	fmt.Fprintln(w, "Error: The behavior up to this point is:")
	for i, st := range trace {
		if st.Where != "" {
			fmt.Fprintf(w, "State %d: <%s %s>\n", i+1, st.Action, st.Where)
		} else {
			fmt.Fprintf(w, "State %d: <%s>\n", i+1, st.Action)
		}
		writeState(w, st)
		fmt.Fprintln(w)
	}
}

// writeState prints the variables as TLC does: one `/\ var = value` line each, in declaration
// order.
func writeState(w io.Writer, st Step) {
	for i, v := range st.Vars {
		fmt.Fprintf(w, "/\\ %s = %s\n", v, st.State[i].String())
	}
}

// FormatState renders a state of a counterexample as TLC prints it.
func FormatState(st Step) string {
	var b strings.Builder
	writeState(&b, st)
	return b.String()
}
