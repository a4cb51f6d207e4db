package fakeapi

import (
	"net/http"
	"strings"
)

// route sends an authenticated /api/v2 request to its handler.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/api/v2/"), "/")
	m := r.Method
	switch {
	case match(parts, "authorization", "divisions") && m == http.MethodGet:
		s.listDivisions(w, r)
	case match(parts, "integrations") && m == http.MethodGet:
		s.listIntegrations(w, r)
	case match(parts, "integrations", "actions") && m == http.MethodGet:
		s.listActions(w, r)
	case match(parts, "integrations", "actions") && m == http.MethodPost:
		s.createAction(w, r)
	case match(parts, "integrations", "actions", "*") && m == http.MethodGet:
		s.getAction(w, r, parts[2])
	case match(parts, "integrations", "actions", "*", "draft"):
		s.draft(w, r, parts[2])
	case match(parts, "integrations", "actions", "*", "draft", "publish") && m == http.MethodPost:
		s.publishDraft(w, r, parts[2])
	case match(parts, "routing", "queues") && m == http.MethodGet:
		s.listQueues(w, r)
	case match(parts, "routing", "queues", "*") && m == http.MethodGet:
		s.getQueue(w, parts[2])
	case match(parts, "routing", "queues", "*") && m == http.MethodPut:
		s.putQueue(w, r, parts[2])
	case match(parts, "flows") && m == http.MethodGet:
		s.listFlows(w, r)
	case match(parts, "flows", "*", "versions", "*", "configuration") && m == http.MethodGet:
		s.flowConfiguration(w, parts[1], parts[3])
	case match(parts, "flows", "actions", "unlock") && m == http.MethodPost:
		s.unlockFlow(w, r)
	case match(parts, "flows", "jobs") && m == http.MethodPost:
		s.createJob(w)
	case match(parts, "flows", "jobs", "*") && m == http.MethodGet:
		s.getJob(w, r, parts[2])
	default:
		writeError(w, http.StatusNotFound, "not.found", "the fake has no endpoint "+m+" "+r.URL.Path)
	}
}

// match reports whether path parts equal pattern, where "*" matches any
// one part.
func match(parts []string, pattern ...string) bool {
	if len(parts) != len(pattern) {
		return false
	}
	for i, p := range pattern {
		if p != "*" && p != parts[i] {
			return false
		}
	}
	return true
}

// nameMatches reports whether name contains the filter, ignoring case, as
// the API's name filters do.
func nameMatches(name, filter string) bool {
	return filter == "" || strings.Contains(strings.ToLower(name), strings.ToLower(filter))
}

func (s *Server) listDivisions(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var out []map[string]any
	for _, d := range s.divisions {
		if nameMatches(d.Name, r.URL.Query().Get("name")) {
			out = append(out, map[string]any{"id": d.ID, "name": d.Name})
		}
	}
	s.mu.Unlock()
	listing(w, r, out)
}

func (s *Server) listIntegrations(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var out []map[string]any
	for _, in := range s.integrations {
		out = append(out, map[string]any{
			"id": in.ID, "name": in.Name, "intendedState": "ENABLED",
			"integrationType": map[string]any{"id": "purecloud-data-actions"},
		})
	}
	s.mu.Unlock()
	listing(w, r, out)
}
