// Package repo finds the dsref repository from any folder inside it, so that commands and tests
// read spec/, tla/ and CONFORMANCE.md wherever they are started.
package repo

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ModulePath is the module path in dsref's go.mod.
const ModulePath = "github.com/dsref/dsref"

// Root walks up from start to the folder holding the go.mod of module ModulePath. It skips other
// modules' go.mod files, such as the nested benchmark module under bench/.
func Root(start string) (string, error) {
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && declaresModule(data, ModulePath) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod for module %s in %s or any folder above it", ModulePath, start)
		}
		dir = parent
	}
}

func declaresModule(goMod []byte, path string) bool {
	sc := bufio.NewScanner(bytes.NewReader(goMod))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 2 && fields[0] == "module" && strings.Trim(fields[1], `"`) == path {
			return true
		}
	}
	return false
}
