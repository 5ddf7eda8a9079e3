// Package conformance ties dsref's four views of each protocol together: the numbered requirements
// declared in spec/*.md, the TLA+ definitions in tla/*.tla that check them, the Go declarations that
// implement them and the tests that exercise them.
//
// Requirements and citations follow the forms in spec/README.md: a requirement is declared as a
// Markdown list item "- **VC-4**: text", and cited by a comment holding the verb Implements (Go
// code), Checks (TLA+) or Tests (Go tests and datadriven testdata scripts) followed by the IDs.
// Scan reads the whole repository and returns a Report; Report.Markdown renders CONFORMANCE.md and
// Report.Problems lists what makes the repository non-conforming: a requirement no test cites, a
// citation of an ID no spec declares, an ID declared twice. A requirement is also model-checked
// when a cited TLA+ definition is checked by a model tla/models.json records as completed, and
// trace-validated when tla/traces.json (TraceRecord, kept by trace validation) lists it.
//
// The report is generated, never hand-kept: `go run ./cmd/dsref conformance` rewrites CONFORMANCE.md
// and a test in this package fails when the checked-in file is stale.
package conformance
