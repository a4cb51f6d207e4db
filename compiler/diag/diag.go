// Package diag holds the positions and error lists that every compiler
// stage reports in: one error per problem, rendered as
// FILE:LINE:COL: field.path: message.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in a source file. Line and Col are 1-based; Col counts
// characters (Unicode code points), as yaml.v3 does. A zero Line means the position is
// unknown and only the file name is printed.
type Pos struct {
	File string
	Line int
	Col  int
}

// String renders p as FILE:LINE:COL, FILE:LINE or FILE.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Before reports whether p sorts before q: by file, then line, then column.
func (p Pos) Before(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Error is one problem found in an input. Field is the dotted path of the
// parameter or YAML key the problem is about, and may be empty.
type Error struct {
	Pos   Pos
	Field string
	Msg   string
}

// Error renders e as FILE:LINE:COL: field: message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Pos.String())
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// List collects errors from one or more stages. The zero value is ready to
// use.
type List []*Error

// Add appends an error at pos about field.
func (l *List) Add(pos Pos, field, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// Sort orders the list by position and drops exact repeats.
func (l *List) Sort() {
	list := *l
	sort.SliceStable(list, func(i, j int) bool { return list[i].Pos.Before(list[j].Pos) })
	out := list[:0]
	for i, e := range list {
		if i > 0 && *e == *list[i-1] {
			continue
		}
		out = append(out, e)
	}
	*l = out
}

// Err returns the list as an error, or nil when it is empty. The list is
// sorted first.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// Error renders every error on its own line.
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// AsList returns the errors err holds: the list itself for a List, one
// entry for an *Error, and nil for any other error.
func AsList(err error) List {
	var list List
	if errors.As(err, &list) {
		return list
	}
	var one *Error
	if errors.As(err, &one) {
		return List{one}
	}
	return nil
}
