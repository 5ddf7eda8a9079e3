package sim

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"unicode/utf8"
	"unsafe"

	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// A RecordSink is a TraceSink that also takes an event's line as the TLA+ record a trace module
// reads for it (what the JSON the recorder writes decodes to), built by the adapter: adapters
// that emit an event per step build it directly, cheaper than a map (raftsim does).
type RecordSink interface {
	TraceSink
	// EventLine takes the line of an event of node: shape's names (sorted) are the line's, the
	// event's fields and "action", "node" and "t"; vals are the line's values in that order, the
	// sink's from then on, with any value at those three, which the sink sets.
	EventLine(node int, action string, shape *value.Record, vals []value.Value)
}

// lineShapes knows where "action", "node" and "t" are among the names of the lines adapters
// give whole (RecordSink), found once per names slice: an adapter's lines of one shape share
// their names.
type lineShapes map[*string]lineSlots

// lineSlots are the positions of "action", "node" and "t" among n names.
type lineSlots struct{ action, node, t, n int }

// slots returns the positions of "action", "node" and "t" in names; ok is false if one is
// missing or the names are not sorted.
func (ls *lineShapes) slots(names []string) (lineSlots, bool) {
	if len(names) == 0 {
		return lineSlots{}, false
	}
	key := unsafe.SliceData(names)
	if s, ok := (*ls)[key]; ok && s.n == len(names) {
		return s, true
	}
	at := func(name string) int {
		i, found := slices.BinarySearch(names, name)
		if !found {
			return -1
		}
		return i
	}
	s := lineSlots{at("action"), at("node"), at("t"), len(names)}
	if s.action < 0 || s.node < 0 || s.t < 0 || !slices.IsSorted(names) {
		return s, false
	}
	if *ls == nil || len(*ls) > 1024 {
		*ls = lineShapes{}
	}
	(*ls)[key] = s
	return s, true
}

// TraceRecord returns fields as the TLA+ record the JSON object the recorder writes for them
// decodes to: integers, booleans, strings, RawJSON, and slices and maps of them are taken
// directly; any other value as encoding/json writes it. A value with no TLA+ counterpart (null,
// a fraction, an integer outside TLC's range) is an error naming the field.
func TraceRecord(fields map[string]any) (*value.Record, error) {
	return traceRecord(fields, nil, new(eval.JSONDecoder))
}

// traceRecord is TraceRecord, with extra fields (name, value) besides those of the map (which
// take their place if the map has them too), decoding RawJSON with dec.
func traceRecord(fields map[string]any, extra []extraField, dec *eval.JSONDecoder) (*value.Record, error) {
	names := make([]string, 0, len(fields)+len(extra))
	for k := range fields {
		if !isExtra(extra, k) {
			names = append(names, k)
		}
	}
	for _, e := range extra {
		names = append(names, e.name)
	}
	sort.Strings(names)
	vals := make([]value.Value, len(names))
	for i, k := range names {
		if v, ok := extraValue(extra, k); ok {
			vals[i] = v
			continue
		}
		v, err := traceValue(fields[k], dec)
		if err != nil {
			return nil, fmt.Errorf("sim: trace field %q: %w", k, err)
		}
		vals[i] = v
	}
	if len(names) == 0 {
		return emptyRecord, nil
	}
	return value.NewRecord(names, vals)
}

// An extraField is a field the recorder adds to an event's (its action, node and time).
type extraField struct {
	name string
	v    value.Value
}

func isExtra(extra []extraField, name string) bool {
	_, ok := extraValue(extra, name)
	return ok || name == "node" // the recorder writes the node, or none
}

func extraValue(extra []extraField, name string) (value.Value, bool) {
	for _, e := range extra {
		if e.name == name {
			return e.v, true
		}
	}
	return nil, false
}

// emptyRecord is the record of no fields (which no JSON decodes to: {} is the empty sequence,
// but the recorder always adds the action and the time).
var emptyRecord = new(value.Record)

// TraceInt is n as a TLA+ integer, or an error if it is outside TLC's range, as a trace module
// reading it from JSON would report.
func TraceInt(n int64) (value.Value, error) {
	if n < value.MinInt || n > value.MaxInt {
		return nil, fmt.Errorf("%d is outside TLC's integer range %d..%d", n, value.MinInt, value.MaxInt)
	}
	return value.Int(n), nil
}

func traceUint(n uint64) (value.Value, error) {
	if n > math.MaxInt64 {
		return nil, fmt.Errorf("%d is outside TLC's integer range %d..%d", n, value.MinInt, value.MaxInt)
	}
	return TraceInt(int64(n))
}

// traceValue is the TLA+ value of a trace field (see TraceRecord).
func traceValue(v any, dec *eval.JSONDecoder) (value.Value, error) {
	switch x := v.(type) {
	case RawJSON:
		return dec.Decode(x)
	case nil:
		return nil, fmt.Errorf("null has no TLA+ value")
	case bool:
		return value.Bool(x), nil
	case int:
		return TraceInt(int64(x))
	case int64:
		return TraceInt(x)
	case uint64:
		return traceUint(x)
	case uint32:
		return TraceInt(int64(x))
	case float64:
		if x != math.Trunc(x) || math.Abs(x) >= 1e18 {
			return nil, fmt.Errorf("%v is not an integer (TLA+ has no fractions)", x)
		}
		return TraceInt(int64(x))
	case string:
		return TraceStr(x), nil
	case []int:
		t := make(value.Tuple, len(x))
		for i, e := range x {
			iv, err := TraceInt(int64(e))
			if err != nil {
				return nil, err
			}
			t[i] = iv
		}
		return t, nil
	case []any:
		t := make(value.Tuple, len(x))
		for i, e := range x {
			ev, err := traceValue(e, dec)
			if err != nil {
				return nil, err
			}
			t[i] = ev
		}
		return t, nil
	case map[string]any:
		if len(x) == 0 {
			return value.Tuple{}, nil // {} decodes to the empty function
		}
		return traceRecord(x, nil, dec)
	}
	enc, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("unsupported trace value of type %T: %v", v, err)
	}
	return dec.Decode(enc)
}

// TraceStr is s as a TLA+ string, as the JSON the recorder writes for it decodes: each byte
// that is not part of valid UTF-8 becomes U+FFFD (AppendJSONString).
func TraceStr(s string) value.Str {
	if utf8.ValidString(s) {
		return value.Str(s)
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = utf8.AppendRune(b, utf8.RuneError)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return value.Str(b)
}

// appendLine writes the record of a line as the trace shows it: "action" first, the fields in
// sorted order, then "node" and "t", and a newline.
func appendLine(b []byte, rec *value.Record) []byte {
	b = append(b, '{')
	first := true
	field := func(i int) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = AppendJSONString(b, rec.Names()[i])
		b = append(b, ':')
		b = trace.AppendValueJSON(b, rec.ValueAt(i))
	}
	names := rec.Names()
	at := func(name string) int {
		i, found := slices.BinarySearch(names, name)
		if !found {
			return -1
		}
		return i
	}
	ia, in, it := at("action"), at("node"), at("t")
	if ia >= 0 {
		field(ia)
	}
	for i := range names {
		if i != ia && i != in && i != it {
			field(i)
		}
	}
	if in >= 0 {
		field(in)
	}
	if it >= 0 {
		field(it)
	}
	return append(b, "}\n"...)
}

// LineTemplate returns a line shape for RecordSink.EventLine: a record with the given names,
// which the adapter lists sorted, whose values its lines replace. Names out of order or
// repeated are the adapter's programming error: LineTemplate panics.
func LineTemplate(names ...string) *value.Record {
	vals := make([]value.Value, len(names))
	for i := range vals {
		vals[i] = value.Int(0)
	}
	r, err := value.NewRecord(names, vals)
	if err != nil {
		panic(err)
	}
	if !slices.Equal(r.Names(), names) {
		panic(fmt.Sprintf("sim: line template names not sorted: %v", names))
	}
	return r
}

// LineInts converts an event's numbers for a line an adapter builds whole. OK (set it true
// first) turns false on a number beyond a TLA+ integer (TLC's 2^31-1): the adapter then takes
// the map path, whose recorder reports the number and its field.
type LineInts struct{ OK bool }

// boxedInts holds the integers 0 to 4095 as values, boxed once: an event's numbers (terms,
// indexes, node IDs) are mostly small, and boxing one beyond 255 again allocates.
var boxedInts = func() (t [4096]value.Value) {
	for i := range t {
		t[i] = value.Int(i)
	}
	return
}()

// Int returns n as a TLA+ integer, or 0 with OK false if it does not fit.
func (b *LineInts) Int(n uint64) value.Value {
	if n < uint64(len(boxedInts)) {
		return boxedInts[n]
	}
	if n > math.MaxInt32 {
		b.OK = false
		return value.Int(0)
	}
	return value.Int(n)
}
