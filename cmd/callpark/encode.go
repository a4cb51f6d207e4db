package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/callpark/callpark/compiler/i3"
)

func newEncodeCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "encode FILE.json",
		Short: "Encode a flow document (JSON) as an Architect export file",
		Long: `Encode a flow document, such as the output of decode, as an Architect export
file: compact JSON with its keys in the file's order, percent-encoded, then
base64. The result goes to the file named by -o, or to stdout.

The JSON must be valid UTF-8, with no escaped lone surrogate such as
\ud800 and no key twice in one object. A UTF-8 byte order mark at the
start is skipped.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file := args[0]
			data, err := readInputFile(file)
			if err != nil {
				return err
			}
			v, err := i3.ParseStrict(data)
			if err != nil {
				return fileError(file, "%v", err)
			}
			doc, ok := v.(*i3.Object)
			if !ok {
				return fileError(file, "expected a flow document, a JSON object")
			}
			encoded, err := i3.Encode(doc)
			if err != nil {
				return fileError(file, "%v", err)
			}
			if out == "" {
				_, err = cmd.OutOrStdout().Write(encoded)
				return err
			}
			if err := checkNotInput(file, out); err != nil {
				return err
			}
			if err := checkExtension(out, doc); err != nil {
				return err
			}
			if err := os.WriteFile(out, encoded, 0o644); err != nil {
				return fileError(out, "cannot write: %v", pathCause(err))
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "export `file` to write, such as Flow.i3InboundFlow (default stdout)")
	return cmd
}
