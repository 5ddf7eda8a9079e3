package quorum

import "fmt"

// DisjointError reports a configuration whose quorums do not intersect where they must: A is a
// quorum of kind KindA, B one of kind KindB, and A ∩ B is empty.
//
//
type DisjointError struct {
	System string // the rejected configuration, in Parse's form
	Reason string // the violated rule, e.g. "r+w <= N"
	KindA  Kind
	A      Set
	KindB  Kind
	B      Set
}

func (e *DisjointError) Error() string {
	return fmt.Sprintf("quorum: %s: %s: %s quorum %v and %s quorum %v are disjoint",
		e.System, e.Reason, e.KindA, e.A, e.KindB, e.B)
}

// firstN returns the n smallest members of s.
func firstN(s Set, n int) Set {
	var out Set
	for id := range s.All() {
		if n == 0 {
			break
		}
		out = out.With(id)
		n--
	}
	return out
}

// lastN returns the n largest members of s.
func lastN(s Set, n int) Set {
	return s.Minus(firstN(s, s.Len()-n))
}
