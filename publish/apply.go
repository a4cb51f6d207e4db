package publish

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mypurecloud/platform-client-sdk-go/v133/platformclientv2"
)

// versionRetries bounds how often a data action draft is re-read after a
// version conflict (HTTP 409) before the update fails.
const versionRetries = 3

// Apply carries out p in order: data actions, flows, then the holding
// queue. It stops at the first failed step, marks it Failed and the steps
// after it Skipped, and returns that step's error. Plan compares with the
// org's current state, so planning and applying again after a failure
// finishes the work.
func (c *Client) Apply(p *Plan) error {
	holdFlowID := ""
	for i, step := range p.Steps {
		if step.Change == Unchanged {
			step.Status = Done
			if step.Kind == KindFlow && step.FlowType == "inqueuecall" {
				holdFlowID = step.ID
			}
			continue
		}

		var err error
		switch step.Kind {
		case KindDataAction:
			err = c.applyDataAction(p, step)
		case KindFlow:
			err = c.applyFlow(step)
			if err == nil && step.FlowType == "inqueuecall" {
				holdFlowID = step.ID
			}
		case KindHoldingQueue:
			err = c.applyQueue(step, holdFlowID)
		}
		if err != nil {
			step.Status = Failed
			step.Error = err.Error()
			for _, later := range p.Steps[i+1:] {
				later.Status = Skipped
			}
			return err
		}
		step.Status = Done
		c.logf("%sd %s %q (%s)", strings.TrimSuffix(string(step.Change), "e"), step.Kind, step.Name, step.ID)
	}
	return nil
}

// applyDataAction creates the action, or updates it through a draft that it
// then publishes.
func (c *Client) applyDataAction(p *Plan, step *Step) error {
	content, err := parseActionContent(step.dataAction.JSON)
	if err != nil {
		return fmt.Errorf("%s: %v", step.dataAction.Path, err)
	}
	if step.Change == Create {
		body := map[string]any{
			"name":          step.dataAction.Name,
			"category":      step.dataAction.Category,
			"integrationId": p.Integration.ID,
			"config":        content.Config,
			"contract":      content.Contract,
			"secure":        content.Secure,
		}
		var created platformclientv2.Action
		if err := c.call(http.MethodPost, "/api/v2/integrations/actions", nil, body, &created); err != nil {
			return fmt.Errorf("creating data action %q: %w", step.Name, err)
		}
		step.ID = deref(created.Id)
		return nil
	}

	draftPath := "/api/v2/integrations/actions/" + url.PathEscape(step.ID) + "/draft"
	maxAttempts := versionRetries + 1
	for attempt := 1; ; attempt++ {
		err := c.updateDraft(draftPath, step, content)
		if err == nil {
			return nil
		}
		if !isStatus(err, http.StatusConflict) {
			return fmt.Errorf("updating data action %q: %w", step.Name, err)
		}
		if attempt >= maxAttempts {
			return fmt.Errorf("updating data action %q failed after %d attempts, because its draft version changed during each one. "+
				"Wait until no one is editing the action, then run publish again. Last error: %w", step.Name, attempt, err)
		}
		c.logf("data action %q: draft version changed during attempt %d of %d, reading the draft again: %v", step.Name, attempt, maxAttempts, err)
	}
}

// updateDraft writes content into the action's draft, creating the draft
// when there is none, and publishes it with the draft's current version.
func (c *Client) updateDraft(draftPath string, step *Step, content actionContent) error {
	var draft platformclientv2.Action
	err := c.call(http.MethodGet, draftPath, nil, nil, &draft)
	if isStatus(err, http.StatusNotFound) {
		err = c.call(http.MethodPost, draftPath, nil, nil, &draft)
	}
	if err != nil {
		return err
	}

	patch := map[string]any{
		"name":     step.dataAction.Name,
		"category": step.dataAction.Category,
		"config":   content.Config,
		"contract": content.Contract,
		"secure":   content.Secure,
		"version":  derefInt(draft.Version),
	}
	if err := c.call(http.MethodPatch, draftPath, nil, patch, &draft); err != nil {
		return err
	}
	publish := map[string]any{"version": derefInt(draft.Version)}
	return c.call(http.MethodPost, draftPath+"/publish", nil, publish, nil)
}

// applyFlow unlocks the flow when the plan marks it for unlocking, then
// publishes the compiled YAML, with its source hash added, through an
// Architect job.
func (c *Client) applyFlow(step *Step) error {
	if step.Unlock {
		if err := c.call(http.MethodPost, "/api/v2/flows/actions/unlock", map[string]string{"flow": step.ID}, nil, nil); err != nil {
			return fmt.Errorf("unlocking flow %q: %w", step.Name, err)
		}
		c.logf("unlocked flow %q (%s)", step.Name, step.ID)
	}
	doc, err := withSourceHash(step.flow.YAML, sourceHash(step.flow.YAML))
	if err != nil {
		return fmt.Errorf("%s: %v", step.flow.Path, err)
	}
	id, err := c.runFlowJob(step.Name, doc)
	if err != nil {
		return err
	}
	step.ID = id
	return nil
}

// FlowJobError is an Architect job that ended with status Failure.
type FlowJobError struct {
	JobID    string
	Flow     string
	Messages []string
}

// Error lists every message of the job, one per line.
func (e *FlowJobError) Error() string {
	if len(e.Messages) == 0 {
		return fmt.Sprintf("publishing flow %q failed: Architect job %s ended with status Failure and gave no messages", e.Flow, e.JobID)
	}
	return fmt.Sprintf("publishing flow %q failed: Architect job %s ended with status Failure:\n  %s", e.Flow, e.JobID, strings.Join(e.Messages, "\n  "))
}

// runFlowJob publishes one flow's Archy YAML through the Architect jobs
// API and returns the flow's id. It polls the job after PollFirst, waiting
// half as long again after each poll up to PollMax. The waits add up to at
// most PollTimeout, because the last one is cut to the time left, and the
// job then times out.
func (c *Client) runFlowJob(name string, doc []byte) (string, error) {
	var job platformclientv2.Registerarchitectjobresponse
	if err := c.call(http.MethodPost, "/api/v2/flows/jobs", nil, nil, &job); err != nil {
		return "", fmt.Errorf("publishing flow %q: %w", name, err)
	}
	jobID := deref(job.Id)
	if jobID == "" || job.PresignedUrl == nil {
		return "", fmt.Errorf("publishing flow %q: the Architect job response has no id or upload URL", name)
	}
	headers := map[string]string{}
	if job.Headers != nil {
		headers = *job.Headers
	}
	if err := c.upload(*job.PresignedUrl, headers, doc); err != nil {
		return "", fmt.Errorf("publishing flow %q: uploading YAML for Architect job %s: %w", name, jobID, err)
	}

	deadline := time.Now().Add(c.timing.PollTimeout)
	wait := min(c.timing.PollFirst, c.timing.PollTimeout)
	path := "/api/v2/flows/jobs/" + url.PathEscape(jobID)
	for {
		c.sleep(wait)
		var state platformclientv2.Architectjobstateresponse
		if err := c.call(http.MethodGet, path, map[string]string{"expand": "messages"}, nil, &state); err != nil {
			return "", fmt.Errorf("publishing flow %q: %w", name, err)
		}
		switch deref(state.Status) {
		case "Success":
			if state.Flow == nil || deref(state.Flow.Id) == "" {
				return "", fmt.Errorf("publishing flow %q: Architect job %s succeeded but names no flow", name, jobID)
			}
			return deref(state.Flow.Id), nil
		case "Failure":
			return "", &FlowJobError{JobID: jobID, Flow: name, Messages: jobMessages(state.Messages)}
		}
		left := time.Until(deadline)
		if left <= 0 {
			return "", fmt.Errorf("publishing flow %q: Architect job %s timed out after %s with status %q. "+
				"The job may still finish, so check the flow in Architect before running publish again", name, jobID, c.timing.PollTimeout, deref(state.Status))
		}
		wait = min(wait*3/2, c.timing.PollMax, left)
	}
}

// jobMessages renders an Architect job's messages as "TYPE: text".
func jobMessages(messages *[]platformclientv2.Architectjobmessage) []string {
	if messages == nil {
		return nil
	}
	var out []string
	for _, m := range *messages {
		text := deref(m.Text)
		if t := deref(m.VarType); t != "" {
			text = t + ": " + text
		}
		out = append(out, text)
	}
	return out
}

// applyQueue sets the holding queue's in-queue flow to the hold flow. It
// reads the queue and writes it back with only queueFlow changed, so other
// settings made since the plan are kept.
func (c *Client) applyQueue(step *Step, holdFlowID string) error {
	if holdFlowID == "" {
		return errors.New("setting the holding queue's in-queue flow: the hold flow's id is unknown")
	}
	path := "/api/v2/routing/queues/" + url.PathEscape(step.ID)
	var queue map[string]json.RawMessage
	if err := c.call(http.MethodGet, path, nil, nil, &queue); err != nil {
		return fmt.Errorf("reading holding queue %q: %w", step.Name, err)
	}
	ref, _ := json.Marshal(map[string]string{"id": holdFlowID})
	queue["queueFlow"] = ref
	if err := c.call(http.MethodPut, path, nil, queue, nil); err != nil {
		return fmt.Errorf("setting the in-queue flow of holding queue %q: %w", step.Name, err)
	}
	return nil
}

func derefInt(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}
