package publish

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/mypurecloud/platform-client-sdk-go/v133/platformclientv2"
)

// The environment variables that configure publishing. They are the ones
// Genesys's Terraform provider and CLI read.
const (
	EnvClientID     = "GENESYSCLOUD_OAUTHCLIENT_ID"
	EnvClientSecret = "GENESYSCLOUD_OAUTHCLIENT_SECRET"
	EnvRegion       = "GENESYSCLOUD_REGION"
	EnvAccessToken  = "GENESYSCLOUD_ACCESS_TOKEN"
)

// regionHosts maps a Genesys Cloud region name to its API base URL. The
// first fifteen entries are the region constants of platform-client-sdk-go
// v133.0.0 (configuration.go).
//
// NOTE: mx-central-1 and ap-southeast-1 are not in SDK v133; their hosts
// follow the api.<code>.pure.cloud pattern of the newer regions.
var regionHosts = map[string]string{
	"us-east-1":      "https://api.mypurecloud.com",
	"us-east-2":      "https://api.use2.us-gov-pure.cloud",
	"us-west-2":      "https://api.usw2.pure.cloud",
	"ca-central-1":   "https://api.cac1.pure.cloud",
	"sa-east-1":      "https://api.sae1.pure.cloud",
	"eu-west-1":      "https://api.mypurecloud.ie",
	"eu-west-2":      "https://api.euw2.pure.cloud",
	"eu-central-1":   "https://api.mypurecloud.de",
	"eu-central-2":   "https://api.euc2.pure.cloud",
	"ap-southeast-2": "https://api.mypurecloud.com.au",
	"ap-northeast-1": "https://api.mypurecloud.jp",
	"ap-northeast-2": "https://api.apne2.pure.cloud",
	"ap-northeast-3": "https://api.apne3.pure.cloud",
	"ap-south-1":     "https://api.aps1.pure.cloud",
	"me-central-1":   "https://api.mec1.pure.cloud",
	"mx-central-1":   "https://api.mxc1.pure.cloud",
	"ap-southeast-1": "https://api.apse1.pure.cloud",
}

// BaseURL returns the API base URL for region: the host of a Genesys Cloud
// region name such as eu-west-1, or region itself when it is an http or
// https URL (a test server, or a host missing from the table).
func BaseURL(region string) (string, error) {
	region = strings.TrimSpace(region)
	if host, ok := regionHosts[strings.ToLower(region)]; ok {
		return host, nil
	}
	if u, err := url.Parse(region); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return strings.TrimRight(region, "/"), nil
	}
	names := make([]string, 0, len(regionHosts))
	for name := range regionHosts {
		names = append(names, name)
	}
	sort.Strings(names)
	return "", fmt.Errorf("%s: unknown region %q; use one of %s, or an https:// base URL", EnvRegion, region, strings.Join(names, ", "))
}

// Credentials selects the org and how to sign in to it. Either AccessToken,
// or ClientID and ClientSecret for the OAuth client-credentials grant, is
// set. String and GoString never show the secret or the token.
type Credentials struct {
	BaseURL      string
	ClientID     string
	ClientSecret string
	AccessToken  string
}

// String describes c without its secret or token.
func (c Credentials) String() string {
	if c.AccessToken != "" {
		return fmt.Sprintf("%s (access token)", c.BaseURL)
	}
	return fmt.Sprintf("%s (OAuth client %s)", c.BaseURL, c.ClientID)
}

// GoString keeps %#v from printing the secret or the token.
func (c Credentials) GoString() string { return c.String() }

// CredentialsFromEnv reads the credentials from the environment through
// getenv (os.Getenv in the CLI). GENESYSCLOUD_REGION is required. An access
// token is used when it is set; otherwise both the client id and secret are
// required.
func CredentialsFromEnv(getenv func(string) string) (Credentials, error) {
	region := getenv(EnvRegion)
	if region == "" {
		return Credentials{}, fmt.Errorf("%s is not set; set it to the org's region, such as eu-west-1", EnvRegion)
	}
	base, err := BaseURL(region)
	if err != nil {
		return Credentials{}, err
	}

	c := Credentials{BaseURL: base, AccessToken: getenv(EnvAccessToken)}
	if c.AccessToken != "" {
		return c, nil
	}
	c.ClientID = getenv(EnvClientID)
	c.ClientSecret = getenv(EnvClientSecret)
	if c.ClientID == "" || c.ClientSecret == "" {
		return Credentials{}, fmt.Errorf("missing credentials: set %s and %s, or %s", EnvClientID, EnvClientSecret, EnvAccessToken)
	}
	return c, nil
}

// newConfiguration builds an SDK configuration for baseURL without the side
// effects of platformclientv2.NewConfiguration, which reads
// ~/.genesyscloudgo/config through a process-wide viper instance and, when
// that file enables live reload, starts a file watcher goroutine. The fields
// set here are the ones NewConfiguration's defaults set, minus the config
// file. AutomaticTokenRefresh stays false: in SDK v133 it starts a goroutine
// that panics when the refresh fails. The SDK's own retries are off
// (RetryMax 0) because api.retry retries with the project's limits; the
// response hook reports each response's status to it.
func newConfiguration(baseURL string, onResponse func(*http.Response)) *platformclientv2.Configuration {
	cfg := &platformclientv2.Configuration{
		BasePath:                 baseURL,
		LoggingConfiguration:     &platformclientv2.LoggingConfiguration{LogLevel: platformclientv2.LNone},
		RetryConfiguration:       &platformclientv2.RetryConfiguration{RetryMax: 0, RetryWaitMax: time.Duration(0)},
		ShouldRefreshAccessToken: false,
		AutomaticTokenRefresh:    false,
		AutoReloadConfig:         false,
		RefreshTokenWaitTime:     10,
		DefaultHeader:            map[string]string{},
		APIKey:                   map[string]string{},
		APIKeyPrefix:             map[string]string{},
		UserAgent:                "callpark",
	}
	cfg.RetryConfiguration.ResponseLogHook = func(r *http.Response) { onResponse(r) }
	cfg.APIClient = platformclientv2.NewAPIClient(cfg)
	return cfg
}
