package kv

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCommandEncodingRoundTrips(t *testing.T) {
	for _, c := range []Command{
		{ID: 1, Op: OpPut, Key: "k", Value: "v"},
		{ID: 1<<64 - 1, ClientID: 7, Seq: 3, Time: 1765000000000, Op: OpCAS, Key: "k", Value: "new", Old: "old"},
		{ID: 2, Op: OpCAS, Key: "", Value: "\x00\xff binary", OldAbsent: true},
		{ID: 3, Op: OpDelete, Key: "gone"},
		{ID: 4, Op: OpRegister, Time: 5},
	} {
		b, err := EncodeCommand(c)
		require.NoError(t, err)
		got, err := DecodeCommand(b)
		require.NoError(t, err)
		require.Equal(t, c, got)
	}
	_, err := EncodeCommand(Command{ID: 9, Op: "frob"})
	require.ErrorContains(t, err, `unknown op "frob"`)
}

// TestCommandsLoggedAsJSONStillDecode: logs written before the binary form hold JSON entries.
func TestCommandsLoggedAsJSONStillDecode(t *testing.T) {
	got, err := DecodeCommand([]byte(`{"id":1,"client":2,"seq":3,"time":4,"op":"cas","key":"k","value":"v","old_absent":true}`))
	require.NoError(t, err)
	require.Equal(t, Command{ID: 1, ClientID: 2, Seq: 3, Time: 4, Op: OpCAS, Key: "k", Value: "v", OldAbsent: true}, got)
}

func TestMalformedCommandsNameTheirFault(t *testing.T) {
	good, err := EncodeCommand(Command{ID: 300, Op: OpPut, Key: "key", Value: "value"})
	require.NoError(t, err)
	for _, tc := range []struct {
		in   []byte
		want string
	}{
		{nil, "empty entry"},
		{[]byte{commandV1, 1}, "shorter than the 3-byte header"},
		{[]byte{commandV1, 9, 0}, "unknown op code 9 at byte 1"},
		{[]byte{commandV1, 1, 2}, "unknown flags 0x2 at byte 2"},
		{good[:4], "bad id at byte 3"},
		{append([]byte{commandV1, 1, 0, 1, 0, 0, 0}, 0x80), "bad key length at byte 7"},
		{[]byte{commandV1, 1, 0, 1, 0, 0, 0, 200, 1}, "key of 200 bytes at byte 9, beyond the entry's 9 bytes"},
		{append(append([]byte(nil), good...), 0), "1 bytes after the command"},
		{[]byte{commandV1, 1, 0, 1, 5, 0, 0, 0, 0, 0}, "session 5 without a request number"},
		{[]byte(`{"op":"frob"}`), `unknown op "frob"`},
		{[]byte(`{"op":`), "malformed command"},
	} {
		_, err := DecodeCommand(tc.in)
		require.Error(t, err, "%q", tc.in)
		require.True(t, strings.Contains(err.Error(), tc.want), "DecodeCommand(%q) = %v, want it to mention %q", tc.in, err, tc.want)
	}
}
