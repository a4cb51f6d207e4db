package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output")

// goldenCase is one folder of testdata/. A case holds params.yaml and
// either want/ (the artifacts a build writes), stdout.txt (what a command
// that writes no files prints, such as simulate) or stderr.txt (the errors
// it prints). A successful case may add warnings.txt, the warnings it
// prints on stderr. An optional args.txt replaces the command line; in it $PARAMS
// is the case's params.yaml and $OUT a fresh output folder. An optional
// generate.txt names an input the test writes instead of params.yaml
// (see generateInput).
type goldenCase struct {
	name, dir string
}

func goldenCases(t *testing.T) []goldenCase {
	t.Helper()
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	for _, e := range entries {
		if e.IsDir() {
			cases = append(cases, goldenCase{e.Name(), filepath.Join("testdata", e.Name())})
		}
	}
	if len(cases) == 0 {
		t.Fatal("no golden cases in testdata/")
	}
	return cases
}

// TestGolden runs `callpark build` on every case from the repository
// root, so messages name paths as a user running from there sees them.
func TestGolden(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) { runGolden(t, c) })
	}
}

func runGolden(t *testing.T, c goldenCase) {
	out := filepath.Join(t.TempDir(), "out")
	paramsFile := filepath.ToSlash(filepath.Join(c.dir, "params.yaml"))
	if kind, err := os.ReadFile(filepath.Join(c.dir, "generate.txt")); err == nil {
		paramsFile = generateInput(t, strings.TrimSpace(string(kind)))
	}

	args := []string{"build", "$PARAMS", "-o", "$OUT"}
	if data, err := os.ReadFile(filepath.Join(c.dir, "args.txt")); err == nil {
		args = strings.Fields(string(data))
		if runtime.GOOS != "linux" && strings.Contains(string(data), "/proc/") {
			t.Skip("the case writes below /proc, which only Linux has")
		}
	}
	for i, a := range args {
		args[i] = strings.NewReplacer("$PARAMS", paramsFile, "$OUT", out).Replace(a)
	}

	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	gotErr := strings.ReplaceAll(stderr.String(), out, "$OUT")
	gotErr = strings.ReplaceAll(gotErr, paramsFile, "$PARAMS")

	wantErrFile := filepath.Join(c.dir, "stderr.txt")
	if _, err := os.Stat(wantErrFile); err == nil {
		if code != exitFailed {
			t.Errorf("exit status %d, want %d; stderr:\n%s", code, exitFailed, stderr.String())
		}
		compareGolden(t, wantErrFile, gotErr)
		if _, err := os.Stat(out); err == nil {
			t.Errorf("a failed build created the output folder %s", out)
		}
		return
	}

	if code != exitOK {
		t.Fatalf("exit status %d, want 0; stderr:\n%s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(c.dir, "warnings.txt")); err == nil {
		compareGolden(t, filepath.Join(c.dir, "warnings.txt"), gotErr)
	}
	wantOutFile := filepath.Join(c.dir, "stdout.txt")
	if _, err := os.Stat(wantOutFile); err == nil {
		compareGolden(t, wantOutFile, strings.ReplaceAll(stdout.String(), paramsFile, "$PARAMS"))
		return
	}
	compareTree(t, filepath.Join(c.dir, "want"), out)
}

// compareGolden compares got with the golden file, after rewriting it
// when -update is set.
func compareGolden(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", file, diff)
	}
}

// compareTree compares every file below the folders want and got, after
// replacing want with got when -update is set.
func compareTree(t *testing.T, want, got string) {
	t.Helper()
	if *update {
		if err := os.RemoveAll(want); err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(want, os.DirFS(got)); err != nil {
			t.Fatal(err)
		}
	}
	wantFiles, err := readOutput(want)
	if err != nil {
		t.Fatal(err)
	}
	gotFiles, err := readOutput(got)
	if err != nil {
		t.Fatal(err)
	}
	if len(wantFiles) == 0 {
		t.Fatalf("%s is empty; run go test ./cmd/callpark -run TestGolden -update", want)
	}
	if diff := cmp.Diff(fileNames(wantFiles), fileNames(gotFiles)); diff != "" {
		t.Errorf("files in %s (-want +got):\n%s", want, diff)
	}
	for name, data := range wantFiles {
		if g, ok := gotFiles[name]; ok {
			if diff := cmp.Diff(string(data), string(g)); diff != "" {
				t.Errorf("%s/%s (-want +got):\n%s", want, name, diff)
			}
		}
	}
}

func fileNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// generateInput writes an input too large or too odd to commit and
// returns its path. Kinds: "large" (a 50 MB parameter file).
func generateInput(t *testing.T, kind string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "params.yaml")
	switch kind {
	case "large":
		var b bytes.Buffer
		b.WriteString("version: 1\n# padding\n")
		line := "# " + strings.Repeat("x", 97) + "\n"
		for b.Len() < 50<<20 {
			b.WriteString(line)
		}
		if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("generate.txt names an unknown input %q", kind)
	}
	return filepath.ToSlash(file)
}
