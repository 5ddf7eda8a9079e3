package eval

import (
	"slices"

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
// compares 1 with {1}) and Cardinality to count it. An error of such a predicate is raised
// inside the method, hence wrapped.
//
// This engine evaluates a native's arguments inside the native and filters eagerly. While an
// operator javaMethod names is applied, an error of a set filter's predicate is marked with the
// filter (markLazy; the outermost filter it passes through counts), and at the application
// (leaveJava) it is wrapped as TLC wraps it if that filter is one the argument expressions
// hold as values (embeddedFilters: elements of tuples, sets and records, the results of IF, CASE
// and LET, the bodies of the definitions and arguments they name), the ones TLC would pass to the
// method unevaluated; a filter that is, say, a quantifier's bound TLC enumerates before calling
// the method. The filters are worked out only when an error reaches the application. An error
// TLC raises as an EvalException is not wrapped: a standard operator's argument error
// (EC.TLC_MODULE_ARGUMENT_ERROR and its kin, Error.evalException) and a failed Assert. Other lazy
// values of TLC (a function constructor's body, FcnLambdaValue), other EvalExceptions and the
// other overridden operators are not handled here.

// javaMethod is the Java method of the standard operator name as TLC names it
// (java.lang.reflect.Method.toString, as TLC's tests Github179a/b/c expect them for PrintT and
// Print), for the operators handled, or "" (Operator.java holds it).
func javaMethod(name string) string {
	switch name {
	case "PrintT":
		return "public static tlc2.value.impl.Value tlc2.module.TLC.PrintT(tlc2.value.impl.Value)"
	case "Print":
		return "public static tlc2.value.impl.Value tlc2.module.TLC.Print(tlc2.value.impl.Value,tlc2.value.impl.Value)"
	case "Cardinality":
		// tlc2.module.FiniteSets.Cardinality: val.size() enumerates a SetPredValue.
		return "public static tlc2.value.impl.IntValue tlc2.module.FiniteSets.Cardinality(tlc2.value.impl.Value)"
	}
	return ""
}

// javaMethodText is TLC's message EC.TLC_MODULE_VALUE_JAVA_METHOD_OVERRIDE (tlc2.output.MP).
func javaMethodText(method, msg string) string {
	return "Attempted to apply the operator overridden by the Java method\n" + method + ",\nbut it produced the following error:\n" + msg
}

// lazyError is an error raised by the predicate of the set filter while an operator javaMethod
// names was applied (see markLazy).
type lazyError struct {
	filter *ast.SetFilter
	err    error
}

func (e *lazyError) Error() string { return e.err.Error() }
func (e *lazyError) Unwrap() error { return e.err }

// markLazy, deferred while the predicate of filter x is evaluated during the application of an
// operator javaMethod names, marks the error it raises with x, unless TLC raises it as an
// EvalException. An error already marked by a filter inside x's predicate is marked with x.
func markLazy(x *ast.SetFilter) {
	r := recover()
	if r == nil {
		return
	}
	if a, ok := r.(abort); ok {
		err := a.err
		if le, ok := err.(*lazyError); ok {
			err = le.err
		}
		if ee, ok := err.(*Error); ok && !ee.evalException {
			panic(abort{&lazyError{filter: x, err: err}})
		}
	}
	panic(r)
}

// leaveJava, deferred by the application at pos of the operator javaMethod names method to the
// argument expressions args written in sc instead of leave, reports an error marked by markLazy
// as TLC reports it if its filter is one TLC would have passed to the method unevaluated, and
// unmarks it otherwise.
func (ev *evaluator) leaveJava(method string, pos ast.Pos, args []ast.Expr, sc *Scope) {
	ev.leave()
	ev.javaCalls--
	r := recover()
	if r == nil {
		return
	}
	if a, ok := r.(abort); ok {
		if le, ok := a.err.(*lazyError); ok {
			if slices.Contains(ev.embeddedFilters(args, sc), le.filter) {
				panic(abort{&Error{Pos: pos, Msg: javaMethodText(method, errorText(le.err))}})
			}
			panic(abort{le.err})
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
