package quorum

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func seeded(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// Tests Q-PBS-1.
func TestStaleReadProbabilityClosedForm(t *testing.T) {
	// Worked by hand from C(N-W, R) / C(N, R).
	cases := []struct {
		n, r, w int
		want    float64
	}{
		{3, 1, 1, 2.0 / 3},     // C(2,1)/C(3,1)
		{3, 2, 2, 0},           // C(1,2) = 0
		{5, 2, 2, 3.0 / 10},    // C(3,2)/C(5,2)
		{5, 1, 1, 4.0 / 5},     // C(4,1)/C(5,1)
		{10, 3, 3, 35.0 / 120}, // C(7,3)/C(10,3)
		{4, 2, 2, 1.0 / 6},     // C(2,2)/C(4,2)
	}
	for _, c := range cases {
		got, err := StaleReadProbability(c.n, c.r, c.w)
		if err != nil || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("StaleReadProbability(%d,%d,%d) = %v, %v; want %v", c.n, c.r, c.w, got, err, c.want)
		}
	}
	// Reading one of the 2 latest versions of (5,2,2): 1 - 0.3^2.
	if got, err := KStaleness(5, 2, 2, 2); err != nil || math.Abs(got-0.91) > 1e-12 {
		t.Errorf("KStaleness(5,2,2,2) = %v, %v; want 0.91", got, err)
	}
	for _, bad := range [][4]int{{0, 1, 1, 1}, {3, 4, 1, 1}, {3, 1, 0, 1}, {65, 1, 1, 1}, {3, 1, 1, 0}} {
		if _, err := KStaleness(bad[0], bad[1], bad[2], bad[3]); err == nil {
			t.Errorf("KStaleness%v accepted invalid parameters", bad)
		}
	}
}

// The closed form and a 10^6-trial Monte Carlo agree within half a percentage point, and the
// simulation is a pure function of its seed.
//
// Tests Q-PBS-2.
func TestMonteCarloAgreesWithClosedForm(t *testing.T) {
	for _, c := range [][3]int{{3, 1, 1}, {3, 2, 2}, {5, 2, 2}, {10, 3, 3}} {
		n, r, w := c[0], c[1], c[2]
		want, _ := StaleReadProbability(n, r, w)
		got, err := SimulateStaleRead(n, r, w, 1_000_000, seeded(uint64(n*100+r*10+w)))
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-want) > 0.005 {
			t.Errorf("(N=%d,R=%d,W=%d): Monte Carlo %.4f, closed form %.4f: more than 0.5 points apart", n, r, w, got, want)
		}
	}
	a, _ := SimulateStaleRead(5, 2, 2, 10_000, seeded(7))
	b, _ := SimulateStaleRead(5, 2, 2, 10_000, seeded(7))
	if a != b {
		t.Errorf("same seed, different results: %v vs %v", a, b)
	}
	if _, err := SimulateStaleRead(5, 2, 2, 0, seeded(1)); err == nil {
		t.Errorf("SimulateStaleRead accepted 0 trials")
	}
	if _, err := SimulateStaleRead(5, 2, 2, 10, nil); err == nil {
		t.Errorf("SimulateStaleRead accepted a nil random source")
	}
}

// Tests Q-PBS-3.
func TestTVisibility(t *testing.T) {
	exp := Exponential{Mean: 10}
	model := WARS{Write: exp, Ack: exp, Read: exp, Response: exp}

	// Strict quorums always see the write.
	for _, tt := range []float64{0, 1, 50} {
		if got, err := TVisibility(3, 2, 2, model, tt, 20_000, seeded(1)); err != nil || got != 1 {
			t.Errorf("TVisibility(3,2,2, t=%v) = %v, %v; want 1", tt, got, err)
		}
	}

	// With only write and response delays varying, at t=0 the replicas holding the write are
	// exactly the W fastest and the read asks an independent random R of them: the closed form.
	reduced := WARS{Write: exp, Ack: Constant(0), Read: Constant(0), Response: exp}
	for _, c := range [][3]int{{3, 1, 1}, {5, 2, 2}} {
		stale, _ := StaleReadProbability(c[0], c[1], c[2])
		got, err := TVisibility(c[0], c[1], c[2], reduced, 0, 200_000, seeded(2))
		if err != nil || math.Abs(got-(1-stale)) > 0.005 {
			t.Errorf("reduced WARS %v at t=0: %v, %v; want %v within 0.005", c, got, err, 1-stale)
		}
	}

	// The same seed draws the same delays, so visibility cannot drop as t grows, and after
	// a long wait every replica has the write.
	prev := 0.0
	for _, tt := range []float64{0, 2, 5, 10, 20, 40} {
		got, _ := TVisibility(5, 1, 1, model, tt, 20_000, seeded(3))
		if got < prev {
			t.Errorf("TVisibility(5,1,1) fell from %v to %v at t=%v", prev, got, tt)
		}
		prev = got
	}
	if prev >= 1 || prev < 0.9 {
		t.Errorf("TVisibility(5,1,1, t=40) = %v, want in [0.9, 1)", prev)
	}
	if got, _ := TVisibility(5, 1, 1, model, 1e9, 20_000, seeded(3)); got != 1 {
		t.Errorf("TVisibility(5,1,1, t=1e9) = %v, want 1", got)
	}

	if _, err := TVisibility(3, 1, 1, WARS{Write: exp}, 0, 10, seeded(1)); err == nil {
		t.Errorf("TVisibility accepted a model with missing distributions")
	}
	negativeAck := WARS{Write: exp, Ack: Uniform{Lo: -2, Hi: -1}, Read: exp, Response: exp}
	if _, err := TVisibility(3, 1, 1, negativeAck, 0, 10, seeded(1)); err == nil || !strings.Contains(err.Error(), "Ack") {
		t.Errorf("TVisibility with negative ack delays: %v, want an error naming Ack", err)
	}
	if _, err := TVisibility(3, 1, 1, model, math.NaN(), 10, seeded(1)); err == nil {
		t.Errorf("TVisibility accepted t=NaN")
	}
}

// Tests Q-PBS-4.
func TestSloppyQuorums(t *testing.T) {
	// One home replica and one fallback, each unreachable with p = 1/2 per operation. Given both
	// operations find a node, each lands on the home with probability 1/(1+p) = 2/3; a read
	// misses the write when they land on different nodes and no handoff happened in between:
	// stale = p/(1+p)^2 * (2-h). Strict: (1-p)^2 available; sloppy: (1-p^2)^2.
	for _, h := range []float64{0, 0.5} {
		m := SloppyModel{N: 1, R: 1, W: 1, Fallbacks: 1, Unreachable: 0.5, HandoffBeforeRead: h}
		got, err := SimulateSloppy(m, 1_000_000, seeded(4))
		if err != nil {
			t.Fatal(err)
		}
		wantStale := 0.5 / 2.25 * (2 - h)
		if math.Abs(got.SloppyStale-wantStale) > 0.005 || math.Abs(got.StrictAvailable-0.25) > 0.005 ||
			math.Abs(got.SloppyAvailable-0.5625) > 0.005 || got.StrictStale != 0 {
			t.Errorf("h=%v: %+v; want sloppy stale %.4f, strict availability 0.25, sloppy 0.5625", h, got, wantStale)
		}
	}

	// R + W > N: strict quorums never read stale data but are often unavailable; sloppy quorums
	// stay available and lose the guarantee.
	m := SloppyModel{N: 3, R: 2, W: 2, Fallbacks: 3, Unreachable: 0.3}
	got, err := SimulateSloppy(m, 200_000, seeded(5))
	if err != nil {
		t.Fatal(err)
	}
	if got.StrictStale != 0 || got.SloppyStale < 0.01 || got.SloppyAvailable <= got.StrictAvailable {
		t.Errorf("%+v: want strict never stale, sloppy sometimes stale and more available", got)
	}

	// Without partitions both kinds behave the same.
	m.Unreachable = 0
	got, _ = SimulateSloppy(m, 10_000, seeded(6))
	if got != (SloppyResult{StrictAvailable: 1, SloppyAvailable: 1}) {
		t.Errorf("no partitions: %+v, want both always available and never stale", got)
	}

	for _, bad := range []SloppyModel{{N: 3, R: 2, W: 2, Fallbacks: -1}, {N: 3, R: 2, W: 2, Unreachable: 1.5},
		{N: 3, R: 2, W: 2, Fallbacks: 62}, {N: 3, R: 4, W: 2}} {
		if _, err := SimulateSloppy(bad, 10, seeded(1)); err == nil {
			t.Errorf("SimulateSloppy(%+v) accepted an invalid model", bad)
		}
	}
}
