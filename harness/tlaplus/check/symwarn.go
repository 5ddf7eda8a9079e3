package check

import (
	"fmt"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// symmetrySetWarning is TLC's warning (EC.TLC_SYMMETRY_SET_TOO_SMALL) when a set the SYMMETRY
// definition permutes, Permutations(S) in its body with S a name, has fewer than two elements: it
// permutes nothing. TLC names every such set in one message, "The set S has been defined to be a
// symmetry set but contains less than two elements." for one, "The sets A, and B have been
// defined ... but contain ..." for several (MP's "The set%1% %2% %3% been defined to be a
// symmetry set but contain%4% less than two elements.", with the parameters TLC's test Github432
// expects: "", "Humans", "has", "s" for Humans = {Alice}; "s", "Humans, and Others", "have", ""
// for Humans = {} and Others = {Emu}; none for two sets of two). It ends with the line TLC's
// first warning ends with. A set that fails to evaluate is left to loading the SYMMETRY, which
// reports the error.
func (m *tlaModel) symmetrySetWarning(e namedExpr) string {
	body := m.definitionBody(e)
	var small []string
	ast.Inspect(body, func(n ast.Node) bool {
		app, ok := n.(*ast.OpApp)
		if !ok || app.Name != "Permutations" || len(app.Prefix) > 0 || len(app.Args) != 1 {
			return true
		}
		id, ok := ast.Unparen(app.Args[0]).(*ast.Ident)
		if !ok {
			return true
		}
		v, err := m.loading.Eval(id, m.root)
		if err != nil {
			return true
		}
		s, err := value.Enumerate(v)
		if err == nil && len(s.Elems()) < 2 {
			small = append(small, id.Name)
		}
		return true
	})
	if len(small) == 0 {
		return ""
	}
	plural, verb, singular := "", "has", "s"
	if len(small) > 1 {
		plural, verb, singular = "s", "have", ""
	}
	var names strings.Builder
	for i, n := range small {
		switch {
		case i > 0 && i == len(small)-1:
			names.WriteString(", and ")
		case i > 0:
			names.WriteString(", ")
		}
		names.WriteString(n)
	}
	return fmt.Sprintf("The set%s %s %s been defined to be a symmetry set but contain%s less than two elements.\n(Use the -nowarning option to disable this warning.)",
		plural, names.String(), verb, singular)
}
