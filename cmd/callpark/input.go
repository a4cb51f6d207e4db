package main

import (
	"io"
	"os"
)

// maxInputSize bounds the files decode, encode and export read. A real
// export is about 100 KiB.
const maxInputSize = 64 << 20

// readInputFile reads a file named on the command line. It rejects pipes
// and devices before opening them, because opening a named pipe blocks
// until another process writes to it, and files over maxInputSize.
func readInputFile(name string) ([]byte, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, fileError(name, "%v", pathCause(err))
	}
	if !info.Mode().IsRegular() {
		return nil, fileError(name, "not a regular file; name a file")
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fileError(name, "%v", pathCause(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxInputSize+1))
	if err != nil {
		return nil, fileError(name, "%v", err)
	}
	if len(data) > maxInputSize {
		return nil, fileError(name, "larger than %d MiB; check the path", maxInputSize>>20)
	}
	return data, nil
}

// checkNotInput returns an error when out names the same file as the
// input, which writing out would destroy.
func checkNotInput(input, out string) error {
	if out == "" {
		return nil
	}
	in, err := os.Stat(input)
	if err != nil {
		return nil
	}
	if o, err := os.Stat(out); err == nil && os.SameFile(in, o) {
		return fileError(out, "is the input file, which writing would replace; name another output file")
	}
	return nil
}
