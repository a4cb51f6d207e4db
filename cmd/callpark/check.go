package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"
)

func newCheckCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "check [PARAMS]",
		Short: "Compare the committed artifacts with a fresh compile (for CI)",
		Long: `Compile the parameter file in memory and compare the result with the
output folder. On drift, print a unified diff for each changed file, name
the missing and extra files, and exit with status 1. Run it in CI to make
sure the committed artifacts match the parameter file.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file := paramsArg(args)
			res, err := compileFile(file, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			onDisk, err := readOutput(out)
			if err != nil {
				return err
			}

			stdout := cmd.OutOrStdout()
			drift := 0
			for _, f := range res.Files {
				path := joinOut(out, f.Path)
				have, ok := onDisk[f.Path]
				delete(onDisk, f.Path)
				switch {
				case !ok:
					fmt.Fprintf(stdout, "missing: %s\n", path)
					drift++
				case string(have) != string(f.Data) && isEncodedExport(f.Path):
					// A diff of one line of base64 is unreadable, and the
					// decoded .json beside it shows the change.
					fmt.Fprintf(stdout, "changed: %s (an encoded export file; `callpark decode` shows its content)\n", path)
					drift++
				case string(have) != string(f.Data):
					fmt.Fprint(stdout, unifiedDiff(path, path+" (compiled from "+file+")", string(have), string(f.Data)))
					drift++
				}
			}
			extra := make([]string, 0, len(onDisk))
			for rel := range onDisk {
				extra = append(extra, rel)
			}
			sort.Strings(extra)
			for _, rel := range extra {
				fmt.Fprintf(stdout, "extra: %s\n", joinOut(out, rel))
				drift++
			}

			if drift > 0 {
				fix := fmt.Sprintf("run `callpark build %s -o %s` and commit the result", file, out)
				if len(extra) > 0 {
					fix = "remove the extra files, then " + fix
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: %d file(s) differ from %s; %s\n", out, drift, file, fix)
				return silentError
			}
			fmt.Fprintf(stdout, "%s: %d files match %s\n", out, len(res.Files), file)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", defaultOut, "output `folder` to compare")
	return cmd
}

// isEncodedExport reports whether path is an Architect export file, whose
// content is one line of base64.
func isEncodedExport(path string) bool {
	return strings.HasSuffix(path, ".i3InboundFlow") || strings.HasSuffix(path, ".i3InQueueFlow")
}
