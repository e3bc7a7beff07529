package match

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
)

// Effects of evidence besides the name. They are small next to the name
// score on purpose: a date of birth or a country confirms or casts doubt on
// a name match, it does not make one. An identifier is the exception: the
// same passport, IMO or registration number is the same party.
const (
	effectDOBExact    = 0.05  // the same full date of birth
	effectDOBYear     = 0.02  // the same year (or a listed range that holds it)
	effectDOBMismatch = -0.12 // more than a year apart: likely another person
	effectCountry     = 0.03
	effectCountryMiss = -0.05 // listed countries known and none is the query's
	effectSchemaMiss  = -0.15 // a person is not a company
	maxFeatureBonus   = effectDOBExact + effectCountry
)

// queryFeatures is the non-name evidence of a query, parsed once.
type queryFeatures struct {
	dob     dateSpec
	hasDOB  bool
	country string
	schema  embargo.Schema
	ids     []string
}

func prepareFeatures(q embargo.Query) *queryFeatures {
	f := &queryFeatures{schema: q.Schema}
	if q.BirthDate != "" {
		f.dob, f.hasDOB = parseDateSpec(q.BirthDate)
	}
	if q.Country != "" {
		f.country = countryCode(q.Country)
	}
	for _, id := range q.Identifiers {
		if k := identifierKey(id.Value); k != "" {
			f.ids = append(f.ids, k)
		}
	}
	return f
}

// applyFeatures moves a name score by the query's other evidence and
// returns the final score, clamped to [0, 1], with the features that moved
// it. A weak alias is reported as the feature alias_quality.
func applyFeatures(fq *queryFeatures, e *embargo.Entity, nameScore float64, weak bool) (float64, []embargo.Feature) {
	score := nameScore
	var feats []embargo.Feature
	if pen := weakPenalty(weak, nameScore); pen > 0 {
		score -= pen
		feats = append(feats, embargo.Feature{Name: "alias_quality", Result: "weak", Effect: -pen, Detail: "matched a low-quality alias"})
	}
	if fq.hasDOB && len(e.BirthDates) > 0 {
		f := dobFeature(fq.dob, e.BirthDates)
		score += f.Effect
		feats = append(feats, f)
	}
	if fq.country != "" {
		if f, ok := countryFeature(fq.country, e); ok {
			score += f.Effect
			feats = append(feats, f)
		}
	}
	if fq.schema != embargo.SchemaUnknown && e.Schema != embargo.SchemaUnknown && fq.schema != e.Schema {
		score += effectSchemaMiss
		feats = append(feats, embargo.Feature{Name: "schema", Result: "mismatch", Effect: effectSchemaMiss,
			Detail: fmt.Sprintf("query is a %s, listed entity a %s", fq.schema, e.Schema)})
	}
	score = min(1, max(0, score))
	if len(fq.ids) > 0 {
		if id, ok := identifierMatch(fq.ids, e); ok {
			feats = append(feats, embargo.Feature{Name: "identifier", Result: "match", Effect: round3(1 - score),
				Detail: fmt.Sprintf("same %s %s", strings.ReplaceAll(id.Type, "_", " "), id.Value)})
			score = 1
		}
	}
	return score, feats
}

func identifierMatch(keys []string, e *embargo.Entity) (embargo.Identifier, bool) {
	for _, id := range e.Identifiers {
		k := identifierKey(id.Value)
		if k == "" {
			continue
		}
		for _, q := range keys {
			if q == k {
				return id, true
			}
		}
	}
	return embargo.Identifier{}, false
}

// dateSpec is a date of birth as precise as the source gives it, or a
// range of years.
type dateSpec struct {
	y1, y2 int // years; equal unless a range
	m, d   int // 0 when not given
}

// CheckBirthDate returns an EINVALID error unless s is a date of birth a
// query can give: none (""), YYYY, YYYY-MM or YYYY-MM-DD (a day that
// exists), or a range of them, "1960..1965". Lists are read more leniently.
func CheckBirthDate(s string) error {
	if s != "" && !validBirthDate(s) {
		return embargo.Errorf(embargo.EINVALID, "date of birth %q: want YYYY, YYYY-MM, YYYY-MM-DD or a range YYYY..YYYY", s)
	}
	return nil
}

func validBirthDate(s string) bool {
	if a, b, ok := strings.Cut(s, ".."); ok {
		return validBirthDate(a) && validBirthDate(b)
	}
	d, ok := parseDateSpec(s)
	switch {
	case !ok || d.y1 < 1 || d.m < 0 || d.m > 12 || d.d < 0 || d.d > 0 && d.m == 0:
		return false
	case d.d > 0:
		return time.Date(d.y1, time.Month(d.m), d.d, 0, 0, 0, 0, time.UTC).Day() == d.d
	}
	return true
}

// parseDateSpec reads YYYY, YYYY-MM, YYYY-MM-DD and YYYY..YYYY (also with
// full dates on either side of the dots).
func parseDateSpec(s string) (dateSpec, bool) {
	s = strings.TrimSpace(s)
	if a, b, ok := strings.Cut(s, ".."); ok {
		da, oka := parseDateSpec(a)
		db, okb := parseDateSpec(b)
		if !oka || !okb {
			return dateSpec{}, false
		}
		return dateSpec{y1: da.y1, y2: db.y2}, true
	}
	parts := strings.Split(s, "-")
	if len(parts) == 0 || len(parts) > 3 || len(parts[0]) != 4 {
		return dateSpec{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return dateSpec{}, false
		}
		n[i] = v
	}
	return dateSpec{y1: n[0], y2: n[0], m: n[1], d: n[2]}, true
}

// dobFeature compares the query's date of birth with every listed one and
// keeps the best agreement.
func dobFeature(q dateSpec, listed []string) embargo.Feature {
	best := embargo.Feature{Name: "dob", Result: "mismatch", Effect: effectDOBMismatch}
	rank := 0
	for _, s := range listed {
		l, ok := parseDateSpec(s)
		if !ok {
			continue
		}
		r, res, eff := 1, "mismatch", effectDOBMismatch
		switch {
		case q.y1 == q.y2 && l.y1 == l.y2 && q.y1 == l.y1 && q.m > 0 && q.m == l.m && q.d > 0 && q.d == l.d:
			r, res, eff = 5, "exact", effectDOBExact
		case q.y1 == l.y1 && q.y2 == l.y2 && (q.m == 0 || l.m == 0 || q.m == l.m) && (q.d == 0 || l.d == 0 || q.d == l.d):
			r, res, eff = 4, "year", effectDOBYear
		case q.y1 >= l.y1 && q.y2 <= l.y2:
			r, res, eff = 4, "in_range", effectDOBYear
		case q.y1 <= l.y2+1 && q.y2 >= l.y1-1:
			r, res, eff = 3, "near", 0
		}
		if r > rank {
			rank = r
			best = embargo.Feature{Name: "dob", Result: res, Effect: eff, Detail: "listed " + s}
		}
	}
	if rank == 0 {
		best.Result, best.Effect = "unknown", 0
	}
	return best
}

// countryFeature compares the query's country with every country tied to
// the entity (nationality, citizenship, address, place of birth).
func countryFeature(q string, e *embargo.Entity) (embargo.Feature, bool) {
	var known []string
	add := func(s string) {
		if c := countryCode(s); c != "" {
			known = append(known, c)
		}
	}
	for _, c := range e.Countries() {
		add(c)
	}
	for _, p := range e.BirthPlaces {
		if i := strings.LastIndexByte(p, ','); i >= 0 {
			p = p[i+1:]
		}
		add(p)
	}
	if len(known) == 0 {
		return embargo.Feature{}, false
	}
	for _, c := range known {
		if c == q {
			return embargo.Feature{Name: "country", Result: "match", Effect: effectCountry, Detail: q}, true
		}
	}
	return embargo.Feature{Name: "country", Result: "mismatch", Effect: effectCountryMiss,
		Detail: fmt.Sprintf("query %s, listed %s", q, strings.Join(uniq(known), ", "))}, true
}

func uniq(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
