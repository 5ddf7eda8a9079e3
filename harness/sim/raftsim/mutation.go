//go:build dsref_mutations

package raftsim

import (
	"fmt"

	"github.com/dsref/dsref/raft"
)

// plantMutation switches on the planted bug named name (raft.ParseMutation) in cfg.
func plantMutation(cfg *raft.Config, name string) error {
	m, err := raft.ParseMutation(name)
	if err != nil {
		return fmt.Errorf("raftsim: %w", err)
	}
	cfg.Mutation = m
	return nil
}

// Mutations lists the names of raft's planted bugs (raft.Mutations), as sim.Options.Mutation
// takes them.
func (Protocol) Mutations() []string {
	var names []string
	for _, m := range raft.Mutations() {
		names = append(names, m.String())
	}
	return names
}
