package sim

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestScheduleTextRoundTrip formats a schedule with every kind of step and parses it back.
func TestScheduleTextRoundTrip(t *testing.T) {
	links := NewLinks(3)
	links.SetBlocked(1, 2, true)
	links.SetBlocked(3, 2, true)
	steps := []FaultStep{
		{At: 1200 * time.Millisecond, Kind: FaultPartition, Shape: Asymmetric, Links: links},
		{At: 1500 * time.Millisecond, Kind: FaultHealLinks},
		{At: 1500*time.Millisecond + 7, Kind: FaultCrash, Node: 3},
		{At: 2 * time.Second, Kind: FaultArmCrash, Node: 1, Damage: DamageTorn},
		{At: 2 * time.Second, Kind: FaultRestart, Node: 3},
		{At: 3 * time.Second, Kind: FaultPause, Node: 2},
		{At: 3 * time.Second, Kind: FaultResume, Node: 2},
		{At: 4 * time.Second, Kind: FaultReplay, Replays: []ReplayPick{{Index: 5, Delay: 3 * time.Millisecond}, {Index: 0, Delay: 0}}},
	}
	text := FormatSchedule(steps)
	want := "1.2s partition asymmetric 1>2,3>2; 1.5s heal-links; 1.500000007s crash n3; 2s arm-crash n1 torn; " +
		"2s restart n3; 3s pause n2; 3s resume n2; 4s replay 5@3ms,0@0s"
	if text != want {
		t.Fatalf("formatted\n%s\nwant\n%s", text, want)
	}
	got, err := ParseSchedule(text, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, steps) {
		t.Fatalf("parsed %v, want %v", got, steps)
	}
	if s, err := ParseSchedule("none", 3); err != nil || s == nil || len(s) != 0 || FormatSchedule(nil) != "none" {
		t.Fatalf("empty schedule: %v, %v", s, err)
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
		"1s partition hexagon 1>2":      "bad partition shape",
		"1s partition split 1>1":        "bad link",
		"1s partition split 1-2":        "bad link",
		"1s replay 5":                   "bad replay pick",
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
	} {
		_, err := ParseSchedule(text, 3)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseSchedule(%q) = %v, want an error containing %q", text, err, want)
		}
	}
}
