package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/dsref/dsref/raft/session"
)

// TestApplyLineIsApplyFields: the line of a session table's event built directly is the record
// the recorder builds from the map of its fields, for any event; a number beyond TLC's integers
// makes it take the map path, whose recorder reports the field.
func TestApplyLineIsApplyFields(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		small := rapid.Uint64Range(0, 1000)
		num := rapid.OneOf(small, small, small, rapid.Uint64())
		ev := session.TraceEvent{
			Action: session.TraceApplyEntry, Register: rapid.Bool().Draw(t, "register"),
			Request: session.Request{Session: num.Draw(t, "session"), Seq: num.Draw(t, "seq"),
				Ack: num.Draw(t, "ack"), Time: num.Draw(t, "time")},
			Outcome:  rapid.SampledFrom([]string{"applied", "duplicate", "expired", "discarded", "\xff"}).Draw(t, "outcome"),
			Response: rapid.SliceOfN(rapid.Byte(), 0, 4).Draw(t, "resp"),
			Now:      num.Draw(t, "now"), Sessions: rapid.SliceOfN(num, 0, 3).Draw(t, "sessions"),
		}
		node := rapid.IntRange(1, 5).Draw(t, "node")
		c := &Cluster{}
		c.now = time.Duration(small.Draw(t, "clock µs")) * time.Microsecond
		st := &sessionTracer{r: newTraceRecorder(nil, nil, c, nil)}
		got, ok := st.applyLine(node, ev)
		want := st.r.mapLine(node, string(ev.Action), applyFields(ev), st.r.c.now)
		if !ok {
			require.Nil(t, want, "the direct line gave up, so the map path must fail")
			require.Error(t, st.r.err)
			return
		}
		require.NoError(t, st.r.err)
		eq, err := value.Equal(got, want)
		require.NoError(t, err)
		require.True(t, eq, "line %s\nmap  %s", got, want)
	})
}
