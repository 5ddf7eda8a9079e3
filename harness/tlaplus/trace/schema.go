package trace

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// A Schema is what a trace module's TraceSchema definition says every event looks like: a
// record from action name to the record of the fields an event of that action carries, each
// mapped to its type. Types are TLA+ values: the strings "Int", "Nat", "Bool", "String" and
// "Any"; a set of values (the field is one of them); a record of types (a JSON object with at
// least those fields); and a one-element sequence <<T>> (a JSON array of T). Every listed field
// is required; fields the schema does not list are allowed. Events must carry an "action" field
// naming one of the schema's actions.
//
// TLC does not read the schema: it is for the validator, which refuses a trace that does not
// match before validating anything, with the line and field at fault.
type Schema struct {
	actions map[string]*value.Record
	names   []string
}

// NewSchema interprets a TraceSchema value.
func NewSchema(v value.Value) (*Schema, error) {
	r, ok := v.(*value.Record)
	if !ok {
		return nil, fmt.Errorf("TraceSchema must be a record from action name to a record of field types, not %s", value.Abbrev(v))
	}
	s := &Schema{actions: map[string]*value.Record{}}
	for i, name := range r.Names() {
		fields, ok := r.ValueAt(i).(*value.Record)
		if !ok {
			if t, isTuple := r.ValueAt(i).(value.Tuple); isTuple && len(t) == 0 {
				fields = nil // an action with no fields: [Persist |-> <<>>]
			} else {
				return nil, fmt.Errorf("TraceSchema.%s must be a record of field types, not %s", name, value.Abbrev(r.ValueAt(i)))
			}
		}
		if fields != nil {
			for j, f := range fields.Names() {
				if err := validType(fields.ValueAt(j)); err != nil {
					return nil, fmt.Errorf("TraceSchema.%s.%s: %v", name, f, err)
				}
			}
		}
		s.actions[name] = fields
		s.names = append(s.names, name)
	}
	sort.Strings(s.names)
	return s, nil
}

// Actions lists the actions the schema knows, sorted.
func (s *Schema) Actions() []string { return s.names }

func validType(t value.Value) error {
	switch x := t.(type) {
	case value.Str:
		switch x {
		case "Int", "Nat", "Bool", "String", "Any":
			return nil
		}
		return fmt.Errorf("unknown type %q (want Int, Nat, Bool, String, Any, a set, a record or <<T>>)", string(x))
	case *value.Record:
		for i, f := range x.Names() {
			if err := validType(x.ValueAt(i)); err != nil {
				return fmt.Errorf("%s: %v", f, err)
			}
		}
		return nil
	case value.Tuple:
		if len(x) != 1 {
			return fmt.Errorf("a sequence type is <<T>>, with one element type, not %s", value.Abbrev(t))
		}
		return validType(x[0])
	case value.SetValue:
		if _, err := x.Enumerate(); err != nil {
			return err
		}
		return nil
	}
	return fmt.Errorf("%s is not a type", value.Abbrev(t))
}

// check returns the path of the first field of rec that does not match the schema of its action,
// and what is wrong with it ("" if nothing).
func (s *Schema) check(rec *value.Record, action string) (field, msg string) {
	if _, found, _ := rec.Field("action"); !found {
		return "action", "missing: every event names its action"
	}
	fields, ok := s.actions[action]
	if !ok {
		return "action", fmt.Sprintf("unknown action %q (the trace module knows %s)", action, strings.Join(s.names, ", "))
	}
	if fields == nil {
		return "", ""
	}
	return matchRecord(rec, fields)
}

// matchRecord returns the path of the first field of rec that does not match fields, relative
// to rec (msg.entries[2].term), and what is wrong with it. Paths are built only for an error:
// checking a trace allocates nothing.
func matchRecord(rec *value.Record, fields *value.Record) (string, string) {
	for i, name := range fields.Names() {
		v, found, _ := rec.Field(name)
		if !found {
			return name, "missing"
		}
		if f, m := matchType(v, fields.ValueAt(i)); m != "" {
			return joinPath(name, f), m
		}
	}
	return "", ""
}

// joinPath prefixes the path rel (relative to the field name) with name.
func joinPath(name, rel string) string {
	switch {
	case rel == "":
		return name
	case rel[0] == '[':
		return name + rel
	}
	return name + "." + rel
}

// matchType returns the path, relative to v, of the first part of v that does not match the
// type t ("" for v itself), and what is wrong with it ("" if nothing).
func matchType(v value.Value, t value.Value) (string, string) {
	switch x := t.(type) {
	case value.Str:
		switch x {
		case "Any":
			return "", ""
		case "Int":
			if _, ok := v.(value.Int); !ok {
				return "", "must be an integer, not " + describe(v)
			}
		case "Nat":
			n, ok := v.(value.Int)
			if !ok || n < 0 {
				return "", "must be a natural number, not " + describe(v)
			}
		case "Bool":
			if _, ok := v.(value.Bool); !ok {
				return "", "must be true or false, not " + describe(v)
			}
		case "String":
			if _, ok := v.(value.Str); !ok {
				return "", "must be a string, not " + describe(v)
			}
		}
		return "", ""
	case *value.Record:
		r, ok := v.(*value.Record)
		if !ok {
			if tup, isTuple := v.(value.Tuple); isTuple && len(tup) == 0 && x.Len() == 0 {
				return "", ""
			}
			return "", "must be an object, not " + describe(v)
		}
		return matchRecord(r, x)
	case value.Tuple:
		seq, ok := v.(value.Tuple)
		if !ok {
			if r, isRec := v.(*value.Record); !isRec || r.Len() > 0 {
				return "", "must be an array, not " + describe(v)
			}
			seq = nil // {} is the empty function, the empty sequence too
		}
		for i, e := range seq {
			if f, m := matchType(e, x[0]); m != "" {
				idx := fmt.Sprintf("[%d]", i+1)
				if f != "" && f[0] != '[' {
					return idx + "." + f, m
				}
				return idx + f, m
			}
		}
		return "", ""
	case value.SetValue:
		in, err := x.Contains(v)
		if err != nil || !in {
			return "", fmt.Sprintf("must be one of %s, not %s", x, describe(v))
		}
		return "", ""
	}
	return "", ""
}

// describe names a JSON value's kind and shows it.
func describe(v value.Value) string {
	switch v.(type) {
	case value.Str:
		return "the string " + value.Abbrev(v)
	case value.Int:
		return "the number " + v.String()
	case value.Bool:
		return "the boolean " + strings.ToLower(v.String())
	case value.Tuple:
		return "the array " + value.Abbrev(v)
	case *value.Record:
		return "the object " + value.Abbrev(v)
	}
	return value.Abbrev(v)
}
