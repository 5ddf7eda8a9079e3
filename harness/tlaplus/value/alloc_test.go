package value

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMadeTuplesAreTuples: a Value from MakeTuple is the Tuple it holds for every use (type
// switch, equality, order, fingerprint, printing), survives collections while only the Value
// refers to it, and short ones are one allocation.
func TestMadeTuplesAreTuples(t *testing.T) {
	for n := range 9 {
		v, tup := MakeTuple(n)
		want := make(Tuple, n)
		for i := range n {
			tup[i], want[i] = Int(i*1000+7), Int(i*1000+7)
		}
		got, ok := v.(Tuple)
		require.True(t, ok, "n=%d", n)
		require.Equal(t, want, got)
		eq, err := Equal(v, want)
		require.NoError(t, err)
		require.True(t, eq)
		fv, _ := Fingerprint(v)
		fw, _ := Fingerprint(want)
		require.Equal(t, fw, fv)
		require.Equal(t, want.String(), v.String())
		require.Equal(t, n, v.(Tuple).Len())
	}
	var kept []Value
	for i := range 1000 {
		v, tup := MakeTuple(1 + i%6)
		for k := range tup {
			tup[k] = Str("s" + string(rune('a'+k)))
		}
		kept = append(kept, v)
		if i%100 == 0 {
			runtime.GC()
		}
	}
	runtime.GC()
	for i, v := range kept {
		tup := v.(Tuple)
		require.Len(t, tup, 1+i%6)
		for k, e := range tup {
			require.Equal(t, Str("s"+string(rune('a'+k))), e)
		}
	}
	var sink Value
	for n := 1; n <= 6; n++ {
		require.Equal(t, float64(1), testing.AllocsPerRun(100, func() { sink, _ = MakeTuple(n) }), "n=%d", n)
	}
	_ = sink
}

// TestBlankRecordsShareTheirNames: Record.Blank makes a record of the same fields, one
// allocation up to eight fields, equal to the record built from the names and values.
func TestBlankRecordsShareTheirNames(t *testing.T) {
	for n := 1; n <= 10; n++ {
		names := make([]string, n)
		vals := make([]Value, n)
		for i := range n {
			names[i], vals[i] = string(rune('a'+i)), Int(i)
		}
		proto, err := NewRecord(names, vals)
		require.NoError(t, err)
		r, out := proto.Blank()
		copy(out, vals)
		eq, err := Equal(r, proto)
		require.NoError(t, err)
		require.True(t, eq, "n=%d", n)
		if n <= 8 {
			require.Equal(t, float64(1), testing.AllocsPerRun(100, func() { r, out = proto.Blank() }), "n=%d", n)
		}
	}
}

// TestTupleInRefersToItsHeader: TupleIn's Value is the tuple its header holds, made without
// allocating, and sees the header as it is when used.
func TestTupleInRefersToItsHeader(t *testing.T) {
	var elems [3]Value
	hdr := Tuple(elems[:2])
	hdr[0], hdr[1] = Int(1), Str("a")
	v := TupleIn(&hdr)
	eq, err := Equal(v, Tuple{Int(1), Str("a")})
	require.NoError(t, err)
	require.True(t, eq)
	require.Equal(t, "<<1, \"a\">>", v.String())
	hdr = elems[:3]
	hdr[2] = Int(2)
	require.Equal(t, 3, v.(Tuple).Len(), "the Value refers to the header")
	empty := Tuple{}
	require.Equal(t, 0, TupleIn(&empty).(Tuple).Len())
	var sink Value
	require.Zero(t, testing.AllocsPerRun(100, func() { sink = TupleIn(&hdr) }))
	_ = sink
}

// TestUpdateIsOneAllocation: [f EXCEPT ![x] = v] of a tuple, a record and a function of up to
// 6, 8 and 8 elements is one allocation (the copy's header and values together), and every one
// is the function with x's value replaced, f unchanged, and kept across collections.
func TestUpdateIsOneAllocation(t *testing.T) {
	var kept []Value
	for n := 1; n <= 10; n++ {
		tup := make(Tuple, n)
		names := make([]string, n)
		dom := make([]Value, n)
		vals := make([]Value, n)
		for i := range n {
			tup[i], names[i], dom[i], vals[i] = Int(i), string(rune('a'+i)), ModelValue{Name: string(rune('p' + i))}, Int(i)
		}
		rec, err := NewRecord(names, vals)
		require.NoError(t, err)
		fn, err := NewFunc(dom, vals)
		require.NoError(t, err)
		require.IsType(t, &Func{}, fn)
		for _, c := range []struct {
			f     Value
			arg   func(i int) Value
			limit int
		}{
			{tup, func(i int) Value { return Int(i + 1) }, 6},
			{rec, func(i int) Value { return Str(names[i]) }, 8},
			{fn, func(i int) Value { return dom[i] }, 8},
		} {
			for i := range n {
				got, err := Update(c.f, c.arg(i), Str("new"))
				require.NoError(t, err)
				for j := range n {
					w, _ := Apply(c.f, c.arg(j))
					if j == i {
						w = Str("new")
					}
					g, err := Apply(got, c.arg(j))
					require.NoError(t, err)
					require.Equal(t, w, g, "%s, %d: %d", c.f, i, j)
				}
				old, _ := Apply(c.f, c.arg(i))
				require.Equal(t, Int(i), old, "f is unchanged")
				kept = append(kept, got)
			}
			if n <= c.limit {
				var sink Value
				arg, nv := c.arg(0), Value(Str("new"))
				require.Equal(t, float64(1), testing.AllocsPerRun(100, func() { sink, _ = Update(c.f, arg, nv) }), "%s", c.f)
				_ = sink
			}
		}
	}
	runtime.GC()
	for _, v := range kept {
		f, err := AsFunc(v)
		require.NoError(t, err)
		n := 0
		for i := range f.Len() {
			if f.ValueAt(i) == Str("new") {
				n++
			}
		}
		require.Equal(t, 1, n, "%s", v)
	}
}

// TestFunctionsOnSetsAllocateTheirValueOnly: [x \in S |-> e] over 1..n is the sequence it
// equals, over strings the record, and otherwise a function, each built from the values with
// one allocation (the Tuple's box, the Record, the Func), the record two (its names too); and a
// record's membership in a record set allocates nothing (Record.DomainAt boxes a name).
func TestFunctionsOnSetsAllocateTheirValueOnly(t *testing.T) {
	ints, err := Interval(1, 3).Enumerate()
	require.NoError(t, err)
	strs, err := NewSet(Str("a"), Str("b"), Str("c"))
	require.NoError(t, err)
	mvs, err := NewSet(ModelValue{Name: "p"}, ModelValue{Name: "q"}, ModelValue{Name: "r"})
	require.NoError(t, err)
	vals := []Value{Int(7), Int(8), Int(9)}
	var sink FuncValue
	for _, c := range []struct {
		dom    *Set
		want   FuncValue
		allocs float64
	}{
		{ints, Tuple{Int(7), Int(8), Int(9)}, 1},
		{strs, &Record{names: []string{"a", "b", "c"}, values: vals}, 2},
		{mvs, &Func{domain: *mvs, vals: vals}, 1},
	} {
		got, err := NewFuncOnSet(c.dom, vals)
		require.NoError(t, err)
		require.Equal(t, c.want, got)
		require.Equal(t, c.allocs, testing.AllocsPerRun(100, func() { sink, _ = NewFuncOnSet(c.dom, vals) }), "%s", c.dom)
	}
	_ = sink
	rs, err := RecordSet([]string{"type", "bal"}, []SetValue{mustSet(t, Str("1a"), Str("1b")), Interval(0, 3)})
	require.NoError(t, err)
	for _, c := range []struct {
		v    Value
		want bool
	}{
		{&Record{names: []string{"bal", "type"}, values: []Value{Int(2), Str("1b")}}, true},
		{&Record{names: []string{"bal", "type"}, values: []Value{Int(4), Str("1b")}}, false},
		{&Record{names: []string{"bal", "type"}, values: []Value{Int(2), Str("2a")}}, false},
		{&Record{names: []string{"bal", "typ"}, values: []Value{Int(2), Str("1b")}}, false},
		{&Record{names: []string{"bal"}, values: []Value{Int(2)}}, false},
		{&Func{domain: *mvs, vals: vals}, false},
		{Tuple{Int(2), Str("1b")}, false},
	} {
		got, err := rs.Contains(c.v)
		require.NoError(t, err)
		require.Equal(t, c.want, got, "%s", c.v)
		require.Zero(t, testing.AllocsPerRun(100, func() { _, _ = rs.Contains(c.v) }), "%s", c.v)
	}
}

func mustSet(t *testing.T, elems ...Value) *Set {
	t.Helper()
	s, err := NewSet(elems...)
	require.NoError(t, err)
	return s
}
