//go:build !dsref_mutations

package rafttest

import (
	"fmt"

	"github.com/dsref/dsref/raft"
)

// plantMutation refuses: planted bugs exist only in builds with -tags dsref_mutations.
func plantMutation(_ *raft.Config, name string) error {
	return fmt.Errorf("mutation=%s: planted bugs are compiled only with -tags dsref_mutations", name)
}
