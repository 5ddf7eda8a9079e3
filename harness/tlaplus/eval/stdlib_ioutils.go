package eval

import (
	"os"
	"strconv"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the community module IOUtils natively: IOEnv, atoi, zeroPadN, and Serialize and
// Deserialize of text files (stdlib_iotext.go). The operators that run programs or read and
// write TLC's binary value format are refused with an error instead: a model whose states
// depend on what a program prints is not reproducible.

var ioUtils = natives{
	"IOEnv": seqFn(0, func(c *call) value.Value {
		env := c.ev.spec.opts.Env
		if env == nil {
			env = processEnv()
		}
		v, err := envRecord(env)
		c.check(err)
		return v
	}),
	"atoi": seqFn(1, func(c *call) value.Value {
		s := c.str(0)
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			c.fail("%q is not a decimal integer", s)
		}
		return c.makeInt(n, "atoi")
	}),
	"zeroPadN": seqFn(2, func(c *call) value.Value {
		s := c.val(0).String()
		width := c.int(1)
		if width > int64(len(s)) {
			if width > 1<<20 {
				c.fail("width %d is too large", width)
			}
			s = strings.Repeat("0", int(width)-len(s)) + s
		}
		return value.Str(s)
	}),
	"IOExec":            refused(1),
	"IOEnvExec":         refused(2),
	"IOExecTemplate":    refused(2),
	"IOEnvExecTemplate": refused(3),
	"IOSerialize":       refusedBinary(3),
	"IODeserialize":     refusedBinary(2),
	"Serialize":         ioText["Serialize"],
	"Deserialize":       ioText["Deserialize"],
}

func refused(arity int) *native {
	return seqFn(arity, func(c *call) value.Value {
		c.fail("running a program is refused: a model whose states depend on what a program prints or does cannot be checked reproducibly (IOEnv, atoi, zeroPadN and Serialize/Deserialize of text files are evaluated)")
		return nil
	})
}

func refusedBinary(arity int) *native {
	return seqFn(arity, func(c *call) value.Value {
		c.fail("TLC's binary value format is not supported; write values as text with Serialize(ToString(v), file, [format |-> \"TXT\", ...]) or as JSON with the Json module")
		return nil
	})
}

func processEnv() map[string]string {
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			env[k] = v
		}
	}
	return env
}
