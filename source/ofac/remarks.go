package ofac

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/embargo-dev/embargo"
)

// relLinkedTo is the Link.Relation of OFAC's "Linked To:" remarks.
const relLinkedTo = "linked_to"

// applyRemarks lifts the structured facts OFAC packs into a remarks text into
// e's fields. It keeps remarks itself in e.Remarks; facts it does not know stay
// only there.
func applyRemarks(e *embargo.Entity, remarks string) {
	remarks = strings.TrimSpace(remarks)
	if remarks == "" {
		return
	}
	if e.Remarks == "" {
		e.Remarks = remarks
	} else {
		e.Remarks += "; " + remarks
	}
	for _, f := range splitFacts(remarks) {
		applyFact(e, f, "")
	}
}

// splitFacts splits a remarks text at the semicolons that separate facts,
// ignoring those inside parentheses or a quoted weak alias, and drops the
// full stop OFAC ends the text with.
func splitFacts(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ".")
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case ';':
			if depth == 0 {
				if f := strings.TrimSpace(s[start:i]); f != "" {
					out = append(out, f)
				}
				start = i + 1
			}
		}
	}
	if f := strings.TrimSpace(s[start:]); f != "" {
		out = append(out, f)
	}
	return out
}

// listPrefixes are remark labels whose value is added to a list of the
// entity.
var listPrefixes = []struct {
	prefix string
	list   func(e *embargo.Entity) *[]string
}{
	{"POB ", func(e *embargo.Entity) *[]string { return &e.BirthPlaces }},
	{"nationality ", func(e *embargo.Entity) *[]string { return &e.Nationalities }},
	{"citizenship ", func(e *embargo.Entity) *[]string { return &e.Citizenships }},
	{"citizen ", func(e *embargo.Entity) *[]string { return &e.Citizenships }},
}

// propertyPrefixes are remark labels whose value becomes a property.
var propertyPrefixes = []struct{ prefix, key string }{
	{"Former Vessel Flag ", "former_flag"},
	{"Other Vessel Flag ", "flag"},
	{"Vessel Flag ", "flag"},
	{"Other Vessel Type ", "vessel_type"},
	{"Vessel Type ", "vessel_type"},
	{"Vessel Year of Build ", "year_built"},
	{"Vessel Owner ", "owner"},
	{"Aircraft Model ", "aircraft_model"},
	{"Aircraft Operator ", "aircraft_operator"},
	{"Aircraft Manufacture Date ", "aircraft_manufacture_date"},
	{"Organization Established Date ", "established"},
	{"Organization Type: ", "organization_type"},
	{"Target Type ", "target_type"},
	{"Nationality of Registration ", "registration_country"},
	{"Position: ", "position"},
	{"Position ", "position"},
}

// idLabels are the identifier labels OFAC uses, longest first where one is a
// prefix of another, with the type each maps to. Labels not listed here but
// ending in a word such as "No." or "Number" are recognised by genericID.
var idLabels = []struct{ label, typ, note string }{
	{"Vessel Registration Identification IMO", embargo.IDIMO, ""},
	{"Vessel Registration Identification", embargo.IDIMO, ""},
	{"Company Number IMO", "imo_company_number", ""},
	{"Identification Number IMO", "imo_company_number", ""},
	{"Other Vessel Call Sign", embargo.IDCallSign, "other"},
	{"Vessel Call Sign", embargo.IDCallSign, ""},
	{"Passport No.", embargo.IDPassport, ""},
	{"Passport Number", embargo.IDPassport, ""},
	{"Passport", embargo.IDPassport, ""},
	{"Diplomatic Passport", embargo.IDPassport, "diplomatic"},
	{"National ID No.", embargo.IDNationalID, ""},
	{"National ID Number", embargo.IDNationalID, ""},
	{"National Identification Number", embargo.IDNationalID, ""},
	{"Tax ID No.", embargo.IDTax, ""},
	{"Registration ID", embargo.IDRegistration, ""},
	{"Registration Number", embargo.IDRegistration, ""},
	{"SWIFT/BIC", embargo.IDSWIFT, ""},
	{"Email Address", embargo.IDEmail, ""},
	{"Website", embargo.IDWebsite, ""},
	{"MMSI", embargo.IDMMSI, ""},
	{"Previous Aircraft Tail Number", embargo.IDAircraftTail, "previous"},
	{"Aircraft Tail Number", embargo.IDAircraftTail, ""},
	{"Aircraft Manufacturer's Serial Number (MSN)", "aircraft_manufacturers_serial_number", ""},
	{"Aircraft Construction Number (also called L/N or S/N or F/N)", "aircraft_construction_number", ""},
	{"Aircraft Serial Identification", "aircraft_serial_identification", ""},
	{"Cedula No.", "cedula_no", ""},
	{"NIT #", "nit", ""},
	{"RUC #", "ruc", ""},
	{"RIF #", "rif", ""},
	{"CURP #", "curp", ""},
	{"D.N.I.", "dni", ""},
	{"BIK (RU)", "bik", ""},
	{"R.F.C.", "rfc", ""},
	{"C.U.R.P.", "curp", ""},
	{"Numero de Identidad", "numero_de_identidad", ""},
	{"C.R. No.", "cr_no", ""},
	{"SSN", "ssn", ""},
	{"ISIN", "isin", ""},
	{"Equity Ticker", "equity_ticker", ""},
	{"Legal Entity Number", "legal_entity_number", ""},
	{"Chinese Commercial Code", "chinese_commercial_code", ""},
	{"Unified Social Credit Code (USCC)", "unified_social_credit_code", ""},
	{"D-U-N-S Number", "duns_number", ""},
	{"Matricula Mercantil No", "matricula_mercantil_no", ""},
	{"Folio Mercantil No.", "folio_mercantil_no", ""},
}

// applyFact applies one fact ("DOB 02 Jan 1968", "Passport 123 (Russia)") to
// e. country, when not empty, is the country the source gives apart from the
// text (legacy XML idCountry). It reports whether the fact was understood.
func applyFact(e *embargo.Entity, f, country string) bool {
	f = strings.TrimSpace(f)
	f = strings.TrimPrefix(f, "alt. ")
	f = strings.TrimPrefix(f, "Alt. ")
	if len(f) > 2 && f[0] == '(' && f[len(f)-1] == ')' && strings.Count(f, "(") == 1 {
		f = f[1 : len(f)-1] // legacy XML: "(Linked To: X)"
	}
	switch {
	case f == "":
		return false
	case hasAnyPrefix(f, "a.k.a. '", "f.k.a. '", "n.k.a. '"):
		name := strings.TrimSpace(strings.Trim(f[len("a.k.a. "):], "'"))
		if name == "" {
			return false
		}
		e.Aliases = append(e.Aliases, embargo.Alias{Name: name, Type: f[:len("a.k.a.")], Quality: embargo.QualityWeak})
		return true
	case strings.HasPrefix(f, "DOB "):
		d := parseDOB(f[len("DOB "):])
		if d == "" {
			return false
		}
		e.BirthDates = append(e.BirthDates, d)
		return true
	case strings.HasPrefix(f, "Gender "):
		e.Gender = strings.ToLower(strings.TrimSpace(f[len("Gender "):]))
		return true
	case strings.HasPrefix(f, "Linked To: "):
		name := strings.TrimSpace(f[len("Linked To: "):])
		if name == "" {
			return false
		}
		e.Links = append(e.Links, embargo.Link{Name: name, Relation: relLinkedTo})
		return true
	case strings.HasPrefix(f, "Title: "):
		if e.Title == "" {
			e.Title = strings.TrimSpace(f[len("Title: "):])
		}
		return true
	case strings.HasPrefix(f, "Digital Currency Address - "):
		cur, addr, ok := strings.Cut(f[len("Digital Currency Address - "):], " ")
		if !ok || strings.TrimSpace(addr) == "" {
			return false
		}
		e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: embargo.IDCryptoAddress, Value: strings.TrimSpace(addr), Note: cur})
		return true
	}
	for _, p := range listPrefixes {
		if v, ok := strings.CutPrefix(f, p.prefix); ok {
			l := p.list(e)
			*l = append(*l, strings.TrimSpace(v))
			return true
		}
	}
	for _, p := range propertyPrefixes {
		if strings.HasPrefix(f, p.prefix) {
			e.AddProperty(p.key, f[len(p.prefix):])
			return true
		}
	}
	for _, l := range idLabels {
		if len(f) > len(l.label)+1 && strings.HasPrefix(f, l.label) && f[len(l.label)] == ' ' {
			addID(e, l.typ, l.note, f[len(l.label)+1:], country)
			return true
		}
	}
	if label, rest, ok := genericID(f); ok {
		addID(e, snake(label), "", rest, country)
		return true
	}
	return false
}

// addID parses "VALUE (COUNTRY) issued DATE expires DATE" and appends the
// identifier.
func addID(e *embargo.Entity, typ, note, s, country string) {
	value, c, extra := splitIDValue(s)
	if country == "" {
		country = c
	} else if c != "" {
		value = strings.TrimSpace(value + " (" + c + ")")
	}
	if typ == embargo.IDIMO {
		value = strings.TrimSpace(strings.TrimPrefix(value, "IMO "))
	}
	if extra != "" {
		if note != "" {
			note += "; "
		}
		note += extra
	}
	if value == "" {
		return
	}
	e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: typ, Value: value, Country: country, Note: note})
}

// splitIDValue splits an identifier's text into its value, the country in
// the trailing parentheses and the "issued ... expires ..." note.
func splitIDValue(s string) (value, country, note string) {
	s = strings.TrimSpace(s)
	cut := len(s)
	for _, w := range []string{" issued ", " expires ", " Issued ", " Expires "} {
		if i := strings.Index(s, w); i >= 0 && i < cut {
			cut = i
		}
	}
	note = strings.TrimSpace(s[cut:])
	s = strings.TrimSpace(s[:cut])
	if strings.HasSuffix(s, ")") {
		depth := 0
		for i := len(s) - 1; i >= 0; i-- {
			switch s[i] {
			case ')':
				depth++
			case '(':
				depth--
			}
			if depth == 0 {
				if i > 0 {
					country = strings.TrimSpace(s[i+1 : len(s)-1])
					s = strings.TrimSpace(s[:i])
				}
				break
			}
		}
	}
	return s, country, note
}

// idSuffixWords end the label of an identifier OFAC has no fixed label list
// for ("Business Number 51566843", "Birth Certificate Number 32270").
var idSuffixWords = map[string]bool{"No.": true, "No": true, "Number": true, "#": true, "ID": true, "Card": true, "Code": true}

// genericID recognises "LABEL VALUE" where LABEL has at most six words and
// ends in a word of idSuffixWords, and VALUE holds a digit.
func genericID(f string) (label, value string, ok bool) {
	words := strings.Fields(f)
	for i, w := range words {
		if i >= 6 || strings.ContainsAny(w, ":") || w == "-" || strings.ContainsAny(w, "0123456789") {
			return "", "", false
		}
		if idSuffixWords[w] && i+1 < len(words) {
			for i+2 < len(words) && idSuffixWords[words[i+1]] {
				i++ // "Citizen's Card Number", "Personal ID No."
			}
			label = strings.Join(words[:i+1], " ")
			if strings.HasPrefix(f, label) {
				value = strings.TrimSpace(f[len(label):])
			} else {
				value = strings.Join(words[i+1:], " ")
			}
			if !strings.ContainsAny(value, "0123456789") {
				return "", "", false
			}
			return label, value, true
		}
	}
	return "", "", false
}

// snake turns an OFAC label into a lower-case snake_case identifier type,
// leaving out parenthesised parts and apostrophes: "Driver's License No."
// becomes "drivers_license_no".
func snake(label string) string {
	var b strings.Builder
	depth := 0
	pendingSep := false
	for i, r := range label {
		switch {
		case r == '.' && i+1 < len(label) && isLetter(label[i+1]):
			continue // "C.U.R.P." is "curp", "V.A.T. Number" "vat_number"
		case r == '(':
			depth++
			continue
		case r == ')':
			if depth > 0 {
				depth--
			}
			continue
		case depth > 0, r == '\'':
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if pendingSep && b.Len() > 0 {
				b.WriteByte('_')
			}
			pendingSep = false
			b.WriteRune(unicode.ToLower(r))
		} else {
			pendingSep = true
		}
	}
	if b.Len() == 0 {
		return embargo.IDOther
	}
	return b.String()
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// date is a calendar date known to year, month or day precision.
type date struct {
	y, m, d int // m and d are 0 when not known
}

func (d date) String() string {
	s := pad(d.y, 4)
	if d.m > 0 {
		s += "-" + pad(d.m, 2)
		if d.d > 0 {
			s += "-" + pad(d.d, 2)
		}
	}
	return s
}

func pad(n, w int) string {
	s := strconv.Itoa(n)
	for len(s) < w {
		s = "0" + s
	}
	return s
}

var months = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
	"january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}

// parseDate reads "04 Mar 1947", "Mar 1947" or "1947".
func parseDate(s string) (date, bool) {
	f := strings.Fields(s)
	var d date
	year := func(s string) bool {
		y, err := strconv.Atoi(s)
		if err != nil || len(s) != 4 || y < 1000 {
			return false
		}
		d.y = y
		return true
	}
	switch len(f) {
	case 1:
		return d, year(f[0])
	case 2:
		m, ok := months[strings.ToLower(f[0])]
		if !ok || !year(f[1]) {
			return d, false
		}
		d.m = m
		return d, true
	case 3:
		m, ok := months[strings.ToLower(f[1])]
		day, err := strconv.Atoi(f[0])
		if !ok || err != nil || day < 1 || day > daysIn(m, 2000) || !year(f[2]) {
			return d, false
		}
		d.m, d.d = m, day
		return d, true
	}
	return d, false
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(m, y int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// parseDOB reads OFAC's date of birth notations: "04 Mar 1947", "Mar 1947",
// "1947", "circa 1960", "1960 to 1962", "circa 1979-1982" and
// "01 Jan 1953 to 31 Dec 1954". It returns "" for anything else.
func parseDOB(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "circa ")
	s = strings.TrimSpace(s)
	for _, sep := range []string{" to ", "-"} { // "A to B", else "A-B"
		if a, b, ok := strings.Cut(s, sep); ok {
			da, oka := parseDate(a)
			db, okb := parseDate(b)
			if !oka || !okb {
				return ""
			}
			return dateRange(da, db)
		}
	}
	d, ok := parseDate(s)
	if !ok {
		return ""
	}
	return d.String()
}

// dateRange writes the span from a to b in the shortest form: a whole year or
// month as "1962" or "1962-03", whole years as "1960..1962", anything else as
// "A..B".
func dateRange(a, b date) string {
	// Widen full dates that cover whole years or months to that precision.
	if a.d == 1 && a.m == 1 && b.m == 12 && b.d == 31 {
		a, b = date{y: a.y}, date{y: b.y}
	} else if a.d == 1 && b.d == daysIn(b.m, b.y) && a.y == b.y && a.m == b.m {
		a, b = date{y: a.y, m: a.m}, date{y: b.y, m: b.m}
	}
	if a == b {
		return a.String()
	}
	return a.String() + ".." + b.String()
}
