package export

import "encoding/json"

// Options carries what lowering needs and the Archy YAML does not contain:
// the data actions' ids and contracts, the text-to-speech engine and voice
// ids, and the ids of user prompts and queues.
type Options struct {
	// Description is the flow description written to the export when the
	// YAML has none.
	Description string
	// DataActions lists the data actions that callData actions may name,
	// matched by category and name.
	DataActions []DataAction
	// TextToSpeech names the engine and voice ids.
	TextToSpeech TextToSpeech
	// UserPrompts maps a user prompt's name, without the "Prompt." prefix,
	// to its id in the org.
	UserPrompts map[string]string
	// Queues maps an ACD queue's name to its id in the org.
	Queues map[string]string
}

// DataAction is one data action as the export's manifest and
// uiMetaData.actionServiceActions describe it.
type DataAction struct {
	// ID is the action's id in the org, such as "custom_-_" followed by a
	// UUID. When it is empty the id is derived from the category and name,
	// and Architect resolves the action by name when it imports the file.
	ID string
	// Name is the action's name in the org; YAML callData actions name it.
	Name string
	// Category is the name of the integration that holds the action.
	Category string
	// InputSchema and SuccessSchema are the action's contract JSON schemas
	// (contract.input.inputSchema and contract.output.successSchema of a data
	// action export). Member order is kept.
	InputSchema   json.RawMessage
	SuccessSchema json.RawMessage
	// ErrorSchema is the schema of the error body that Genesys Cloud reports
	// for every custom action; data action exports do not contain it. When it
	// is empty the export has no errorSchema members.
	ErrorSchema json.RawMessage
}

// TextToSpeech identifies the text-to-speech engine and voices of the flow.
// The YAML names a voice under textToSpeech.defaultEngine, which selects
// the org's default engine. Engine and EngineID name that engine.
type TextToSpeech struct {
	// Engine and EngineID are the engine's display name and id, such as
	// "Genesys TTS" and "genesys". Empty values mean Genesys TTS, the default
	// engine of a new org.
	Engine   string
	EngineID string
	// Specific reports whether the flow selects the engine by name rather
	// than following the org's default.
	Specific bool
	// VoiceIDs maps a voice name to its id. A voice missing from the map gets
	// the id EngineID + "/" + name, the form of Genesys TTS voice ids.
	VoiceIDs map[string]string
}

func (t TextToSpeech) engine() (name, id string) {
	if t.EngineID == "" {
		return "Genesys TTS", "genesys"
	}
	return t.Engine, t.EngineID
}

func (t TextToSpeech) voiceID(voice string) string {
	if id, ok := t.VoiceIDs[voice]; ok {
		return id
	}
	_, engine := t.engine()
	return engine + "/" + voice
}
