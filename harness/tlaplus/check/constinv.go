package check

import (
	"fmt"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/semantic"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// constantInvariantWarnings are TLC's warnings (EC.TLC_INVARIANT_CONSTANT_LEVEL) for each
// INVARIANT that is a constant-level formula, one that no state can change: TLC evaluates it
// when it starts and says what it evaluates to, suggesting an ASSUME. It is still checked as an
// invariant, so one that is FALSE is violated by the first initial state, as in TLC. The
// wording, and the line after it that TLC's warnings end with, are TLC's (its output for such an
// invariant; TLC's test ConstLevelInvariantTest). An invariant whose evaluation fails here is
// left to the search, which reports the error.
func constantInvariantWarnings(m *tlaModel, conf *cfg.Config) []string {
	sem := m.spec.Semantic()
	if sem == nil {
		return nil
	}
	var out []string
	for _, n := range conf.Invariants {
		sym, ok := sem.Root.Scope[n.Name]
		if !ok || sym.Kind != semantic.Operator || sym.Arity != 0 || sym.Level != semantic.ConstantLevel {
			continue
		}
		v, err := m.loading.EvalDef(n.Name)
		if err != nil {
			continue
		}
		b, ok := v.(value.Bool)
		if !ok {
			continue
		}
		out = append(out, fmt.Sprintf("The invariant %s is a constant-level formula (i.e., it contains no variables, primes, or temporal operators) and evaluates to %s. "+
			"To assert constant-level formulas in your spec, use ASSUME ConstInv. If you optionally want to give the assumption a name, write ASSUME YourAssumption == ConstInv instead. "+
			"See https://explain.tlapl.us/assumptions-and-invariants for additional details.\n(Use the -nowarning option to disable this warning.)", n.Name, value.TLCString(b)))
	}
	return out
}
