// Package vendorable enforces dsref's copy-one-folder rule: each reference package (raft, paxos,
// quorum, clocks) imports only the standard library and its own subtree, so that a user can copy
// that one folder into another project. Tests may in addition use rapid and testify.
package vendorable
