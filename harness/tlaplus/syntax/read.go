package syntax

import (
	"io"
	"io/fs"
	"os"
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
		if err := checkSize(name, int(min(st.Size(), int64(MaxSourceSize)+1))); err != nil {
			return nil, err
		}
	}
	src, err := io.ReadAll(io.LimitReader(f, int64(MaxSourceSize)+1))
	if err != nil {
		return nil, err
	}
	if err := checkSize(name, len(src)); err != nil {
		return nil, err
	}
	return src, nil
}
