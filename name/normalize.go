package name

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind says what role a token plays in a name.
type Kind uint8

// Token kinds. Only KindWord tokens carry full weight in matching.
const (
	KindWord    Kind = iota // an ordinary name part: "deripaska"
	KindInitial             // a single letter standing for a name: "o" of "O. V. Deripaska"
	KindStop                // a particle or connective: "al", "bin", "de", "von", "and"
	KindLegal               // a legal form, Text holds its code: "llc" for "OOO"
	KindNumber              // digits: "2000", "1" of a vessel name
)

// String returns the kind's lower-case name.
func (k Kind) String() string {
	switch k {
	case KindWord:
		return "word"
	case KindInitial:
		return "initial"
	case KindStop:
		return "stop"
	case KindLegal:
		return "legal_form"
	case KindNumber:
		return "number"
	}
	return "unknown"
}

// Token is one analysed part of a name.
type Token struct {
	// Text is the normalised token (lower-case ASCII Latin where the script
	// could be transliterated); for a legal form, its code ("llc", "jsc").
	Text string
	// Fold is the romanisation-variant key (see Fold).
	Fold string
	// Phonetic is the sound key (see Phonetic); empty when too short to be useful.
	Phonetic string
	// Equiv is the canonical member of the token's equivalence group (see
	// Equivalent), empty when it has none.
	Equiv string
	// Nickname says Equiv comes from a short or pet form of the name
	// ("Sasha" for Aleksandr): weaker evidence than another form of it.
	Nickname bool
	// Inflected says Equiv is the key of an inflected surname's forms
	// (see inflectionKey): Petrova, Petrovym and Petrov share one.
	Inflected bool
	// Syllable says the token is one romanised Chinese or Korean syllable
	// (see IsSyllable): a whole name part, never another one's typo.
	Syllable bool
	// PetForms says the token is a given name or nickname of the nickname
	// tables (see Nicknames).
	PetForms bool
	// Skeleton is the consonant skeleton (see Skeleton) of a word; empty
	// for other kinds.
	Skeleton string
	// Kind is the token's role.
	Kind Kind
	// Origin is how exactly the script the name was written in records its
	// sounds (see Origin).
	Origin Origin
	// Raw is the text the token came from, for explanations: "Limited
	// Liability Company" for the legal form "llc", else Text.
	Raw string
}

// MaxNameLen is the longest name, in bytes, that Analyze accepts in full;
// longer input is cut there. Screening rejects longer queries outright.
const MaxNameLen = 1000

// Normalize returns s as matching sees it: transliterated to lower-case Latin
// (ToLatin), apostrophes and similar marks removed so that "Mu'ammar" reads
// "muammar", "&" spelled "and", and every other run of punctuation, symbols or
// spaces turned into one space. The result has no leading or trailing space.
func Normalize(s string) string {
	return strings.Join(Tokens(s), " ")
}

// Tokens splits a name into normalised tokens (see Normalize). "Abd al" and
// its spellings are joined into one token ("abdal"), because Arabic writes
// 'Abd al-X as one word and lists split it in every possible way.
func Tokens(s string) []string {
	if len(s) > MaxNameLen {
		s = s[:MaxNameLen]
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	s = splitCamel(s)
	var lat string
	if hanForeignName(s) {
		lat = hanForeignLatin(s)
	} else {
		lat = ToLatin(s)
	}
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range lat {
		switch {
		case isNameApostrophe(r):
			// Dropped without a break: "cho'ng" -> "chong", "d'elcon" -> "delcon".
		case r == '&':
			flush()
			out = append(out, "and")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r):
			// Marks left by scripts ToLatin does not cover belong to their letter.
		default:
			flush()
		}
	}
	flush()
	if hasGreek(s) {
		foreign := greekForeignName(s)
		for i, t := range out {
			if foreign {
				out[i] = greekForeignSounds(t)
			} else {
				out[i] = greekForeignReading(t)
			}
		}
	}
	return joinAbdAl(out)
}

// splitCamel puts a space where a name written glued in camel case
// changes from a lower-case to an upper-case letter: "IvanPetrov" is
// "Ivan Petrov", "NordstalAG" "Nordstal AG". The part before must have
// three letters or more, so that "McDonald", "DeLuca" and "LaToya" stay one
// name, and the part after two or more ("GmbH" stays one word).
func splitCamel(s string) string {
	var b []byte
	run, last := 0, 0 // letters in the current word; bytes of s copied
	prevLower := false
	for i, r := range s {
		upper, lower := unicode.IsUpper(r), unicode.IsLower(r)
		if upper && prevLower && run >= 3 && letterAfter(s, i) {
			b = append(append(b, s[last:i]...), ' ')
			last, run = i, 0
		}
		if upper || lower {
			run++
		} else {
			run = 0
		}
		prevLower = lower
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

// letterAfter reports whether the rune at s[i:] is followed by a letter.
func letterAfter(s string, i int) bool {
	_, n := utf8.DecodeRuneInString(s[i:])
	r, _ := utf8.DecodeRuneInString(s[i+n:])
	return unicode.IsLetter(r)
}

// isForeignNameDot reports whether r is one of the middle dots that
// Chinese and Japanese put between the parts of a foreign name
// (奥列格·德里帕斯卡, オレグ・デリパスカ).
func isForeignNameDot(r rune) bool {
	switch r {
	case 0xB7, 0x30FB, 0x2027, 0x2022, 0xFF65, 0x2219, 0x22C5:
		return true
	}
	return false
}

// hanForeignName reports whether s is a foreign name written in Chinese
// characters: Han with a middle dot between its parts, or spelled with
// transcription characters only (see hanTranscribed). Such a name
// spells sounds with characters (德里帕斯卡 de li pa si ka, Deripaska).
func hanForeignName(s string) bool {
	han, dot := false, false
	for _, r := range s {
		han = han || isHan(r)
		dot = dot || isForeignNameDot(r)
	}
	return han && (dot || hanTranscribed(s))
}

// hanForeignLatin transliterates a foreign name written in Chinese
// characters with each part, between dots and spaces, as one word, read
// with the transcription values (see hanForeignWord): 德里帕斯卡 makes one
// name, "deripaska".
func hanForeignLatin(s string) string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return isForeignNameDot(r) || unicode.IsSpace(r) })
	for i, p := range parts {
		parts[i] = hanForeignWord(p)
	}
	return strings.Join(parts, " ")
}

func hasGreek(s string) bool {
	for _, r := range s {
		if r >= 0x370 && r < 0x400 || r >= 0x1F00 && r < 0x2000 {
			return true
		}
	}
	return false
}

// greekForeignReading adjusts a token transliterated from Greek towards the
// spelling the name has in Latin script when it is a foreign name written
// in Greek, as listed names mostly are: Greek has no letters for g before
// a final consonant cluster, y, or ch, and writes them γκ (read ng), γι
// and τσ ("Όλεγκ" Oleg, "Γιανουκόβιτς" Yanukovich).
func greekForeignReading(t string) string {
	if strings.HasSuffix(t, "ng") && len(t) > 3 {
		t = t[:len(t)-2] + "g" // ...γκ at the end: "oleng" -> "oleg"
	}
	if len(t) > 3 && strings.HasPrefix(t, "gi") && strings.ContainsRune("aeou", rune(t[2])) {
		t = "y" + t[2:] // γι before a vowel: "gianoukovits" -> "yanoukovits"
	}
	if strings.HasSuffix(t, "its") && len(t) > 5 {
		t = t[:len(t)-2] + "ch" // -ιτς: the Slavic -ich
	}
	return t
}

// isNameApostrophe reports whether r is one of the apostrophe-like marks
// that transliterations use for ayn, hamza or the soft sign.
func isNameApostrophe(r rune) bool {
	switch r {
	case '\'', '`', '´', '‘', '’', 'ʼ', 'ʻ', 'ʽ', 'ʹ', 'ʾ', 'ʿ', '′', 'ʺ', '"':
		return true
	}
	return false
}

// joinAbdAl joins "abd"/"abdu" with a following article ("al", "el", "ul",
// "ol", "ar", "as", ...) into one token: "abd al baset" -> "abdal baset".
//
// An article written onto the name that follows ("Abd Elrahman", "Abd
// Albaset", as Greek and some Latin spellings write it) moves to the abd
// in the same way: "abd elrahman" -> "abdel rahman", as "Abd el-Rahman" is
// read. The rest must be a name of four letters or more that does not
// start with l, so that "Abd Allah" (Abdullah) and "Abd Alim" stay as
// written.
func joinAbdAl(toks []string) []string {
	for i := 0; i+1 < len(toks); i++ {
		if toks[i] != "abd" && toks[i] != "abdu" && toks[i] != "abdi" {
			continue
		}
		if isArabicArticle(toks[i+1]) {
			toks[i] = "abd" + toks[i+1]
			toks = append(toks[:i+1], toks[i+2:]...)
			continue
		}
		if art, rest := articleGlued(toks[i+1]); art != "" {
			toks[i], toks[i+1] = "abd"+art, rest
		}
	}
	return toks
}

// articleGlued splits the Arabic article al or el off the start of t when
// what follows is a name of four letters or more not starting with l.
func articleGlued(t string) (art, rest string) {
	if len(t) >= 6 && (t[0] == 'a' || t[0] == 'e') && t[1] == 'l' && t[2] != 'l' {
		return t[:2], t[2:]
	}
	return "", ""
}

// isArabicArticle reports whether t is a romanisation of the Arabic article,
// including its sun-letter assimilations (ar-, as-, ash-, ad-, an-, az-, at-).
func isArabicArticle(t string) bool {
	switch t {
	case "al", "el", "ul", "ol", "il", "ar", "as", "ash", "ad", "an", "az", "at", "ur", "us", "un", "ud", "er", "es", "en", "ed":
		return true
	}
	return false
}

// AnalyzeOptions tune Analyze.
type AnalyzeOptions struct {
	// LegalForms turns recognised legal forms at the start or end of the
	// name into KindLegal tokens. Leave it off for persons, where "S. A."
	// are initials, not a société anonyme.
	LegalForms bool
}

// Analyze tokenises a name and computes every token's keys and kind.
func Analyze(s string, opts AnalyzeOptions) []Token {
	toks := Tokens(s)
	if len(toks) == 0 {
		return nil
	}
	folds := make([]string, len(toks))
	for i, t := range toks {
		folds[i] = Fold(t)
	}
	var legal []legalSpan
	if opts.LegalForms {
		legal = findLegalForms(toks, folds)
	}
	origin := originOf(s)
	out := make([]Token, 0, len(toks))
	for i := 0; i < len(toks); {
		if len(legal) > 0 && legal[0].start == i {
			sp := legal[0]
			legal = legal[1:]
			out = append(out, Token{
				Text: sp.code, Fold: sp.code, Kind: KindLegal,
				Raw: strings.Join(toks[sp.start:sp.end], " "),
			})
			i = sp.end
			continue
		}
		t := makeToken(toks[i], folds[i])
		t.Origin = origin
		out = append(out, t)
		i++
	}
	syllableParticles(out)
	return numberTokens(out)
}

// syllableParticles makes the particles of a Chinese or Korean name of
// romanised syllables name parts again: the "Il" of "Kim Il Sung" is a
// syllable of his given name, not the Arabic article.
//
// So is the letter o there, the McCune-Reischauer spelling of the Korean
// surname 오 ("O, Chong Ok"; Oh in South Korean usage), when the name has
// two syllable words and no other single letter: there it is no initial.
// (Not u: the Burmese honorific U precedes names of such syllables.)
func syllableParticles(toks []Token) {
	stops, vowels, initials, words := false, false, false, 0
	for i := range toks {
		switch toks[i].Kind {
		case KindWord:
			if !toks[i].Syllable {
				return
			}
			words++
		case KindStop:
			if !IsSyllable(toks[i].Text) || isNasabConnector(toks[i].Text) {
				return
			}
			stops = true
		case KindInitial:
			if toks[i].Text == "o" {
				vowels = true
			} else {
				initials = true
			}
		}
	}
	stops = stops && len(toks) >= 2
	vowels = vowels && !initials && words >= 2
	if !stops && !vowels {
		return
	}
	for i := range toks {
		switch {
		case toks[i].Kind == KindStop && stops:
			toks[i].Kind, toks[i].Syllable, toks[i].Equiv = KindWord, true, ""
		case toks[i].Kind == KindInitial && vowels:
			t := &toks[i]
			t.Kind, t.Syllable = KindWord, true
			t.Phonetic, t.Skeleton, t.Equiv = Phonetic(t.Text), Skeleton(t.Text), equivalentIndex[t.Fold]
		}
	}
}

// MakeToken computes the keys and kind of one normalised token.
func MakeToken(t string) Token { return makeToken(t, Fold(t)) }

func makeToken(t, fold string) Token {
	if base, ok := givenCaseBase(t); ok {
		fold = base // Olgoy: Olga
	}
	tok := Token{Text: t, Raw: t, Fold: fold}
	switch {
	case IsDigits(t):
		tok.Kind = KindNumber
	case utf8.RuneCountInString(t) == 1:
		tok.Kind = KindInitial
	case IsStopWord(t):
		tok.Kind = KindStop
	default:
		tok.Kind = KindWord
	}
	if tok.Kind == KindWord || tok.Kind == KindStop {
		tok.Phonetic = Phonetic(t)
		tok.Skeleton = Skeleton(t)
		tok.Equiv = equivalentIndex[fold]
		if tok.Equiv == "" && tok.Kind == KindWord {
			tok.Equiv = patronymicKey(fold)
			tok.Inflected = tok.Equiv != ""
		}
		if tok.Equiv == "" && tok.Kind == KindWord {
			tok.Equiv = nicknameIndex[fold]
			tok.Nickname = tok.Equiv != ""
		}
		if tok.Equiv == "" && tok.Kind == KindWord {
			tok.Equiv = inflectionKey(fold)
			tok.Inflected = tok.Equiv != ""
		}
		tok.Syllable = tok.Kind == KindWord && IsSyllable(t)
		tok.PetForms = tok.Kind == KindWord && HasNicknames(fold)
	}
	return tok
}

// IsDigits reports whether s is a non-empty run of ASCII digits.
func IsDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
