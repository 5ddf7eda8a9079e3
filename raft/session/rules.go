//go:build !dsref_mutations

package session

// This file holds the rule the planted-bug catalogue replaces: a build with -tags
// dsref_mutations compiles mutation.go instead, whose rule can take a known bug. The shipped
// build is this file, and nothing else in the package knows about planted bugs.

// plantedBug is embedded in Config; it is empty in the shipped build.
type plantedBug struct{}

// cached returns the response cached for request seq of s: a duplicate.
//
// Implements RAFT-SESSION-2.
func (t *Table) cached(s *session, seq uint64) ([]byte, bool) { return s.find(seq) }

// discarded raises s's floor to seq: the responses of requests numbered up to seq are gone, and
// such a request, if it comes again, is refused instead of running twice.
//
// Implements RAFT-SESSION-3.
func (t *Table) discarded(s *session, seq uint64) { s.floor = max(s.floor, seq) }
