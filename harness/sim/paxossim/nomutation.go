//go:build !dsref_mutations

package paxossim

import (
	"fmt"

	"github.com/dsref/dsref/paxos"
)

// plantMutation refuses: paxos's planted bugs exist only in builds with -tags dsref_mutations.
func plantMutation(_ *paxos.Config, name string) error {
	return fmt.Errorf("paxossim: mutation %q: planted bugs are compiled only with -tags dsref_mutations", name)
}

// Mutations lists the names of paxos's planted bugs: none in a build without
// -tags dsref_mutations.
func (Protocol) Mutations() []string { return nil }

// Mutations lists the names of paxos's planted bugs: none in a build without
// -tags dsref_mutations.
func (SynodLog) Mutations() []string { return nil }
