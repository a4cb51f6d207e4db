package compiler

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkCompileDefault measures the whole in-memory build of the
// default parameter file: load, render, re-parse and check every artifact.
func BenchmarkCompileDefault(b *testing.B) {
	file := filepath.Join("..", "flows", "callpark.yaml")
	src, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Compile(file, src); err != nil {
			b.Fatal(err)
		}
	}
}
