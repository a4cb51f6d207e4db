package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// runCLI runs callpark from the repository root and returns its exit
// status, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func chdirRoot(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
}

func TestBuildKeepsFolderOnError(t *testing.T) {
	chdirRoot(t)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCLI(t, "build", "-o", out); code != exitOK {
		t.Fatalf("first build: exit %d: %s", code, stderr)
	}
	before, err := readOutput(out)
	if err != nil {
		t.Fatal(err)
	}

	code, _, _ := runCLI(t, "build", "testdata/unknown-key/params.yaml", "-o", out)
	if code != exitFailed {
		t.Fatalf("exit %d, want %d", code, exitFailed)
	}
	after, err := readOutput(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("a failed build changed the output folder: %d files before, %d after", len(before), len(after))
	}
	for name, data := range before {
		if !bytes.Equal(after[name], data) {
			t.Errorf("a failed build changed %s", name)
		}
	}
}

func TestBuildRefusesForeignFiles(t *testing.T) {
	chdirRoot(t)
	out := t.TempDir()
	notes := filepath.Join(out, "notes.txt")
	if err := os.WriteFile(notes, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "build", "-o", out)
	if code != exitFailed {
		t.Fatalf("exit %d, want %d", code, exitFailed)
	}
	if !strings.Contains(stderr, "notes.txt") {
		t.Errorf("stderr does not name the foreign file: %s", stderr)
	}
	if data, err := os.ReadFile(notes); err != nil || string(data) != "mine" {
		t.Errorf("build touched a file it did not write: %q, %v", data, err)
	}
}

func TestBuildRefusesNestedForeignFile(t *testing.T) {
	chdirRoot(t)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCLI(t, "build", "-o", out); code != exitOK {
		t.Fatalf("first build: exit %d: %s", code, stderr)
	}
	mine := filepath.Join(out, "flows", "Important.yaml")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "build", "-o", out)
	if code != exitFailed {
		t.Fatalf("exit %d, want %d", code, exitFailed)
	}
	if !strings.Contains(stderr, "flows/Important.yaml") {
		t.Errorf("stderr does not name the foreign file: %s", stderr)
	}
	if data, err := os.ReadFile(mine); err != nil || string(data) != "mine" {
		t.Errorf("build touched a file it did not write: %q, %v", data, err)
	}
}

func TestBuildRefusesParamsInsideOutput(t *testing.T) {
	chdirRoot(t)
	out := filepath.Join(t.TempDir(), "deploy")
	params := filepath.Join(out, "flows", "acme.yaml")
	if err := os.MkdirAll(filepath.Dir(params), 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(defaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(params, src, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "build", params, "-o", out)
	if code != exitFailed || !strings.Contains(stderr, "contains the parameter file") {
		t.Errorf("exit %d, stderr %q; want a refusal naming the parameter file", code, stderr)
	}
	if _, err := os.Stat(params); err != nil {
		t.Errorf("the parameter file is gone: %v", err)
	}
}

func TestBuildRefusesWorkingFolder(t *testing.T) {
	params, err := filepath.Abs(filepath.Join("..", "..", defaultParams))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	code, _, stderr := runCLI(t, "build", params, "-o", ".")
	if code != exitFailed || !strings.Contains(stderr, "working folder") {
		t.Errorf("build -o .: exit %d, stderr %q; want a refusal", code, stderr)
	}
}

func TestBuildReplacesEarlierOutput(t *testing.T) {
	chdirRoot(t)
	out := filepath.Join(t.TempDir(), "out")
	stale := filepath.Join(out, "flows", "Renamed Flow.yaml")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The earlier build listed the file it wrote in its manifest.
	if err := os.WriteFile(filepath.Join(out, manifestName), []byte("flows/Renamed Flow.yaml\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "build", "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("build kept the stale artifact %s", stale)
	}
	if got := strings.Count(stdout, "wrote "); got < 5 {
		t.Errorf("build printed %d lines, want one per artifact:\n%s", got, stdout)
	}
}

func TestCheckReportsDrift(t *testing.T) {
	chdirRoot(t)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCLI(t, "build", "-o", out); code != exitOK {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	if code, stdout, stderr := runCLI(t, "check", "-o", out); code != exitOK {
		t.Fatalf("check after build: exit %d\n%s%s", code, stdout, stderr)
	}

	files, err := readOutput(out)
	if err != nil {
		t.Fatal(err)
	}
	var changed, removed string
	for name := range files {
		switch {
		case changed == "" && strings.HasSuffix(name, ".yaml"):
			changed = name
		case removed == "" && strings.HasSuffix(name, ".custom.json"):
			removed = name
		}
	}
	changedPath := joinOut(out, changed)
	edited := strings.Replace(string(files[changed]), "division:", "division: X\n  x:", 1)
	if err := os.WriteFile(changedPath, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(joinOut(out, removed)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "flows", "extra.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	exportPath := ""
	for name := range files {
		if strings.HasSuffix(name, ".i3InboundFlow") {
			exportPath = joinOut(out, name)
		}
	}
	if err := os.WriteFile(exportPath, []byte("AAAA"), 0o644); err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := runCLI(t, "check", "-o", out)
	if code != exitFailed {
		t.Fatalf("exit %d, want %d", code, exitFailed)
	}
	for _, want := range []string{
		"changed: " + exportPath + " (an encoded export file",
		"--- " + changedPath + "\n",
		"@@ -",
		"-  division: X\n",
		"missing: " + joinOut(out, removed),
		"extra: " + filepath.Join(out, "flows", "extra.yaml"),
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "--- "+exportPath+"\n") {
		t.Errorf("check printed a diff of the base64 export %s", exportPath)
	}
	if !strings.Contains(stderr, "4 file(s) differ") {
		t.Errorf("stderr = %q, want a count of 4 differing files", stderr)
	}
}

func TestValidateWritesNothing(t *testing.T) {
	chdirRoot(t)
	code, stdout, stderr := runCLI(t, "validate")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stdout != "flows/callpark.yaml: ok\n" {
		t.Errorf("stdout = %q", stdout)
	}
	if _, err := os.Stat(filepath.Join(t.TempDir(), "out")); err == nil {
		t.Error("validate wrote an output folder")
	}
}

func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"--version"}, {"build", "--help"}, {"validate", "--help"},
		{"check", "--help"}, {"completion", "bash"},
	} {
		code, stdout, stderr := runCLI(t, args...)
		if code != exitOK || stdout == "" {
			t.Errorf("callpark %s: exit %d, stdout %d bytes, stderr %q", strings.Join(args, " "), code, len(stdout), stderr)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"}, {"build", "--no-such-flag"}, {"build", "a.yaml", "b.yaml"},
	} {
		code, _, stderr := runCLI(t, args...)
		if code != exitUsage {
			t.Errorf("callpark %s: exit %d, want %d; stderr %q", strings.Join(args, " "), code, exitUsage, stderr)
		}
		if strings.Count(stderr, "callpark:") != 1 {
			t.Errorf("callpark %s: want the error printed once, got %q", strings.Join(args, " "), stderr)
		}
	}
}

func TestUnifiedDiff(t *testing.T) {
	want := "a\nb\nc\nd\ne\nf\ng\nh\n"
	got := "a\nb\nc\nD\ne\nf\ng\nh\ni\n"
	diff := unifiedDiff("old", "new", want, got)
	wantDiff := "--- old\n+++ new\n@@ -1,8 +1,9 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n h\n+i\n"
	if diff != wantDiff {
		t.Errorf("unifiedDiff:\n%s\nwant:\n%s", diff, wantDiff)
	}
	if d := unifiedDiff("a", "b", want, want); d != "" {
		t.Errorf("equal inputs gave a diff: %q", d)
	}
	if d := unifiedDiff("a", "b", "x", "x\n"); !strings.Contains(d, `\ No newline at end of file`) {
		t.Errorf("missing final newline not marked: %q", d)
	}
}

// TestBuildStartsNoGoroutines guards the build path against initialising
// the Genesys Cloud SDK, whose configuration starts a file watcher.
func TestBuildStartsNoGoroutines(t *testing.T) {
	chdirRoot(t)
	out := filepath.Join(t.TempDir(), "out")
	before := runtime.NumGoroutine()
	if code, _, stderr := runCLI(t, "build", "-o", out); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("build left %d goroutines running, %d before", after, before)
	}
}

func TestBuildRefusesForeignFolder(t *testing.T) {
	chdirRoot(t)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCLI(t, "build", "-o", out); code != exitOK {
		t.Fatalf("first build: exit %d: %s", code, stderr)
	}
	mine := filepath.Join(out, "flows", "mine", "empty")
	if err := os.MkdirAll(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "build", "-o", out)
	if code != exitFailed || !strings.Contains(stderr, "flows/mine/") {
		t.Errorf("exit %d, stderr %q; want a refusal naming flows/mine/", code, stderr)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("build removed a folder it did not write: %v", err)
	}
}

func TestBuildRefusesWorkingFolderThroughLink(t *testing.T) {
	params, err := filepath.Abs(filepath.Join("..", "..", defaultParams))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	inner := filepath.Join(root, "real", "inner")
	if err := os.MkdirAll(inner, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "link")
	if err := os.Symlink(filepath.Join(root, "real"), link); err != nil {
		t.Skipf("cannot create a symbolic link: %v", err)
	}
	t.Chdir(filepath.Join(link, "inner"))
	code, _, stderr := runCLI(t, "build", params, "-o", filepath.Join(root, "real"))
	if code != exitFailed || !strings.Contains(stderr, "working folder") {
		t.Errorf("exit %d, stderr %q; want a refusal", code, stderr)
	}
	if _, err := os.Stat(inner); err != nil {
		t.Errorf("build removed the working folder: %v", err)
	}
}

func TestPanicPrintsOneLine(t *testing.T) {
	saved := commands
	t.Cleanup(func() { commands = saved })
	commands = append(append([]func() *cobra.Command(nil), saved...), func() *cobra.Command {
		return &cobra.Command{Use: "boom", RunE: func(*cobra.Command, []string) error { panic("boom") }}
	})
	code, _, stderr := runCLI(t, "boom")
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "internal error: boom") {
		t.Errorf("stderr = %q, want one line naming the internal error", stderr)
	}
}
