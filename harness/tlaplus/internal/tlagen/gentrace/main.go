// Command gentrace writes tlagen's trace-style module and its configuration, Trace.tla and
// Trace.cfg, into a folder, for measuring dsref check on a large generated module:
//
//	go run ./harness/tlaplus/internal/tlagen/gentrace -size 50000000 -o /tmp/big
//	/usr/bin/time -v dsref check /tmp/big/Trace.tla
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dsref/dsref/harness/tlaplus/internal/tlagen"
)

func main() {
	size := flag.Int("size", 50_000_000, "size of the module in bytes")
	dir := flag.String("o", ".", "folder to write Trace.tla and Trace.cfg into")
	flag.Parse()
	if err := write(*dir, *size); err != nil {
		fmt.Fprintln(os.Stderr, "gentrace:", err)
		os.Exit(1)
	}
}

func write(dir string, size int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "Trace.tla"), tlagen.TraceModule(size), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "Trace.cfg"), []byte(tlagen.TraceConfig), 0o644)
}
