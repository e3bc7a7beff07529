package http

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// chartPalette colours the series of a chart; "other" is grey. The colours
// are told apart by most colour-blind readers (Okabe–Ito, then Tol).
var chartPalette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#882255", "#999933"}

const otherColor = "#9aa3ad"

// chartSeries is one stacked series: its count per month above the axis
// (designations) and below it (delistings).
type chartSeries struct {
	Name     string
	Color    string
	Up, Down []int
}

// stackedChart is a diverging stacked bar chart per month, drawn as SVG in
// Go: designations stack upwards from the zero line, delistings downwards.
type stackedChart struct {
	Months []string // YYYY-MM
	// NoData marks months without any snapshot; they are shaded.
	NoData []bool
	Series []chartSeries
	// UpLabel and DownLabel name the two directions.
	UpLabel, DownLabel string
	// Since marks the months whose bars carry the changes of a longer
	// gap: the as-of date of the snapshot before, or "". Such a bar is
	// drawn with a bracket spanning the gap.
	Since []string
}

// Chart geometry, in SVG user units; the SVG scales to its container.
const (
	chartWidth   = 960
	chartLeft    = 64
	chartRight   = 16
	chartTop     = 24
	chartPlotH   = 300
	chartXAxisH  = 30
	legendRowH   = 22
	legendPerRow = 4
)

// SVG draws the chart.
func (c *stackedChart) SVG() template.HTML {
	n := len(c.Months)
	if n == 0 {
		return ""
	}
	upMax, downMax := 0, 0
	for i := range n {
		u, d := 0, 0
		for _, s := range c.Series {
			u += s.Up[i]
			d += s.Down[i]
		}
		upMax, downMax = max(upMax, u), max(downMax, d)
	}
	// One step for both directions (bars must compare), sized to the whole
	// range so that a small side does not get a tall empty band.
	step := niceStep(float64(max(upMax+downMax, 1)) / 6)
	upTop := math.Ceil(float64(upMax)/step) * step
	downBottom := math.Ceil(float64(downMax)/step) * step
	if upTop == 0 {
		upTop = step
	}
	if downBottom == 0 {
		downBottom = step
	}
	scale := chartPlotH / (upTop + downBottom)
	zeroY := chartTop + upTop*scale
	plotW := float64(chartWidth - chartLeft - chartRight)
	barStep := plotW / float64(n)
	barW := math.Min(48, math.Max(1, barStep*0.78))
	legendRows := (len(c.Series) + legendPerRow - 1) / legendPerRow
	height := chartTop + chartPlotH + chartXAxisH + legendRows*legendRowH + 8

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s and %s per month" xmlns="http://www.w3.org/2000/svg">`,
		chartWidth, height, esc(c.UpLabel), esc(c.DownLabel))
	// Months without a snapshot.
	for i := range n {
		if i < len(c.NoData) && c.NoData[i] {
			x := chartLeft + float64(i)*barStep
			fmt.Fprintf(&b, `<rect class="nodata" x="%.1f" y="%d" width="%.1f" height="%d"><title>%s: no snapshot</title></rect>`,
				x, chartTop, barStep, chartPlotH, c.Months[i])
		}
	}
	// Grid lines and y labels, both ways from zero.
	for v := step; v <= upTop+step/2; v += step {
		y := zeroY - v*scale
		fmt.Fprintf(&b, `<line class="grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/><text class="ylabel" x="%d" y="%.1f">%s</text>`,
			chartLeft, chartWidth-chartRight, y, y, chartLeft-6, y+4, formatCount(v))
	}
	for v := step; v <= downBottom+step/2; v += step {
		y := zeroY + v*scale
		fmt.Fprintf(&b, `<line class="grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/><text class="ylabel" x="%d" y="%.1f">%s</text>`,
			chartLeft, chartWidth-chartRight, y, y, chartLeft-6, y+4, formatCount(v))
	}
	fmt.Fprintf(&b, `<text class="axis-title" x="%d" y="%d">▲ %s</text>`, chartLeft+4, chartTop-8, esc(c.UpLabel))
	fmt.Fprintf(&b, `<text class="axis-title" x="%d" y="%d">▼ %s</text>`, chartLeft+4, chartTop+chartPlotH-6, esc(c.DownLabel))
	// Bars.
	for i := range n {
		x := chartLeft + float64(i)*barStep + (barStep-barW)/2
		yUp, yDown := zeroY, zeroY
		for _, s := range c.Series {
			if v := s.Up[i]; v > 0 {
				h := float64(v) * scale
				yUp -= h
				fmt.Fprintf(&b, `<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s · %s: %d %s</title></rect>`,
					x, yUp, barW, h, s.Color, c.Months[i], esc(s.Name), v, esc(strings.ToLower(c.UpLabel)))
			}
			if v := s.Down[i]; v > 0 {
				h := float64(v) * scale
				fmt.Fprintf(&b, `<rect class="bar down" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s · %s: %d %s</title></rect>`,
					x, yDown, barW, h, s.Color, c.Months[i], esc(s.Name), v, esc(strings.ToLower(c.DownLabel)))
				yDown += h
			}
		}
	}
	fmt.Fprintf(&b, `<line class="zero" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`, chartLeft, chartWidth-chartRight, zeroY, zeroY)
	// Bars that span a gap between snapshots: a bracket from the month
	// after the snapshot before (or the chart's start) to the bar.
	for i := range n {
		if i >= len(c.Since) || c.Since[i] == "" {
			continue
		}
		from := 0
		if len(c.Since[i]) >= 7 {
			after := c.Since[i][:7]
			for j := range i {
				if c.Months[j] > after {
					from = j
					break
				}
				from = i
			}
		}
		x1 := chartLeft + float64(from)*barStep + 1
		x2 := chartLeft + float64(i+1)*barStep - 1
		y := float64(chartTop + 6)
		fmt.Fprintf(&b, `<g class="span"><title>%s: these counts span every change since the snapshot of %s (no snapshot in between)</title>`+
			`<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/><line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/><line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>`+
			`<text x="%.1f" y="%.1f" text-anchor="end">since %s</text></g>`,
			c.Months[i], esc(c.Since[i]), x1, x2, y, y, x1, x1, y-4, y+4, x2, x2, y-4, y+4, x2, y-3, esc(c.Since[i]))
	}
	// X axis: every month when few, else the years.
	axisY := chartTop + chartPlotH
	fmt.Fprintf(&b, `<line class="axis" x1="%d" x2="%d" y1="%d" y2="%d"/>`, chartLeft, chartWidth-chartRight, axisY, axisY)
	for i, m := range c.Months {
		cx := chartLeft + (float64(i)+0.5)*barStep
		label := ""
		switch {
		case n <= 14:
			label = m
		case strings.HasSuffix(m, "-01"):
			label = m[:4]
		case i == 0 && n > 3 && monthNum(m) <= 10:
			label = m[:4]
		}
		if label == "" {
			continue
		}
		tx, anchor := cx, "middle"
		if i == 0 && n > 14 {
			tx, anchor = chartLeft, "start" // a year label, clear of the y labels
		}
		fmt.Fprintf(&b, `<line class="tick" x1="%.1f" x2="%.1f" y1="%d" y2="%d"/><text class="xlabel" x="%.1f" y="%d" text-anchor="%s">%s</text>`,
			cx, cx, axisY, axisY+5, tx, axisY+20, anchor, label)
	}
	// Legend.
	colW := float64(chartWidth-chartLeft-chartRight) / legendPerRow
	for i, s := range c.Series {
		x := chartLeft + float64(i%legendPerRow)*colW
		y := chartTop + chartPlotH + chartXAxisH + (i/legendPerRow)*legendRowH + 6
		name := s.Name
		if r := []rune(name); len(r) > 30 {
			name = string(r[:29]) + "…"
		}
		fmt.Fprintf(&b, `<g class="legend"><rect x="%.1f" y="%d" width="12" height="12" rx="2" fill="%s"/><text x="%.1f" y="%d">%s</text></g>`,
			x, y, s.Color, x+18, y+10, esc(name))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it is escaped above
}

// niceStep rounds a raw tick step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

func formatCount(v float64) string {
	if v >= 10000 {
		return fmt.Sprintf("%.0fk", v/1000)
	}
	return fmt.Sprintf("%.0f", v)
}

func monthNum(m string) int {
	var y, mo int
	fmt.Sscanf(m, "%d-%d", &y, &mo)
	return mo
}

func esc(s string) string { return template.HTMLEscapeString(s) }
