package export

import (
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/i3"
)

// value lowers an Archy value mapping (lit:, exp:, var: or noValue: true)
// that must have type typ.
func (l *lowerer) value(n *yaml.Node, typ, path string) *i3.Object {
	key, body, ok := single(n)
	if !ok {
		l.errorf(n, path, "expected one of lit, exp, var or noValue")
		return noValue(typ)
	}
	switch key.Value {
	case "noValue":
		if body.Value != "true" {
			l.errorf(body, path+".noValue", "expected noValue: true")
		}
		return noValue(typ)
	case "lit":
		return l.literal(body, typ, path+".lit")
	case "exp":
		return l.expression(body, typ, path+".exp")
	case "var":
		v := l.binding(body, path+".var")
		if v == nil {
			return noValue(typ)
		}
		if v.Type != typ {
			l.errorf(body, path+".var", "variable %s has type %s, expected %s", v.Name, v.Type, typ)
		}
		return l.bindingValue(v)
	}
	l.errorf(key, path+"."+key.Value, "unsupported value kind %q; expected lit, exp, var or noValue", key.Value)
	return noValue(typ)
}

// literal lowers the body of lit: for type typ.
func (l *lowerer) literal(n *yaml.Node, typ, path string) *i3.Object {
	switch typ {
	case typeDuration:
		text, err := durationText(n)
		if err != nil {
			l.errorf(n, path, "%v", err)
		}
		return literalValue(text, typ)
	case typePrompt:
		return l.promptLiteral(n, path)
	case typeQueue:
		return l.queueLiteral(n, path)
	}
	if n.Kind != yaml.ScalarNode {
		l.errorf(n, path, "expected a %s literal", typeName(typ))
		return noValue(typ)
	}
	switch typ {
	case typeString:
		return literalValue(n.Value, typ)
	case typeInteger:
		if _, err := strconv.Atoi(n.Value); err != nil {
			l.errorf(n, path, "expected an integer, found %q", n.Value)
		}
		return literalValue(n.Value, typ)
	case typeDecimal:
		if _, err := strconv.ParseFloat(n.Value, 64); err != nil {
			l.errorf(n, path, "expected a decimal number, found %q", n.Value)
		}
		return literalValue(n.Value, typ)
	case typeBoolean:
		if n.Value != "true" && n.Value != "false" {
			l.errorf(n, path, "expected true or false, found %q", n.Value)
		}
		return literalValue(n.Value, typ)
	}
	l.errorf(n, path, "literals of type %s are not supported; write an expression with exp:", typeName(typ))
	return noValue(typ)
}

// promptLiteral lowers {name: PromptSystem.X} or {name: Prompt.X}.
func (l *lowerer) promptLiteral(n *yaml.Node, path string) *i3.Object {
	name := lookup(n, "name")
	if name == nil || len(n.Content) != 2 {
		l.errorf(n, path, "expected a prompt such as {name: PromptSystem.processing}")
		return noValue(typePrompt)
	}
	p := l.prompt(name, path+".name")
	if p == nil {
		return noValue(typePrompt)
	}
	l.useItem(p.kind, p.short, p.id, l.context)
	return idLiteralValue(p.short, typePrompt, p.id)
}

// queueLiteral lowers {name: QUEUE}, whose id comes from Options.Queues.
//
// NOTE: no reference export holds a queue literal; the node form (a lit
// node with the queue's id as val) follows the prompt literal's.
func (l *lowerer) queueLiteral(n *yaml.Node, path string) *i3.Object {
	name := lookup(n, "name")
	if name == nil || len(n.Content) != 2 {
		l.errorf(n, path, "expected a queue such as {name: Parked Calls}")
		return noValue(typeQueue)
	}
	id, ok := l.opts.Queues[name.Value]
	if !ok {
		l.errorf(name, path+".name", "unknown queue %q: its id is missing; give it with --queue %q", name.Value, name.Value+"=ID")
		return noValue(typeQueue)
	}
	l.useItem(manifestQueue, name.Value, id, l.context)
	return idLiteralValue(name.Value, typeQueue, id)
}

// promptRef is a user or system prompt named in the YAML.
type promptRef struct {
	kind   string // manifestUserPrompt or manifestSystemPrompt
	full   string // Prompt.X or PromptSystem.X
	short  string // X
	id     string
	system bool
}

// prompt resolves a prompt name. System prompt ids are the prompt's name
// between double underscores, as in __on_hold_music__; user prompt ids come
// from Options.UserPrompts.
func (l *lowerer) prompt(n *yaml.Node, path string) *promptRef {
	if short, ok := strings.CutPrefix(n.Value, "PromptSystem."); ok && short != "" {
		return &promptRef{kind: manifestSystemPrompt, full: n.Value, short: short, id: "__" + short + "__", system: true}
	}
	if short, ok := strings.CutPrefix(n.Value, "Prompt."); ok && short != "" {
		id, known := l.opts.UserPrompts[short]
		if !known {
			l.errorf(n, path, "unknown user prompt %q: its id is missing; give it with --user-prompt %q", n.Value, short+"=ID")
			return nil
		}
		return &promptRef{kind: manifestUserPrompt, full: n.Value, short: short, id: id}
	}
	l.errorf(n, path, "expected a prompt name such as PromptSystem.on_hold_music or Prompt.Welcome, found %q", n.Value)
	return nil
}

func typeName(typ string) string {
	names := map[string]string{
		typeString: "string", typeInteger: "integer", typeBoolean: "Boolean", typeDecimal: "decimal",
		typeDuration: "duration", typePrompt: "prompt", typeAudio: "audio", typeQueue: "queue",
		typeLanguage: "language skill",
	}
	if name, ok := names[typ]; ok {
		return name
	}
	return typ
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
