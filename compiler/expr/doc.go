// Package expr compiles Genesys Cloud Architect expressions. It scans and
// parses the expression text and type-checks it against a function catalog,
// the built-in variables and the flow's own variables. It then emits the
// value object that Architect export documents store for every expression,
// literal and empty setting.
//
// The export format was learned from real Architect exports. Facts seen in
// those exports are reproduced exactly. The remaining rules (the node names of
// unary operators, the ids of most built-in variables, some signatures) are
// inferred and marked with NOTE where they are defined.
//
// Positions are 1-based and count Unicode code points of the expression text,
// so the first character is at 1 and the end of the text is at length+1.
package expr
