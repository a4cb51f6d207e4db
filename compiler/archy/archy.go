// Package archy reads an Archy YAML flow, the format that Archy, Terraform
// and the Architect jobs API publish. It checks what can be checked without
// Genesys Cloud: the document's structure, references between its parts,
// variable declarations and the data actions it calls.
package archy

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/diag"
)

// Flow is the part of an Archy flow that callpark checks.
type Flow struct {
	// Kind is the root key: inboundCall or inqueueCall.
	Kind string
	Name string
	// Doc is the parsed YAML document; Root is the flow's mapping node,
	// below the root key.
	Doc  *yaml.Node
	Root *yaml.Node
	// Vars lists the declared variables in document order.
	Vars []Var
	// Exprs lists every `exp:` value in document order.
	Exprs []Expr
	// Calls lists every callData action in document order.
	Calls []Call
}

// Var is a declared flow variable such as Flow.OrbitNumber.
type Var struct {
	Name string
	// Decl is the Archy declaration key, such as stringCollectionVariable.
	Decl string
	Pos  diag.Pos
}

// Expr is one Architect expression written as `exp: TEXT`.
type Expr struct {
	Text string
	// Pos is the position of the expression's first character. Quoted
	// reports whether the YAML scalar was quoted, which moves every column
	// inside the text one to the right.
	Pos    diag.Pos
	Quoted bool
	// Path is the YAML key path to the value, for messages.
	Path string
}

// Call is one callData action: which data action it runs and which inputs
// and outputs it binds.
type Call struct {
	Category string
	Action   string
	Pos      diag.Pos
	Inputs   []string
	Outputs  []string
}

// Kinds maps each supported root key to the Architect flow type.
var Kinds = map[string]string{
	"inboundCall": "inboundcall",
	"inqueueCall": "inqueuecall",
}

// refPattern matches an Archy reference such as
// /inboundCall/tasks/task[New Task 1_12].
var refPattern = regexp.MustCompile(`^/([A-Za-z]+)/([A-Za-z]+)/([A-Za-z]+)\[(.*)\]$`)

// flowVarPattern finds Flow.NAME in a variable binding.
var flowVarPattern = regexp.MustCompile(`^Flow\.[A-Za-z_][A-Za-z0-9_]*$`)

// Parse reads src (the file named file) and runs every structural check.
// It returns the flow even when there are errors, as far as it was read.
//
// A scalar that holds "{{" is a template placeholder left unrendered,
// unless the braces are part of one of the texts in literal: the parameter
// values the flow was rendered from.
func Parse(file string, src []byte, literal []string) (*Flow, diag.List) {
	p := &parser{file: file, refIDs: map[string]diag.Pos{}}
	for _, text := range literal {
		if strings.Contains(text, "{{") {
			p.literal = append(p.literal, text)
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		p.errs.Add(diag.Pos{File: file}, "", "invalid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, p.errs
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode || len(doc.Content[0].Content) != 2 {
		p.errs.Add(diag.Pos{File: file, Line: 1, Col: 1}, "", "expected one root key such as inboundCall or inqueueCall")
		return nil, p.errs
	}
	key, root := doc.Content[0].Content[0], doc.Content[0].Content[1]
	if _, ok := Kinds[key.Value]; !ok {
		p.errs.Add(p.pos(key), key.Value, "unsupported flow type; callpark writes inboundCall and inqueueCall flows")
		return nil, p.errs
	}
	f := &Flow{Kind: key.Value, Doc: &doc, Root: root}
	p.flow = f

	p.walk(root, key.Value)
	if name := Lookup(root, "name"); name != nil {
		f.Name = name.Value
	} else {
		p.errs.Add(p.pos(root), key.Value+".name", "missing flow name")
	}
	p.checkRefs()
	p.checkVarUses()
	p.errs.Sort()
	return f, p.errs
}

type parser struct {
	file   string
	flow   *Flow
	errs   diag.List
	refIDs map[string]diag.Pos
	// refs holds every reference value, checked once all refIds are known.
	refs    []*yaml.Node
	varUses []*yaml.Node
	literal []string
}

func (p *parser) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: p.file, Line: n.Line, Col: n.Column}
}

// walk visits every node below n, whose key path is path.
func (p *parser) walk(n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.SequenceNode:
		for i, item := range n.Content {
			itemPath := fmt.Sprintf("%s[%d]", path, i)
			if strings.HasSuffix(path, ".actions") && (item.Kind != yaml.MappingNode || len(item.Content) != 2) {
				p.errs.Add(p.pos(item), itemPath, "an action list item must be a mapping with one key, the action type, such as playAudio")
			}
			if call := Lookup(item, "callData"); call != nil && len(item.Content) == 2 {
				p.readCall(call, itemPath+".callData")
			}
			p.walk(item, itemPath)
		}
	case yaml.MappingNode:
		p.walkMapping(n, path)
	case yaml.AliasNode:
		p.errs.Add(p.pos(n), path, "YAML aliases are not supported in flows")
	case yaml.ScalarNode:
		if Leftover(n.Value, p.literal) {
			p.errs.Add(p.pos(n), path, "leftover template placeholder {{ in the rendered flow")
		}
	}
}

func (p *parser) walkMapping(n *yaml.Node, path string) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		child := path + "." + key.Value
		p.walk(key, path)
		if seen[key.Value] {
			p.errs.Add(p.pos(key), child, "duplicate key")
		}
		seen[key.Value] = true

		switch {
		case key.Value == "refId":
			if prev, dup := p.refIDs[val.Value]; dup {
				p.errs.Add(p.pos(val), child, "refId %q is already used at line %d", val.Value, prev.Line)
			}
			p.refIDs[val.Value] = p.pos(val)
		case strings.HasSuffix(key.Value, "Ref") && val.Kind == yaml.ScalarNode:
			p.refs = append(p.refs, val)
		case key.Value == "exp" && val.Kind == yaml.ScalarNode:
			p.flow.Exprs = append(p.flow.Exprs, Expr{Text: val.Value, Pos: p.pos(val), Quoted: val.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0, Path: child})
		case key.Value == "var" && val.Kind == yaml.ScalarNode:
			p.varUses = append(p.varUses, val)
		case key.Value == "variables" && val.Kind == yaml.SequenceNode && path == p.flowKindPath():
			p.readVars(val)
		}
		p.walk(val, child)
	}
}

func (p *parser) flowKindPath() string { return p.flow.Kind }

// readVars records each declaration `- stringVariable: {name: Flow.X}`.
func (p *parser) readVars(list *yaml.Node) {
	for _, item := range list.Content {
		if item.Kind != yaml.MappingNode || len(item.Content) != 2 {
			p.errs.Add(p.pos(item), "variables", "expected one declaration such as stringVariable")
			continue
		}
		decl, body := item.Content[0], item.Content[1]
		name := Lookup(body, "name")
		if name == nil || !strings.HasPrefix(name.Value, "Flow.") {
			p.errs.Add(p.pos(decl), "variables."+decl.Value, "missing name, or a name that does not start with Flow.")
			continue
		}
		for _, v := range p.flow.Vars {
			if strings.EqualFold(v.Name, name.Value) {
				p.errs.Add(p.pos(name), "variables", "variable %s is declared twice", name.Value)
			}
		}
		p.flow.Vars = append(p.flow.Vars, Var{Name: name.Value, Decl: decl.Value, Pos: p.pos(name)})
	}
}

// readCall records the data action a callData action runs:
// category: {CATEGORY: {dataAction: {NAME: {inputs, successOutputs}}}}.
func (p *parser) readCall(n *yaml.Node, path string) {
	cat := Lookup(n, "category")
	if cat == nil || cat.Kind != yaml.MappingNode || len(cat.Content) != 2 {
		p.errs.Add(p.pos(n), path+".category", "expected exactly one data action category")
		return
	}
	actions := Lookup(cat.Content[1], "dataAction")
	if actions == nil || actions.Kind != yaml.MappingNode || len(actions.Content) != 2 {
		p.errs.Add(p.pos(cat.Content[0]), path+".category", "expected exactly one dataAction under the category")
		return
	}
	call := Call{Category: cat.Content[0].Value, Action: actions.Content[0].Value, Pos: p.pos(actions.Content[0])}
	body := actions.Content[1]
	call.Inputs = keys(Lookup(body, "inputs"))
	call.Outputs = keys(Lookup(body, "successOutputs"))
	p.flow.Calls = append(p.flow.Calls, call)
}

// checkRefs reports references to a refId that no task or menu declares.
func (p *parser) checkRefs() {
	for _, n := range p.refs {
		m := refPattern.FindStringSubmatch(n.Value)
		if m == nil {
			p.errs.Add(p.pos(n), "", "invalid reference %q; expected /%s/tasks/task[REFID]", n.Value, p.flow.Kind)
			continue
		}
		if m[1] != p.flow.Kind {
			p.errs.Add(p.pos(n), "", "reference %q names the flow type %s, but this flow is %s", n.Value, m[1], p.flow.Kind)
		}
		if _, ok := p.refIDs[m[4]]; !ok {
			p.errs.Add(p.pos(n), "", "reference to missing refId %q; known refIds: %s", m[4], strings.Join(sortedKeys(p.refIDs), ", "))
		}
	}
}

// checkVarUses reports `var:` bindings to undeclared flow variables.
func (p *parser) checkVarUses() {
	declared := map[string]bool{}
	for _, v := range p.flow.Vars {
		declared[strings.ToLower(v.Name)] = true
	}
	for _, n := range p.varUses {
		if !flowVarPattern.MatchString(n.Value) {
			p.errs.Add(p.pos(n), "", "invalid variable binding %q; expected Flow.NAME", n.Value)
			continue
		}
		if !declared[strings.ToLower(n.Value)] {
			p.errs.Add(p.pos(n), "", "variable %s is not declared; add it to variables", n.Value)
		}
	}
}

// Lookup returns the value of key in the YAML mapping n, or nil when n is
// not a mapping or has no such key.
func Lookup(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func keys(n *yaml.Node) []string {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, n.Content[i].Value)
	}
	return out
}

func sortedKeys(m map[string]diag.Pos) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Leftover reports whether text holds a "{{" that is not part of one of
// the literal texts.
func Leftover(text string, literal []string) bool {
	if !strings.Contains(text, "{{") {
		return false
	}
	for _, l := range literal {
		text = strings.ReplaceAll(text, l, "")
	}
	return strings.Contains(text, "{{")
}
