// Command dsref runs dsref's main job and its tools.
//
// Usage:
//
//	dsref conform       model-check the specs, simulate each protocol under faults, validate
//	                    traces and print the conformance report
//	dsref trace RUN     validate a trace of a run against its TLA+ specification
//	dsref help          list every subcommand
//	dsref help NAME     a subcommand's usage, doc and flags (as does dsref NAME -h)
//
// Each subcommand lives in its own file and registers itself with register (cli.go), which
// gives every subcommand the same usage, help and exit-code behaviour.
package main

import "os"

func main() {
	os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
}
