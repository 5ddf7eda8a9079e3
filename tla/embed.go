// Package tla embeds the TLA+ modules and model configurations of this folder, so that the
// dsref command and the tests read the specifications from any working directory: trace
// validation (`dsref trace`, harness/tlaplus/trace) loads the trace modules (TraceRaft.tla,
// ...) and what they extend from FS.
package tla

import "embed"

// FS holds every .tla, .cfg and .json file of the folder at its root.
//
//go:embed *.tla *.cfg *.json
var FS embed.FS
