package publish

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/callpark/callpark/compiler"
	"github.com/callpark/callpark/compiler/diag"
	"github.com/mypurecloud/platform-client-sdk-go/v133/platformclientv2"
)

// Change is the action Apply takes on one object.
type Change string

// The changes a plan can hold. Nothing is ever deleted.
const (
	Create    Change = "create"
	Update    Change = "update"
	Unchanged Change = "unchanged"
)

// Kind names the type of object a step changes.
type Kind string

// The kinds of object that publishing writes.
const (
	KindDataAction   Kind = "data action"
	KindFlow         Kind = "flow"
	KindHoldingQueue Kind = "holding queue"
)

// Status is the outcome of one step after Apply.
type Status string

// The step outcomes. A step that Apply did not reach has an empty status.
const (
	Done    Status = "done"
	Failed  Status = "failed"
	Skipped Status = "skipped"
)

// Object is an existing object in the org that the solution refers to.
type Object struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Plan is the ordered list of steps Apply carries out. Client.Plan fills it
// from the org's current state, and Apply records each step's outcome in it.
type Plan struct {
	// Org is the API base URL.
	Org string `json:"org"`
	// Division is nil when the parameter file names no division.
	Division     *Object `json:"division,omitempty"`
	Integration  Object  `json:"integration"`
	HoldingQueue Object  `json:"holdingQueue"`
	Steps        []*Step `json:"steps"`

	// result is the compile result the steps publish, with the holding
	// queue's id filled in.
	result *compiler.Result
}

// Step is one object to create, update or leave as it is.
type Step struct {
	Kind Kind   `json:"kind"`
	Name string `json:"name"`
	// FlowType is the Architect flow type of a flow step.
	FlowType string `json:"flowType,omitempty"`
	Change   Change `json:"change"`
	// ID is the object's id: known before Apply for an existing object,
	// and after Apply for a created one.
	ID string `json:"id,omitempty"`
	// Reason explains why an object is updated.
	Reason string `json:"reason,omitempty"`
	// Unlock is set for a flow that someone has open in Architect and
	// that --force-unlock unlocks before publishing.
	Unlock bool   `json:"unlock,omitempty"`
	Status Status `json:"status,omitempty"`
	Error  string `json:"error,omitempty"`

	dataAction *compiler.DataAction
	flow       *compiler.Flow
}

// Counts returns how many steps create, update and leave unchanged an
// object.
func (p *Plan) Counts() (create, update, unchanged int) {
	for _, s := range p.Steps {
		switch s.Change {
		case Create:
			create++
		case Update:
			update++
		default:
			unchanged++
		}
	}
	return create, update, unchanged
}

// Plan resolves the objects res refers to and decides, for each data
// action, flow and the holding queue's in-queue flow, whether Apply creates,
// updates or leaves it. It sends only GET requests. A referenced object that
// is missing is reported as a diag.List entry at the parameter-file field
// that names it; all such errors are returned together. When the parameter
// file gives no holding queue id, Plan resolves the queue by name and calls
// recompile with its id.
func (c *Client) Plan(res *compiler.Result, recompile Recompile) (*Plan, error) {
	p := &Plan{Org: c.cfg.BasePath, result: res}
	prm := res.Params
	var errs diag.List

	if prm.Division != "" {
		div, err := c.findDivision(prm.Division)
		switch {
		case err != nil:
			return nil, err
		case div == nil:
			errs.Add(prm.Pos("division"), "division", "division %q not found in the org", prm.Division)
		default:
			p.Division = div
		}
	}

	integration, msg, err := c.findIntegration(prm.DataActions.Category)
	if err != nil {
		return nil, err
	}
	if msg != "" {
		errs.Add(prm.Pos("dataActions.category"), "dataActions.category", "%s", msg)
	} else {
		p.Integration = integration
	}

	queue, queueFlowID, field, msg, err := c.findQueue(prm.HoldingQueue.Name, prm.HoldingQueue.ID)
	if err != nil {
		return nil, err
	}
	if msg != "" {
		errs.Add(prm.Pos(field), field, "%s", msg)
	} else {
		p.HoldingQueue = queue
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}

	if prm.HoldingQueue.ID == "" {
		if recompile == nil {
			return nil, fmt.Errorf("holdingQueue.id is not set and no recompile function was given")
		}
		res, err = recompile(queue.ID)
		if err != nil {
			return nil, fmt.Errorf("compiling with holdingQueue.id %s: %w", queue.ID, err)
		}
		p.result = res
	}

	if err := c.planDataActions(p, &errs); err != nil {
		return nil, err
	}
	holdFlowID, err := c.planFlows(p)
	if err != nil {
		return nil, err
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	c.planQueue(p, holdFlowID, queueFlowID)
	return p, nil
}

// page is one page of a Genesys Cloud entity listing.
type page[T any] struct {
	Entities  []T `json:"entities"`
	PageCount int `json:"pageCount"`
}

// listAll requests every page of the listing at path.
func listAll[T any](c *Client, path string, query map[string]string) ([]T, error) {
	var all []T
	for number := 1; ; number++ {
		q := map[string]string{"pageSize": "100", "pageNumber": strconv.Itoa(number)}
		for k, v := range query {
			q[k] = v
		}
		var pg page[T]
		if err := c.call(http.MethodGet, path, q, nil, &pg); err != nil {
			return nil, err
		}
		all = append(all, pg.Entities...)
		if number >= pg.PageCount || len(pg.Entities) == 0 {
			return all, nil
		}
	}
}

// findDivision returns the division named name, or nil when there is none.
func (c *Client) findDivision(name string) (*Object, error) {
	divisions, err := listAll[platformclientv2.Authzdivision](c, "/api/v2/authorization/divisions", map[string]string{"name": name})
	if err != nil {
		return nil, err
	}
	for _, d := range divisions {
		if strings.EqualFold(deref(d.Name), name) {
			return &Object{ID: deref(d.Id), Name: deref(d.Name)}, nil
		}
	}
	return nil, nil
}

// findIntegration returns the data action integration named category, or a
// message saying why there is not exactly one.
func (c *Client) findIntegration(category string) (Object, string, error) {
	integrations, err := listAll[platformclientv2.Integration](c, "/api/v2/integrations", nil)
	if err != nil {
		return Object{}, "", err
	}
	var found []string
	var match Object
	for _, in := range integrations {
		if deref(in.Name) == category {
			match = Object{ID: deref(in.Id), Name: deref(in.Name)}
			found = append(found, match.ID)
		}
	}
	switch len(found) {
	case 0:
		return Object{}, fmt.Sprintf("data action integration %q not found in the org; create it, or set the name of an existing one", category), nil
	case 1:
		return match, "", nil
	}
	sort.Strings(found)
	return Object{}, fmt.Sprintf("%d data action integrations are named %q (ids %s); rename all but one", len(found), category, strings.Join(found, ", ")), nil
}

// findQueue returns the holding queue and the id of its current in-queue
// flow. With an id it reads that queue. With a name only it searches the
// queue list, and keeps searching for Timing.QueueWait because a queue
// created moments ago can be missing from the list for a while. When the
// queue is not found it returns the parameter field to blame and a message.
func (c *Client) findQueue(name, id string) (queue Object, queueFlowID, field, msg string, err error) {
	if id != "" {
		var q platformclientv2.Queue
		err := c.call(http.MethodGet, "/api/v2/routing/queues/"+url.PathEscape(id), nil, nil, &q)
		if isStatus(err, http.StatusNotFound) {
			return Object{}, "", "holdingQueue.id", fmt.Sprintf("queue %s not found in the org", id), nil
		}
		if err != nil {
			return Object{}, "", "", "", err
		}
		return Object{ID: deref(q.Id), Name: deref(q.Name)}, refID(q.QueueFlow), "", "", nil
	}

	deadline := time.Now().Add(c.timing.QueueWait)
	wait := c.timing.PollFirst
	for {
		queues, err := listAll[platformclientv2.Queue](c, "/api/v2/routing/queues", map[string]string{"name": name})
		if err != nil {
			return Object{}, "", "", "", err
		}
		for _, q := range queues {
			if strings.EqualFold(deref(q.Name), name) {
				return Object{ID: deref(q.Id), Name: deref(q.Name)}, refID(q.QueueFlow), "", "", nil
			}
		}
		if time.Now().Add(wait).After(deadline) {
			return Object{}, "", "holdingQueue.name", fmt.Sprintf("queue %q not found in the org (searched for %s); if it was created moments ago, run publish again, or set holdingQueue.id", name, c.timing.QueueWait), nil
		}
		c.logf("queue %q not in the queue list yet; searching again in %s", name, wait)
		c.sleep(wait)
		wait = min(2*wait, 4*time.Second)
	}
}

// planDataActions adds one step per data action. A data action with an id
// in the parameter file must exist; one without is looked up by name in
// the integration's category.
func (c *Client) planDataActions(p *Plan, errs *diag.List) error {
	res := p.result
	category := res.Params.DataActions.Category
	existing, err := listAll[platformclientv2.Action](c, "/api/v2/integrations/actions", map[string]string{"category": category})
	if err != nil {
		return err
	}

	for i := range res.DataActions {
		da := &res.DataActions[i]
		step := &Step{Kind: KindDataAction, Name: da.Name, dataAction: da}
		id := da.ID
		if id == "" {
			var matches []string
			for _, a := range existing {
				if deref(a.Name) == da.Name && deref(a.Category) == category {
					matches = append(matches, deref(a.Id))
				}
			}
			if len(matches) > 1 {
				field := "dataActions." + da.Key + ".name"
				errs.Add(res.Params.Pos(field), field, "%d data actions in category %q are named %q (ids %s); rename all but one", len(matches), category, da.Name, strings.Join(matches, ", "))
				continue
			}
			if len(matches) == 0 {
				step.Change = Create
				p.Steps = append(p.Steps, step)
				continue
			}
			id = matches[0]
		}

		var current map[string]any
		err := c.call(http.MethodGet, "/api/v2/integrations/actions/"+url.PathEscape(id), map[string]string{"expand": "contract", "includeConfig": "true"}, nil, &current)
		if isStatus(err, http.StatusNotFound) {
			field := "dataActions." + da.Key + ".id"
			errs.Add(res.Params.Pos(field), field, "data action %s not found in the org", id)
			continue
		}
		if err != nil {
			return err
		}
		step.ID = id
		same, err := sameDataAction(da.JSON, current)
		if err != nil {
			return fmt.Errorf("%s: %v", da.Path, err)
		}
		if same {
			step.Change = Unchanged
		} else {
			step.Change = Update
			step.Reason = "configuration or contract differs from the published action"
		}
		p.Steps = append(p.Steps, step)
	}
	return nil
}

// actionContent is the part of a data action that publishing sets.
type actionContent struct {
	Name     string `json:"name"`
	Config   any    `json:"config"`
	Contract any    `json:"contract"`
	Secure   bool   `json:"secure"`
}

// parseActionContent reads the content fields from a data action in the
// Integrations import shape that the compiler produces.
func parseActionContent(doc []byte) (actionContent, error) {
	var a actionContent
	if err := json.Unmarshal(doc, &a); err != nil {
		return a, fmt.Errorf("invalid data action JSON: %v", err)
	}
	if a.Config == nil || a.Contract == nil {
		return a, fmt.Errorf("invalid data action JSON: config and contract are required")
	}
	return a, nil
}

// sameDataAction reports whether the published action current has the
// configuration, contract and secure flag of the compiled action doc.
func sameDataAction(doc []byte, current map[string]any) (bool, error) {
	want, err := parseActionContent(doc)
	if err != nil {
		return false, err
	}
	secure, _ := current["secure"].(bool)
	// Round-trip want through JSON so that both sides hold the same Go
	// types (float64, map[string]any, []any).
	var wantGeneric, gotGeneric any
	if err := roundTrip(map[string]any{"config": want.Config, "contract": want.Contract, "secure": want.Secure}, &wantGeneric); err != nil {
		return false, err
	}
	if err := roundTrip(map[string]any{"config": current["config"], "contract": current["contract"], "secure": secure}, &gotGeneric); err != nil {
		return false, err
	}
	return reflect.DeepEqual(wantGeneric, gotGeneric), nil
}

func roundTrip(v, out any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, out)
}

// planFlows adds one step per flow and returns the id of the existing hold
// (in-queue) flow, or "" when it will be created.
func (c *Client) planFlows(p *Plan) (string, error) {
	var holdFlowID string
	var lockErrs []string
	for i := range p.result.Flows {
		f := &p.result.Flows[i]
		step := &Step{Kind: KindFlow, Name: f.Name, FlowType: f.Type, flow: f}
		p.Steps = append(p.Steps, step)

		flows, err := listAll[platformclientv2.Flow](c, "/api/v2/flows", map[string]string{"type": f.Type, "name": f.Name})
		if err != nil {
			return "", err
		}
		var match *platformclientv2.Flow
		for j := range flows {
			if strings.EqualFold(deref(flows[j].Name), f.Name) && !derefBool(flows[j].Deleted) {
				match = &flows[j]
				break
			}
		}
		if match == nil {
			step.Change = Create
			continue
		}
		step.ID = deref(match.Id)
		if f.Type == "inqueuecall" {
			holdFlowID = step.ID
		}

		step.Change, step.Reason, err = c.compareFlow(match, f)
		if err != nil {
			return "", err
		}
		if step.Change == Unchanged {
			continue
		}
		if by := lockedBy(match); by != "" {
			if !c.opts.ForceUnlock {
				lockErrs = append(lockErrs, fmt.Sprintf("flow %q (%s) is locked by %s; close it in Architect, or run publish with --force-unlock to unlock it", f.Name, f.Type, by))
				continue
			}
			step.Unlock = true
		}
	}
	if len(lockErrs) > 0 {
		return "", fmt.Errorf("%s", strings.Join(lockErrs, "\n"))
	}
	return holdFlowID, nil
}

// compareFlow decides whether the existing flow needs the compiled flow f
// published over it, by comparing f's source hash with the one recorded in
// the flow's published version.
func (c *Client) compareFlow(existing *platformclientv2.Flow, f *compiler.Flow) (Change, string, error) {
	if existing.PublishedVersion == nil || existing.PublishedVersion.Id == nil {
		return Update, "the flow has no published version", nil
	}
	var config map[string]any
	path := fmt.Sprintf("/api/v2/flows/%s/versions/%s/configuration", url.PathEscape(deref(existing.Id)), url.PathEscape(*existing.PublishedVersion.Id))
	if err := c.call(http.MethodGet, path, nil, nil, &config); err != nil {
		return "", "", err
	}
	switch published := publishedSourceHash(config); published {
	case sourceHash(f.YAML):
		return Unchanged, "", nil
	case "":
		return Update, "the published version was not published by callpark", nil
	}
	return Update, "the compiled flow differs from the published version", nil
}

// planQueue adds the step that points the holding queue at the hold flow.
func (c *Client) planQueue(p *Plan, holdFlowID, queueFlowID string) {
	step := &Step{Kind: KindHoldingQueue, Name: p.HoldingQueue.Name, ID: p.HoldingQueue.ID}
	switch {
	case holdFlowID == "":
		step.Change = Update
		step.Reason = "the in-queue flow becomes the new hold flow"
	case holdFlowID != queueFlowID:
		step.Change = Update
		step.Reason = "the in-queue flow becomes the hold flow"
	default:
		step.Change = Unchanged
	}
	p.Steps = append(p.Steps, step)
}

// lockedBy names who has flow f open in Architect, or returns "" when it
// is not locked.
func lockedBy(f *platformclientv2.Flow) string {
	switch {
	case f.LockedUser != nil:
		if name := deref(f.LockedUser.Name); name != "" {
			return "user " + name
		}
		return "user " + deref(f.LockedUser.Id)
	case f.LockedClient != nil:
		return "OAuth client " + deref(f.LockedClient.Id)
	}
	return ""
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func derefBool(b *bool) bool { return b != nil && *b }

func refID(r *platformclientv2.Domainentityref) string {
	if r == nil {
		return ""
	}
	return deref(r.Id)
}
