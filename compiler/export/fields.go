package export

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/archy"
	"github.com/callpark/callpark/compiler/diag"
)

// fields reads the keys of one YAML mapping and reports, when done, every
// key that nothing read, so that no setting is dropped silently.
type fields struct {
	l    *lowerer
	node *yaml.Node
	path string
	// what is the mapping's description in messages, such as "action collectInput".
	what string
	used map[string]bool
}

func (l *lowerer) fields(n *yaml.Node, path, what string) *fields {
	f := &fields{l: l, node: n, path: path, what: what, used: map[string]bool{}}
	if n.Kind != yaml.MappingNode {
		l.errorf(n, path, "expected a mapping for %s", what)
		f.node = &yaml.Node{Kind: yaml.MappingNode, Line: n.Line, Column: n.Column}
		return f
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i]
		if seen[key.Value] {
			l.errorf(key, path+"."+key.Value, "duplicate key")
		}
		seen[key.Value] = true
	}
	return f
}

// get returns the value of key, or nil, and marks the key as read.
func (f *fields) get(key string) *yaml.Node {
	f.used[key] = true
	return lookup(f.node, key)
}

// require returns the value of key and reports an error when it is missing.
func (f *fields) require(key string) *yaml.Node {
	n := f.get(key)
	if n == nil {
		f.l.errorf(f.node, f.path+"."+key, "missing %s in %s", key, f.what)
	}
	return n
}

// str returns the scalar value of key, or def when key is missing.
func (f *fields) str(key, def string) string {
	n := f.get(key)
	if n == nil {
		return def
	}
	if n.Kind != yaml.ScalarNode {
		f.l.errorf(n, f.path+"."+key, "expected a string")
		return def
	}
	return n.Value
}

// ignore marks keys that have no counterpart in the export document. The
// caller states why next to the call.
func (f *fields) ignore(keys ...string) {
	for _, k := range keys {
		f.used[k] = true
	}
}

// ignoreAll marks every key as read, so that done reports none. It is for a
// mapping whose contents cannot be checked because of an error already
// reported. f may be nil.
func (f *fields) ignoreAll() {
	if f == nil {
		return
	}
	for i := 0; i+1 < len(f.node.Content); i += 2 {
		f.used[f.node.Content[i].Value] = true
	}
}

// done reports each key that was not read.
func (f *fields) done() {
	for i := 0; i+1 < len(f.node.Content); i += 2 {
		key := f.node.Content[i]
		if !f.used[key.Value] {
			f.l.errorf(key, f.path+"."+key.Value, "unsupported setting %q in %s", key.Value, f.what)
		}
	}
}

// lookup returns the value of key in mapping n, or nil.
func lookup(n *yaml.Node, key string) *yaml.Node { return archy.Lookup(n, key) }

// single returns the only key and value of a one-key mapping such as
// "- playAudio: {...}".
func single(n *yaml.Node) (*yaml.Node, *yaml.Node, bool) {
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		return nil, nil, false
	}
	return n.Content[0], n.Content[1], true
}

func (l *lowerer) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: l.file, Line: n.Line, Col: n.Column}
}

func (l *lowerer) errorf(n *yaml.Node, path, format string, args ...any) {
	l.errs.Add(l.pos(n), strings.TrimPrefix(path, "."), format, args...)
}
