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
		cases++
		_, perr := syntax.ParseModule("Test.tla", []byte(module))
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
