//go:build dsref_mutations

package realtest

import "github.com/dsref/dsref/raft"

func init() {
	PlantMutation = func(name string) (func(*raft.Config), error) {
		m, err := raft.ParseMutation(name)
		if err != nil {
			return nil, err
		}
		return func(c *raft.Config) { c.Mutation = m }, nil
	}
}
