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
	return x.labelBody(e.Pos, e.Name, e.Params, func() Level { return x.expr(e.X) })
}

// labelBody checks a label at pos named name with the given parameters whose body body checks,
// and returns the body's level: the body is an expression, or a nested ASSUME ... PROVE of an
// assumption list (lab :: ASSUME ... PROVE ..., SANY's AssumeProve production and LabelNode).
func (x *exprCtx) labelBody(pos ast.Pos, name string, params []*ast.Ident, body func() Level) Level {
	if x.quiet > 0 {
		return body()
	}
	switch {
	case len(x.labels) == 0:
		fail(pos, "label %s is not in a definition or a numbered proof step (SANY: Label not in definition or proof step)", name)
	case x.noLabelsAllowed():
		fail(pos, "label %s is not allowed within the scope of a declaration in a nested ASSUME/PROVE", name)
	case x.except > 0:
		fail(pos, "label %s is inside an EXCEPT clause (SANY: Labels inside EXCEPT clauses are not yet implemented)", name)
	}
	top := len(x.labels) - 1
	lvl := x.labelled(body)
	frame := &x.labels[top]
	given := map[*Symbol]bool{}
	for _, p := range params {
		s := x.lookup(p.Name)
		if s == nil || (s.Kind != Bound && s.Kind != Parameter) {
			fail(p.Pos, "illegal parameter %s of label %s: a label's parameters are the identifiers bound around it", p.Name, name)
		}
		if given[s] {
			fail(pos, "repeated formal parameter %s in label %s", p.Name, name)
		}
		given[s] = true
	}
	for _, scope := range x.scopes[frame.depth:] {
		for _, s := range sortedSymbols(scope) {
			if !labelParam(s) {
				continue
			}
			if !given[s] {
				fail(pos, "label %s must contain formal parameter %s (the identifiers bound around a label are its parameters: %s(%s):: ...)", name, s.Name, name, x.boundNames(frame.depth))
			}
			delete(given, s)
		}
	}
	if len(given) > 0 {
		var extra []string
		for _, p := range params {
			if s := x.lookup(p.Name); given[s] {
				extra = append(extra, p.Name)
			}
		}
		fail(pos, "label %s declares extra parameter(s) %s: only identifiers bound between the label and its definition or enclosing label are parameters", name, strings.Join(extra, ", "))
	}
	if frame.names[name] {
		fail(pos, "duplicate label %s", name)
	}
	if frame.names == nil {
		frame.names = map[string]bool{}
	}
	frame.names[name] = true
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
