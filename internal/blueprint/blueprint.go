// Package blueprint locates the reference artifacts of Genesys's public
// call-park blueprint for the conformance tests. The artifacts are
// third-party files that this repository does not contain: the tests read
// them from the folder that CALLPARK_BLUEPRINT_DIR names, which .ci/run
// sets.
package blueprint

import (
	"os"
	"path/filepath"
	"testing"
)

// EnvVar is the environment variable that names the artifacts' folder.
const EnvVar = "CALLPARK_BLUEPRINT_DIR"

// Dir returns the artifacts' folder. It skips the test, saying why, when
// EnvVar is unset, and fails it when EnvVar names no folder, so a CI run
// that sets the variable never skips a conformance test silently.
func Dir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv(EnvVar)
	if dir == "" {
		t.Skipf("%s is not set: this test compares with the blueprint's artifacts (.ci/run sets it to ../shared/blueprint)", EnvVar)
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		t.Fatalf("%s=%s is not a folder: %v", EnvVar, dir, err)
	}
	return dir
}

// ReadFile returns the content of the artifact name, failing the test
// when it cannot be read.
func ReadFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(Dir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
