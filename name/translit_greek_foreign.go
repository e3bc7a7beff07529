package name

import "strings"

// Foreign names written in Greek. Greek writes the sounds it lacks with
// letter pairs: b as μπ, d as ντ, g as γκ, j as τζ, ch as τσ, and h or kh
// as χ (Μπερνάλ Bernal, Μοχάμεντ Mohamed, Τζόσε José, Καμάτσο Camacho).
// ELOT 743 spells those pairs letter by letter (mp, nt, ts, tz, ch), right
// for Greek names (Λαμπράκης Lamprakis, Τσίπρας Tsipras) and wrong for
// foreign ones. A name is read as foreign when one of its words ends in a
// consonant other than ς and ν, which no Greek word does (Σλομπόνταν
// Μιλόσεβιτς ends in ς, but Μιλόσεβικ, Μπερνάλ, Μοχάμεντ do not), or in ε,
// ο or ι, which Greek names do not either.

// The pairs after a consonant are a foreign sign too (Εντιλμπέρτο
// Edilberto, Σεργκέι Sergei): Greek has them after vowels. So are τζ
// anywhere and the ending -ιν, which Greek names do not have.

// greekForeignName reports whether the Greek text s is a foreign name.
func greekForeignName(s string) bool {
	rs := []rune(s)
	for i := range rs {
		base, _ := greekAt(rs, i)
		if base == 0 {
			continue
		}
		if !isGreekVowel(base) {
			n1, _ := greekAt(rs, i+1)
			n2, _ := greekAt(rs, i+2)
			if n1 == 'μ' && n2 == 'π' || n1 == 'ν' && n2 == 'τ' || n1 == 'γ' && n2 == 'κ' {
				return true
			}
		}
		if next, _ := greekAt(rs, i+1); base == 'τ' && next == 'ζ' {
			return true // j, dz: Τζουάν Juan, Οτζέντα Ojeda (Greek words hardly have it)
		}
		if next, _ := greekAt(rs, i+1); next != 0 || i+1 < len(rs) && isLetterAt(rs, i+1) {
			continue // not the end of a word
		}
		if !isGreekVowel(base) && base != 'ς' && base != 'σ' && base != 'ν' {
			return true
		}
		// -ιν ends no Greek name (Αγκουστίν Agustin, Μπενιαμίν Benjamin).
		if prev, _ := greekAt(rs, i-1); base == 'ν' && prev == 'ι' {
			return true
		}
		// Greek names end in α, η, ου, ς, ν; a word ending in ε, ο or ι
		// (not the diphthongs ει, οι, αι) is foreign (Τζόκο, Σαντόσο, Τζίμμι).
		if base == 'ε' || base == 'ο' || base == 'ι' {
			if prev, _ := greekAt(rs, i-1); !(base == 'ι' && (prev == 'ε' || prev == 'ο' || prev == 'α')) {
				return true
			}
		}
	}
	return false
}

func isGreekVowel(r rune) bool {
	switch r {
	case 'α', 'ε', 'η', 'ι', 'ο', 'υ', 'ω':
		return true
	}
	return false
}

// greekForeignSounds rewrites the ELOT spelling of a token of a foreign
// name with the sounds its letter pairs stand for: mp b, nt d (but nts
// n-ch), tz j, ts ch,
// ch kh, ng g (but nng, from νγκ, ng: Σονγκ Song), and gi before a vowel
// at the start y (Γιούρι Yuri).
func greekForeignSounds(t string) string {
	if len(t) > 3 && strings.HasPrefix(t, "gi") && strings.ContainsRune("aeou", rune(t[2])) {
		t = "y" + t[2:]
	}
	if !strings.ContainsAny(t, "mntgc") {
		return t
	}
	var b strings.Builder
	b.Grow(len(t))
	for i := 0; i < len(t); {
		rest := t[i:]
		switch {
		case strings.HasPrefix(rest, "mp"):
			b.WriteByte('b')
			i += 2
		case strings.HasPrefix(rest, "nts"):
			b.WriteString("nch") // Σάντσεζ Sanchez: ν and τσ, not ντ and σ
			i += 3
		case strings.HasPrefix(rest, "nt"):
			b.WriteByte('d')
			i += 2
		case strings.HasPrefix(rest, "tz"):
			b.WriteByte('j')
			i += 2
		case strings.HasPrefix(rest, "ts"):
			b.WriteString("ch")
			i += 2
		case strings.HasPrefix(rest, "ch"):
			b.WriteString("kh")
			i += 2
		case strings.HasPrefix(rest, "nng"):
			b.WriteString("ng")
			i += 3
		case strings.HasPrefix(rest, "ng") && i > 0:
			b.WriteByte('g')
			i += 2
		default:
			b.WriteByte(t[i])
			i++
		}
	}
	return b.String()
}
