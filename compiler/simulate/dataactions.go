package simulate

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler"
	"github.com/callpark/callpark/compiler/expr"
)

// Values the simulated org uses where Genesys Cloud would assign an id.
const (
	// simulatedConversation is Call.ConversationId of the simulated call.
	simulatedConversation = "simulated-call"
	// simulatedQueueID is the holding queue's id when the parameter file
	// gives none.
	simulatedQueueID = "simulated-holding-queue-id"
)

// waitingCall is a parked call in the simulated holding queue.
type waitingCall struct {
	conversationID string
	participantID  string
	start          time.Time
	// rank describes the call among those the lookup returned, such as
	// "the oldest of 2".
	rank string
}

// queues returns the simulated org's queues: only the holding queue.
func (m *machine) queues() []expr.Datum {
	q := m.res.Params.HoldingQueue
	id := q.ID
	if id == "" {
		id = simulatedQueueID
	}
	return []expr.Datum{expr.ObjectValue(expr.Queue, map[string]string{"id": id, "name": q.Name})}
}

// callData evaluates the inputs of a callData action, runs the simulated
// data action and binds its success outputs. A data action named in
// Options.FailingActions takes the failure output.
func (m *machine) callData(body *yaml.Node, depth int) (signal, error) {
	i := m.enter(depth, "callData", scalar(body, "name"))
	category := field(body, "category")
	catName := keyOf(category)
	var spec *yaml.Node
	var actionName string
	if catName != "" {
		actions := field(category.Content[1], "dataAction")
		actionName = keyOf(actions)
		if actionName != "" {
			spec = actions.Content[1]
		}
	}
	da := m.dataAction(catName, actionName)
	if da == nil {
		return end, fmt.Errorf("callData %q runs data action %q in category %q, which the compiled result does not have", scalar(body, "name"), actionName, catName)
	}
	m.line(depth+1, "data action %q (%s)", da.Name, da.Key)

	inputs := map[string]expr.Datum{}
	in := field(spec, "inputs")
	for j := 0; in != nil && j+1 < len(in.Content); j += 2 {
		v, err := m.value(in.Content[j+1], expr.String)
		if err != nil {
			return end, err
		}
		inputs[in.Content[j].Value] = v
		m.line(depth+1, "input %s = %s", in.Content[j].Value, v)
	}

	var outputs map[string]expr.Datum
	if m.failing(da) {
		m.line(depth+1, "the data action fails (simulated failure)")
	} else {
		var err error
		if outputs, err = m.simulateAction(da, inputs, depth+1); err != nil {
			return end, err
		}
	}
	if outputs == nil {
		return m.branch(body, depth, i, "failure")
	}

	out := field(spec, "successOutputs")
	for j := 0; out != nil && j+1 < len(out.Content); j += 2 {
		name := scalar(out.Content[j+1], "var")
		v, ok := outputs[out.Content[j].Value]
		if !ok {
			v = expr.NotSetValue(m.varTypes[strings.ToLower(name)])
		}
		m.set(name, v, depth+1)
	}
	return m.branch(body, depth, i, "success")
}

func (m *machine) dataAction(category, name string) *compiler.DataAction {
	for i, da := range m.res.DataActions {
		if da.Category == category && da.Name == name {
			return &m.res.DataActions[i]
		}
	}
	return nil
}

func (m *machine) failing(da *compiler.DataAction) bool {
	for _, name := range m.opts.FailingActions {
		if name == da.Name || strings.EqualFold(name, da.Key) {
			return true
		}
	}
	return false
}

// simulateAction runs one of callpark's data actions against the simulated
// org and returns its outputs, or nil when the action fails.
func (m *machine) simulateAction(da *compiler.DataAction, inputs map[string]expr.Datum, depth int) (map[string]expr.Datum, error) {
	for name, v := range inputs {
		if v.NotSet {
			m.line(depth, "the data action fails: input %s is NOT_SET, so the request is invalid", name)
			return nil, nil
		}
	}
	switch da.Key {
	case "findWaitingCalls":
		return m.findWaitingCalls(da, inputs, depth)
	case "replaceParticipant":
		return m.replaceParticipant(inputs, depth), nil
	case "updateExternalTag":
		call := inputs["conversationId"].Str
		tag := inputs["externalTag"].Str
		if _, ok := m.calls[call]; !ok {
			m.line(depth, "the data action fails: conversation %q is not a parked call", call)
			return nil, nil
		}
		if tag == "" {
			m.line(depth, "clears the external tag of %s, so its park code can be used again", call)
		} else {
			m.line(depth, "sets the external tag of %s to %q", call, tag)
		}
		return map[string]expr.Datum{}, nil
	}
	return nil, fmt.Errorf("the simulator does not run data action %q (key %s)", da.Name, da.Key)
}

// analyticsQuery is the part of the find-waiting-calls request body that
// decides which calls come back and in which order.
type analyticsQuery struct {
	Order   string `json:"order"`
	OrderBy string `json:"orderBy"`
	Paging  struct {
		PageSize int `json:"pageSize"`
	} `json:"paging"`
}

// findWaitingCalls returns opts.Matches parked calls carrying the entered
// code, parked one minute apart up to the clock, as the analytics query of
// the data action would: only calls that started inside the query
// interval, in the query's order, at most one page.
func (m *machine) findWaitingCalls(da *compiler.DataAction, inputs map[string]expr.Datum, depth int) (map[string]expr.Datum, error) {
	query, err := requestQuery(da)
	if err != nil {
		return nil, err
	}
	from, err1 := time.Parse(time.RFC3339Nano, inputs["startDate"].Str)
	to, err2 := time.Parse(time.RFC3339Nano, inputs["endDate"].Str)
	if err1 != nil || err2 != nil {
		m.line(depth, "the data action fails: the analytics API rejects the interval %s/%s", inputs["startDate"].Str, inputs["endDate"].Str)
		return nil, nil
	}
	queueID := inputs["holdingQueueId"].Str
	var calls []waitingCall
	if queueID != m.queues()[0].Props["id"].Str {
		m.line(depth, "queue %q is not the holding queue, so no parked call matches", queueID)
	} else {
		calls = m.parkedCalls(from, to, depth)
	}

	sort.SliceStable(calls, func(a, b int) bool {
		if strings.EqualFold(query.Order, "desc") {
			return calls[a].start.After(calls[b].start)
		}
		return calls[a].start.Before(calls[b].start)
	})
	if query.Paging.PageSize > 0 && len(calls) > query.Paging.PageSize {
		m.line(depth, "%d calls match; the query returns its first page of %d", len(calls), query.Paging.PageSize)
		calls = calls[:query.Paging.PageSize]
	}

	convs := expr.CollectionValue(expr.String)
	parts := expr.CollectionValue(expr.String)
	if len(calls) == 0 {
		m.line(depth, "finds no waiting call with external tag %s", inputs["externalTag"])
	} else {
		m.line(depth, "finds %d waiting call(s) with external tag %s, ordered by %s %s:", len(calls), inputs["externalTag"], query.OrderBy, query.Order)
	}
	for k, c := range calls {
		c.rank = rankText(k, len(calls), query.Order)
		m.calls[c.conversationID] = c
		m.line(depth+1, "%s, participant %s, parked at %s (%s)", c.conversationID, c.participantID, expr.DateTimeValue(c.start), c.rank)
		convs.Items = append(convs.Items, expr.StringValue(c.conversationID))
		parts.Items = append(parts.Items, expr.StringValue(c.participantID))
	}
	return map[string]expr.Datum{"conversationID": convs, "participantID": parts}, nil
}

// parkedCalls returns the simulated parked calls that started inside
// [from, to), in the order they were parked.
func (m *machine) parkedCalls(from, to time.Time, depth int) []waitingCall {
	var calls []waitingCall
	outside := 0
	for k := 1; k <= m.opts.Matches; k++ {
		c := waitingCall{
			conversationID: fmt.Sprintf("parked-call-%d", k),
			participantID:  fmt.Sprintf("parked-call-%d-customer", k),
			start:          m.opts.Now.Add(-time.Duration(m.opts.Matches+1-k) * time.Minute),
		}
		if c.start.Before(from) || !c.start.Before(to) {
			outside++
			continue
		}
		calls = append(calls, c)
	}
	if outside > 0 {
		m.line(depth, "%d parked call(s) started outside the query interval and are not found", outside)
	}
	return calls
}

func rankText(k, n int, order string) string {
	if n == 1 {
		return "the only match"
	}
	first, last := "oldest", "newest"
	if strings.EqualFold(order, "desc") {
		first, last = last, first
	}
	switch k {
	case 0:
		return fmt.Sprintf("the %s of %d", first, n)
	case n - 1:
		return fmt.Sprintf("the %s of %d", last, n)
	}
	return fmt.Sprintf("number %d of %d", k+1, n)
}

// requestQuery reads the order and page size from the data action's
// request template, which is JSON with Velocity references inside strings.
func requestQuery(da *compiler.DataAction) (analyticsQuery, error) {
	var action struct {
		Config struct {
			Request struct {
				RequestTemplate string `json:"requestTemplate"`
			} `json:"request"`
		} `json:"config"`
	}
	var q analyticsQuery
	if err := json.Unmarshal(da.JSON, &action); err != nil {
		return q, fmt.Errorf("data action %q: %w", da.Name, err)
	}
	if err := json.Unmarshal([]byte(action.Config.Request.RequestTemplate), &q); err != nil {
		return q, fmt.Errorf("data action %q: the request template is not JSON: %w", da.Name, err)
	}
	if q.Order == "" {
		q.Order = "asc"
	}
	return q, nil
}

// replaceParticipant connects the parked call's participant to the
// address. It fails for a conversation or participant the lookup did not
// return, and for an empty address.
func (m *machine) replaceParticipant(inputs map[string]expr.Datum, depth int) map[string]expr.Datum {
	conv, part, address := inputs["conversationId"].Str, inputs["participantId"].Str, inputs["address"].Str
	call, ok := m.calls[conv]
	switch {
	case !ok:
		m.line(depth, "the data action fails: conversation %q is not a parked call", conv)
		return nil
	case call.participantID != part:
		m.line(depth, "the data action fails: participant %q is not the parked caller of %s", part, conv)
		return nil
	case strings.TrimSpace(address) == "":
		m.line(depth, "the data action fails: the address is empty")
		return nil
	}
	m.line(depth, "takes %s (%s) and connects its caller to %q", conv, call.rank, address)
	m.trace.Connected = true
	return map[string]expr.Datum{}
}
