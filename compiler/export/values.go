package export

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/expr"
	"github.com/callpark/callpark/compiler/i3"
)

// Architect type codes that lowering writes itself. Expressions get theirs
// from the expression compiler.
const (
	typeString   = "str"
	typeInteger  = "int"
	typeBoolean  = "bln"
	typeDecimal  = "dec"
	typeDuration = "dur"
	typePrompt   = "pmt"
	typeAudio    = "aud"
	typeQueue    = "que"
	typeLanguage = "lac"
)

// literalValue is a lit: value whose text is already in export form and
// already checked.
func literalValue(text, typ string) *i3.Object {
	v, err := expr.Literal(expr.Type(typ), text)
	if err != nil {
		panic(fmt.Sprintf("export: unchecked literal %q of type %s: %v", text, typ, err))
	}
	return toObject(v)
}

// idLiteralValue is a literal that names an org object (a prompt or a
// queue): its node carries the object's id as val.
func idLiteralValue(text, typ, id string) *i3.Object {
	v := expr.PromptLiteral(text, id)
	v.Type, v.Config.Type = expr.Type(typ), expr.Type(typ)
	return toObject(v)
}

// noValue is the value of a setting left empty (Archy noValue: true).
func noValue(typ string) *i3.Object {
	return toObject(expr.NoValue(expr.Type(typ)))
}

// emptyLiteral is an empty literal: Architect writes it for the queue of
// error handling that disconnects.
func emptyLiteral(typ string) *i3.Object {
	v, err := expr.Literal(expr.Type(typ), "")
	if err != nil {
		panic(fmt.Sprintf("export: empty literal of type %s: %v", typ, err))
	}
	return toObject(v)
}

// unversioned removes the version member, which Architect leaves out of a
// few flow settings (speechRecEngine).
func unversioned(v *i3.Object) *i3.Object {
	v.Members = dropMember(v.Members, "version")
	return v
}

// toObject converts a value of the expression compiler to the ordered
// document form.
func toObject(v *expr.Value) *i3.Object {
	data, err := v.MarshalJSON()
	if err != nil {
		panic(fmt.Sprintf("export: writing an expression value: %v", err))
	}
	parsed, err := i3.Parse(data)
	if err != nil {
		panic(fmt.Sprintf("export: reading back an expression value: %v", err))
	}
	return parsed.(*i3.Object)
}

func dropMember(members []i3.Member, key string) []i3.Member {
	out := members[:0]
	for _, m := range members {
		if m.Key != key {
			out = append(out, m)
		}
	}
	return out
}

// outOfService marks a value Architect keeps for a property that does not
// apply.
func outOfService(v *i3.Object) *i3.Object {
	v.Add("outOfService", true)
	return v
}

// markOverride marks an action's literal or expression value that replaces
// a flow-wide action default.
func markOverride(v *i3.Object) {
	ui, _ := v.Get("uiMetaData")
	obj, ok := ui.(*i3.Object)
	if !ok {
		return
	}
	if mode, _ := obj.Get("mode"); mode == i3.Int(int(expr.ModeNoValue)) || mode == i3.Int(int(expr.ModeVariable)) {
		return
	}
	obj.Add("isOverride", true)
}

// durationUnits lists the keys of an Archy duration literal, largest
// first, with the part of the export text each one fills.
var durationUnits = []string{"days", "hours", "minutes", "seconds", "ms"}

// durationText turns an Archy duration literal such as {minutes: 1} into
// the export text P{d}D{h}H{m}M{s}S{ms}F. Parts are not normalized, so
// {ms: 1500} is P0D0H0M0S1500F, as Architect writes it.
func durationText(n *yaml.Node) (string, error) {
	if n.Kind != yaml.MappingNode {
		return "", fmt.Errorf("expected a duration such as {seconds: 5}")
	}
	parts := make(map[string]int, len(durationUnits))
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i].Value, n.Content[i+1]
		if !contains(durationUnits, key) {
			return "", fmt.Errorf("unknown duration unit %q; expected one of %s", key, strings.Join(durationUnits, ", "))
		}
		count, err := strconv.Atoi(val.Value)
		if err != nil || count < 0 || val.Kind != yaml.ScalarNode {
			return "", fmt.Errorf("%s: expected a whole number of %s, found %q", key, key, val.Value)
		}
		parts[key] = count
	}
	return fmt.Sprintf("P%dD%dH%dM%dS%dF", parts["days"], parts["hours"], parts["minutes"], parts["seconds"], parts["ms"]), nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
