package match

import (
	"fmt"
	"slices"
	"strings"

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
	script  bool // the name is written in another script than Latin
}

func prepareFeatures(q embargo.Query) *queryFeatures {
	f := &queryFeatures{schema: q.Schema, script: OtherScript(q.Name)}
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
// returns the final, calibrated score (see Calibration): the score
// applyFeaturesExplained gives, to the bit (the raw effects are added in
// the same order), without building the features and their explanation,
// which the search does only for the matches it returns.
func applyFeatures(fq *queryFeatures, e *embargo.Entity, nameScore float64, weak bool) float64 {
	raw := nameScore
	if pen := weakPenalty(weak, nameScore); pen > 0 {
		raw += -pen
	}
	if fq.hasDOB && len(e.BirthDates) > 0 {
		_, eff, _ := dobAgreement(fq.dob, e.BirthDates)
		raw += eff
	}
	if fq.country != "" {
		if f, ok := countryFeature(fq.country, e); ok {
			raw += f.Effect
		}
	}
	if schemaMismatch(fq, e) {
		raw += effectSchemaMiss
	}
	score := calibration.ApplyScript(e.Schema, raw, fq.script)
	if len(fq.ids) > 0 {
		if _, ok := identifierMatch(fq.ids, e); ok {
			score = 1
		}
	}
	return score
}

func schemaMismatch(fq *queryFeatures, e *embargo.Entity) bool {
	return fq.schema != embargo.SchemaUnknown && e.Schema != embargo.SchemaUnknown && fq.schema != e.Schema
}

// applyFeaturesExplained is applyFeatures with the contributions of the
// name and each feature to the score's log-odds. Each feature's Effect is
// the change it made to the calibrated score.
func applyFeaturesExplained(fq *queryFeatures, e *embargo.Entity, nameScore float64, weak bool) (float64, []embargo.Feature, []embargo.Contribution) {
	var feats []embargo.Feature
	if pen := weakPenalty(weak, nameScore); pen > 0 {
		feats = append(feats, embargo.Feature{Name: "alias_quality", Result: "weak", Effect: -pen, Detail: "matched a low-quality alias"})
	}
	if fq.hasDOB && len(e.BirthDates) > 0 {
		feats = append(feats, dobFeature(fq.dob, e.BirthDates))
	}
	if fq.country != "" {
		if f, ok := countryFeature(fq.country, e); ok {
			feats = append(feats, f)
		}
	}
	if schemaMismatch(fq, e) {
		feats = append(feats, embargo.Feature{Name: "schema", Result: "mismatch", Effect: effectSchemaMiss,
			Detail: fmt.Sprintf("query is a %s, listed entity a %s", fq.schema, e.Schema)})
	}
	score, contrib := calibrateFeatures(e.Schema, nameScore, feats, fq.script)
	if len(fq.ids) > 0 {
		if id, ok := identifierMatch(fq.ids, e); ok {
			feats = append(feats, embargo.Feature{Name: "identifier", Result: "match", Effect: round3(1 - score),
				Detail: fmt.Sprintf("same %s %s", strings.ReplaceAll(id.Type, "_", " "), id.Value)})
			score = 1
		}
	}
	return score, feats, contrib
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

// parseDateSpec reads a date of birth as embargo.ParseBirthDate does.
func parseDateSpec(s string) (dateSpec, bool) {
	d, ok := embargo.ParseBirthDate(s)
	return dateSpec{y1: d.FromYear, y2: d.ToYear, m: d.Month, d: d.Day}, ok
}

// dobFeature compares the query's date of birth with every listed one and
// keeps the best agreement.
func dobFeature(q dateSpec, listed []string) embargo.Feature {
	res, eff, which := dobAgreement(q, listed)
	f := embargo.Feature{Name: "dob", Result: res, Effect: eff}
	if which >= 0 {
		f.Detail = "listed " + listed[which]
	}
	return f
}

// dobAgreement returns dobFeature's result and effect, and the index of
// the listed date that gave them (-1 when no listed date could be read).
func dobAgreement(q dateSpec, listed []string) (res string, eff float64, which int) {
	rank := 0
	res, eff, which = "unknown", 0, -1
	for i, s := range listed {
		l, ok := parseDateSpec(s)
		if !ok {
			continue
		}
		r, lres, leff := 1, "mismatch", effectDOBMismatch
		switch {
		case q.y1 == q.y2 && l.y1 == l.y2 && q.y1 == l.y1 && q.m > 0 && q.m == l.m && q.d > 0 && q.d == l.d:
			r, lres, leff = 5, "exact", effectDOBExact
		case q.y1 == l.y1 && q.y2 == l.y2 && (q.m == 0 || l.m == 0 || q.m == l.m) && (q.d == 0 || l.d == 0 || q.d == l.d):
			r, lres, leff = 4, "year", effectDOBYear
		case q.y1 >= l.y1 && q.y2 <= l.y2:
			r, lres, leff = 4, "in_range", effectDOBYear
		case q.y1 <= l.y2+1 && q.y2 >= l.y1-1:
			r, lres, leff = 3, "near", 0
		}
		if r > rank {
			rank, res, eff, which = r, lres, leff, i
		}
	}
	return res, eff, which
}

// countryFeature compares the query's country with every country tied to
// the entity (nationality, citizenship, address, place of birth).
func countryFeature(q string, e *embargo.Entity) (embargo.Feature, bool) {
	var known []string // each country once, in the order the entity gives them
	add := func(s string) {
		if c := countryCode(s); c != "" && !slices.Contains(known, c) {
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
		Detail: fmt.Sprintf("query %s, listed %s", q, strings.Join(known, ", "))}, true
}
