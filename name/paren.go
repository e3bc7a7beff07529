package name

import "strings"

// ParenVariants returns the other names a name written with a
// parenthesised part stands for: the name without its parenthesised parts
// ("SYRIAN ARAB AIRLINES (SAA)", "ABAR PETROLEUM SERVICES SAL (OFFSHORE)"),
// and the names such a part gives as another name ("Gazprom Sotsinvest,
// OOO (f.k.a., Gazprominvestarena OOO)", "Mexpar International, Inc.
// (a.k.a. Pasadena Aerospace; Aviation Logistics and Supply)"). Lists
// write acronyms, branch notes and former names in brackets; a customer
// writes the name without them. It returns nil for a name without a
// complete parenthesised part.
func ParenVariants(s string) []string {
	if !strings.Contains(s, "(") {
		return nil
	}
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
		s = s[i+j+1:]
	}
	if rest.Len() == 0 {
		return nil
	}
	rest.WriteString(s)
	r := strings.Join(strings.Fields(rest.String()), " ")
	r = strings.TrimRight(r, " ,;")
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
