package export

import "github.com/callpark/callpark/compiler/i3"

// Manifest lists of the org objects a flow uses.
const (
	manifestDataAction   = "dataAction"
	manifestQueue        = "queue"
	manifestUserPrompt   = "userPrompt"
	manifestSystemPrompt = "systemPrompt"
)

// manifestItem is one org object in the manifest with the places that use
// it, in the order lowering met them.
type manifestItem struct {
	name, id string
	contexts []i3.Value
	seen     map[string]bool
}

// manifest collects the org objects a flow uses, per list, in order of
// first use.
type manifest struct {
	lists map[string][]*manifestItem
	index map[string]*manifestItem
}

// useItem records that the object id of list kind is used at context, an
// action ({actionName, id, name}) or a settings block ({id}).
func (l *lowerer) useItem(kind, name, id string, context *i3.Object) {
	m := &l.manifest
	if m.index == nil {
		m.index = map[string]*manifestItem{}
		m.lists = map[string][]*manifestItem{}
	}
	item, ok := m.index[kind+"\x00"+id]
	if !ok {
		item = &manifestItem{name: name, id: id, seen: map[string]bool{}}
		m.index[kind+"\x00"+id] = item
		m.lists[kind] = append(m.lists[kind], item)
	}
	if context == nil {
		return
	}
	key := context.String("id")
	if item.seen[key] {
		return
	}
	item.seen[key] = true
	item.contexts = append(item.contexts, context)
}

// actionContext is the manifest context of an action.
func actionContext(id, name string) *i3.Object {
	return i3.NewObject(3).Add("actionName", name).Add("id", id).Add("name", name)
}

// settingsContext is the manifest context of a flow settings block, such
// as "defaultSettings" or "inQueueSettings".
func settingsContext(id string) *i3.Object {
	return i3.NewObject(1).Add("id", id)
}

// lowerManifest writes the manifest member. Data actions and queues are
// listed only when the flow uses some; the text-to-speech, language and
// prompt lists are always there, as in the reference exports.
//
// NOTE: no reference export uses a queue, so the place and member order of
// the queue list are inferred from the dataAction list.
func (l *lowerer) lowerManifest(engineName, engineID, voiceName, voiceID string) *i3.Object {
	out := i3.NewObject(7)
	for _, kind := range []string{manifestDataAction, manifestQueue} {
		if items := l.manifest.lists[kind]; len(items) > 0 {
			list := make([]i3.Value, len(items))
			for i, it := range items {
				list[i] = i3.NewObject(3).Add("name", it.name).Add("id", it.id).Add("context", contextList(it))
			}
			out.Add(kind, list)
		}
	}
	ttsContext := []i3.Value{settingsContext(l.language + "-tts")}
	out.Add("ttsEngine", []i3.Value{i3.NewObject(3).Add("name", engineName).Add("id", engineID).Add("context", ttsContext)})
	out.Add("ttsVoice", []i3.Value{i3.NewObject(3).Add("name", voiceName).Add("id", voiceID).Add("context", ttsContext)})
	out.Add("language", []i3.Value{i3.NewObject(1).Add("id", l.language)})
	for _, kind := range []string{manifestUserPrompt, manifestSystemPrompt} {
		items := l.manifest.lists[kind]
		list := make([]i3.Value, len(items))
		for i, it := range items {
			list[i] = i3.NewObject(3).Add("context", contextList(it)).Add("id", it.id).Add("name", it.name)
		}
		out.Add(kind, list)
	}
	return out
}

func contextList(it *manifestItem) []i3.Value {
	if it.contexts == nil {
		return []i3.Value{}
	}
	return it.contexts
}
