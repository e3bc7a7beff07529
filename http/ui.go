package http

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	nethttp "net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
)

//go:embed html/*.tmpl html/static
var htmlFS embed.FS

// pageNames are the UI's pages; each is html/NAME.tmpl in the layout.
var pageNames = []string{"search", "entity", "snapshots", "diff", "timeline", "scan", "login", "error", "audit_record", "compare"}

// pages holds the parsed templates, one set per page.
type pages struct {
	tmpl map[string]*template.Template
	// cssVersion changes with the stylesheet, so that it may be cached
	// for long.
	cssVersion string
}

func loadPages() (*pages, error) {
	css, err := htmlFS.ReadFile("html/static/style.css")
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(css)
	p := &pages{tmpl: map[string]*template.Template{}, cssVersion: hex.EncodeToString(sum[:4])}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(templateFuncs).ParseFS(htmlFS, "html/layout.tmpl", "html/"+name+".tmpl")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		p.tmpl[name] = t
	}
	return p, nil
}

// staticHandler serves the embedded stylesheet and icons under /static/.
func staticHandler() nethttp.Handler {
	sub, _ := fs.Sub(htmlFS, "html/static")
	fsrv := nethttp.StripPrefix("/static/", nethttp.FileServerFS(sub))
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		// URLs carry the content's hash (?v=), so they may be cached.
		w.Header().Set("Cache-Control", "public, max-age=86400")
		fsrv.ServeHTTP(w, r)
	})
}

// page is what every page template gets.
type page struct {
	Title string
	// Nav is the active navigation item.
	Nav        string
	Status     string // what the server is loading; "" when ready
	Ready      bool
	Version    string
	CSSVersion string
	AuthReads  bool
	LoggedIn   bool
	// Role and KeyName say who is signed in.
	Role, KeyName string
	// Path is this page's address, to come back to after signing in.
	Path string
	// Sources are the sources with snapshots, for the forms' choices.
	Sources []string
	Data    any
}

// render writes a page with status.
func (s *Server) render(w nethttp.ResponseWriter, r *nethttp.Request, status int, name, title, nav string, data any) {
	p := page{Title: title, Nav: nav, Status: s.statusText(), Ready: s.Engine.Ready(), Version: s.Version,
		CSSVersion: s.pages.cssVersion, AuthReads: s.Config.AuthReads, LoggedIn: keyFromContext(r.Context()) != nil, Data: data}
	if k := keyFromContext(r.Context()); k != nil {
		p.Role, p.KeyName = string(k.Role), k.Name
	}
	if r.Method == nethttp.MethodGet && r.URL.Path != "/login" {
		p.Path = r.URL.RequestURI()
	}
	if p.Ready && p.Status != "" {
		p.Ready = false
	}
	if !p.Ready && p.Status == "" {
		p.Status = "Building the screening index…"
	}
	for src := range s.Engine.Snapshots() {
		p.Sources = append(p.Sources, src)
	}
	if len(p.Sources) == 0 {
		p.Sources, _ = s.Store.Sources(r.Context())
	}
	sort.Strings(p.Sources)
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := s.pages.tmpl[name].ExecuteTemplate(buf, "layout", p); err != nil {
		s.logger().Error("internal error", "path", r.URL.Path, "err", fmt.Errorf("render %s: %w", name, err))
		nethttp.Error(w, "Internal error.", nethttp.StatusInternalServerError)
		return
	}
	h := w.Header()
	h["Content-Type"] = htmlContentType
	h["X-Content-Type-Options"] = noSniff
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self'; img-src 'self' data:; script-src 'none'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorPage is the data of the error page.
type errorPage struct {
	Status  int
	Message string
}

// uiError renders err as an error page with the status its code maps to.
func (s *Server) uiError(w nethttp.ResponseWriter, r *nethttp.Request, err error) {
	code, msg := s.publicError(r, err)
	status := ErrorStatus(code)
	if status == nethttp.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	s.renderError(w, r, status, msg)
}

func (s *Server) renderError(w nethttp.ResponseWriter, r *nethttp.Request, status int, msg string) {
	s.render(w, r, status, "error", nethttp.StatusText(status), "", errorPage{Status: status, Message: msg})
}

// templateFuncs are the helpers the templates use.
var templateFuncs = template.FuncMap{
	"pct":        func(f float64) string { return fmt.Sprintf("%.0f", f*100) },
	"score":      func(f float64) string { return fmt.Sprintf("%.3f", f) },
	"signed":     func(f float64) string { return fmt.Sprintf("%+.3f", f) },
	"join":       strings.Join,
	"entityURL":  entityURL,
	"asOf":       embargo.FormatAsOf,
	"date":       func(t time.Time) string { return t.UTC().Format("2006-01-02") },
	"datetime":   func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 MST") },
	"schemaName": schemaName,
	"value":      formatValue,
	"fieldDiff":  fieldDiff,
	"query":      func(kv ...string) template.URL { return template.URL(queryString(kv...)) },
	"add":        func(a, b int) int { return a + b },
	"list":       func(s ...string) []string { return s },
	"sub":        func(a, b int) int { return a - b },
	"seq": func(n int) []int {
		s := make([]int, n)
		for i := range s {
			s[i] = i
		}
		return s
	},
	"address": func(a embargo.Address) string {
		if a.Full != "" {
			return a.Full
		}
		return strings.Join(nonEmpty(a.Street, a.City, a.State, a.PostalCode, a.Country), ", ")
	},
	"matchCard": func(m embargo.Match, open bool, asOf string, removed bool) matchCard {
		return matchCard{M: m, Open: open, AsOf: asOf, Removed: removed}
	},
	"quality": func(q string) string {
		if q == "" {
			return embargo.QualityStrong
		}
		return q
	},
}

// matchCard is what the "matchcard" template shows: a match, whether its
// explanation starts open, the as-of date of its entity link, and whether
// it is a delisted match (its removal interval is then shown).
type matchCard struct {
	M       embargo.Match
	Open    bool
	AsOf    string
	Removed bool
}

// entityURL is the UI page of an entity.
func entityURL(id string) string { return "/entities/" + url.PathEscape(id) }

// queryString builds "?k=v&..." from pairs, leaving out empty values.
func queryString(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
		}
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

func schemaName(s embargo.Schema) string {
	if s == embargo.SchemaUnknown {
		return "unknown"
	}
	return string(s)
}

// formatValue renders a field value of a diff or history (decoded JSON) as
// text.
func formatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "—"
	case string:
		return v
	case float64, bool:
		return fmt.Sprint(v)
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = formatValue(x)
		}
		return strings.Join(parts, "; ")
	case map[string]any:
		return formatObject(v)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// formatObject renders an alias, address or identifier: its name or value
// first, then the other fields.
func formatObject(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var head string
	var rest []string
	for _, k := range keys {
		s := formatValue(m[k])
		switch {
		case head == "" && (k == "name" || k == "value" || k == "full"):
			head = s
		default:
			rest = append(rest, k+": "+s)
		}
	}
	if head == "" {
		return strings.Join(rest, ", ")
	}
	if len(rest) == 0 {
		return head
	}
	return head + " (" + strings.Join(rest, ", ") + ")"
}

// valueChange is a field change as the UI shows it: for lists, the values
// removed and added; for single values, before and after.
type valueChange struct {
	List           bool
	Removed, Added []string
	Before, After  string
}

func fieldDiff(before, after any) valueChange {
	lb, okb := before.([]any)
	la, oka := after.([]any)
	if (okb || before == nil) && (oka || after == nil) && (okb || oka) {
		c := valueChange{List: true}
		seen := map[string]int{}
		for _, x := range lb {
			seen[formatValue(x)]--
		}
		for _, x := range la {
			seen[formatValue(x)]++
		}
		for _, x := range lb {
			if s := formatValue(x); seen[s] < 0 {
				c.Removed = append(c.Removed, s)
				seen[s]++
			}
		}
		for _, x := range la {
			if s := formatValue(x); seen[s] > 0 {
				c.Added = append(c.Added, s)
				seen[s]--
			}
		}
		return c
	}
	if mb, ok := before.(map[string]any); ok {
		if ma, ok := after.(map[string]any); ok {
			// Properties: compare key by key.
			c := valueChange{List: true}
			keys := map[string]bool{}
			for k := range mb {
				keys[k] = true
			}
			for k := range ma {
				keys[k] = true
			}
			sorted := make([]string, 0, len(keys))
			for k := range keys {
				sorted = append(sorted, k)
			}
			sort.Strings(sorted)
			for _, k := range sorted {
				b, a := formatValue(mb[k]), formatValue(ma[k])
				if b != a {
					if mb[k] != nil {
						c.Removed = append(c.Removed, k+": "+b)
					}
					if ma[k] != nil {
						c.Added = append(c.Added, k+": "+a)
					}
				}
			}
			return c
		}
	}
	return valueChange{Before: formatValue(before), After: formatValue(after)}
}
