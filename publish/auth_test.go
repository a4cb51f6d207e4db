package publish

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestBaseURL(t *testing.T) {
	for _, tc := range []struct{ region, want string }{
		{"us-east-1", "https://api.mypurecloud.com"},
		{"eu-west-1", "https://api.mypurecloud.ie"},
		{"EU-Central-2", "https://api.euc2.pure.cloud"},
		{"ap-northeast-3", "https://api.apne3.pure.cloud"},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080"},
	} {
		got, err := BaseURL(tc.region)
		if err != nil || got != tc.want {
			t.Errorf("BaseURL(%q) = %q, %v; want %q", tc.region, got, err, tc.want)
		}
	}
}

func TestBaseURLUnknownRegion(t *testing.T) {
	_, err := BaseURL("moon-1")
	if err == nil || !strings.Contains(err.Error(), "eu-west-1") {
		t.Errorf("BaseURL(moon-1) error = %v, want the list of regions", err)
	}
}

func TestCredentialsFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

	c, err := CredentialsFromEnv(env(map[string]string{EnvRegion: "eu-west-2", EnvClientID: "id", EnvClientSecret: "s3cret"}))
	if err != nil || c.BaseURL != "https://api.euw2.pure.cloud" || c.ClientSecret != "s3cret" {
		t.Errorf("client credentials: %v, %v", c, err)
	}
	if shown := fmt.Sprintf("%v %+v %#v %s", c, c, c, c); strings.Contains(shown, "s3cret") {
		t.Errorf("formatting credentials shows the secret: %s", shown)
	}

	c, err = CredentialsFromEnv(env(map[string]string{EnvRegion: "us-east-1", EnvAccessToken: "tok3n"}))
	if err != nil || c.AccessToken != "tok3n" || strings.Contains(c.String(), "tok3n") {
		t.Errorf("access token: %v, %v", c, err)
	}

	if _, err := CredentialsFromEnv(env(map[string]string{EnvRegion: "us-east-1", EnvClientID: "id"})); err == nil || !strings.Contains(err.Error(), EnvClientSecret) {
		t.Errorf("missing secret error = %v", err)
	}
	if _, err := CredentialsFromEnv(env(map[string]string{EnvAccessToken: "t"})); err == nil || !strings.Contains(err.Error(), EnvRegion) {
		t.Errorf("missing region error = %v", err)
	}
}

// settledGoroutines waits up to a second for the goroutine count to fall
// to limit (when limit > 0) and returns the count.
func settledGoroutines(limit int) int {
	n := runtime.NumGoroutine()
	for i := 0; i < 100 && n > limit; i++ {
		time.Sleep(10 * time.Millisecond)
		n = runtime.NumGoroutine()
		if limit == 0 {
			break
		}
	}
	return n
}
