//go:build dsref_mutations

package raftsim

import (
	"fmt"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/session"
)

// plantMutation switches on the planted bug named name (raft.ParseMutation) in cfg. A bug of
// the session table (session.ParseMutation) lives in the simulator's store, which plants it
// itself (sim.Options.Mutation): the core runs unchanged.
func plantMutation(cfg *raft.Config, name string) error {
	if _, err := session.ParseMutation(name); err == nil {
		return nil
	}
	m, err := raft.ParseMutation(name)
	if err != nil {
		return fmt.Errorf("raftsim: %w", err)
	}
	cfg.Mutation = m
	return nil
}

// Mutations lists the names of raft's planted bugs (raft.Mutations) and of its session
// table's (session.Mutations, planted in the simulator's store), as sim.Options.Mutation takes
// them.
func (Protocol) Mutations() []string {
	var names []string
	for _, m := range raft.Mutations() {
		names = append(names, m.String())
	}
	for _, m := range session.Mutations() {
		names = append(names, m.String())
	}
	return names
}
