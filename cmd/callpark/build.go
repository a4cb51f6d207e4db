package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/callpark/callpark/compiler"
	"github.com/callpark/callpark/compiler/diag"
	"github.com/callpark/callpark/compiler/params"
)

func newBuildCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "build [PARAMS]",
		Short: "Compile the parameter file and write every artifact",
		Long: `Compile the parameter file (default flows/callpark.yaml) and write the
artifacts to the output folder (default out/):

  flows/<flow name>.yaml                      Archy YAML of both flows
  exports/<flow name>.i3InboundFlow, .i3InQueueFlow
                                              Architect export files, and
                                              each decoded as .json
  dataactions/<Name-With-Dashes>.custom.json  the three data actions
  scripts/<script name>.script                the agent park script, when
                                              the queue and action ids are set

The output folder belongs to callpark: build replaces what an earlier build
wrote there (listed in its .callpark-files), and refuses a folder that
contains other files. On any error the folder is left as it was.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file := paramsArg(args)
			res, err := compileFile(file, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if err := writeOutput(out, res.Files, file); err != nil {
				return err
			}
			for _, f := range res.Files {
				fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", joinOut(out, f.Path))
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", defaultOut, "output `folder`")
	return cmd
}

func newValidateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate [PARAMS]",
		Short: "Run every check on the parameter file without writing anything",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file := paramsArg(args)
			if _, err := compileFile(file, cmd.ErrOrStderr()); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: ok\n", file)
			return nil
		},
	}
}

// compileFile reads and compiles the parameter file. Diagnostics are
// printed to stderr, one per line, and reported as silentError.
func compileFile(file string, stderr io.Writer) (*compiler.Result, error) {
	src, err := params.ReadFile(file)
	if err == nil {
		var res *compiler.Result
		res, err = compiler.Compile(file, src)
		if err == nil {
			for _, w := range res.Warnings {
				fmt.Fprintf(stderr, "warning: %s\n", w.Error())
			}
			return res, nil
		}
	}
	list := diag.AsList(err)
	if list == nil {
		return nil, err
	}
	for _, e := range list {
		fmt.Fprintln(stderr, e.Error())
	}
	if len(list) > 1 {
		fmt.Fprintf(stderr, "%d errors\n", len(list))
	}
	return nil, silentError
}
