package syntax

// opInfo is an operator's precedence range and associativity from the
// TLA+ grammar (Specifying Systems, table 6; SANY's operator table). Two
// operators whose ranges overlap cannot be mixed without parentheses
// unless they are the same left-associative operator.
type opInfo struct {
	lo, hi int
	left   bool // left-associative
}

// infixOps lists every infix operator by canonical name.
var infixOps = map[string]opInfo{
	"=>":  {1, 1, false},
	"<=>": {2, 2, false}, "~>": {2, 2, false}, "-+->": {2, 2, false},
	`/\`: {3, 3, true}, `\/`: {3, 3, true},
	"=": {5, 5, false}, "/=": {5, 5, false}, "<": {5, 5, false}, ">": {5, 5, false},
	"<=": {5, 5, false}, ">=": {5, 5, false},
	`\in`: {5, 5, false}, `\notin`: {5, 5, false},
	`\subseteq`: {5, 5, false}, `\subset`: {5, 5, false}, `\supseteq`: {5, 5, false}, `\supset`: {5, 5, false},
	`\prec`: {5, 5, false}, `\preceq`: {5, 5, false}, `\succ`: {5, 5, false}, `\succeq`: {5, 5, false},
	`\sqsubset`: {5, 5, false}, `\sqsubseteq`: {5, 5, false}, `\sqsupset`: {5, 5, false}, `\sqsupseteq`: {5, 5, false},
	`\approx`: {5, 5, false}, `\asymp`: {5, 5, false}, `\cong`: {5, 5, false}, `\doteq`: {5, 5, false},
	`\sim`: {5, 5, false}, `\simeq`: {5, 5, false}, `\ll`: {5, 5, false}, `\gg`: {5, 5, false},
	`\propto`: {5, 5, false},
	"-|":      {5, 5, false}, "=|": {5, 5, false}, "|-": {5, 5, false}, "|=": {5, 5, false},
	":=": {5, 5, false}, "::=": {5, 5, false},
	`\cdot`: {5, 14, true},
	"@@":    {6, 6, true},
	":>":    {7, 7, false}, "<:": {7, 7, false},
	`\cap`: {8, 8, true}, `\cup`: {8, 8, true}, `\`: {8, 8, false},
	"..": {9, 9, false}, "...": {9, 9, false},
	"!!": {9, 13, false}, "##": {9, 13, true}, "$": {9, 13, true}, "$$": {9, 13, true},
	"??": {9, 13, true}, `\sqcap`: {9, 13, true}, `\sqcup`: {9, 13, true}, `\uplus`: {9, 13, true},
	`\wr`: {9, 14, false},
	"+":   {10, 10, true}, "++": {10, 10, true}, "(+)": {10, 10, true},
	"%": {10, 11, false}, "%%": {10, 11, true}, "|": {10, 11, true}, "||": {10, 11, true},
	`\X`: {10, 13, true},
	"-":  {11, 11, true}, "--": {11, 11, true}, "(-)": {11, 11, true},
	"&": {13, 13, true}, "&&": {13, 13, true}, "(.)": {13, 13, true}, "(/)": {13, 13, false},
	`(\X)`: {13, 13, true}, "*": {13, 13, true}, "**": {13, 13, true}, "/": {13, 13, false},
	"//": {13, 13, false}, `\bigcirc`: {13, 13, true}, `\bullet`: {13, 13, true},
	`\div`: {13, 13, false}, `\o`: {13, 13, true}, `\star`: {13, 13, true},
	"^": {14, 14, false}, "^^": {14, 14, false},
}

// prefixOps lists the prefix operators. Unary minus is "-.".
var prefixOps = map[string]opInfo{
	"~": {4, 4, false}, "[]": {4, 15, false}, "<>": {4, 15, false},
	"ENABLED": {4, 15, false}, "UNCHANGED": {4, 15, false},
	// SUBSET, UNION and DOMAIN bind tighter than \cup, \cap, \ and ..
	// (SANY's ConfigConstants: 100-130): UNION A \cup UNION B is
	// (UNION A) \cup (UNION B).
	"SUBSET": {10, 13, false}, "UNION": {10, 13, false}, "DOMAIN": {10, 13, false},
	"-.": {12, 12, false},
}

// postfixOps lists the postfix operators, of precedence postfixPrec: they bind tighter than
// every infix operator, and only function application (16) and record fields (17) bind
// tighter (SANY's ConfigConstants: 150, 160, 170).
var postfixOps = map[string]bool{"'": true, "^+": true, "^*": true, "^#": true}

// postfixPrec is the precedence of the postfix operators.
const postfixPrec = 15

// InfixPrecedence reports the precedence range of an infix operator given
// by canonical name, for printers and tools.
func InfixPrecedence(op string) (lo, hi int, ok bool) {
	info, ok := infixOps[op]
	return info.lo, info.hi, ok
}
