// Command loadall loads every .tla file under the given folders as `dsref check` loads a
// specification (semantic.LoadFile: the module and every module it EXTENDS or INSTANCEs, from its
// folder or the standard modules) and prints one line per file, "ok" or the first error, then a
// count. It is how the parse and semantic sweep of a copy of tlaplus/Examples is re-run:
//
//	go run ./harness/tlaplus/internal/loadall /tmp/Examples/specifications
//
// A .txt file in SANY's parse-corpus format (tlatools/org.lamport.tlatools/test/tla2sany/corpus:
// cases headed by `===|||` lines, each a module followed by a `---|||` line and its expected
// tree) is read as cases instead: each case's module is parsed, syntax only as SANY's
// ParseCorpusTest does, and a case whose name is followed by a line `:error` must be refused.
// The cases SANY's own corpus test expects SANY to fail (sanyDiverges) are reported apart.
//
// The exit status is 1 when some module does not load or some corpus case disagrees.
package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/semantic"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadall folder...")
		os.Exit(2)
	}
	failed, err := run(os.Stdout, os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadall:", err)
		os.Exit(2)
	}
	if failed > 0 {
		os.Exit(1)
	}
}

// run loads every .tla file under roots, in path order, reporting to w; it returns the number
// of files that did not load.
func run(w io.Writer, roots []string) (failed int, err error) {
	var files []string
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".tla") || strings.HasSuffix(p, ".txt")) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	sort.Strings(files)
	modules, cases, caseFailed := 0, 0, 0
	for _, f := range files {
		if strings.HasSuffix(f, ".txt") {
			n, bad, err := runCorpus(w, f)
			if err != nil {
				return 0, err
			}
			cases += n
			caseFailed += bad
			continue
		}
		modules++
		if _, err := semantic.LoadFile(f); err != nil {
			failed++
			fmt.Fprintf(w, "FAIL %s: %s\n", f, oneLine(err.Error()))
			continue
		}
		fmt.Fprintf(w, "ok   %s\n", f)
	}
	fmt.Fprintf(w, "%d modules, %d loaded, %d failed\n", modules, modules-failed, failed)
	if cases > 0 {
		fmt.Fprintf(w, "%d corpus cases, %d as SANY, %d not\n", cases, cases-caseFailed, caseFailed)
	}
	return failed + caseFailed, nil
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " | ") }

// Corpus files separate cases with header lines of `=` and `|||` around each case's name and a
// line of `-` and `|||` between the case's module and its expected tree.
var (
	corpusHeader = regexp.MustCompile(`(?m)^=+\|\|\|[ \t]*\r?$`)
	corpusTree   = regexp.MustCompile(`(?m)^-+\|\|\|[ \t]*\r?$`)
)

// sanyDiverges lists the corpus cases SANY itself does not parse as the corpus expects: the
// expectFailures list of its own corpus test (tlaplus/tlaplus, tla2sany/parser/
// TlaPlusSyntaxCorpusTests.java), by case name without its "(GH ...)" suffix, with the issue
// each refers to. The corpus comes from the tree-sitter grammar; a case SANY fails is no
// measure of agreeing with SANY, so such a case is reported apart and not counted.
var sanyDiverges = map[string]string{
	"Cartesian Product as Parameter":         "tlaplus/tlapm#162",
	"Named Theorem After Submodule":          "tlaplus/tlaplus#430",
	"Conjunct Inside Ambiguous Case":         "tlaplus/tlaplus#487",
	"Unicode Conjunct Inside Ambiguous Case": "tlaplus/tlaplus#487",
	"Decimal No Leading Zero":                "tlaplus/tlaplus#596",
	"Invalid Use of LOCAL in LET/IN":         "tlaplus/tlaplus#616",
	"Invalid Use of LOCAL in Proof":          "tlaplus/tlaplus#616",
	"Step Expression Requiring Lookahead":    "tlaplus/tlaplus#737",
	"String with Backtick":                   "tlaplus/tlaplus#802",
	"String with comment start":              "tlaplus/tlaplus#812",
	"Nonfix Minus":                           "tlaplus/tlaplus#884",
	"Nonfix Submodule Excl":                  "tlaplus/tlaplus#884",
	"Nonfix Double Exclamation Operator":     "tlaplus/tlaplus#884",
	"Label with Subexpression Prefix":        "tlaplus/tlaplus#885",
	"Empty Tuple Quantification":             "tlaplus/tlaplus#888",
	"Negative Prefix Op on RHS of Infix":     "tlaplus/tlaplus#893",
	"Mistaken Set Filter Tuples Test":        "tlaplus/tlaplus#1021",
}

// divergence returns the issue for a case SANY is known not to parse as the corpus expects.
func divergence(name string) (string, bool) {
	if i := strings.Index(name, " (GH "); i >= 0 {
		name = name[:i]
	}
	issue, ok := sanyDiverges[name]
	return issue, ok
}

// runCorpus parses each case of the SANY parse-corpus file f, reporting the cases whose outcome
// differs from the one the file expects; it returns the number of cases and of differing ones.
// A .txt file without corpus headers is skipped.
func runCorpus(w io.Writer, f string) (cases, failed int, err error) {
	src, err := os.ReadFile(f)
	if err != nil {
		return 0, 0, err
	}
	parts := corpusHeader.Split(string(src), -1)
	for i := 1; i+1 < len(parts); i += 2 {
		name, wantErr := strings.TrimSpace(parts[i]), false
		if n, ok := strings.CutSuffix(name, ":error"); ok {
			name, wantErr = strings.TrimSpace(n), true
		}
		module := corpusTree.Split(parts[i+1], 2)[0]
		_, perr := syntax.ParseModule("Test.tla", []byte(module))
		if issue, ok := divergence(name); ok {
			outcome := "parsed"
			if perr != nil {
				outcome = "refused: " + oneLine(perr.Error())
			}
			fmt.Fprintf(w, "SANY %s: %q: not counted, SANY fails this case (%s); here %s\n", f, name, issue, outcome)
			continue
		}
		cases++
		switch {
		case perr != nil && !wantErr:
			failed++
			fmt.Fprintf(w, "FAIL %s: %q: %s\n", f, name, oneLine(perr.Error()))
		case perr == nil && wantErr:
			failed++
			fmt.Fprintf(w, "FAIL %s: %q: parsed, SANY refuses it\n", f, name)
		}
	}
	if cases > 0 {
		status := "ok  "
		if failed > 0 {
			status = "FAIL"
		}
		fmt.Fprintf(w, "%s %s: %d corpus cases, %d as SANY\n", status, f, cases, cases-failed)
	}
	return cases, failed, nil
}
