package export

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/i3"
)

// variableKind is the export form of one Archy variable declaration key.
type variableKind struct {
	Type     string // the export __type
	TypeCode string // the element type code
}

// variableKinds maps Archy declaration keys to export variable types. The
// collection form of each key (stringCollectionVariable) has the same
// export type with isCollection set.
//
// NOTE: only StringVariable has been seen in the reference exports; the
// other type names follow the pattern of the declaration types Architect
// exports are known to use (IntegerVariable, BoolVariable, ...).
var variableKinds = map[string]variableKind{
	"stringVariable":   {"StringVariable", typeString},
	"integerVariable":  {"IntegerVariable", typeInteger},
	"booleanVariable":  {"BoolVariable", typeBoolean},
	"decimalVariable":  {"DecimalVariable", typeDecimal},
	"durationVariable": {"DurationVariable", typeDuration},
	"dateTimeVariable": {"DateTimeVariable", "dtm"},
}

// variable is one declared flow variable.
type variable struct {
	Name       string
	ID         string
	Type       string // type code, with _coll for collections
	ExportType string
	Collection bool
	decl       *yaml.Node
	body       *fields
}

// declareVariables reads the flow's variables list.
func (l *lowerer) declareVariables(list *yaml.Node) {
	if list == nil {
		return
	}
	if list.Kind != yaml.SequenceNode {
		l.errorf(list, l.kind+".variables", "expected a list of variable declarations")
		return
	}
	for _, item := range list.Content {
		key, body, ok := single(item)
		if !ok {
			l.errorf(item, l.kind+".variables", "expected one declaration such as stringVariable")
			continue
		}
		l.declareVariable(key, body)
	}
}

func (l *lowerer) declareVariable(key, body *yaml.Node) {
	path := l.kind + ".variables." + key.Value
	base, collection := strings.CutSuffix(key.Value, "CollectionVariable")
	if collection {
		base += "Variable"
	}
	kind, ok := variableKinds[base]
	if !ok {
		l.errorf(key, path, "unsupported variable type %q; supported: %s", key.Value, strings.Join(sortedKeys(variableKinds), ", ")+" and their Collection forms")
		return
	}
	f := l.fields(body, path, "variable "+key.Value)
	name := f.str("name", "")
	if !strings.HasPrefix(name, "Flow.") || len(name) == len("Flow.") {
		l.errorf(body, path+".name", "expected a variable name such as Flow.Code, found %q", name)
		return
	}
	lower := strings.ToLower(name)
	if _, dup := l.vars[lower]; dup {
		l.errorf(f.get("name"), path+".name", "variable %s is declared twice", name)
		return
	}
	v := &variable{
		Name:       name,
		ID:         itemID(l.flowName, "variables/"+name),
		Type:       kind.TypeCode,
		ExportType: kind.Type,
		Collection: collection,
		decl:       key,
		body:       f,
	}
	if collection {
		v.Type += "_coll"
	}
	l.vars[lower] = v
	l.varList = append(l.varList, v)
}

// lowerVariables writes the flow's variables member. Initial values are
// lowered here, once every variable is known.
func (l *lowerer) lowerVariables() []i3.Value {
	list := make([]i3.Value, 0, len(l.varList))
	for _, v := range l.varList {
		initial := noValue(v.Type)
		if n := v.body.get("initialValue"); n != nil {
			initial = l.value(n, v.Type, v.body.path+".initialValue")
		}
		v.body.done()
		list = append(list, i3.NewObject(10).
			Add("id", v.ID).
			Add("isCollection", v.Collection).
			Add("isInternal", false).
			Add("isOutput", false).
			Add("isInput", false).
			Add("isSecure", false).
			Add("version", "1.0").
			Add("__type", v.ExportType).
			Add("name", v.Name).
			Add("initialValue", initial))
	}
	return list
}

// binding resolves a var: node to its declared variable.
func (l *lowerer) binding(n *yaml.Node, path string) *variable {
	if n.Kind != yaml.ScalarNode {
		l.errorf(n, path, "expected a variable name such as Flow.Code")
		return nil
	}
	v, ok := l.vars[strings.ToLower(n.Value)]
	if !ok {
		l.errorf(n, path, "variable %s is not declared; add it to variables", n.Value)
		return nil
	}
	return v
}
