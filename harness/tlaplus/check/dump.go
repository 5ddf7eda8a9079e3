package check

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// writeAllStates writes every distinct state found, in the order a single worker finds them, as
// TLC's -dump FILE does: "State N:" followed by the state as a conjunction of its variables (see
// varLine).
func writeAllStates(w io.Writer, m model, nodes []node) error {
	bw := bufio.NewWriter(w)
	vars := m.vars()
	for i, n := range nodes {
		fmt.Fprintf(bw, "State %d:\n", i+1)
		for j, v := range vars {
			fmt.Fprintf(bw, "%s\n", varLine(len(vars), v, value.Pretty(n.state[j])))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// writeGraphJSON writes the explored state graph as one JSON object (TLC has no such dump; it is
// -dump dot's graph for programs): "vars" names the variables; "states" lists every distinct
// state as {"id", "initial", "state"} with id its fingerprint (as a string, since JSON numbers
// lose precision beyond 2^53) and state an object of the variables' values, in the order they
// are declared, written as Json!JsonSerialize writes them (see appendStateJSON); "edges" lists every generated step between stored states as
// {"from", "to", "action"}.
func writeGraphJSON(w io.Writer, m model, nodes []node, edges []edge) error {
	bw := bufio.NewWriter(w)
	vars := m.vars()
	var b bytes.Buffer
	bw.WriteString(`{"vars":[`)
	for i, v := range vars {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString(strconv.Quote(v))
	}
	bw.WriteString("],\n\"states\":[")
	for i, n := range nodes {
		if i > 0 {
			bw.WriteByte(',')
		}
		b.Reset()
		if err := appendStateJSON(&b, vars, n.state); err != nil {
			return fmt.Errorf("-dump json: state %d: %w", i+1, err)
		}
		fmt.Fprintf(bw, "\n{\"id\":\"%d\",\"initial\":%t,\"state\":%s}", n.fp, n.parent < 0, b.Bytes())
	}
	bw.WriteString("],\n\"edges\":[")
	for i, e := range edges {
		if i > 0 {
			bw.WriteByte(',')
		}
		name, _ := m.action(int(e.action))
		fmt.Fprintf(bw, "\n{\"from\":\"%d\",\"to\":\"%d\",\"action\":%s}", e.from, e.to, strconv.Quote(name))
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

// stateRecord is a state as the record of its variables.
func stateRecord(vars []string, state []value.Value) value.Value {
	r, err := value.NewRecord(vars, state)
	if err != nil {
		return value.Tuple(state)
	}
	return r
}

// CounterExample returns res's counterexample as TLC's TLCExt!CounterExample value, the record
// [action |-> Actions, state |-> States] of a graph: States is the set of pairs <<i, s>> of each
// state's number and its record of variables, Actions the set of triples <<<<i, s>>, a, <<j,
// t>>>> of each step, a being the record [name |-> the action's name, location |-> [beginLine,
// beginColumn, endLine, endColumn, module]]. A lasso's loop adds the step from the last state
// back to its target (TLC's loop ordinal; its test model simulation/Example1 expects the step
// <<10, s10>> -> <<1, s1>>); a stuttering lasso adds no step, as TLC's Github710a test expects
// only the three steps of its four states before "State 5: Stuttering". Without a
// counterexample both sets are empty.
func CounterExample(res Result) value.Value {
	var states, actions []value.Value
	var prev value.Value
	for i, st := range res.Trace {
		s := value.Tuple{value.Int(i + 1), stateRecord(st.Vars, st.State)}
		if i > 0 {
			actions = append(actions, value.Tuple{prev, actionRecord(st.Action, st.Where, st.Params, st.Args), s})
		}
		states = append(states, s)
		prev = s
	}
	if l := res.Lasso; l != nil && len(states) > 0 {
		if !l.Stuttering && l.BackTo >= 1 && l.BackTo <= len(states) {
			actions = append(actions, value.Tuple{prev, actionRecord(l.Action, l.Where, l.Params, l.Args), states[l.BackTo-1]})
		}
	}
	as, _ := value.NewSet(actions...)
	ss, _ := value.NewSet(states...)
	r, _ := value.NewRecord([]string{"action", "state"}, []value.Value{as, ss})
	return r
}

// whereRE reads an action's location as the checker prints it (see actionLabel).
var whereRE = regexp.MustCompile(`^line (\d+), col (\d+) to line (\d+), col (\d+) of module (\S+)$`)

// actionRecord is TLC's record of an action, [name, location]: name without the parameters the
// checker prints after it (TLC's Action.getName), location as TLC's RecordValue(Location). An
// action with parameters (params, their values args: one split out of the next-state relation
// with constant arguments, Act("d1",1) for Act(e, f)) has two more fields, as in TLC's newest
// records (its test Github1147 expects them): context, the record of each parameter's value
// ([e |-> "d1", f |-> 1]), and parameters, the tuple of their names in order (<<"e", "f">>).
func actionRecord(action, where string, params []string, args []value.Value) value.Value {
	name, _, _ := strings.Cut(action, "(")
	names := []string{"name"}
	vals := []value.Value{value.Str(name)}
	if m := whereRE.FindStringSubmatch(where); m != nil {
		num := func(s string) value.Value { n, _ := strconv.Atoi(s); return value.Int(n) }
		loc, _ := value.NewRecord([]string{"beginLine", "beginColumn", "endLine", "endColumn", "module"},
			[]value.Value{num(m[1]), num(m[2]), num(m[3]), num(m[4]), value.Str(m[5])})
		names = append(names, "location")
		vals = append(vals, loc)
	}
	if len(params) > 0 && len(params) == len(args) {
		if ctx, err := value.NewRecord(params, args); err == nil {
			ps := make(value.Tuple, len(params))
			for i, p := range params {
				ps[i] = value.Str(p)
			}
			names = append(names, "context", "parameters")
			vals = append(vals, ctx, ps)
		}
	}
	r, _ := value.NewRecord(names, vals)
	return r
}

// WriteTraceJSON writes res's counterexample as TLC's -dumpTrace json does: the JSON of
// CounterExample(res), as Json!JsonSerialize writes it, with the records TLC builds itself in the
// order it builds their fields, which it writes without sorting them (tlc2.module.Json
// getObjectNode(RecordValue) writes the names array as it is; these records are never
// normalized): the graph as [action, state] (tlc2.value.impl.CounterExample), a state's record
// with its variables in the order they are declared (RecordValue(TLCState), from
// TLCState.getVars), a step's action as [name, location, context, parameters] and its location
// as [beginLine, beginColumn, endLine, endColumn, module] (RecordValue(Action),
// RecordValue(Location)). The values of the variables are written as ToJson writes them. The
// steps and states are in order of their numbers, as SetEnumValue.normalize sorts the pairs
// <<i, s>> and the triples starting with one.
func WriteTraceJSON(w io.Writer, res Result) error {
	var b bytes.Buffer
	if err := appendTraceJSON(&b, res); err != nil {
		return err
	}
	b.WriteByte('\n')
	_, err := w.Write(b.Bytes())
	return err
}

// appendTraceJSON writes res's counterexample as WriteTraceJSON does, without the newline.
func appendTraceJSON(b *bytes.Buffer, res Result) error {
	states := make([][]byte, len(res.Trace))
	for i, st := range res.Trace {
		var sb bytes.Buffer
		fmt.Fprintf(&sb, "[%d,", i+1)
		if err := appendStateJSON(&sb, st.Vars, st.State); err != nil {
			return fmt.Errorf("-dumpTrace json: state %d: %w", i+1, err)
		}
		sb.WriteByte(']')
		states[i] = sb.Bytes()
	}
	b.WriteString(`{"action":[`)
	steps := 0
	step := func(from, to int, action, where string, params []string, args []value.Value) error {
		if steps > 0 {
			b.WriteByte(',')
		}
		steps++
		b.WriteByte('[')
		b.Write(states[from])
		b.WriteByte(',')
		if err := appendActionJSON(b, action, where, params, args); err != nil {
			return err
		}
		b.WriteByte(',')
		b.Write(states[to])
		b.WriteByte(']')
		return nil
	}
	for i := 1; i < len(res.Trace); i++ {
		st := res.Trace[i]
		if err := step(i-1, i, st.Action, st.Where, st.Params, st.Args); err != nil {
			return err
		}
	}
	if l := res.Lasso; l != nil && len(states) > 0 && !l.Stuttering && l.BackTo >= 1 && l.BackTo <= len(states) {
		if err := step(len(states)-1, l.BackTo-1, l.Action, l.Where, l.Params, l.Args); err != nil {
			return err
		}
	}
	b.WriteString(`],"state":[`)
	for i, s := range states {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(s)
	}
	b.WriteString("]}")
	return nil
}

// appendStateJSON writes a state as the JSON object of its variables, in the order vars lists
// them (their declaration order), as TLC writes RecordValue(TLCState).
func appendStateJSON(b *bytes.Buffer, vars []string, state []value.Value) error {
	b.WriteByte('{')
	for i, v := range vars {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := eval.AppendJSON(b, value.Str(v)); err != nil {
			return err
		}
		b.WriteByte(':')
		if i >= len(state) {
			return fmt.Errorf("variable %s has no value", v)
		}
		if err := eval.AppendJSON(b, state[i]); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// appendActionJSON writes actionRecord's record with its fields in the order TLC's
// RecordValue(Action) builds them: name, location (beginLine, beginColumn, endLine, endColumn,
// module), then context and parameters.
func appendActionJSON(b *bytes.Buffer, action, where string, params []string, args []value.Value) error {
	r, ok := actionRecord(action, where, params, args).(*value.Record)
	if !ok {
		return fmt.Errorf("action %s: not a record", action)
	}
	return appendFieldsJSON(b, r, "name", "location", "context", "parameters")
}

// appendFieldsJSON writes the record r as a JSON object with the fields named in order (those r
// has), the location record's fields in TLC's order.
func appendFieldsJSON(b *bytes.Buffer, r *value.Record, order ...string) error {
	b.WriteByte('{')
	n := 0
	for _, name := range order {
		v, ok, _ := r.Field(name)
		if !ok {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		if err := eval.AppendJSON(b, value.Str(name)); err != nil {
			return err
		}
		b.WriteByte(':')
		var err error
		if loc, isRec := v.(*value.Record); isRec && name == "location" {
			err = appendFieldsJSON(b, loc, "beginLine", "beginColumn", "endLine", "endColumn", "module")
		} else {
			err = eval.AppendJSON(b, v)
		}
		if err != nil {
			return err
		}
	}
	if n != r.Len() {
		return fmt.Errorf("record %s has fields TLC's action record does not", r)
	}
	b.WriteByte('}')
	return nil
}

// WriteTraceTLA writes res's counterexample as TLC's -dumpTrace tla does: a module named after
// file defining CounterExample as the value of CounterExample(res).
func WriteTraceTLA(w io.Writer, file string, res Result) error {
	name := strings.TrimSuffix(filepath.Base(file), ".tla")
	_, err := fmt.Fprintf(w, "---- MODULE %s ----\nLOCAL INSTANCE TLC\n\nCounterExample == \n\t%s\n\n====\n", name, CounterExample(res).String())
	return err
}
