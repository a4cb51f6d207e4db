//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestValidateRejectsPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "params.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot create a named pipe: %v", err)
	}
	done := make(chan int, 1)
	var stderr string
	go func() {
		code, _, errText := runCLI(t, "validate", fifo)
		stderr = errText
		done <- code
	}()
	select {
	case code := <-done:
		if code != exitFailed || !strings.Contains(stderr, "is not a regular file") {
			t.Errorf("exit %d, stderr %q; want a rejection of the pipe", code, stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("validate blocked reading a named pipe")
	}
}
