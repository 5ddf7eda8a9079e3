package eval

import (
	"errors"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// TLC implements most standard operators by Java methods (tlc2.value.impl.MethodValue). It
// evaluates their arguments first, then calls the method, and an error the method raises is
// reported as EC.TLC_MODULE_VALUE_JAVA_METHOD_OVERRIDE, "Attempted to apply the operator
// overridden by the Java method\n<the method>,\nbut it produced the following error:\n<the
// error>" (MethodValue.eval), unless it is an EvalException, which passes unwrapped. Most
// arguments are values by then, but some are lazy: a set filter {x \in S : P} is a SetPredValue
// whose predicate TLC evaluates only when the set is enumerated, which Print and PrintT do to
// print it (TLC's tests Github179a/b/c: PrintT(sillyExpr), sillyExpr a filter whose predicate
// compares 1 with {1}). An error of such a predicate is raised inside the method, hence wrapped.
//
// This engine evaluates a native's arguments inside the native and filters eagerly. For the
// operators javaMethod names, the set filters that the argument expression holds as values
// (embeddedFilters: elements of tuples, sets and records, the results of IF, CASE and LET, the
// bodies of the definitions and arguments it names) are the ones TLC would pass lazily; an error
// raised by the predicate of one of them while the arguments are evaluated is wrapped as TLC
// wraps it. An error TLC raises as an EvalException is not wrapped: a standard operator's
// argument error (EC.TLC_MODULE_ARGUMENT_ERROR and its kin, Error.evalException) and a failed
// Assert. Other lazy values of TLC (a function constructor's body, FcnLambdaValue) and other
// overridden operators are not handled here.

// javaMethod is the Java method of the standard operator name as TLC names it
// (java.lang.reflect.Method.toString, as TLC's tests Github179a/b/c expect them), for the
// operators handled, or "". A switch, not a map: it is asked at every application of a native.
func javaMethod(name string) string {
	switch name {
	case "PrintT":
		return "public static tlc2.value.impl.Value tlc2.module.TLC.PrintT(tlc2.value.impl.Value)"
	case "Print":
		return "public static tlc2.value.impl.Value tlc2.module.TLC.Print(tlc2.value.impl.Value,tlc2.value.impl.Value)"
	}
	return ""
}

// javaMethodText is TLC's message EC.TLC_MODULE_VALUE_JAVA_METHOD_OVERRIDE (tlc2.output.MP).
func javaMethodText(method, msg string) string {
	return "Attempted to apply the operator overridden by the Java method\n" + method + ",\nbut it produced the following error:\n" + msg
}

// lazyError is an error raised by the predicate of a set filter that TLC would have evaluated
// inside the Java method of the operator being applied (see evaluator.lazyFilters).
type lazyError struct{ err error }

func (e *lazyError) Error() string { return e.err.Error() }
func (e *lazyError) Unwrap() error { return e.err }

// markLazy, deferred while the predicate of a filter in ev.lazyFilters is evaluated, marks the
// error it raises as raised inside the Java method, unless TLC raises it as an EvalException.
func markLazy() {
	r := recover()
	if r == nil {
		return
	}
	if a, ok := r.(abort); ok {
		var le *lazyError
		var ee *Error
		if !errors.As(a.err, &le) && errors.As(a.err, &ee) && !ee.evalException {
			panic(abort{&lazyError{a.err}})
		}
	}
	panic(r)
}

// lazyFilter reports whether x is one of the filters whose predicate TLC would evaluate inside
// the Java method being applied.
func (ev *evaluator) lazyFilter(x *ast.SetFilter) bool {
	for _, f := range ev.lazyFilters {
		if f == x {
			return true
		}
	}
	return false
}

// wrapJavaMethod, deferred by the application of an operator javaMethod names, at pos, reports an
// error marked by markLazy as TLC reports it, and restores the filters of the application around.
func (ev *evaluator) wrapJavaMethod(method string, pos ast.Pos, saved []*ast.SetFilter) {
	ev.lazyFilters = saved
	r := recover()
	if r == nil {
		return
	}
	if a, ok := r.(abort); ok {
		if le, ok := a.err.(*lazyError); ok {
			panic(abort{&Error{Pos: pos, Msg: javaMethodText(method, errorText(le.err))}})
		}
	}
	panic(r)
}

// errorText is err's message without the position an *Error prefixes it with.
func errorText(err error) string {
	if ee, ok := err.(*Error); ok {
		return ee.message()
	}
	return err.Error()
}

// maxEmbedDepth bounds embeddedFilters' walk through definitions.
const maxEmbedDepth = 32

// embeddedFilters returns the set filters the expressions args, written in sc, hold as values:
// TLC passes them to the Java method unevaluated (see the top of this file).
func (ev *evaluator) embeddedFilters(args []ast.Expr, sc *Scope) []*ast.SetFilter {
	var out []*ast.SetFilter
	seen := map[ast.Expr]bool{}
	var walk func(x ast.Expr, sc *Scope, depth int)
	named := func(name string, sc *Scope, depth int) {
		b, _, ok := lookup(name, sc)
		if !ok {
			return
		}
		switch {
		case b.arg != nil:
			walk(b.arg.expr, b.arg.scope, depth+1)
		case b.op != nil && b.op.native == nil && b.op.body != nil && b.op.inst == nil:
			walk(b.op.body, b.op.scope, depth+1)
		}
	}
	walk = func(x ast.Expr, sc *Scope, depth int) {
		if x == nil || depth > maxEmbedDepth || seen[x] {
			return
		}
		seen[x] = true
		switch x := x.(type) {
		case *ast.Paren:
			walk(x.X, sc, depth)
		case *ast.Label:
			walk(x.X, sc, depth)
		case *ast.Tuple:
			for _, e := range x.Elems {
				walk(e, sc, depth)
			}
		case *ast.SetEnum:
			for _, e := range x.Elems {
				walk(e, sc, depth)
			}
		case *ast.Record:
			for _, f := range x.Fields {
				walk(f.Value, sc, depth)
			}
		case *ast.If:
			walk(x.Then, sc, depth)
			walk(x.Else, sc, depth)
		case *ast.Case:
			for _, a := range x.Arms {
				walk(a.Value, sc, depth)
			}
			walk(x.Other, sc, depth)
		case *ast.Let:
			walk(x.Body, sc, depth)
		case *ast.SetFilter:
			out = append(out, x)
		case *ast.Ident:
			named(x.Name, sc, depth)
		case *ast.OpApp:
			if len(x.Prefix) == 0 {
				named(x.Name, sc, depth)
			}
		}
	}
	for _, a := range args {
		walk(a, sc, 0)
	}
	return out
}
