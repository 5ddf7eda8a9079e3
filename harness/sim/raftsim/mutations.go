package raftsim

import (
	"strings"

	"github.com/dsref/dsref/raft"
)

// Mutations lists the planted bugs of the raft core by the names ParseMutation accepts, in the
// catalogue's order; `dsref sim -mutations` prints them.
func (Protocol) Mutations() []string {
	var names []string
	for _, m := range raft.Mutations() {
		names = append(names, strings.TrimPrefix(m.String(), "Mutation"))
	}
	return names
}
