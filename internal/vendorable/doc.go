// Package vendorable enforces dsref's copy-one-folder rule: each reference package (raft, paxos,
// quorum, clocks) imports only the standard library and its own subtree, so that a user can copy
// that one folder into another project. Tests may in addition use rapid and testify. Each folder
// also carries a NOTICE granting the Apache License 2.0 (the repository's LICENSE), so that the
// terms travel with the copy.
package vendorable
