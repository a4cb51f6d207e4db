// Package templates holds the text/template files callpark renders: the
// two Archy flows and the three data actions. Every parameter value reaches
// the output through a quoting helper (see compiler/render.go); no template
// splices raw text into YAML or JSON.
package templates

import "embed"

// FS holds every *.tmpl file of this folder.
//
//go:embed *.tmpl
var FS embed.FS
