package http

import (
	nethttp "net/http"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
)

// loginPage is the data of the login page.
type loginPage struct {
	Error string
}

// handleLoginPage serves GET /login: a form to enter an API key, for when
// reads need one (--auth-reads): browsers send it back as a cookie.
func (s *Server) handleLoginPage(w nethttp.ResponseWriter, r *nethttp.Request) {
	s.render(w, r, nethttp.StatusOK, "login", "Sign in", "", &loginPage{})
}

// handleLogin serves POST /login: checks the key from the form and sets
// the key cookie (HttpOnly, SameSite=Strict).
func (s *Server) handleLogin(w nethttp.ResponseWriter, r *nethttp.Request) {
	r.Body = nethttp.MaxBytesReader(w, r.Body, 4096)
	secret := strings.TrimSpace(r.PostFormValue("key"))
	key, err := s.authenticate(r, secret)
	if err != nil {
		code, msg := s.publicError(r, err)
		s.render(w, r, ErrorStatus(code), "login", "Sign in", "", &loginPage{Error: msg})
		return
	}
	if !key.Role.Allows(embargo.RoleViewer) {
		s.render(w, r, nethttp.StatusForbidden, "login", "Sign in", "", &loginPage{Error: "This key cannot read."})
		return
	}
	nethttp.SetCookie(w, &nethttp.Cookie{Name: keyCookie, Value: secret, Path: "/", HttpOnly: true,
		SameSite: nethttp.SameSiteStrictMode, Secure: r.TLS != nil, Expires: s.now().Add(30 * 24 * time.Hour)})
	nethttp.Redirect(w, r, "/", nethttp.StatusSeeOther)
}

// handleLogout serves POST /logout: clears the key cookie.
func (s *Server) handleLogout(w nethttp.ResponseWriter, r *nethttp.Request) {
	nethttp.SetCookie(w, &nethttp.Cookie{Name: keyCookie, Value: "", Path: "/", HttpOnly: true, MaxAge: -1, SameSite: nethttp.SameSiteStrictMode})
	nethttp.Redirect(w, r, "/", nethttp.StatusSeeOther)
}
