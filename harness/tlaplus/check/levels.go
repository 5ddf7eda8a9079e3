package check

import (
	"fmt"
	"path/filepath"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/semantic"
)

// levelRule is the highest level a formula named after a configuration keyword may have, as TLC
// requires: an invariant or a constraint is a state predicate, a next-state relation or an action
// constraint is an action, a symmetry set or a postcondition is a constant.
type levelRule struct {
	what  string
	names []cfg.Name
	max   semantic.Level
}

// checkLevels rejects, before anything is evaluated, a configuration that names a formula of the
// wrong level, such as an INVARIANT with a primed variable or an INIT that is an action: TLC
// refuses these when it starts, and evaluating them would otherwise fail later with a message
// about a prime or a missing state rather than about the configuration. It also rejects a name
// that stands for an operator with parameters, which the configuration cannot supply. The levels
// are those package semantic computes for the definitions; a name it does not know as a
// definition (a constant replaced by the configuration, say) is left to evaluation.
func checkLevels(spec *eval.Spec, specPath string, conf *cfg.Config) error {
	// Loading the spec ran the analysis already, with the same directory (eval.LoadFile).
	sem := spec.Semantic()
	if sem == nil {
		var err error
		if sem, err = semantic.Check(spec.Root, spec.Root.Pos.File(), semantic.Options{Dir: filepath.Dir(specPath)}); err != nil {
			return &LoadError{Err: err}
		}
	}
	one := func(n *cfg.Name) []cfg.Name {
		if n == nil {
			return nil
		}
		return []cfg.Name{*n}
	}
	rules := []levelRule{
		{"INIT", one(conf.Init), semantic.StateLevel},
		{"NEXT", one(conf.Next), semantic.ActionLevel},
		{"SPECIFICATION", one(conf.Specification), semantic.TemporalLevel},
		{"INVARIANT", conf.Invariants, semantic.StateLevel},
		{"PROPERTY", conf.Properties, semantic.TemporalLevel},
		{"CONSTRAINT", conf.Constraints, semantic.StateLevel},
		{"ACTION_CONSTRAINT", conf.ActionConstraints, semantic.ActionLevel},
		{"SYMMETRY", one(conf.Symmetry), semantic.ConstantLevel},
		{"VIEW", one(conf.View), semantic.StateLevel},
		{"ALIAS", one(conf.Alias), semantic.ActionLevel},
		{"POSTCONDITION", one(conf.Postcondition), semantic.ConstantLevel},
	}
	for _, r := range rules {
		for _, n := range r.names {
			sym, ok := sem.Root.Scope[n.Name]
			if !ok || (sym.Kind != semantic.Operator && sym.Kind != semantic.Function) {
				continue
			}
			if sym.Kind == semantic.Operator && sym.Arity > 0 {
				return loadErrorf("%s: %s %s is an operator with %d parameter(s) (defined at %s); the configuration can only name a definition without parameters",
					n.Pos, r.what, n.Name, sym.Arity, sym.Pos)
			}
			if r.what == "PROPERTY" && sym.Level == semantic.ActionLevel {
				// [][A]_v is temporal; an action outside [] would constrain only the first step,
				// which TLC does not check either: SpecProcessor.processConfigProps takes a
				// property of level at most 1 as an implied initial predicate and one of level 3
				// as a temporal property, and stops on any other with
				// EC.TLC_CONFIG_PROPERTY_NOT_CORRECTLY_DEFINED, naming the property (MP).
				return configErrorf("%s: PROPERTY %s: The property %s is not correctly defined.", n.Pos, n.Name, n.Name)
			}
			if sym.Level > r.max && r.what == "INVARIANT" {
				// TLC's SpecProcessor.processConfigInvariants: Assert.fail(EC.TLC_INVARIANT_VIOLATED_LEVEL).
				return &LoadError{Exit: ExitInvariant, Err: fmt.Errorf("%s: %s %s is %s formula (defined at %s), but %s",
					n.Pos, r.what, n.Name, levelArticle(sym.Level), sym.Pos, levelNeed(r.max))}
			}
			if sym.Level > r.max {
				return loadErrorf("%s: %s %s is %s formula (defined at %s), but %s",
					n.Pos, r.what, n.Name, levelArticle(sym.Level), sym.Pos, levelNeed(r.max))
			}
		}
	}
	return nil
}

func levelArticle(l semantic.Level) string {
	switch l {
	case semantic.ConstantLevel:
		return "a constant"
	case semantic.StateLevel:
		return "a state-level"
	case semantic.ActionLevel:
		return "an action-level (primed)"
	}
	return "a temporal"
}

func levelNeed(max semantic.Level) string {
	switch max {
	case semantic.ConstantLevel:
		return "it must be a constant expression (no variables)"
	case semantic.StateLevel:
		return "it must be a state predicate (no primes or temporal operators)"
	}
	return "it must be an action (no temporal operators)"
}
