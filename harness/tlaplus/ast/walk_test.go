package ast

import (
	"runtime/debug"
	"strconv"
	"testing"
)

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
	if got := LinePos("M.tla", 3, 7).String(); got != "M.tla:3:7" {
		t.Fatalf("got %q", got)
	}
	if got := LinePos("", 3, 7).String(); got != "3:7" {
		t.Fatalf("got %q", got)
	}
	// Lines and columns computed from offsets: columns count code points, tabs to 8k+1.
	src := NewSource("M.tla", "ab\n\tx ∧ y\n\nz")
	for _, c := range []struct{ off, line, col int }{
		{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {4, 2, 9}, {5, 2, 10}, {6, 2, 11}, {9, 2, 12},
		{10, 2, 13}, {12, 3, 1}, {13, 4, 1}, {14, 4, 2},
	} {
		if line, col := src.Pos(c.off).LineCol(); line != c.line || col != c.col {
			t.Errorf("offset %d: %d:%d, want %d:%d", c.off, line, col, c.line, c.col)
		}
	}
	span := src.Span(4, 11)
	if line, col, ok := span.EndPosition(); !ok || line != 2 || col != 13 {
		t.Errorf("end of x ∧ y: %d:%d %v, want 2:13", line, col, ok)
	}
	if _, _, ok := src.Pos(4).EndPosition(); ok {
		t.Errorf("a position without an end has an end")
	}
	if (Pos{}).IsValid() || !src.Pos(0).IsValid() {
		t.Errorf("IsValid wrong")
	}
}

// TestInspectDeepChain checks Inspect walks a chain of a million nested + applications (a
// generated 1+1+...+1) in order, under a stack bound a recursive walk would overflow.
func TestInspectDeepChain(t *testing.T) {
	defer debug.SetMaxStack(debug.SetMaxStack(16 << 20))
	const n = 1 << 20
	var x Expr = &Num{Value: "0"}
	for i := 1; i <= n; i++ {
		x = &InfixExpr{Op: "+", L: x, R: &Num{Value: strconv.Itoa(i)}}
	}
	var nums []string
	infix := 0
	Inspect(x, func(n Node) bool {
		switch n := n.(type) {
		case *Num:
			nums = append(nums, n.Value)
		case *InfixExpr:
			infix++
		}
		return true
	})
	if infix != n || len(nums) != n+1 {
		t.Fatalf("visited %d applications and %d numbers, want %d and %d", infix, len(nums), n, n+1)
	}
	for i, v := range nums {
		if v != strconv.Itoa(i) {
			t.Fatalf("number %d visited is %s: not in source order", i, v)
		}
	}
}
