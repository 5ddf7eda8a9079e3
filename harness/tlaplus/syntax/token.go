package syntax

// tokenKind classifies lexemes.
type tokenKind int8

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

// token is one lexeme. For tokNumber, text is the base-10 value; the source spelling is
// src[pos.Offset:end.Offset]. A module is all in tokens before it is parsed, so a token is kept
// small: 48 bytes, positions without the file name (the parser adds it, see parser.at).
type token struct {
	text string
	pos  spot
	end  spot // position just after the token
	kind tokenKind
}

// spot is a token's position in its file: ast.Pos without the file name, in 32 bits each
// (MaxSourceSize keeps offsets far below 2^31).
type spot struct {
	Offset, Line, Col int32
}

// describe names t for an error message; src is the text its positions refer to.
func (t token) describe(src string) string {
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokIdent:
		return "identifier " + t.text
	case tokKeyword:
		return t.text
	case tokNumber:
		return "number " + t.raw(src)
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

// unicodeNames maps the Unicode forms of the standard sets (ℕ ℤ ℝ in the TLA+ Unicode table,
// as SANY reads them) to their names, which the standard modules define.
var unicodeNames = map[rune]string{'ℕ': "Nat", 'ℤ': "Int", 'ℝ': "Real"}

// raw is t's source spelling, src being the text its positions refer to.
func (t token) raw(src string) string {
	if int(t.end.Offset) <= len(src) && t.pos.Offset <= t.end.Offset {
		return src[t.pos.Offset:t.end.Offset]
	}
	return t.text
}

// tokChunk is the number of tokens in each chunk of a tokens list after the first.
const tokChunk = 4096

// tokens is the token list of a module, in chunks: lexing a large module then allocates each
// token once, where a growing slice would copy it several times over (Go grows a large slice by
// a quarter, so a module of n tokens would allocate about 5n of them). The first chunk grows as
// a slice does, so a small module or expression takes no more than it needs.
type tokens struct {
	chunks [][]token
	n      int
}

func (ts *tokens) add(t token) {
	last := len(ts.chunks) - 1
	if last < 0 || len(ts.chunks[last]) == cap(ts.chunks[last]) && cap(ts.chunks[last]) >= tokChunk {
		size := 16
		if last >= 0 {
			size = tokChunk
		}
		ts.chunks = append(ts.chunks, make([]token, 0, size))
		last++
	}
	ts.chunks[last] = append(ts.chunks[last], t)
	ts.n++
}

// at returns the i'th token, counted from 0.
func (ts *tokens) at(i int) *token {
	if len(ts.chunks) == 1 {
		return &ts.chunks[0][i]
	}
	first := len(ts.chunks[0])
	if i < first {
		return &ts.chunks[0][i]
	}
	i -= first
	return &ts.chunks[1+i/tokChunk][i%tokChunk]
}

func (ts *tokens) len() int { return ts.n }

// slice returns the tokens in one slice (for short token lists).
func (ts *tokens) slice() []token {
	out := make([]token, 0, ts.n)
	for _, c := range ts.chunks {
		out = append(out, c...)
	}
	return out
}

// tokensOf returns the list holding toks.
func tokensOf(toks []token) tokens {
	return tokens{chunks: [][]token{toks}, n: len(toks)}
}
