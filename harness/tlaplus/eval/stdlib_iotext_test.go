package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSerializeText checks IOUtils' Serialize and Deserialize with format |-> "TXT" as the community
// module's Java overrides behave: the text round-trips, APPEND appends, CREATE_NEW refuses an
// existing file and a missing file reads as exitValue 1 with the reason, and other serializers
// and TLC's binary format are refused with an error.
func TestSerializeText(t *testing.T) {
	s := loadJSONSpec(t, nil)
	path := filepath.Join(t.TempDir(), "out.txt")
	eval := func(expr string) string {
		t.Helper()
		v, err := s.NewSession(nil).EvalString(strings.ReplaceAll(expr, "PATH", `"`+path+`"`))
		require.NoError(t, err, expr)
		return v.String()
	}
	const w = `[format |-> "TXT", charset |-> "UTF-8", openOptions |-> <<"WRITE", "CREATE", "TRUNCATE_EXISTING">>]`
	const r = `[format |-> "TXT", charset |-> "UTF-8"]`
	assert.Equal(t, `[exitValue |-> 0, stderr |-> "", stdout |-> "Finish writting to the file with success!"]`, eval(`Serialize("a\nb", PATH, `+w+`)`))
	assert.Equal(t, `[exitValue |-> 0, stderr |-> "", stdout |-> "a\nb"]`, eval(`Deserialize(PATH, `+r+`)`))
	eval(`Serialize("c", PATH, [format |-> "TXT", charset |-> "UTF-8", openOptions |-> <<"APPEND">>])`)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "a\nbc", string(data))
	assert.Contains(t, eval(`Serialize("x", PATH, [format |-> "TXT", charset |-> "UTF-8", openOptions |-> <<"WRITE", "CREATE_NEW">>])`), `exitValue |-> 1, stderr |-> "Serialize error writting to the file: open `)
	assert.Contains(t, eval(`Serialize("x", PATH, [format |-> "TXT", charset |-> "UTF-8", openOptions |-> <<"BOGUS">>])`), `no open option \"BOGUS\"`)
	assert.Contains(t, eval(`Serialize(42, PATH, `+w+`)`), `exitValue |-> 1, stderr |-> "Serialize error invalid parameters`)
	assert.Contains(t, eval(`Deserialize(PATH \o ".missing", `+r+`)`), `exitValue |-> 1, stderr |-> "Deserialize error reading from the file: open `)

	for expr, want := range map[string]string{
		`Serialize("x", PATH, [format |-> "BIN"])`:      `Serialize: format "BIN" is not supported`,
		`Deserialize(PATH, [charset |-> "UTF-8"])`:      `Deserialize: the options [charset |-> "UTF-8"] have no format`,
		`IOSerialize(1, PATH, FALSE)`:                   `IOSerialize: TLC's binary value format is not supported`,
		`IOEnvExec([A |-> "1"], <<"true">>)`:            `IOEnvExec: running a program is refused`,
		`IOExecTemplate(<<"echo", "%s">>, <<"hi">>)`:    `IOExecTemplate: running a program is refused`,
		`IOEnvExecTemplate([A |-> "1"], <<"x">>, <<>>)`: `IOEnvExecTemplate: running a program is refused`,
	} {
		_, err := s.NewSession(nil).EvalString(strings.ReplaceAll(expr, "PATH", `"`+path+`"`))
		if assert.Error(t, err, expr) {
			assert.Contains(t, err.Error(), want, expr)
		}
	}
}
