package name

import (
	"sort"
	"unicode"
)

// Script returns the ISO 15924 code of the dominant non-common script in s
// ("Latn", "Cyrl", "Arab", "Hani", ...), "" if none.
//
// Dominant means the script of the most letters; a tie goes to the script
// seen first. Digits, punctuation, spaces and combining marks belong to no
// script here. Japanese text counts its hiragana ("Hira"), katakana ("Kana")
// and kanji ("Hani") separately.
func Script(s string) string {
	type count struct {
		code  string
		n     int
		first int
	}
	var counts []count
	last := -1 // index in counts of the script of the previous letter
	for i, r := range s {
		if r < 0x80 && !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			continue
		}
		code := scriptOf(r)
		if code == "" {
			continue
		}
		if last >= 0 && code == counts[last].code {
			counts[last].n++
			continue
		}
		last = -1
		for k := range counts {
			if counts[k].code == code {
				last = k
				break
			}
		}
		if last < 0 {
			counts = append(counts, count{code: code, first: i})
			last = len(counts) - 1
		}
		counts[last].n++
	}
	best := -1
	for k, c := range counts {
		if best < 0 || c.n > counts[best].n {
			best = k
		}
	}
	if best < 0 {
		return ""
	}
	return counts[best].code
}

// scriptOf returns the ISO 15924 code of a letter's script, "" for
// characters of no particular script (Common, Inherited) and non-letters.
func scriptOf(r rune) string {
	switch {
	case r < 0x80:
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return "Latn"
		}
		return ""
	case !unicode.IsLetter(r):
		return ""
	case r < 0x250, r >= 0x1E00 && r < 0x1F00:
		if unicode.Is(unicode.Latin, r) {
			return "Latn"
		}
	case r >= 0x400 && r < 0x530:
		return "Cyrl"
	case r >= 0x600 && r < 0x700:
		if unicode.Is(unicode.Arabic, r) {
			return "Arab"
		}
	case isHan(r) && unicode.Is(unicode.Han, r):
		return "Hani"
	case r >= 0xAC00 && r < 0xD7A4:
		return "Hang"
	}
	for _, sc := range scriptTables {
		if unicode.Is(sc.table, r) {
			return sc.code
		}
	}
	return ""
}

// scriptTables lists every script of the unicode package but Common and
// Inherited, in a fixed order, with its ISO 15924 code.
var scriptTables = func() []struct {
	code  string
	table *unicode.RangeTable
} {
	names := make([]string, 0, len(unicode.Scripts))
	for name := range unicode.Scripts {
		if name != "Common" && name != "Inherited" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	tables := make([]struct {
		code  string
		table *unicode.RangeTable
	}, 0, len(names))
	for _, name := range names {
		code := scriptCodes[name]
		if code == "" {
			code = name // a script newer than the code table
		}
		tables = append(tables, struct {
			code  string
			table *unicode.RangeTable
		}{code, unicode.Scripts[name]})
	}
	return tables
}()
