package export

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/expr"
	"github.com/callpark/callpark/compiler/i3"
)

// This file is the one place where lowering calls the expression compiler.

// buildEnv declares the flow variables and the user prompts of
// Options.UserPrompts to the expression compiler.
func (l *lowerer) buildEnv() {
	vars := make([]expr.Var, 0, len(l.varList)+len(l.opts.UserPrompts))
	for _, v := range l.varList {
		vars = append(vars, expr.Var{Name: v.Name, Type: expr.Type(v.Type), ID: v.ID})
	}
	for _, name := range sortedKeys(l.opts.UserPrompts) {
		vars = append(vars, expr.Var{Name: "Prompt." + name, Type: expr.Prompt, ID: l.opts.UserPrompts[name]})
	}
	l.env = expr.NewEnv(vars...)
}

// expression compiles the exp: text n for a setting of type typ.
func (l *lowerer) expression(n *yaml.Node, typ, path string) *i3.Object {
	if n.Kind != yaml.ScalarNode {
		l.errorf(n, path, "expected an expression")
		return noValue(typ)
	}
	v, errs := expr.CompileAs(n.Value, l.env, expr.Type(typ))
	if len(errs) > 0 {
		l.exprErrors(n, path, errs)
		return noValue(typ)
	}
	l.usePrompts(v)
	return toObject(v)
}

// compileAudio compiles the audio expression src. N is the YAML node src
// was written in, or nil when lowering wrote src itself.
func (l *lowerer) compileAudio(src string, n *yaml.Node, path string, optional bool) *i3.Object {
	v, errs := expr.CompileAudio(src, l.env, expr.AudioOptions{Optional: optional})
	if len(errs) > 0 {
		if n == nil {
			l.errs.Add(l.pos(&yaml.Node{}), path, "invalid audio %q: %s", src, errs[0].Msg)
		} else {
			l.exprErrors(n, path, errs)
		}
		v, _ = expr.CompileAudio("", l.env, expr.AudioOptions{Optional: optional})
	}
	l.usePrompts(v)
	return toObject(v)
}

// bindingValue is a var: value, the variable an action writes to.
func (l *lowerer) bindingValue(v *variable) *i3.Object {
	value, errs := expr.CompileVariable(v.Name, l.env)
	if len(errs) > 0 {
		// The variable is declared, so this is a bug in the environment.
		panic("export: declared variable " + v.Name + " does not compile: " + errs[0].Msg)
	}
	return toObject(value)
}

// usePrompts records the prompts an expression references in the manifest.
func (l *lowerer) usePrompts(v *expr.Value) {
	for _, r := range v.MetaData.References {
		if r.Type != expr.Prompt {
			continue
		}
		if r.IsSysRef {
			l.useItem(manifestSystemPrompt, strings.TrimPrefix(r.Name, "PromptSystem."), r.ID, l.context)
		} else {
			l.useItem(manifestUserPrompt, strings.TrimPrefix(r.Name, "Prompt."), r.ID, l.context)
		}
	}
}

// exprErrors reports expression errors at their column in the YAML, when
// the expression is on one line.
func (l *lowerer) exprErrors(n *yaml.Node, path string, errs []expr.Error) {
	for _, e := range errs {
		pos := l.pos(n)
		if !strings.Contains(n.Value, "\n") && (n.Style == 0 || n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0) {
			offset := e.Pos - 1
			if n.Style != 0 {
				offset++ // the opening quote
			}
			if offset >= 0 && offset <= utf8.RuneCountInString(n.Value)+1 {
				pos.Col += offset
			}
		}
		l.errs.Add(pos, path, "%s", e.Msg)
	}
}
