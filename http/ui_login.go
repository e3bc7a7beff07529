package http

import (
	nethttp "net/http"
	"net/url"
	"strings"

	"github.com/embargo-dev/embargo"
)

// loginPage is the data of the login page.
type loginPage struct {
	Error string
	// Next is the page to return to once signed in (a local path).
	Next string
	// AuthReads is set when every page needs a key, not only the
	// watchlists and alerts.
	AuthReads bool
}

// localPath returns p when it is a path on this site ("/diff?x=1"), else
// "/": a sign-in never sends the browser elsewhere.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		return "/"
	}
	if u, err := url.Parse(p); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return p
}

// handleLoginPage serves GET /login[?next=PATH]: a form to enter an API
// key, for the watchlists and alerts and, with --auth-reads, every page:
// browsers send it back as a cookie. Once signed in, the browser goes to
// next.
func (s *Server) handleLoginPage(w nethttp.ResponseWriter, r *nethttp.Request) {
	next := r.URL.Query().Get("next")
	if next != "" {
		next = localPath(next)
	}
	s.render(w, r, nethttp.StatusOK, "login", "Sign in", "", &loginPage{Next: next, AuthReads: s.Config.AuthReads})
}

// handleLogin serves POST /login: checks the key from the form and sets
// the key cookie (HttpOnly, SameSite=Strict).
func (s *Server) handleLogin(w nethttp.ResponseWriter, r *nethttp.Request) {
	r.Body = nethttp.MaxBytesReader(w, r.Body, 4096)
	secret := strings.TrimSpace(r.PostFormValue("key"))
	next := localPath(r.PostFormValue("next"))
	key, err := s.authenticate(r, secret)
	if err != nil {
		code, msg := s.publicError(r, err)
		s.render(w, r, ErrorStatus(code), "login", "Sign in", "", &loginPage{Error: msg, Next: next, AuthReads: s.Config.AuthReads})
		return
	}
	if !key.Role.Allows(embargo.RoleViewer) {
		s.render(w, r, nethttp.StatusForbidden, "login", "Sign in", "", &loginPage{Error: "This key cannot read.", Next: next, AuthReads: s.Config.AuthReads})
		return
	}
	// The cookie holds a session token bound to the key, never the key.
	token, err := s.Keys.CreateSession(r.Context(), key.ID, s.Config.SessionTTL)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	nethttp.SetCookie(w, &nethttp.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: nethttp.SameSiteStrictMode, Secure: r.TLS != nil, Expires: s.now().Add(s.Config.SessionTTL)})
	nethttp.Redirect(w, r, next, nethttp.StatusSeeOther)
}

// handleLogout serves POST /logout: revokes the session and clears its
// cookie; the token no longer works, even if kept.
func (s *Server) handleLogout(w nethttp.ResponseWriter, r *nethttp.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" && s.Keys != nil {
		if err := s.Keys.RevokeSession(r.Context(), c.Value); err != nil {
			s.uiError(w, r, err)
			return
		}
		s.keys.forgetSession(c.Value)
	}
	nethttp.SetCookie(w, &nethttp.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, MaxAge: -1, SameSite: nethttp.SameSiteStrictMode})
	nethttp.Redirect(w, r, "/", nethttp.StatusSeeOther)
}
