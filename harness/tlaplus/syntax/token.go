package syntax

import "github.com/dsref/dsref/harness/tlaplus/ast"

// tokenKind classifies lexemes.
type tokenKind int

const (
	tokEOF     tokenKind = iota
	tokIdent             // identifier
	tokKeyword           // reserved word, text is the word
	tokNumber            // integer or decimal literal
	tokString            // string literal, text is the unescaped value
	tokSymbol            // operator or punctuation, text is the canonical ASCII spelling
	tokSep               // ---- (four or more dashes)
	tokEnd               // ==== (four or more equals signs)
	tokStep              // proof step label such as <1>, <2>3. or <+>
)

// token is one lexeme. For tokNumber, raw is the source spelling and text
// the base-10 value.
type token struct {
	kind tokenKind
	text string
	raw  string
	pos  ast.Pos
	end  ast.Pos // position just after the token
}

func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokIdent:
		return "identifier " + t.text
	case tokKeyword:
		return t.text
	case tokNumber:
		return "number " + t.raw
	case tokString:
		return "string"
	case tokSep:
		return "----"
	case tokEnd:
		return "===="
	case tokStep:
		return "proof step " + t.text
	}
	return "`" + t.text + "`"
}

// keywords are the reserved words of TLA+ 2, including the proof language.
var keywords = map[string]bool{
	"ACTION": true, "ASSUME": true, "ASSUMPTION": true, "AXIOM": true, "BY": true,
	"CASE": true, "CHOOSE": true, "CONSTANT": true, "CONSTANTS": true, "COROLLARY": true,
	"DEF": true, "DEFINE": true, "DEFS": true, "DOMAIN": true, "ELSE": true, "ENABLED": true,
	"EXCEPT": true, "EXTENDS": true, "HAVE": true, "HIDE": true, "IF": true, "IN": true,
	"INSTANCE": true, "LAMBDA": true, "LEMMA": true, "LET": true, "LOCAL": true,
	"MODULE": true, "NEW": true, "OBVIOUS": true, "OMITTED": true, "ONLY": true,
	"OTHER": true, "PICK": true, "PROOF": true, "PROPOSITION": true, "PROVE": true,
	"QED": true, "RECURSIVE": true, "SF_": true, "STATE": true, "SUBSET": true,
	"SUFFICES": true, "TAKE": true, "TEMPORAL": true, "THEN": true, "THEOREM": true,
	"UNCHANGED": true, "UNION": true, "USE": true, "VARIABLE": true, "VARIABLES": true,
	"WF_": true, "WITH": true, "WITNESS": true, "TRUE": true, "FALSE": true,
}

// backslashWords maps `\word` operators to canonical names; synonyms share
// one name.
var backslashWords = map[string]string{
	"A": `\A`, "E": `\E`, "AA": `\AA`, "EE": `\EE`,
	"X": `\X`, "times": `\X`,
	"in": `\in`, "notin": `\notin`,
	"cup": `\cup`, "union": `\cup`, "cap": `\cap`, "intersect": `\cap`,
	"subseteq": `\subseteq`, "subset": `\subset`, "supseteq": `\supseteq`, "supset": `\supset`,
	"land": `/\`, "lor": `\/`, "lnot": `~`, "neg": `~`, "equiv": `<=>`,
	"leq": `<=`, "geq": `>=`,
	"o": `\o`, "circ": `\o`, "cdot": `\cdot`,
	"oplus": `(+)`, "ominus": `(-)`, "otimes": `(\X)`, "odot": `(.)`, "oslash": `(/)`,
	"prec": `\prec`, "preceq": `\preceq`, "succ": `\succ`, "succeq": `\succeq`,
	"sqsubset": `\sqsubset`, "sqsubseteq": `\sqsubseteq`, "sqsupset": `\sqsupset`, "sqsupseteq": `\sqsupseteq`,
	"sqcap": `\sqcap`, "sqcup": `\sqcup`, "uplus": `\uplus`, "wr": `\wr`, "star": `\star`,
	"bullet": `\bullet`, "div": `\div`, "approx": `\approx`, "asymp": `\asymp`, "cong": `\cong`,
	"doteq": `\doteq`, "sim": `\sim`, "simeq": `\simeq`, "ll": `\ll`, "gg": `\gg`,
	"propto": `\propto`, "bigcirc": `\bigcirc`,
}

// symbols are the ASCII operator and punctuation spellings, longest first
// within each leading character so the lexer can take the first match.
var symbols = []string{
	"<=>", "<=", "<:", "<<", "<>", "<-", "<",
	"=>", "==", "=<", "=|", "=",
	">=", ">>", ">",
	"/\\", "//", "/=", "/",
	"|->", "|-", "|=", "||", "|",
	"-+->", "->", "--", "-|", "-",
	"~>", "~",
	"[]", "[", "]",
	"(+)", "(-)", "(.)", "(/)", "(\\X)", "(", ")",
	"{", "}", ",",
	"::=", "::", ":=", ":>", ":",
	"...", "..", ".",
	"!!", "!", "##", "#", "$$", "$", "%%", "%", "&&", "&",
	"**", "*", "++", "+", "??", "@@", "@",
	"^^", "^+", "^*", "^#", "^", "'", "_",
}

// symbolSynonyms maps alternative ASCII spellings to canonical names.
var symbolSynonyms = map[string]string{
	"#": "/=", "=<": "<=",
}

// unicodeSymbols maps the Unicode forms of TLA+ operators (as listed in
// the TLA+ Unicode table) to canonical ASCII names.
var unicodeSymbols = map[rune]string{
	'∧': `/\`, '∨': `\/`, '¬': `~`, '⇒': `=>`, '⟹': `=>`, '⇔': `<=>`, '≡': `<=>`,
	'≜': `==`, '∈': `\in`, '∉': `\notin`, '≠': `/=`, '≤': `<=`, '≥': `>=`,
	'∀': `\A`, '∃': `\E`, '∪': `\cup`, '∩': `\cap`, '⊆': `\subseteq`, '⊂': `\subset`,
	'⊇': `\supseteq`, '⊃': `\supset`, '×': `\X`, '⟨': `<<`, '⟩': `>>`, '↦': `|->`,
	'→': `->`, '←': `<-`, '□': `[]`, '◇': `<>`, '↝': `~>`, '∘': `\o`,
	'⊕': `(+)`, '⊖': `(-)`, '⊗': `(\X)`, '⊙': `(.)`, '⊘': `(/)`,
	'≺': `\prec`, '≻': `\succ`, '⪯': `\preceq`, '≼': `\preceq`, '⪰': `\succeq`, '≽': `\succeq`,
	'⊏': `\sqsubset`, '⊐': `\sqsupset`, '⊑': `\sqsubseteq`, '⊒': `\sqsupseteq`,
	'⊓': `\sqcap`, '⊔': `\sqcup`, '≈': `\approx`, '≅': `\cong`, '≃': `\simeq`, '∼': `\sim`,
	'≍': `\asymp`, '≐': `\doteq`, '≪': `\ll`, '≫': `\gg`, '⊎': `\uplus`, '≀': `\wr`,
	'⋆': `\star`, '•': `\bullet`, '∙': `\bullet`, '⋅': `\cdot`, '·': `\cdot`, '÷': `\div`,
	'∝': `\propto`, '◯': `\bigcirc`, '⊢': `|-`, '⊨': `|=`, '⊣': `-|`, '⫤': `=|`,
	'≔': `:=`, '⩴': `::=`, '‥': `..`, '…': `...`, '⇸': `-+->`, '∖': `\`, '‖': `||`,
	'∷': `::`,
}
