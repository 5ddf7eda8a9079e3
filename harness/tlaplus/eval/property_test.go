package eval

import (
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"
	"pgregory.net/rapid"
)

// genSource draws a small TLA+ value expression: integers, strings, booleans, sets, tuples and
// records, nested up to depth. A set's elements are of one kind (genElement): TLC does not make a
// set of values it does not order with each other ({1, "a"}).
func genSource(depth int) *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		choice := rapid.IntRange(0, 5).Draw(t, "kind")
		if depth == 0 {
			choice %= 3
		}
		list := func(sep string) string {
			elems := rapid.SliceOfN(genSource(depth-1), 0, 3).Draw(t, "elems")
			return strings.Join(elems, sep)
		}
		switch choice {
		case 0:
			return rapid.SampledFrom([]string{"0", "1", "2", "-1", "3"}).Draw(t, "int")
		case 1:
			return rapid.SampledFrom([]string{`"a"`, `"b"`, `""`}).Draw(t, "str")
		case 2:
			return rapid.SampledFrom([]string{"TRUE", "FALSE"}).Draw(t, "bool")
		case 3:
			kind := rapid.IntRange(0, 4).Draw(t, "element kind")
			return "{" + strings.Join(rapid.SliceOfN(genElement(kind), 0, 3).Draw(t, "elems"), ", ") + "}"
		case 4:
			return "<<" + list(", ") + ">>"
		}
		names := rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"a", "b", "c"}), 1, 3, rapid.ID[string]).Draw(t, "names")
		fields := make([]string, len(names))
		for i, n := range names {
			fields[i] = n + " |-> " + genSource(depth-1).Draw(t, "field")
		}
		return "[" + strings.Join(fields, ", ") + "]"
	})
}

func defaultSpec(t interface{ Fatal(...any) }) *Spec {
	s, err := LoadSource("Default.tla", []byte(defaultModule), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPrintEvaluateRoundTrip checks that a value printed as TLA+ evaluates back to itself.
func TestPrintEvaluateRoundTrip(t *testing.T) {
	s := defaultSpec(t)
	rapid.Check(t, func(t *rapid.T) {
		src := genSource(3).Draw(t, "src")
		v, err := s.NewSession(nil).EvalString(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		back, err := s.NewSession(nil).EvalString(v.String())
		if err != nil {
			t.Fatalf("%s printed as %s: %v", src, v, err)
		}
		if eq, err := value.Equal(v, back); err != nil || !eq {
			t.Fatalf("%s evaluates to %s, which evaluates to %s", src, v, back)
		}
	})
}

// genElement draws a small TLA+ value expression of one kind: kind 0 integers, 1 strings, 2 sets of
// integers, 3 sequences of integers, 4 records of integers. TLC compares values of one kind only
// (0 \in {"a"} fails), so sets meant to be combined hold values of one kind.
func genElement(kind int) *rapid.Generator[string] {
	ints := rapid.SampledFrom([]string{"0", "1", "2", "-1", "3"})
	return rapid.Custom(func(t *rapid.T) string {
		switch kind {
		case 0:
			return ints.Draw(t, "int")
		case 1:
			return rapid.SampledFrom([]string{`"a"`, `"b"`, `""`}).Draw(t, "str")
		case 2:
			return "{" + strings.Join(rapid.SliceOfN(ints, 0, 3).Draw(t, "elems"), ", ") + "}"
		case 3:
			return "<<" + strings.Join(rapid.SliceOfN(ints, 0, 3).Draw(t, "elems"), ", ") + ">>"
		}
		names := rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"a", "b", "c"}), 1, 3, rapid.ID[string]).Draw(t, "names")
		fields := make([]string, len(names))
		for i, n := range names {
			fields[i] = n + " |-> " + ints.Draw(t, "field")
		}
		return "[" + strings.Join(fields, ", ") + "]"
	})
}

// TestSetLawsThroughTLA checks set algebra and EXCEPT/DOMAIN laws written in TLA+ on random
// finite sets of values of one kind and functions.
func TestSetLawsThroughTLA(t *testing.T) {
	s := defaultSpec(t)
	set := func(t *rapid.T, kind int, name string) string {
		return "{" + strings.Join(rapid.SliceOfN(genElement(kind), 0, 4).Draw(t, name), ", ") + "}"
	}
	laws := []string{
		`A \cup B = B \cup A`,
		`A \cap B = B \cap A`,
		`A \ (B \cup C) = (A \ B) \cap (A \ C)`,
		`(A \cap B) \subseteq A`,
		`Cardinality(A \cup B) = Cardinality(A) + Cardinality(B) - Cardinality(A \cap B)`,
		`(A \cap B) \in SUBSET A`,
		`\A x \in A : x \in A \cup B`,
		`{x \in A : x \in B} = A \cap B`,
		`UNION {A, B} = A \cup B`,
		`Cardinality(SUBSET A) = 2^Cardinality(A)`,
		`A \X B = {<<a, b>> : a \in A, b \in B}`,
		`LET f == [x \in A |-> 0] IN \A x \in A : DOMAIN [f EXCEPT ![x] = B] = A /\ [f EXCEPT ![x] = B][x] = B`,
		`LET f == [x \in A |-> x] IN \A k \in A \cup B : [f EXCEPT ![k] = @] = f`,
		`A = {} \/ Cardinality([A -> B]) = Cardinality(B)^Cardinality(A)`,
		`\A f \in [A -> B] : DOMAIN f = A`,
	}
	rapid.Check(t, func(t *rapid.T) {
		kind := rapid.IntRange(0, 4).Draw(t, "kind")
		a, b, c := set(t, kind, "A"), set(t, kind, "B"), set(t, kind, "C")
		for _, law := range laws {
			src := "LET A == " + a + " B == " + b + " C == " + c + " IN " + law
			ok, err := s.NewSession(nil).EvalString(src)
			if err != nil {
				t.Fatalf("%s: %v", src, err)
			}
			if ok != value.True {
				t.Fatalf("law fails: %s", src)
			}
		}
	})
}
