package trace

import (
	"fmt"
	"sort"
	"strings"
	"unsafe"

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
// match before validating anything, with the line and field at fault. A Schema checks one trace
// at a time.
type Schema struct {
	actions map[string]*recordType // nil for an action with no fields
	names   []string
}

// A fieldType is a type of the schema, compiled: which check a value goes through.
type fieldType struct {
	kind typeKind
	set  value.SetValue // kindSet
	rec  *recordType    // kindRecord
	elem *fieldType     // kindSeq
}

type typeKind int

const (
	kindAny typeKind = iota
	kindInt
	kindNat
	kindBool
	kindString
	kindSet
	kindRecord
	kindSeq
)

// A recordType is a record of field types. Checking an event looks its fields up once per
// shape of record (the names slice its records share, as the simulator's and the JSON
// decoder's of one shape do), not by name for every event: pos holds where the fields are in
// the last shape met.
type recordType struct {
	names []string
	types []*fieldType
	shape *string // the names slice pos was found for, and its length
	n     int
	pos   []int // pos[i]: the index of names[i] in the shape, -1 if it lacks it
}

// NewSchema interprets a TraceSchema value.
func NewSchema(v value.Value) (*Schema, error) {
	r, ok := v.(*value.Record)
	if !ok {
		return nil, fmt.Errorf("TraceSchema must be a record from action name to a record of field types, not %s", value.Abbrev(v))
	}
	s := &Schema{actions: map[string]*recordType{}}
	for i, name := range r.Names() {
		fields, ok := r.ValueAt(i).(*value.Record)
		if !ok {
			if t, isTuple := r.ValueAt(i).(value.Tuple); isTuple && len(t) == 0 {
				fields = nil // an action with no fields: [Persist |-> <<>>]
			} else {
				return nil, fmt.Errorf("TraceSchema.%s must be a record of field types, not %s", name, value.Abbrev(r.ValueAt(i)))
			}
		}
		var rt *recordType
		if fields != nil {
			for j, f := range fields.Names() {
				if err := validType(fields.ValueAt(j)); err != nil {
					return nil, fmt.Errorf("TraceSchema.%s.%s: %v", name, f, err)
				}
			}
			rt = compileType(fields).rec
		}
		s.actions[name] = rt
		s.names = append(s.names, name)
	}
	sort.Strings(s.names)
	return s, nil
}

// compileType compiles a type validType accepted.
func compileType(t value.Value) *fieldType {
	switch x := t.(type) {
	case value.Str:
		return &fieldType{kind: map[value.Str]typeKind{"Any": kindAny, "Int": kindInt, "Nat": kindNat, "Bool": kindBool, "String": kindString}[x]}
	case *value.Record:
		rt := &recordType{names: x.Names(), types: make([]*fieldType, x.Len())}
		for i := range rt.types {
			rt.types[i] = compileType(x.ValueAt(i))
		}
		return &fieldType{kind: kindRecord, rec: rt}
	case value.Tuple:
		return &fieldType{kind: kindSeq, elem: compileType(x[0])}
	case value.SetValue:
		return &fieldType{kind: kindSet, set: x}
	}
	return &fieldType{kind: kindAny}
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

// positions returns where rt's fields are in rec (-1: missing), found again only when rec's
// shape is not the last one's.
func (rt *recordType) positions(rec *value.Record) []int {
	names := rec.Names()
	if len(names) > 0 && unsafe.SliceData(names) == rt.shape && len(names) == rt.n {
		return rt.pos
	}
	if rt.pos == nil {
		rt.pos = make([]int, len(rt.names))
	}
	for i, name := range rt.names {
		rt.pos[i] = fieldIndex(names, name)
	}
	rt.shape, rt.n = nil, 0
	if len(names) > 0 {
		rt.shape, rt.n = unsafe.SliceData(names), len(names)
	}
	return rt.pos
}

// fieldIndex is the index of name in names.
func fieldIndex(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return -1
}

// matchRecord returns the path of the first field of rec that does not match fields, relative
// to rec (msg.entries[2].term), and what is wrong with it. Paths are built only for an error:
// checking a trace allocates nothing.
func matchRecord(rec *value.Record, fields *recordType) (string, string) {
	pos := fields.positions(rec)
	for i, name := range fields.names {
		if pos[i] < 0 {
			return name, "missing"
		}
		if f, m := matchType(rec.ValueAt(pos[i]), fields.types[i]); m != "" {
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
func matchType(v value.Value, t *fieldType) (string, string) {
	switch t.kind {
	case kindAny:
		return "", ""
	case kindInt:
		if _, ok := v.(value.Int); !ok {
			return "", "must be an integer, not " + describe(v)
		}
	case kindNat:
		n, ok := v.(value.Int)
		if !ok || n < 0 {
			return "", "must be a natural number, not " + describe(v)
		}
	case kindBool:
		if _, ok := v.(value.Bool); !ok {
			return "", "must be true or false, not " + describe(v)
		}
	case kindString:
		if _, ok := v.(value.Str); !ok {
			return "", "must be a string, not " + describe(v)
		}
	case kindRecord:
		r, ok := v.(*value.Record)
		if !ok {
			if tup, isTuple := v.(value.Tuple); isTuple && len(tup) == 0 && len(t.rec.names) == 0 {
				return "", ""
			}
			return "", "must be an object, not " + describe(v)
		}
		return matchRecord(r, t.rec)
	case kindSeq:
		seq, ok := v.(value.Tuple)
		if !ok {
			if r, isRec := v.(*value.Record); !isRec || r.Len() > 0 {
				return "", "must be an array, not " + describe(v)
			}
			seq = nil // {} is the empty function, the empty sequence too
		}
		for i, e := range seq {
			if f, m := matchType(e, t.elem); m != "" {
				idx := fmt.Sprintf("[%d]", i+1)
				if f != "" && f[0] != '[' {
					return idx + "." + f, m
				}
				return idx + f, m
			}
		}
	case kindSet:
		in, err := t.set.Contains(v)
		if err != nil || !in {
			return "", fmt.Sprintf("must be one of %s, not %s", t.set, describe(v))
		}
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
