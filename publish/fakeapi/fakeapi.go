// Package fakeapi is an in-process fake of the Genesys Cloud API endpoints
// that callpark publish uses, for tests and benchmarks. It runs on
// 127.0.0.1 through httptest, checks requests the way the real API does
// (bearer token, JSON bodies and their required fields, the uploaded Archy
// YAML's root key and flow name), keeps its state across calls, logs every
// request, and injects faults on demand.
//
// NOTE: the checks follow the public API reference and the SDK's models;
// where the real API's behaviour is not documented (the shape of a flow
// configuration, the exact error bodies), the fake makes a plausible choice
// that is marked at the spot.
package fakeapi

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Token is the access token the fake issues and accepts.
const Token = "fake-access-token"

// Request is one logged request.
type Request struct {
	Method string
	Path   string
	Query  string
	Status int
}

// Write reports whether r changes state in the org: any method other than
// GET, except the OAuth token request.
func (r Request) Write() bool {
	return r.Method != http.MethodGet && r.Path != "/oauth/token"
}

// Server is the fake org. Its exported methods are safe to call while
// requests are served.
type Server struct {
	*httptest.Server

	// ClientID and ClientSecret are the OAuth client the token endpoint
	// accepts.
	ClientID     string
	ClientSecret string

	mu      sync.Mutex
	latency time.Duration
	jobTime time.Duration
	log     []Request
	faults  []*fault
	nextID  int

	divisions    []*named
	integrations []*named
	actions      map[string]*action
	queues       map[string]*queue
	queueOrder   []string
	flows        map[string]*flow
	jobs         map[string]*job
	jobFailures  [][]string
	draftEdits   []*draftEdit
}

type named struct{ ID, Name string }

// New starts a fake org with a Home division and no other objects. Close
// it with Close.
func New() *Server {
	s := &Server{
		ClientID:     "fake-client",
		ClientSecret: "fake-secret",
		actions:      map[string]*action{},
		queues:       map[string]*queue{},
		flows:        map[string]*flow{},
		jobs:         map[string]*job{},
	}
	s.divisions = append(s.divisions, &named{ID: s.newID(), Name: "Home"})
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// SetLatency delays every response by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetJobTime sets how long an Architect job runs after its YAML is
// uploaded before it reports its outcome.
func (s *Server) SetJobTime(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobTime = d
}

// Requests returns a copy of the request log.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// ResetLog empties the request log.
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}

// Writes returns the logged requests that change state.
func (s *Server) Writes() []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Write() {
			out = append(out, r)
		}
	}
	return out
}

func (s *Server) newID() string {
	s.nextID++
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", s.nextID)
}

// AddDivision adds a division and returns its id.
func (s *Server) AddDivision(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := &named{ID: s.newID(), Name: name}
	s.divisions = append(s.divisions, d)
	return d.ID
}

// AddIntegration adds a Genesys Cloud Data Actions integration and returns
// its id. Adding two with one name is allowed, as in a real org.
func (s *Server) AddIntegration(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := &named{ID: s.newID(), Name: name}
	s.integrations = append(s.integrations, in)
	return in.ID
}

// AddQueue adds an ACD queue and returns its id. The queue list leaves the
// queue out of its first hiddenLists responses that would include it, as
// the real list does for a queue created moments ago; GET by id finds it
// at once.
func (s *Server) AddQueue(name string, hiddenLists int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.newID()
	s.queues[id] = &queue{hidden: hiddenLists, body: map[string]any{
		"id": id, "name": name, "acwSettings": map[string]any{"wrapupPrompt": "OPTIONAL"},
		"skillEvaluationMethod": "ALL", "memberCount": 0,
	}}
	s.queueOrder = append(s.queueOrder, id)
	return id
}

// QueueFlowID returns the id of the queue's in-queue flow, or "".
func (s *Server) QueueFlowID(queueID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queues[queueID]
	if q == nil {
		return ""
	}
	ref, _ := q.body["queueFlow"].(map[string]any)
	id, _ := ref["id"].(string)
	return id
}

// Queue returns a copy of the queue's stored JSON object.
func (s *Server) Queue(queueID string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queues[queueID]
	if q == nil {
		return nil
	}
	var out map[string]any
	data, _ := json.Marshal(q.body)
	_ = json.Unmarshal(data, &out)
	return out
}

// basicAuth reports whether the request carries the fake's client
// credentials.
func (s *Server) basicAuth(r *http.Request) bool {
	header := r.Header.Get("Authorization")
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(header, "Basic "))
	return err == nil && strings.HasPrefix(header, "Basic ") && string(raw) == s.ClientID+":"+s.ClientSecret
}

// serve logs the request, applies latency and faults, checks the token and
// routes the request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	latency := s.latency
	s.mu.Unlock()
	if latency > 0 {
		time.Sleep(latency)
	}

	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		s.mu.Lock()
		s.log = append(s.log, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Status: rec.status})
		s.mu.Unlock()
	}()

	if s.injectFault(rec, r) {
		return
	}
	switch {
	case r.URL.Path == "/oauth/token":
		s.token(rec, r)
	case strings.HasPrefix(r.URL.Path, "/upload/"):
		s.upload(rec, r)
	case strings.HasPrefix(r.URL.Path, "/api/v2/"):
		if r.Header.Get("Authorization") != "Bearer "+Token {
			writeError(rec, http.StatusUnauthorized, "bad.credentials", "Invalid login credentials.")
			return
		}
		s.route(rec, r)
	default:
		writeError(rec, http.StatusNotFound, "not.found", "no such endpoint: "+r.URL.Path)
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// token implements the OAuth client-credentials grant.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.ParseForm() != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "grant_type client_credentials is required"})
		return
	}
	if !s.basicAuth(r) {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "client not found or wrong secret"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"access_token": Token, "token_type": "bearer", "expires_in": 86399})
}

// writeJSON writes v as the JSON response body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError writes an error body in the API's shape.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"status": status, "code": code, "message": msg})
}

// readJSON decodes the request body into v, writing a 400 response and
// returning false when the body is not a JSON object of the right shape.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		writeError(w, http.StatusUnsupportedMediaType, "unsupported.media.type", "Content-Type must be application/json")
		return false
	}
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "bad.request", "invalid JSON body: "+err.Error())
		return false
	}
	return true
}

// listing writes entities as one page of a Genesys Cloud entity listing.
func listing[T any](w http.ResponseWriter, r *http.Request, entities []T) {
	size := 25
	if n, err := fmt.Sscan(r.URL.Query().Get("pageSize"), &size); n != 1 || err != nil || size < 1 || size > 500 {
		size = 25
	}
	number := 1
	if q := r.URL.Query().Get("pageNumber"); q != "" {
		if _, err := fmt.Sscan(q, &number); err != nil || number < 1 {
			writeError(w, http.StatusBadRequest, "invalid.value", "pageNumber must be a positive integer")
			return
		}
	}
	pageCount := (len(entities) + size - 1) / size
	start := min((number-1)*size, len(entities))
	end := min(start+size, len(entities))
	writeJSON(w, http.StatusOK, map[string]any{
		"entities": entities[start:end], "pageSize": size, "pageNumber": number,
		"total": len(entities), "pageCount": pageCount,
	})
}
