// Package check is an explicit-state model checker for TLA+ specifications that reads TLC's .cfg
// files and reproduces TLC's numbers: the same distinct-state count, the same count of states
// generated, the same verdict and the same counterexample length.
//
// # Search
//
// Breadth-first search (the default) proceeds level by level from the initial states, keeping a
// 64-bit fingerprint of every state found and a parent pointer per stored state, so a
// counterexample is rebuilt by walking parents and is a shortest one. With Options.Workers > 1
// the states of a level are expanded in parallel and the new states merged at the end of the
// level; the counts are the same as with one worker, which is fully deterministic and visits
// states in TLC's FIFO order. Depth-first search (bounded by Options.Depth) and seeded random
// simulation are the other modes.
//
// # Counting as TLC counts
//
// "States generated" counts every initial state and every successor of every action, duplicates
// included, before constraints. A successor that fails a CONSTRAINT or ACTION_CONSTRAINT is
// neither stored nor queued, but the invariants are still checked on it. A state is deadlocked
// when no action produced any successor, counted before constraints. "Distinct states" is the
// number of fingerprints stored, and the depth is the number of BFS levels.
package check
