// Package export lowers an Archy YAML flow (an inboundCall or inqueueCall
// document) to the Architect export document that the Architect UI imports,
// and encodes it with package i3.
//
// Every Archy name that lowering understands is listed in one table per
// kind: flow settings in settings.go, actions and menu choices in
// actions.go, variable declarations in variables.go. A key that is in no
// table is an error that names it and its line, so nothing in the YAML is
// dropped silently.
//
// Ids are UUID version 5 values derived from the flow name and the item's
// path in the YAML, so the same YAML always gives the same document.
// Tracking numbers count tasks, menus and actions in document order.
package export
