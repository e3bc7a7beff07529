package match

import (
	"math"
	"unicode"

	"github.com/embargo-dev/embargo"
)

// Calibration turns the raw score (the name score moved by the features'
// raw effects: date of birth, country, schema, alias quality) into the
// probability that the match is true:
//
//	score = 1 / (1 + exp(-(Intercept[schema] + Slope[schema]*L + sum_k Bends[k]*max(0, L-Knots[k]) + Script*[query in another script])))
//
// where L = logit(raw). The bends let the curve's slope change at a few
// fixed raw scores (Knots, in logits): a straight line in the logit of
// the raw score was too flat, over-predicting the odds of raw scores just
// under 0.75 and under-predicting those between 0.75 and 0.9. The fit
// keeps the curve rising (every segment's slope positive), which the
// search's bounds need.
// Script is added when the query is written in another script than the
// Latin one (OtherScript): a transcription scores lower name similarity
// than a Latin spelling of the same name, for the same odds of a match.
// The intercept and slope of each schema were fitted by logistic
// regression on the benchmark's training split (evaluation/testdata/bench,
// "embargo eval fit"), so one threshold means the same for persons,
// organisations and vessels. A raw score of 1 (every listed name part
// matched exactly, no evidence against) stays 1: an exact match of a listed
// name scores 1.0. The coefficients are in calibration_fit.go.
type Calibration struct {
	Intercept, Slope [numSchemas]float64
	Script           float64
	// Knots, ascending logits of raw scores, and the change of slope past
	// each (Bends); none for a straight line.
	Knots, Bends []float64
}

// OtherScript reports whether a name has letters of another script than
// the Latin one (Greek, Cyrillic, Arabic, CJK, ...).
func OtherScript(s string) bool {
	for _, r := range s {
		if r >= 0x370 && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// Schemas in the order of Calibration's arrays.
var calibSchemas = [numSchemas]embargo.Schema{embargo.SchemaUnknown, embargo.SchemaPerson, embargo.SchemaOrganization, embargo.SchemaVessel, embargo.SchemaAircraft}

const numSchemas = 5

func schemaIndex(s embargo.Schema) int {
	for i, x := range calibSchemas {
		if x == s {
			return i
		}
	}
	return 0
}

// CalibrationSchemas lists the schemas of a Calibration's arrays, in order.
func CalibrationSchemas() []embargo.Schema { return calibSchemas[:] }

// rawClamp keeps logit finite: raw scores are given to three decimals.
const rawClamp = 0.0005

// Logit is the log-odds of a raw score in (0, 1), clamped.
func Logit(raw float64) float64 {
	r := min(1-rawClamp, max(rawClamp, raw))
	return math.Log(r / (1 - r))
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// logOdds returns the calibrated log-odds of a raw score below 1.
func (c *Calibration) logOdds(s embargo.Schema, raw float64, script bool) float64 {
	i := schemaIndex(s)
	l := Logit(raw)
	z := c.Intercept[i] + c.Slope[i]*l + c.bend(l)
	if script {
		z += c.Script
	}
	return z
}

// bend is the bends' part of the log-odds at logit l.
func (c *Calibration) bend(l float64) float64 {
	z := 0.0
	for k, x := range c.Knots {
		if l > x {
			z += c.Bends[k] * (l - x)
		}
	}
	return z
}

// Rising reports whether every schema's curve rises on every segment
// between the knots.
func (c *Calibration) Rising() bool {
	for i := range c.Slope {
		slope := c.Slope[i]
		if slope <= 0 {
			return false
		}
		for _, b := range c.Bends {
			if slope += b; slope <= 0 {
				return false
			}
		}
	}
	return true
}

// logitFor returns the logit of the raw score at which schema i's curve
// (without the script term) reaches log-odds z. The curve must rise.
func (c *Calibration) logitFor(i int, z float64) float64 {
	// Walk the segments: below the first knot, then past each.
	at, fAt, slope := math.Inf(-1), math.Inf(-1), c.Slope[i]
	for k, x := range c.Knots {
		fx := c.Intercept[i] + c.Slope[i]*x + c.bend(x)
		if fx >= z {
			break
		}
		at, fAt = x, fx
		slope += c.Bends[k]
	}
	if math.IsInf(at, -1) {
		return (z - c.Intercept[i]) / c.Slope[i]
	}
	return at + (z-fAt)/slope
}

// Apply returns the calibrated score of a raw score for an entity of
// schema s, the query in Latin script: 0 for raw <= 0, 1 for raw >= 1.
func (c *Calibration) Apply(s embargo.Schema, raw float64) float64 {
	return c.ApplyScript(s, raw, false)
}

// ApplyScript is Apply for a query in another script (script true) or not.
func (c *Calibration) ApplyScript(s embargo.Schema, raw float64, script bool) float64 {
	switch {
	case raw <= 0:
		return 0
	case raw >= 1:
		return 1
	}
	return sigmoid(c.logOdds(s, raw, script))
}

// rawFor returns the lowest raw score that any schema calibrates to at
// least p: the bound the search prunes with.
func (c *Calibration) rawFor(p float64) float64 {
	if p <= 0 {
		return 0
	}
	if p >= 1 {
		return 1
	}
	if !c.Rising() {
		return 0 // a flat or falling curve: no bound
	}
	z := math.Log(p/(1-p)) - max(0, c.Script)
	lo := 1.0
	for i := range c.Slope {
		lo = min(lo, 1/(1+math.Exp(-c.logitFor(i, z))))
	}
	return max(0, lo-rawClamp)
}

// maxApply returns the highest calibrated score any schema gives raw (with
// the script term when it raises the odds): the logit and the sigmoid are
// computed once, the sigmoid rising.
func (c *Calibration) maxApply(raw float64) float64 {
	switch {
	case raw <= 0:
		return 0
	case raw >= 1:
		return 1
	}
	l := Logit(raw)
	z := math.Inf(-1)
	for i := range c.Slope {
		z = max(z, c.Intercept[i]+c.Slope[i]*l)
	}
	z += c.bend(l)
	if c.Script > 0 {
		z += c.Script
	}
	return sigmoid(z)
}

// CurrentCalibration returns the calibration the matcher applies.
func CurrentCalibration() Calibration { return calibration }

// calibrateFeatures turns the raw score (nameScore plus the features' raw
// effects, in order) into the calibrated score, rewriting each feature's
// Effect as the change it made to the calibrated score, and returns the
// contributions to the log-odds: the name first (with the schema's
// intercept), then each feature.
func calibrateFeatures(s embargo.Schema, nameScore float64, feats []embargo.Feature, script bool) (float64, []embargo.Contribution) {
	c := &calibration
	raw := nameScore
	prev := c.ApplyScript(s, raw, script)
	contrib := make([]embargo.Contribution, 0, 2+len(feats))
	prevZ := c.logOdds(s, raw, script)
	if script {
		contrib = append(contrib, embargo.Contribution{Name: "name", Value: round3(nameScore), LogOdds: round3(prevZ - c.Script)},
			embargo.Contribution{Name: "script", Value: 0, LogOdds: round3(c.Script)})
	} else {
		contrib = append(contrib, embargo.Contribution{Name: "name", Value: round3(nameScore), LogOdds: round3(prevZ)})
	}
	for i := range feats {
		raw += feats[i].Effect
		cur := c.ApplyScript(s, raw, script)
		z := c.logOdds(s, min(1, max(0, raw)), script)
		contrib = append(contrib, embargo.Contribution{Name: feats[i].Name, Value: round3(feats[i].Effect), LogOdds: round3(z - prevZ)})
		feats[i].Effect = round3(cur - prev)
		prev, prevZ = cur, z
	}
	return prev, contrib
}
