package main

import "github.com/dsref/dsref/harness/tlaplus/trace"

// writeTraceHTML writes res's trace as a space-time diagram.
func writeTraceHTML(path string, res *trace.Result) error {
	return trace.WriteHTMLFile(path, res)
}
