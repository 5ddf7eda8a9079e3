package value

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Kind classifies values; the order of the constants is the order of kinds in [Compare].
type Kind uint8

const (
	KindBool Kind = iota + 1
	KindInt
	KindString
	KindModel
	KindFunc
	KindSet
)

func (k Kind) String() string {
	switch k {
	case KindBool:
		return "boolean"
	case KindInt:
		return "integer"
	case KindString:
		return "string"
	case KindModel:
		return "model value"
	case KindFunc:
		return "function"
	case KindSet:
		return "set"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is a TLA+ value. String renders it in TLA+ syntax the way TLC prints it.
type Value interface {
	Kind() Kind
	String() string
}

var (
	// ErrInfinite is wrapped by every error caused by enumerating an infinite set.
	ErrInfinite = errors.New("cannot enumerate an infinite set")
	// ErrOverflow is wrapped by every error caused by an integer result outside TLC's 32-bit range.
	ErrOverflow = errors.New("integer overflow")
	// ErrType is wrapped by errors about a value of the wrong kind.
	ErrType = errors.New("type error")
)

// Bool is TRUE or FALSE.
type Bool bool

// Int is a TLA+ integer. Values stay within MinInt..MaxInt; use [MakeInt] to check a result.
type Int int64

// Str is a TLA+ string.
type Str string

// ModelValue is a TLC model value: a constant equal only to itself.
type ModelValue struct{ Name string }

// The range of TLC's integers.
const (
	MaxInt = math.MaxInt32
	MinInt = math.MinInt32
)

// True and False are the two booleans.
const (
	True  = Bool(true)
	False = Bool(false)
)

func (Bool) Kind() Kind       { return KindBool }
func (Int) Kind() Kind        { return KindInt }
func (Str) Kind() Kind        { return KindString }
func (ModelValue) Kind() Kind { return KindModel }

func (b Bool) String() string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

func (i Int) String() string        { return strconv.FormatInt(int64(i), 10) }
func (m ModelValue) String() string { return m.Name }

// String quotes s with the escapes TLA+ accepts: \" \\ \n \t \r \f.
func (s Str) String() string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '\f':
			b.WriteString(`\f`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// MakeInt returns n as an Int, or an error wrapping ErrOverflow naming op if n is outside TLC's
// 32-bit range.
func MakeInt(n int64, op string) (Int, error) {
	if n > MaxInt || n < MinInt {
		return 0, fmt.Errorf("%w: the result of %s is %d, outside TLC's range %d..%d", ErrOverflow, op, n, MinInt, MaxInt)
	}
	return Int(n), nil
}

// TypeError returns an error wrapping ErrType saying that want was expected where got was found.
func TypeError(want string, got Value) error {
	return fmt.Errorf("%w: expected %s, got %s %s", ErrType, want, describeKind(got), Abbrev(got))
}

func describeKind(v Value) string {
	if v == nil {
		return "nothing"
	}
	switch v.(type) {
	case Tuple:
		return "sequence"
	case *Record:
		return "record"
	}
	return v.Kind().String()
}

// Abbrev renders v, cut to a length that fits in an error message.
func Abbrev(v Value) string {
	if v == nil {
		return "<nil>"
	}
	s := v.String()
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return s
}
