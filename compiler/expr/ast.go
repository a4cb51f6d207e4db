package expr

// NodeKind classifies a node of a parsed expression.
type NodeKind int

// Node kinds. Each maps to one key of the export format's node object.
const (
	KindLiteral  NodeKind = iota // "lit": string, number or Boolean literal
	KindNotSet                   // "nul": NOT_SET
	KindEmpty                    // "emp": no value at all
	KindVar                      // "ref" for flow variables and user prompts, "sysref" for built-ins
	KindCall                     // a function call, keyed by its canonical name
	KindBinary                   // a binary operator, keyed by the operator
	KindUnary                    // a unary operator, keyed by the operator
	KindIndex                    // "[": collection indexing
	KindProperty                 // ".": property access
	KindTernary                  // "?": c ? a : b
)

// Node is one node of a parsed, and after checking typed, expression.
type Node struct {
	Kind NodeKind
	// Pos is the 1-based code point offset of the node's key character: a
	// function's name, an operator, a literal's first character, "[" or ".".
	Pos int
	// Op is the export key of calls and operators: the canonical function
	// name, or an operator such as "==", "and", "[", ".", "?".
	Op string
	// Text is a literal's unescaped value, a variable's name as written, or a
	// call's name as written.
	Text string
	// Type is the node's type. The parser sets it for literals, and the
	// checker sets it for every node.
	Type Type
	// ID is the id of a referenced variable: a flow variable's or user
	// prompt's id, or a built-in's id such as __CALL_ANI__.
	ID string
	// System reports whether a variable node refers to a built-in (sysref).
	System bool
	// Implicit reports whether a call node is a conversion that the checker
	// inserted, not one the author wrote.
	Implicit bool
	// Operands are the node's children in export order: call arguments;
	// [left, right] for binary operators; [index, collection] for "[";
	// [property-name literal, object] for "."; [condition, then, else] for "?".
	Operands []*Node

	// depth is the height of the subtree, used to reject trees too deep for
	// the recursive checker and encoder.
	depth int
}

// newNode creates a node whose depth is one more than its deepest operand.
func newNode(kind NodeKind, pos int, op string, operands ...*Node) *Node {
	n := &Node{Kind: kind, Pos: pos, Op: op, Operands: operands}
	for _, o := range operands {
		if o.depth+1 > n.depth {
			n.depth = o.depth + 1
		}
	}
	return n
}
