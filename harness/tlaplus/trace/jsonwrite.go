package trace

import (
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// The one writer of trace lines: the simulator writes its NDJSON traces with it (package
// harness/sim), and the validator shows an event it was handed as a record (ValidateEvents) as
// the line the simulator writes for it.

// AppendJSONString writes s as a JSON string, escaping what JSON requires (and invalid UTF-8 as
// the replacement character).
func AppendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\t':
				b = append(b, '\\', 't')
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// AppendValueJSON writes a value of a trace event as JSON: integers, booleans, strings,
// sequences (arrays) and records (objects, fields sorted by their bytes), the values a JSON
// line decodes to. Anything else is written as a string saying so, which no trace module's
// schema takes: never a guess.
func AppendValueJSON(b []byte, v value.Value) []byte {
	switch x := v.(type) {
	case value.Int:
		return strconv.AppendInt(b, int64(x), 10)
	case value.Bool:
		return strconv.AppendBool(b, bool(x))
	case value.Str:
		return AppendJSONString(b, string(x))
	case value.Tuple:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendValueJSON(b, e)
		}
		return append(b, ']')
	case *value.Record:
		b = append(b, '{')
		for k, i := range byteOrder(x.Names()) {
			if k > 0 {
				b = append(b, ',')
			}
			b = AppendJSONString(b, x.Names()[i])
			b = append(b, ':')
			b = AppendValueJSON(b, x.ValueAt(i))
		}
		return append(b, '}')
	}
	return AppendJSONString(b, fmt.Sprintf("unsupported trace value %s", value.Abbrev(v)))
}

// byteOrder yields the indices of names in the order of their bytes: a trace's JSON keeps its
// keys sorted so, whatever order the process's intern order (value.SetOrder) holds a record's
// fields in (names already in that order, as without one, are not copied).
func byteOrder(names []string) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		if slices.IsSorted(names) {
			for i := range names {
				if !yield(i, i) {
					return
				}
			}
			return
		}
		idx := make([]int, len(names))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(i, j int) int { return strings.Compare(names[i], names[j]) })
		for k, i := range idx {
			if !yield(k, i) {
				return
			}
		}
	}
}
