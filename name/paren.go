package name

import (
	"strings"
	"unicode"
)

// ParenVariants returns the other names a name written with a
// parenthesised part stands for: the name without its parenthesised parts
// ("SYRIAN ARAB AIRLINES (SAA)", "ABAR PETROLEUM SERVICES SAL (OFFSHORE)"),
// the acronym such a part gives when its letters are the initials of the
// name's words ("SAA"; see acronymOf), and the names such a part gives as
// another name ("Gazprom Sotsinvest, OOO (f.k.a., Gazprominvestarena
// OOO)", "Mexpar International, Inc. (a.k.a. Pasadena Aerospace; Aviation
// Logistics and Supply)"). Lists write acronyms, branch notes and former
// names in brackets; a customer writes the name without them, or the
// acronym alone. A name that ends in a note on the party's successors or
// units ("…, and its sub-units and successors", "… and any successor,
// sub-unit, or subsidiary thereof"; see cutUnitsTail) stands for the name
// without it, and for that name's variants. It returns nil for a name
// with neither.
func ParenVariants(s string) []string {
	var out []string
	if c := cutUnitsTail(s); c != s {
		out = append(out, c)
		s = c
	}
	return append(out, parenVariants(s)...)
}

// unitsWords mark a note on the party's successors or units.
var unitsWords = []string{"successor", "sub-unit", "subunit", "subsidiar", "operating units"}

// cutUnitsTail returns s without a closing note on the party's successors,
// units or subsidiaries: the words from the last ", and its", " and its",
// " and any" or " and all" on, when they name one of unitsWords and leave
// two words or more of the name. Otherwise it returns s.
func cutUnitsTail(s string) string {
	low := strings.ToLower(s)
	i := -1
	for _, m := range []string{" and its ", " and any ", " and all "} {
		i = max(i, strings.LastIndex(low, m))
	}
	if i < 0 {
		return s
	}
	tail := low[i:]
	for _, w := range unitsWords {
		if strings.Contains(tail, w) {
			c := strings.TrimRight(s[:i], " ,;")
			if len(strings.Fields(c)) >= 2 {
				return c
			}
			break
		}
	}
	return s
}

func parenVariants(s string) []string {
	if !strings.Contains(s, "(") {
		return nil
	}
	var parts []string
	var rest strings.Builder
	var out []string
	for {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			break
		}
		rest.WriteString(s[:i])
		rest.WriteByte(' ')
		out = append(out, akaNames(s[i+1:i+j])...)
		parts = append(parts, strings.TrimSpace(s[i+1:i+j]))
		s = s[i+j+1:]
	}
	if rest.Len() == 0 {
		return nil
	}
	rest.WriteString(s)
	r := strings.Join(strings.Fields(rest.String()), " ")
	r = strings.TrimRight(r, " ,;")
	for _, p := range parts {
		if acronymOf(p, r) {
			out = append(out, p)
		}
	}
	// A single word left ("ASMAT (APPLIED SYSTEMS METHODS AND
	// TECHNOLOGY)") is too little of the name to screen alone.
	if len(strings.Fields(r)) >= 2 {
		out = append([]string{r}, out...)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// acronymOf reports whether a (a parenthesised part) is an acronym of the
// name n: one word of three to eight capital letters, the first the
// initial of n's first word and the others, in order, initials of later
// words of n (words split at spaces, hyphens and apostrophes; connectors
// may be left out: CASC for China Aerospace Science and Technology
// Corporation, AAH for Asa'ib Ahl al-Haq).
func acronymOf(a, n string) bool {
	if len(a) < 3 || len(a) > 8 {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i] < 'A' || a[i] > 'Z' {
			return false
		}
	}
	words := strings.FieldsFunc(n, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	k := 0
	for i, w := range words {
		c := unicode.ToUpper([]rune(w)[0])
		if k < len(a) && c == rune(a[k]) {
			k++
		} else if i == 0 {
			return false
		}
	}
	return k == len(a)
}

// akaMarks open a parenthesised part that gives other names, as
// normalised letters.
var akaMarks = []string{"aka", "fka", "nka", "formerly", "previously", "alsoknownas", "formerlyknownas", "alias"}

// akaNames returns the names a parenthesised part gives after an "a.k.a."
// or "f.k.a." mark, separated by semicolons; none for another part.
func akaNames(p string) []string {
	p = strings.TrimSpace(p)
	// The mark is the letters before the first space or comma, dots
	// dropped: "a.k.a.", "f.k.a.,", "formerly".
	end := strings.IndexAny(p, " ,:")
	if end < 0 {
		return nil
	}
	mark := strings.ToLower(strings.ReplaceAll(p[:end], ".", ""))
	found := false
	for _, m := range akaMarks {
		if mark == m {
			found = true
			break
		}
	}
	if !found {
		return nil
	}
	var out []string
	for n := range strings.SplitSeq(p[end:], ";") {
		if n = strings.Trim(n, " ,:"); n != "" {
			out = append(out, n)
		}
	}
	return out
}
