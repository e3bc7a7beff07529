package http

import (
	"html/template"
	nethttp "net/http"
	"sort"
	"strings"
)

// chartSeriesMax is how many series the chart draws in colour; the rest are
// summed as "other".
const chartSeriesMax = 8

// timelinePage is the data of the timeline page.
type timelinePage struct {
	Source, By, From, To, Filter string
	Timeline                     *Timeline
	Chart                        template.HTML
	// Rows are the months, latest first, with their totals.
	Rows  []timelineRow
	Error string
	// Presets are example views.
	Presets []timelinePreset
	// Groups are the named program groups the filter takes.
	Groups []timelineGroup
}

type timelineGroup struct {
	Name  string
	Terms string
}

type timelineRow struct {
	Month                               string
	Snapshots, Designations, Delistings int
	// Since is set when the month's counts span a gap (Timeline.Since).
	Since string
}

type timelinePreset struct {
	Label string
	URL   string
}

// handleTimelinePage serves GET /timeline?source=&by=program|country&from=&to=&filter=:
// designations and delistings over time, per program or per country, as
// an SVG chart of stacked bars per month with the numbers in tables.
func (s *Server) handleTimelinePage(w nethttp.ResponseWriter, r *nethttp.Request) {
	p := r.URL.Query()
	data := &timelinePage{Source: p.Get("source"), By: p.Get("by"), From: p.Get("from"), To: p.Get("to"), Filter: p.Get("filter"),
		Presets: []timelinePreset{
			{"Russia-related programs, 2021–2024", "/timeline?source=ofac-sdn&by=program&filter=Russia-related&from=2021-08&to=2024-05"},
			{"By country, 2022", "/timeline?source=ofac-sdn&by=country&from=2022-01&to=2022-12"},
			{"All programs", "/timeline?source=ofac-sdn&by=program"},
		}}
	for name, terms := range ProgramGroups {
		data.Groups = append(data.Groups, timelineGroup{name, strings.Join(terms, ", ")})
	}
	sort.Slice(data.Groups, func(i, j int) bool { return data.Groups[i].Name < data.Groups[j].Name })
	status := nethttp.StatusOK
	tl, err := s.timeline(r.Context(), data.Source, data.By, data.From, data.To, data.Filter)
	if err != nil {
		code, msg := s.publicError(r, err)
		status, data.Error = ErrorStatus(code), msg
	} else {
		data.Timeline, data.Source, data.By = tl, tl.Source, tl.By
		data.Chart = timelineChart(tl).SVG()
		for i := len(tl.Months) - 1; i >= 0; i-- {
			data.Rows = append(data.Rows, timelineRow{tl.Months[i], tl.Snapshots[i], tl.Designations[i], tl.Delistings[i], tl.Since[i]})
		}
	}
	s.render(w, r, status, "timeline", "Timeline", "timeline", data)
}

// timelineChart draws the top series of a timeline, the rest as "other".
func timelineChart(tl *Timeline) *stackedChart {
	n := len(tl.Months)
	c := &stackedChart{Months: tl.Months, NoData: make([]bool, n), UpLabel: "Designations", DownLabel: "Delistings", Since: tl.Since}
	for i, k := range tl.Snapshots {
		c.NoData[i] = k == 0
	}
	other := chartSeries{Name: "other", Color: otherColor, Up: make([]int, n), Down: make([]int, n)}
	for i, ser := range tl.Series {
		if i < chartSeriesMax {
			c.Series = append(c.Series, chartSeries{Name: ser.Key, Color: chartPalette[i], Up: ser.Designations, Down: ser.Delistings})
			continue
		}
		for m := range n {
			other.Up[m] += ser.Designations[m]
			other.Down[m] += ser.Delistings[m]
		}
	}
	if len(tl.Series) > chartSeriesMax {
		other.Name = "other (" + itoa(len(tl.Series)-chartSeriesMax) + " " + strings.TrimSuffix(tl.By, "y") + plural(tl.By) + ")"
		c.Series = append(c.Series, other)
	}
	return c
}

func plural(by string) string {
	if strings.HasSuffix(by, "y") {
		return "ies"
	}
	return "s"
}
