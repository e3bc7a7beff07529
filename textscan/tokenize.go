package textscan

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/embargo-dev/embargo/name"
)

// token is one word of the text being scanned.
type token struct {
	start, end int32 // byte offsets in the chunk
	id         int32 // token id of the word's fold key, -1 if no listed name has it
	alt        int32 // token id of its uninflected form ("deripaskas" -> "deripaska"), -1 if none
	aux        int32 // index in state.aux of its normalised text and that of its alt form; -1: ASCII, read from the span
	flags      uint8
}

// Token flags.
const (
	tUpper   uint8 = 1 << iota // starts with a capital, or is in a script without case
	tHard                      // a sentence or paragraph ends before it: no name goes across
	tInitial                   // a single letter
	tDigits                    // digits only
	tAmp                       // "&", read as "and"
)

// asciiAlnum marks ASCII letters and digits.
var asciiAlnum = func() (t [128]bool) {
	for c := 0; c < 128; c++ {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	return t
}()

func isAlnumByte(c byte) bool { return c < utf8.RuneSelf && asciiAlnum[c] }

// isWordRune reports whether r belongs to a word: a letter, a digit or a
// combining mark.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiAlnum[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// isSyllabic reports whether r is of a script written without spaces
// between words (Han, Hiragana, Katakana, Hangul syllables), where every
// character is taken as a word of its own.
func isSyllabic(r rune) bool {
	return r >= 0x2E80 && r <= 0x9FFF || r >= 0xAC00 && r <= 0xD7AF || r >= 0xF900 && r <= 0xFAFF || r >= 0x20000 && r <= 0x2FA1F
}

// isApostrophe reports whether r is an apostrophe as written in English
// possessives and in names (O'Brien, Mu'ammar).
func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' || r == '\u02BC' }

// tokenize splits buf into tokens and looks each up in the dictionary.
func (st *state) tokenize(buf []byte) {
	st.toks = st.toks[:0]
	st.aux = st.aux[:0]
	hard := true
	newlines := 0
	lastEnd := 0
	// mark flags token k with what separated it from the token before.
	mark := func(k int) {
		t := &st.toks[k]
		if hard || newlines >= 2 || int(t.start)-lastEnd > maxGapLength {
			t.flags |= tHard
		}
		hard, newlines, lastEnd = false, 0, int(t.end)
	}
	for i := 0; i < len(buf); {
		c := buf[i]
		if c < utf8.RuneSelf {
			if asciiAlnum[c] {
				n := len(st.toks)
				i = st.asciiWord(buf, i)
				for k := n; k < len(st.toks); k++ {
					mark(k)
				}
				continue
			}
			switch c {
			case '\n':
				newlines++
			case '.':
				if !st.softStop() {
					hard = true
				}
			case '!', '?', ';', '|', '<', '>', '{', '}', '=', '#', '\t':
				// Sentence ends, markup and table columns: no name goes across.
				hard = true
			case '&':
				st.toks = append(st.toks, token{start: int32(i), end: int32(i + 1), id: st.sc.idAnd, alt: -1, aux: -1, flags: tAmp | tUpper})
				mark(len(st.toks) - 1)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(buf[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			// Invalid UTF-8: a separator one byte wide, offsets unchanged.
			hard = true
		case isWordRune(r):
			n := len(st.toks)
			i = st.uniWord(buf, i)
			for k := n; k < len(st.toks); k++ {
				mark(k)
			}
			continue
		case r == '\u2028' || r == '\u2029':
			newlines += 2
		case strings.ContainsRune("。！？؟…‼⁇⁈⁉।", r):
			hard = true
		}
		i += size
	}
}

// softStop reports whether a full stop right after the last token does
// not end a sentence: after an initial or an abbreviation ("Mr.", "V.").
func (st *state) softStop() bool {
	if len(st.toks) == 0 {
		return false
	}
	t := &st.toks[len(st.toks)-1]
	return t.flags&tInitial != 0 || t.id >= 0 && st.sc.info[t.id].cls&clsAbbrev != 0
}

// asciiWord reads the word of ASCII letters and digits at buf[i] and
// appends its token; it returns where scanning goes on. An apostrophe
// between letters joins (O'Brien), "'s" after a word is dropped
// (Deripaska's), and a word hyphenated across a line break is joined
// ("Deri-\npaska"). A word that turns out to have non-ASCII letters is
// handed to uniWord.
func (st *state) asciiWord(buf []byte, i int) int {
	start := i
	lower := st.lower[:0]
	n := 0
	resume := -1
	for {
		for i < len(buf) && isAlnumByte(buf[i]) {
			if n < maxTokenLen {
				c := buf[i]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				lower = append(lower, c)
			}
			n++
			i++
		}
		if i >= len(buf) {
			break
		}
		c := buf[i]
		w := 1
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(buf[i:])
			if isWordRune(r) {
				return st.uniWord(buf, start)
			}
			if !isApostrophe(r) {
				break
			}
			c, w = '\'', size
		}
		if c == '\'' {
			j := i + w
			if j < len(buf) && (buf[j] == 's' || buf[j] == 'S') && (j+1 == len(buf) || !startsWord(buf[j+1:])) {
				resume = j + 1 // possessive: the token ends here, the "'s" is dropped
				break
			}
			if j < len(buf) && isAlnumByte(buf[j]) && !isDigitByte(buf[j]) && !isDigitByte(buf[i-1]) {
				i = j
				continue
			}
			break
		}
		if c == '-' {
			if j := hyphenBreak(buf, i); j > 0 {
				i = j
				continue
			}
		}
		break
	}
	t := token{start: int32(start), end: int32(i), id: -1, alt: -1, aux: -1}
	if r := buf[start]; r >= 'A' && r <= 'Z' {
		t.flags |= tUpper
	}
	if n == 1 {
		t.flags |= tInitial
	}
	if isDigitByte(buf[start]) && digitsOnly(lower) {
		t.flags |= tDigits | tUpper
	}
	if n <= maxTokenLen {
		t.id, t.alt = st.lookupASCII(lower)
	}
	st.toks = append(st.toks, t)
	st.lower = lower
	if resume >= 0 {
		return resume
	}
	return i
}

// lookupASCII returns the token ids of a lower-case ASCII word and of its
// form without a final s (plural or possessive without apostrophe).
func (st *state) lookupASCII(lower []byte) (int32, int32) {
	f := name.AppendFold(st.fbuf[:0], lower)
	st.fbuf = f
	id, ok := st.sc.dict[string(f)]
	if ok {
		return id, -1
	}
	if n := len(lower); n > 3 && lower[n-1] == 's' {
		f = name.AppendFold(st.fbuf[:0], lower[:n-1])
		st.fbuf = f
		if alt, ok := st.sc.dict[string(f)]; ok {
			return -1, alt
		}
	}
	return -1, -1
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

func digitsOnly(b []byte) bool {
	for _, c := range b {
		if !isDigitByte(c) {
			return false
		}
	}
	return len(b) > 0
}

// startsWord reports whether b starts with a letter or digit.
func startsWord(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	if b[0] < utf8.RuneSelf {
		return asciiAlnum[b[0]]
	}
	r, _ := utf8.DecodeRune(b)
	return isWordRune(r)
}

// hyphenBreak reports whether the hyphen at buf[i] ends a line inside a
// word ("Deri-\npaska": a lower-case letter opens the next line) and
// returns where the word goes on, or 0.
func hyphenBreak(buf []byte, i int) int {
	j := i + 1
	for j < len(buf) && (buf[j] == ' ' || buf[j] == '\t') {
		j++
	}
	if j < len(buf) && buf[j] == '\r' {
		j++
	}
	if j >= len(buf) || buf[j] != '\n' {
		return 0
	}
	j++
	for j < len(buf) && (buf[j] == ' ' || buf[j] == '\t') {
		j++
	}
	if j < len(buf) && buf[j] >= 'a' && buf[j] <= 'z' && j-i < 16 {
		return j
	}
	return 0
}

// uniWord reads a word with non-ASCII letters at buf[i] (Cyrillic,
// accented Latin, Arabic, ...), transliterates it with name.Tokens and
// appends its tokens, all spanning the word. A Han, kana or Hangul
// character is a word of its own.
func (st *state) uniWord(buf []byte, i int) int {
	start := i
	r0, size := utf8.DecodeRune(buf[i:])
	joined := false
	resume := -1
	if isSyllabic(r0) {
		i += size
	} else {
		for i < len(buf) {
			r, size := utf8.DecodeRune(buf[i:])
			if isWordRune(r) && !isSyllabic(r) {
				i += size
				continue
			}
			if isApostrophe(r) {
				j := i + size
				if j < len(buf) && (buf[j] == 's' || buf[j] == 'S') && (j+1 == len(buf) || !startsWord(buf[j+1:])) {
					resume = j + 1
					break
				}
				if j < len(buf) && startsWord(buf[j:]) {
					i = j
					continue
				}
				break
			}
			if r == '-' {
				if j := hyphenBreak(buf, i); j > 0 {
					i, joined = j, true
					continue
				}
			}
			break
		}
	}
	word := buf[start:i]
	if i-start > 4*maxTokenLen {
		st.toks = append(st.toks, token{start: int32(start), end: int32(i), id: -1, alt: -1, aux: -1})
		return max(i, resume)
	}
	text := string(word)
	if joined {
		text = strings.Map(func(r rune) rune {
			if r == '-' || unicode.IsSpace(r) {
				return -1
			}
			return r
		}, text)
	}
	var flags uint8
	if unicode.IsUpper(r0) || !unicode.IsLower(r0) {
		flags |= tUpper
	}
	cyr := r0 >= 0x400 && r0 < 0x530
	for _, norm := range name.Tokens(text) {
		t := token{start: int32(start), end: int32(i), id: -1, alt: -1, aux: int32(len(st.aux)), flags: flags}
		if utf8.RuneCountInString(norm) == 1 && !isSyllabic(r0) {
			t.flags |= tInitial
		}
		if name.IsDigits(norm) {
			t.flags |= tDigits | tUpper
		}
		altNorm := ""
		t.id = st.lookup(norm)
		if t.id < 0 {
			if cyr {
				t.alt, altNorm = st.cyrillicStem(norm)
			} else if n := len(norm); n > 3 && norm[n-1] == 's' {
				if t.alt = st.lookup(norm[:n-1]); t.alt >= 0 {
					altNorm = norm[:n-1]
				}
			}
		}
		st.aux = append(st.aux, norm, altNorm)
		st.toks = append(st.toks, t)
	}
	if resume >= 0 {
		return resume
	}
	return i
}

// lookup returns the token id of a normalised token, -1 if none.
func (st *state) lookup(norm string) int32 {
	if len(norm) > maxTokenLen {
		return -1
	}
	key := name.AppendFold(st.fbuf[:0], norm)
	st.fbuf = key
	if id, ok := st.sc.dict[string(key)]; ok {
		return id
	}
	return -1
}

// russianEndings are the case endings of Russian surnames and given names
// as ToLatin spells them, longest first, each with what the nominative
// ends in instead: Дерипаски/Дерипаской -> Дерипаска, Ивановым -> Иванов,
// Олегу -> Олег.
var russianEndings = []struct{ end, nom string }{
	{"ogo", ""}, {"omu", ""}, {"oiu", "a"}, {"oyu", "a"},
	{"oi", "a"}, {"oy", "a"}, {"ym", ""}, {"im", ""}, {"om", ""}, {"em", ""},
	{"ei", "ia"}, {"ey", "ya"},
	{"y", "a"}, {"i", "a"}, {"e", "a"}, {"u", "a"},
	{"a", ""}, {"u", ""}, {"e", ""}, {"i", ""}, {"y", ""},
}

// cyrillicStem tries the nominative forms of an inflected Russian name.
func (st *state) cyrillicStem(norm string) (int32, string) {
	for _, e := range russianEndings {
		if len(norm) < len(e.end)+3 || !strings.HasSuffix(norm, e.end) {
			continue
		}
		cand := norm[:len(norm)-len(e.end)] + e.nom
		if id := st.lookup(cand); id >= 0 {
			return id, cand
		}
	}
	return -1, ""
}

// norm returns the normalised text of token k (its uninflected form when
// alt), as the scorer is to see it.
func (st *state) norm(buf []byte, k int, alt bool) string {
	t := &st.toks[k]
	if t.aux >= 0 {
		if alt && st.aux[t.aux+1] != "" {
			return st.aux[t.aux+1]
		}
		return st.aux[t.aux]
	}
	if t.flags&tAmp != 0 {
		return "and"
	}
	b := make([]byte, 0, t.end-t.start)
	for _, c := range buf[t.start:t.end] {
		if isAlnumByte(c) {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		}
	}
	if alt && len(b) > 1 && b[len(b)-1] == 's' {
		b = b[:len(b)-1]
	}
	return string(b)
}

// validText returns b as a string with invalid UTF-8 replaced.
func validText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}
