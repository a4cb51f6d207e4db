package expr

import "fmt"

// MaxErrors is the number of errors after which checking an expression
// stops.
const MaxErrors = 10

// Error is one problem, Pos is the 1-based character offset in the
// expression text (the end of the text is length+1).
type Error struct {
	Pos int
	Msg string
}

// Error renders e as "POS: message".
func (e Error) Error() string { return fmt.Sprintf("%d: %s", e.Pos, e.Msg) }

// bailout is the panic value that abandons parsing or checking. The entry
// points recover it.
type bailout struct{}

// errorList collects errors up to MaxErrors.
type errorList struct {
	errs []Error
}

// add records an error and bails out once MaxErrors are recorded.
func (l *errorList) add(pos int, format string, args ...any) {
	l.errs = append(l.errs, Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
	if len(l.errs) >= MaxErrors {
		panic(bailout{})
	}
}

// catch recovers a bailout panic and lets every other panic through.
func catch() {
	if r := recover(); r != nil {
		if _, ok := r.(bailout); !ok {
			panic(r)
		}
	}
}
