package main

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// defaultParams is the parameter file the commands read when none is given.
const defaultParams = "flows/callpark.yaml"

// defaultOut is the folder build and check use when -o is not given.
const defaultOut = "out"

// Exit statuses: 0 success, 1 failed (bad input, drift, API error), 2 usage.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// usageError marks an error in the command line itself, so run exits 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// silentError is returned by a command that has already printed its
// diagnostics; run only sets the exit status.
var silentError = errors.New("failed")

// commands lists the constructors of every subcommand, in help order.
var commands = []func() *cobra.Command{
	newBuildCmd,
	newValidateCmd,
	newCheckCmd,
	newPublishCmd,
	newSimulateCmd,
	newExportCmd, newDecodeCmd, newEncodeCmd,
}

// run executes the command line args and returns the exit status. Every
// error is printed once to stderr. A panic, which only a defect in
// callpark can cause, is printed as one line without a stack trace and
// exits 1.
func run(args []string, stdout, stderr io.Writer) (status int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "callpark: internal error: %v; this is a defect in callpark, please report it with the command line\n", r)
			status = exitFailed
		}
	}()

	root := &cobra.Command{
		Use:           "callpark",
		Short:         "Compile and publish the Genesys Cloud call-park solution",
		Long:          "callpark turns one YAML parameter file into the Genesys Cloud call-park solution:\nthe retrieval and hold flows (Archy YAML and Architect export files) and the\nthree data actions, and can publish them to an org.",
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	for _, newCmd := range commands {
		root.AddCommand(newCmd())
	}

	err := root.Execute()
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, silentError):
		return exitFailed
	}
	fmt.Fprintf(stderr, "callpark: %v\n", err)
	var usage usageError
	if errors.As(err, &usage) || isCobraUsage(err) {
		fmt.Fprintln(stderr, "Run 'callpark --help' for usage.")
		return exitUsage
	}
	return exitFailed
}

// isCobraUsage reports whether err is one of cobra's own command-line
// errors (unknown command, wrong number of arguments), which it returns as
// plain errors.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, prefix := range []string{"unknown command", "accepts ", "requires ", "unknown flag", "unknown shorthand"} {
		if len(msg) >= len(prefix) && msg[:len(prefix)] == prefix {
			return true
		}
	}
	return false
}

// version returns the module version the binary was built from, or
// "(devel)" for a build from a checkout.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "" {
		return "(devel)"
	}
	return info.Main.Version
}

// paramsArg returns the parameter file named on the command line, or the
// default.
func paramsArg(args []string) string {
	if len(args) > 0 {
		return args[0]
	}
	return defaultParams
}
