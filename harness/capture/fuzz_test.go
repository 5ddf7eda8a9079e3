package capture

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/stretchr/testify/require"
)

func seedCaptures(t testing.TB) [][]byte {
	rng := rand.New(rand.NewPCG(1, 1))
	stream, _ := testStream(t, 1, 2, 4, rng)
	f := flow(40000, 7002)
	var pkts [][]byte
	pkts = append(pkts, f.packet(t, 0, nil, true, false))
	for _, s := range segments(rng, stream, 90) {
		pkts = append(pkts, f.packet(t, s[0], stream[s[0]:s[1]], false, false))
	}
	b := newPcap(t)
	for _, p := range pkts {
		b.write(p)
	}
	var ng bytes.Buffer
	w, _ := pcapgo.NewNgWriter(&ng, layers.LinkTypeEthernet)
	for _, p := range pkts {
		w.WritePacket(gopacket.CaptureInfo{Timestamp: b.now, CaptureLength: len(p), Length: len(p)}, p)
	}
	w.Flush()
	return [][]byte{b.bytes(), ng.Bytes()}
}

// FuzzDecodeCapture decodes arbitrary files as captures: never a panic, and every byte of
// every stream is accounted for (decoded in a frame, skipped, or still missing).
func FuzzDecodeCapture(f *testing.F) {
	for _, s := range seedCaptures(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Decode(bytes.NewReader(data), "fuzz.pcap", nil)
		if err != nil {
			return
		}
		checkAccounted(t, c)
	})
}

// FuzzDecodeStream cuts arbitrary bytes into TCP segments of a dsref port (with
// retransmissions and reordering chosen by the input) and decodes them.
func FuzzDecodeStream(f *testing.F) {
	rng := rand.New(rand.NewPCG(2, 2))
	stream, _ := testStream(f, 1, 2, 3, rng)
	f.Add(stream, []byte{10, 200, 3, 40})
	f.Add(stream[17:], []byte{1})
	f.Fuzz(func(t *testing.T, stream, cuts []byte) {
		if len(cuts) == 0 {
			cuts = []byte{255}
		}
		fl := flow(40000, 7002)
		b := newPcap(t)
		b.write(fl.packet(t, 0, nil, true, false))
		off := 0
		for i := 0; off < len(stream); i++ {
			c := cuts[i%len(cuts)]
			n := min(max(1+int(c&0x7f)*8, len(stream)/500), len(stream)-off) // at most ~500 packets
			start := off
			if c&0x80 != 0 && off >= 4 {
				start = off - 4 // overlap the previous segment
			}
			b.write(fl.packet(t, start, stream[start:off+n], false, false))
			off += n
		}
		c := decodeBytes(t, b.bytes())
		checkAccounted(t, c)
	})
}

// checkAccounted checks that each stream's bytes are frames, skipped bytes, or (for a stream
// the decoder could not finish) nothing more than it received.
func checkAccounted(t *testing.T, c *Capture) {
	perStream := map[int]int64{}
	for _, f := range c.Frames {
		perStream[f.Stream] += int64(f.Size)
	}
	for _, s := range c.Streams {
		require.Equal(t, s.Bytes, perStream[s.ID]+s.Skipped, "stream %d: %d bytes, %d in frames, %d skipped", s.ID, s.Bytes, perStream[s.ID], s.Skipped)
	}
}

// FuzzLayer decodes arbitrary bytes as a DSRF layer.
func FuzzLayer(f *testing.F) {
	rng := rand.New(rand.NewPCG(3, 3))
	stream, _ := testStream(f, 1, 2, 2, rng)
	f.Add(stream)
	f.Add(stream[40:])
	f.Fuzz(func(t *testing.T, data []byte) {
		var d DSRF
		if err := d.DecodeFromBytes(data, gopacket.NilDecodeFeedback); err == nil {
			require.LessOrEqual(t, len(d.Contents), len(data))
			require.Equal(t, data[len(d.Contents):], d.Payload)
		}
		gopacket.NewPacket(data, LayerTypeDSRF, gopacket.Default)
	})
}
