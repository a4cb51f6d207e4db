package fakeapi

import (
	"net/http"
)

// queue is an ACD queue stored as the JSON object the API returns.
type queue struct {
	body   map[string]any
	hidden int
}

func (s *Server) listQueues(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var out []map[string]any
	for _, id := range s.queueOrder {
		q := s.queues[id]
		name, _ := q.body["name"].(string)
		if !nameMatches(name, r.URL.Query().Get("name")) {
			continue
		}
		if q.hidden > 0 {
			q.hidden--
			continue
		}
		out = append(out, q.body)
	}
	s.mu.Unlock()
	listing(w, r, out)
}

func (s *Server) getQueue(w http.ResponseWriter, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queues[id]
	if q == nil {
		writeError(w, http.StatusNotFound, "not.found", "queue "+id+" not found")
		return
	}
	writeJSON(w, http.StatusOK, q.body)
}

// putQueue replaces the queue, as PUT /api/v2/routing/queues/{id} does. It
// requires a name and an in-queue flow that exists and is an in-queue call
// flow.
func (s *Server) putQueue(w http.ResponseWriter, r *http.Request, id string) {
	var body map[string]any
	if !readJSON(w, r, &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queues[id]
	if q == nil {
		writeError(w, http.StatusNotFound, "not.found", "queue "+id+" not found")
		return
	}
	if name, _ := body["name"].(string); name == "" {
		writeError(w, http.StatusBadRequest, "missing.fields", "name is required")
		return
	}
	if ref, ok := body["queueFlow"].(map[string]any); ok {
		flowID, _ := ref["id"].(string)
		f := s.flows[flowID]
		if f == nil || f.Type != "inqueuecall" {
			writeError(w, http.StatusBadRequest, "invalid.queue.flow", "queueFlow must be an in-queue call flow")
			return
		}
	}
	body["id"] = id
	q.body = body
	writeJSON(w, http.StatusOK, body)
}
