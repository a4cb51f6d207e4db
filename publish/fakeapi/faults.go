package fakeapi

import (
	"net/http"
	"strings"
)

// fault makes the next matching requests fail with a status.
type fault struct {
	method     string
	prefix     string
	status     int
	retryAfter string
	remaining  int
}

// RateLimit makes the next times requests with method (any when "") to a
// path starting with prefix fail with 429 and the Retry-After header
// retryAfter (left out when "").
func (s *Server) RateLimit(method, prefix string, times int, retryAfter string) {
	s.addFault(&fault{method: method, prefix: prefix, status: http.StatusTooManyRequests, retryAfter: retryAfter, remaining: times})
}

// FailRequests makes the next times requests with method (any when "") to
// a path starting with prefix fail with status, such as 500 or 503.
func (s *Server) FailRequests(method, prefix string, times, status int) {
	s.addFault(&fault{method: method, prefix: prefix, status: status, remaining: times})
}

func (s *Server) addFault(f *fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
}

// FailNextJob makes the next Architect job fail with the given messages;
// with none, the job fails and reports no messages.
func (s *Server) FailNextJob(messages ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobFailures = append(s.jobFailures, messages)
}

// injectFault answers r with the first matching fault and reports whether
// it did.
func (s *Server) injectFault(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	var hit *fault
	for _, f := range s.faults {
		if f.remaining > 0 && (f.method == "" || f.method == r.Method) && strings.HasPrefix(r.URL.Path, f.prefix) {
			f.remaining--
			hit = f
			break
		}
	}
	s.mu.Unlock()
	if hit == nil {
		return false
	}
	if hit.retryAfter != "" {
		w.Header().Set("Retry-After", hit.retryAfter)
	}
	writeError(w, hit.status, "injected.fault", http.StatusText(hit.status))
	return true
}
