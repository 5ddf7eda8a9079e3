//go:build dsref_mutations

package sim

import "github.com/dsref/dsref/raft/session"

// plantSessionBug switches on the session table's planted bug named name (session.ParseMutation)
// in every node's store; names of other catalogues (the cores') are left to the adapters.
func plantSessionBug(cfg *session.Config, name string) {
	if m, err := session.ParseMutation(name); err == nil {
		cfg.Mutation = m
	}
}
