package vendorable

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/internal/repo"
)

const module = "github.com/dsref/dsref"

func TestReferencePackagesAreVendorable(t *testing.T) {
	root := repoRoot(t)
	for _, folder := range ReferencePackages {
		t.Run(folder, func(t *testing.T) {
			if _, err := os.Stat(filepath.Join(root, folder)); os.IsNotExist(err) {
				return // the folder does not exist yet; nothing to vendor
			}
			violations, files, err := Check(root, module, folder)
			require.NoError(t, err)
			require.NotZero(t, files, "%s/ exists but holds no Go files", folder)
			for _, v := range violations {
				t.Error(v)
			}
		})
	}
}

func TestCheckFindsViolations(t *testing.T) {
	root := t.TempDir()
	write := func(rel, src string) {
		path := filepath.Join(root, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	}
	write("raft/core.go", "package raft\n\nimport (\n\t\"fmt\"\n\t\"github.com/dsref/dsref/raft/internal/x\"\n\t\"github.com/dsref/dsref/quorum\"\n)\n")
	write("raft/core_test.go", "package raft\n\nimport (\n\t\"pgregory.net/rapid\"\n\t\"github.com/stretchr/testify/require\"\n\t\"github.com/anishathalye/porcupine\"\n)\n")
	write("raft/rafttest/net.go", "package rafttest\n\nimport \"pgregory.net/rapid\"\n")
	write("raft/cgo.go", "package raft\n\nimport \"C\"\n")
	write("raft/raftish.go", "package raft\n\nimport \"github.com/dsref/dsref/raftish\"\n")
	write("raft/testdata/ignored.go", "package x\n\nimport \"example.com/anything\"\n")

	violations, files, err := Check(root, module, "raft")
	require.NoError(t, err)
	assert.Equal(t, 5, files)
	var got []string
	for _, v := range violations {
		got = append(got, v.String())
	}
	assert.Equal(t, []string{
		`raft/cgo.go:3: imports "C", which is neither the standard library nor its own tree`,
		`raft/core.go:6: imports "github.com/dsref/dsref/quorum", which is neither the standard library nor its own tree`,
		`raft/core_test.go:6: imports "github.com/anishathalye/porcupine", which is neither the standard library nor its own tree`,
		`raft/raftish.go:3: imports "github.com/dsref/dsref/raftish", which is neither the standard library nor its own tree`,
		`raft/rafttest/net.go:3: imports "pgregory.net/rapid", which is neither the standard library nor its own tree`,
	}, got)
}

func TestCheckReportsUnparsableFiles(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "clocks"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "clocks", "bad.go"), []byte("package clocks\nimport (\n"), 0o644))
	_, _, err := Check(root, module, "clocks")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bad.go")
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := repo.Root(".")
	require.NoError(t, err)
	return root
}

func TestReferencePackagesCarryTheirLicence(t *testing.T) {
	root := repoRoot(t)
	var bodies []string
	for _, folder := range ReferencePackages {
		require.NoError(t, CheckNotice(root, folder))
		notice, err := os.ReadFile(filepath.Join(root, folder, "NOTICE"))
		require.NoError(t, err)
		_, body, _ := strings.Cut(string(notice), "\n")
		bodies = append(bodies, body)
	}
	// Past the line naming the folder, the notices are one text.
	for i := range bodies {
		assert.Equal(t, bodies[0], bodies[i], "%s/NOTICE differs from %s/NOTICE below its first line", ReferencePackages[i], ReferencePackages[0])
	}
}

func TestCheckNoticeFindsAMissingOrWrongLicence(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		path := filepath.Join(root, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
	good := "dsref/raft: Raft\n\nEvery file here is " + licenceGrant + "; see http://www.apache.org/licenses/LICENSE-2.0\n"
	write("raft/doc.go", "package raft\n")
	assert.ErrorContains(t, CheckNotice(root, "raft"), "the repository has no licence")
	write("LICENSE", "MIT License\n")
	assert.ErrorContains(t, CheckNotice(root, "raft"), "LICENSE is not the Apache License 2.0")
	apache, err := os.ReadFile(filepath.Join(repoRoot(t), "LICENSE"))
	require.NoError(t, err)
	write("LICENSE", string(apache))
	assert.ErrorContains(t, CheckNotice(root, "raft"), "raft/ has no licence notice")
	write("raft/NOTICE", strings.Replace(good, "dsref/raft", "dsref/paxos", 1))
	assert.ErrorContains(t, CheckNotice(root, "raft"), "does not start by naming its folder")
	write("raft/NOTICE", "dsref/raft: Raft\n\nAll rights reserved.\n")
	assert.ErrorContains(t, CheckNotice(root, "raft"), "does not grant the Apache License 2.0")
	write("raft/NOTICE", good)
	assert.NoError(t, CheckNotice(root, "raft"))
}
