package clocks

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonVector reads the JSON form of a vector clock, {"node": counter, ...}, straight from the
// input bytes. It runs twice over the same input: the first pass checks it and measures what the
// clock needs (entries and node ID bytes) without allocating, the second fills storage of
// exactly that size. (encoding/json's token API, used before, boxed every token: a 16.8 MB clock
// allocated 556 MB and took 15 s.)
type jsonVector struct {
	data []byte
	off  int
	// key is where the key of the member being read lies in data, for error messages.
	keyLo, keyHi int

	// The first pass counts; the second fills entries and names.
	count, nameBytes int
	fill             bool
	entries          []slot
	names            strings.Builder
}

func (p *jsonVector) fail(off int, format string, args ...any) error {
	return &DecodeError{Format: "vector clock JSON", Offset: off, Reason: fmt.Sprintf(format, args...)}
}

func (p *jsonVector) skipSpace() {
	for p.off < len(p.data) {
		switch p.data[p.off] {
		case ' ', '\t', '\n', '\r':
			p.off++
		default:
			return
		}
	}
}

// unexpected reports the byte at the current offset, or the end of the input.
func (p *jsonVector) unexpected(context string) error {
	if p.off >= len(p.data) {
		return p.fail(p.off, "unexpected end of input")
	}
	return p.fail(p.off, "invalid character %q %s", p.data[p.off], context)
}

// object reads the whole input: an object from node ID to counter, and nothing after it.
func (p *jsonVector) object() error {
	p.off = 0
	p.skipSpace()
	if p.off >= len(p.data) || p.data[p.off] != '{' {
		at := p.off
		what, err := p.describeValue()
		if err != nil {
			return err
		}
		return p.fail(at, "want a JSON object, got %s", what)
	}
	p.off++
	p.skipSpace()
	if p.off < len(p.data) && p.data[p.off] == '}' {
		p.off++
		return p.end()
	}
	for {
		if err := p.member(); err != nil {
			return err
		}
		p.skipSpace()
		if p.off < len(p.data) && p.data[p.off] == ',' {
			p.off++
			p.skipSpace()
			continue
		}
		if p.off < len(p.data) && p.data[p.off] == '}' {
			p.off++
			return p.end()
		}
		return p.unexpected("after object key:value pair")
	}
}

func (p *jsonVector) end() error {
	p.skipSpace()
	if p.off != len(p.data) {
		return p.fail(-1, "unexpected data after the object")
	}
	return nil
}

// member reads one "node": counter pair.
func (p *jsonVector) member() error {
	if p.off >= len(p.data) || p.data[p.off] != '"' {
		at := p.off
		what, err := p.describeValue()
		if err != nil {
			return err
		}
		return p.fail(at, "want a node ID string, got %s", what)
	}
	start := p.names.Len()
	p.keyLo = p.off
	n, err := p.str()
	if err != nil {
		return err
	}
	p.keyHi = p.off
	if n == 0 {
		return p.fail(-1, "empty node ID")
	}
	p.skipSpace()
	if p.off >= len(p.data) || p.data[p.off] != ':' {
		return p.unexpected("after object key")
	}
	p.off++
	p.skipSpace()
	counter, err := p.counter()
	if err != nil {
		return err
	}
	if p.fill {
		p.entries = append(p.entries, newSlot(p.names.String()[start:], counter))
	} else {
		p.count++
		p.nameBytes += n
	}
	return nil
}

// shown is how much of a long key, string or number an error message quotes.
const shown = 64

// clip shortens s for an error message.
func clip[T string | []byte](s T) string {
	if len(s) <= shown {
		return string(s)
	}
	return string(s[:shown]) + "..."
}

// key decodes (the start of) the key of the member being read, for an error message.
func (p *jsonVector) key() string {
	var b strings.Builder
	saved := p.off
	p.off = p.keyLo
	p.appendString(&b, shown+1)
	p.off = saved
	return clip(b.String())
}

// counter reads a counter: a JSON number that is an integer in [0, 2^64).
func (p *jsonVector) counter() (uint64, error) {
	if p.off >= len(p.data) || p.data[p.off] != '-' && (p.data[p.off] < '0' || p.data[p.off] > '9') {
		what, err := p.describeValue()
		if err != nil {
			return 0, err
		}
		return 0, p.fail(-1, "node %q: want a non-negative integer counter, got %s", p.key(), what)
	}
	start := p.off
	if err := p.number(); err != nil {
		return 0, err
	}
	num := p.data[start:p.off]
	var v uint64
	for _, d := range num {
		if d < '0' || d > '9' || v > (1<<64-1-uint64(d-'0'))/10 {
			return 0, p.fail(-1, "node %q: counter %s is not an integer in [0, 2^64)", p.key(), clip(num))
		}
		v = v*10 + uint64(d-'0')
	}
	return v, nil
}

// number skips a JSON number, -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, which starts at
// the current offset with '-' or a digit.
func (p *jsonVector) number() error {
	digits := func() int {
		k := 0
		for p.off < len(p.data) && p.data[p.off] >= '0' && p.data[p.off] <= '9' {
			p.off++
			k++
		}
		return k
	}
	if p.data[p.off] == '-' {
		p.off++
	}
	if p.off < len(p.data) && p.data[p.off] == '0' {
		p.off++
	} else if digits() == 0 {
		return p.unexpected("in numeric literal")
	}
	if p.off < len(p.data) && p.data[p.off] == '.' {
		p.off++
		if digits() == 0 {
			return p.unexpected("after decimal point in numeric literal")
		}
	}
	if p.off < len(p.data) && (p.data[p.off] == 'e' || p.data[p.off] == 'E') {
		p.off++
		if p.off < len(p.data) && (p.data[p.off] == '+' || p.data[p.off] == '-') {
			p.off++
		}
		if digits() == 0 {
			return p.unexpected("in exponent of numeric literal")
		}
	}
	return nil
}

// describeValue reads the JSON value at the current offset far enough to name it in an error:
// `string "x"`, `number 1.5`, true, false, null, or the delimiter that opens an object or array.
// Malformed input gives the syntax error instead.
func (p *jsonVector) describeValue() (string, error) {
	if p.off >= len(p.data) {
		return "", p.fail(p.off, "unexpected end of input")
	}
	switch c := p.data[p.off]; {
	case c == '"':
		var b strings.Builder
		if _, err := p.appendString(&b, shown+1); err != nil {
			return "", err
		}
		return fmt.Sprintf("string %q", clip(b.String())), nil
	case c == '{' || c == '[':
		return fmt.Sprintf("%q", string(c)), nil
	case c == '-' || c >= '0' && c <= '9':
		start := p.off
		if err := p.number(); err != nil {
			return "", err
		}
		return "number " + clip(p.data[start:p.off]), nil
	}
	for _, lit := range [...]string{"true", "false", "null"} {
		if bytes.HasPrefix(p.data[p.off:], []byte(lit)) {
			p.off += len(lit)
			return lit, nil
		}
	}
	return "", p.unexpected("looking for beginning of value")
}

// str reads the JSON string at the current offset, appending its value to names in the second
// pass, and returns the length of its value.
func (p *jsonVector) str() (int, error) {
	if p.fill {
		return p.appendString(&p.names, -1)
	}
	return p.appendString(nil, -1)
}

// appendString reads the JSON string at the current offset (which holds '"') and appends its
// value to b (at most max bytes of it, unless max is negative), or only measures it when b is
// nil. As encoding/json does, it replaces invalid UTF-8 and unpaired surrogates by U+FFFD.
func (p *jsonVector) appendString(b *strings.Builder, max int) (int, error) {
	n := 0
	room := func() bool { return b != nil && (max < 0 || b.Len() < max) }
	write := func(s []byte) {
		n += len(s)
		if room() {
			if max >= 0 && len(s) > max-b.Len() {
				s = s[:max-b.Len()]
			}
			b.Write(s)
		}
	}
	writeRune := func(r rune) {
		n += utf8.RuneLen(r)
		if room() {
			b.WriteRune(r)
		}
	}
	p.off++ // the opening quote
	for {
		// Copy the longest run that needs no decoding in one go.
		run := p.off
		for run < len(p.data) {
			c := p.data[run]
			if c == '"' || c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
				break
			}
			run++
		}
		write(p.data[p.off:run])
		p.off = run
		if p.off >= len(p.data) {
			return 0, p.fail(p.off, "unexpected end of input in string")
		}
		switch c := p.data[p.off]; {
		case c == '"':
			p.off++
			return n, nil
		case c < 0x20:
			return 0, p.fail(p.off, "invalid character %q in string literal", c)
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(p.data[p.off:])
			if r == utf8.RuneError && size == 1 {
				writeRune(utf8.RuneError)
			} else {
				write(p.data[p.off : p.off+size])
			}
			p.off += size
		default: // a backslash
			r, err := p.escape()
			if err != nil {
				return 0, err
			}
			writeRune(r)
		}
	}
}

// escape reads the escape sequence at the current offset (which holds '\') and returns the rune
// it stands for, pairing UTF-16 surrogates as encoding/json does.
func (p *jsonVector) escape() (rune, error) {
	if p.off+1 >= len(p.data) {
		return 0, p.fail(len(p.data), "unexpected end of input in string escape")
	}
	c := p.data[p.off+1]
	var r rune
	switch c {
	case '"', '\\', '/':
		r = rune(c)
	case 'b':
		r = '\b'
	case 'f':
		r = '\f'
	case 'n':
		r = '\n'
	case 'r':
		r = '\r'
	case 't':
		r = '\t'
	case 'u':
		return p.unicodeEscape()
	default:
		return 0, p.fail(p.off+1, "invalid character %q in string escape code", c)
	}
	p.off += 2
	return r, nil
}

// unicodeEscape reads a \uXXXX escape, and the low surrogate's escape after a high surrogate.
func (p *jsonVector) unicodeEscape() (rune, error) {
	r, err := p.hex4(p.off + 2)
	if err != nil {
		return 0, err
	}
	p.off += 6
	if !utf16.IsSurrogate(r) {
		return r, nil
	}
	if p.off+1 < len(p.data) && p.data[p.off] == '\\' && p.data[p.off+1] == 'u' {
		if r2, err := p.hex4(p.off + 2); err == nil {
			if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
				p.off += 6
				return dec, nil
			}
		}
	}
	return utf8.RuneError, nil
}

func (p *jsonVector) hex4(at int) (rune, error) {
	var r rune
	for i := at; i < at+4; i++ {
		if i >= len(p.data) {
			return 0, p.fail(len(p.data), "unexpected end of input in string escape")
		}
		c := p.data[i]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, p.fail(i, "invalid character %q in \\u hexadecimal character escape", p.data[i])
		}
		r = r<<4 | rune(c)
	}
	return r, nil
}
