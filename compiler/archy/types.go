package archy

import (
	"strings"

	"github.com/callpark/callpark/compiler/expr"
)

// declTypes maps an Archy variable declaration to the Architect type of
// the variable's value.
var declTypes = map[string]expr.Type{
	"stringVariable":      expr.String,
	"integerVariable":     expr.Integer,
	"booleanVariable":     expr.Boolean,
	"decimalVariable":     expr.Decimal,
	"durationVariable":    expr.Duration,
	"dateTimeVariable":    expr.DateTime,
	"dateVariable":        expr.Date,
	"timeVariable":        expr.Time,
	"queueVariable":       expr.Queue,
	"userVariable":        expr.User,
	"phoneNumberVariable": expr.PhoneNumber,
	"jsonVariable":        expr.JSON,
}

// VarType returns the type of a variable declared with decl, such as
// stringVariable or its collection form stringCollectionVariable, and
// reports whether callpark supports the declaration.
func VarType(decl string) (expr.Type, bool) {
	if base, ok := strings.CutSuffix(decl, "CollectionVariable"); ok {
		t, ok := declTypes[base+"Variable"]
		return expr.CollectionOf(t), ok
	}
	t, ok := declTypes[decl]
	return t, ok
}

// RefID returns the refId that a reference such as
// /inboundCall/tasks/task[Main_12] names, and reports whether ref has that
// form.
func RefID(ref string) (string, bool) {
	m := refPattern.FindStringSubmatch(ref)
	if m == nil {
		return "", false
	}
	return m[4], true
}
