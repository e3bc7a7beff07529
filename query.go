package embargo

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/embargo-dev/embargo/country"
)

// MaxQueryLen is the longest name a query may have, in characters.
const MaxQueryLen = 1000

// Validate checks a query as every way of screening one receives it: the
// command line, the API, the web UI. It returns an EINVALID error, worded
// the same everywhere, for a name ValidateName refuses, a type ParseSchema
// does not know, a date of birth that is not YYYY, YYYY-MM or YYYY-MM-DD
// (a day that exists) or a range of them ("1960..1965"), or a country
// that is neither an ISO 3166-1 alpha-2 code nor a country name embargo
// knows (country.Code).
func (q Query) Validate() error {
	if err := q.ValidateName(); err != nil {
		return err
	}
	if q.Schema != "" && ParseSchema(string(q.Schema)) == SchemaUnknown {
		return Errorf(EINVALID, "unknown type %q: want person, organization, vessel or aircraft", q.Schema)
	}
	if q.BirthDate != "" && !validBirthDate(q.BirthDate) {
		return Errorf(EINVALID, "date of birth %q: want YYYY, YYYY-MM, YYYY-MM-DD or a range YYYY..YYYY", q.BirthDate)
	}
	// A country that is not understood would otherwise be ignored silently.
	if strings.TrimSpace(q.Country) != "" && country.Code(q.Country) == "" {
		return Errorf(EINVALID, "unknown country %q: want an ISO 3166-1 alpha-2 code (e.g. RU, IR, KP) or an English country name (e.g. Russia)", q.Country)
	}
	return nil
}

// ValidateName checks a query's name alone, as the matcher does for every
// query it is given, batch rows included (whose unknown types and dates
// count as not given, so that a typo never leaves a customer unscreened).
// It returns an EINVALID error for a name that is empty, longer than
// MaxQueryLen characters, not valid UTF-8, or without a printable
// character.
func (q Query) ValidateName() error {
	switch {
	case !utf8.ValidString(q.Name):
		return Errorf(EINVALID, "name is not valid UTF-8")
	case strings.TrimSpace(q.Name) == "":
		return Errorf(EINVALID, "name is required")
	case utf8.RuneCountInString(q.Name) > MaxQueryLen:
		return Errorf(EINVALID, "name is longer than %d characters", MaxQueryLen)
	}
	for _, r := range q.Name {
		if !unicode.IsControl(r) && !unicode.IsSpace(r) {
			return nil
		}
	}
	return Errorf(EINVALID, "name has no printable characters")
}

// BirthDateRange is a date of birth as precise as it is given: a year, a
// month or a day (Month and Day 0 when not given; FromYear = ToYear), or a
// range of years.
type BirthDateRange struct {
	FromYear, ToYear int
	Month, Day       int
}

// ParseBirthDate reads YYYY, YYYY-MM, YYYY-MM-DD and YYYY..YYYY (also with
// months or days on either side of the dots), as leniently as lists are
// read: the numbers are not checked against the calendar (Validate does
// that for queries).
func ParseBirthDate(s string) (BirthDateRange, bool) {
	s = strings.TrimSpace(s)
	if a, b, ok := strings.Cut(s, ".."); ok {
		da, oka := ParseBirthDate(a)
		db, okb := ParseBirthDate(b)
		if !oka || !okb {
			return BirthDateRange{}, false
		}
		return BirthDateRange{FromYear: da.FromYear, ToYear: db.ToYear}, true
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return BirthDateRange{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return BirthDateRange{}, false
		}
		n[i] = v
	}
	return BirthDateRange{FromYear: n[0], ToYear: n[0], Month: n[1], Day: n[2]}, true
}

// validBirthDate reports whether s is a date of birth a query can give.
func validBirthDate(s string) bool {
	if a, b, ok := strings.Cut(s, ".."); ok {
		return validBirthDate(a) && validBirthDate(b)
	}
	d, ok := ParseBirthDate(s)
	switch {
	case !ok || d.FromYear < 1 || d.Month < 0 || d.Month > 12 || d.Day < 0 || d.Day > 0 && d.Month == 0:
		return false
	case d.Day > 0:
		return time.Date(d.FromYear, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC).Day() == d.Day
	}
	return true
}
