// Package stdlib embeds the TLA+ sources of the standard modules
// (Naturals, Integers, Reals, Sequences, FiniteSets, Bags, TLC, TLCExt,
// Randomization), of the TLAPS library (TLAPS, NaturalsInduction,
// WellFoundedInduction, SequenceOps, FunctionsFork, RealTime and the
// *Theorems modules, whose theorems are stated, without proofs, so that a
// proof citing one loads) and of the community modules (SequencesExt,
// FiniteSetsExt, Functions, Folds, BagsExt, Bitwise, Relation, Graphs,
// UndirectedGraphs, Combinatorics, DyadicRationals, Statistics,
// VectorClocks, CSV, SVG, Json, IOUtils, Quorum, Graph, HTML and their *Theorems),
// written as plain TLA+. Each
// module exports the names, with the arities, of the module TLC users load
// under that name, and extends what that one extends.
//
// The definitions say what each operator means. Where TLA+'s own
// definitions are not constructive (Nat, +, Cardinality, ...) or would be
// slow, the evaluator replaces them by native Go code; the semantic
// checker and the evaluator load these sources for everything else: the
// names a module exports, operator arities, LOCAL helpers and the
// definitions of operators without a native implementation.
//
// Reals defines Real, / and Infinity so that a spec extending it loads, as
// in TLC; the evaluator refuses to evaluate them (the engine, like TLC, has
// no real numbers).
package stdlib

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed modules/*.tla
var files embed.FS

// FS holds one file Name.tla per module at its root.
var FS fs.FS = mustSub(files, "modules")

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		// fs.Sub fails only for an invalid path, and "modules" is valid.
		panic("stdlib: " + err.Error())
	}
	return sub
}

// Names lists the embedded modules in alphabetical order.
func Names() []string {
	entries, err := fs.ReadDir(FS, ".")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".tla"); ok {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// Source returns the text of the named module.
func Source(name string) ([]byte, bool) {
	if name == "" || strings.ContainsAny(name, "/\\.") {
		return nil, false
	}
	src, err := fs.ReadFile(FS, name+".tla")
	if err != nil {
		return nil, false
	}
	return src, true
}

// Has reports whether name is an embedded standard module.
func Has(name string) bool {
	_, ok := Source(name)
	return ok
}
