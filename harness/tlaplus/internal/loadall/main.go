// Command loadall loads every .tla file under the given folders as `dsref check` loads a
// specification (semantic.LoadFile: the module and every module it EXTENDS or INSTANCEs, from its
// folder or the standard modules) and prints one line per file, "ok" or the first error, then a
// count. It is how the parse and semantic sweep of a copy of tlaplus/Examples is re-run:
//
//	go run ./harness/tlaplus/internal/loadall /tmp/Examples/specifications
//
// The exit status is 1 when some module does not load.
package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/semantic"
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
			if !d.IsDir() && strings.HasSuffix(p, ".tla") {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	sort.Strings(files)
	for _, f := range files {
		if _, err := semantic.LoadFile(f); err != nil {
			failed++
			fmt.Fprintf(w, "FAIL %s: %s\n", f, strings.ReplaceAll(err.Error(), "\n", " | "))
			continue
		}
		fmt.Fprintf(w, "ok   %s\n", f)
	}
	fmt.Fprintf(w, "%d modules, %d loaded, %d failed\n", len(files), len(files)-failed, failed)
	return failed, nil
}
