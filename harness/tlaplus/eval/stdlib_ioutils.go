package eval

import (
	"os"
	"strconv"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the community module IOUtils natively: IOEnv, atoi and zeroPadN. The operators
// that run programs or read and write TLC's binary value format are refused with an error
// instead: a model whose states depend on what a program prints is not reproducible.

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
	"IOSerialize":       refused(3),
	"IODeserialize":     refused(2),
	"Serialize":         refused(3),
	"Deserialize":       refused(2),
}

func refused(arity int) *native {
	return seqFn(arity, func(c *call) value.Value {
		c.fail("dsref's engine does not run programs or read TLC's binary value files; only IOEnv, atoi and zeroPadN of IOUtils are evaluated")
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
