package value

import (
	"testing"

	"pgregory.net/rapid"
)

// genLargeAndSmall draws a set of up to 80 elements and a set of up to 4 (drawn from the first
// or not), sizes at which \cup and @@ search for the small side's elements (gallops), both of
// elements of the shape s it returns. Sets of integers are drawn large.
func genLargeAndSmall(t *rapid.T) (large, small *Set, s shape) {
	s = genShape(1).Draw(t, "shape")
	ints := s.kind == 1 || rapid.Bool().Draw(t, "ints")
	if ints {
		s = shape{kind: 1}
	}
	elems := rapid.SliceOfN(genOf(s, true), 0, 8).Draw(t, "elems")
	if ints {
		for _, n := range rapid.SliceOfN(rapid.IntRange(-40, 120), 0, 80).Draw(t, "ints") {
			elems = append(elems, Int(n))
		}
	}
	large, err := NewSet(elems...)
	if err != nil {
		t.Fatal(err)
	}
	var few []Value
	for i := rapid.IntRange(0, 4).Draw(t, "few"); i > 0; i-- {
		if large.Len() > 0 && rapid.Bool().Draw(t, "from large") {
			few = append(few, large.elems[rapid.IntRange(0, large.Len()-1).Draw(t, "i")])
		} else if ints && rapid.Bool().Draw(t, "int") {
			few = append(few, Int(rapid.IntRange(-50, 130).Draw(t, "n")))
		} else {
			few = append(few, genOf(s, true).Draw(t, "x"))
		}
	}
	if small, err = NewSet(few...); err != nil {
		t.Fatal(err)
	}
	return large, small, s
}

func sameValue(t *rapid.T, what string, got, want Value) {
	eq, err := Equal(got, want)
	if err != nil {
		t.Fatal(err)
	}
	fg, _ := Fingerprint(got)
	fw, _ := Fingerprint(want)
	if !eq || fg != fw {
		t.Fatalf("%s = %s, want %s", what, got, want)
	}
}

// TestUnionOfASmallSet: a large set \cup a small one, either way round, is the union of one
// walk of both (unionWalk), where the small set's elements are searched for (unionSmall).
func TestUnionOfASmallSet(t *testing.T) {
	galloped := 0
	rapid.Check(t, func(t *rapid.T) {
		large, small, _ := genLargeAndSmall(t)
		want, err := unionWalk(large, small)
		if err != nil {
			t.Fatal(err)
		}
		if small.Len() > 0 && gallops(small.Len(), large.Len()) {
			galloped++
		}
		for _, ab := range [][2]*Set{{large, small}, {small, large}} {
			got, err := Union(ab[0], ab[1])
			if err != nil {
				t.Fatal(err)
			}
			sameValue(t, ab[0].String()+` \cup `+ab[1].String(), got, want)
		}
	})
	if galloped == 0 {
		t.Fatal("no draw searched for the small set's elements")
	}
}

// TestMergeOfASmallFunction: f @@ g with one of f and g a function of a few arguments (mergeSmall)
// is the merge of one walk of both domains (merge): f's values win where the domains meet.
func TestMergeOfASmallFunction(t *testing.T) {
	galloped := 0
	rapid.Check(t, func(t *rapid.T) {
		large, small, _ := genLargeAndSmall(t)
		fn := func(dom *Set, label string) FuncValue {
			vals := rapid.SliceOfN(genValue(1), dom.Len(), dom.Len()).Draw(t, label)
			f, err := NewFunc(append([]Value(nil), dom.Elems()...), vals)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
		fl, fs := fn(large, "large values"), fn(small, "small values")
		if small.Len() > 1 && gallops(small.Len(), large.Len()) {
			galloped++
		}
		for _, fg := range [][2]FuncValue{{fl, fs}, {fs, fl}} {
			want, err := merge(fg[0], fg[1])
			if err != nil {
				t.Fatal(err)
			}
			got, err := Merge(fg[0], fg[1])
			if err != nil {
				t.Fatal(err)
			}
			sameValue(t, fg[0].String()+" @@ "+fg[1].String(), got, want)
		}
	})
	if galloped == 0 {
		t.Fatal("no draw searched for the small function's arguments")
	}
}
