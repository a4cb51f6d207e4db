package main

import (
	"strings"
	"testing"
)

func TestSimulateUsageErrors(t *testing.T) {
	chdirRoot(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"simulate", "testdata/minimal/params.yaml", "--flow", "queue"}, `invalid flow "queue"`},
		{[]string{"simulate", "testdata/minimal/params.yaml", "--digits", "12#"}, `invalid digits "12#"`},
		{[]string{"simulate", "testdata/minimal/params.yaml", "--action-fails", "lookup"}, `unknown data action "lookup"`},
		{[]string{"simulate", "testdata/minimal/params.yaml", "--rounds", "0"}, "invalid --rounds 0"},
		{[]string{"simulate", "testdata/minimal/params.yaml", "--now", "noon"}, `invalid --now "noon"`},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, tt.args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d", tt.args, code, exitUsage)
		}
		if !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: stderr %q, want it to contain %q", tt.args, stderr, tt.want)
		}
	}
}

func TestSimulateBadParamsFails(t *testing.T) {
	chdirRoot(t)
	code, stdout, stderr := runCLI(t, "simulate", "testdata/unknown-key/params.yaml")
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	if stdout != "" {
		t.Errorf("a failed compile printed a simulation:\n%s", stdout)
	}
	if stderr == "" {
		t.Error("no diagnostics on stderr")
	}
}
