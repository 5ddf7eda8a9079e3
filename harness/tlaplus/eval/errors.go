package eval

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Error is an evaluation error at a place in a spec.
type Error struct {
	Pos ast.Pos
	Msg string
	Err error // the underlying cause, if any (value.ErrInfinite, value.ErrOverflow, ...)
	// evalException marks an error TLC raises as an EvalException, which its Java methods pass
	// unwrapped (see javaoverride.go): a standard operator's argument error.
	evalException bool
}

func (e *Error) Error() string {
	msg := e.message()
	if e.Pos.IsValid() {
		return e.Pos.String() + ": " + msg
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// message is the error's text without its position.
func (e *Error) message() string {
	if e.Err == nil {
		return e.Msg
	}
	if e.Msg == "" {
		return e.Err.Error()
	}
	return e.Msg + ": " + e.Err.Error()
}

// UnboundPrimeError reports that the primed variable Var was read before the action being
// evaluated assigned it, as in `y' = x' /\ x' = 1` evaluated left to right. A successor enumerator
// uses it to tell an ill-ordered action apart from other errors.
type UnboundPrimeError struct {
	Pos ast.Pos
	Var string
}

func (e *UnboundPrimeError) Error() string {
	return fmt.Sprintf("%s: the primed variable %s' is read before it is assigned a value", e.Pos, e.Var)
}

// UnboundVariableError reports that the (unprimed) variable Var was read while the state has no
// value for it yet, as when Init reads y before assigning it in y = x /\ x = 0.
type UnboundVariableError struct {
	Pos ast.Pos
	Var string
}

func (e *UnboundVariableError) Error() string {
	return fmt.Sprintf("%s: the variable %s is read before it is assigned a value", e.Pos, e.Var)
}

// ErrRecursionDepth is wrapped by the error returned when operator applications or recursive
// function applications nest deeper than Limits.MaxDepth.
var ErrRecursionDepth = errors.New("recursion too deep")

// AssertionError is a failed TLC Assert(cond, msg), or a TLCExt AssertError(msg, e) whose e
// failed with another message than msg.
type AssertionError struct {
	Pos     ast.Pos
	Message string
	// Second is the second argument of a failed Assert, nil for AssertError. The error shows it
	// as TLC's TLC.Assert does: it throws EvalException(EC.TLC_VALUE_ASSERT_FAILED,
	// Values.ppr(v2.toString())), whose message is "The first argument of Assert evaluated to
	// FALSE; the second argument was:" and the value on the next line, a string in quotes.
	Second value.Value
}

func (e *AssertionError) Error() string {
	if e.Second != nil {
		return fmt.Sprintf("%s: The first argument of Assert evaluated to FALSE; the second argument was:\n%s", e.Pos, value.Pretty(e.Second))
	}
	return fmt.Sprintf("%s: assertion failed: %s", e.Pos, e.Message)
}

// abort carries an error out of the recursive evaluator to the nearest API boundary.
type abort struct{ err error }

func fail(pos ast.Pos, format string, args ...any) {
	panic(abort{&Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}})
}

func failErr(pos ast.Pos, err error) {
	var ee *Error
	if errors.As(err, &ee) && ee.Pos.IsValid() {
		panic(abort{err})
	}
	var up *UnboundPrimeError
	var uv *UnboundVariableError
	var ae *AssertionError
	if errors.As(err, &up) || errors.As(err, &uv) || errors.As(err, &ae) {
		panic(abort{err})
	}
	panic(abort{&Error{Pos: pos, Err: err}})
}

// check aborts with err, positioned at pos, if err is not nil.
func check(pos ast.Pos, err error) {
	if err != nil {
		failErr(pos, err)
	}
}

// recoverInto turns an abort (or any runtime failure inside the evaluator) into *errp. It must be
// deferred directly by every exported entry point.
func recoverInto(errp *error) {
	r := recover()
	if r == nil {
		return
	}
	if a, ok := r.(abort); ok {
		*errp = a.err
		return
	}
	if re, ok := r.(runtime.Error); ok {
		*errp = fmt.Errorf("internal evaluator error: %v", re)
		return
	}
	*errp = fmt.Errorf("internal evaluator error: %v", r)
}
