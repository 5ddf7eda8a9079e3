// Package tlaactions reads the actions of a TLA+ module, so that tests can check a core's
// trace vocabulary against its specification: every trace action a core emits must name an
// action of its module (issue #14: every emitted event is a modeled action).
package tlaactions

import (
	"fmt"
	"os"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

// Of parses the module at path and returns its definitions and its actions: the definitions
// Next applies, plus those applied by a dispatcher among them whose body is a disjunction of
// actions. Helpers such as Send are definitions but not actions.
func Of(path string) (defs, actions map[string]bool, err error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	mod, err := syntax.ParseModule(path, src)
	if err != nil {
		return nil, nil, err
	}
	bodies := map[string]ast.Expr{}
	for _, u := range mod.Units {
		if d, ok := u.(*ast.OpDef); ok {
			bodies[d.Name] = d.Body
		}
	}
	if bodies["Next"] == nil {
		return nil, nil, fmt.Errorf("%s defines no Next", path)
	}
	// The sets a quantifier ranges over (Ballot in \E b \in Ballot, NextConfigs in
	// \E c \in NextConfigs(...)) are not actions: only the quantifier's body is looked into.
	var applied func(x ast.Expr) []string
	applied = func(x ast.Expr) []string {
		var names []string
		ast.Inspect(x, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Quant:
				names = append(names, applied(n.Body)...)
				return false
			case *ast.OpApp:
				if _, ok := bodies[n.Name]; ok && len(n.Prefix) == 0 {
					names = append(names, n.Name)
				}
			case *ast.Ident:
				if _, ok := bodies[n.Name]; ok {
					names = append(names, n.Name)
				}
			}
			return true
		})
		return names
	}
	next := bodies["Next"]
	actions = map[string]bool{}
	for _, name := range applied(next) {
		actions[name] = true
		body := bodies[name]
		for {
			let, ok := body.(*ast.Let)
			if !ok {
				break
			}
			body = let.Body
		}
		if j, ok := body.(*ast.Junction); ok && j.Kind == ast.Or {
			for _, sub := range applied(j) {
				actions[sub] = true
			}
		}
	}
	defs = map[string]bool{}
	for name := range bodies {
		defs[name] = true
	}
	return defs, actions, nil
}
