package eval

import (
	"sort"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the TLC module.

// anySet is TLC's Any: the set that contains every value.
type anySet struct{}

func (anySet) Kind() value.Kind                   { return value.KindSet }
func (anySet) String() string                     { return "Any" }
func (anySet) Finite() bool                       { return false }
func (anySet) Contains(value.Value) (bool, error) { return true, nil }
func (a anySet) Enumerate() (*value.Set, error) {
	return nil, &Error{Msg: "Any", Err: value.ErrInfinite}
}

// isNamedRegister reports whether key names one of TLC's named registers: "s:" and a name.
func isNamedRegister(key string) bool {
	return len(key) > 2 && key[:2] == "s:"
}

func (c *call) print(s string) {
	if c.ev.ctx.Print != nil {
		c.ev.ctx.Print(s)
	}
}

var tlc = natives{
	// Print(out, val) prints both values, two spaces apart, and PrintT(out) prints out, each
	// formatted as TLC's TLC.Print and TLC.PrintT format them (Values.ppr: broken over lines
	// to fit 80 columns).
	"Print": seqFn(2, func(c *call) value.Value {
		out, v := c.val(0), c.val(1)
		c.print(value.Pretty(out) + "  " + value.Pretty(v))
		return v
	}),
	"PrintT": seqFn(1, func(c *call) value.Value {
		c.print(value.Pretty(c.val(0)))
		return value.True
	}),
	"Assert": seqFn(2, func(c *call) value.Value {
		if c.bool(0) {
			return value.True
		}
		msg := c.val(1)
		text := msg.String()
		if s, ok := msg.(value.Str); ok {
			text = string(s)
		}
		panic(abort{&AssertionError{Pos: c.pos, Message: text, Second: msg}})
	}),
	"JavaTime": seqFn(0, func(c *call) value.Value {
		c.ev.stateReads++
		return value.Int(time.Now().UnixMilli() & 0x7FFFFFFF)
	}),
	// TLCGet and TLCSet refuse what TLC's TLCGetSet refuses, with its messages: a negative
	// register, a key neither a natural number nor a string, an unknown string key, a register
	// never set.
	"TLCGet": seqFn(1, func(c *call) value.Value {
		c.ev.stateReads++
		k := c.val(0)
		v, ok := tlcGet(c, k)
		if ok {
			return v
		}
		switch k := k.(type) {
		case value.Int:
			c.fail("TLCGet(%d) was undefined: no TLCSet(%d, ...) was evaluated before it", k, k)
		case value.Str:
			if isNamedRegister(string(k)) {
				c.fail("TLCGet(%s) was undefined: no TLCSet(%q, ...) was evaluated before it", string(k), string(k))
			}
			c.fail("TLCGet(%s) was undefined", string(k))
		}
		return nil
	}),
	"TLCSet": seqFn(2, func(c *call) value.Value {
		c.ev.stateReads++
		k := c.val(0)
		tlcSet(c, k, c.val(1))
		return value.True
	}),
	":>": seqFn(2, func(c *call) value.Value {
		f, err := value.NewFunc([]value.Value{c.val(0)}, []value.Value{c.val(1)})
		c.check(err)
		return f
	}),
	"@@": seqFn(2, func(c *call) value.Value {
		f, err := value.Merge(c.val(0), c.val(1))
		c.check(err)
		return f
	}),
	"Permutations": seqFn(1, func(c *call) value.Value {
		elems := c.elems(0)
		if len(elems) > 9 {
			c.fail("the set has %d elements: %d! permutations are too many to enumerate", len(elems), len(elems))
		}
		var out []value.Value
		perm := make([]value.Value, len(elems))
		used := make([]bool, len(elems))
		var rec func(i int)
		rec = func(i int) {
			if i == len(elems) {
				f, err := value.NewFunc(append([]value.Value(nil), elems...), append([]value.Value(nil), perm...))
				c.check(err)
				out = append(out, f)
				return
			}
			for j := range elems {
				if !used[j] {
					used[j] = true
					perm[i] = elems[j]
					rec(i + 1)
					used[j] = false
				}
			}
		}
		rec(0)
		return c.newSet(out)
	}),
	"SortSeq": seqFn(2, func(c *call) value.Value {
		s := append(value.Tuple(nil), c.seq(0)...)
		less := c.op(1, 2)
		sort.SliceStable(s, func(i, j int) bool { return c.applyBool(less, s[i], s[j]) })
		if s == nil {
			return value.Tuple{}
		}
		return s
	}),
	"RandomElement": seqFn(1, func(c *call) value.Value {
		elems := c.elems(0)
		if len(elems) == 0 {
			c.fail("the set is empty")
		}
		c.ev.stateReads++
		i := 0
		if c.ev.ctx.Rand != nil {
			i = c.ev.ctx.Rand(len(elems))
			c.ev.randomReads++
		} else {
			c.ev.unseededReads++
		}
		return elems[i]
	}),
	"Any":      constant(anySet{}),
	"ToString": seqFn(1, func(c *call) value.Value { return value.Str(value.TLCString(c.val(0))) }),
	"TLCEval":  seqFn(1, func(c *call) value.Value { return c.val(0) }),
}

// tlcGet is TLCGet(k): a register's value (a number, or a string naming a register), or what the
// model checker answers for a key such as "level"; ok is false when it is undefined. A key that is
// neither is an error, as in TLC.
func tlcGet(c *call, k value.Value) (value.Value, bool) {
	switch k := k.(type) {
	case value.Int:
		if k < 0 {
			break
		}
		v, ok := c.ev.ctx.Registers[int64(k)]
		return v, ok
	case value.Str:
		if isNamedRegister(string(k)) {
			v, ok := c.ev.ctx.NamedRegisters[string(k)]
			return v, ok
		}
		if c.ev.ctx.TLCGet != nil && !internalTLCGetKey(string(k)) {
			return c.ev.ctx.TLCGet(string(k))
		}
		return nil, false
	}
	c.fail("The argument of TLCGet should be a nonnegative integer, but instead it is: %s", value.Abbrev(k))
	return nil, false
}

// tlcSet is TLCSet(k, v).
func tlcSet(c *call, k, v value.Value) {
	switch k := k.(type) {
	case value.Int:
		if k < 0 {
			break
		}
		if c.ev.ctx.Registers == nil {
			c.ev.ctx.Registers = map[int64]value.Value{}
		}
		c.ev.ctx.Registers[int64(k)] = v
		return
	case value.Str:
		if isNamedRegister(string(k)) {
			if c.ev.ctx.NamedRegisters == nil {
				c.ev.ctx.NamedRegisters = map[string]value.Value{}
			}
			c.ev.ctx.NamedRegisters[string(k)] = v
			return
		}
		if c.ev.ctx.TLCSet != nil && c.ev.ctx.TLCSet(string(k), v) {
			return
		}
	}
	c.fail("The first argument of TLCSet should be a nonnegative integer, but instead it is: %s", value.Abbrev(k))
}
