// Package i3 reads and writes Architect export files (.i3InboundFlow,
// .i3InQueueFlow and the other .i3 flow kinds). An export is standard base64,
// with padding and no line breaks, of the percent-encoded compact JSON
// document. Percent-encoding keeps ASCII letters, digits and -_.!~*'() as
// they are, as JavaScript's encodeURIComponent does.
//
// Documents are held as ordered JSON values (Object keeps its keys in
// document order), so decoding and encoding an export reproduces its bytes.
package i3

import "strconv"

// Value is one JSON value: *Object, []Value, string, Number, bool or nil.
type Value = any

// Number is a JSON number kept as its source text, so that decoding and
// encoding a document does not change how a number is written.
type Number string

// Member is one key and its value in an Object.
type Member struct {
	Key   string
	Value Value
}

// Object is a JSON object whose members keep their order.
type Object struct {
	Members []Member
}

// NewObject returns an object with room for n members.
func NewObject(n int) *Object {
	return &Object{Members: make([]Member, 0, n)}
}

// Add appends a member without checking for an existing key. Lowering uses
// it to build objects whose keys it writes once each.
func (o *Object) Add(key string, v Value) *Object {
	o.Members = append(o.Members, Member{key, v})
	return o
}

// Set replaces the value of the first member named key, or appends a new
// member when there is none.
func (o *Object) Set(key string, v Value) {
	for i := range o.Members {
		if o.Members[i].Key == key {
			o.Members[i].Value = v
			return
		}
	}
	o.Members = append(o.Members, Member{key, v})
}

// Get returns the value of the first member named key and whether there is
// one.
func (o *Object) Get(key string) (Value, bool) {
	for _, m := range o.Members {
		if m.Key == key {
			return m.Value, true
		}
	}
	return nil, false
}

// String returns the value of key when it is a string, or "".
func (o *Object) String(key string) string {
	v, _ := o.Get(key)
	s, _ := v.(string)
	return s
}

// Int returns the Number that writes n.
func Int(n int) Number {
	return Number(strconv.Itoa(n))
}
