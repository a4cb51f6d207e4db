package compiler

import (
	"fmt"
	"strings"

	"github.com/callpark/callpark/compiler/archy"
	"github.com/callpark/callpark/compiler/diag"
	"github.com/callpark/callpark/compiler/expr"
	"github.com/callpark/callpark/compiler/params"
)

// flowEnv builds the expression environment of a flow from its
// declarations.
func flowEnv(flow *archy.Flow) (*expr.Env, diag.List) {
	var errs diag.List
	var vars []expr.Var
	for _, v := range flow.Vars {
		t, ok := archy.VarType(v.Decl)
		if !ok {
			errs.Add(v.Pos, "variables."+v.Decl, "unsupported variable declaration %s", v.Decl)
			continue
		}
		vars = append(vars, expr.Var{Name: v.Name, Type: t})
	}
	return expr.NewEnv(vars...), errs
}

// exprField is a parameter whose value is an Architect expression.
type exprField struct{ field, text string }

// exprFields lists the expression parameters that are set.
func exprFields(p *params.Params) []exprField {
	fields := []exprField{{"retrieval.callerAddress", p.Retrieval.CallerAddress}}
	if p.Retrieval.SIPCallerAddress != "" {
		fields = append(fields, exprField{"retrieval.sipCallerAddress", p.Retrieval.SIPCallerAddress})
	}
	return fields
}

// checkParamExprs type-checks the expression parameters against the
// retrieval flow's variables and reports each problem at its line and
// column in the parameter file. Fields that already have an error in skip
// are left out. Every expression parameter gives the retriever's address,
// so each must be a String.
func checkParamExprs(p *params.Params, skip diag.List) diag.List {
	env, ok := retrievalEnv(p)
	if !ok {
		return nil
	}
	return checkParamExprsIn(p, env, skip)
}

// checkParamExprsIn is checkParamExprs with the retrieval flow's
// variables already known.
func checkParamExprsIn(p *params.Params, env *expr.Env, skip diag.List) diag.List {
	var errs diag.List
	for _, f := range exprFields(p) {
		if params.NearAny(f.field, skip) || strings.TrimSpace(f.text) == "" {
			continue
		}
		t, problems := expr.Check(f.text, env)
		if len(problems) == 0 && t != expr.String {
			problems = append(problems, expr.Error{Pos: 1, Msg: fmt.Sprintf("expected a String, got %s%s", t.Name(), conversionHint(t))})
		}
		for _, pr := range problems {
			pos, exact := p.TextPos(f.field, pr.Pos)
			msg := pr.Msg
			if !exact {
				msg += fmt.Sprintf(" (at character %d of the expression)", pr.Pos)
			}
			errs.Add(pos, f.field, "%s", msg)
		}
	}
	return errs
}

// retrievalEnv returns the variables of the retrieval flow as p renders
// it. It reports false when the flow does not render, which the full
// compile then reports.
func retrievalEnv(p *params.Params) (*expr.Env, bool) {
	out, err := render("retrieval.yaml.tmpl", newFlowTemplateData(p))
	if err != nil {
		return nil, false
	}
	flow, _ := archy.Parse("retrieval.yaml", out, nil)
	if flow == nil {
		return nil, false
	}
	env, _ := flowEnv(flow)
	return env, true
}

// checkExprs type-checks every expression of a rendered flow. It skips
// the expressions equal to an expression parameter, because
// checkParamExprs reports those at their place in the parameter file. Any
// other problem is a template defect, reported in the generated file.
func checkExprs(p *params.Params, f Flow, flow *archy.Flow) diag.List {
	env, errs := flowEnv(flow)
	fromParams := map[string]bool{}
	for _, field := range exprFields(p) {
		fromParams[field.text] = true
	}
	for _, e := range flow.Exprs {
		if fromParams[e.Text] {
			continue
		}
		t, problems := expr.Check(e.Text, env)
		if want, ok := wantType(e.Path); ok && len(problems) == 0 && t != want {
			problems = append(problems, expr.Error{Pos: 1, Msg: fmt.Sprintf("expected a %s, got %s%s", want.Name(), t.Name(), conversionHint(t))})
		}
		for _, pr := range problems {
			errs.Add(generatedExprPos(e, pr.Pos), e.Path, "internal error in a template expression %q: %s", e.Text, pr.Msg)
		}
	}
	return errs
}

// conversionHint suggests how to turn a value of type t into a String.
func conversionHint(t expr.Type) string {
	if t == expr.PhoneNumber {
		return "; take its .e164 property, as in ToPhoneNumber(Call.Ani).e164"
	}
	return "; convert it with ToString(...)"
}

func generatedExprPos(e archy.Expr, offset int) diag.Pos {
	pos := e.Pos
	quote := 0
	if e.Quoted {
		quote = 1
	}
	pos.Col += quote + offset - 1
	return pos
}

// wantType returns the type that the value at a flow path must have, for
// the paths that determine it: data action inputs (all String in
// callpark's data actions), typed updateData statements, and decision
// conditions.
func wantType(path string) (expr.Type, bool) {
	switch {
	case strings.Contains(path, ".inputs."):
		return expr.String, true
	case strings.HasSuffix(path, ".condition.exp"):
		return expr.Boolean, true
	}
	for decl, t := range map[string]expr.Type{".string.value.exp": expr.String, ".integer.value.exp": expr.Integer, ".boolean.value.exp": expr.Boolean} {
		if strings.HasSuffix(path, decl) {
			return t, true
		}
	}
	return "", false
}
