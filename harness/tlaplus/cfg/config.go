package cfg

import (
	"fmt"
	"strconv"
	"strings"
)

// Pos is a position in a configuration file; Line and Col count from 1.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Name is an identifier in the configuration with the place it was written, so that a checker can
// report "invariant TypeOk is not defined" at the right line.
type Name struct {
	Name string
	Pos  Pos
}

// Config is a parsed TLC configuration. Lists keep file order; single-valued keywords given twice
// are an error, as in TLC.
type Config struct {
	File string

	Constants []Constant

	Init          *Name
	Next          *Name
	Specification *Name

	Invariants        []Name
	Properties        []Name
	Constraints       []Name
	ActionConstraints []Name

	Symmetry      *Name
	View          *Name
	Alias         *Name
	Postcondition *Name

	// CheckDeadlock is nil when the file does not say; TLC then checks for deadlock.
	CheckDeadlock *bool
}

// DeadlockChecked reports whether deadlock should be checked (TLC's default is yes).
func (c *Config) DeadlockChecked() bool {
	return c.CheckDeadlock == nil || *c.CheckDeadlock
}

// ConstantKind tells the two forms of a CONSTANT entry apart.
type ConstantKind int

const (
	// Assign is `C = value`: the constant is replaced by a TLC value.
	Assign ConstantKind = iota
	// Substitute is `C <- Def`: the constant or operator is replaced by the definition Def.
	Substitute
)

// Constant is one entry of a CONSTANT(S) section.
type Constant struct {
	Name Name
	// Arity is the number of `_` parameters written after the name, as in `F(_, _) <- G`.
	Arity int
	Kind  ConstantKind
	// Module is set for the module-scoped forms `C = [M] v` and `C <- [M] Def`: the entry applies
	// to the declaration of C in module M (an instanced or extended module) rather than the root.
	Module string
	// Args are the arguments of the form `F(a1, ..., an) = v`, one line of the table TLC makes
	// an operator constant from (SpecProcessor.makeConstantTable, OpRcdValue): F applied to
	// a1, ..., an is v. The lines for F are separate entries, in the order written.
	Args []Value
	// Value is the right-hand side of an Assign.
	Value Value
	// Target is the right-hand side of a Substitute.
	Target Name
}

// Value is a constant value written in a configuration.
type Value interface {
	// String prints the value in TLA+ syntax.
	String() string
	isValue()
}

// Int is an integer constant.
type Int struct{ V int64 }

// Str is a string constant.
type Str struct{ V string }

// Bool is TRUE or FALSE.
type Bool struct{ V bool }

// ModelValue is a model value: an uninterpreted constant equal only to itself.
type ModelValue struct{ Name string }

// Set is a set enumeration `{v1, ..., vn}` as written (duplicates are kept; the evaluator
// normalizes).
type Set struct{ Elems []Value }

// Tuple is a tuple `<<v1, ..., vn>>`.
type Tuple struct{ Elems []Value }

func (Int) isValue()        {}
func (Str) isValue()        {}
func (Bool) isValue()       {}
func (ModelValue) isValue() {}
func (Set) isValue()        {}
func (Tuple) isValue()      {}

func (v Int) String() string        { return strconv.FormatInt(v.V, 10) }
func (v Str) String() string        { return strconv.Quote(v.V) }
func (v ModelValue) String() string { return v.Name }
func (v Bool) String() string {
	if v.V {
		return "TRUE"
	}
	return "FALSE"
}
func (v Set) String() string   { return "{" + joinValues(v.Elems) + "}" }
func (v Tuple) String() string { return "<<" + joinValues(v.Elems) + ">>" }

func joinValues(vs []Value) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.String()
	}
	return strings.Join(parts, ", ")
}

// ModelValues returns every model value that occurs in the constant assignments, in order of first
// appearance, so a checker can create them once.
func (c *Config) ModelValues() []string {
	seen := map[string]bool{}
	var out []string
	var walk func(v Value)
	walk = func(v Value) {
		switch v := v.(type) {
		case ModelValue:
			if !seen[v.Name] {
				seen[v.Name] = true
				out = append(out, v.Name)
			}
		case Set:
			for _, e := range v.Elems {
				walk(e)
			}
		case Tuple:
			for _, e := range v.Elems {
				walk(e)
			}
		}
	}
	for _, k := range c.Constants {
		if k.Kind == Assign {
			walk(k.Value)
		}
	}
	return out
}
