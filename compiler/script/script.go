// Package script generates the agent script that parks a call, as a Genesys
// Cloud Scripter export (a .script file, compact JSON). The agent types the
// park code into an input bound to the script variable externalTag and
// clicks a button. The button's custom action calls the update-external-tag
// data action, which sets the code as the conversation's external tag, and
// then blind-transfers the call to the holding queue.
//
// Scripter references the data action and the queue by id, so the parameter
// file must give holdingQueue.id and dataActions.updateExternalTag.id.
// Without them Generate returns a *MissingIDsError.
package script

import (
	"github.com/callpark/callpark/compiler/diag"
	"github.com/callpark/callpark/compiler/i3"
	"github.com/callpark/callpark/compiler/params"
)

// Values that do not depend on the parameter file.
const (
	// startPageID is the id Scripter gives the first page of a new script.
	// Two exports from different orgs, the blueprint's among them, carry it.
	startPageID = "a556a442-ffc0-11e4-8df6-17ce7d092df5"
	// screenPopActionID is the id of the "Screen Pop URL" custom action of
	// Scripter's default new script, also the same in both exports.
	screenPopActionID = "72af764f-0c30-401e-9527-ccfbae4dd53e"

	// organizationID is the org id of every generated script, because a
	// build does not know the org. An export carries the id of the org it
	// was exported from.
	// NOTE: importing a script with the nil UUID as its org id has not been
	// tried against a Genesys Cloud org.
	organizationID = "00000000-0000-0000-0000-000000000000"
	// exportDate is the created and modified date of every generated
	// script, so that a build does not depend on the clock.
	exportDate = "1970-01-01T00:00:00.000Z"

	// tagVariable is the script variable the agent types the code into.
	tagVariable = "externalTag"
	// parkActionName is the custom action the Transfer button runs.
	parkActionName = "Update Tag and Transfer"
)

// Input names of the update-external-tag data action's input contract.
const (
	inputConversationID = "conversationId"
	inputExternalTag    = "externalTag"
)

// MissingIDsError reports the ids the script needs that the parameter file
// does not give. Compile can still build every other artifact.
type MissingIDsError struct {
	// Fields lists the paths of the missing parameters, such as
	// holdingQueue.id, in parameter-file order.
	Fields []string
	// Diagnostics has one error per missing field, at the position where
	// the field belongs in the parameter file.
	Diagnostics diag.List
}

// Error renders one line per missing field as
// FILE:LINE:COL: field.path: message.
func (e *MissingIDsError) Error() string {
	return e.Diagnostics.Error()
}

// Generate builds the agent script export from p. It returns a
// *MissingIDsError when p lacks the holding queue's id or the
// update-external-tag data action's id. The output is the same bytes for
// the same parameters.
func Generate(p *params.Params) ([]byte, error) {
	if err := checkIDs(p); err != nil {
		return nil, err
	}
	return i3.Marshal(document(p)), nil
}

// checkIDs returns a *MissingIDsError naming every id the script needs and
// p leaves out.
func checkIDs(p *params.Params) error {
	e := &MissingIDsError{}
	if p.HoldingQueue.ID == "" {
		e.add(p, "holdingQueue.id", "missing, so callpark did not generate the agent script, which transfers parked calls to the holding queue by its id; add the queue's id")
	}
	if p.DataActions.UpdateExternalTag.ID == "" {
		e.add(p, "dataActions.updateExternalTag.id", "missing, so callpark did not generate the agent script, which calls the update-external-tag data action by its id; add the action's id (custom_-_ and a UUID) once the action exists in the org")
	}
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}

func (e *MissingIDsError) add(p *params.Params, field, msg string) {
	e.Fields = append(e.Fields, field)
	e.Diagnostics.Add(p.Pos(field), field, "%s", msg)
}

// ids is the set of generated ids of one script.
type ids struct {
	script, version string
	// screenPopURL, urlButtonVisible and tag are variable ids.
	screenPopURL, urlButtonVisible, tag string
	// park is the id of the custom action the Transfer button runs.
	park string
}

func newIDs(name string) ids {
	return ids{
		script:           itemID(name, "script"),
		version:          itemID(name, "version"),
		screenPopURL:     itemID(name, "variables/Screen Pop URL"),
		urlButtonVisible: itemID(name, "variables/URL Button Visible"),
		tag:              itemID(name, "variables/"+tagVariable),
		park:             itemID(name, "customActions/"+parkActionName),
	}
}

// document returns the whole export, members in the order Scripter writes
// them.
func document(p *params.Params) *i3.Object {
	id := newIDs(p.Script.Name)
	return i3.NewObject(12).
		Add("id", id.script).
		Add("createdDate", exportDate).
		Add("modifiedDate", exportDate).
		Add("name", p.Script.Name).
		Add("organizationId", organizationID).
		Add("versionId", id.version).
		Add("startPageId", startPageID).
		Add("pages", []i3.Value{startPage(id)}).
		Add("features", features()).
		Add("variables", variables(id)).
		Add("customActions", []i3.Value{parkAction(p, id), screenPopAction(id)}).
		Add("dataVersion", i3.Int(0))
}

// startPage returns the script's only page: the interaction details, the
// code input and the Transfer button. Its load action opens the screen pop
// URL when the script receives one.
func startPage(id ids) *i3.Object {
	onLoad := i3.NewObject(1).Add("actionName", screenPopActionID)
	properties := i3.NewObject(2).
		Add("onLoadAction", property("action", onLoad)).
		Add("backgroundColor", unset("null"))
	return i3.NewObject(8).
		Add("id", startPageID).
		Add("name", "Start Page").
		Add("organizationId", organizationID).
		Add("scriptId", id.script).
		Add("versionId", id.version).
		Add("properties", properties).
		Add("dataVersion", i3.Int(0)).
		Add("rootContainer", pageContent(id))
}

// pageContent returns the page's root container and every component in
// it.
func pageContent(id ids) *i3.Object {
	edge := spacing(5, 5, 5, 5)
	fill := box{edge, "start", stretch(), stretch()}
	fit := box{edge, "start", auto(), auto()}

	details := []i3.Value{}
	for _, row := range [][2]string{
		{"Interaction Type:", "{{scripter.interactionType}}"},
		{"Interaction State:", "{{scripter.interactionState}}"},
		{"Queue Name:", "{{scripter.queueName}}"},
		{"Customer's Number:", "{{scripter.customersFormattedNumber}}"},
	} {
		label := text(box{edge, "center", pixels(200), auto()}, row[0], true, 11)
		value := text(box{edge, "center", auto(), auto()}, row[1], false, 11)
		details = append(details, container("horizontalStackContainer", fit, edge, true, label, value))
	}
	spacer := container("horizontalStackContainer", box{spacing(0), "start", stretch(), auto()}, spacing(10), false)
	details = append(details, spacer)

	return container("verticalStackContainer", fill, edge, true,
		text(fit, "Interaction Details", true, 16),
		container("verticalStackContainer", fit, edge, true, details...),
		text(box{edge, "start", stretch(), auto()}, "Orbit: ", true, 15),
		input(fit, id.tag),
		button(fit, "Transfer", id.park),
	)
}

// features returns which Scripter features the script uses: the bridge
// feature runs data actions, and scripter provides the interaction's
// details and the transfer.
func features() *i3.Object {
	enabled := func(on bool) *i3.Object {
		return i3.NewObject(3).Add("enabled", property("boolean", on))
	}
	feature := func(properties *i3.Object) *i3.Object {
		return i3.NewObject(1).Add("properties", properties)
	}
	dialer := enabled(false).
		Add("contactListId", property("text", "")).
		Add("onContactDataLoadAction", property("action", i3.NewObject(0)))

	return i3.NewObject(11).
		Add("dialer", feature(dialer)).
		Add("scripter", feature(enabled(true))).
		Add("screenPop", feature(enabled(true))).
		Add("callback", feature(enabled(true))).
		Add("chat", feature(enabled(false))).
		Add("email", feature(enabled(false))).
		Add("message", feature(enabled(false))).
		Add("bridge", feature(enabled(true))).
		Add("uuiData", feature(enabled(true))).
		Add("customerSecuredData", feature(enabled(false))).
		Add("list", feature(enabled(false)))
}

// variables returns the script's variables: the two of the screen pop
// action and the code.
func variables(id ids) []i3.Value {
	variable := func(id, name, description, kind string, value i3.Value, in, out bool) *i3.Object {
		typ := i3.NewObject(3).Add("isDynamic", false).Add("isList", false).Add("name", kind)
		return i3.NewObject(8).
			Add("id", id).
			Add("name", name).
			Add("description", description).
			Add("type", typ).
			Add("value", value).
			Add("input", in).
			Add("output", out)
	}
	return []i3.Value{
		variable(id.screenPopURL, "Screen Pop URL", "Url to pop when script loads", "string", "", true, false),
		variable(id.urlButtonVisible, "URL Button Visible", "Whether the button to reopen the url is visible", "boolean", false, false, false),
		variable(id.tag, tagVariable, "", "string", "", false, true),
	}
}

// parkAction returns the custom action the Transfer button runs: set the
// code as the conversation's external tag through the update-external-tag
// data action, then blind-transfer the call to the holding queue.
func parkAction(p *params.Params, id ids) *i3.Object {
	inputs := i3.NewObject(2).
		Add(inputConversationID, property("variable", "scripter.interactionId")).
		Add(inputExternalTag, property("variable", id.tag))
	bridge := i3.NewObject(4).
		Add("actionName", p.DataActions.UpdateExternalTag.ID).
		Add("inputProperty", property("objectFields", i3.NewObject(1).Add("fieldProperties", inputs))).
		Add("successProperty", property("objectFields", i3.NewObject(1).Add("fieldProperties", i3.NewObject(0)))).
		Add("isHedwigAction", true)

	block := []i3.Value{
		call("bridge.bridge", property("bridgeActionArguments", bridge)),
		call("scripter.blindTransfer", property("queue", p.HoldingQueue.ID)),
	}
	return customAction(id.park, parkActionName, block)
}

// screenPopAction returns the custom action of Scripter's default script
// that opens the Screen Pop URL variable's address, when it has one, and
// sets URL Button Visible.
func screenPopAction(id ids) *i3.Object {
	condition := i3.NewObject(4).
		Add("type", "standard").
		Add("leftHandSide", property("variable", id.screenPopURL)).
		Add("operator", "notEqual").
		Add("rightHandSide", property("interpolatedText", ""))
	setVisible := i3.NewObject(3).
		Add("variable", property("variable", id.urlButtonVisible)).
		Add("variableTypeName", "boolean").
		Add("valueOfVariableProperty", property("boolean", true))
	ifBlock := []i3.Value{
		call("scripter.webPage", property("interpolatedText", "{{"+id.screenPopURL+"}}")),
		call("scripter.setVariable", property("variableWithValue", setVisible)),
	}
	branch := i3.NewObject(4).
		Add("type", "if").
		Add("condition", condition).
		Add("ifBlock", ifBlock).
		Add("elseBlock", []i3.Value{})
	return customAction(screenPopActionID, "Screen Pop URL", []i3.Value{branch})
}

// call returns one step of a custom action: the named Scripter action with
// its arguments.
func call(action string, arguments ...i3.Value) *i3.Object {
	return i3.NewObject(3).
		Add("type", "action").
		Add("actionName", action).
		Add("actionArgumentValues", arguments)
}

func customAction(id, name string, block []i3.Value) *i3.Object {
	return i3.NewObject(3).
		Add("id", id).
		Add("name", name).
		Add("action", i3.NewObject(1).Add("block", block))
}
