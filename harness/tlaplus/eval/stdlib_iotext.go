package eval

import (
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// IOUtils' Serialize and Deserialize with the format "TXT", as the community module's Java
// overrides implement them: Serialize(s, path, [format |-> "TXT", charset |-> "UTF-8", openOptions
// |-> <<"WRITE", "CREATE", "TRUNCATE_EXISTING">>]) writes the string s to the file and
// Deserialize(path, [format |-> "TXT", charset |-> "UTF-8"]) reads one. Both answer a record
// [exitValue, stdout, stderr]: exitValue 0 on success (Deserialize's stdout is the file's text),
// 1 with the reason in stderr when the arguments or the file operation fail, as in TLC. Other
// serializers, like TLC's binary value format behind IOSerialize and IODeserialize, are refused.

// ioResult is IOUtils' [exitValue |-> code, stdout |-> out, stderr |-> errText].
func ioResult(code int, out, errText string) value.Value {
	r, _ := value.NewRecord([]string{"exitValue", "stdout", "stderr"}, []value.Value{value.Int(code), value.Str(out), value.Str(errText)})
	return r
}

// ioOption returns the field name of the options record, or nil.
func ioOption(opts value.Value, name string) value.Value {
	v, err := value.Apply(opts, value.Str(name))
	if err != nil {
		return nil
	}
	return v
}

// textSerializer checks that opts asks for the "TXT" format (the community module's field
// format); any other is refused.
func textSerializer(c *call, opts value.Value) {
	ser, ok := ioOption(opts, "format").(value.Str)
	if !ok {
		c.fail("the options %s have no format: write [format |-> \"TXT\", ...]", value.Abbrev(opts))
	}
	if ser != "TXT" {
		c.fail("format %q is not supported; this engine writes and reads text files (format |-> \"TXT\"), and JSON through the Json module", string(ser))
	}
}

// openFlags maps Java's StandardOpenOption names to os.OpenFile flags.
var openFlags = map[string]int{
	"WRITE": os.O_WRONLY, "APPEND": os.O_APPEND | os.O_WRONLY, "TRUNCATE_EXISTING": os.O_TRUNC,
	"CREATE": os.O_CREATE, "CREATE_NEW": os.O_CREATE | os.O_EXCL, "SYNC": os.O_SYNC, "DSYNC": os.O_SYNC,
	"READ": 0, "SPARSE": 0, "DELETE_ON_CLOSE": 0,
}

// checkCharset refuses a charset other than UTF-8 (and its ASCII subset).
func checkCharset(cs value.Value) error {
	switch s, _ := cs.(value.Str); s {
	case "UTF-8", "UTF8", "utf-8", "utf8", "US-ASCII":
		return nil
	default:
		return fmt.Errorf("charset %s is not supported (UTF-8 is)", value.Abbrev(cs))
	}
}

var ioText = natives{
	"Serialize": seqFn(3, func(c *call) value.Value {
		c.ev.stateReads++ // the file system is outside the state: never cache the result
		opts := c.val(2)
		textSerializer(c, opts)
		payload, ok1 := c.val(0).(value.Str)
		path, ok2 := c.val(1).(value.Str)
		seq, err := value.AsSeq(ioOption(opts, "openOptions"))
		if !ok1 || !ok2 || err != nil {
			return ioResult(1, "", "Serialize error invalid parameters: the payload and the file must be strings and openOptions a sequence of strings")
		}
		if err := checkCharset(ioOption(opts, "charset")); err != nil {
			return ioResult(1, "", "Serialize error writting to the file: "+err.Error())
		}
		flags := 0
		for _, o := range seq {
			name, _ := o.(value.Str)
			f, ok := openFlags[string(name)]
			if !ok {
				return ioResult(1, "", fmt.Sprintf("Serialize error writting to the file: no open option %s", value.Abbrev(o)))
			}
			flags |= f
		}
		if len(seq) == 0 {
			flags = os.O_CREATE | os.O_TRUNC
		}
		if flags&os.O_APPEND == 0 {
			flags |= os.O_WRONLY
		}
		f, err := os.OpenFile(string(path), flags, 0o644)
		if err == nil {
			_, err = f.WriteString(string(payload))
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return ioResult(1, "", "Serialize error writting to the file: "+err.Error())
		}
		return ioResult(0, "Finish writting to the file with success!", "")
	}),
	"Deserialize": seqFn(2, func(c *call) value.Value {
		c.ev.stateReads++
		opts := c.val(1)
		textSerializer(c, opts)
		path, ok := c.val(0).(value.Str)
		if !ok {
			return ioResult(1, "", "Deserialize error invalid parameters: the file must be a string")
		}
		if err := checkCharset(ioOption(opts, "charset")); err != nil {
			return ioResult(1, "", "Deserialize error reading from the file: "+err.Error())
		}
		data, err := readTextFile(string(path))
		if err != nil {
			return ioResult(1, "", "Deserialize error reading from the file: "+err.Error())
		}
		return ioResult(0, data, "")
	}),
}

// maxTextFile bounds what Deserialize reads into a string value.
const maxTextFile = 64 << 20

func readTextFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTextFile+1))
	if err != nil {
		return "", err
	}
	if len(data) > maxTextFile {
		return "", fmt.Errorf("%s is longer than the %d bytes a string value may hold here", path, maxTextFile)
	}
	if !utf8.Valid(data) {
		return "", fmt.Errorf("%s is not UTF-8 text", path)
	}
	return string(data), nil
}
