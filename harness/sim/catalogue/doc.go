// Package catalogue proves that the simulator catches every planted bug of the raft and paxos
// cores, within a bounded number of seeds: it is what shows that the harness can fail.
//
// Planted bugs are compiled only into builds with -tags dsref_mutations (the shipped cores
// contain none), so the tests that need them live in files with that build tag, and their names
// start with TestMutation. TestPlantedBugsAreCaught, in the ordinary build, runs all of them,
// in every package of the module that has some, as a subprocess
// (go test -tags dsref_mutations -run '^TestMutation' ...), and checks that each one ran and
// passed. So `go test ./...` proves the catalogue without the shipped code carrying it.
package catalogue
