// Package catalogue holds the mutation-catalogue test: every planted bug of the raft and paxos
// cores that the simulator is required to catch, and the assertion that it does, within a
// bounded number of seeds. It is what proves the harness can fail.
package catalogue
