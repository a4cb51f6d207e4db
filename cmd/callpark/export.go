package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/callpark/callpark/compiler/dataaction"
	"github.com/callpark/callpark/compiler/diag"
	"github.com/callpark/callpark/compiler/export"
	"github.com/callpark/callpark/compiler/i3"
)

func newExportCmd() *cobra.Command {
	var (
		out, decoded, category, description string
		dataActions, prompts, queues        []string
		engine, voices                      []string
	)
	cmd := &cobra.Command{
		Use:   "export FLOW.yaml",
		Short: "Lower an Archy YAML flow to an Architect export file",
		Long: `Lower an Archy YAML flow (inboundCall or inqueueCall) to the Architect export
document. With -o the encoded export is written to that file; with --decoded
the document is written as indented JSON; with neither, the JSON goes to
stdout. Every action and setting of the flow must be one that lowering
supports; anything else is an error naming its line.

What the YAML does not say comes from flags: the data actions that callData
actions name (their export JSON and integration name), and the ids of user
prompts and queues. Data actions get ids derived from their names.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file := args[0]
			src, err := readInputFile(file)
			if err != nil {
				return err
			}
			opts := export.Options{Description: description}
			if opts.DataActions, err = readDataActions(dataActions, category); err != nil {
				return usageError{err}
			}
			if opts.UserPrompts, err = pairs("--user-prompt", prompts); err != nil {
				return usageError{err}
			}
			if opts.Queues, err = pairs("--queue", queues); err != nil {
				return usageError{err}
			}
			if opts.TextToSpeech, err = ttsOptions(engine, voices); err != nil {
				return usageError{err}
			}

			encoded, doc, err := export.Lower(file, src, opts)
			if list := diag.AsList(err); list != nil {
				for _, e := range list {
					fmt.Fprintln(cmd.ErrOrStderr(), e.Error())
				}
				return silentError
			}
			if err != nil {
				return err
			}
			for _, target := range []string{out, decoded} {
				if err := checkNotInput(file, target); err != nil {
					return err
				}
			}
			return writeExport(cmd, out, decoded, encoded, doc)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&out, "output", "o", "", "export `file` to write, such as Flow.i3InboundFlow")
	f.StringVar(&decoded, "decoded", "", "`file` to write the document to as indented JSON")
	f.StringVar(&description, "description", "", "flow description, used when the YAML has none")
	f.StringVar(&category, "category", "", "`name` of the integration that holds the --data-action actions")
	f.StringArrayVar(&dataActions, "data-action", nil, "data action export `file` (.custom.json) that a callData action names; repeatable")
	f.StringArrayVar(&prompts, "user-prompt", nil, "user prompt `NAME=ID`, NAME without the Prompt. prefix; repeatable")
	f.StringArrayVar(&queues, "queue", nil, "ACD queue `NAME=ID`; repeatable")
	f.StringArrayVar(&engine, "tts-engine", nil, "text-to-speech engine `NAME=ID` that the flow selects explicitly (default: the org's default engine, Genesys TTS)")
	f.StringArrayVar(&voices, "tts-voice", nil, "text-to-speech voice `NAME=ID` (default id: ENGINE_ID/NAME); repeatable")
	return cmd
}

func writeExport(cmd *cobra.Command, out, decoded string, encoded, doc []byte) error {
	if out != "" {
		if err := os.WriteFile(out, encoded, 0o644); err != nil {
			return err
		}
	}
	if decoded != "" {
		if err := os.WriteFile(decoded, doc, 0o644); err != nil {
			return err
		}
	}
	if out == "" && decoded == "" {
		_, err := cmd.OutOrStdout().Write(doc)
		return err
	}
	return nil
}

// readDataActions reads data action exports for the --data-action flag.
func readDataActions(files []string, category string) ([]export.DataAction, error) {
	if len(files) > 0 && category == "" {
		return nil, fmt.Errorf("missing --category: --data-action needs the name of the integration that holds the actions")
	}
	var list []export.DataAction
	for _, file := range files {
		data, err := readInputFile(file)
		if err != nil {
			return nil, err
		}
		if _, err := dataaction.Parse(data); err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		v, err := i3.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		doc, _ := v.(*i3.Object)
		contract := objectMember(doc, "contract")
		list = append(list, export.DataAction{
			Name:          doc.String("name"),
			Category:      category,
			InputSchema:   i3.Marshal(objectMember(objectMember(contract, "input"), "inputSchema")),
			SuccessSchema: i3.Marshal(objectMember(objectMember(contract, "output"), "successSchema")),
		})
	}
	return list, nil
}

func objectMember(o *i3.Object, key string) *i3.Object {
	if o == nil {
		return nil
	}
	v, _ := o.Get(key)
	obj, _ := v.(*i3.Object)
	return obj
}

// pairs reads NAME=ID flag values into a map.
func pairs(flag string, values []string) (map[string]string, error) {
	m := make(map[string]string, len(values))
	for _, v := range values {
		name, id, ok := strings.Cut(v, "=")
		if !ok || name == "" || id == "" {
			return nil, fmt.Errorf("%s %q: expected NAME=ID", flag, v)
		}
		m[name] = id
	}
	return m, nil
}

func ttsOptions(engine, voices []string) (export.TextToSpeech, error) {
	var tts export.TextToSpeech
	if len(engine) > 1 {
		return tts, fmt.Errorf("--tts-engine given %d times; a flow has one engine", len(engine))
	}
	if len(engine) == 1 {
		m, err := pairs("--tts-engine", engine)
		if err != nil {
			return tts, err
		}
		for name, id := range m {
			tts.Engine, tts.EngineID, tts.Specific = name, id, true
		}
	}
	var err error
	tts.VoiceIDs, err = pairs("--tts-voice", voices)
	return tts, err
}
