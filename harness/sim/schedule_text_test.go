package sim

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestScheduleTextRoundTrip formats a schedule with every kind of step and parses it back, from
// the one-line form and from the one-step-a-line form of a schedule file.
func TestScheduleTextRoundTrip(t *testing.T) {
	links := NewLinks(3)
	links.SetBlocked(1, 2, true)
	links.SetBlocked(3, 2, true)
	steps := []FaultStep{
		{Kind: FaultDrop, Prob: 0.15312345678},
		{Kind: FaultDuplicate, Prob: 1},
		{Kind: FaultReorder, Prob: 0, HoldBack: 30 * time.Millisecond},
		{Kind: FaultDelay, DelayKind: DelayBimodal, BaseDelay: time.Millisecond, Jitter: 21 * time.Millisecond},
		{Kind: FaultSkew, Node: 2, Skew: 133*time.Millisecond + 7},
		{Kind: FaultDrift, Node: 3, TickGap: 103123456},
		{At: 1200 * time.Millisecond, Kind: FaultPartition, Shape: Asymmetric, Links: links},
		{At: 1500 * time.Millisecond, Kind: FaultHealLinks},
		{At: 1500*time.Millisecond + 7, Kind: FaultCrash, Node: 3},
		{At: 2 * time.Second, Kind: FaultArmCrash, Node: 1, Damage: DamageTorn},
		{At: 2 * time.Second, Kind: FaultRestart, Node: 3},
		{At: 2 * time.Second, Kind: FaultDelay, DelayKind: DelayConstant, BaseDelay: 3 * time.Millisecond},
		{At: 3 * time.Second, Kind: FaultPause, Node: 2},
		{At: 3 * time.Second, Kind: FaultResume, Node: 2},
		{At: 4 * time.Second, Kind: FaultReplay, Replays: []ReplayPick{{Age: 5, Delay: 3 * time.Millisecond}, {Age: 0, Delay: 0}}},
	}
	text := FormatSchedule(steps)
	want := "0s drop 0.15312345678; 0s duplicate 1; 0s reorder 0 30ms; 0s delay bimodal 1ms+21ms; 0s skew n2 133.000007ms; " +
		"0s drift n3 103.123456ms; 1.2s partition asymmetric 1>2,3>2; 1.5s heal-links; 1.500000007s crash n3; " +
		"2s arm-crash n1 torn; 2s restart n3; 2s delay constant 3ms; 3s pause n2; 3s resume n2; 4s replay 5@3ms,0@0s"
	if text != want {
		t.Fatalf("formatted\n%s\nwant\n%s", text, want)
	}
	for _, form := range []string{text, "# a schedule file\n" + strings.ReplaceAll(text, "; ", "\n  ") + "\n\n# end\n"} {
		got, err := ParseSchedule(form, 3)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, steps) {
			t.Fatalf("parsed %v, want %v", got, steps)
		}
	}
	for _, empty := range []string{"none", "", " none ", "# nothing\nnone\n"} {
		if s, err := ParseSchedule(empty, 3); err != nil || s == nil || len(s) != 0 {
			t.Fatalf("empty schedule %q: %v, %v", empty, s, err)
		}
	}
	if FormatSchedule(nil) != "none" {
		t.Fatal("the empty schedule is not formatted as none")
	}
}

// TestParseScheduleErrors checks that malformed schedules are refused with the step named.
func TestParseScheduleErrors(t *testing.T) {
	for text, want := range map[string]string{
		"1s":                            "step 1",
		"x crash n1":                    "bad time",
		"1s crash n1; 2s explode":       `step 2 ("2s explode"): unknown fault kind`,
		"1s crash n4":                   `bad node "n4"`,
		"1s crash 2":                    `bad node "2"`,
		"1s crash":                      "crash takes 1 argument",
		"1s arm-crash n1 melted":        "bad disk damage",
		"1s partition hexagon 1>2":      "unknown partition shape",
		"1s partition split 1>1":        "bad link",
		"1s partition split 1-2":        "bad link",
		"1s replay 5":                   "bad replay pick",
		"1s replay 128@1ms":             "no message of age 128",
		"2s crash n1; 1s restart n1":    "before the previous step",
		"1s heal-links n1":              "heal-links takes 0 argument",
		"1s replay 1@-3ms":              "bad replay pick",
		"-1s crash n1":                  "bad time",
		"1s partition isolate 1>2 2>1":  "partition takes 2 argument",
		"1s resume n0":                  `bad node "n0"`,
		"1s pause nx":                   `bad node "nx"`,
		"1s restart n1 n2":              "restart takes 1 argument",
		"1s partition ring 1>9":         "bad link",
		"1s arm-crash n1":               "arm-crash takes 2 argument",
		"1s crash n1;":                  "step 2",
		"1s replay 3@1ms,x@1ms":         "bad replay pick",
		"1s partition bridge none; 1s ": "step 2",
		"0s drop 1.5":                   "bad probability",
		"0s drop NaN":                   "bad probability",
		"0s reorder 0.1":                "reorder takes 2 argument",
		"0s reorder 0.1 x":              "bad hold-back time",
		"0s delay uniform 3ms":          "uniform delay takes BASE+JITTER",
		"0s delay constant 3ms+1ms":     "constant delay takes BASE",
		"0s delay gaussian 3ms+1ms":     "bad delay distribution",
		"0s delay uniform 3ms+x":        "bad jitter",
		"0s skew n1 -3ms":               "bad skew",
		"0s drift n1 0s":                "bad tick length",
		"0s crash n1\n1s bogus":         `line 2, step 2 ("1s bogus")`,
		"none; 1s crash n1":             "step 1",
	} {
		_, err := ParseSchedule(text, 3)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseSchedule(%q) = %v, want an error containing %q", text, err, want)
		}
	}
}

// TestValidateScheduleRejectsImpossibleSteps gives ValidateSchedule schedules that parse but
// cannot happen; each error names the first impossible step.
func TestValidateScheduleRejectsImpossibleSteps(t *testing.T) {
	for text, want := range map[string]string{
		"1s restart n1":                                          `step 1 ("1s restart n1"): n1 is running`,
		"1s crash n1; 2s crash n1; 3s crash n1":                  `step 2 ("2s crash n1"): n1 is already down`,
		"1s crash n2; 2s pause n2":                               `step 2 ("2s pause n2"): n2 is down`,
		"1s resume n3":                                           "n3 is not paused",
		"1s pause n3; 2s pause n3":                               "n3 is already paused",
		"1s arm-crash n1 torn; 2s crash n1":                      "n1 is already armed",
		"1s arm-crash n1 torn; 2s pause n1":                      "may be down",
		"1s heal-links":                                          "no partition to heal",
		"1s partition isolate 1>2; 2s heal-links; 3s heal-links": `step 3 ("3s heal-links")`,
		"1s skew n1 3ms":                                         "at 0s",
		"0s drift n1 90ms; 0s drift n1 95ms":                     "already set",
		"9s crash n1":                                            `step 1 ("9s crash n1"): at 9s, after the fault phase ends at 5s`,
	} {
		steps, err := ParseSchedule(text, 3)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		err = ValidateSchedule(steps, 3, 5*time.Second)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ValidateSchedule(%q) = %v, want an error containing %q", text, err, want)
		}
	}
	ok := "0s drop 0.1; 0s skew n1 3ms; 1s crash n1; 1.5s restart n1; 2s arm-crash n2 lost; 2s restart n2; " +
		"2s pause n3; 2.1s arm-crash n3 corrupt; 2.2s resume n3; 2.3s restart n3; 3s partition isolate 1>2,2>1; 4s heal-links"
	steps, err := ParseSchedule(ok, 3)
	if err != nil {
		t.Fatal(err)
	}
	if err := ValidateSchedule(steps, 3, 5*time.Second); err != nil {
		t.Fatalf("a possible schedule was refused: %v", err)
	}
}
