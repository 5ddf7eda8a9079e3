package simtest

import "testing"

// A protocol's own pace is the default; DSREF_SIM_VALIDATE overrides it either way.
func TestValidationPace(t *testing.T) {
	for _, c := range []struct {
		env       string
		def, want int
	}{{"", 10, 10}, {"", 50, 50}, {"all", 50, 1}, {"off", 50, 0}, {"3", 50, 3}} {
		t.Setenv("DSREF_SIM_VALIDATE", c.env)
		if got := validateEvery(t, c.def); got != c.want {
			t.Errorf("DSREF_SIM_VALIDATE=%q, default %d: every %d, want %d", c.env, c.def, got, c.want)
		}
	}
}
