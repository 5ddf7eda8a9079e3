package eval

import (
	"strings"
	"sync"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// unionOfParts is UNION x for x written as a set enumeration {S1, ..., Sn} or a set map
// {S(v) : v \in T}: the union of the parts, taken without building the set of them. That set
// would have to order its elements, which infinite sets such as [S -> Int] and [a : Nat] cannot
// be, while their union decides membership without enumerating anything
// (f \in UNION {[S -> Int], [S -> Nat]}, m \in UNION {[type : {t}, bal : Nat] : t \in T}), as TLC
// does. It reports false for any other x.
func (ev *evaluator) unionOfParts(x ast.Expr, sc *Scope) (value.Value, bool) {
	u := &partsUnion{}
	switch x := ast.Unparen(x).(type) {
	case *ast.SetEnum:
		for _, e := range x.Elems {
			u.parts = append(u.parts, ev.set(e, sc))
		}
	case *ast.SetMap:
		ev.forEach(x.Bounds, sc, func(inner *Scope) bool {
			u.parts = append(u.parts, ev.set(x.Elem, inner))
			return true
		})
	default:
		return nil, false
	}
	return u, true
}

// partsUnion is the union of its parts, kept as them: membership asks each part in turn, as
// TLC's UnionValue does, so that f \in UNION {[1..n -> S] : n \in 0..5} (a bounded Seq(S))
// checks f's domain and range instead of building every sequence. Whatever needs the elements
// (enumerating, comparing, storing the set in a state) gets the merged set, built once.
type partsUnion struct {
	parts []value.SetValue

	once   sync.Once
	merged value.SetValue
	err    error
}

func (*partsUnion) Kind() value.Kind { return value.KindSet }

func (u *partsUnion) String() string {
	if s, err := u.union(); err == nil {
		return s.String()
	}
	names := make([]string, len(u.parts))
	for i, p := range u.parts {
		names[i] = p.String()
	}
	return "UNION {" + strings.Join(names, ", ") + "}"
}

func (u *partsUnion) Finite() bool {
	for _, p := range u.parts {
		if !p.Finite() {
			return false
		}
	}
	return true
}

func (u *partsUnion) Contains(v value.Value) (bool, error) {
	for _, p := range u.parts {
		if in, err := p.Contains(v); err != nil || in {
			return in, err
		}
	}
	return false, nil
}

func (u *partsUnion) Enumerate() (*value.Set, error) {
	s, err := u.union()
	if err != nil {
		return nil, err
	}
	return s.Enumerate()
}

// union merges the parts, once: value.Union keeps a union with an infinite part lazy.
func (u *partsUnion) union() (value.SetValue, error) {
	u.once.Do(func() {
		var acc value.SetValue = value.EmptySet
		for _, p := range u.parts {
			if acc, u.err = value.Union(acc, p); u.err != nil {
				return
			}
		}
		u.merged = acc
	})
	return u.merged, u.err
}
