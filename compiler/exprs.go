package compiler

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/callpark/callpark/compiler/archy"
	"github.com/callpark/callpark/compiler/diag"
	"github.com/callpark/callpark/compiler/expr"
	"github.com/callpark/callpark/compiler/params"
)

// declTypes maps an Archy variable declaration to the Architect type of
// the variable's value.
var declTypes = map[string]expr.Type{
	"stringVariable":   expr.String,
	"integerVariable":  expr.Integer,
	"booleanVariable":  expr.Boolean,
	"decimalVariable":  expr.Decimal,
	"durationVariable": expr.Duration,
	"dateTimeVariable": expr.DateTime,
	"dateVariable":     expr.Date,
	"timeVariable":     expr.Time,
	"queueVariable":    expr.Queue,
	"userVariable":     expr.User,
	"jsonVariable":     expr.JSON,
}

// varType returns the type of a declared variable: declTypes, or a
// collection of it for the "...CollectionVariable" form.
func varType(decl string) (expr.Type, bool) {
	if base, ok := strings.CutSuffix(decl, "CollectionVariable"); ok {
		t, ok := declTypes[base+"Variable"]
		return expr.CollectionOf(t), ok
	}
	t, ok := declTypes[decl]
	return t, ok
}

// flowEnv builds the expression environment of a flow from its
// declarations.
func flowEnv(flow *archy.Flow) (*expr.Env, diag.List) {
	var errs diag.List
	var vars []expr.Var
	for _, v := range flow.Vars {
		t, ok := varType(v.Decl)
		if !ok {
			errs.Add(v.Pos, "variables."+v.Decl, "unsupported variable declaration %s", v.Decl)
			continue
		}
		vars = append(vars, expr.Var{Name: v.Name, Type: t})
	}
	return expr.NewEnv(vars...), errs
}

// exprParams lists the parameters whose value is an Architect expression,
// so an error in one is reported at the parameter-file line.
func exprParams(p *params.Params) map[string]string {
	fields := map[string]string{
		p.Retrieval.CallerAddress: "retrieval.callerAddress",
	}
	if p.Retrieval.SIPCallerAddress != "" {
		fields[p.Retrieval.SIPCallerAddress] = "retrieval.sipCallerAddress"
	}
	return fields
}

// checkExprs type-checks every expression of a flow. An expression that
// came from the parameter file is reported there; any other is a template
// defect, reported in the generated file.
func checkExprs(p *params.Params, f Flow, flow *archy.Flow) diag.List {
	env, errs := flowEnv(flow)
	fields := exprParams(p)
	for _, e := range flow.Exprs {
		t, problems := expr.Check(e.Text, env)
		if want, ok := wantType(e.Path); ok && len(problems) == 0 && t != want {
			problems = append(problems, expr.Error{Pos: 1, Msg: fmt.Sprintf("expected a %s, got %s%s", want.Name(), t.Name(), conversionHint(t))})
		}
		field, fromParams := fields[e.Text]
		for _, pr := range problems {
			if fromParams {
				errs.Add(paramExprPos(p, field, e.Text, pr.Pos), field, "%s", pr.Msg)
				continue
			}
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

// paramExprPos maps a 1-based character offset inside the expression of
// parameter field to a position in the parameter file. The offset is only
// exact when the value is written on one line; otherwise the value's start
// is returned.
func paramExprPos(p *params.Params, field, text string, offset int) diag.Pos {
	pos := p.Pos(field)
	if pos.Line == 0 || strings.ContainsAny(text, "\n") {
		return pos
	}
	return diag.Pos{File: pos.File, Line: pos.Line, Col: pos.Col + p.QuoteWidth(field) + byteOffset(text, offset)}
}

func generatedExprPos(e archy.Expr, offset int) diag.Pos {
	pos := e.Pos
	quote := 0
	if e.Quoted {
		quote = 1
	}
	pos.Col += quote + byteOffset(e.Text, offset)
	return pos
}

// byteOffset converts a 1-based character offset in s into a 0-based byte
// offset, clamped to len(s).
func byteOffset(s string, offset int) int {
	n := 0
	for i := 1; i < offset && n < len(s); i++ {
		_, size := utf8.DecodeRuneInString(s[n:])
		n += size
	}
	return n
}

// wantType returns the type the value at a flow path must have, where the
// path tells: data action inputs (all String in callpark's data actions),
// typed updateData statements, and decision conditions.
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
