package eval

import (
	"fmt"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the Naturals and Integers modules. Every result is range-checked as TLC does.

func constant(v value.Value) *native {
	return &native{arity: 0, fn: func(*call) value.Value { return v }}
}

func binaryInt(op string, f func(c *call, a, b int64) value.Value) *native {
	return &native{arity: 2, ints: f, fn: func(c *call) value.Value {
		return f(c, c.int(0), c.int(1))
	}}
}

func arith(op string, f func(a, b int64) int64) *native {
	return binaryInt(op, func(c *call, a, b int64) value.Value {
		r := f(a, b)
		if r < value.MinInt || r > value.MaxInt {
			c.makeInt(r, fmt.Sprintf("%d %s %d", a, op, b))
		}
		return value.Box(value.Int(r))
	})
}

func intCompare(f func(a, b int64) bool) *native {
	return binaryInt("", func(c *call, a, b int64) value.Value { return value.Bool(f(a, b)) })
}

var naturals = natives{
	"Nat": constant(value.Nat),
	"+":   arith("+", func(a, b int64) int64 { return a + b }),
	"-":   arith("-", func(a, b int64) int64 { return a - b }),
	"*":   arith("*", func(a, b int64) int64 { return a * b }),
	"^": binaryInt("^", func(c *call, a, b int64) value.Value {
		if b < 0 {
			fail(c.pos, "%s", argErrorText("^", 1, 2, "a natural number", value.Int(b)))
		}
		if a == 0 && b == 0 {
			fail(c.pos, "0^0 is undefined.")
		}
		r := int64(1)
		for i := int64(0); i < b; i++ {
			r *= a
			if r > value.MaxInt || r < value.MinInt {
				c.makeInt(r, fmt.Sprintf("%d^%d", a, b))
			}
			if r == 0 || r == 1 {
				break
			}
		}
		if r == 1 && a == -1 && b%2 == 1 {
			r = -1
		}
		return value.Int(r) // each power was checked above
	}),
	"<":  intCompare(func(a, b int64) bool { return a < b }),
	">":  intCompare(func(a, b int64) bool { return a > b }),
	"<=": intCompare(func(a, b int64) bool { return a <= b }),
	">=": intCompare(func(a, b int64) bool { return a >= b }),
	`\div`: binaryInt(`\div`, func(c *call, a, b int64) value.Value {
		if b == 0 {
			fail(c.pos, "The second argument of \\div is 0.")
		}
		q := a / b
		if (a%b != 0) && ((a < 0) != (b < 0)) {
			q--
		}
		if q < value.MinInt || q > value.MaxInt {
			c.makeInt(q, fmt.Sprintf("%d \\div %d", a, b))
		}
		return value.Box(value.Int(q))
	}),
	"%": binaryInt("%", func(c *call, a, b int64) value.Value {
		if b <= 0 {
			fail(c.pos, "%s", argErrorText("%", 1, 2, "a positive number", value.Int(b)))
		}
		r := a % b
		if r < 0 {
			r += b
		}
		return value.Int(r)
	}),
	"..": binaryInt("..", func(c *call, a, b int64) value.Value { return value.Interval(a, b) }),
}

var integers = natives{
	"Int": constant(value.IntSet),
	"-.": &native{arity: 1, fn: func(c *call) value.Value {
		// The message is formatted only for a result out of range (-(-2^31)): formatting it
		// for every negation was 1.4% of the objects MCPaxos allocated (its ballot -1).
		a := c.int(0)
		if -a < value.MinInt || -a > value.MaxInt {
			c.makeInt(-a, fmt.Sprintf("-(%d)", a))
		}
		return value.Box(value.Int(-a)) // -1, "none", allocates nothing
	}},
}
