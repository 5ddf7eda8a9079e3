package semantic

// builtins are the operators and constants of TLA+ itself. Infix, prefix
// and postfix built-ins are handled by the level rules in expr.go; the
// symbols here exist so that definitions cannot reuse their names and so
// built-in names can be passed as operator arguments.
var builtins = map[string]*Symbol{}

func init() {
	add := func(name string, arity int) {
		builtins[name] = &Symbol{Name: name, Kind: Builtin, Arity: arity}
	}
	for _, n := range []string{"TRUE", "FALSE", "BOOLEAN", "STRING"} {
		add(n, 0)
	}
	for op := range builtinInfix {
		add(op, 2)
	}
	for op := range builtinPrefix {
		add(op, 1)
	}
	add("'", 1)
	// A built-in operator passed as an operator argument or substituted for an operator
	// constant has its own level (SANY's BuiltInLevel, which OpArgNode.getLevel reports): '
	// and UNCHANGED are actions, ENABLED state-level, \cdot an action, [], <>, ~> and -+->
	// temporal; the others are constant. So INSTANCE M WITH F <- [] in a module M that is not
	// constant is refused for the level of [] before it is refused for not being Leibniz, as
	// InstanceNode.levelCheck checks the levels first.
	for op, l := range builtinOwnLevels {
		builtins[op].Level = l
	}
}

// builtinOwnLevels are the levels of the built-in operators that are not constant.
var builtinOwnLevels = map[string]Level{
	"'": ActionLevel, "UNCHANGED": ActionLevel, `\cdot`: ActionLevel, "ENABLED": StateLevel,
	"[]": TemporalLevel, "<>": TemporalLevel, "~>": TemporalLevel, "-+->": TemporalLevel,
}

// builtinInfix are the infix operators of TLA+ itself.
var builtinInfix = map[string]bool{
	"=": true, "/=": true, `\in`: true, `\notin`: true, `/\`: true, `\/`: true, "=>": true,
	"<=>": true, `\cup`: true, `\cap`: true, `\`: true, `\subseteq`: true, "~>": true,
	"-+->": true, `\cdot`: true,
}

// builtinPrefix are the prefix operators of TLA+ itself.
var builtinPrefix = map[string]bool{
	"~": true, "[]": true, "<>": true, "ENABLED": true, "UNCHANGED": true,
	"SUBSET": true, "UNION": true, "DOMAIN": true,
}

// standardHome names the standard module defining common operators, for
// the hint in "unknown operator" errors.
var standardHome = map[string]string{
	"+": "Naturals", "-": "Naturals", "*": "Naturals", "^": "Naturals", "<": "Naturals",
	">": "Naturals", "<=": "Naturals", ">=": "Naturals", "..": "Naturals", `\div`: "Naturals",
	"%": "Naturals", "Nat": "Naturals", "Int": "Integers", "-.": "Integers",
	"Seq": "Sequences", "Len": "Sequences", `\o`: "Sequences", "Append": "Sequences",
	"Head": "Sequences", "Tail": "Sequences", "SubSeq": "Sequences", "SelectSeq": "Sequences",
	"Cardinality": "FiniteSets", "IsFiniteSet": "FiniteSets",
	":>": "TLC", "@@": "TLC", "Print": "TLC", "PrintT": "TLC", "Assert": "TLC",
	"Permutations": "TLC", "SortSeq": "TLC", "ToString": "TLC", "RandomElement": "TLC",
	"TLCGet": "TLC", "TLCSet": "TLC", "Any": "TLC",
}
