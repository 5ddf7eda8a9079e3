package eval

import (
	"slices"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// FixRandomConstants evaluates in the session, in name order, the zero-arity definitions of the
// root module that TLC evaluates when it starts (constantDefinition) and that choose at random
// (Edges == UNION {... RandomElement(SUBSET (Nodes \ {n})) ...}), so that each is drawn once,
// from the session's Context.Rand, before anything else uses it: TLC evaluates them once in
// SpecProcessor.processConstantDefns, so the search, the ASSUMEs and the layout of a temporal
// PROPERTY quantifying over such a value all see the same one. Evaluated lazily instead, the
// value would depend on what first needs it (a state expanded, whose choices a breadth-first
// search seeds with the state, or a PROPERTY's quantifier), and so on the configuration. An
// evaluation error is ignored, as TLC ignores it there: a later use reports it. Without a
// Context.Rand nothing is evaluated.
func (ss *Session) FixRandomConstants() {
	if ss.ev == nil || ss.ev.ctx == nil || ss.ev.ctx.Rand == nil {
		return
	}
	defs := ss.spec.root.defs
	names := make([]string, 0, len(defs))
	for name, op := range defs {
		if len(op.Params) == 0 && op.body != nil && ss.spec.constantDefinition(op) && ss.spec.DependsOnRun(op.body, op.scope) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		_, _ = ss.Eval(&ast.Ident{Pos: defs[name].Pos, Name: name}, nil)
	}
}
