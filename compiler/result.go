package compiler

import (
	"github.com/callpark/callpark/compiler/diag"
	"github.com/callpark/callpark/compiler/params"
)

// Artifact is one output file: its path relative to the output folder, with
// forward slashes, and its bytes.
type Artifact struct {
	Path string
	Data []byte
}

// Result is everything one compile produces, in memory. Files holds every
// artifact sorted by path; Flows and DataActions describe the same bytes for
// the steps that need to know what each file is (publish, export).
type Result struct {
	Params      *params.Params
	Files       []Artifact
	Flows       []Flow
	DataActions []DataAction
	// Warnings lists what the build left out and why, such as the agent
	// script when the parameter file lacks the ids it needs.
	Warnings diag.List
}

// Flow is one generated Architect flow.
type Flow struct {
	// Name is the flow's name in Genesys Cloud.
	Name string
	// Type is the Architect flow type: "inboundcall" or "inqueuecall".
	Type string
	// Path is the Archy YAML file's path in Files.
	Path string
	// YAML is the Archy YAML document.
	YAML []byte
}

// DataAction is one generated data action.
type DataAction struct {
	// Key is the parameter-file key that configures it:
	// findWaitingCalls, replaceParticipant or updateExternalTag.
	Key string
	// Name and Category identify the action in the org; Category is the
	// name of the data action integration.
	Name     string
	Category string
	// ID is the action's id in the org when the parameter file gives one.
	ID string
	// Path is the file's path in Files.
	Path string
	// JSON is the action in the shape the Integrations UI imports.
	JSON []byte
}
