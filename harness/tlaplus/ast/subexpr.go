package ast

import "fmt"

// SelectorKind says what a step of a subexpression name selects.
type SelectorKind int

const (
	// SelNumber is `!i`: the i-th operand (counting from 1).
	SelNumber SelectorKind = iota
	// SelName is `!lab` or `!lab(e1, ...)`: the expression labelled lab, or the LET definition
	// of that name.
	SelName
	// SelLeft is `!<<`, the first operand; SelRight is `!>>`, the second.
	SelLeft
	SelRight
	// SelColon is `!:`, the whole expression (a definition's body).
	SelColon
	// SelAt is `!@`, the body of a binder with its bound identifiers left free.
	SelAt
	// SelArgs is `!(e1, ...)`, the body of a binder with its bound identifiers replaced by the
	// expressions.
	SelArgs
)

// Selector is one `!sel` step of a subexpression name.
type Selector struct {
	Pos
	Kind SelectorKind
	Num  int    // SelNumber
	Name string // SelName
	Args []Expr // SelName with arguments, SelArgs
}

// Subexpr names a subexpression of a definition, theorem or assumption, as the TLA+ 2 language
// allows: Base!sel!sel... where Base names the definition (instance-qualified or not, with its
// arguments) and Path selects within its body, with the definition's parameters replaced by
// the arguments. A name after a definition (Op!lab) parses as an OpApp whose Prefix holds Op;
// tools resolve it to the same thing.
type Subexpr struct {
	Pos
	Base *OpApp
	Path []*Selector
}

func (*Subexpr) expr() {}

// BoundNames returns the identifiers a binder binds (a quantifier, CHOOSE, set filter, set map or
// function constructor), in order, and its body; ok is false for any other expression.
func BoundNames(x Expr) (names []*Ident, body Expr, ok bool) {
	var bounds []*Bound
	switch x := x.(type) {
	case *Quant:
		bounds, body = x.Bounds, x.Body
	case *Choose:
		bounds, body = []*Bound{x.Bound}, x.Body
	case *SetFilter:
		bounds, body = []*Bound{x.Bound}, x.Pred
	case *SetMap:
		bounds, body = x.Bounds, x.Elem
	case *FuncCons:
		bounds, body = x.Bounds, x.Body
	case *Lambda:
		return x.Params, x.Body, true
	default:
		return nil, nil, false
	}
	for _, b := range bounds {
		names = append(names, b.Names...)
	}
	return names, body, true
}

// Operand returns the i-th operand (from 1) of x, as SANY numbers them: the arguments of an
// operator application (infix, prefix and postfix included), the items of a junction list, the
// condition and arms of IF, the arms of CASE (each a <<condition, value>> tuple; OTHER's value
// last; Select takes CASE arms two selectors at a time, as SANY), the elements of a tuple or set, the values of a record's fields, the function and
// arguments of an application, the sets of a binder, the action and subscript of [A]_v and
// <<A>>_v. Parentheses and labels are looked through.
func Operand(x Expr, i int) (Expr, bool) {
	pick := func(xs ...Expr) (Expr, bool) {
		if i < 1 || i > len(xs) {
			return nil, false
		}
		return xs[i-1], true
	}
	switch x := Unparen(x).(type) {
	case *OpApp:
		return pick(x.Args...)
	case *InfixExpr:
		return pick(x.L, x.R)
	case *PrefixExpr:
		return pick(x.X)
	case *PostfixExpr:
		return pick(x.X)
	case *Junction:
		return pick(x.Items...)
	case *If:
		return pick(x.Cond, x.Then, x.Else)
	case *Case:
		var arms []Expr
		for _, a := range x.Arms {
			arms = append(arms, &Tuple{Pos: a.Pos, Elems: []Expr{a.Cond, a.Value}})
		}
		if x.Other != nil {
			arms = append(arms, x.Other)
		}
		return pick(arms...)
	case *Tuple:
		return pick(x.Elems...)
	case *SetEnum:
		return pick(x.Elems...)
	case *Record:
		return pick(fieldValues(x.Fields)...)
	case *RecordSet:
		return pick(fieldValues(x.Fields)...)
	case *FuncApp:
		return pick(append([]Expr{x.Func}, x.Args...)...)
	case *FuncSet:
		return pick(x.Domain, x.Range)
	case *CrossProduct:
		return pick(x.Factors...)
	case *Dot:
		// r.f is r["f"]: its operands are the record and the field's name as a string
		// (TLC's test-model/suite/test209: H == xx.foo, H!2 = "foo").
		return pick(x.X, &String{Pos: x.Pos, Value: x.Field})
	case *Except:
		return pick(x.Func)
	case *BoxAction:
		return pick(x.Action, x.Sub)
	case *AngleAction:
		return pick(x.Action, x.Sub)
	case *Fairness:
		return pick(x.Sub, x.Action)
	case *Quant:
		return pick(boundSets(x.Bounds)...)
	case *Choose:
		return pick(boundSets([]*Bound{x.Bound})...)
	case *SetFilter:
		return pick(boundSets([]*Bound{x.Bound})...)
	case *SetMap:
		return pick(boundSets(x.Bounds)...)
	case *FuncCons:
		return pick(boundSets(x.Bounds)...)
	}
	return nil, false
}

func fieldValues(fs []*Field) []Expr {
	out := make([]Expr, len(fs))
	for i, f := range fs {
		out[i] = f.Value
	}
	return out
}

func boundSets(bs []*Bound) []Expr {
	var out []Expr
	for _, b := range bs {
		if b.Set != nil {
			out = append(out, b.Set)
		}
	}
	return out
}

// Crossed is what the way from a definition's body to a selected subexpression passes through
// that binds names the subexpression may use: a LET (its definitions), or names bound to
// argument expressions (a label's parameters, a LET definition's, a binder's identifiers with
// `!(args)`). Names with no Args are left free (a binder crossed with `!@` or on the way to a
// label): evaluating a subexpression that uses them fails.
type Crossed struct {
	Let   *Let
	Names []string
	Args  []Expr
}

// Select follows the selectors path from x, the body of a definition, theorem or assumption, to
// the subexpression they name, as the TLA+ 2 language defines subexpression names: a number
// picks an operand (see Operand), << and >> the first and second, : is the expression itself, a
// name picks the label of that name (nested labels are named one after the other, as Op!l1!l2)
// or a LET definition of the body, @ and (args) pick the body of a binder. A LET is looked
// through. It returns the subexpression and what the way to it crossed, outermost first.
func Select(x Expr, path []*Selector) (Expr, []Crossed, error) {
	var crossed []Crossed
	for i := 0; i < len(path); i++ {
		sel := path[i]
		if sel.Kind == SelName {
			for {
				l, ok := Unparen(x).(*Let)
				if !ok {
					break
				}
				crossed = append(crossed, Crossed{Let: l})
				x = l.Body
			}
		} else if l, ok := Unparen(x).(*Let); ok && sel.Kind != SelColon {
			// A LET's only operand is its body (SANY's selectorToNode: "A LET/IN expression
			// has only one operand"); M!1 is Z for M == LET Z == 23 IN Z (TLC's
			// test-model/suite/test209).
			if n, ok := selNumber(sel); !ok || n != 1 {
				return nil, nil, &SelectError{Pos: sel.Pos, Msg: fmt.Sprintf("a LET/IN expression has only one operand, its body: %s selects none", selectorText(sel))}
			}
			crossed = append(crossed, Crossed{Let: l})
			x = l.Body
			continue
		}
		if c, ok := Unparen(x).(*Case); ok && sel.Kind != SelName && sel.Kind != SelColon {
			// A CASE arm is named by two selectors, the arm and then its condition (1) or
			// value (2); OTHER has no condition (SANY's selectorToNode).
			arm, ok := selNumber(sel)
			if !ok || arm < 1 || arm > len(c.Arms)+btoi(c.Other != nil) {
				return nil, nil, &SelectError{Pos: sel.Pos, Msg: fmt.Sprintf("the expression has no operand %s", selectorText(sel))}
			}
			if i == len(path)-1 {
				return nil, nil, &SelectError{Pos: sel.Pos, Msg: "a subexpression of CASE is named !i!j: arm i, its condition (j = 1) or value (j = 2)"}
			}
			i++
			part, ok := selNumber(path[i])
			if !ok || part < 1 || part > 2 {
				return nil, nil, &SelectError{Pos: path[i].Pos, Msg: fmt.Sprintf("the second selector of a CASE subexpression picks the condition (!1) or the value (!2) of the arm, not %s", selectorText(path[i]))}
			}
			switch {
			case arm <= len(c.Arms) && part == 1:
				x = c.Arms[arm-1].Cond
			case arm <= len(c.Arms):
				x = c.Arms[arm-1].Value
			case part == 1:
				return nil, nil, &SelectError{Pos: path[i].Pos, Msg: "OTHER is not an expression: its arm has a value (!2) only"}
			default:
				x = c.Other
			}
			continue
		}
		switch sel.Kind {
		case SelColon:
		case SelNumber, SelLeft, SelRight:
			n, _ := selNumber(sel)
			y, ok := Operand(x, n)
			if !ok {
				return nil, nil, &SelectError{Pos: sel.Pos, Msg: fmt.Sprintf("the expression has no operand %s", selectorText(sel))}
			}
			if _, more := Operand(x, 3); more && sel.Kind == SelRight {
				// SANY's ArgNum: !>> is the second operand of an expression of two.
				return nil, nil, &SelectError{Pos: sel.Pos, Msg: "!>> names the second of two operands, and the expression has more"}
			}
			x = y
		case SelAt, SelArgs:
			names, body, ok := BoundNames(Unparen(x))
			if !ok {
				return nil, nil, &SelectError{Pos: sel.Pos, Msg: fmt.Sprintf("%s selects the body of a quantifier, CHOOSE, set or function constructor or LAMBDA, and the expression is none", selectorText(sel))}
			}
			c := Crossed{Names: identNames(names)}
			if sel.Kind == SelArgs {
				if len(sel.Args) != len(names) {
					return nil, nil, &SelectError{Pos: sel.Pos, Msg: fmt.Sprintf("the expression binds %d identifier(s), found %d argument(s)", len(names), len(sel.Args))}
				}
				c.Args = sel.Args
			}
			crossed = append(crossed, c)
			x = body
		case SelName:
			if d := letDefinition(crossed, sel.Name); d != nil {
				if len(sel.Args) != len(d.Params) {
					return nil, nil, &SelectError{Pos: sel.Pos, Msg: fmt.Sprintf("LET definition %s takes %d argument(s), found %d", sel.Name, len(d.Params), len(sel.Args))}
				}
				names := make([]string, len(d.Params))
				for i, p := range d.Params {
					names[i] = p.Name
				}
				crossed = append(crossed, Crossed{Names: names, Args: sel.Args})
				x = d.Body
				continue
			}
			label, way := findLabel(x, sel.Name)
			if label == nil {
				return nil, nil, &SelectError{Pos: sel.Pos, Msg: fmt.Sprintf("the expression has no label or LET definition %s", sel.Name)}
			}
			if len(sel.Args) != len(label.Params) {
				return nil, nil, &SelectError{Pos: sel.Pos, Msg: fmt.Sprintf("label %s takes %d argument(s), found %d", sel.Name, len(label.Params), len(sel.Args))}
			}
			crossed = append(crossed, way...)
			crossed = append(crossed, Crossed{Names: identNames(label.Params), Args: sel.Args})
			x = label.X
		}
	}
	return x, crossed, nil
}

// selNumber is the operand a positional selector picks: !i, !<< (1) or !>> (2).
func selNumber(sel *Selector) (int, bool) {
	switch sel.Kind {
	case SelNumber:
		return sel.Num, true
	case SelLeft:
		return 1, true
	case SelRight:
		return 2, true
	}
	return 0, false
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// SelectError is a subexpression name that names no subexpression.
type SelectError struct {
	Pos
	Msg string
}

func (e *SelectError) Error() string { return e.Pos.String() + ": " + e.Msg }

func selectorText(sel *Selector) string {
	switch sel.Kind {
	case SelNumber:
		return fmt.Sprintf("!%d", sel.Num)
	case SelLeft:
		return "!<<"
	case SelRight:
		return "!>>"
	case SelAt:
		return "!@"
	case SelArgs:
		return "!(...)"
	case SelColon:
		return "!:"
	}
	return "!" + sel.Name
}

func identNames(ids []*Ident) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.Name
	}
	return out
}

// letDefinition returns the operator definition called name of the innermost LET crossed.
func letDefinition(crossed []Crossed, name string) *OpDef {
	for i := len(crossed) - 1; i >= 0; i-- {
		if l := crossed[i].Let; l != nil {
			for _, u := range l.Defs {
				if d, ok := u.(*OpDef); ok && d.Name == name {
					return d
				}
			}
		}
	}
	return nil
}

// findLabel returns the expression labelled name in x, the first found outside any other label
// (labels nest: Op!l1!l2 names l2 inside l1; a label in a LET definition is named through the
// definition), and the LETs and binders crossed on the way to it, outermost first; a binder's
// identifiers are left free there (the label's parameters bind them).
func findLabel(x Expr, name string) (*Label, []Crossed) {
	var label *Label
	var way []Crossed
	var visit func(n Node, path []Crossed) bool
	visit = func(n Node, path []Crossed) bool {
		switch m := n.(type) {
		case *Label:
			if m.Name != name {
				return false
			}
			label, way = m, path
			return true
		case *Let:
			return visit(m.Body, append(path[:len(path):len(path)], Crossed{Let: m}))
		}
		if e, ok := n.(Expr); ok {
			if names, _, isBinder := BoundNames(e); isBinder {
				path = append(path[:len(path):len(path)], Crossed{Names: identNames(names)})
			}
		}
		found := false
		Inspect(n, func(c Node) bool {
			if found {
				return false
			}
			if c == n {
				return true
			}
			found = visit(c, path)
			return false
		})
		return found
	}
	visit(x, nil)
	return label, way
}

// SplitAt rewrites a, an application whose k-th prefix step names a definition, theorem or
// assumption rather than a module instance (Op!lab, I!Op!lab(x)), as the subexpression name it
// is: the steps after k and a's name are label or LET-definition selectors, followed by rest.
func SplitAt(a *OpApp, k int, rest []*Selector) *Subexpr {
	step := a.Prefix[k]
	base := &OpApp{Pos: a.Pos, Prefix: a.Prefix[:k], Name: step.Name, Args: step.Args}
	x := &Subexpr{Pos: a.Pos, Base: base}
	for _, s := range a.Prefix[k+1:] {
		x.Path = append(x.Path, &Selector{Pos: s.Pos, Kind: SelName, Name: s.Name, Args: s.Args})
	}
	x.Path = append(x.Path, &Selector{Pos: a.Pos, Kind: SelName, Name: a.Name, Args: a.Args})
	x.Path = append(x.Path, rest...)
	return x
}
