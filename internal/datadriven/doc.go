// Package datadriven is dsref's datadriven script runner: the format of cockroachdb/datadriven
// (command line, optional input, "----", expected output) that etcd-io/raft's interaction tests
// use, for hand-written scenario scripts in testdata/ folders. The harness's tests import it;
// the reference packages each carry an identical copy of datadriven.go (see Copies and
// CheckCopy), because a vendored folder may import nothing but the standard library and its
// own subtree.
package datadriven
