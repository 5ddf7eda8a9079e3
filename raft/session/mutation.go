//go:build dsref_mutations

package session

import (
	"fmt"
	"strings"
)

// This file exists only in test builds (-tags dsref_mutations). It replaces rules.go with the
// same rule, able to take a known bug, so that test harnesses can prove that they catch it.

// Mutation plants one known bug in the table; the zero value, MutationNone, is the correct
// table.
type Mutation uint8

const (
	// MutationNone is the correct table.
	MutationNone Mutation = iota
	// MutationNoDedupe forgets the duplicate check: a retried command that was committed twice
	// runs twice (an append appends twice). Breaks linearizability of client histories with
	// retries. Violates RAFT-SESSION-2.
	MutationNoDedupe
	// MutationForgetDiscarded discards a response (acknowledged, or evicted when the session
	// holds MaxResponses) without remembering that its request ran: a late copy of the request
	// runs again. Violates RAFT-SESSION-3 (and RAFT-SESSION-2's exactly-once); tla/Session.tla's
	// twin is RememberDiscarded = FALSE (MCSessionForget.cfg).
	MutationForgetDiscarded
	mutationCount
)

var mutationNames = [...]string{MutationNone: "none", MutationNoDedupe: "no-dedupe", MutationForgetDiscarded: "forget-discarded"}

// String returns the kebab-case name of m, as ParseMutation accepts it.
func (m Mutation) String() string {
	if m < mutationCount {
		return mutationNames[m]
	}
	return fmt.Sprintf("Mutation(%d)", uint8(m))
}

// ParseMutation returns the Mutation named s.
func ParseMutation(s string) (Mutation, error) {
	for m := MutationNone; m < mutationCount; m++ {
		if mutationNames[m] == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("session: unknown mutation %q (want one of %s)", s, strings.Join(mutationNames[:], ", "))
}

// Mutations lists every planted bug, MutationNone excluded.
func Mutations() []Mutation {
	ms := make([]Mutation, 0, mutationCount-1)
	for m := MutationNone + 1; m < mutationCount; m++ {
		ms = append(ms, m)
	}
	return ms
}

// plantedBug is embedded in Config: Config.Mutation picks the bug.
type plantedBug struct {
	// Mutation plants one bug of the catalogue; zero is the correct table.
	Mutation Mutation
}

func (t *Table) cached(s *session, seq uint64) ([]byte, bool) {
	if t.cfg.Mutation == MutationNoDedupe {
		return nil, false // planted bug: every copy of a request runs
	}
	return s.find(seq)
}

func (t *Table) discarded(s *session, seq uint64) {
	if t.cfg.Mutation == MutationForgetDiscarded {
		return // planted bug: the floor stays where it was
	}
	s.floor = max(s.floor, seq)
}
