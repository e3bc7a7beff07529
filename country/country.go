package country

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Code returns the ISO 3166-1 alpha-2 code, upper case, of a country given
// by name, alpha-2 or alpha-3 code, or demonym ("Russia", "RUS", "ru",
// "Russian"), and "" if s is not recognised. Matching ignores case,
// diacritics, punctuation and the word "the", so "Côte d'Ivoire", "Cote d
// Ivoire" and "COTE D'IVOIRE" are one name, as are "Bahamas, The" and "The
// Bahamas".
//
// Regions that lists give in place of a country resolve to the state they
// belong to under international law as the lists themselves treat it:
// "Crimea", "Sevastopol", "Donetsk People's Republic" and "Luhansk" to UA,
// "Abkhazia" and "South Ossetia" to GE, "Transnistria" to MD, "Northern
// Cyprus" to CY, "Gaza", "West Bank" and "Palestinian" to PS, "Kafia Kingi"
// to SD. An OFAC-style "Region: " prefix is allowed. Kosovo is XK, the
// code the EU, UN and OFAC use; codes withdrawn from ISO 3166-1 that old
// entries still carry are recognised too (AN Netherlands Antilles, CS Serbia
// and Montenegro, YU Yugoslavia, SU Soviet Union).
//
// Free text around a country is tolerated where it is a note the lists
// append: a parenthetical ("Afghanistan (previous address)", "Ukrainian SSR
// (now Ukraine)") and a trailing "citizenship", "nationality" or "SSR"
// ("Kuwaiti citizenship" → KW, "Kazakh SSR" → KZ).
func Code(s string) string {
	if c := lookup(key(s)); c != "" {
		return c
	}
	if before, _, ok := strings.Cut(s, "("); ok {
		return lookup(key(before))
	}
	return ""
}

// trailingNotes are words lists write after a country or demonym.
var trailingNotes = []string{" citizenship", " nationality", " national", " citizen", " by birth", " ssr", " soviet socialist republic"}

func lookup(k string) string {
	if k == "" {
		return ""
	}
	if c, ok := index[k]; ok {
		return c
	}
	if rest, ok := strings.CutPrefix(k, "region "); ok {
		return lookup(rest)
	}
	for _, note := range trailingNotes {
		if rest, ok := strings.CutSuffix(k, note); ok && rest != "" {
			return lookup(rest)
		}
	}
	return ""
}

// Name returns the common English short name of an alpha-2 code ("RU" →
// "Russia", "KP" → "North Korea"), "" if the code is unknown. The code is
// matched without regard to case.
func Name(code string) string {
	if len(code) != 2 {
		return ""
	}
	return names[strings.ToUpper(code)]
}

// key folds a name for lookup: NFKD with marks dropped, lower case, every
// run of non-letters one space, "&" as "and", and the word "the" left out.
func key(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r == '&':
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString("and")
			space = true
			continue
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	// Drop "the" wherever it stands: "The Gambia", "Bahamas, The",
	// "Congo, Democratic Republic of the".
	f := strings.Fields(b.String())
	out := f[:0]
	for _, w := range f {
		if w != "the" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

var (
	index map[string]string // key(name, code or demonym) → alpha-2
	names map[string]string // alpha-2 → name
)

func init() {
	index = make(map[string]string, len(countries)*6)
	names = make(map[string]string, len(countries))
	for _, line := range countries {
		f := strings.Split(line, "|")
		code := f[0]
		names[code] = f[2]
		index[key(code)] = code
		for _, v := range f[1:] {
			if k := key(v); k != "" {
				if _, dup := index[k]; !dup {
					index[k] = code
				}
			}
		}
	}
	for region, code := range regions {
		index[key(region)] = code
	}
}
