package syntax

import "fmt"

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
// src[pos.Offset:end.Offset]. Tokens keep line and column (bulleted lists align on columns);
// the parser turns a spot into an ast.Pos, which keeps only the offset (see parser.at).
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
	// SANY's FORALL and EXISTS tokens (tla+.jj) also take these spellings.
	"forall": `\A`, "exists": `\E`,
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
	'∷': `::`, '●': `\bullet`, '‼': `!!`, '⁇': `??`, '⁺': `^+`,
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

// tokens is a module's token stream as the parser reads it: lexed on demand and kept only from
// the oldest token the parser may still return to (the one before the current token, which ends
// the last expression parsed, or the start of a speculative parse in progress, see parser.try).
// A module of any size is then parsed with a few thousand tokens in memory, where holding them
// all took 48 bytes per token, as much as the syntax tree of a generated module.
type tokens struct {
	buf  []token // the tokens from index base on
	base int
	lx   *lexer // lexes the rest; nil once the EOF token is in buf
	err  error  // the lexical error that stopped lx, raised again by every read past it
}

// releaseMin is the number of tokens a release must be able to drop before it copies the
// window down: copying is then amortised over at least as many tokens as it moves.
const releaseMin = 1024

// at returns the i'th token of the module, counted from 0, lexing up to it if need be; past the
// end it returns the EOF token. A lexical error ends the parse (it is raised as a bailout).
func (ts *tokens) at(i int) *token {
	for i-ts.base >= len(ts.buf) && ts.lx != nil {
		if ts.err != nil {
			panic(bailout{ts.err})
		}
		t, err := ts.lx.moduleToken()
		if err != nil {
			// A speculative parse (parser.try) may catch this; whatever reads this far next
			// gets the same error.
			ts.err = err
			panic(bailout{err})
		}
		ts.buf = append(ts.buf, t)
		if t.kind == tokEOF {
			ts.lx = nil
		}
	}
	if i-ts.base >= len(ts.buf) {
		return &ts.buf[len(ts.buf)-1]
	}
	if i < ts.base {
		panic(fmt.Sprintf("syntax: token %d was released (window starts at %d)", i, ts.base))
	}
	return &ts.buf[i-ts.base]
}

// release drops the tokens before index keep, which the parser will not read again, and
// reports whether it dropped any.
func (ts *tokens) release(keep int) bool {
	n := keep - ts.base
	if n < releaseMin || n < len(ts.buf)/2 {
		return false
	}
	if n > len(ts.buf) {
		n = len(ts.buf)
	}
	m := copy(ts.buf, ts.buf[n:])
	clear(ts.buf[m:])
	ts.buf = ts.buf[:m]
	ts.base += n
	return true
}

// tokensOf returns the stream of the tokens toks, which end with EOF.
func tokensOf(toks []token) tokens { return tokens{buf: toks} }
