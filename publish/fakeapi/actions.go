package fakeapi

import (
	"net/http"
	"strings"
)

// action is a published data action with its optional draft.
type action struct {
	ID            string
	Name          string
	Category      string
	IntegrationID string
	Config        map[string]any
	Contract      map[string]any
	Secure        bool
	Version       int
	draft         *action
}

// actionInput is the body of POST /api/v2/integrations/actions and of
// PATCH .../draft (which also carries version).
type actionInput struct {
	Name          string         `json:"name"`
	Category      string         `json:"category"`
	IntegrationID string         `json:"integrationId"`
	Config        map[string]any `json:"config"`
	Contract      map[string]any `json:"contract"`
	Secure        bool           `json:"secure"`
	Version       *int           `json:"version"`
}

// Action returns a copy of the published data action with the given name,
// or nil.
func (s *Server) Action(name string) *action {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.actions {
		if a.Name == name {
			copied := *a
			return &copied
		}
	}
	return nil
}

// ActionVersion returns the published version of the named data action, or
// 0 when there is none.
func (s *Server) ActionVersion(name string) int {
	if a := s.Action(name); a != nil {
		return a.Version
	}
	return 0
}

// checkContent returns what is missing from a data action's config and
// contract, or "".
func checkContent(config, contract map[string]any) string {
	request, _ := config["request"].(map[string]any)
	if request == nil || request["requestUrlTemplate"] == nil || request["requestType"] == nil {
		return "config.request.requestUrlTemplate and config.request.requestType are required"
	}
	input, _ := contract["input"].(map[string]any)
	output, _ := contract["output"].(map[string]any)
	if input == nil || input["inputSchema"] == nil || output == nil || output["successSchema"] == nil {
		return "contract.input.inputSchema and contract.output.successSchema are required"
	}
	return ""
}

func (a *action) summary(withConfig, withContract bool) map[string]any {
	out := map[string]any{
		"id": a.ID, "name": a.Name, "category": a.Category, "integrationId": a.IntegrationID,
		"version": a.Version, "secure": a.Secure,
	}
	if withConfig {
		out["config"] = a.Config
	}
	if withContract {
		out["contract"] = a.Contract
	}
	return out
}

func (s *Server) listActions(w http.ResponseWriter, r *http.Request) {
	category := r.URL.Query().Get("category")
	s.mu.Lock()
	var out []map[string]any
	for _, a := range s.actions {
		if (category == "" || a.Category == category) && nameMatches(a.Name, r.URL.Query().Get("name")) {
			out = append(out, a.summary(false, false))
		}
	}
	s.mu.Unlock()
	listing(w, r, out)
}

func (s *Server) getAction(w http.ResponseWriter, r *http.Request, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.actions[id]
	if a == nil {
		writeError(w, http.StatusNotFound, "not.found", "action "+id+" not found")
		return
	}
	q := r.URL.Query()
	writeJSON(w, http.StatusOK, a.summary(q.Get("includeConfig") == "true", strings.Contains(q.Get("expand"), "contract")))
}

func (s *Server) createAction(w http.ResponseWriter, r *http.Request) {
	var in actionInput
	if !readJSON(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if in.Name == "" || in.IntegrationID == "" || in.Config == nil || in.Contract == nil {
		writeError(w, http.StatusBadRequest, "missing.fields", "name, integrationId, config and contract are required")
		return
	}
	if msg := checkContent(in.Config, in.Contract); msg != "" {
		writeError(w, http.StatusBadRequest, "invalid.action", msg)
		return
	}
	var integration *named
	for _, i := range s.integrations {
		if i.ID == in.IntegrationID {
			integration = i
		}
	}
	if integration == nil {
		writeError(w, http.StatusBadRequest, "invalid.integration", "integration "+in.IntegrationID+" not found")
		return
	}
	if in.Category != "" && in.Category != integration.Name {
		writeError(w, http.StatusBadRequest, "invalid.category", "category must be the integration's name")
		return
	}
	for _, a := range s.actions {
		if a.IntegrationID == in.IntegrationID && a.Name == in.Name {
			writeError(w, http.StatusBadRequest, "duplicate.name", "an action named "+in.Name+" already exists in this integration")
			return
		}
	}
	a := &action{
		ID: "custom_-_" + s.newID(), Name: in.Name, Category: integration.Name, IntegrationID: in.IntegrationID,
		Config: in.Config, Contract: in.Contract, Secure: in.Secure, Version: 1,
	}
	s.actions[a.ID] = a
	writeJSON(w, http.StatusOK, a.summary(true, true))
}

// draft serves GET, POST (create from the published action) and PATCH of
// an action's draft.
func (s *Server) draft(w http.ResponseWriter, r *http.Request, id string) {
	var in actionInput
	if r.Method == http.MethodPatch && !readJSON(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.actions[id]
	if a == nil {
		writeError(w, http.StatusNotFound, "not.found", "action "+id+" not found")
		return
	}

	switch r.Method {
	case http.MethodGet:
		if a.draft == nil {
			writeError(w, http.StatusNotFound, "not.found", "action "+id+" has no draft")
			return
		}
	case http.MethodPost:
		if a.draft != nil {
			writeError(w, http.StatusConflict, "draft.exists", "action "+id+" already has a draft")
			return
		}
		d := *a
		d.Version = 1
		a.draft = &d
	case http.MethodPatch:
		if a.draft == nil {
			writeError(w, http.StatusNotFound, "not.found", "action "+id+" has no draft")
			return
		}
		if in.Version == nil || *in.Version != a.draft.Version {
			writeError(w, http.StatusConflict, "version.mismatch", "version does not match the draft's current version")
			return
		}
		if in.Config == nil || in.Contract == nil {
			writeError(w, http.StatusBadRequest, "missing.fields", "config and contract are required")
			return
		}
		if msg := checkContent(in.Config, in.Contract); msg != "" {
			writeError(w, http.StatusBadRequest, "invalid.action", msg)
			return
		}
		if in.Name != "" {
			a.draft.Name = in.Name
		}
		a.draft.Config, a.draft.Contract, a.draft.Secure = in.Config, in.Contract, in.Secure
		a.draft.Version++
	default:
		writeError(w, http.StatusMethodNotAllowed, "method.not.allowed", r.Method+" is not allowed on a draft")
		return
	}
	writeJSON(w, http.StatusOK, a.draft.summary(true, true))
	s.editDraftAfterLocked(a, r.Method)
}

// BumpDraft changes the named action's draft version, as a concurrent
// editor in the UI would, so the next draft update meets a version
// conflict. It creates the draft when there is none.
func (s *Server) BumpDraft(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bumpDraftLocked(name)
}

func (s *Server) bumpDraftLocked(name string) {
	for _, a := range s.actions {
		if a.Name != name {
			continue
		}
		if a.draft == nil {
			d := *a
			d.Version = 1
			a.draft = &d
		}
		a.draft.Version++
	}
}

// draftEdit is a pending BumpDraftAfter: the action's name, the draft
// request method it follows, and how many more times it applies.
type draftEdit struct {
	name      string
	method    string
	remaining int
}

// BumpDraftAfter makes the fake call BumpDraft(name) right after each of
// the next times successful requests with method to that action's draft:
// GET or POST for a read, PATCH for an update. The bump happens under the
// fake's lock before the response is complete, so the client's next request
// sees it: the PATCH after a read, or the publish after an update, carries
// a stale version and meets a 409 conflict, as when someone saves the
// draft in the UI between the two requests.
func (s *Server) BumpDraftAfter(name, method string, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.draftEdits = append(s.draftEdits, &draftEdit{name: name, method: method, remaining: times})
}

// editDraftAfterLocked applies the first pending BumpDraftAfter that
// matches a successful draft request with method to a.
func (s *Server) editDraftAfterLocked(a *action, method string) {
	for _, e := range s.draftEdits {
		if e.remaining > 0 && e.name == a.Name && e.method == method {
			e.remaining--
			s.bumpDraftLocked(a.Name)
			return
		}
	}
}

func (s *Server) publishDraft(w http.ResponseWriter, r *http.Request, id string) {
	var in struct {
		Version *int `json:"version"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.actions[id]
	if a == nil || a.draft == nil {
		writeError(w, http.StatusNotFound, "not.found", "action "+id+" has no draft")
		return
	}
	if in.Version == nil || *in.Version != a.draft.Version {
		writeError(w, http.StatusConflict, "version.mismatch", "version does not match the draft's current version")
		return
	}
	a.Name, a.Config, a.Contract, a.Secure = a.draft.Name, a.draft.Config, a.draft.Contract, a.draft.Secure
	a.Version++
	a.draft = nil
	writeJSON(w, http.StatusOK, a.summary(true, true))
}
