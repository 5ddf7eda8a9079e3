package semantic

import (
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// Labels (lab:: e, lab(x, y):: e) are checked by SANY's rules (Generator.generateLabel and
// formalParamsEqual, errors 4330-4336):
//   - a label stands in an operator or function definition (a LET definition included), a
//     named theorem or assumption, a numbered proof step's statement, or the body of another
//     label; anywhere else (ASSUME e, an unnamed THEOREM or step, an INSTANCE substitution)
//     it is refused;
//   - its parameters are exactly the identifiers bound between it and the enclosing label or
//     definition (by \A, \E, \AA, \EE, CHOOSE, {x \in S : p}, {e : x \in S}, [x \in S |-> e],
//     a function definition's own bounds, PICK, and a LAMBDA's parameters), each once, in any
//     order: a definition's parameters and identifiers bound outside the enclosing label are
//     not among them;
//   - labels directly in the same definition or label have different names (nested ones may
//     repeat an outer name: lab:: lab:: e is lab!lab);
//   - no label in the value of an EXCEPT update, nor inside a nested ASSUME ... PROVE after a
//     NEW of that ASSUME.

// labelFrame is a definition, theorem, numbered step or label that labels may stand in
// directly: SANY's LS stack entry.
type labelFrame struct {
	depth int             // len(scopes) when the frame opened: bound names above it are its parameters
	names map[string]bool // names of the labels directly in it
}

// openLabels starts a frame whose labels' parameters are the identifiers bound in scopes
// from depth on.
func (x *exprCtx) openLabels(depth int) {
	x.labels = append(x.labels, labelFrame{depth: depth})
}

func (x *exprCtx) closeLabels() { x.labels = x.labels[:len(x.labels)-1] }

// labelled checks the body of a frame opened at the current scope depth.
func (x *exprCtx) labelled(body func() Level) Level {
	x.openLabels(len(x.scopes))
	defer x.closeLabels()
	return body()
}

// label checks lab(params):: e and returns e's level.
func (x *exprCtx) label(e *ast.Label) Level {
	switch {
	case len(x.labels) == 0:
		fail(e.Pos, "label %s is not in a definition or a numbered proof step (SANY: Label not in definition or proof step)", e.Name)
	case x.noLabelsAllowed():
		fail(e.Pos, "label %s is not allowed within the scope of a declaration in a nested ASSUME/PROVE", e.Name)
	case x.except > 0:
		fail(e.Pos, "label %s is inside an EXCEPT clause (SANY: Labels inside EXCEPT clauses are not yet implemented)", e.Name)
	}
	top := len(x.labels) - 1
	lvl := x.labelled(func() Level { return x.expr(e.X) })
	frame := &x.labels[top]
	given := map[*Symbol]bool{}
	for _, p := range e.Params {
		s := x.lookup(p.Name)
		if s == nil || (s.Kind != Bound && s.Kind != Parameter) {
			fail(p.Pos, "illegal parameter %s of label %s: a label's parameters are the identifiers bound around it", p.Name, e.Name)
		}
		if given[s] {
			fail(e.Pos, "repeated formal parameter %s in label %s", p.Name, e.Name)
		}
		given[s] = true
	}
	for _, scope := range x.scopes[frame.depth:] {
		for _, s := range sortedSymbols(scope) {
			if !labelParam(s) {
				continue
			}
			if !given[s] {
				fail(e.Pos, "label %s must contain formal parameter %s (the identifiers bound around a label are its parameters: %s(%s):: ...)", e.Name, s.Name, e.Name, x.boundNames(frame.depth))
			}
			delete(given, s)
		}
	}
	if len(given) > 0 {
		var extra []string
		for _, p := range e.Params {
			if s := x.lookup(p.Name); given[s] {
				extra = append(extra, p.Name)
			}
		}
		fail(e.Pos, "label %s declares extra parameter(s) %s: only identifiers bound between the label and its definition or enclosing label are parameters", e.Name, strings.Join(extra, ", "))
	}
	if frame.names[e.Name] {
		fail(e.Pos, "duplicate label %s", e.Name)
	}
	if frame.names == nil {
		frame.names = map[string]bool{}
	}
	frame.names[e.Name] = true
	return lvl
}

// boundNames lists the identifiers bound in scopes from depth on, in the order they are bound.
func (x *exprCtx) boundNames(depth int) string {
	var names []string
	for _, scope := range x.scopes[depth:] {
		for _, s := range sortedSymbols(scope) {
			if labelParam(s) {
				names = append(names, s.Name)
			}
		}
	}
	return strings.Join(names, ", ")
}

// noLabelsAllowed reports whether the expression being checked lies in a nested ASSUME ...
// PROVE (depth 2 or more) after one of its NEW declarations (SANY's noLabelsAllowed).
func (x *exprCtx) noLabelsAllowed() bool {
	for i := 1; i < len(x.apDecl); i++ {
		if x.apDecl[i] {
			return true
		}
	}
	return false
}

// labelParam reports whether s, bound inside a label frame, must be a parameter of the labels
// in its scope: a bound identifier or a LAMBDA's parameter.
func labelParam(s *Symbol) bool { return s.Kind == Bound || s.lambda }
