package compiler

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/callpark/callpark/compiler/archy"
	"github.com/callpark/callpark/compiler/dataaction"
	"github.com/callpark/callpark/compiler/diag"
	"github.com/callpark/callpark/compiler/export"
	"github.com/callpark/callpark/compiler/i3"
	"github.com/callpark/callpark/compiler/params"
)

// lowerFlows builds the Architect export file of each flow, and its
// decoded JSON for review, and appends both to res.Files. parsed holds
// each flow's YAML as checkFlow read it.
func lowerFlows(p *params.Params, res *Result, parsed []*archy.Flow) error {
	actions, err := exportDataActions(res.DataActions)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, up := range p.UserPrompts {
		known[strings.ToLower(up.Name)] = true
	}

	var errs diag.List
	for i, f := range res.Flows {
		if missing := missingPromptIDs(p, i, known); len(missing) > 0 {
			for _, m := range missing {
				res.Warnings.Add(p.Pos(m.field), m.field, "user prompt %s has no id, so callpark did not write the Architect export file of %q; list it under userPrompts with its id (the Archy YAML names prompts and needs no id)", m.name, f.Name)
			}
			continue
		}
		opts := export.Options{
			DataActions:  actions,
			TextToSpeech: exportVoice(p.Voice(flowVoice(p, i))),
			UserPrompts:  map[string]string{},
			Queues:       map[string]string{},
		}
		for _, up := range p.UserPrompts {
			opts.UserPrompts[strings.TrimPrefix(up.Name, "Prompt.")] = up.ID
		}
		if p.HoldingQueue.ID != "" {
			opts.Queues[p.HoldingQueue.Name] = p.HoldingQueue.ID
		}

		encoded, decoded, err := export.LowerNode(f.Path, parsed[i].Doc, opts)
		if err != nil {
			if list := diag.AsList(err); list != nil {
				for _, e := range list {
					errs.Add(e.Pos, e.Field, "internal error: %s", e.Msg)
				}
				continue
			}
			return err
		}
		path := "exports/" + fileName(f.Name, false) + i3.Extension(f.Type)
		res.Files = append(res.Files,
			Artifact{Path: path, Data: encoded},
			Artifact{Path: path + ".json", Data: decoded},
		)
	}
	return errs.Err()
}

// promptUse is one user prompt a parameter names.
type promptUse struct{ field, name string }

// missingPromptIDs lists the user prompts that the i-th flow of a Result
// plays and that userPrompts gives no id for. System prompts need no id.
func missingPromptIDs(p *params.Params, i int, known map[string]bool) []promptUse {
	var uses []promptUse
	add := func(field, name string) {
		if strings.HasPrefix(name, "Prompt.") && !known[strings.ToLower(name)] {
			uses = append(uses, promptUse{field, name})
		}
	}
	add("errorPrompt", p.ErrorPrompt.Prompt)
	if i == 0 {
		r := p.Retrieval
		for field, a := range map[string]params.Audio{
			"retrieval.greeting": r.Greeting, "retrieval.codePrompt": r.CodePrompt, "retrieval.mainMenu": r.MainMenu,
			"retrieval.prompts.connecting": r.Prompts.Connecting, "retrieval.prompts.notFound": r.Prompts.NotFound,
			"retrieval.prompts.replaceFailed": r.Prompts.ReplaceFailed, "retrieval.prompts.tryAgain": r.Prompts.TryAgain,
			"retrieval.prompts.goodbye": r.Prompts.Goodbye, "retrieval.prompts.sipCaller": r.Prompts.SIPCaller,
		} {
			add(field, a.Prompt)
		}
	} else {
		add("hold.holdMusic", p.Hold.HoldMusic)
		for j, a := range p.Hold.Audio {
			add(fmt.Sprintf("hold.audio[%d]", j), a.Prompt)
		}
	}
	sort.Slice(uses, func(a, b int) bool { return uses[a].field < uses[b].field })
	return uses
}

// flowVoice returns the per-flow text-to-speech override of the i-th flow
// of a Result, which renderFlows builds in the order retrieval, hold.
func flowVoice(p *params.Params, i int) params.TextToSpeech {
	if i == 0 {
		return p.Retrieval.TextToSpeech
	}
	return p.Hold.TextToSpeech
}

// exportVoice converts text-to-speech parameters to lowering options.
func exportVoice(t params.TextToSpeech) export.TextToSpeech {
	out := export.TextToSpeech{Engine: t.Engine, EngineID: t.EngineID, Specific: t.Engine != ""}
	if out.Specific && out.EngineID == "" {
		// NOTE: an engine given without its id gets the id "genesys", which
		// is right only for Genesys TTS; set engineId for any other engine.
		out.EngineID = "genesys"
	}
	if t.VoiceID != "" {
		out.VoiceIDs = map[string]string{t.Voice: t.VoiceID}
	}
	return out
}

// exportDataActions gives lowering the ids and contracts of the generated
// data actions.
func exportDataActions(actions []DataAction) ([]export.DataAction, error) {
	var out []export.DataAction
	for _, da := range actions {
		var doc struct {
			Contract struct {
				Input struct {
					InputSchema json.RawMessage `json:"inputSchema"`
				} `json:"input"`
				Output struct {
					SuccessSchema json.RawMessage `json:"successSchema"`
				} `json:"output"`
			} `json:"contract"`
		}
		if _, err := dataaction.Parse(da.JSON); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(da.JSON, &doc); err != nil {
			return nil, err
		}
		out = append(out, export.DataAction{
			ID:            da.ID,
			Name:          da.Name,
			Category:      da.Category,
			InputSchema:   doc.Contract.Input.InputSchema,
			SuccessSchema: doc.Contract.Output.SuccessSchema,
		})
	}
	return out, nil
}
