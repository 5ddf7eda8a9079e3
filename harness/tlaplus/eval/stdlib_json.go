package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the community module Json natively, with the value mapping of TLC's own override
// (tlc2.overrides.Json): a JSON object is a record, an array a sequence, a number an integer, a
// string a string, true and false booleans. Unlike TLC, which silently truncates a number that
// does not fit its 32-bit integers and turns null into a missing value, the reader refuses both
// with an error naming the file, the line and the field.

var jsonModule = natives{
	"ToJson":      seqFn(1, func(c *call) value.Value { return value.Str(c.toJSON(c.val(0), jsonAny)) }),
	"ToJsonArray": seqFn(1, func(c *call) value.Value { return value.Str(c.toJSON(c.val(0), jsonArray)) }),
	"ToJsonObject": seqFn(1, func(c *call) value.Value {
		return value.Str(c.toJSON(c.val(0), jsonObject))
	}),
	"JsonSerialize": seqFn(2, func(c *call) value.Value {
		elems := c.seq(1)
		var b strings.Builder
		b.WriteString("[\n")
		for i, e := range elems {
			b.WriteString(c.toJSON(e, jsonAny))
			if i < len(elems)-1 {
				b.WriteString(",\n")
			}
		}
		b.WriteString("\n]\n")
		c.writeFile(c.str(0), b.String())
		return value.True
	}),
	"ndJsonSerialize": seqFn(2, func(c *call) value.Value {
		var b strings.Builder
		for _, e := range c.seq(1) {
			b.WriteString(c.toJSON(e, jsonAny))
			b.WriteByte('\n')
		}
		c.writeFile(c.str(0), b.String())
		return value.True
	}),
	"JsonDeserialize": seqFn(1, func(c *call) value.Value {
		path := c.str(0)
		data, err := os.ReadFile(path)
		c.check(err)
		v, err := DecodeJSON(data)
		if err != nil {
			c.fail("%s: %v", path, err)
		}
		return v
	}),
	"ndJsonDeserialize": seqFn(1, func(c *call) value.Value {
		path := c.str(0)
		f, err := os.Open(path)
		c.check(err)
		defer f.Close()
		out := value.Tuple{}
		err = ReadNDJSON(f, func(line int, v value.Value) error {
			out = append(out, v)
			return nil
		})
		if err != nil {
			c.fail("%s:%v", path, err)
		}
		return out
	}),
}

func (c *call) writeFile(path, text string) {
	if dir := filepath.Dir(path); dir != "" {
		c.check(os.MkdirAll(dir, 0o755))
	}
	c.check(os.WriteFile(path, []byte(text), 0o644))
}

// jsonShape is what ToJson, ToJsonArray and ToJsonObject ask the outermost value to become.
type jsonShape int

const (
	jsonAny jsonShape = iota
	jsonArray
	jsonObject
)

func (c *call) toJSON(v value.Value, shape jsonShape) string {
	var b bytes.Buffer
	if err := appendJSON(&b, v, shape); err != nil {
		c.fail("%v", err)
	}
	return b.String()
}

// appendJSON writes v as JSON: records and functions with a domain other than 1..n as objects
// (keys in TLC's order of the domain), sequences and finite sets as arrays, model values as
// their names.
func appendJSON(b *bytes.Buffer, v value.Value, shape jsonShape) error {
	switch x := v.(type) {
	case value.Bool:
		if shape != jsonAny {
			return fmt.Errorf("cannot write %s as a JSON %s", value.Abbrev(v), shapeName(shape))
		}
		b.WriteString(strconv.FormatBool(bool(x)))
		return nil
	case value.Int:
		if shape != jsonAny {
			return fmt.Errorf("cannot write %s as a JSON %s", value.Abbrev(v), shapeName(shape))
		}
		b.WriteString(strconv.FormatInt(int64(x), 10))
		return nil
	case value.Str:
		if shape != jsonAny {
			return fmt.Errorf("cannot write %s as a JSON %s", value.Abbrev(v), shapeName(shape))
		}
		return writeJSONString(b, string(x))
	case value.ModelValue:
		if shape != jsonAny {
			return fmt.Errorf("cannot write %s as a JSON %s", value.Abbrev(v), shapeName(shape))
		}
		return writeJSONString(b, x.String())
	case value.FuncValue:
		t, seqErr := value.AsSeq(x)
		if shape == jsonObject {
			return appendJSONObject(b, x)
		}
		if seqErr == nil && (x.Len() > 0 || shape == jsonArray) {
			return appendJSONArray(b, t)
		}
		if x.Len() == 0 {
			b.WriteString("{}")
			return nil
		}
		if shape == jsonArray {
			return fmt.Errorf("cannot write %s as a JSON array: its domain is not 1..n", value.Abbrev(v))
		}
		return appendJSONObject(b, x)
	case value.SetValue:
		if shape == jsonObject {
			return fmt.Errorf("cannot write the set %s as a JSON object", value.Abbrev(v))
		}
		s, err := x.Enumerate()
		if err != nil {
			return err
		}
		return appendJSONArray(b, s.Elems())
	}
	return fmt.Errorf("cannot write %s as JSON", value.Abbrev(v))
}

func shapeName(s jsonShape) string {
	if s == jsonArray {
		return "array"
	}
	return "object"
}

func appendJSONArray(b *bytes.Buffer, elems []value.Value) error {
	b.WriteByte('[')
	for i, e := range elems {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := appendJSON(b, e, jsonAny); err != nil {
			return err
		}
	}
	b.WriteByte(']')
	return nil
}

func appendJSONObject(b *bytes.Buffer, f value.FuncValue) error {
	b.WriteByte('{')
	for i := 0; i < f.Len(); i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		key := f.DomainAt(i)
		name := key.String()
		if s, ok := key.(value.Str); ok {
			name = string(s)
		}
		if err := writeJSONString(b, name); err != nil {
			return err
		}
		b.WriteByte(':')
		if err := appendJSON(b, f.ValueAt(i), jsonAny); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

func writeJSONString(b *bytes.Buffer, s string) error {
	enc, err := json.Marshal(s)
	if err != nil {
		return err
	}
	b.Write(enc)
	return nil
}

// MaxNDJSONLine bounds one line of an NDJSON file, so that a file without newlines cannot make
// the reader buffer it whole.
const MaxNDJSONLine = 16 << 20

// A JSONError says where in a JSON value a conversion to TLA+ failed: Path is the field path
// (msg.entries[2].term), empty for the value itself.
type JSONError struct {
	Path string
	Msg  string
}

func (e *JSONError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return "field " + e.Path + ": " + e.Msg
}

// A LineError is a JSONError (or a syntax error) on one line of an NDJSON file.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return strconv.Itoa(e.Line) + ": " + e.Err.Error() }
func (e *LineError) Unwrap() error { return e.Err }

// ReadNDJSON reads newline-delimited JSON from r, as ndJsonDeserialize does: blank lines are
// skipped, every other line must hold exactly one JSON value, converted to TLA+ and passed to fn
// with its 1-based line number. An error from fn stops the reading and is returned as is; a
// line that is not JSON, or holds a value with no TLA+ counterpart, is a *LineError.
func ReadNDJSON(r io.Reader, fn func(line int, v value.Value) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	line := 0
	for {
		text, err := readLine(br)
		if err == io.EOF && text == nil {
			return nil
		}
		line++
		if err != nil && err != io.EOF {
			return &LineError{Line: line, Err: err}
		}
		text = bytes.TrimSpace(text)
		if len(text) == 0 {
			if err == io.EOF {
				return nil
			}
			continue
		}
		v, derr := DecodeJSON(text)
		if derr != nil {
			return &LineError{Line: line, Err: derr}
		}
		if ferr := fn(line, v); ferr != nil {
			return ferr
		}
		if err == io.EOF {
			return nil
		}
	}
}

// errLineTooLong is reported for a line longer than MaxNDJSONLine.
var errLineTooLong = fmt.Errorf("line longer than %d bytes", MaxNDJSONLine)

// readLine returns the next line without its newline; io.EOF comes with the last line if it is
// not terminated, or with nil at the end.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) > MaxNDJSONLine {
			return nil, errLineTooLong
		}
		buf = append(buf, chunk...)
		switch {
		case err == nil:
			return buf[:len(buf)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF:
			if len(buf) == 0 {
				return nil, io.EOF
			}
			return buf, io.EOF
		default:
			return nil, err
		}
	}
}

// DecodeJSON converts one JSON value to TLA+: objects to records, arrays to sequences, numbers
// to integers (which must be whole and within TLC's range), strings and booleans as themselves.
// null, fractions, out-of-range numbers, repeated keys and trailing text are errors; a
// *JSONError names the field.
func DecodeJSON(data []byte) (value.Value, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeJSONValue(dec, "", 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &JSONError{Msg: "more than one JSON value on the line"}
	}
	return v, nil
}

// maxJSONDepth bounds the nesting of arrays and objects.
const maxJSONDepth = 200

func decodeJSONValue(dec *json.Decoder, path string, depth int) (value.Value, error) {
	if depth > maxJSONDepth {
		return nil, &JSONError{Path: path, Msg: fmt.Sprintf("nested more than %d levels deep", maxJSONDepth)}
	}
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, &JSONError{Path: path, Msg: "not JSON: " + err.Error()}
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '[':
			out := value.Tuple{}
			for i := 0; dec.More(); i++ {
				v, err := decodeJSONValue(dec, path+"["+strconv.Itoa(i+1)+"]", depth+1)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, &JSONError{Path: path, Msg: "not JSON: " + err.Error()}
			}
			return out, nil
		case '{':
			var names []string
			var vals []value.Value
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, &JSONError{Path: path, Msg: "not JSON: " + err.Error()}
				}
				key, _ := kt.(string)
				sub := key
				if path != "" {
					sub = path + "." + key
				}
				if seen[key] {
					return nil, &JSONError{Path: sub, Msg: "appears twice in the object"}
				}
				seen[key] = true
				v, err := decodeJSONValue(dec, sub, depth+1)
				if err != nil {
					return nil, err
				}
				names = append(names, key)
				vals = append(vals, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, &JSONError{Path: path, Msg: "not JSON: " + err.Error()}
			}
			if len(names) == 0 {
				return value.Tuple{}, nil // the empty function, as TLC's empty record
			}
			r, err := value.NewRecord(names, vals)
			if err != nil {
				return nil, &JSONError{Path: path, Msg: err.Error()}
			}
			return r, nil
		}
		return nil, &JSONError{Path: path, Msg: fmt.Sprintf("not JSON: unexpected %q", rune(t))}
	case json.Number:
		n, err := strconv.ParseInt(string(t), 10, 64)
		if err != nil {
			if f, ferr := strconv.ParseFloat(string(t), 64); ferr == nil && f == math.Trunc(f) && math.Abs(f) < 1e18 {
				n, err = int64(f), nil
			}
		}
		if err != nil {
			return nil, &JSONError{Path: path, Msg: fmt.Sprintf("%s is not an integer (TLA+ has no fractions)", t)}
		}
		v, err := value.MakeInt(n, "a JSON number")
		if err != nil {
			return nil, &JSONError{Path: path, Msg: fmt.Sprintf("%d is outside TLC's integer range %d..%d", n, value.MinInt, value.MaxInt)}
		}
		return v, nil
	case string:
		return value.Str(t), nil
	case bool:
		return value.Bool(t), nil
	case nil:
		return nil, &JSONError{Path: path, Msg: "is null, which has no TLA+ value"}
	}
	return nil, &JSONError{Path: path, Msg: fmt.Sprintf("unexpected JSON token %v", tok)}
}

// sortedEnv is the environment as a record, for IOEnv.
func envRecord(env map[string]string) (value.Value, error) {
	names := make([]string, 0, len(env))
	for k := range env {
		names = append(names, k)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return value.Tuple{}, nil
	}
	vals := make([]value.Value, len(names))
	for i, k := range names {
		vals[i] = value.Str(env[k])
	}
	return value.NewRecord(names, vals)
}
