package value

import (
	"errors"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// genValue draws small values of every kind, nesting up to depth levels, with few distinct atoms so
// that equal values in different representations are frequent. The elements of a set it draws
// are of one shape (see genElems).
func genValue(depth int) *rapid.Generator[Value] {
	return rapid.Custom(func(t *rapid.T) Value { return genOf(genShape(depth).Draw(t, "shape"), true).Draw(t, "value") })
}

// genElems draws between lo and hi values of one shape: elements of a set, which TLC must be able
// to order with each other (NewSet fails on {1, "a"}, as TLC's normalization does).
func genElems(depth, lo, hi int) *rapid.Generator[[]Value] {
	return rapid.Custom(func(t *rapid.T) []Value {
		return rapid.SliceOfN(genOf(genShape(depth).Draw(t, "shape"), true), lo, hi).Draw(t, "elems")
	})
}

// shape is the type of the values genOf draws: TLC orders any two values of one shape, and an
// untyped model value, which genOf draws now and then for any shape (wild), with anything; but
// not a function whose domain holds one with a record or a tuple, so a domain has none.
type shape struct {
	// kind: 0 boolean, 1 integer, 2 string, 3 model value, 4 tuple, 5 record, 6 function, 7 set.
	kind int
	// parts: a tuple's components (a tuple has a prefix of them), a record's fields a, b and c
	// (it has some of them), a function's domain and range, a set's elements.
	parts []shape
}

func genShape(depth int) *rapid.Generator[shape] {
	return rapid.Custom(func(t *rapid.T) shape {
		s := shape{kind: rapid.IntRange(0, 7).Draw(t, "kind")}
		if depth == 0 {
			s.kind %= 4
		}
		parts := map[int]int{4: 3, 5: 3, 6: 2, 7: 1}[s.kind]
		if parts > 0 {
			s.parts = rapid.SliceOfN(genShape(depth-1), parts, parts).Draw(t, "parts")
		}
		return s
	})
}

var fieldNames = []string{"a", "b", "c"}

func genOf(s shape, wild bool) *rapid.Generator[Value] {
	return rapid.Custom(func(t *rapid.T) Value {
		if s.kind == 3 || wild && rapid.IntRange(0, 9).Draw(t, "wildcard") == 0 {
			return ModelValue{rapid.SampledFrom([]string{"m1", "m2"}).Draw(t, "model")}
		}
		switch s.kind {
		case 0:
			return Bool(rapid.Bool().Draw(t, "bool"))
		case 1:
			return Int(rapid.IntRange(-2, 3).Draw(t, "int"))
		case 2:
			return Str(rapid.SampledFrom([]string{"", "a", "b", "ab"}).Draw(t, "str"))
		case 4:
			tup := make(Tuple, rapid.IntRange(0, len(s.parts)).Draw(t, "len"))
			for i := range tup {
				tup[i] = genOf(s.parts[i], true).Draw(t, "component")
			}
			return tup
		case 5:
			fields := rapid.SliceOfNDistinct(rapid.IntRange(0, 2), 1, 3, rapid.ID[int]).Draw(t, "fields")
			names := make([]string, len(fields))
			vals := make([]Value, len(fields))
			for i, f := range fields {
				names[i], vals[i] = fieldNames[f], genOf(s.parts[f], true).Draw(t, "field")
			}
			r, err := NewRecord(names, vals)
			if err != nil {
				t.Fatal(err)
			}
			return r
		case 6:
			// Deduplicate the domain by building a set of it first.
			dom, err := NewSet(rapid.SliceOfN(genOf(s.parts[0], false), 0, 3).Draw(t, "dom")...)
			if err != nil {
				t.Fatal(err)
			}
			vals := rapid.SliceOfN(genOf(s.parts[1], true), dom.Len(), dom.Len()).Draw(t, "vals")
			f, err := NewFunc(append([]Value(nil), dom.Elems()...), vals)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
		if s.parts[0].kind == 1 && rapid.Bool().Draw(t, "interval") {
			lo := rapid.IntRange(-1, 2).Draw(t, "lo")
			return Interval(int64(lo), int64(lo+rapid.IntRange(-1, 3).Draw(t, "len")))
		}
		set, err := NewSet(rapid.SliceOfN(genOf(s.parts[0], true), 0, 4).Draw(t, "elems")...)
		if err != nil {
			t.Fatal(err)
		}
		return set
	})
}

// TestFingerprintIffEqual checks that fingerprints are equal exactly when values are equal, and
// that Equal agrees with the canonical order where TLC compares the values at all.
func TestFingerprintIffEqual(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := genValue(2).Draw(t, "a")
		b := genValue(2).Draw(t, "b")
		c, err := Compare(a, b)
		if err != nil {
			t.Fatal(err)
		}
		eq := c == 0
		if tlcEq, err := Equal(a, b); err != nil {
			if !errors.Is(err, ErrIncomparable) {
				t.Fatal(err)
			}
		} else if tlcEq != eq {
			t.Fatalf("Equal(%s, %s) = %v but Compare = %d", a, b, tlcEq, c)
		}
		fa, err := Fingerprint(a)
		if err != nil {
			t.Fatal(err)
		}
		fb, err := Fingerprint(b)
		if err != nil {
			t.Fatal(err)
		}
		if eq != (fa == fb) {
			t.Fatalf("Equal(%s, %s) = %v but fingerprints %x, %x", a, b, eq, fa, fb)
		}
	})
}

// TestOrderIsTotal checks antisymmetry and transitivity of Compare.
func TestOrderIsTotal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := genValue(2).Draw(t, "a")
		b := genValue(2).Draw(t, "b")
		c := genValue(2).Draw(t, "c")
		ab, _ := Compare(a, b)
		ba, _ := Compare(b, a)
		if ab != -ba {
			t.Fatalf("Compare(a,b)=%d, Compare(b,a)=%d", ab, ba)
		}
		bc, _ := Compare(b, c)
		ac, _ := Compare(a, c)
		if ab <= 0 && bc <= 0 && ac > 0 {
			t.Fatalf("not transitive: %s <= %s <= %s but %s > %s", a, b, c, a, c)
		}
	})
}

// TestSetAlgebraLaws checks commutativity, De Morgan-style and subset laws on random finite sets.
func TestSetAlgebraLaws(t *testing.T) {
	gen := func(sh shape) *rapid.Generator[*Set] {
		return rapid.Custom(func(t *rapid.T) *Set {
			s, err := NewSet(rapid.SliceOfN(genOf(sh, true), 0, 5).Draw(t, "elems")...)
			if err != nil {
				t.Fatal(err)
			}
			return s
		})
	}
	rapid.Check(t, func(t *rapid.T) {
		sh := genShape(1).Draw(t, "shape")
		a, b, c := gen(sh).Draw(t, "a"), gen(sh).Draw(t, "b"), gen(sh).Draw(t, "c")
		must := func(s SetValue, err error) SetValue {
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		eq := func(x, y SetValue, law string) {
			ok, err := Equal(x, y)
			if err != nil || !ok {
				t.Fatalf("%s: %s vs %s (%v)", law, x, y, err)
			}
		}
		eq(must(Union(a, b)), must(Union(b, a)), "cup commutes")
		eq(must(Intersect(a, b)), must(Intersect(b, a)), "cap commutes")
		eq(must(Union(a, must(Union(b, c)))), must(Union(must(Union(a, b)), c)), "cup associates")
		eq(must(Intersect(a, must(Union(b, c)))), must(Union(must(Intersect(a, b)), must(Intersect(a, c)))), "cap distributes")
		eq(must(Difference(a, must(Union(b, c)))), must(Intersect(must(Difference(a, b)), must(Difference(a, c)))), "De Morgan")
		ab := must(Intersect(a, b))
		for _, s := range []SetValue{a, b} {
			if ok, err := IsSubset(ab, s); err != nil || !ok {
				t.Fatalf("%s not a subset of %s", ab, s)
			}
		}
		n, err := Cardinality(must(Union(a, b)))
		if err != nil {
			t.Fatal(err)
		}
		if n != int64(a.Len()+b.Len()-ab.(*Set).Len()) {
			t.Fatalf("|a cup b| = %d, want |a|+|b|-|a cap b|", n)
		}
		in, err := Subset(a).Contains(ab)
		if err != nil || !in {
			t.Fatalf("a cap b not in SUBSET a")
		}
	})
}

// TestUpdateDomainLaws checks DOMAIN [f EXCEPT ![x] = v] = DOMAIN f and that the update is read back.
func TestUpdateDomainLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := genValue(2).Filter(func(v Value) bool { return v.Kind() == KindFunc }).Draw(t, "f")
		fv, err := AsFunc(f)
		if err != nil {
			t.Fatal(err)
		}
		v := genValue(1).Draw(t, "v")
		if fv.Len() == 0 {
			return
		}
		x := fv.DomainAt(rapid.IntRange(0, fv.Len()-1).Draw(t, "i"))
		g, err := Update(f, x, v)
		if err != nil {
			t.Fatal(err)
		}
		gd, _ := Domain(g)
		fd, _ := Domain(f)
		if ok, err := Equal(gd, fd); err != nil || !ok {
			t.Fatalf("DOMAIN changed: %s vs %s", gd, fd)
		}
		got, err := Apply(g, x)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := Equal(got, v); !ok {
			t.Fatalf("[f EXCEPT ![%s] = %s][%s] = %s", x, v, x, got)
		}
		for i := 0; i < fv.Len(); i++ {
			d := fv.DomainAt(i)
			if c, _ := Compare(d, x); c == 0 {
				continue
			}
			got, _ := Apply(g, d)
			if ok, _ := Equal(got, fv.ValueAt(i)); !ok {
				t.Fatalf("update at %s changed the value at %s", x, d)
			}
		}
	})
}

// TestRecordFieldFindsEveryName: Field finds each field of records small (scanned) and large
// (binary search) and no other name, including names sorting before, between and after them.
func TestRecordFieldFindsEveryName(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		names := rapid.SliceOfNDistinct(rapid.StringMatching(`[a-d]{0,3}`), 1, 20, rapid.ID[string]).Draw(t, "names")
		vals := make([]Value, len(names))
		for i := range vals {
			vals[i] = Int(i)
		}
		r, err := NewRecord(names, vals)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]Value{}
		for i, n := range names {
			want[n] = Int(i)
		}
		probe := rapid.SliceOfN(rapid.StringMatching(`[a-e]{0,4}`), 0, 10).Draw(t, "probe")
		for _, n := range append(probe, names...) {
			v, ok, err := r.Field(n)
			w, in := want[n]
			if err != nil || ok != in || (in && v != w) {
				t.Fatalf("Field(%q) = %v, %v, %v; want %v, %v", n, v, ok, err, w, in)
			}
		}
	})
}

// TestSharedNamesKeepOrder: records given the names slice of others with the same field names
// (SharedNames) compare as the records they were built as, and share a slice exactly when their
// names are equal.
func TestSharedNamesKeepOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		record := func(label string) *Record {
			names := rapid.SliceOfNDistinct(rapid.StringMatching(`[a-c]{1,2}`), 0, 4, rapid.ID[string]).Draw(t, label+" names")
			vals := make([]Value, len(names))
			for i := range vals {
				vals[i] = Int(rapid.IntRange(0, 2).Draw(t, label+" value"))
			}
			r, err := NewRecord(names, vals)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		a, b := record("a"), record("b")
		want, err := Compare(a, b)
		if err != nil {
			t.Fatal(err)
		}
		sa, sb := SharedNames(a), SharedNames(b)
		if got, err := Compare(sa, sb); err != nil || got != want {
			t.Fatalf("Compare(%v, %v) = %d, %v with shared names; %d without", a, b, got, err, want)
		}
		if (want == 0) != (a.String() == b.String()) {
			t.Fatalf("Compare(%v, %v) = %d", a, b, want)
		}
		same := strings.Join(a.Names(), ",") == strings.Join(b.Names(), ",")
		shared := len(sa.names) > 0 && len(sb.names) > 0 && &sa.names[0] == &sb.names[0]
		if len(a.names) > 0 && len(b.names) > 0 && shared != same {
			t.Fatalf("%v and %v share names: %v; equal names: %v", a, b, shared, same)
		}
	})
}

// TestMergeOfOneElement: f @@ (k :> v) (insert, a binary search) is the merge of the two
// domains' walk (merge), for any function f and any key, in its domain or not.
func TestMergeOfOneElement(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		keys, err := NewSet(genElems(1, 0, 8).Draw(t, "keys")...)
		if err != nil {
			t.Fatal(err)
		}
		vals := rapid.SliceOfN(genValue(1), keys.Len(), keys.Len()).Draw(t, "vals")
		fv, err := NewFunc(append([]Value(nil), keys.Elems()...), vals)
		if err != nil {
			t.Fatal(err)
		}
		f, ok := fv.(*Func)
		if !ok {
			t.Skip("a sequence or a record")
		}
		k, v := genValue(1).Draw(t, "k"), genValue(1).Draw(t, "v")
		if rapid.Bool().Draw(t, "in domain") && f.Len() > 0 {
			k = f.DomainAt(rapid.IntRange(0, f.Len()-1).Draw(t, "i"))
		}
		g, err := NewFunc([]Value{k}, []Value{v})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Merge(f, g)
		if err != nil {
			t.Fatal(err)
		}
		want, err := merge(f, g)
		if err != nil {
			t.Fatal(err)
		}
		eq, err := Equal(got, want)
		if err != nil {
			t.Fatal(err)
		}
		fg, _ := Fingerprint(got)
		fw, _ := Fingerprint(want)
		if !eq || fg != fw {
			t.Fatalf("%s @@ (%s :> %s) = %s, want %s", f, k, v, got, want)
		}
	})
}
