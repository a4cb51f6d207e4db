package fakeapi

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// flow is an Architect flow with its published version.
type flow struct {
	ID          string
	Name        string
	Type        string
	Division    string
	Description string
	LockedBy    string
	Version     int
	// Config is the published version's configuration.
	Config map[string]any
	// YAML is the last Archy YAML published to the flow.
	YAML []byte
}

// job is one Architect job.
type job struct {
	id       string
	uploaded bool
	doneAt   time.Time
	noticed  time.Time
	flowID   string
	flowName string
	failed   bool
	messages []string
}

// uploadHeaders are the headers the fake returns with a job's upload URL
// and requires on the upload, as an S3 presigned URL does.
var uploadHeaders = map[string]string{
	"Content-Type":                 "application/octet-stream",
	"x-amz-server-side-encryption": "AES256",
}

// rootKeys maps the Archy YAML root keys the fake accepts to flow types.
var rootKeys = map[string]string{"inboundCall": "inboundcall", "inqueueCall": "inqueuecall"}

// Flow returns a copy of the flow with the given name and type, or nil.
func (s *Server) Flow(name, flowType string) *flow {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.flows {
		if f.Name == name && f.Type == flowType {
			copied := *f
			return &copied
		}
	}
	return nil
}

// LockFlow marks the flow with the given id as open in Architect by user.
func (s *Server) LockFlow(id, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.flows[id]; f != nil {
		f.LockedBy = user
	}
}

// NoticeDelays returns, for each finished job, how long after the job
// finished the first GET reported its outcome.
func (s *Server) NoticeDelays() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []time.Duration
	for _, j := range s.jobs {
		if !j.noticed.IsZero() {
			out = append(out, j.noticed.Sub(j.doneAt))
		}
	}
	return out
}

func (f *flow) summary() map[string]any {
	out := map[string]any{
		"id": f.ID, "name": f.Name, "type": f.Type, "description": f.Description,
		"division": map[string]any{"name": f.Division},
	}
	if f.Version > 0 {
		out["publishedVersion"] = map[string]any{"id": fmt.Sprintf("%d.0", f.Version)}
	}
	if f.LockedBy != "" {
		out["lockedUser"] = map[string]any{"id": "user-" + f.LockedBy, "name": f.LockedBy}
	}
	return out
}

func (s *Server) listFlows(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if t := q.Get("type"); t != "" && t != "inboundcall" && t != "inqueuecall" {
		writeError(w, http.StatusBadRequest, "invalid.value", "the fake knows no flow type "+t)
		return
	}
	s.mu.Lock()
	var out []map[string]any
	for _, f := range s.flows {
		if (q.Get("type") == "" || q.Get("type") == f.Type) && nameMatches(f.Name, q.Get("name")) {
			out = append(out, f.summary())
		}
	}
	s.mu.Unlock()
	listing(w, r, out)
}

func (s *Server) flowConfiguration(w http.ResponseWriter, id, version string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.flows[id]
	if f == nil || f.Version == 0 || version != fmt.Sprintf("%d.0", f.Version) {
		writeError(w, http.StatusNotFound, "not.found", "flow "+id+" has no version "+version)
		return
	}
	writeJSON(w, http.StatusOK, f.Config)
}

func (s *Server) unlockFlow(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("flow")
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.flows[id]
	if f == nil {
		writeError(w, http.StatusNotFound, "not.found", "flow "+id+" not found")
		return
	}
	f.LockedBy = ""
	writeJSON(w, http.StatusOK, f.summary())
}

func (s *Server) createJob(w http.ResponseWriter) {
	s.mu.Lock()
	j := &job{id: s.newID()}
	s.jobs[j.id] = j
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"id":           j.id,
		"presignedUrl": s.URL + "/upload/" + j.id + "?X-Amz-Signature=fake",
		"headers":      uploadHeaders,
	})
}

// upload receives a job's Archy YAML on the presigned URL, checks it and
// decides the job's outcome, which GET reports once the job time is over.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	if r.Method != http.MethodPut || r.URL.Query().Get("X-Amz-Signature") == "" {
		writeError(w, http.StatusForbidden, "AccessDenied", "PUT to the presigned URL with its signature is required")
		return
	}
	if r.Header.Get("Authorization") != "" {
		writeError(w, http.StatusBadRequest, "InvalidArgument", "only one auth mechanism allowed; the presigned URL carries the signature")
		return
	}
	for k, v := range uploadHeaders {
		if r.Header.Get(k) != v {
			writeError(w, http.StatusForbidden, "SignatureDoesNotMatch", fmt.Sprintf("header %s must be %q", k, v))
			return
		}
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, http.StatusBadRequest, "IncompleteBody", err.Error())
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[id]
	if j == nil || j.uploaded {
		writeError(w, http.StatusForbidden, "AccessDenied", "no job "+id+" waits for an upload")
		return
	}
	j.uploaded = true
	j.doneAt = time.Now().Add(s.jobTime)
	s.runJob(j, body)
	w.WriteHeader(http.StatusOK)
}

// runJob publishes the uploaded YAML into the fake's state, or records why
// the job fails.
func (s *Server) runJob(j *job, doc []byte) {
	fail := func(messages ...string) {
		j.failed = true
		j.messages = messages
	}
	if len(s.jobFailures) > 0 {
		fail(s.jobFailures[0]...)
		s.jobFailures = s.jobFailures[1:]
		return
	}

	var root map[string]map[string]any
	if err := yaml.Unmarshal(doc, &root); err != nil || len(root) != 1 {
		fail(fmt.Sprintf("invalid Archy YAML: expected one flow type key at the top (%v)", err))
		return
	}
	var key string
	var body map[string]any
	for key, body = range root {
	}
	flowType, ok := rootKeys[key]
	if !ok {
		fail("unsupported flow type key " + key)
		return
	}
	name, _ := body["name"].(string)
	if name == "" {
		fail("the flow has no name")
		return
	}
	division, _ := body["division"].(string)
	if division != "" && !s.hasDivision(division) {
		fail("division " + division + " not found")
		return
	}

	var f *flow
	for _, existing := range s.flows {
		if strings.EqualFold(existing.Name, name) && existing.Type == flowType {
			f = existing
		}
	}
	if f == nil {
		f = &flow{ID: s.newID(), Name: name, Type: flowType}
		s.flows[f.ID] = f
	}
	if f.LockedBy != "" {
		fail(fmt.Sprintf("flow %s is locked by %s", name, f.LockedBy))
		return
	}
	f.Description, _ = body["description"].(string)
	f.Division = division
	f.Version++
	f.YAML = doc
	f.Config = configuration(name, flowType, f.Description, body)
	j.flowID, j.flowName = f.ID, f.Name
}

func (s *Server) hasDivision(name string) bool {
	for _, d := range s.divisions {
		if strings.EqualFold(d.Name, name) {
			return true
		}
	}
	return false
}

// configuration builds the part of a published flow configuration that
// publish reads: the flow's name, type, description and string variables
// with literal initial values.
//
// NOTE: the variable shape follows Architect export files, which hold the
// same document; a real org's configuration carries much more.
func configuration(name, flowType, description string, body map[string]any) map[string]any {
	var variables []any
	list, _ := body["variables"].([]any)
	for _, item := range list {
		entry, _ := item.(map[string]any)
		v, _ := entry["stringVariable"].(map[string]any)
		if v == nil {
			continue
		}
		initial, _ := v["initialValue"].(map[string]any)
		lit := fmt.Sprint(initial["lit"])
		variables = append(variables, map[string]any{
			"__type": "StringVariable", "name": v["name"], "isCollection": false,
			"initialValue": map[string]any{
				"config": map[string]any{"lit": map[string]any{"pos": 1, "text": lit, "type": "str"}},
				"text":   fmt.Sprintf("%q", lit), "type": "str", "uiMetaData": map[string]any{"mode": 1}, "version": 2,
			},
		})
	}
	return map[string]any{"name": name, "type": flowType, "description": description, "variables": variables}
}

func (s *Server) getJob(w http.ResponseWriter, r *http.Request, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[id]
	if j == nil {
		writeError(w, http.StatusNotFound, "not.found", "job "+id+" not found")
		return
	}
	out := map[string]any{"id": j.id, "command": "publish", "status": "Started"}
	now := time.Now()
	if j.uploaded && !now.Before(j.doneAt) {
		if j.noticed.IsZero() {
			j.noticed = now
		}
		if j.failed {
			out["status"] = "Failure"
		} else {
			out["status"] = "Success"
			out["flow"] = map[string]any{"id": j.flowID, "name": j.flowName}
		}
		if strings.Contains(r.URL.Query().Get("expand"), "messages") {
			var messages []any
			for _, m := range j.messages {
				messages = append(messages, map[string]any{"type": "error", "text": m, "dateTime": j.doneAt.UTC().Format(time.RFC3339)})
			}
			out["messages"] = messages
		}
	}
	writeJSON(w, http.StatusOK, out)
}
