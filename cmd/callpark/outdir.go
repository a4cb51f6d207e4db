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

// manifestName is the file in the output folder that lists what the last
// build wrote. A later build replaces only those files and its own; any
// other file makes it stop rather than delete a file it did not write.
const manifestName = ".callpark-files"

// managedDirs are the folders inside the output folder that build writes.
var managedDirs = map[string]bool{"flows": true, "dataactions": true, "exports": true, "scripts": true}

// joinOut returns the path of artifact rel inside the output folder dir,
// in the platform's form.
func joinOut(dir, rel string) string {
	return filepath.Join(dir, filepath.FromSlash(rel))
}

// writeOutput replaces the contents of dir with files, atomically as far
// as the file system allows: every file is written into a new folder next
// to dir, which then takes dir's place with two renames. On any error dir
// is left as it was and the new folder is removed. paramsFile is the
// parameter file the build read, which must not be inside dir.
func writeOutput(dir string, files []compiler.Artifact, paramsFile string) error {
	dir = filepath.Clean(dir)
	info, err := os.Stat(dir)
	if err == nil && !info.IsDir() {
		return fmt.Errorf("output folder %s is a file; name a folder with -o", dir)
	}
	if err := checkPlacement(dir, paramsFile); err != nil {
		return err
	}
	switch {
	case err == nil:
		if err := checkOwned(dir, files); err != nil {
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
	if err := os.WriteFile(filepath.Join(stage, manifestName), manifest(files), 0o644); err != nil {
		return fmt.Errorf("cannot write %s: %w", manifestName, unwrapPath(err))
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

// manifest lists the paths of files, one per line.
func manifest(files []compiler.Artifact) []byte {
	var b strings.Builder
	b.WriteString("# Files written by callpark build. The next build replaces these and refuses\n# to run when the folder contains anything else.\n")
	for _, f := range files {
		b.WriteString(f.Path)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// checkPlacement rejects an output folder that would take the parameter
// file or the working folder with it when it is replaced.
func checkPlacement(dir, paramsFile string) error {
	if info, err := os.Lstat(dir); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("output folder %s is a symbolic link, which build would replace with a folder; name the folder it points to with -o", dir)
	}
	absDir, err := realPath(dir)
	if err != nil {
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	if absParams, err := realPath(paramsFile); err == nil && within(absParams, absDir) {
		return fmt.Errorf("output folder %s contains the parameter file %s, which build would delete; name another folder with -o", dir, paramsFile)
	}
	if wd, err := os.Getwd(); err == nil {
		if wd, err := realPath(wd); err == nil && within(wd, absDir) {
			return fmt.Errorf("output folder %s is, or contains, the working folder, which build cannot replace; name a subfolder such as out with -o", dir)
		}
	}
	return nil
}

// realPath returns the absolute form of path with symbolic links
// resolved, as far as path exists, so that two names of one folder
// compare equal.
func realPath(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	rest := ""
	for {
		if resolved, err := filepath.EvalSymlinks(abs); err == nil {
			return filepath.Join(resolved, rest), nil
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return filepath.Join(abs, rest), nil
		}
		rest = filepath.Join(filepath.Base(abs), rest)
		abs = parent
	}
}

// within reports whether path is dir or lies below it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// checkOwned returns an error when dir contains a file that neither the
// last build (its manifest) nor this one wrote.
func checkOwned(dir string, files []compiler.Artifact) error {
	owned := map[string]bool{manifestName: true}
	for _, f := range files {
		owned[f.Path] = true
	}
	if data, err := os.ReadFile(filepath.Join(dir, manifestName)); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if line != "" && !strings.HasPrefix(line, "#") {
				owned[line] = true
			}
		}
	}

	var foreign []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			// Artifacts lie one folder deep, in the folders build writes.
			if rel != "." && (strings.Contains(rel, "/") || !managedDirs[rel]) {
				foreign = append(foreign, rel+"/")
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !owned[rel] {
			foreign = append(foreign, rel)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("output folder %s: %w", dir, unwrapPath(err))
	}
	if len(foreign) == 0 {
		return nil
	}
	sort.Strings(foreign)
	list := strings.Join(foreign, ", ")
	if len(foreign) > 5 {
		list = fmt.Sprintf("%s and %d more", strings.Join(foreign[:5], ", "), len(foreign)-5)
	}
	return fmt.Errorf("output folder %s contains files that callpark did not write: %s; build replaces the whole folder, so move them or name another folder with -o", dir, list)
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
		if !d.Type().IsRegular() || d.Name() == manifestName {
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
