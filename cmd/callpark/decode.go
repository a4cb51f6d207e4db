package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/callpark/callpark/compiler/diag"
	"github.com/callpark/callpark/compiler/i3"
)

func newDecodeCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "decode FILE",
		Short: "Print an Architect export file (.i3InboundFlow, .i3InQueueFlow) as JSON",
		Long: `Decode an Architect export file and print its flow document as JSON indented
by two spaces. The flow type comes from the file's extension when it is
.i3InboundFlow or .i3InQueueFlow, and from the document otherwise; a document
whose type does not match its extension is an error.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file := args[0]
			data, err := readInputFile(file)
			if err != nil {
				return err
			}
			doc, err := i3.Decode(data)
			if err != nil {
				return fileError(file, "invalid export file: %v", err)
			}
			if err := checkExtension(file, doc); err != nil {
				return err
			}
			out := append(i3.MarshalIndent(doc), '\n')
			_, err = cmd.OutOrStdout().Write(out)
			return err
		},
	}
}

// checkExtension reports an error when file's extension names a flow type
// other than the document's.
func checkExtension(file string, doc *i3.Object) error {
	fromName, fromDoc := i3.TypeFromName(file), doc.String("type")
	if fromName != "" && fromName != fromDoc {
		return fileError(file, "the file extension is for %s flows, but the document's type is %s", fromName, fromDoc)
	}
	return nil
}

// fileError is an error about a whole file, printed as FILE: message.
func fileError(file, format string, args ...any) error {
	return &diag.Error{Pos: diag.Pos{File: file}, Msg: fmt.Sprintf(format, args...)}
}
