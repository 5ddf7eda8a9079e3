package main

import (
	"flag"
	"fmt"
	"sort"
	"strings"
)

// TLC's command-line options (tlc2.CommandLineOptions and tlc2.TLC) that dsref check does not
// take as its own flags. Those that ask for nothing this engine would do differently are accepted
// and have no effect (tlcNoOps); the others are refused with what they do in TLC and why it is
// not done here (tlcRefused), so that a TLC command line either runs as it would under TLC or
// stops with a message naming the option.

// tlcRefusedOption is a TLC option dsref check refuses.
type tlcRefusedOption struct {
	arg bool   // the option takes a value, the next argument
	why string // what it does in TLC, and why it is refused
}

var tlcRefused = map[string]tlcRefusedOption{
	"continue":       {false, "it goes on after an invariant is violated; the search stops at the first violation here"},
	"maxSetSize":     {true, "it sets the largest set TLC enumerates (default 1000000); the bound here is fixed at 2097152 elements"},
	"dfid":           {true, "it searches depth-first with iterative deepening; -dfs -depth N searches depth-first down to N"},
	"recover":        {true, "it resumes from a checkpoint, and no checkpoints are written here"},
	"userFile":       {true, "it writes Print and PrintT output to a file; here they go to the standard output"},
	"terse":          {false, "it prints values unexpanded; here values are printed in full"},
	"tool":           {false, "it writes TLC's message-coded output for the Toolbox, which is not written here"},
	"view":           {false, "it prints the states of a counterexample through the VIEW, which is not done here"},
	"debug":          {false, "it prints TLC's debugging information"},
	"debugger":       {false, "it starts TLC's TLA+ debugger, which this engine does not have"},
	"generateSpecTE": {false, "it writes a SpecTE module of the counterexample; -dumpTrace tla FILE writes the counterexample as a module"},
	"teSpecOutDir":   {true, "it sets where the SpecTE module is written, and none is written here"},
	"aril":           {true, "it adjusts the seed of each simulated behavior; -seed seeds the random choices here"},
	"postCondition":  {true, "it names a postcondition on the command line; name it with POSTCONDITION in the configuration"},
}

// tlcNoOps are the TLC options dsref check accepts with no effect: they concern TLC's files on
// disk and its fingerprint set, which this engine does not have (it writes no states directory,
// and its fingerprint set grows in memory as needed), or nothing at all (-modelcheck, which TLC
// ignores too). -checkpoint is accepted only as -checkpoint 0 (no checkpoints, as here).
func declareTLCNoOps(fs *flag.FlagSet) *int {
	fs.Bool("modelcheck", false, "accepted for TLC command lines (TLC ignores it too)")
	fs.Bool("gzip", false, "accepted for TLC command lines: no states files are written to compress")
	fs.String("metadir", "", "`DIR`: accepted for TLC command lines: no states directory is written")
	fs.Int("fp", 0, "`N`: accepted for TLC command lines (TLC's choice of fingerprint polynomial)")
	fs.Float64("fpmem", 0, "`X`: accepted for TLC command lines (TLC's memory for its fingerprint set)")
	fs.Int("fpbits", 0, "`N`: accepted for TLC command lines (TLC's partitioning of its fingerprint set)")
	return fs.Int("checkpoint", 0, "`MINUTES`: accepted as 0, TLC's no checkpoints; none are written here")
}

// tlcRefusedFlag records the TLC options refused (see refuseTLCOptions).
type tlcRefusedFlag struct{ names []string }

func (f *tlcRefusedFlag) String() string { return strings.Join(f.names, ",") }

func (f *tlcRefusedFlag) Set(s string) error {
	f.names = append(f.names, s)
	return nil
}

// refusal is the message for the first TLC option refused, or "".
func (f *tlcRefusedFlag) refusal() string {
	if len(f.names) == 0 {
		return ""
	}
	name := f.names[0]
	return fmt.Sprintf("TLC's -%s is not supported: %s", name, tlcRefused[name].why)
}

// refuseTLCOptions turns each refused TLC option in args, with its value if it takes one, into
// -tlcrefused NAME, which the command reports (the flag package would stop at the first unknown
// flag with no word of TLC). -generateSpecTE's optional nomonolith goes with it.
func refuseTLCOptions(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		name := strings.TrimLeft(a, "-")
		opt, ok := tlcRefused[name]
		if !ok || (a != "-"+name && a != "--"+name) {
			out = append(out, a)
			continue
		}
		out = append(out, "-tlcrefused", name)
		if (opt.arg || name == "generateSpecTE" && i+2 < len(args) && args[i+1] == "nomonolith") && i+1 < len(args) {
			i++
		}
	}
	return out
}

// tlcRefusedNames lists the refused options, for the command's documentation.
func tlcRefusedNames() string {
	names := make([]string, 0, len(tlcRefused))
	for n := range tlcRefused {
		names = append(names, "-"+n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
