package check

import (
	"slices"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// aliasFieldOrder is the order TLC prints the fields of the ALIAS record of a counterexample's
// state in: the ALIAS is evaluated afresh for each state, and its record, never normalized,
// prints its fields in the order it was built (RecordValue.PrintTLCState over rcd.names), which
// for an ALIAS written as a record constructor, possibly behind definitions and LETs, is the
// order written. Otherwise (an ALIAS built another way) the fields are printed as normalized
// records are (value.SortNames). names are the fields of the record evaluated.
func (m *tlaModel) aliasFieldOrder(names []string) []string {
	out := slices.Clone(names)
	if written := m.aliasWritten(); len(written) == len(names) {
		same := true
		for _, n := range written {
			if !slices.Contains(names, n) {
				same = false
			}
		}
		if same {
			return written
		}
	}
	value.SortNames(out)
	return out
}

// aliasWritten is the field names of the ALIAS's record constructor, in the order written, or
// nil if the ALIAS is not one.
func (m *tlaModel) aliasWritten() []string {
	x := m.alias.x
	for range 100 {
		switch y := ast.Unparen(x).(type) {
		case *ast.Ident:
			op, ok := m.spec.Definition(y.Name)
			if !ok || op.Arity() != 0 || op.Body() == nil {
				return nil
			}
			x = op.Body()
		case *ast.Let:
			x = y.Body
		case *ast.Record:
			names := make([]string, len(y.Fields))
			for i, f := range y.Fields {
				names[i] = f.Name
			}
			return names
		default:
			return nil
		}
	}
	return nil
}
