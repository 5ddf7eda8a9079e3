//go:build !dsref_mutations

package raftsim

import (
	"fmt"

	"github.com/dsref/dsref/raft"
)

// plantMutation refuses: raft's planted bugs exist only in builds with -tags dsref_mutations.
func plantMutation(_ *raft.Config, name string) error {
	return fmt.Errorf("raftsim: mutation %q: planted bugs are compiled only with -tags dsref_mutations", name)
}

// Mutations lists the names of raft's planted bugs: none in a build without
// -tags dsref_mutations.
func (Protocol) Mutations() []string { return nil }
