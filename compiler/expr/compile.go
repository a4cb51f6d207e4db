package expr

import (
	"fmt"
	"strconv"
)

// Compile parses and checks src and returns its export value in expression
// mode (Archy exp:): {config, text, type, uiMetaData: {mode: 0}, metaData,
// version: 2}. Text keeps src as written; the root node's text is the
// normalized form.
func Compile(src string, env *Env) (*Value, []Error) {
	c, errs := CheckTree(src, env)
	if len(errs) > 0 {
		return nil, errs
	}
	return c.value(ModeExpression), nil
}

// CompileAs is Compile for a setting of type want. It rejects an expression
// of another type, and converts Integer to Decimal where Decimal is wanted.
func CompileAs(src string, env *Env, want Type) (*Value, []Error) {
	c, errs := CheckTree(src, env)
	if len(errs) > 0 {
		return nil, errs
	}
	ok, conv := assignable(c.Type, want)
	switch {
	case c.Root.Kind == KindNotSet:
		c.Root.Type, c.Type = want, want
	case !ok:
		return nil, []Error{{Pos: 1, Msg: fmt.Sprintf("expression has type %s, expected %s", c.Type.Name(), want.Name())}}
	case conv:
		c.Root = (&checker{}).convert(c.Root, want)
		c.Type = want
	}
	return c.value(ModeExpression), nil
}

// CompileVariable returns the export value of a variable binding (Archy
// var:), such as the output variable of an action: mode 2, and src must be
// one flow variable.
func CompileVariable(src string, env *Env) (*Value, []Error) {
	c, errs := CheckTree(src, env)
	if len(errs) > 0 {
		return nil, errs
	}
	if c.Root.Kind != KindVar {
		return nil, []Error{{Pos: c.Root.Pos, Msg: "expected a variable name such as Flow.Result, found an expression"}}
	}
	if c.Root.System {
		return nil, []Error{{Pos: c.Root.Pos, Msg: fmt.Sprintf("built-in variable %s is read-only", c.Root.Text)}}
	}
	return c.value(ModeVariable), nil
}

func (c *Checked) value(mode Mode) *Value {
	return &Value{
		Config:     c.Root,
		Text:       c.Source,
		Type:       c.Type,
		UIMetaData: UIMetaData{Mode: mode},
		MetaData:   MetaData{References: c.References},
		Version:    Version,
	}
}

// Literal returns the export value of a literal setting (Archy lit:) of type
// t whose value is text: mode 1, a "lit" node holding text. Supported types
// are String, Integer, Decimal, Boolean and Duration (text such as
// P0D0H0M1S500F, see DurationParts). An empty text of a type other than
// String is written as an "emp" node, as exports store an unset queue.
func Literal(t Type, text string) (*Value, error) {
	if text == "" && t != String {
		v := NoValue(t)
		v.UIMetaData.Mode = ModeLiteral
		return v, nil
	}

	switch t {
	case String:
	case Integer:
		if _, err := strconv.ParseInt(text, 10, 64); err != nil {
			return nil, fmt.Errorf("invalid Integer literal %q", text)
		}
	case Decimal:
		if _, err := strconv.ParseFloat(text, 64); err != nil {
			return nil, fmt.Errorf("invalid Decimal literal %q", text)
		}
	case Boolean:
		if text != "true" && text != "false" {
			return nil, fmt.Errorf("invalid Boolean literal %q; use true or false", text)
		}
	case Duration:
		if _, err := ParseDuration(text); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("literal values of type %s are not supported", t.Name())
	}
	return literalValue(&Node{Kind: KindLiteral, Pos: 1, Text: text, Type: t}), nil
}

// PromptLiteral returns the export value of a prompt chosen as a literal,
// such as hold music: a "lit" node of type Prompt whose text is the prompt's
// name and whose val is its id (__on_hold_music__ for system prompt
// on_hold_music).
func PromptLiteral(name, id string) *Value {
	return literalValue(&Node{Kind: KindLiteral, Pos: 1, Text: name, Type: Prompt, ID: id})
}

func literalValue(n *Node) *Value {
	return &Value{
		Config:     n,
		Text:       n.Text,
		Type:       n.Type,
		UIMetaData: UIMetaData{Mode: ModeLiteral},
		Version:    Version,
	}
}

// NoValue returns the export value of a setting left empty (Archy noValue:
// true): an "emp" node of type t in mode 3.
func NoValue(t Type) *Value {
	return &Value{
		Config:     &Node{Kind: KindEmpty, Pos: 1, Type: t},
		Type:       t,
		UIMetaData: UIMetaData{Mode: ModeNoValue},
		Version:    Version,
	}
}
