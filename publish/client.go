package publish

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/mypurecloud/platform-client-sdk-go/v133/platformclientv2"
)

// Client is a signed-in connection to one org. Its methods are not safe for
// concurrent use, because the SDK reports response statuses through one
// hook per configuration.
type Client struct {
	cfg    *platformclientv2.Configuration
	http   *http.Client
	opts   Options
	timing Timing
	sleep  func(time.Duration)

	mu         sync.Mutex
	lastStatus int
	lastHeader http.Header
}

// Connect signs in with creds: it requests a token with the OAuth
// client-credentials grant, or uses creds.AccessToken as it is. Connect
// sends one request for the grant and none for an access token.
func Connect(creds Credentials, opts Options) (*Client, error) {
	c := &Client{opts: opts, timing: opts.Timing.withDefaults(), sleep: time.Sleep, http: opts.HTTPClient}
	if c.http == nil {
		c.http = &http.Client{Timeout: 60 * time.Second}
	}
	c.cfg = newConfiguration(creds.BaseURL, c.recordResponse)

	if creds.AccessToken != "" {
		c.cfg.AccessToken = creds.AccessToken
		return c, nil
	}
	_, err := c.retry("POST "+tokenURL(creds.BaseURL), func() (int, http.Header, error) {
		c.resetLast()
		err := c.cfg.AuthorizeClientCredentials(creds.ClientID, creds.ClientSecret)
		status, header := c.last()
		if err == nil {
			return http.StatusOK, header, nil
		}
		return status, header, err
	})
	if err != nil {
		return nil, fmt.Errorf("signing in with OAuth client %s: %w", creds.ClientID, err)
	}
	return c, nil
}

// apiHostPrefix matches the "api." host prefix that the SDK replaces with
// "login." to reach the OAuth token endpoint.
var apiHostPrefix = regexp.MustCompile(`(?i)//api\.`)

// tokenURL returns the URL that AuthorizeClientCredentials in SDK v133
// (configuration.go) sends the token request to: the base URL with an
// "api." host prefix changed to "login.", followed by /oauth/token.
func tokenURL(baseURL string) string {
	return apiHostPrefix.ReplaceAllString(baseURL, "//login.") + "/oauth/token"
}

// BaseURL returns the API base URL the client sends requests to.
func (c *Client) BaseURL() string { return c.cfg.BasePath }

// APIError is an unsuccessful response from the API.
type APIError struct {
	Method string
	Path   string
	Status int
	// Message is the API's error message, or the HTTP status text when the
	// response had none.
	Message string
}

// Error renders e as METHOD PATH: HTTP STATUS: message.
func (e *APIError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d: %s", e.Method, e.Path, e.Status, e.Message)
}

// isStatus reports whether err is an APIError with the given status.
func isStatus(err error, status int) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Status == status
}

// call sends one API request through the SDK and decodes the JSON response
// into out when out is not nil. body is marshalled to JSON unless it is a
// json.RawMessage, which is sent as it is.
func (c *Client) call(method, path string, query map[string]string, body, out any) error {
	if raw, ok := body.(json.RawMessage); ok {
		text := string(raw)
		body = &text
	}
	var resp *platformclientv2.APIResponse
	status, err := c.retry(method+" "+c.cfg.BasePath+path, func() (int, http.Header, error) {
		c.resetLast()
		headers := map[string]string{
			"Authorization": "Bearer " + c.cfg.AccessToken,
			"Accept":        "application/json",
		}
		r, err := c.cfg.APIClient.CallAPI(c.cfg.BasePath+path, method, body, headers, query, nil, "", nil)
		resp = r
		if r != nil {
			return r.StatusCode, http.Header(r.Header), err
		}
		status, header := c.last()
		return status, header, err
	})
	if err != nil {
		if resp == nil || status < 400 {
			return err
		}
		msg := resp.Status
		if resp.Error != nil && resp.Error.Message != "" {
			msg = resp.Error.Message
		}
		return &APIError{Method: method, Path: path, Status: status, Message: msg}
	}
	if out == nil || resp == nil || !resp.HasBody {
		return nil
	}
	if err := json.Unmarshal(resp.RawBody, out); err != nil {
		return fmt.Errorf("%s %s: invalid response: %v", method, path, err)
	}
	return nil
}

// upload sends data with PUT to a presigned URL with exactly the given
// headers and no Authorization header. Messages show the URL without its
// query, which holds the signature.
func (c *Client) upload(target string, headers map[string]string, data []byte) error {
	shown := target
	if u, err := url.Parse(target); err == nil {
		u.RawQuery = ""
		shown = u.String()
	}
	_, err := c.retry("PUT "+shown, func() (int, http.Header, error) {
		req, err := http.NewRequest(http.MethodPut, target, bytes.NewReader(data))
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("User-Agent", "")
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		resp, err := c.http.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		text, _ := io.ReadAll(io.LimitReader(resp.Body, 2048))
		if resp.StatusCode >= 300 {
			return resp.StatusCode, resp.Header, fmt.Errorf("HTTP %d: %s", resp.StatusCode, bytes.TrimSpace(text))
		}
		return resp.StatusCode, resp.Header, nil
	})
	return err
}

// retry runs attempt until it succeeds, fails with a status that a retry
// cannot fix, or the retry limits are reached. desc names the request as
// METHOD URL, and the retry log lines and the final error name it once.
// attempt returns the HTTP status (0 when no response arrived), the
// response headers and its error. A 429 waits for its Retry-After header's
// duration. A 5xx other than 501 and a network error wait RetryWait,
// doubling up to RetryWaitMax. retry returns the last status.
func (c *Client) retry(desc string, attempt func() (int, http.Header, error)) (int, error) {
	backoff := c.timing.RetryWait
	maxAttempts := c.timing.RetryMax + 1
	var waited time.Duration
	for n := 1; ; n++ {
		status, header, err := attempt()
		wait, again := c.retryWait(status, header, err, backoff)
		if !again {
			return status, err
		}

		reason := describeFailure(status, err)
		if n >= maxAttempts {
			return status, fmt.Errorf("%s failed after %d attempts: %s", desc, n, reason)
		}
		if waited+wait > c.timing.RetryBudget {
			return status, fmt.Errorf("%s failed after %d attempts (the next wait of %s would exceed the %s retry budget): %s", desc, n, wait, c.timing.RetryBudget, reason)
		}
		c.logf("%s failed (attempt %d of %d), retrying in %s: %s", desc, n, maxAttempts, wait, reason)
		c.sleep(wait)
		waited += wait
		if status != http.StatusTooManyRequests {
			backoff = min(2*backoff, c.timing.RetryWaitMax)
		}
	}
}

// retryWait returns how long to wait before the next attempt and whether
// there should be one.
func (c *Client) retryWait(status int, header http.Header, err error, backoff time.Duration) (time.Duration, bool) {
	switch {
	case status == http.StatusTooManyRequests:
		if seconds, convErr := strconv.Atoi(header.Get("Retry-After")); convErr == nil && seconds >= 0 {
			return time.Duration(seconds) * c.timing.RetryAfterUnit, true
		}
		if at, dateErr := http.ParseTime(header.Get("Retry-After")); dateErr == nil {
			return max(time.Until(at), 0), true
		}
		return backoff, true
	case status >= 500 && status != http.StatusNotImplemented:
		return backoff, true
	case status == 0 && err != nil:
		return backoff, true
	}
	return 0, false
}

// describeFailure names the status, or the cause of the error when no
// response arrived. For a network error the cause is the error inside
// net/http's *url.Error. The text around it repeats the request that
// retry's desc already names: the SDK's HTTP client (go-retryablehttp)
// adds "METHOD URL giving up after 1 attempt(s)", and url.Error adds the
// URL with its query, which for an upload holds the signature.
func describeFailure(status int, err error) string {
	if status != 0 {
		return fmt.Sprintf("HTTP %d %s", status, http.StatusText(status))
	}
	if err == nil {
		return "no response"
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) && urlErr.Err != nil {
		return urlErr.Err.Error()
	}
	return err.Error()
}

// recordResponse is the SDK's response hook. It keeps the status and headers
// of the latest response, because the SDK returns no response for a status
// that its retry policy marks retryable.
func (c *Client) recordResponse(r *http.Response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lastStatus = r.StatusCode
	c.lastHeader = r.Header.Clone()
}

func (c *Client) resetLast() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lastStatus, c.lastHeader = 0, nil
}

func (c *Client) last() (int, http.Header) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastStatus, c.lastHeader
}

// logf writes one line to the options' log.
func (c *Client) logf(format string, args ...any) {
	if c.opts.Log != nil {
		fmt.Fprintf(c.opts.Log, format+"\n", args...)
	}
}
