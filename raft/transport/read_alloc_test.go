package transport

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"runtime"
	"testing"
)

// TestReadFrameAllocatesWhatArrives: a header claiming the largest payload, followed by a few
// bytes and a closed connection, costs the reader about what arrived, not the claimed length.
// Before, readFrame allocated the claimed 64 MiB up front.
func TestReadFrameAllocatesWhatArrives(t *testing.T) {
	tr := &Transport{cfg: Config{MaxFrameSize: DefaultMaxFrameSize}}
	hdr := AppendFrame(nil, KindMessage, 1, 2, 3, nil)
	binary.BigEndian.PutUint32(hdr[32:], DefaultMaxFrameSize)
	for _, sent := range []int{0, 1000, 200_000} {
		in := append(append([]byte(nil), hdr...), make([]byte, sent)...)
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := tr.readFrame(bufio.NewReader(bytes.NewReader(in)))
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Fatal("a truncated frame was read")
		}
		got := after.TotalAlloc - before.TotalAlloc
		t.Logf("header claims %d bytes, %d arrive: %d allocated", DefaultMaxFrameSize, sent, got)
		if limit := uint64(4*sent + 128<<10 + 8<<10); got > limit {
			t.Fatalf("%d bytes of a claimed %d-byte payload cost %d bytes, more than %d", sent, DefaultMaxFrameSize, got, limit)
		}
	}
	// A whole frame still reads, however its payload's length falls on the doubling steps.
	for _, n := range []int{0, 1, 64 << 10, 64<<10 + 1, 300_000} {
		payload := bytes.Repeat([]byte{7}, n)
		f, err := tr.readFrame(bufio.NewReader(bytes.NewReader(AppendFrame(nil, KindMessage, 1, 2, 3, payload))))
		if err != nil || !bytes.Equal(f.Payload, payload) {
			t.Fatalf("%d-byte payload: %v", n, err)
		}
	}
	if _, err := readPayload(bytes.NewReader(nil), 10); err != io.EOF {
		t.Fatalf("reading from nothing: %v", err)
	}
}
