package syntax

import (
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// ReadSource reads the TLA+ source in path, refusing (with the error ParseFile would give) a
// file longer than MaxSourceSize without reading more than MaxSourceSize+1 bytes of it.
func ReadSource(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readBounded(path, f)
}

// ReadSourceFS is ReadSource for a file of fsys.
func ReadSourceFS(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readBounded(name, f)
}

func readBounded(name string, f fs.File) ([]byte, error) {
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		if st.Size() > int64(MaxSourceSize) {
			return nil, tooLarge(name, st.Size())
		}
	}
	src, err := io.ReadAll(io.LimitReader(f, int64(MaxSourceSize)+1))
	if err != nil {
		return nil, err
	}
	if len(src) > MaxSourceSize {
		// Not a regular file (a pipe, say), so its size was not known: say what was read.
		return nil, &Error{Pos: ast.LinePos(name, 1, 1), Msg: fmt.Sprintf(
			"the source is longer than the %d bytes (%d MiB) the TLA+ parser reads; %s",
			MaxSourceSize, MaxSourceSize>>20, howToRaise)}
	}
	return src, nil
}
