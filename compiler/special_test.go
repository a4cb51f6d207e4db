package compiler

import (
	"encoding/json"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/expr"
)

// TestSpecialNamesPreserved checks that names and prompts holding YAML,
// JSON and template syntax reach every output exactly as written.
func TestSpecialNamesPreserved(t *testing.T) {
	res := compileCase(t, "special-names")
	p := res.Params

	var retrieval struct {
		InboundCall struct {
			Name            string `yaml:"name"`
			Description     string `yaml:"description"`
			Division        string `yaml:"division"`
			InitialGreeting struct {
				TTS string `yaml:"tts"`
			} `yaml:"initialGreeting"`
		} `yaml:"inboundCall"`
	}
	if err := yaml.Unmarshal(findFlow(t, res, p.Retrieval.Name).YAML, &retrieval); err != nil {
		t.Fatal(err)
	}
	flow := retrieval.InboundCall
	for _, c := range []struct{ field, got, want string }{
		{"name", flow.Name, p.Retrieval.Name},
		{"description", flow.Description, p.Retrieval.Description},
		{"division", flow.Division, p.Division},
		{"initialGreeting.tts", flow.InitialGreeting.TTS, p.Retrieval.Greeting.TTS},
	} {
		if c.got != c.want {
			t.Errorf("retrieval flow %s = %q, want %q", c.field, c.got, c.want)
		}
	}

	var hold struct {
		InqueueCall struct {
			Name               string `yaml:"name"`
			StartUpTaskActions []struct {
				PlayAudio struct {
					Audio struct {
						TTS string `yaml:"tts"`
					} `yaml:"audio"`
				} `yaml:"playAudio"`
			} `yaml:"startUpTaskActions"`
		} `yaml:"inqueueCall"`
	}
	if err := yaml.Unmarshal(findFlow(t, res, p.Hold.Name).YAML, &hold); err != nil {
		t.Fatal(err)
	}
	if got := hold.InqueueCall.Name; got != p.Hold.Name {
		t.Errorf("hold flow name = %q, want %q", got, p.Hold.Name)
	}
	if got := hold.InqueueCall.StartUpTaskActions[0].PlayAudio.Audio.TTS; got != p.Hold.Audio[0].TTS {
		t.Errorf("hold flow first TTS = %q, want %q", got, p.Hold.Audio[0].TTS)
	}

	for _, da := range res.DataActions {
		var doc struct{ Name string }
		if err := json.Unmarshal(da.JSON, &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Name != da.Name {
			t.Errorf("%s: name = %q, want %q", da.Path, doc.Name, da.Name)
		}
	}
}

// TestQueueLookupLiteral checks that the holding queue's name survives
// the Architect string literal of the FindQueue lookup.
func TestQueueLookupLiteral(t *testing.T) {
	res := compileCase(t, "special-names")
	name := res.Params.HoldingQueue.Name

	tree, errs := expr.Parse(queueIDExpr(name))
	if len(errs) > 0 {
		t.Fatalf("parse %s: %v", queueIDExpr(name), errs)
	}
	// The tree is ".": [property name, FindQueue(literal)].
	lookup := tree.Operands[1]
	if got := lookup.Operands[0].Text; got != name {
		t.Errorf("FindQueue argument = %q, want %q", got, name)
	}
}
