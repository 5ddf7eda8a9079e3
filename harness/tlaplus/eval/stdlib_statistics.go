package eval

import (
	"math"
	"strconv"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the community module Statistics natively, as TLC's Java override does with Apache
// Commons Math's ChiSquareTest: ChiSquare(expected, actual, alpha) is FALSE when Pearson's
// chi-square test rejects, at significance level alpha, that the observed counts actual follow
// the expected ones, and TRUE otherwise. As in Commons Math, expected counts are rescaled to the
// observed total when the totals differ.
var statistics = natives{
	"ChiSquare": seqFn(3, func(c *call) value.Value {
		exp, act := c.fn(0), c.fn(1)
		if exp.Len() != act.Len() || exp.Len() < 2 {
			c.fail("expected and actual must have the same domain of at least two elements")
		}
		alphaStr, ok := c.val(2).(value.Str)
		if !ok {
			c.fail("alpha must be a string holding a number in (0, 0.5]")
		}
		alpha, err := strconv.ParseFloat(string(alphaStr), 64)
		if err != nil || alpha <= 0 || alpha > 0.5 {
			c.fail("alpha %q is not a number in (0, 0.5]", string(alphaStr))
		}
		var e, o []float64
		var sumE, sumO float64
		for i := 0; i < exp.Len(); i++ {
			ev, ov := asInt(c, exp.ValueAt(i)), asInt(c, act.ValueAt(i))
			if ev <= 0 || ov < 0 {
				c.fail("expected counts must be positive and actual ones non-negative")
			}
			e, o = append(e, float64(ev)), append(o, float64(ov))
			sumE, sumO = sumE+float64(ev), sumO+float64(ov)
		}
		ratio := 1.0
		if math.Abs(sumE-sumO) > 10e-6 {
			ratio = sumO / sumE
		}
		var stat float64
		for i := range e {
			d := o[i] - ratio*e[i]
			stat += d * d / (ratio * e[i])
		}
		p := upperRegularizedGamma(float64(len(e)-1)/2, stat/2)
		return value.Bool(!(p < alpha))
	}),
}

// upperRegularizedGamma is Q(a, x) = Γ(a, x)/Γ(a), the chi-square distribution's upper tail with
// 2a degrees of freedom at 2x: by its series for x < a+1 and its continued fraction otherwise
// (Numerical Recipes, 6.2).
func upperRegularizedGamma(a, x float64) float64 {
	if x <= 0 {
		return 1
	}
	lg, _ := math.Lgamma(a)
	if x < a+1 {
		sum, term := 1/a, 1/a
		for n := 1; n < 1000; n++ {
			term *= x / (a + float64(n))
			sum += term
			if math.Abs(term) < math.Abs(sum)*1e-15 {
				break
			}
		}
		return 1 - sum*math.Exp(-x+a*math.Log(x)-lg)
	}
	const tiny = 1e-300
	b := x + 1 - a
	cf, d := 1/tiny, 1/b
	h := d
	for i := 1; i < 1000; i++ {
		an := -float64(i) * (float64(i) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		cf = b + an/cf
		if math.Abs(cf) < tiny {
			cf = tiny
		}
		d = 1 / d
		del := d * cf
		h *= del
		if math.Abs(del-1) < 1e-15 {
			break
		}
	}
	return math.Exp(-x+a*math.Log(x)-lg) * h
}
