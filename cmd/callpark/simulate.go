package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/callpark/callpark/compiler/simulate"
)

func newSimulateCmd() *cobra.Command {
	var opts simulate.Options
	var now string
	cmd := &cobra.Command{
		Use:   "simulate [PARAMS]",
		Short: "Walk one call through a compiled flow and print the path and prompts",
		Long: `Compile the parameter file (default flows/callpark.yaml) in memory and walk
one call through a generated flow, without Genesys Cloud. The simulation
prints each action the call reaches with the output it takes, and every
prompt played. The data actions are simulated: find-waiting-calls returns
--matches parked calls (oldest first, as its analytics query orders them),
replace-participant and update-external-tag succeed unless named in
--action-fails. A runtime error in an expression, such as indexing an empty
collection, goes to the flow's error handling, as in Architect.

--digits gives the code the caller enters at each collect input, in order;
an empty value (--digits "") is an attempt with no entry. When the values
run out, collect input takes its failure path, as after a no-entry timeout.
An entry with fewer or more digits than the configured code length also
takes the failure path.

Examples:
  callpark simulate --digits 123 --matches 1
  callpark simulate --digits 12 --digits 123 --matches 0
  callpark simulate --flow hold --rounds 3`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clock, err := time.Parse(time.RFC3339, now)
			if err != nil {
				return usageError{fmt.Errorf("invalid --now %q; write a UTC time such as 2025-01-15T12:00:00Z", now)}
			}
			opts.Now = clock
			if opts.HoldRounds < 1 {
				return usageError{fmt.Errorf("invalid --rounds %d; use 1 or more", opts.HoldRounds)}
			}

			res, err := compileFile(paramsArg(args), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if err := opts.Validate(res); err != nil {
				return usageError{err}
			}
			trace, err := simulate.Run(res, opts)
			if err != nil {
				return err
			}
			_, err = trace.WriteTo(cmd.OutOrStdout())
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Flow, "flow", simulate.Retrieval, "flow to simulate: retrieval (the inbound flow a retriever dials) or hold (the in-queue flow a parked caller hears)")
	f.StringArrayVar(&opts.Digits, "digits", nil, "`code` the caller enters at the next collect input; repeat for later attempts")
	f.IntVar(&opts.Matches, "matches", 1, "`number` of parked calls that carry the entered code")
	f.StringArrayVar(&opts.FailingActions, "action-fails", nil, "data action `name` (as in the parameter file, or findWaitingCalls, replaceParticipant, updateExternalTag) that takes its failure output; repeatable")
	f.StringVar(&opts.Caller, "caller", simulate.DefaultCaller, "the retriever's `address` (Call.Ani), such as tel:+15551234567 or sip:bob@example.com")
	f.StringVar(&now, "now", simulate.DefaultNow.Format(time.RFC3339), "fixed `time` the flow's clock reads (RFC 3339)")
	f.IntVar(&opts.HoldRounds, "rounds", simulate.DefaultHoldRounds, "`number` of times the hold flow's start-up actions run before the simulation stops")
	return cmd
}
