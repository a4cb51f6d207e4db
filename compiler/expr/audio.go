package expr

import "fmt"

// AudioOptions are the placement details of an audio value that its
// expression does not determine.
type AudioOptions struct {
	// Optional marks audio that may be left empty, such as a flow's initial
	// greeting or a menu prompt, and writes "optional": true.
	Optional bool
	// ExpressionNames overrides the expressionName of prompt items, keyed by
	// the prompt's name as written (Prompt.X). Architect keeps the name a
	// prompt had when it was chosen, so the item of a renamed prompt can
	// carry an old name. Without an entry the current name is written.
	ExpressionNames map[string]string
}

// CompileAudio returns the export value of an audio setting (prompts, Play
// Audio). The value has no mode and no version. Its uiMetaData contains the
// sequence editor's items, derived from the expression:
// AudioPlaybackOptions(X, true|false) or X, where X is ToAudioTTS("text"),
// ToAudio(Prompt.Name), ToAudio(PromptSystem.name), or Append of those. Any
// other audio expression is kept as is, in custom expression mode. An empty
// src is an empty audio value.
func CompileAudio(src string, env *Env, opts AudioOptions) (*Value, []Error) {
	if src == "" {
		return &Value{
			Config: &Node{Kind: KindEmpty, Pos: 1, Type: Audio},
			Type:   Audio,
			UIMetaData: UIMetaData{Audio: &AudioUI{
				SequenceItems:        []SequenceItem{},
				CustomExpressionMode: true,
				Optional:             opts.Optional,
			}},
		}, nil
	}

	c, errs := CheckTree(src, env)
	if len(errs) > 0 {
		return nil, errs
	}
	if c.Type != Audio {
		return nil, []Error{{Pos: 1, Msg: fmt.Sprintf("audio expression has type %s, expected Audio", c.Type.Name())}}
	}

	items, ok := sequenceItems(c.Root, opts)
	ui := &AudioUI{SequenceItems: items, CustomExpressionMode: !ok, Optional: opts.Optional}
	if !ok {
		// NOTE: the items Architect keeps for a custom audio expression are
		// not known; an empty list is written.
		ui.SequenceItems = []SequenceItem{}
	}
	return &Value{
		Config:     c.Root,
		Text:       src,
		Type:       Audio,
		UIMetaData: UIMetaData{Audio: ui},
		MetaData:   MetaData{References: c.References},
	}, nil
}

// sequenceItems derives the sequence editor's items from a checked audio
// tree, and reports false when the tree is not a plain sequence.
func sequenceItems(n *Node, opts AudioOptions) ([]SequenceItem, bool) {
	if n.Kind == KindCall && n.Op == "AudioPlaybackOptions" {
		if flag := n.Operands[1]; flag.Kind != KindLiteral {
			return nil, false
		}
		n = n.Operands[0]
	}

	parts := []*Node{n}
	if n.Kind == KindCall && n.Op == "Append" {
		parts = n.Operands
	}
	items := make([]SequenceItem, 0, len(parts))
	for _, p := range parts {
		item, ok := sequenceItem(p, opts)
		if !ok {
			return nil, false
		}
		items = append(items, item)
	}
	return items, true
}

func sequenceItem(n *Node, opts AudioOptions) (SequenceItem, bool) {
	if n.Kind != KindCall || len(n.Operands) != 1 {
		return SequenceItem{}, false
	}
	arg := n.Operands[0]
	switch {
	case n.Op == "ToAudioTTS" && arg.Kind == KindLiteral:
		return SequenceItem{Type: SequenceTTS, Parameter: arg.Text}, true
	case n.Op == "ToAudio" && arg.Kind == KindVar:
		exprName := arg.Text
		if name, ok := opts.ExpressionNames[arg.Text]; ok {
			exprName = name
		}
		return SequenceItem{
			Type:           SequencePrompt,
			Parameter:      arg.ID,
			IsSystem:       arg.System,
			Name:           arg.Text,
			ExpressionName: exprName,
		}, true
	}
	return SequenceItem{}, false
}
