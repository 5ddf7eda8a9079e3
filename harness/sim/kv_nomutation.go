//go:build !dsref_mutations

package sim

import "github.com/dsref/dsref/raft/session"

// plantSessionBug does nothing: the session table's planted bugs exist only in builds with
// -tags dsref_mutations.
func plantSessionBug(*session.Config, string) {}
