package http

import (
	nethttp "net/http"
	"sort"
	"strings"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
)

// searchForm is the search page's form, as entered.
type searchForm struct {
	Name, Type, DOB, Country, AsOf, Threshold, Source, Limit string
}

// listInfo describes one loaded list on the search page.
type listInfo struct {
	Source   string
	Snapshot *embargo.Snapshot
}

// searchPage is the data of the search page.
type searchPage struct {
	Form             searchForm
	Result           *embargo.ScreenResult
	Error            string
	DefaultThreshold float64
	Lists            []listInfo
	Examples         []string
	// CSVURL screens the same query again and answers CSV.
	CSVURL string
}

// handleSearchPage serves GET /: the search form and, with ?name=, the
// screening result with each match's score and explanation.
func (s *Server) handleSearchPage(w nethttp.ResponseWriter, r *nethttp.Request) {
	p := r.URL.Query()
	data := &searchPage{
		Form: searchForm{Name: p.Get("name"), Type: p.Get("type"), DOB: p.Get("dob"), Country: p.Get("country"),
			AsOf: p.Get("as_of"), Threshold: p.Get("threshold"), Source: p.Get("source"), Limit: p.Get("limit")},
		DefaultThreshold: embargo.DefaultThreshold,
		Examples:         []string{"Oleg Deripaska", "Rusal", "Bank Rossiya", "Kim Jong Un", "Hamas", "Ali Khamenei"},
	}
	snaps := s.Engine.Snapshots()
	for src, snap := range snaps {
		data.Lists = append(data.Lists, listInfo{src, snap})
	}
	sort.Slice(data.Lists, func(i, j int) bool { return data.Lists[i].Source < data.Lists[j].Source })
	status := nethttp.StatusOK
	if strings.TrimSpace(data.Form.Name) != "" {
		res, err := s.searchFromForm(r, p)
		if err != nil {
			code, msg := s.publicError(r, err)
			status, data.Error = ErrorStatus(code), msg
		}
		data.Result = res
		if res != nil && wantCSV(r) {
			s.writeCSV(w, r, "screening", func(cw *export.Writer) error { return export.ScreenResults(cw, res) })
			return
		}
		q := r.URL.Query()
		q.Set("format", "csv")
		data.CSVURL = "/?" + q.Encode()
	}
	title := "Search"
	if data.Form.Name != "" {
		title = data.Form.Name + " · Search"
	}
	s.render(w, r, status, "search", title, "search", data)
}

func (s *Server) searchFromForm(r *nethttp.Request, p map[string][]string) (*embargo.ScreenResult, error) {
	q, err := queryFromValues(p)
	if err != nil {
		return nil, err
	}
	opts, err := screenOptions(p)
	if err != nil {
		return nil, err
	}
	// The page shows delisted matches in a section of their own unless
	// told not to: who searches for a name wants to know it was listed.
	if _, set := p["include_delisted"]; !set {
		opts.IncludeDelisted = true
	}
	return s.screen(r.Context(), q, opts)
}
