package quorum

import (
	"runtime"
	"strings"
	"testing"
)

// Tests Q-9.
func TestParseErrorsNameTheProblem(t *testing.T) {
	cases := []struct{ text, want string }{
		{"", "missing the member set"},
		{"majority", "missing the member set"},
		{"{0-2}", "missing the system name"},
		{"quorum {0-2}", `unknown system "quorum"`},
		{"threshold {0-2}", "missing parameter k="},
		{"threshold k=two {0-2}", `k="two" is not a whole number`},
		{"threshold k=2 k=2 {0-2}", `parameter "k" given twice`},
		{"threshold k=2 j=1 {0-2}", `takes no parameter "j"`},
		{"threshold k {0-2}", `parameter "k" is not key=value`},
		{"majority k=1 {0-2}", `takes no parameter "k"`},
		{"majority {0-2", "must be enclosed in braces"},
		{"majority {0-64}", "member ID 64 is outside 0..63"},
		{"majority {3-1}", "range end 1 is below its start 3"},
		{"majority {0,,1}", "missing member ID"},
		{"majority {a}", `member ID "a" is not a decimal number`},
		{"weighted r=1 w=1 votes=1,x {0,1}", `votes="x"`},
		{"weighted r=1 w=1 votes=1 {0,1}", "1 vote counts given for 2 members"},
		{"grid rows=0 cols=3 {}", "rows and cols must be at least 1"},
		{"majority {0} & ", "missing the member set"},
		{"threshold k=99999999999999999999 {0}", "not a whole number"},
	}
	for _, c := range cases {
		_, err := Parse(c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", c.text, err, c.want)
		}
	}
}

// Tests Q-1.
func TestSetBasics(t *testing.T) {
	if _, err := NewSet(1, 64); err == nil || !strings.Contains(err.Error(), "64") {
		t.Errorf("NewSet(1, 64) = %v, want an error naming 64", err)
	}
	if _, err := NewSet(-1); err == nil {
		t.Errorf("NewSet(-1) accepted a negative ID")
	}
	s, _ := NewSet(0, 1, 2, 5, 7, 8, 9, 63)
	if got := s.String(); got != "{0-2,5,7-9,63}" {
		t.Errorf("String() = %q", got)
	}
	if got := Range(0, 64); got != Set(^uint64(0)) {
		t.Errorf("Range(0, 64) = %v, want all members", got)
	}
	if got := Range(62, 70).String(); got != "{62,63}" {
		t.Errorf("Range(62, 70) = %v, want {62,63}", got)
	}
	if got := s.With(64).Without(-3); got != s {
		t.Errorf("out-of-range With/Without changed the set: %v", got)
	}
	if got, _ := ParseSet("{ 1, 3-4 }"); got.String() != "{1,3,4}" {
		t.Errorf("ParseSet with spaces = %v", got)
	}
	for range s.All() {
		break // stopping early must not panic
	}
	if ids := s.IDs(); len(ids) != 8 || ids[7] != 63 {
		t.Errorf("IDs() = %v", ids)
	}
}

// Tests Q-9.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"majority {0-2}", "majority {}", "threshold k=3 {0-4}", "flexible q1=4 q2=2 {0-4}",
		"readwrite r=2 w=2 {0-2}", "grid rows=2 cols=3 {0-5}", "weighted r=3 w=3 votes=2,1,1,1 {0-3}",
		"majority {0-2} & majority {2-4}", "weighted r=1 w=3 votes=2,2 {0,1}", "threshold k=1 {0,1}",
		"grid rows=1 cols=1 {63}", "majority {0-63}",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, err := Parse(text)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("Parse(%q): empty error message", text)
			}
			return
		}
		canonical := s.String()
		back, err := Parse(canonical)
		if err != nil {
			t.Fatalf("Parse(%q) accepted, but its String %q is rejected: %v", text, canonical, err)
		}
		if back.String() != canonical {
			t.Fatalf("String not stable: %q then %q", canonical, back.String())
		}
		if s.Members().Len() <= 10 {
			if err := CheckIntersection(s); err != nil {
				t.Fatalf("Parse(%q) accepted a system that fails its intersection check: %v", text, err)
			}
		}
	})
}

// Tests Q-1.
func FuzzParseSet(f *testing.F) {
	for _, seed := range []string{"{}", "{0}", "{0-63}", "{1,3-5,9}", "{ 2 , 4 }", "{5-3}", "{64}"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, err := ParseSet(text)
		if err != nil {
			return
		}
		back, err := ParseSet(s.String())
		if err != nil || back != s {
			t.Fatalf("ParseSet(%q) = %v, but ParseSet(%q) = %v, %v", text, s, s.String(), back, err)
		}
	})
}

// Hostile text is refused unread past MaxParseLen, and below it parsing allocates at most a
// small multiple of the input.
//
// Tests Q-9.
func TestParseMemoryIsBoundedByInput(t *testing.T) {
	long := "majority {" + strings.Repeat("0,", MaxParseLen) + "0}"
	if _, err := Parse(long); err == nil || !strings.Contains(err.Error(), "MaxParseLen") {
		t.Fatalf("Parse of %d bytes: %v", len(long), err)
	}
	if _, err := ParseSet(long[9:]); err == nil || !strings.Contains(err.Error(), "MaxParseLen") {
		t.Fatalf("ParseSet of %d bytes: %v", len(long)-9, err)
	}
	for _, text := range []string{
		"majority {" + strings.Repeat("0,", MaxParseLen/2-8) + "0}",
		"weighted r=1 w=1 votes=" + strings.Repeat("1,", MaxParseLen/2-20) + "1 {0-3}",
		strings.Repeat("majority {0-2} & ", MaxParseLen/20),
	} {
		if len(text) > MaxParseLen {
			t.Fatalf("test text of %d bytes", len(text))
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		Parse(text)
		runtime.ReadMemStats(&after)
		allocs := after.TotalAlloc - before.TotalAlloc
		if ratio := float64(allocs) / float64(len(text)); ratio > 16 {
			t.Errorf("Parse of %d hostile bytes (%.20q...) allocated %d bytes, %.1fx", len(text), text, allocs, ratio)
		}
	}
}
