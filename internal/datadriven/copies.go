package datadriven

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// Copies are the folders holding a copy of datadriven.go, each in its own package so that the
// folder vendors alone.
var Copies = []string{"raft/rafttest", "paxos/paxostest", "clocks/clockstest", "quorum/quorumtest"}

// CheckCopy reports whether root/dir/datadriven.go is this package's datadriven.go but for its
// package clause, which names dir's last element.
func CheckCopy(root, dir string) error {
	original, err := os.ReadFile(filepath.Join(root, "internal", "datadriven", "datadriven.go"))
	if err != nil {
		return err
	}
	path := filepath.Join(root, filepath.FromSlash(dir), "datadriven.go")
	copied, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%s/ has no copy of the datadriven runner: %w", dir, err)
	}
	want := append([]byte("package "+filepath.Base(dir)), bytes.TrimPrefix(original, []byte("package datadriven"))...)
	if !bytes.Equal(copied, want) {
		return fmt.Errorf("%s/datadriven.go differs from internal/datadriven/datadriven.go; copy it again:\n"+
			"  sed 's/^package datadriven$/package %s/' internal/datadriven/datadriven.go > %s/datadriven.go",
			dir, filepath.Base(dir), dir)
	}
	return nil
}
