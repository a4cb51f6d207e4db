// Package compiler builds the call-park solution from a parameter file:
// the two Archy flows and the three data actions, all in memory. Writing,
// drift checks and publishing take the Result; nothing here does I/O.
package compiler

import (
	"encoding/json"
	"errors"
	"path"
	"sort"
	"strings"

	"github.com/callpark/callpark/compiler/archy"
	"github.com/callpark/callpark/compiler/dataaction"
	"github.com/callpark/callpark/compiler/diag"
	"github.com/callpark/callpark/compiler/params"
	"github.com/callpark/callpark/compiler/script"
)

// Compile loads the parameter file src (named file, for messages) and
// builds every artifact. On any error it returns a diag.List and no
// result.
func Compile(file string, src []byte) (*Result, error) {
	p, errs := params.LoadPartial(file, src)
	if len(errs) > 0 {
		// Check the expressions and file names too, so that one run
		// reports every error.
		if p != nil {
			errs = append(errs, checkParamExprs(p, errs)...)
			errs = append(errs, checkFileNames(p, errs)...)
		}
		return nil, errs.Err()
	}
	return CompileParams(p)
}

// CompileParams builds every artifact from loaded parameters. Publishing
// calls it again after filling in values it looked up in the org, such as
// the holding queue id.
func CompileParams(p *params.Params) (*Result, error) {
	res := &Result{Params: p}
	if err := checkFileNames(p, nil).Err(); err != nil {
		return nil, err
	}
	var errs diag.List

	actions, err := renderDataActions(p)
	if err != nil {
		return nil, err
	}
	res.DataActions = actions

	flows, err := renderFlows(p)
	if err != nil {
		return nil, err
	}
	res.Flows = flows

	literal := literalTexts(p)
	for _, da := range res.DataActions {
		errs = append(errs, checkDataAction(da, literal)...)
	}
	parsed := make([]*archy.Flow, len(res.Flows))
	for i, f := range res.Flows {
		var flowErrs diag.List
		parsed[i], flowErrs = checkFlow(p, f, res.DataActions, literal)
		errs = append(errs, flowErrs...)
	}
	// The expression parameters are checked against the retrieval flow's
	// variables, the first flow renderFlows returns.
	if parsed[0] != nil {
		env, _ := flowEnv(parsed[0])
		errs = append(errs, checkParamExprsIn(p, env, nil)...)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}

	for _, da := range res.DataActions {
		res.Files = append(res.Files, Artifact{Path: da.Path, Data: da.JSON})
	}
	for _, f := range res.Flows {
		res.Files = append(res.Files, Artifact{Path: f.Path, Data: f.YAML})
	}
	if err := lowerFlows(p, res, parsed); err != nil {
		return nil, err
	}
	// Without the ids the agent script needs, every other artifact is still
	// built and the missing ids are reported as warnings.
	var missingIDs *script.MissingIDsError
	if data, err := script.Generate(p); err == nil {
		res.Files = append(res.Files, Artifact{Path: "scripts/" + fileName(p.Script.Name, false) + ".script", Data: data})
	} else if errors.As(err, &missingIDs) {
		res.Warnings = append(res.Warnings, missingIDs.Diagnostics...)
	} else {
		return nil, err
	}
	sort.Slice(res.Files, func(i, j int) bool { return res.Files[i].Path < res.Files[j].Path })
	res.Warnings.Sort()
	return res, nil
}

// flowTemplateData is the data the flow templates receive.
type flowTemplateData struct {
	P             *params.Params
	StartDateExpr string
	QueueIDExpr   string
	// AddressExpr is the expression the replace-participant call passes
	// as the retriever's address.
	AddressExpr          string
	MinDigits, MaxDigits int
	// Voice is the flow's text-to-speech settings.
	Voice params.TextToSpeech
}

// newFlowTemplateData returns the template data shared by both flows.
func newFlowTemplateData(p *params.Params) flowTemplateData {
	data := flowTemplateData{
		P:             p,
		StartDateExpr: lookbackExpr(p.DataActions.FindWaitingCalls.Lookback.Duration),
		QueueIDExpr:   queueIDExpr(p.HoldingQueue.Name),
		AddressExpr:   p.Retrieval.CallerAddress,
	}
	if p.Retrieval.HandleNoMatch {
		data.AddressExpr = "Flow.RetrieverAddress"
	}
	data.MinDigits, data.MaxDigits = p.Retrieval.Code.Digits()
	data.Voice = p.Voice(p.Retrieval.TextToSpeech)
	return data
}

func renderFlows(p *params.Params) ([]Flow, error) {
	data := newFlowTemplateData(p)
	specs := []struct {
		tmpl, name, kind string
		voice            params.TextToSpeech
	}{
		{"retrieval.yaml.tmpl", p.Retrieval.Name, "inboundcall", p.Voice(p.Retrieval.TextToSpeech)},
		{"hold.yaml.tmpl", p.Hold.Name, "inqueuecall", p.Voice(p.Hold.TextToSpeech)},
	}
	var flows []Flow
	for _, s := range specs {
		data.Voice = s.voice
		out, err := render(s.tmpl, data)
		if err != nil {
			return nil, err
		}
		flows = append(flows, Flow{Name: s.name, Type: s.kind, Path: "flows/" + fileName(s.name, false) + ".yaml", YAML: out})
	}
	return flows, nil
}

// dataActionTemplateData is the data the data action templates receive.
type dataActionTemplateData struct {
	Name     string
	PageSize int
	// Request is the rendered Velocity request body.
	Request string
}

func renderDataActions(p *params.Params) ([]DataAction, error) {
	da := p.DataActions
	specs := []struct {
		key, base string
		ref       params.ActionRef
	}{
		{"findWaitingCalls", "find-waiting-calls", da.FindWaitingCalls.ActionRef},
		{"replaceParticipant", "replace-participant", da.ReplaceParticipant},
		{"updateExternalTag", "update-external-tag", da.UpdateExternalTag},
	}
	var actions []DataAction
	for _, s := range specs {
		data := dataActionTemplateData{Name: s.ref.Name, PageSize: da.FindWaitingCalls.PageSize}
		req, err := render(s.base+".request.vm.tmpl", data)
		if err != nil {
			return nil, err
		}
		data.Request = string(req)
		out, err := render(s.base+".json.tmpl", data)
		if err != nil {
			return nil, err
		}
		actions = append(actions, DataAction{
			Key:      s.key,
			Name:     s.ref.Name,
			Category: da.Category,
			ID:       s.ref.ID,
			Path:     "dataactions/" + fileName(s.ref.Name, true) + ".custom.json",
			JSON:     out,
		})
	}
	return actions, nil
}

// checkDataAction parses a rendered data action and runs its checks. A
// problem here is a template defect, so it is reported against the
// generated file.
func checkDataAction(da DataAction, literal []string) diag.List {
	var errs diag.List
	pos := diag.Pos{File: da.Path}
	a, err := dataaction.Parse(da.JSON)
	if err != nil {
		errs.Add(pos, "", "internal error: %v", err)
		return errs
	}
	var doc any
	if err := json.Unmarshal(da.JSON, &doc); err != nil {
		errs.Add(pos, "", "internal error: %v", err)
		return errs
	}
	if text, ok := leftoverString(doc, literal); ok {
		errs.Add(pos, "", "internal error: leftover template placeholder {{ in %q", text)
	}
	if a.Name != da.Name {
		errs.Add(pos, "name", "internal error: rendered name %q, want %q", a.Name, da.Name)
	}
	for _, msg := range dataaction.Check(a) {
		errs.Add(pos, "", "internal error: %s", msg)
	}
	return errs
}

// checkFlow parses a rendered flow and checks its structure, its data
// action calls and its expressions. It returns the parsed flow, or nil when
// the YAML could not be read.
func checkFlow(p *params.Params, f Flow, actions []DataAction, literal []string) (*archy.Flow, diag.List) {
	flow, errs := archy.Parse(f.Path, f.YAML, literal)
	if flow == nil {
		return nil, errs
	}
	if flow.Name != f.Name {
		errs.Add(diag.Pos{File: f.Path}, "name", "internal error: rendered flow name %q, want %q", flow.Name, f.Name)
	}
	errs = append(errs, checkCalls(p, f, flow, actions)...)
	errs = append(errs, checkExprs(p, f, flow)...)
	return flow, errs
}

// checkCalls reports a callData action whose category, name, inputs or
// outputs do not match one of the generated data actions.
func checkCalls(p *params.Params, f Flow, flow *archy.Flow, actions []DataAction) diag.List {
	var errs diag.List
	for _, call := range flow.Calls {
		var match *dataaction.Action
		for _, da := range actions {
			if da.Name == call.Action && da.Category == call.Category {
				match, _ = dataaction.Parse(da.JSON)
			}
		}
		if match == nil {
			errs.Add(call.Pos, "callData", "internal error: the flow calls data action %q in category %q, which callpark does not generate", call.Action, call.Category)
			continue
		}
		for _, in := range call.Inputs {
			if _, ok := match.Contract.Input.InputSchema.Properties[in]; !ok {
				errs.Add(call.Pos, "callData.inputs."+in, "internal error: input %s is not in the input contract of %q", in, call.Action)
			}
		}
		for _, out := range call.Outputs {
			if _, ok := match.Contract.Output.SuccessSchema.Properties[out]; !ok {
				errs.Add(call.Pos, "callData.successOutputs."+out, "internal error: output %s is not in the output contract of %q", out, call.Action)
			}
		}
	}
	return errs
}

// checkFileNames rejects two names that become the same file name, even
// on a case-insensitive file system: the two flows, and the three data
// actions. Fields that already have an error in skip are left out.
func checkFileNames(p *params.Params, skip diag.List) diag.List {
	var errs diag.List
	groups := [][]struct {
		field, name string
		dashes      bool
	}{
		{{"retrieval.name", p.Retrieval.Name, false}, {"hold.name", p.Hold.Name, false}},
		{
			{"dataActions.findWaitingCalls.name", p.DataActions.FindWaitingCalls.Name, true},
			{"dataActions.replaceParticipant.name", p.DataActions.ReplaceParticipant.Name, true},
			{"dataActions.updateExternalTag.name", p.DataActions.UpdateExternalTag.Name, true},
		},
	}
	for _, group := range groups {
		seen := map[string]string{}
		for _, n := range group {
			if n.name == "" || params.NearAny(n.field, skip) {
				continue
			}
			key := strings.ToLower(fileName(n.name, n.dashes))
			if other, ok := seen[key]; ok {
				errs.Add(p.Pos(n.field), n.field, "name %q gives the same file name as %s (%q); file names replace / \\ : * ? \" < > | with _ and ignore case on some systems, so make the names differ in other characters", n.name, other, fileName(n.name, n.dashes))
				continue
			}
			seen[key] = n.field
		}
	}
	return errs
}

// fileName turns a Genesys Cloud object name into a file name: characters
// that are not allowed in file names on Windows, macOS or Linux become
// "_", and with dashes set, spaces become "-" as in the Integrations UI's
// export names.
func fileName(name string, dashes bool) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case strings.ContainsRune(`/\:*?"<>|`, r), r < 0x20, r == 0x7f:
			b.WriteByte('_')
		case dashes && r == ' ':
			b.WriteByte('-')
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	if out == "." || out == ".." {
		out = strings.Repeat("_", len(out))
	}
	return path.Clean(out)
}

// literalTexts returns the parameter values a rendered artifact may hold,
// in every form a template writes them: as they are and inside an
// Architect string literal.
func literalTexts(p *params.Params) []string {
	var out []string
	for _, s := range p.Strings() {
		out = append(out, s, architectString(s))
	}
	return out
}

// leftoverString returns the first string in a decoded JSON document that
// holds a template placeholder.
func leftoverString(v any, literal []string) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, archy.Leftover(v, literal)
	case map[string]any:
		for k, item := range v {
			if s, ok := leftoverString(k, literal); ok {
				return s, true
			}
			if s, ok := leftoverString(item, literal); ok {
				return s, true
			}
		}
	case []any:
		for _, item := range v {
			if s, ok := leftoverString(item, literal); ok {
				return s, true
			}
		}
	}
	return "", false
}
