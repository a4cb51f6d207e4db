package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/callpark/callpark/compiler"
	"github.com/callpark/callpark/compiler/diag"
	"github.com/callpark/callpark/publish"
)

// publishReport is the output of `publish --output json`: the plan with
// each step's outcome, whether Apply ran, and the error that stopped it.
type publishReport struct {
	Plan    *publish.Plan `json:"plan,omitempty"`
	DryRun  bool          `json:"dryRun"`
	Applied bool          `json:"applied"`
	Error   string        `json:"error,omitempty"`
}

func newPublishCmd() *cobra.Command {
	var dryRun, forceUnlock bool
	var output string
	cmd := &cobra.Command{
		Use:   "publish [PARAMS]",
		Short: "Publish the solution to a Genesys Cloud org",
		Long: `Compile the parameter file (default flows/callpark.yaml), compare the result
with the org, print the plan, and create or update what differs: the data
actions, then both flows (through the Architect jobs API), then the holding
queue's in-queue flow. Nothing is ever deleted.

Credentials come from the environment:
  GENESYSCLOUD_REGION              region such as eu-west-1, or an API base URL
  GENESYSCLOUD_OAUTHCLIENT_ID      OAuth client (client-credentials grant)
  GENESYSCLOUD_OAUTHCLIENT_SECRET  its secret
  GENESYSCLOUD_ACCESS_TOKEN        an access token, used instead of the client`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "text" && output != "json" {
				return usageError{fmt.Errorf("invalid --output %q: use text or json", output)}
			}
			res, err := compileFile(paramsArg(args), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			opts := publish.Options{ForceUnlock: forceUnlock, Log: cmd.ErrOrStderr()}
			return runPublish(res, opts, dryRun, output == "json", cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the plan and change nothing")
	cmd.Flags().BoolVar(&forceUnlock, "force-unlock", false, "unlock flows that someone has open in Architect, then publish over them")
	cmd.Flags().StringVar(&output, "output", "text", "output `format`: text or json")
	return cmd
}

// runPublish signs in, plans and, unless dryRun, applies. Errors are
// printed once, to stderr as text or inside the JSON report.
func runPublish(res *compiler.Result, opts publish.Options, dryRun, asJSON bool, stdout, stderr io.Writer) error {
	report := &publishReport{DryRun: dryRun}
	fail := func(err error) error {
		if asJSON {
			report.Error = err.Error()
			writeReport(stdout, report)
		} else if list := diag.AsList(err); list != nil {
			for _, e := range list {
				fmt.Fprintln(stderr, e.Error())
			}
		} else {
			fmt.Fprintf(stderr, "callpark: %v\n", err)
		}
		return silentError
	}

	creds, err := publish.CredentialsFromEnv(os.Getenv)
	if err != nil {
		return fail(err)
	}
	client, err := publish.Connect(creds, opts)
	if err != nil {
		return fail(err)
	}
	recompile := func(queueID string) (*compiler.Result, error) {
		p := *res.Params
		p.HoldingQueue.ID = queueID
		return compiler.CompileParams(&p)
	}
	plan, err := client.Plan(res, recompile)
	if err != nil {
		return fail(err)
	}
	report.Plan = plan
	if !asJSON {
		plan.WriteText(stdout)
	}
	if dryRun {
		if asJSON {
			writeReport(stdout, report)
		}
		return nil
	}

	err = client.Apply(plan)
	report.Applied = err == nil
	if asJSON {
		if err != nil {
			report.Error = err.Error()
		}
		writeReport(stdout, report)
		if err != nil {
			return silentError
		}
		return nil
	}
	if err != nil {
		fmt.Fprintf(stderr, "callpark: %v\n", err)
		return silentError
	}
	create, update, _ := plan.Counts()
	fmt.Fprintf(stdout, "published: %d created, %d updated\n", create, update)
	return nil
}

// writeReport prints report as indented JSON.
func writeReport(w io.Writer, report *publishReport) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(report)
}
