package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// sourceHashVariable is the flow variable that records which compiled YAML
// a flow was last published from. Plan reads it back from the published
// version's configuration to decide whether a flow is unchanged, so the
// flow's name and description stay exactly as the parameter file gives
// them.
const sourceHashVariable = "Flow.callparkSourceHash"

// sourceHash returns the SHA-256 of a compiled flow's YAML as
// "sha256:HEX".
func sourceHash(doc []byte) string {
	sum := sha256.Sum256(doc)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// withSourceHash returns the Archy YAML doc with a string variable
// Flow.callparkSourceHash whose initial value is hash, added to the flow's
// variables list. The document is re-encoded by yaml.v3, so its layout may
// change but its content does not.
func withSourceHash(doc []byte, hash string) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		return nil, fmt.Errorf("invalid flow YAML: %v", err)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode || len(root.Content[0].Content) != 2 {
		return nil, fmt.Errorf("invalid flow YAML: expected one flow type key at the top")
	}
	flow := root.Content[0].Content[1]
	if flow.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("invalid flow YAML: %s is not a mapping", root.Content[0].Content[0].Value)
	}

	variable := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		scalar("stringVariable"),
		{Kind: yaml.MappingNode, Content: []*yaml.Node{
			scalar("name"), scalar(sourceHashVariable),
			scalar("initialValue"), {Kind: yaml.MappingNode, Content: []*yaml.Node{scalar("lit"), scalar(hash)}},
			scalar("isInput"), {Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false"},
			scalar("isOutput"), {Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false"},
		}},
	}}
	list := mappingValue(flow, "variables")
	if list == nil {
		list = &yaml.Node{Kind: yaml.SequenceNode}
		flow.Content = append(flow.Content, scalar("variables"), list)
	}
	if list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("invalid flow YAML: variables is not a list")
	}
	list.Content = append(list.Content, variable)

	var out strings.Builder
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&root); err != nil {
		return nil, err
	}
	return []byte(out.String()), nil
}

// scalar returns a string scalar node.
func scalar(value string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value}
}

// mappingValue returns the value of key in the mapping node m, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// publishedSourceHash returns the value of Flow.callparkSourceHash in a
// flow configuration as GET /api/v2/flows/{id}/versions/{v}/configuration
// returns it, or "" when the flow has no such variable. Variables there
// have the shape of an Architect export's: a name and an initialValue whose
// config.lit.text holds a literal's unescaped value.
//
// NOTE: that shape is taken from Architect export files; the configuration
// endpoint has not been checked against a real org.
func publishedSourceHash(config map[string]any) string {
	variables, _ := config["variables"].([]any)
	for _, v := range variables {
		variable, _ := v.(map[string]any)
		if variable["name"] != sourceHashVariable {
			continue
		}
		initial, _ := variable["initialValue"].(map[string]any)
		cfg, _ := initial["config"].(map[string]any)
		lit, _ := cfg["lit"].(map[string]any)
		if text, ok := lit["text"].(string); ok {
			return text
		}
		if text, ok := initial["text"].(string); ok {
			return strings.Trim(text, `"`)
		}
	}
	return ""
}
