package trace

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/check"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// A Failure is the first event no behavior of the specification explains: every state
// consistent with the events before it (the candidates) either cannot take the action the event
// names, or takes it to a state that disagrees with what the event observed.
type Failure struct {
	// Index is the event's position in TraceLog, Line its line in the file.
	Index, Line int
	Event       *Event
	// Reason says in one line why no candidate explains the event.
	Reason string
	// Candidates explains up to Options.Candidates of the states consistent with the prefix;
	// Omitted counts the others.
	Candidates []Candidate
	Omitted    int
}

// A Candidate is one state consistent with the trace before the failing event.
type Candidate struct {
	// State lists the variables and their values.
	State []Var
	// Enabled reports whether the action the event names can be taken from this state
	// (TraceAction has a successor).
	Enabled bool
	// Disabled, when the action cannot be taken, is its first condition that is false here.
	Disabled string
	// Mismatches, when it can, are the observations of the event the step's outcome disagrees
	// with (for the successor that disagrees least, if there are several).
	Mismatches []Mismatch
	// Successors is the number of states the action leads to.
	Successors int
}

// A Var is one variable of a state.
type Var struct{ Name, Value string }

// A Mismatch is an observation of the event that the specification's step does not produce.
type Mismatch struct {
	// Field is the event's field ("term", "msg.index"), or the condition's text when the
	// observation is not a comparison with a field.
	Field string
	// Expected is the specification's value, Seen the trace's (empty when not a comparison).
	Expected, Seen string
	// Condition is the observation as written in the trace module, with its position.
	Condition string
}

// explain builds the Failure for event pos, which no state of cands leads past.
func (v *validator) explain(pos int, cands []check.State) *Failure {
	ev := &v.events[pos-1]
	f := &Failure{Index: pos, Line: ev.Line, Event: ev}
	hasAction, hasObserved := v.mod.hasAction, v.mod.hasObserved
	if !hasAction {
		f.Reason = fmt.Sprintf("no step of TraceNext from any of the %d candidate state(s) explains the event (define TraceAction and TraceObserved in the trace module for details)", len(cands))
	}
	anyEnabled := false
	for i, s := range cands {
		if i == v.opts.Candidates {
			f.Omitted = len(cands) - i
			break
		}
		c := Candidate{State: v.vars(s)}
		if hasAction {
			v.explainCandidate(&c, pos, s, hasObserved)
			anyEnabled = anyEnabled || c.Enabled
		}
		f.Candidates = append(f.Candidates, c)
	}
	if hasAction {
		action := ev.Action
		if action == "" {
			action = "the event's action"
		}
		switch {
		case !anyEnabled:
			f.Reason = fmt.Sprintf("%s cannot be taken from any of the %d state(s) consistent with the trace before it", action, len(cands))
		default:
			f.Reason = fmt.Sprintf("%s can be taken, but its outcome disagrees with what the event observed", action)
		}
	}
	return f
}

func (v *validator) vars(s check.State) []Var {
	out := make([]Var, 0, len(s))
	for i, name := range v.st.Vars() {
		out = append(out, Var{Name: name, Value: s[i].String()})
	}
	return out
}

func (v *validator) explainCandidate(c *Candidate, pos int, s check.State, hasObserved bool) {
	sc := v.mod.eventScope(&v.events[pos-1])
	var succ []check.State
	err := v.st.Successors(s, v.mod.action, sc, func(t check.State) error {
		succ = append(succ, t)
		return nil
	})
	if err != nil {
		c.Disabled = "evaluating the action: " + err.Error()
		return
	}
	c.Successors = len(succ)
	if len(succ) == 0 {
		c.Disabled = v.whyFalse(v.mod.actionOnly, sc, s, 0)
		if c.Disabled == "" {
			c.Disabled = "no condition of the action is false on its own; their combination is"
		}
		return
	}
	c.Enabled = true
	if !hasObserved {
		return
	}
	var best []Mismatch
	for i, t := range succ {
		mm := v.mismatches(v.mod.observed, sc, s, t, nil, 0)
		if i == 0 || len(mm) < len(best) {
			best = mm
		}
	}
	c.Mismatches = best
}

// maxExplainDepth bounds how deep explanations follow definitions.
const maxExplainDepth = 64

func (v *validator) unfold(x ast.Expr, sc *eval.Scope, s check.State) (ast.Expr, *eval.Scope) {
	out, osc, err := unfold(v.spec, x, sc, s)
	if err != nil {
		return x, sc
	}
	if osc == nil {
		osc = sc
	}
	return out, osc
}

// whyFalse explains why the action x (in scope sc) has no successor from s: the first of its
// conditions, followed through conjunctions, disjunctions, CASE, IF, LET and definitions, that
// is false in s. Conditions that read primed variables are skipped. It returns "" if it finds
// none.
func (v *validator) whyFalse(x ast.Expr, sc *eval.Scope, s check.State, depth int) string {
	if depth > maxExplainDepth {
		return ""
	}
	x, sc = v.unfold(x, sc, s)
	next := make(check.State, len(s))
	switch y := x.(type) {
	case *ast.Junction:
		if y.Kind == ast.And {
			return v.whyConj(y.Items, sc, s, next, depth)
		}
		return v.whyDisj(y.Items, sc, s, depth)
	case *ast.InfixExpr:
		switch y.Op {
		case "/\\":
			return v.whyConj([]ast.Expr{y.L, y.R}, sc, s, next, depth)
		case "\\/":
			return v.whyDisj([]ast.Expr{y.L, y.R}, sc, s, depth)
		}
	case *ast.Case:
		for _, arm := range y.Arms {
			c, err := v.st.Eval(arm.Cond, sc, s, next)
			if err != nil {
				return ""
			}
			if c == value.True {
				return v.whyFalse(arm.Value, sc, s, depth+1)
			}
		}
		if y.Other != nil {
			return v.whyFalse(y.Other, sc, s, depth+1)
		}
		return "no CASE arm applies at " + y.Pos.String()
	case *ast.If:
		c, err := v.st.Eval(y.Cond, sc, s, next)
		if err != nil {
			return ""
		}
		if c == value.True {
			return v.whyFalse(y.Then, sc, s, depth+1)
		}
		return v.whyFalse(y.Else, sc, s, depth+1)
	case *ast.Let:
		inner, err := enterLet(v.spec, y, sc)
		if err != nil {
			return ""
		}
		return v.whyFalse(y.Body, inner, s, depth+1)
	}
	val, err := v.st.Eval(x, sc, s, next)
	if err != nil || val != value.False {
		return ""
	}
	return v.describeFalse(x, sc, s)
}

func (v *validator) whyConj(items []ast.Expr, sc *eval.Scope, s, next check.State, depth int) string {
	for _, it := range items {
		val, err := v.st.Eval(it, sc, s, next)
		if err != nil {
			var up *eval.UnboundPrimeError
			if errors.As(err, &up) {
				continue // an assignment, or a condition on the next state: not a guard
			}
			return "evaluating " + clip(syntax.PrintExpr(it)) + ": " + err.Error()
		}
		if val == value.False {
			if why := v.whyFalse(it, sc, s, depth+1); why != "" {
				return why
			}
			return v.describeFalse(it, sc, s)
		}
	}
	return ""
}

func (v *validator) whyDisj(items []ast.Expr, sc *eval.Scope, s check.State, depth int) string {
	var parts []string
	for i, it := range items {
		why := v.whyFalse(it, sc, s, depth+1)
		if why == "" {
			why = clip(syntax.PrintExpr(it)) + " has no successor"
		}
		parts = append(parts, fmt.Sprintf("(%d) %s", i+1, why))
	}
	return fmt.Sprintf("none of %d alternatives applies: %s", len(items), strings.Join(parts, "; "))
}

// describeFalse renders a false condition, with the values of both sides of a comparison.
func (v *validator) describeFalse(x ast.Expr, sc *eval.Scope, s check.State) string {
	text := clip(syntax.PrintExpr(x)) + " is FALSE (" + x.Position().String() + ")"
	y, ok := ast.Unparen(x).(*ast.InfixExpr)
	if !ok {
		return text
	}
	switch y.Op {
	case "=", "/=", "#", "<", "<=", "=<", ">", ">=", "\\in", "\\notin", "\\subseteq":
	default:
		return text
	}
	next := make(check.State, len(s))
	l, errL := v.st.Eval(y.L, sc, s, next)
	r, errR := v.st.Eval(y.R, sc, s, next)
	if errL != nil || errR != nil {
		return text
	}
	return fmt.Sprintf("%s: %s is %s, %s is %s", text, clip(syntax.PrintExpr(y.L)), value.Abbrev(l), clip(syntax.PrintExpr(y.R)), value.Abbrev(r))
}

// mismatches evaluates the observations x on the step s -> t and returns those that are false.
func (v *validator) mismatches(x ast.Expr, sc *eval.Scope, s, t check.State, out []Mismatch, depth int) []Mismatch {
	if depth > maxExplainDepth {
		return out
	}
	x, sc = v.unfold(x, sc, s)
	switch y := x.(type) {
	case *ast.Junction:
		if y.Kind == ast.And {
			for _, it := range y.Items {
				out = v.mismatches(it, sc, s, t, out, depth+1)
			}
			return out
		}
	case *ast.InfixExpr:
		if y.Op == "/\\" {
			out = v.mismatches(y.L, sc, s, t, out, depth+1)
			return v.mismatches(y.R, sc, s, t, out, depth+1)
		}
	case *ast.Let:
		if inner, err := enterLet(v.spec, y, sc); err == nil {
			return v.mismatches(y.Body, inner, s, t, out, depth+1)
		}
	case *ast.If:
		if c, err := v.st.Eval(y.Cond, sc, s, t); err == nil {
			if c == value.True {
				return v.mismatches(y.Then, sc, s, t, out, depth+1)
			}
			return v.mismatches(y.Else, sc, s, t, out, depth+1)
		}
	}
	val, err := v.st.Eval(x, sc, s, t)
	cond := clip(syntax.PrintExpr(x)) + " (" + x.Position().String() + ")"
	if err != nil {
		return append(out, Mismatch{Field: fieldOf(x), Condition: cond, Seen: "error: " + err.Error()})
	}
	if val == value.True {
		return out
	}
	m := Mismatch{Field: clip(syntax.PrintExpr(x)), Condition: cond}
	if eq, ok := ast.Unparen(x).(*ast.InfixExpr); ok && eq.Op == "=" {
		specSide, traceSide := eq.L, eq.R
		if fieldPath(eq.R) == "" && fieldPath(eq.L) != "" {
			specSide, traceSide = eq.R, eq.L
		}
		if f := fieldPath(traceSide); f != "" {
			m.Field = f
		}
		if a, err := v.st.Eval(specSide, sc, s, t); err == nil {
			m.Expected = a.String()
		}
		if b, err := v.st.Eval(traceSide, sc, s, t); err == nil {
			m.Seen = b.String()
		}
	}
	return append(out, m)
}

// fieldOf is fieldPath of either side of a comparison, or the text of x.
func fieldOf(x ast.Expr) string {
	if eq, ok := ast.Unparen(x).(*ast.InfixExpr); ok {
		if f := fieldPath(eq.R); f != "" {
			return f
		}
		if f := fieldPath(eq.L); f != "" {
			return f
		}
	}
	return clip(syntax.PrintExpr(x))
}

// fieldPath returns "msg.term" for e.msg.term (a chain of record field selections on a name),
// looking through functions applied to it (Len(e.log) is the field log), or "".
func fieldPath(x ast.Expr) string {
	switch y := ast.Unparen(x).(type) {
	case *ast.Dot:
		if _, root := ast.Unparen(y.X).(*ast.Ident); root {
			return y.Field
		}
		if p := fieldPath(y.X); p != "" {
			return p + "." + y.Field
		}
	case *ast.OpApp:
		if len(y.Args) == 1 {
			return fieldPath(y.Args[0])
		}
	case *ast.FuncApp:
		if len(y.Args) == 1 {
			return fieldPath(y.Func)
		}
	}
	return ""
}

func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 160 {
		return s[:157] + "..."
	}
	return s
}
