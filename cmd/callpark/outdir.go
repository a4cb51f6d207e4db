package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/callpark/callpark/compiler"
)

// managedDirs are the subfolders of the output folder that callpark
// writes. Anything else in the output folder makes build stop rather than
// delete a file it did not write.
var managedDirs = map[string]bool{"flows": true, "dataactions": true, "exports": true, "scripts": true}

// joinOut returns the path of artifact rel inside the output folder dir,
// in the platform's form.
func joinOut(dir, rel string) string {
	return filepath.Join(dir, filepath.FromSlash(rel))
}

// writeOutput replaces the contents of dir with files, atomically as far
// as the file system allows: every file is written into a new folder next
// to dir, which then takes dir's place with two renames. On any error dir
// is left as it was and the new folder is removed.
func writeOutput(dir string, files []compiler.Artifact) error {
	dir = filepath.Clean(dir)
	info, err := os.Stat(dir)
	switch {
	case err == nil && !info.IsDir():
		return fmt.Errorf("output folder %s is a file; name a folder with -o", dir)
	case err == nil:
		if err := checkOwned(dir); err != nil {
			return err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("output folder %s: %w", dir, unwrapPath(err))
	}

	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("cannot create the parent folder of %s: %w", dir, unwrapPath(err))
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return fmt.Errorf("cannot create a folder in %s: %w", parent, pathCause(err))
	}
	defer os.RemoveAll(stage)
	if err := os.Chmod(stage, 0o755); err != nil {
		return fmt.Errorf("cannot write to %s: %w", parent, unwrapPath(err))
	}

	for _, f := range files {
		path := joinOut(stage, f.Path)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("cannot write %s: %w", f.Path, unwrapPath(err))
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			return fmt.Errorf("cannot write %s: %w", f.Path, unwrapPath(err))
		}
	}
	return swapDir(stage, dir)
}

// swapDir moves stage to dir, keeping the old dir until the move has
// succeeded.
func swapDir(stage, dir string) error {
	old := stage + ".old"
	hadOld := false
	if err := os.Rename(dir, old); err == nil {
		hadOld = true
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot replace %s: %w", dir, unwrapPath(err))
	}
	if err := os.Rename(stage, dir); err != nil {
		if hadOld {
			if rerr := os.Rename(old, dir); rerr != nil {
				return fmt.Errorf("cannot replace %s: %w; the previous contents are in %s", dir, unwrapPath(err), old)
			}
		}
		return fmt.Errorf("cannot replace %s: %w", dir, unwrapPath(err))
	}
	if hadOld {
		os.RemoveAll(old)
	}
	return nil
}

// checkOwned returns an error when dir holds anything besides the folders
// callpark writes.
func checkOwned(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("output folder %s: %w", dir, unwrapPath(err))
	}
	var foreign []string
	for _, e := range entries {
		if !e.IsDir() || !managedDirs[e.Name()] {
			foreign = append(foreign, e.Name())
		}
	}
	if len(foreign) > 0 {
		sort.Strings(foreign)
		return fmt.Errorf("output folder %s contains %s, which callpark did not write; build replaces the whole folder, so name an empty or new folder with -o", dir, strings.Join(foreign, ", "))
	}
	return nil
}

// readOutput returns every regular file below dir, keyed by its path
// relative to dir with forward slashes. A missing dir reads as empty.
func readOutput(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return files, nil
	case err != nil:
		return nil, fmt.Errorf("output folder %s: %w", dir, unwrapPath(err))
	case !info.IsDir():
		return nil, fmt.Errorf("output folder %s is a file; name a folder with -o", dir)
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, unwrapPath(err))
	}
	return files, nil
}

// unwrapPath drops the operation and path that *fs.PathError repeats, so
// a message names the path once.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// pathCause returns the system error inside a *fs.PathError, for paths the
// user did not name, such as a staging folder's random name.
func pathCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
