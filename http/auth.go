package http

import (
	"context"
	"errors"
	"net"
	nethttp "net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/embargo-dev/embargo"
)

// sessionCookie carries the web UI's session token: browsers cannot send
// an Authorization header on a plain link. The token is not the API key:
// it is bound to the key signed in with, stored hashed server-side, ends
// after Config.SessionTTL and is revoked by signing out.
const sessionCookie = "embargo_session"

type keyContextKey struct{}

// keyFromContext returns the API key a request was made with, or nil.
func keyFromContext(ctx context.Context) *embargo.APIKey {
	k, _ := ctx.Value(keyContextKey{}).(*embargo.APIKey)
	return k
}

// guard wraps a route's handler with its access checks: the API key and
// its role, then the rate limit.
func (s *Server) guard(rt route, h nethttp.HandlerFunc) nethttp.Handler {
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		if err := checkQueryUTF8(r.URL.RawQuery); err != nil {
			s.routeError(w, r, rt, err)
			return
		}
		// Every state-changing UI request (sign-in and sign-out included)
		// must come from this site's pages: a page elsewhere cannot sign
		// a browser in with its own key, or post a form with the cookie.
		if !rt.api && !rt.ops {
			if err := s.crossOrigin.Check(r); err != nil {
				s.routeError(w, r, rt, embargo.Errorf(embargo.EFORBIDDEN, "This form must be sent from this site's own pages (cross-origin request refused)."))
				return
			}
		}
		var key *embargo.APIKey
		if !rt.public {
			var err error
			if key, err = s.authorize(r, rt); err != nil {
				var re *retryError
				if errors.As(err, &re) {
					w.Header().Set("Retry-After", itoa(re.secs))
				}
				s.routeError(w, r, rt, err)
				return
			}
		}
		if err := s.rateLimit(w, r, key); err != nil {
			s.routeError(w, r, rt, err)
			return
		}
		if key != nil {
			r = r.WithContext(context.WithValue(r.Context(), keyContextKey{}, key))
		}
		// The audit log names who screened: the key, or "api".
		r = r.WithContext(callerContext(r.Context()))
		h(w, r)
	})
}

// checkQueryUTF8 refuses a query string whose parameters are not valid
// UTF-8, on every route, as a JSON body is refused (see unmarshalJSON).
func checkQueryUTF8(raw string) error {
	if !strings.Contains(raw, "%") && utf8.ValidString(raw) {
		return nil // the common case: nothing escaped
	}
	for _, kv := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(kv, "=")
		for _, part := range []string{k, v} {
			// An undecodable escape is dropped by url.Values, as before.
			if s, err := url.QueryUnescape(part); err == nil && !utf8.ValidString(s) {
				name, _ := url.QueryUnescape(k)
				if !utf8.ValidString(name) {
					name = strings.ToValidUTF8(name, "\uFFFD")
				}
				return embargo.Errorf(embargo.EINVALID, "parameter %q is not valid UTF-8", name)
			}
		}
	}
	return nil
}

// routeError answers an error in the route's own format: JSON for the API,
// an HTML page for the UI.
func (s *Server) routeError(w nethttp.ResponseWriter, r *nethttp.Request, rt route, err error) {
	switch {
	case rt.api:
		s.Error(w, r, err)
	case embargo.ErrorCode(err) == embargo.EUNAUTHORIZED:
		// A browser without a key: the sign-in form, not an API message.
		// It signs in on this very address, so the user lands back here.
		next := ""
		if r.Method == nethttp.MethodGet {
			next = r.URL.RequestURI()
		}
		s.render(w, r, nethttp.StatusUnauthorized, "login", "Sign in", "", &loginPage{Error: "Sign in with an API key to see this page.", Next: next, AuthReads: s.Config.AuthReads})
	default:
		s.uiError(w, r, err)
	}
}

// keySecret returns the API key sent with a request: "Authorization: Bearer
// KEY" (or "ApiKey KEY", as yente clients send it), "X-API-Key: KEY", or for
// UI reads the key cookie set by the login page.
func keySecret(r *nethttp.Request, cookieOK bool) string {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, secret, ok := strings.Cut(h, " ")
		if ok && (strings.EqualFold(scheme, "Bearer") || strings.EqualFold(scheme, "ApiKey")) {
			return strings.TrimSpace(secret)
		}
		return h // reported as an invalid key, not silently ignored
	}
	if h := r.Header.Get("X-API-Key"); h != "" {
		return strings.TrimSpace(h)
	}
	if cookieOK {
		if c, err := r.Cookie(sessionCookie); err == nil {
			return c.Value
		}
	}
	return ""
}

// authorize checks a request's key against a route. It returns the key
// (nil for anonymous reads), EUNAUTHORIZED without a valid key where one is
// needed, and EFORBIDDEN when the key's role is too low.
func (s *Server) authorize(r *nethttp.Request, rt route) (*embargo.APIKey, error) {
	// The UI's sign-in cookie is accepted on reads (GET pages, and forms
	// such as the scan page's that only read); it is SameSite=Strict, so
	// other sites cannot send it.
	secret := keySecret(r, !rt.api && (r.Method == nethttp.MethodGet || rt.read || rt.form))
	if secret == "" {
		if rt.read && !s.Config.AuthReads {
			return nil, nil
		}
		return nil, embargo.Errorf(embargo.EUNAUTHORIZED, "An API key is required: send it as \"Authorization: Bearer KEY\" or \"X-API-Key: KEY\" (create one with: embargo keys create --role %s).", rt.role)
	}
	var key *embargo.APIKey
	var err error
	if strings.HasPrefix(secret, embargo.SessionTokenPrefix) {
		key, err = s.keys.session(r.Context(), secret)
		if err != nil && embargo.ErrorCode(err) == embargo.EUNAUTHORIZED {
			err = embargo.Errorf(embargo.EUNAUTHORIZED, "Your session has ended; sign in again.")
		}
	} else {
		key, err = s.authenticate(r, secret)
	}
	if err != nil {
		return nil, err
	}
	if !key.Role.Allows(rt.role) {
		return nil, embargo.Errorf(embargo.EFORBIDDEN, "This needs the %s role; API key %d (%s) has the %s role.", rt.role, key.ID, key.Name, key.Role)
	}
	return key, nil
}

// authenticate returns the key of secret, sent by r's client. Failed
// authentications are limited per client address, and a client over its
// limit gets ERATELIMIT without a database lookup: guessing keys, or a
// misconfigured client retrying a wrong one, costs the server nothing.
func (s *Server) authenticate(r *nethttp.Request, secret string) (*embargo.APIKey, error) {
	addr := clientAddr(r)
	key, err := s.keys.authenticate(r.Context(), secret, func() error { return s.authFailGate(addr) })
	if embargo.ErrorCode(err) == embargo.EUNAUTHORIZED && s.Config.AuthFailRate > 0 {
		s.authFails.allow(bucketKey{ip: addr}, s.Config.AuthFailRate, s.Config.AuthFailBurst)
	}
	return key, err
}

// rateLimit takes a token from the client's bucket: its key's, or its IP
// address's when anonymous. It returns ERATELIMIT when the bucket is empty.
func (s *Server) rateLimit(w nethttp.ResponseWriter, r *nethttp.Request, key *embargo.APIKey) error {
	var bk bucketKey
	rate, burst := s.Config.AnonRate, s.Config.AnonBurst
	if key != nil {
		bk = bucketKey{keyID: key.ID}
		rate, burst = s.Config.KeyRate, s.Config.KeyBurst
	} else {
		bk = bucketKey{ip: clientAddr(r)}
	}
	if rate <= 0 {
		return nil
	}
	ok, wait := s.limiter.allow(bk, rate, burst)
	if ok {
		return nil
	}
	secs := int(wait/time.Second) + 1
	w.Header().Set("Retry-After", itoa(secs))
	return embargo.Errorf(embargo.ERATELIMIT, "Rate limit exceeded (%g requests per second, bursts of %d); retry in %d s.", rate, max(burst, 1), secs)
}

// clientAddr returns the address of a request's client (without its port).
func clientAddr(r *nethttp.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// authFailGate returns ERATELIMIT when addr has used up its failed
// authentications: the key it sends is then not looked up.
func (s *Server) authFailGate(addr string) error {
	if s.Config.AuthFailRate <= 0 {
		return nil
	}
	wait := s.authFails.empty(bucketKey{ip: addr}, s.Config.AuthFailRate, s.Config.AuthFailBurst)
	if wait <= 0 {
		return nil
	}
	secs := int(wait/time.Second) + 1
	return &retryError{embargo.Errorf(embargo.ERATELIMIT, "Too many failed authentications from %s (%g per second, bursts of %d; the auth_fail_rate limit); retry in %d s.", addr, s.Config.AuthFailRate, max(s.Config.AuthFailBurst, 1), secs), secs}
}

// session returns the key of a UI session token, from the cache or the
// key service.
func (c *keyCache) session(ctx context.Context, token string) (*embargo.APIKey, error) {
	if c.svc == nil || len(token) > 200 {
		return nil, embargo.Errorf(embargo.EUNAUTHORIZED, "invalid session")
	}
	h := "session:" + embargo.HashKeySecret(token)
	now := c.now()
	if e, ok := c.get(h, now); ok {
		return e.key, e.err
	}
	key, err := c.svc.SessionKey(ctx, token)
	if err != nil && embargo.ErrorCode(err) != embargo.EUNAUTHORIZED {
		return nil, err
	}
	c.put(h, keyEntry{key: key, err: err, expires: now.Add(c.ttl)})
	return key, err
}

// forgetSession drops a session from the cache (signed out here).
func (c *keyCache) forgetSession(token string) {
	c.mu.Lock()
	delete(c.entries, "session:"+embargo.HashKeySecret(token))
	c.mu.Unlock()
}

// retryError is an error after which the client should wait secs seconds.
type retryError struct {
	err  *embargo.Error
	secs int
}

func (e *retryError) Error() string { return e.err.Error() }
func (e *retryError) Unwrap() error { return e.err }

// keyCache remembers recent key checks, so that a busy client does not cost
// a database query per request. A revoked key stops working within ttl.
type keyCache struct {
	svc     embargo.KeyService
	ttl     time.Duration
	now     func() time.Time
	mu      sync.Mutex
	entries map[string]keyEntry // by secret hash
}

type keyEntry struct {
	key     *embargo.APIKey
	err     error
	expires time.Time
}

// maxKeyCache bounds the cache; wrong keys sent in bulk must not grow it
// without end.
const maxKeyCache = 10000

// get returns the unexpired entry of hash h at now, if the cache has one.
func (c *keyCache) get(h string, now time.Time) (keyEntry, bool) {
	if c.ttl <= 0 {
		return keyEntry{}, false
	}
	c.mu.Lock()
	e, ok := c.entries[h]
	c.mu.Unlock()
	return e, ok && now.Before(e.expires)
}

// put caches e under hash h, unless the cache is off (a ttl of 0).
func (c *keyCache) put(h string, e keyEntry) {
	if c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	if len(c.entries) >= maxKeyCache {
		clear(c.entries)
	}
	c.entries[h] = e
	c.mu.Unlock()
}

func newKeyCache(svc embargo.KeyService, ttl time.Duration, now func() time.Time) *keyCache {
	return &keyCache{svc: svc, ttl: ttl, now: now, entries: map[string]keyEntry{}}
}

// authenticate returns the key of secret, from the cache or else from
// the key service once gate (which may refuse the lookup) allows it.
func (c *keyCache) authenticate(ctx context.Context, secret string, gate func() error) (*embargo.APIKey, error) {
	if c.svc == nil {
		return nil, embargo.Errorf(embargo.EUNAUTHORIZED, "invalid API key")
	}
	if !strings.HasPrefix(secret, embargo.KeySecretPrefix) || len(secret) > 200 {
		return nil, embargo.Errorf(embargo.EUNAUTHORIZED, "invalid API key")
	}
	h := embargo.HashKeySecret(secret)
	now := c.now()
	if e, ok := c.get(h, now); ok {
		return e.key, e.err
	}
	if gate != nil {
		if err := gate(); err != nil {
			return nil, err
		}
	}
	key, err := c.svc.Authenticate(ctx, secret)
	if err != nil && embargo.ErrorCode(err) != embargo.EUNAUTHORIZED {
		return nil, err // a database failure is not an answer to cache
	}
	if err != nil {
		err = embargo.Errorf(embargo.EUNAUTHORIZED, "invalid API key")
	}
	c.put(h, keyEntry{key: key, err: err, expires: now.Add(c.ttl)})
	return key, err
}
