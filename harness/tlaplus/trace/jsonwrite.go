package trace

import (
	"fmt"
	"strconv"
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
// sequences (arrays) and records (objects, fields in the record's order), the values a JSON
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
		for i, n := range x.Names() {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendJSONString(b, n)
			b = append(b, ':')
			b = AppendValueJSON(b, x.ValueAt(i))
		}
		return append(b, '}')
	}
	return AppendJSONString(b, fmt.Sprintf("unsupported trace value %s", value.Abbrev(v)))
}
