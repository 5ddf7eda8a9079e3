package trace

import (
	"errors"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// FuzzRead feeds arbitrary bytes to the trace reader with a schema: it must return events or an
// *InputError naming a line within the input, never panic.
func FuzzRead(f *testing.F) {
	for _, seed := range []string{
		`{"t":1,"action":"Inc","by":1,"x":1}` + "\n" + `{"t":2,"action":"Note"}`,
		`{"action":"Note","t":0,"node":"b","vc":{"a":1,"b":2}}`,
		"\n\n{\"t\":1}\n[1]\nnull\n",
		`{"t":1,"action":"Inc","by":3,"x":{"y":[1,2,{"z":null}]}}`,
		`{"t":99999999999,"action":"Note"}`,
	} {
		f.Add([]byte(seed))
	}
	sv, err := value.NewRecord([]string{"Inc", "Note"}, []value.Value{
		mustRecord(f, []string{"t", "by", "x"}, []value.Value{value.Str("Nat"), mustSet(f, value.Int(1), value.Int(2)), value.Str("Nat")}),
		mustRecord(f, []string{"t"}, []value.Value{value.Str("Nat")}),
	})
	if err != nil {
		f.Fatal(err)
	}
	schema, err := NewSchema(sv)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, s := range []*Schema{schema, nil} {
			events, err := Read(data, "fuzz", s)
			if err != nil {
				var ie *InputError
				if !errors.As(err, &ie) {
					t.Fatalf("error %T is not an *InputError: %v", err, err)
				}
				if ie.Line < 1 {
					t.Fatalf("error names line %d: %v", ie.Line, err)
				}
				continue
			}
			if len(events) == 0 {
				t.Fatal("no error and no event")
			}
		}
	})
}

func mustRecord(f *testing.F, names []string, vals []value.Value) *value.Record {
	r, err := value.NewRecord(names, vals)
	if err != nil {
		f.Fatal(err)
	}
	return r
}

func mustSet(f *testing.F, elems ...value.Value) *value.Set {
	s, err := value.NewSet(elems...)
	if err != nil {
		f.Fatal(err)
	}
	return s
}
