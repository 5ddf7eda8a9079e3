package ast

import "testing"

func TestInspectVisitsEveryExpression(t *testing.T) {
	// \A x \in S : [f EXCEPT ![x] = @ + 1].a
	x := &Ident{Name: "x"}
	body := &Dot{X: &Except{
		Func: &Ident{Name: "f"},
		Updates: []*ExceptUpdate{{
			Path:  []*ExceptStep{{Args: []Expr{&Ident{Name: "x"}}}},
			Value: &InfixExpr{Op: "+", L: &At{}, R: &Num{Value: "1"}},
		}},
	}, Field: "a"}
	q := &Quant{Kind: Forall, Bounds: []*Bound{{Names: []*Ident{x}, Set: &Ident{Name: "S"}}}, Body: body}
	var idents []string
	count := 0
	Inspect(q, func(n Node) bool {
		count++
		if id, ok := n.(*Ident); ok {
			idents = append(idents, id.Name)
		}
		return true
	})
	want := []string{"x", "S", "f", "x"}
	if len(idents) != len(want) {
		t.Fatalf("idents = %v, want %v", idents, want)
	}
	for i := range want {
		if idents[i] != want[i] {
			t.Fatalf("idents = %v, want %v", idents, want)
		}
	}
	// Quant, Bound, x, S, Dot, Except, f, Update, Step, x, Infix, At, Num.
	if count != 13 {
		t.Fatalf("visited %d nodes, want 13", count)
	}
}

func TestInspectPrunes(t *testing.T) {
	e := &InfixExpr{Op: "+", L: &Paren{X: &Ident{Name: "a"}}, R: &Ident{Name: "b"}}
	var seen []string
	Inspect(e, func(n Node) bool {
		if id, ok := n.(*Ident); ok {
			seen = append(seen, id.Name)
		}
		_, isParen := n.(*Paren)
		return !isParen
	})
	if len(seen) != 1 || seen[0] != "b" {
		t.Fatalf("seen = %v, want [b]", seen)
	}
}

func TestUnparen(t *testing.T) {
	inner := &Ident{Name: "a"}
	if got := Unparen(&Paren{X: &Label{Name: "l", X: &Paren{X: inner}}}); got != inner {
		t.Fatalf("Unparen = %#v", got)
	}
}

func TestPosString(t *testing.T) {
	if got := (Pos{File: "M.tla", Line: 3, Col: 7}).String(); got != "M.tla:3:7" {
		t.Fatalf("got %q", got)
	}
	if got := (Pos{Line: 3, Col: 7}).String(); got != "3:7" {
		t.Fatalf("got %q", got)
	}
}
