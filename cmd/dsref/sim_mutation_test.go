//go:build dsref_mutations

package main

import "testing"

// TestMutationSimListsEveryProtocol checks -mutations in the build with planted bugs: every
// protocol lists its catalogue, and -mutation accepts each bug listed.
func TestMutationSimListsEveryProtocol(t *testing.T) {
	if n := checkMutationListing(t); n != len(simProtocols) {
		t.Fatalf("%d of %d protocols list planted bugs in the dsref_mutations build", n, len(simProtocols))
	}
}
