package embargo

import (
	"context"
	"time"
)

// Query is what is screened: a name, and whatever else is known about the
// party.
type Query struct {
	ID          string       `json:"id,omitempty"`
	Name        string       `json:"name"`
	Schema      Schema       `json:"type,omitempty"`
	BirthDate   string       `json:"dob,omitempty"`     // YYYY[-MM[-DD]]
	Country     string       `json:"country,omitempty"` // ISO 3166-1 alpha-2 or a country name
	Identifiers []Identifier `json:"identifiers,omitempty"`
}

// ScreenOptions tune a screening.
type ScreenOptions struct {
	Sources   []string  // empty: every source
	AsOf      time.Time // zero: each source's latest snapshot
	Threshold float64   // negative: DefaultThreshold
	Limit     int       // 0: DefaultLimit
	// IncludeDelisted also looks for entities that were listed before,
	// but not on, the as-of date (ScreenResult.Delisted).
	IncludeDelisted bool
}

// DefaultLimit is the number of matches a screening reports at most when
// no limit is given.
const DefaultLimit = 10

// DefaultThreshold is the score from which a listed entity is reported as
// a match. Scores are calibrated probabilities of a true match
// (match.Calibration, fitted on the training split of the benchmark in
// evaluation/testdata/bench by "embargo eval fit"), so the threshold means
// the same for persons, organisations and vessels. The rule: it is the
// calibrated score of the raw score 0.75, the threshold before
// calibration, so no decision on a Latin-script query changed, unless
// that lets more of the training split's negative queries match than raw
// 0.75 did (the calibration's script term lifts queries in other
// scripts); then it is the lowest threshold that keeps both the share of
// queries found and of negative queries matching anything on the
// training split. "embargo eval fit" prints the range of thresholds that
// keep both (match/calibration_fit.go records it, and a test holds the
// two equal). The README gives the
// figures it reaches on the test split and on the development set.
//
// It is the one default: the CLI, the API, the web UI's search page (which
// shows it), the OpenSanctions-compatible /match, text scanning and
// monitoring all use it when no threshold is given.
const DefaultThreshold = 0.035319

// Match is one listed entity a query may be.
type Match struct {
	EntityID    string       `json:"entity_id"`
	Source      string       `json:"source"`
	SourceID    string       `json:"source_id"`
	Schema      Schema       `json:"schema"`
	Name        string       `json:"name"`
	MatchedName string       `json:"matched_name"`
	Score       float64      `json:"score"`
	Programs    []string     `json:"programs"`
	Explanation *Explanation `json:"explanation"`
	// Dates say when the entity was listed: the published listing date
	// and the first and last snapshots that held it.
	Dates
	// Between is, for a delisted match, when it was removed.
	Between *Interval `json:"between,omitempty"`
}

// Explanation says why a match scored what it did.
type Explanation struct {
	NameScore float64      `json:"name_score"`
	Tokens    []TokenMatch `json:"tokens"`
	Features  []Feature    `json:"features,omitempty"`
	Summary   string       `json:"summary"`
	// Contributions break the score down: it is the calibrated
	// probability 1/(1+exp(-z)) where z, the log-odds, is the sum of the
	// contributions' LogOdds: the name's (with the schema's base rate)
	// first, then each feature's. An exact match of a listed name, or an
	// identifier match, scores 1 whatever z says.
	Contributions []Contribution `json:"contributions,omitempty"`
}

// Contribution is one part of a calibrated score's log-odds.
type Contribution struct {
	Name    string  `json:"name"`     // "name", or a Feature's Name
	Value   float64 `json:"value"`    // the name score, or the feature's raw effect on it
	LogOdds float64 `json:"log_odds"` // what it adds to the log-odds of a true match
}

// TokenMatch pairs a query token with the listed token it matched.
type TokenMatch struct {
	Query  string  `json:"query"`
	Listed string  `json:"listed,omitempty"` // empty: unmatched query token
	Rule   string  `json:"rule"`             // exact, translit, equivalent, initial, fuzzy, phonetic, unmatched, legal_form, ...
	Score  float64 `json:"score"`
	Weight float64 `json:"weight"`
}

// Feature is a piece of evidence besides the name and how it moved the score.
type Feature struct {
	Name   string  `json:"name"` // dob, country, schema, identifier, alias_quality
	Result string  `json:"result"`
	Effect float64 `json:"effect"` // added to the score (negative: lowered it)
	Detail string  `json:"detail,omitempty"`
}

// ScreenResult is the answer to one query.
type ScreenResult struct {
	ID        *string           `json:"id"`
	Query     Query             `json:"query"`
	Snapshots map[string]string `json:"snapshots"`
	Matches   []Match           `json:"matches"`
	// NotCovered lists the sources in scope that the screening could not
	// cover (no snapshot on or before the as-of date, or none at all);
	// empty when all were covered. A result that covered nothing is never
	// a clean result.
	NotCovered []NotCovered `json:"not_covered"`
	// Delisted holds, when asked for, the entities that matched and were
	// listed before, but not on, the as-of date, each with Between.
	Delisted []Match `json:"delisted,omitempty"`
	Error    string  `json:"error,omitempty"`
	// AuditID names the screening's audit record (AuditIDOf); nil when
	// screenings are not audited.
	AuditID *string `json:"audit_id"`
}

// Screener screens queries against the lists.
type Screener interface {
	// Screen screens one query. Returns EINVALID for an unusable query
	// (empty name, name too long, invalid UTF-8).
	Screen(ctx context.Context, q Query, opts ScreenOptions) (*ScreenResult, error)
}

// WithoutExplanations returns a copy of matches with their explanations
// left out, as audit records keep them: a rerun against the recorded
// snapshots gives the explanations back.
func WithoutExplanations(matches []Match) []Match {
	out := make([]Match, len(matches))
	for i, m := range matches {
		m.Explanation = nil
		out[i] = m
	}
	return out
}
