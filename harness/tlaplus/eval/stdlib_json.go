package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the community module Json natively, with the value mapping of TLC's own module
// (tlc2.module.Json): a JSON object is a record, an array a sequence, a number an integer, a
// string a string, true and false booleans. JsonDeserialize and ndJsonDeserialize convert every
// number as TLC does (tlcJSONInt: a fraction is truncated, a number outside TLC's 32-bit integers
// keeps its low 32 bits), so a trace TLC reads, with fractional timestamps say, reads the same
// here, and a key repeated in an object keeps its last value, as gson's JsonObject.add, which
// TLC builds the object with, replaces the value of a key it holds. Unlike TLC, the reader
// refuses null with an error naming the file, the line and the field: TLC's getValue turns a JSON
// null into Java's null, which the record or tuple holds until something touches it (normalizing,
// comparing or printing the value), where TLC stops with a NullPointerException; this engine has
// no such value. DecodeJSON and ReadNDJSON, which the project's own trace validation reads its
// traces with, refuse fractions, numbers out of range and repeated keys instead.

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
		d := jsonDecoder{tlc: true}
		v, err := d.decode(data)
		if err != nil {
			c.fail("%s: %v", path, err)
		}
		return v
	}),
	"ndJsonDeserialize": seqFn(1, func(c *call) value.Value {
		path := c.str(0)
		if t, ok := c.ev.spec.opts.NDJSON[path]; ok {
			return t
		}
		f, err := os.Open(path)
		c.check(err)
		defer f.Close()
		out := value.Tuple{}
		err = readNDJSON(f, &jsonDecoder{tlc: true}, func(line int, v value.Value) error {
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

// appendJSON writes v as JSON, as TLC's Json module (tlc2.module.Json.getNode, getArrayNode,
// getObjectNode) does: records and functions with a domain other than 1..n as objects, sequences
// and finite sets as arrays, model values as their names. A record's fields, a function's domain
// and a set's elements are written in TLC's order (value.TLCFieldOrder, TLCDomainOrder, TLCElems:
// the order TLC's normalized values hold them in, the one values are printed in), as TLC writes a
// RecordValue's names array and a SetEnumValue after normalizing it. Strings are escaped as gson's
// JsonWriter escapes them (writeJSONString).
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
		writeJSONString(b, string(x))
		return nil
	case value.ModelValue:
		if shape != jsonAny {
			return fmt.Errorf("cannot write %s as a JSON %s", value.Abbrev(v), shapeName(shape))
		}
		writeJSONString(b, x.String())
		return nil
	case value.FuncValue:
		if x.Len() == 0 {
			// TLC's empty tuple and empty record: [] as an array, {} otherwise.
			if shape == jsonArray {
				b.WriteString("[]")
			} else {
				b.WriteString("{}")
			}
			return nil
		}
		if t, err := value.AsSeq(x); err == nil {
			// A function whose domain is 1..n is written as an array even by ToJsonObject, as
			// getObjectNode(FcnRcdValue) does when isValidSequence holds (TLC's JsonTests:
			// ToJsonObject([n \in 1..2 |-> "a"]) is ["a","a"]). TLC writes a TupleValue, a
			// sequence built as <<...>>, as an object keyed "0", "1", ... there
			// (getObjectNode(TupleValue)); this engine does not tell the two apart.
			return appendJSONArray(b, t)
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
		return appendJSONArray(b, value.TLCElems(s))
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

// appendJSONObject writes f as an object, its keys in TLC's order: a record's field names, or
// the domain's elements, a string as itself and any other value as TLC prints it
// (getObjectNode(FcnRcdValue): domainValue.toString()).
func appendJSONObject(b *bytes.Buffer, f value.FuncValue) error {
	var order []int
	switch x := f.(type) {
	case *value.Record:
		order = value.TLCFieldOrder(x)
	case *value.Func:
		order = value.TLCDomainOrder(x)
	}
	b.WriteByte('{')
	for k := 0; k < f.Len(); k++ {
		i := k
		if order != nil {
			i = order[k]
		}
		if k > 0 {
			b.WriteByte(',')
		}
		key := f.DomainAt(i)
		if s, ok := key.(value.Str); ok {
			writeJSONString(b, string(s))
		} else {
			writeJSONString(b, value.TLCString(key))
		}
		b.WriteByte(':')
		if err := appendJSON(b, f.ValueAt(i), jsonAny); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// writeJSONString writes s as a JSON string as gson's JsonWriter.string writes it (TLC's Json
// module writes through JsonElement.toString, whose writer is not HTML-safe): '"' and '\\'
// escaped by a backslash, \t \b \n \r \f by their short escapes, the other control characters
// and U+2028, U+2029 as \u00xx (lower-case hex); <, >, &, = and ' are written as themselves,
// where encoding/json would write \u003c and the like.
func writeJSONString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != '\u2028' && r != '\u2029' && (r != utf8.RuneError || size != 1) {
				i += size
				continue
			}
			b.WriteString(s[start:i])
			if r == utf8.RuneError {
				b.WriteString(`\ufffd`) // a byte that is not UTF-8, as encoding/json writes it
			} else {
				b.WriteString(`\u202`)
				b.WriteByte(hex[r&0xF])
			}
			i += size
			start = i
			continue
		}
		b.WriteString(s[start:i])
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\f':
			b.WriteString(`\f`)
		default:
			b.WriteString(`\u00`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xF])
		}
		i++
		start = i
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
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
	return readNDJSON(r, new(jsonDecoder), fn)
}

// readNDJSON is ReadNDJSON with the decoder d, one for all lines: the records of a file share
// their field names and short strings.
func readNDJSON(r io.Reader, d *jsonDecoder, fn func(line int, v value.Value) error) error {
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
		v, derr := d.decode(text)
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
		if err == nil && buf == nil {
			return chunk[:len(chunk)-1], nil // the whole line is in the buffer: no copy
		}
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
// *JSONError names the field. The decoder is hand-written, one pass and no reflection: trace
// validation decodes every event of a trace.
func DecodeJSON(data []byte) (value.Value, error) {
	var d jsonDecoder
	return d.decode(data)
}

// A JSONDecoder decodes JSON values as DecodeJSON does, keeping the field names and short
// strings it has seen and its scratch space from one value to the next: for a caller that decodes
// many values of the same shapes (a trace's events). It is for one goroutine.
type JSONDecoder struct{ d jsonDecoder }

// Decode decodes one JSON value, as DecodeJSON does.
func (d *JSONDecoder) Decode(data []byte) (value.Value, error) { return d.d.decode(data) }

// decode decodes one JSON value, keeping the interned strings and scratch space of earlier calls.
func (d *jsonDecoder) decode(data []byte) (value.Value, error) {
	d.data, d.pos, d.path = data, 0, d.path[:0]
	d.names, d.vals = d.names[:0], d.vals[:0]
	d.space()
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	d.space()
	if d.pos < len(d.data) {
		return nil, &JSONError{Msg: "more than one JSON value on the line"}
	}
	return v, nil
}

// maxJSONDepth bounds the nesting of arrays and objects.
const maxJSONDepth = 200

type jsonDecoder struct {
	data []byte
	pos  int
	// path is where the decoder is, for errors: object keys and 1-based array indexes.
	path []jsonStep
	// interned holds field names and short strings, so that the records of a trace share them
	// (and decoding them allocates nothing).
	interned map[string]string
	// names and vals are a stack of the fields of the objects being decoded.
	names []string
	vals  []value.Value
	// tlc decodes as TLC's Json module does (JsonDeserialize, ndJsonDeserialize): numbers are
	// converted by tlcJSONInt instead of refusing fractions and numbers out of range, and a key
	// repeated in an object keeps its last value instead of being refused.
	tlc bool
}

// maxInterned bounds the strings a decoder keeps: past it, new strings are allocated each time.
const maxInterned = 1 << 14

// maxInternedLen is the longest string value interned (field names are interned at any length).
const maxInternedLen = 32

// intern returns the string of b, shared with earlier equal strings when b is a field name or
// short enough.
func (d *jsonDecoder) intern(b []byte, name bool) string {
	if !name && len(b) > maxInternedLen {
		return string(b)
	}
	if s, ok := d.interned[string(b)]; ok { // no allocation for the lookup
		return s
	}
	s := string(b)
	if d.interned == nil {
		d.interned = map[string]string{}
	}
	if len(d.interned) < maxInterned {
		d.interned[s] = s
	}
	return s
}

// jsonStep is a step of a path into a JSON value: an object's key or an array's index.
type jsonStep struct {
	key   string
	index int
}

// pathString renders the path as msg.entries[2].term.
func (d *jsonDecoder) pathString() string {
	var b strings.Builder
	for _, st := range d.path {
		if st.key != "" || st.index == 0 {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(st.key)
			continue
		}
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(st.index))
		b.WriteByte(']')
	}
	return b.String()
}

func (d *jsonDecoder) space() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *jsonDecoder) syntax(what string) error {
	if d.pos >= len(d.data) {
		return &JSONError{Path: d.pathString(), Msg: "not JSON: unexpected end of input, expected " + what}
	}
	return &JSONError{Path: d.pathString(), Msg: fmt.Sprintf("not JSON: unexpected %q at byte %d, expected %s", d.data[d.pos], d.pos+1, what)}
}

func (d *jsonDecoder) value(depth int) (value.Value, error) {
	if depth > maxJSONDepth {
		return nil, &JSONError{Path: d.pathString(), Msg: fmt.Sprintf("nested more than %d levels deep", maxJSONDepth)}
	}
	if d.pos >= len(d.data) {
		return nil, d.syntax("a value")
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.object(depth)
	case c == '[':
		return d.array(depth)
	case c == '"':
		s, err := d.str(false)
		if err != nil {
			return nil, err
		}
		return value.Str(s), nil
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	case d.literal("true"):
		return value.True, nil
	case d.literal("false"):
		return value.False, nil
	case d.literal("null"):
		return nil, &JSONError{Path: d.pathString(), Msg: "is null, which has no TLA+ value"}
	}
	return nil, d.syntax("a value")
}

func (d *jsonDecoder) literal(word string) bool {
	if bytes.HasPrefix(d.data[d.pos:], []byte(word)) {
		end := d.pos + len(word)
		if end == len(d.data) || !isJSONWordByte(d.data[end]) {
			d.pos = end
			return true
		}
	}
	return false
}

func isJSONWordByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

func (d *jsonDecoder) object(depth int) (value.Value, error) {
	d.pos++                             // {
	nb, vb := len(d.names), len(d.vals) // this object's fields are d.names[nb:], d.vals[vb:]
	d.space()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		return value.Tuple{}, nil // the empty function, as TLC's empty record
	}
	for {
		d.space()
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			return nil, d.syntax("a field name")
		}
		key, err := d.str(true)
		if err != nil {
			return nil, err
		}
		d.path = append(d.path, jsonStep{key: key})
		dup := -1
		for i, n := range d.names[nb:] {
			if n == key {
				if !d.tlc {
					return nil, &JSONError{Path: d.pathString(), Msg: "appears twice in the object"}
				}
				dup = vb + i
			}
		}
		d.space()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			return nil, d.syntax("':'")
		}
		d.pos++
		d.space()
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		d.path = d.path[:len(d.path)-1]
		if dup >= 0 {
			// gson, which TLC's Json module reads with, builds the object with JsonObject.add,
			// whose map keeps the key where it first came and replaces its value: the last wins.
			d.vals[dup] = v
		} else {
			d.names = append(d.names, key)
			d.vals = append(d.vals, v)
		}
		d.space()
		if d.pos < len(d.data) && d.data[d.pos] == ',' {
			d.pos++
			continue
		}
		if d.pos < len(d.data) && d.data[d.pos] == '}' {
			d.pos++
			break
		}
		return nil, d.syntax("',' or '}'")
	}
	r, err := value.NewRecord(d.names[nb:], d.vals[vb:]) // copies them
	clear(d.vals[vb:])                                   // the values are the record's now
	d.names, d.vals = d.names[:nb], d.vals[:vb]
	if err != nil {
		return nil, &JSONError{Path: d.pathString(), Msg: err.Error()}
	}
	return r, nil
}

func (d *jsonDecoder) array(depth int) (value.Value, error) {
	d.pos++ // [
	d.space()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		return value.Tuple{}, nil
	}
	base := len(d.vals) // the elements so far are d.vals[base:]
	for {
		d.space()
		d.path = append(d.path, jsonStep{index: len(d.vals) - base + 1})
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		d.path = d.path[:len(d.path)-1]
		d.vals = append(d.vals, v)
		d.space()
		if d.pos < len(d.data) && d.data[d.pos] == ',' {
			d.pos++
			continue
		}
		if d.pos < len(d.data) && d.data[d.pos] == ']' {
			d.pos++
			out := append(value.Tuple(nil), d.vals[base:]...)
			clear(d.vals[base:])
			d.vals = d.vals[:base]
			return out, nil
		}
		return nil, d.syntax("',' or ']'")
	}
}

// str reads a string; strings without escapes are sliced without copying the bytes twice, and
// field names (name) and short strings are interned.
func (d *jsonDecoder) str(name bool) (string, error) {
	start := d.pos
	d.pos++ // "
	for i := d.pos; i < len(d.data); i++ {
		switch c := d.data[i]; {
		case c == '"':
			d.pos = i + 1
			if !utf8.Valid(d.data[start+1 : i]) {
				return "", &JSONError{Path: d.pathString(), Msg: "not JSON: a string is not valid UTF-8"}
			}
			return d.intern(d.data[start+1:i], name), nil
		case c == '\\':
			return d.escaped(start)
		case c < 0x20:
			d.pos = i
			return "", d.syntax("a character of a string (control characters are escaped)")
		}
	}
	d.pos = len(d.data)
	return "", d.syntax("the end of a string")
}

// escaped reads a string with escapes through encoding/json, which knows them all.
func (d *jsonDecoder) escaped(start int) (string, error) {
	i := start + 1
	for ; i < len(d.data); i++ {
		if d.data[i] == '\\' {
			i++
			continue
		}
		if d.data[i] == '"' {
			break
		}
	}
	if i >= len(d.data) {
		d.pos = len(d.data)
		return "", d.syntax("the end of a string")
	}
	var s string
	if err := json.Unmarshal(d.data[start:i+1], &s); err != nil {
		return "", &JSONError{Path: d.pathString(), Msg: "not JSON: " + err.Error()}
	}
	d.pos = i + 1
	return s, nil
}

func (d *jsonDecoder) number() (value.Value, error) {
	start := d.pos
	if d.data[d.pos] == '-' {
		d.pos++
	}
	digits := d.pos
	for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
		d.pos++
	}
	if d.pos == digits || (d.data[digits] == '0' && d.pos-digits > 1) {
		return nil, &JSONError{Path: d.pathString(), Msg: fmt.Sprintf("not JSON: malformed number at byte %d", start+1)}
	}
	integral := true
	if d.pos < len(d.data) && d.data[d.pos] == '.' {
		integral = false
		d.pos++
		for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
			d.pos++
		}
	}
	if d.pos < len(d.data) && (d.data[d.pos] == 'e' || d.data[d.pos] == 'E') {
		integral = false
		d.pos++
		if d.pos < len(d.data) && (d.data[d.pos] == '+' || d.data[d.pos] == '-') {
			d.pos++
		}
		for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
			d.pos++
		}
	}
	if integral && d.pos-digits <= 9 {
		// The common case, at most nine digits: no allocation, no overflow.
		var n int64
		for _, c := range d.data[digits:d.pos] {
			n = n*10 + int64(c-'0')
		}
		if digits > start {
			n = -n
		}
		if n >= value.MinInt && n <= value.MaxInt {
			return value.Int(n), nil
		}
	}
	text := string(d.data[start:d.pos])
	if d.tlc {
		return tlcJSONInt(text, d.pathString())
	}
	var n int64
	var err error
	if integral {
		n, err = strconv.ParseInt(text, 10, 64)
	} else {
		f, ferr := strconv.ParseFloat(text, 64)
		switch {
		case ferr != nil:
			err = ferr
		case f != math.Trunc(f) || math.Abs(f) >= 1e18:
			return nil, &JSONError{Path: d.pathString(), Msg: text + " is not an integer (TLA+ has no fractions)"}
		default:
			n = int64(f)
		}
	}
	if err != nil {
		return nil, &JSONError{Path: d.pathString(), Msg: fmt.Sprintf("%s is outside TLC's integer range %d..%d", text, value.MinInt, value.MaxInt)}
	}
	v, err := value.MakeInt(n, "a JSON number")
	if err != nil {
		return nil, &JSONError{Path: d.pathString(), Msg: fmt.Sprintf("%d is outside TLC's integer range %d..%d", n, value.MinInt, value.MaxInt)}
	}
	return v, nil
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

// maxJSONScale bounds the scale (digits after the point, less the exponent) and the length of a
// number tlcJSONInt converts: gson, which TLC reads JSON with, refuses a number whose scale is
// 10,000 or more in either direction, or whose text is longer than 10,000 characters
// (NumberLimits.parseBigDecimal, checkNumberStringLength), and the bound keeps 1e999999999 from
// costing a gigabyte.
const maxJSONScale = 10_000

// tlcJSONInt converts the JSON number text as TLC's Json module does: IntValue.gen of gson's
// JsonPrimitive.getAsInt (tlc2.module.Json.getValue), that is LazilyParsedNumber.intValue,
// which tries Integer.parseInt, then (int) Long.parseLong, then new BigDecimal(text).intValue().
// All three give the low 32 bits, in two's complement, of the number truncated toward zero:
// 1712329729.6024537 is 1712329729, -2.5 is -2, 1e3 is 1000 and 3000000000 is -1294967296.
func tlcJSONInt(text, path string) (value.Value, error) {
	mant, exp, _ := strings.Cut(strings.ToLower(text), "e")
	scale := 0
	if _, frac, ok := strings.Cut(mant, "."); ok {
		scale = len(frac)
	}
	if exp != "" {
		e, err := strconv.Atoi(exp)
		if err != nil {
			return nil, &JSONError{Path: path, Msg: text + " has an exponent TLC does not read"}
		}
		scale -= e
	}
	if len(text) > maxJSONScale {
		return nil, &JSONError{Path: path, Msg: fmt.Sprintf("a number of %d characters, which TLC does not read (at most %d)", len(text), maxJSONScale)}
	}
	if scale >= maxJSONScale || scale <= -maxJSONScale {
		return nil, &JSONError{Path: path, Msg: fmt.Sprintf("%s has a scale of %d, which TLC does not read (at most %d digits either side of the point)", text, scale, maxJSONScale-1)}
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return nil, &JSONError{Path: path, Msg: "not JSON: malformed number " + text}
	}
	whole := new(big.Int).Quo(r.Num(), r.Denom()) // truncated toward zero
	low := new(big.Int).And(whole, big.NewInt(0xFFFFFFFF)).Uint64()
	return value.Int(int32(uint32(low))), nil
}
