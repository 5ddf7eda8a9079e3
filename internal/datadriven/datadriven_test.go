package datadriven

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/internal/repo"
)

func TestParse(t *testing.T) {
	ds, err := Parse("s.txt", "# Tests X-1.\n\ncmd a k=v l=(1, 2) {x=y:1} terms=(1,1,4)\ninput one\n  input two\n----\nline 1  \nline 2\n\n"+
		"next\n----\n----\nfirst\n\nsecond\n----\n----\n\nlast\n----\nok")
	require.NoError(t, err)
	require.Len(t, ds, 3)
	d := ds[0]
	assert.Equal(t, "s.txt:3", d.Pos)
	assert.Equal(t, "cmd", d.Cmd)
	assert.Equal(t, "input one\n  input two", d.Input)
	assert.Equal(t, "line 1\nline 2", d.Expected)
	assert.Equal(t, []string{"a", "{x=y:1}"}, d.Positional())
	assert.True(t, d.HasArg("a"))
	assert.False(t, d.HasArg("z"))
	assert.Equal(t, []string{"1", "2"}, d.Values("l"))
	assert.Equal(t, []string{"1", "1", "4"}, d.Values("terms"))
	v, err := d.Value("k", "")
	assert.Equal(t, "v", v)
	assert.NoError(t, err)
	v, err = d.Value("z", "def")
	assert.Equal(t, "def", v)
	assert.NoError(t, err)
	_, err = d.Value("l", "")
	assert.EqualError(t, err, `s.txt:3: cmd: l wants one value, got "l=(1,2)"`)
	assert.Equal(t, "first\n\nsecond", ds[1].Expected)
	assert.Equal(t, "s.txt:19", ds[2].Pos)
	assert.Equal(t, "ok", ds[2].Expected)
}

func TestIntAndBool(t *testing.T) {
	ds, err := Parse("s.txt", "c n=4 on=true bad=x\n----\nok\n")
	require.NoError(t, err)
	d := ds[0]
	n, err := d.Int("n", 1)
	assert.Equal(t, 4, n)
	assert.NoError(t, err)
	n, err = d.Int("m", 7)
	assert.Equal(t, 7, n)
	assert.NoError(t, err)
	_, err = d.Int("bad", 0)
	assert.EqualError(t, err, `s.txt:1: c: bad="x" is not an integer`)
	b, err := d.Bool("on", false)
	assert.True(t, b)
	assert.NoError(t, err)
	_, err = d.Bool("bad", false)
	assert.EqualError(t, err, `s.txt:1: c: bad="x" is not a boolean`)
}

func TestParseErrorsNameTheLine(t *testing.T) {
	for text, want := range map[string]string{
		"":                            "s.txt: no directives",
		"# only a comment\n":          "s.txt: no directives",
		"----\nok\n":                  "s.txt:1: separator without a command",
		"# c\nstatus\nok\n":           `s.txt:2: command "status" is not followed by a "----" line before the blank line 4`,
		"status":                      `s.txt:1: command "status" is not followed by a "----" line`,
		"status\n----\n\n":            `s.txt:1: command "status" has no expected output (write "ok" for none)`,
		"a\n\nb\n----\nok\n":          `s.txt:1: command "a" is not followed by a "----" line before the blank line 2`,
		"cmd a=(1\n----\nok\n":        "s.txt:1: unbalanced '('",
		"cmd a)\n----\nok\n":          "s.txt:1: unbalanced ')' at column 6",
		"c\n----\n----\nx\n----\n":    `s.txt:1: command "c": output opened with "----" twice is not closed by "----" twice`,
		"c\n----\n----\n----\n----\n": `s.txt:1: command "c" has no expected output (write "ok" for none)`,
	} {
		_, err := Parse("s.txt", text)
		if err == nil || err.Error() != want {
			t.Errorf("Parse(%q) = %v, want %q", text, err, want)
		}
	}
}

// recorder is a TB that records the first failure instead of stopping the test.
type recorder struct{ failed string }

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	if r.failed == "" {
		r.failed = fmt.Sprintf(format, args...)
	}
}

func TestRunTest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.txt")
	require.NoError(t, os.WriteFile(path, []byte("echo a b\n----\na b\n\nquiet\n----\nok\n\nfail\n----\nerror: no\n\necho trailing  \n----\ntrailing\n"), 0o644))
	run := func(d *TestData) (string, error) {
		switch d.Cmd {
		case "echo":
			return strings.Join(d.Positional(), " ") + "   \n\n", nil
		case "fail":
			return "ignored", fmt.Errorf("no")
		}
		return "", nil
	}
	var r recorder
	RunTest(&r, path, run)
	assert.Empty(t, r.failed)

	// A planted difference fails, naming the line, the expected and the actual output.
	require.NoError(t, os.WriteFile(path, []byte("echo a\n----\na\n\necho b\n----\nc\n"), 0o644))
	r = recorder{}
	RunTest(&r, path, run)
	assert.Contains(t, r.failed, "s.txt:5: echo: output mismatch\n--- expected\nc\n--- got\nb")

	r = recorder{}
	RunTest(&r, filepath.Join(t.TempDir(), "missing.txt"), run)
	assert.Contains(t, r.failed, "missing.txt: no such file")
}

func TestCopiesAreIdentical(t *testing.T) {
	root, err := repo.Root(".")
	require.NoError(t, err)
	for _, dir := range Copies {
		assert.NoError(t, CheckCopy(root, dir))
	}
}

func TestCheckCopySeesADifference(t *testing.T) {
	root := t.TempDir()
	original, err := os.ReadFile("datadriven.go")
	require.NoError(t, err)
	write := func(rel string, data []byte) {
		path := filepath.Join(root, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, data, 0o644))
	}
	write("internal/datadriven/datadriven.go", original)
	assert.ErrorContains(t, CheckCopy(root, "toy/toytest"), "toy/toytest/ has no copy of the datadriven runner")
	copied := strings.Replace(string(original), "package datadriven", "package toytest", 1)
	write("toy/toytest/datadriven.go", []byte(copied))
	assert.NoError(t, CheckCopy(root, "toy/toytest"))
	write("toy/toytest/datadriven.go", []byte(strings.Replace(copied, `got = "ok"`, `got = "OK"`, 1)))
	assert.ErrorContains(t, CheckCopy(root, "toy/toytest"), "toy/toytest/datadriven.go differs from internal/datadriven/datadriven.go")
	write("toy/toytest/datadriven.go", original)
	assert.Error(t, CheckCopy(root, "toy/toytest"), "the package clause must name the copy's folder")
}
