package transport_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/transport"
)

// TestResyncMidStream decodes a stream that starts in the middle of a frame, as a capture
// does: Resync finds the next frame and every later frame decodes.
func TestResyncMidStream(t *testing.T) {
	var stream []byte
	for i := uint64(1); i <= 5; i++ {
		stream = transport.AppendMessageFrame(stream, 3, msg(1, 2, i), []byte{1, 1, '1', byte(i)})
	}
	first := len(transport.AppendMessageFrame(nil, 3, msg(1, 2, 1), []byte{1, 1, '1', 1}))
	for cut := 1; cut < first; cut++ {
		b := stream[cut:]
		var got []uint64
		for off := 0; off < len(b); {
			off = transport.Resync(b, off)
			if off >= len(b) {
				break
			}
			f, n, err := transport.DecodeFrame(b[off:], 1<<20)
			if err != nil {
				off++
				continue
			}
			m, _, err := transport.DecodeMessage(f)
			require.NoError(t, err)
			got = append(got, m.Index)
			off += n
		}
		require.Equal(t, []uint64{2, 3, 4, 5}, got, "cut at %d", cut)
	}
}

// FuzzDecodeFrame decodes arbitrary bytes: never a panic, errors name a field at an offset
// inside the input, and what decodes re-encodes to the same bytes.
//
// Tests RAFT-NET-1.
func FuzzDecodeFrame(f *testing.F) {
	f.Add(transport.AppendMessageFrame(nil, 1, msg(1, 2, 3), []byte{1, 1, '1', 4}))
	f.Add(transport.AppendFrame(nil, transport.KindHello, 1, 1, 2, nil))
	f.Add([]byte("DSRF"))
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, n, err := transport.DecodeFrame(b, 1<<16)
		if err != nil {
			var fe *transport.FrameError
			if !errors.Is(err, transport.ErrIncomplete) && (!errors.As(err, &fe) || fe.Offset > len(b)) {
				t.Fatalf("error %v does not locate the problem", err)
			}
			return
		}
		if got := transport.AppendFrame(nil, fr.Kind, fr.ClusterID, fr.From, fr.To, fr.Payload); !bytes.Equal(got, b[:n]) {
			t.Fatalf("re-encoding differs")
		}
		if fr.Kind == transport.KindMessage {
			m, clock, err := transport.DecodeMessage(fr)
			if err != nil {
				var fe *transport.FrameError
				require.True(t, errors.As(err, &fe), "%v", err)
				return
			}
			if got := transport.AppendMessageFrame(nil, fr.ClusterID, m, clock); !bytes.Equal(got, b[:n]) {
				t.Fatalf("message re-encoding differs")
			}
		}
	})
}

func TestDecodeMessageChecksEndpoints(t *testing.T) {
	b := transport.AppendMessageFrame(nil, 1, raft.Message{Type: raft.MsgHeartbeat, From: 1, To: 2, Term: 1}, nil)
	f, _, err := transport.DecodeFrame(b, 1<<10)
	require.NoError(t, err)
	f.To = 3
	_, _, err = transport.DecodeMessage(f)
	require.ErrorContains(t, err, "frame says 1->3, the message says 1->2")
}
