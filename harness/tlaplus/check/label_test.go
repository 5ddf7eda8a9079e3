package check

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/stretchr/testify/require"
)

// TestActionLabelsByArguments: an application's label is its name with the argument values, one
// per tuple of values, and looking up one given before allocates nothing (the successors of
// every state are labelled so; boxing the arguments' tuple for its fingerprint was 4% of the
// objects MCPaxos allocated).
func TestActionLabelsByArguments(t *testing.T) {
	al := &appLabel{name: "Phase1b"}
	hdr := value.Tuple{value.Str("a1"), value.Int(2)}
	label, kept := al.withArgs(&hdr)
	require.Equal(t, []value.Value{value.Str("a1"), value.Int(2)}, kept)
	require.Equal(t, `Phase1b("a1",2)`, label)
	other := value.Tuple{value.Str("a2"), value.Int(2)}
	label, _ = al.withArgs(&other)
	require.Equal(t, `Phase1b("a2",2)`, label)
	hdr[0] = value.Str("a2")
	label, _ = al.withArgs(&hdr)
	require.Equal(t, `Phase1b("a2",2)`, label, "the label is looked up by the values, not kept with the slice")
	require.Equal(t, []value.Value{value.Str("a1"), value.Int(2)}, kept, "the values kept are a copy")
	require.Zero(t, testing.AllocsPerRun(100, func() { label, _ = al.withArgs(&hdr) }))
}
