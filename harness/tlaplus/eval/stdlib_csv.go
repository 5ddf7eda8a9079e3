package eval

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the community module CSV natively, as TLC's Java override does.
var csvModule = natives{
	// CSVWrite(template, val, file) appends template, with %i$s replaced by the i-th element of
	// val as TLC prints it (Value.toString: a string in quotes), and a newline to file, as TLC's
	// override (tlc2.overrides.CSV.write; the module's CSVTests expect 42#"abc"#[a |-> "a", ...]).
	"CSVWrite": seqFn(3, func(c *call) value.Value {
		template, vals, file := c.str(0), c.seq(1), c.str(2)
		line := formatTemplate(c, template, vals)
		f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		c.check(err)
		_, werr := f.WriteString(line + "\n")
		cerr := f.Close()
		c.check(errors.Join(werr, cerr))
		return value.True
	}),
	// CSVRead(columns, delimiter, file) is the sequence of file's lines, each a record from the
	// column names to the line's fields.
	"CSVRead": seqFn(3, func(c *call) value.Value {
		cols, delim, file := c.seq(0), c.str(1), c.str(2)
		names := make([]string, len(cols))
		for i, col := range cols {
			s, ok := col.(value.Str)
			if !ok {
				c.fail("the column names must be strings, not %s", value.Abbrev(col))
			}
			names[i] = string(s)
		}
		f, err := os.Open(file)
		c.check(err)
		defer f.Close()
		var out value.Tuple
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for line := 1; sc.Scan(); line++ {
			fields := strings.Split(sc.Text(), delim)
			if len(fields) != len(names) {
				c.fail("%s:%d has %d fields, but %d columns are named", file, line, len(fields), len(names))
			}
			vals := make([]value.Value, len(fields))
			for i, fv := range fields {
				vals[i] = value.Str(fv)
			}
			r, err := value.NewRecord(append([]string(nil), names...), vals)
			c.check(err)
			out = append(out, r)
		}
		c.check(sc.Err())
		if out == nil {
			out = value.Tuple{}
		}
		return out
	}),
	// CSVRecords(file) is the number of lines of file, 0 if it does not exist.
	"CSVRecords": seqFn(1, func(c *call) value.Value {
		c.ev.stateReads++ // the file may change while the model runs
		data, err := os.ReadFile(c.str(0))
		if errors.Is(err, fs.ErrNotExist) {
			return value.Int(0)
		}
		c.check(err)
		n := strings.Count(string(data), "\n")
		if len(data) > 0 && data[len(data)-1] != '\n' {
			n++
		}
		return c.makeInt(int64(n), c.name)
	}),
}

var templateArg = regexp.MustCompile(`%(\d+)\$s|%%|%n`)

// formatTemplate replaces Java format specifiers %i$s by the i-th element of vals, %% by % and
// %n by a newline; any other specifier is an error.
func formatTemplate(c *call, template string, vals value.Tuple) string {
	if rest := templateArg.ReplaceAllString(template, ""); strings.Contains(rest, "%") {
		c.fail("the template %q has a format specifier other than %%i$s, %%%% and %%n", template)
	}
	return templateArg.ReplaceAllStringFunc(template, func(m string) string {
		switch m {
		case "%%":
			return "%"
		case "%n":
			return "\n"
		}
		i, _ := strconv.Atoi(m[1 : len(m)-2])
		if i < 1 || i > len(vals) {
			c.fail("the template %q refers to argument %d of %d", template, i, len(vals))
		}
		return vals[i-1].String()
	})
}
