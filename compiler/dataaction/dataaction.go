// Package dataaction reads a Genesys Cloud custom data action in the shape
// the Integrations UI imports and checks its request and response
// templates against its contracts.
package dataaction

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Action is a custom data action as the Integrations UI exports it.
type Action struct {
	Name            string   `json:"name"`
	IntegrationType string   `json:"integrationType"`
	ActionType      string   `json:"actionType"`
	Config          Config   `json:"config"`
	Contract        Contract `json:"contract"`
	Secure          bool     `json:"secure"`
}

// Config is the request the action sends and how its response is read.
type Config struct {
	Request  Request  `json:"request"`
	Response Response `json:"response"`
}

// Request holds the Velocity templates of the HTTP request.
type Request struct {
	RequestURLTemplate string            `json:"requestUrlTemplate"`
	RequestType        string            `json:"requestType"`
	Headers            map[string]string `json:"headers"`
	RequestTemplate    string            `json:"requestTemplate"`
}

// Response maps the HTTP response to the output contract: each
// translation map entry is a JSONPath, its default is JSON text used when
// the path matches nothing, and the success template assembles the output.
type Response struct {
	TranslationMap         map[string]string `json:"translationMap"`
	TranslationMapDefaults map[string]string `json:"translationMapDefaults"`
	SuccessTemplate        string            `json:"successTemplate"`
}

// Contract is the action's input and output JSON schemas.
type Contract struct {
	Input struct {
		InputSchema *Schema `json:"inputSchema"`
	} `json:"input"`
	Output struct {
		SuccessSchema *Schema `json:"successSchema"`
	} `json:"output"`
}

// Schema is the subset of JSON Schema (draft 4) that data action
// contracts use.
type Schema struct {
	Type                 string             `json:"type"`
	Title                string             `json:"title,omitempty"`
	Properties           map[string]*Schema `json:"properties,omitempty"`
	Items                *Schema            `json:"items,omitempty"`
	Required             []string           `json:"required,omitempty"`
	AdditionalProperties *bool              `json:"additionalProperties,omitempty"`
}

// Parse decodes a data action export, rejecting unknown fields at the
// levels callpark writes.
func Parse(data []byte) (*Action, error) {
	var a Action
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&a); err != nil {
		return nil, fmt.Errorf("invalid data action JSON: %w", err)
	}
	return &a, nil
}

var (
	// inputRef matches ${input.NAME} and the escaping macro around it.
	inputRef = regexp.MustCompile(`(\$esc\.(?:jsonString|url)\()?\$\{input\.([A-Za-z0-9_]+)\}(\))?`)
	// outputRef matches ${NAME} in a success template.
	outputRef = regexp.MustCompile(`\$\{([A-Za-z0-9_]+)\}`)
)

// Check runs every check on a and returns one message per problem. The
// messages name the part of the action they are about.
func Check(a *Action) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	in := a.Contract.Input.InputSchema
	out := a.Contract.Output.SuccessSchema
	if in == nil || in.Type != "object" {
		add("contract.input.inputSchema: expected an object schema")
		return problems
	}
	if out == nil || out.Type != "object" {
		add("contract.output.successSchema: expected an object schema")
		return problems
	}

	checkInputs(in, "config.request.requestUrlTemplate", a.Config.Request.RequestURLTemplate, "$esc.url", add)
	checkInputs(in, "config.request.requestTemplate", a.Config.Request.RequestTemplate, "$esc.jsonString", add)
	if a.Config.Request.RequestTemplate != "" && a.Config.Request.RequestTemplate != "${input.rawRequest}" {
		body := renderInputs(a.Config.Request.RequestTemplate, in)
		if !json.Valid([]byte(body)) {
			add("config.request.requestTemplate: does not render to valid JSON with sample inputs: %s", body)
		}
	}
	checkResponse(&a.Config.Response, out, add)
	return problems
}

// checkInputs reports each ${input.NAME} in text that the input contract
// does not declare or that is not wrapped in the escaping macro.
func checkInputs(in *Schema, field, text, macro string, add func(string, ...any)) {
	for _, m := range inputRef.FindAllStringSubmatch(text, -1) {
		name := m[2]
		if _, ok := in.Properties[name]; !ok {
			add("%s: ${input.%s} is not in the input contract; declared inputs: %s", field, name, strings.Join(sortedNames(in.Properties), ", "))
		}
		if m[1] != macro+"(" || m[3] != ")" {
			add("%s: ${input.%s} is not escaped; write %s(${input.%s})", field, name, macro, name)
		}
	}
}

// sampleInput is the value each input takes when a request template is
// rendered for checking: it holds the characters that break unescaped JSON.
const sampleInput = `a "quoted" \ value`

// renderInputs evaluates the escaping macros of a request body with the
// sample value for every input, as Genesys Cloud's Velocity would.
func renderInputs(text string, in *Schema) string {
	return inputRef.ReplaceAllStringFunc(text, func(ref string) string {
		m := inputRef.FindStringSubmatch(ref)
		switch m[1] {
		case "$esc.jsonString(":
			s, _ := json.Marshal(sampleInput)
			return string(s[1:len(s)-1]) + strings.TrimPrefix(m[3], ")")
		case "$esc.url(":
			return "a%20value" + strings.TrimPrefix(m[3], ")")
		}
		return sampleInput + m[3]
	})
}

// checkResponse checks the translation map against the output contract
// and renders the success template with sample values and with the
// defaults.
func checkResponse(r *Response, out *Schema, add func(string, ...any)) {
	for name, def := range r.TranslationMapDefaults {
		prop, ok := out.Properties[name]
		if _, mapped := r.TranslationMap[name]; !mapped {
			add("config.response.translationMapDefaults.%s: has no translationMap entry", name)
		}
		if !ok {
			continue
		}
		var v any
		if err := json.Unmarshal([]byte(def), &v); err != nil {
			add("config.response.translationMapDefaults.%s: default %q is not JSON; write JSON of type %s, such as %s", name, def, prop.Type, zeroJSON(prop))
			continue
		}
		if msg := validate(v, prop, name); msg != "" {
			add("config.response.translationMapDefaults.%s: default %s does not match the output contract: %s", name, def, msg)
		}
	}
	for name := range r.TranslationMap {
		if _, ok := r.TranslationMapDefaults[name]; !ok {
			add("config.response.translationMap.%s: has no default, so the action fails when the path matches nothing; add a translationMapDefaults entry", name)
		}
	}
	for _, m := range outputRef.FindAllStringSubmatch(r.SuccessTemplate, -1) {
		if _, ok := r.TranslationMap[m[1]]; !ok && m[1] != "rawResult" {
			add("config.response.successTemplate: ${%s} is not in the translation map", m[1])
		}
	}

	for _, mode := range []string{"sample", "default"} {
		body := outputRef.ReplaceAllStringFunc(r.SuccessTemplate, func(ref string) string {
			name := outputRef.FindStringSubmatch(ref)[1]
			if name == "rawResult" {
				return `{"id":"sample"}`
			}
			if mode == "default" {
				return r.TranslationMapDefaults[name]
			}
			return sampleJSON(out.Properties[name])
		})
		var v any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			add("config.response.successTemplate: renders to invalid JSON with %s values: %s", mode, body)
			continue
		}
		if msg := validate(v, out, ""); msg != "" {
			add("config.response.successTemplate: with %s values the output does not match the output contract: %s", mode, msg)
		}
	}
}

// validate checks v against schema s and returns the first mismatch.
func validate(v any, s *Schema, path string) string {
	if s == nil {
		return ""
	}
	where := path
	if where == "" {
		where = "the output"
	}
	switch s.Type {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: expected an object", where)
		}
		for _, req := range s.Required {
			if _, ok := obj[req]; !ok {
				return fmt.Sprintf("%s: missing required property %s", where, req)
			}
		}
		for _, name := range sortedNames(s.Properties) {
			if val, ok := obj[name]; ok {
				if msg := validate(val, s.Properties[name], strings.TrimPrefix(path+"."+name, ".")); msg != "" {
					return msg
				}
			}
		}
	case "array":
		list, ok := v.([]any)
		if !ok {
			return fmt.Sprintf("%s: expected an array", where)
		}
		for i, item := range list {
			if msg := validate(item, s.Items, fmt.Sprintf("%s[%d]", path, i)); msg != "" {
				return msg
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Sprintf("%s: expected a string", where)
		}
	case "integer", "number":
		if _, ok := v.(float64); !ok {
			return fmt.Sprintf("%s: expected a %s", where, s.Type)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Sprintf("%s: expected a boolean", where)
		}
	}
	return ""
}

// sampleJSON returns a value of schema s's type, as JSON text.
func sampleJSON(s *Schema) string {
	if s == nil {
		return `"sample"`
	}
	switch s.Type {
	case "array":
		return "[" + sampleJSON(s.Items) + "]"
	case "object":
		return "{}"
	case "integer", "number":
		return "1"
	case "boolean":
		return "true"
	}
	return `"sample"`
}

// zeroJSON returns the empty value of schema s's type, as JSON text.
func zeroJSON(s *Schema) string {
	switch s.Type {
	case "array":
		return "[]"
	case "object":
		return "{}"
	case "integer", "number":
		return "0"
	case "boolean":
		return "false"
	}
	return `""`
}

func sortedNames(m map[string]*Schema) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
