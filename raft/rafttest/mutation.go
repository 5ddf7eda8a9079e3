//go:build dsref_mutations

package rafttest

import "github.com/dsref/dsref/raft"

// plantMutation sets the planted bug named name (raft.ParseMutation) in cfg.
func plantMutation(cfg *raft.Config, name string) error {
	m, err := raft.ParseMutation(name)
	cfg.Mutation = m
	return err
}
