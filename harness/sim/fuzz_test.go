package sim

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzParseSchedule parses arbitrary schedule text for a 3-node cluster: an error names the step,
// and a schedule that parses formats back to text that parses to the same steps, which
// ValidateSchedule accepts or refuses without panicking.
func FuzzParseSchedule(f *testing.F) {
	for _, seed := range []string{
		"none", "", "# comment\n1s crash n1\n2s restart n1\n",
		"0s drop 0.15; 0s duplicate 1; 0s reorder 0.3 30ms; 0s delay bimodal 1ms+21ms; 0s skew n2 133ms; 0s drift n3 103.123456ms",
		"1.2s partition asymmetric 1>2,3>2; 1.5s heal-links; 1.500000007s crash n3; 2s arm-crash n1 torn; 2s restart n3",
		"3s pause n2; 3s resume n2; 4s replay 5@3ms,0@0s", "1s partition ring none", "0s delay constant 3ms",
		"2s crash n1; 1s restart n1", "1s replay 128@1ms", "0s drop NaN", "9999999h crash n1",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		steps, err := ParseSchedule(text, 3)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "schedule ") {
				t.Fatalf("error %q does not name the step", err)
			}
			return
		}
		again, err := ParseSchedule(FormatSchedule(steps), 3)
		if err != nil {
			t.Fatalf("%q parsed, but its formatted form %q does not: %v", text, FormatSchedule(steps), err)
		}
		if !reflect.DeepEqual(again, steps) {
			t.Fatalf("round trip changed the schedule:\n%v\n%v", steps, again)
		}
		_ = ValidateSchedule(steps, 3, MaxFaultPhase)
	})
}

// FuzzDecodeCommand decodes arbitrary bytes as a client command: an error names the field and
// offset, and a command that decodes survives a round trip through Encode (the decoder accepts
// overlong varints, so the bytes themselves may differ).
func FuzzDecodeCommand(f *testing.F) {
	f.Add(Command{Client: 3, Seq: 300, Kind: OpAppend, Key: "k", Value: "3.300;"}.Encode())
	f.Add(Command{Client: 1, Seq: 1, Kind: OpGet, Key: "a"}.Encode())
	f.Add([]byte{'K', byte(OpPut), 0x80})
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := DecodeCommand(b)
		if err != nil {
			if !strings.Contains(err.Error(), "offset") {
				t.Fatalf("error %q does not say where", err)
			}
			return
		}
		again, err := DecodeCommand(c.Encode())
		if err != nil || again != c {
			t.Fatalf("%x decodes to %+v, which re-encodes and decodes to %+v, %v", b, c, again, err)
		}
	})
}
