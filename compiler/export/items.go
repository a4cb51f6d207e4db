package export

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/i3"
)

// Kinds of flow sequence items.
const (
	itemTask     = "task"
	itemMenu     = "menu"
	itemLoopTask = "loopTask"
)

// sequenceItem is one task or menu of the flow.
type sequenceItem struct {
	kind  string
	refID string
	name  string
	id    string
	// path is the YAML path for messages; idPath is the path ids derive from.
	path, idPath string
	body         *fields
	// actions is the task's action list (startUpTaskActions for the loop task).
	actions *yaml.Node
}

// loopTaskName is the name Architect gives an in-queue flow's startup task.
const loopTaskName = "In-Queue Task"

// collectItems reads the tasks and menus and indexes them by refId, so
// references can be resolved in any order. The in-queue startup task comes
// first, then tasks, then menus, the order of the reference export.
func (l *lowerer) collectItems(f *fields) {
	if l.flowType == i3.InQueueCall {
		actions := f.get("startUpTaskActions")
		if actions == nil {
			l.errorf(f.node, l.kind+".startUpTaskActions", "missing startUpTaskActions")
		}
		l.items = append(l.items, &sequenceItem{
			kind: itemLoopTask, name: loopTaskName,
			id:   itemID(l.flowName, "startUpTaskActions"),
			path: l.kind + ".startUpTaskActions", idPath: "startUpTaskActions",
			actions: actions,
		})
	}
	l.collectList(f.get("tasks"), "tasks", itemTask)
	l.collectList(f.get("menus"), "menus", itemMenu)
}

func (l *lowerer) collectList(list *yaml.Node, key, kind string) {
	if list == nil {
		return
	}
	path := l.kind + "." + key
	if list.Kind != yaml.SequenceNode {
		l.errorf(list, path, "expected a list of %ss", kind)
		return
	}
	for i, entry := range list.Content {
		k, body, ok := single(entry)
		if !ok || k.Value != kind {
			l.errorf(entry, fmt.Sprintf("%s[%d]", path, i), "expected \"- %s:\"", kind)
			continue
		}
		itemPath := fmt.Sprintf("%s[%d].%s", path, i, kind)
		f := l.fields(body, itemPath, kind)
		it := &sequenceItem{kind: kind, path: itemPath, body: f, name: f.str("name", "")}
		if it.name == "" {
			l.errorf(body, itemPath+".name", "missing %s name", kind)
		}
		it.idPath = fmt.Sprintf("%s/#%d", key, i)
		if ref := f.get("refId"); ref != nil {
			it.refID = ref.Value
			it.idPath = key + "/" + ref.Value
			if prev, dup := l.refs[ref.Value]; dup {
				// Report the later of the two, naming the earlier one.
				first, second, secondPath := prev.body.get("refId"), ref, itemPath
				if first.Line > second.Line {
					first, second, secondPath = second, first, prev.path
				}
				l.errorf(second, secondPath+".refId", "refId %q is already used at line %d", ref.Value, first.Line)
			} else {
				l.refs[ref.Value] = it
			}
		}
		it.id = itemID(l.flowName, it.idPath)
		l.items = append(l.items, it)
	}
}

// startItem returns the id of the item the flow starts with.
func (l *lowerer) startItem(f *fields) string {
	if l.flowType == i3.InQueueCall {
		return l.items[0].id
	}
	ref := f.require("startUpRef")
	if ref == nil {
		return ""
	}
	if it := l.resolveRef(ref, l.kind+".startUpRef", ""); it != nil {
		return it.id
	}
	return ""
}

// lowerItems writes flowSequenceItemList.
func (l *lowerer) lowerItems() []i3.Value {
	out := make([]i3.Value, 0, len(l.items))
	for _, it := range l.items {
		if it.kind == itemMenu {
			out = append(out, l.lowerMenu(it))
			continue
		}
		out = append(out, l.lowerTask(it))
	}
	return out
}

// lowerTask writes a Task, or the LoopTask of an in-queue flow.
func (l *lowerer) lowerTask(it *sequenceItem) *i3.Object {
	actionsPath := it.path + ".actions"
	if it.body != nil {
		it.actions = it.body.get("actions")
		it.body.done()
	} else {
		actionsPath = it.path
	}
	tracking := l.nextTracking()
	var actions []i3.Value
	first := l.lowerActions(it.actions, actionsPath, it.idPath+"/actions", &actions)

	task := i3.NewObject(9)
	if first != "" {
		task.Add("startAction", first)
	}
	exportType := "Task"
	if it.kind == itemLoopTask {
		exportType = "LoopTask"
	}
	task.Add("trackingId", tracking).
		Add("id", it.id).
		Add("name", it.name).
		Add("uiMetaData", collapsed()).
		Add("__type", exportType).
		Add("paths", []i3.Value{i3.NewObject(2).Add("label", "Default").Add("outputId", "__DEFAULT__")}).
		Add("actionList", nonNil(actions)).
		Add("variables", []i3.Value{})
	return task
}

func collapsed() *i3.Object {
	return i3.NewObject(1).Add("collapsed", false)
}

func nonNil(list []i3.Value) []i3.Value {
	if list == nil {
		return []i3.Value{}
	}
	return list
}
