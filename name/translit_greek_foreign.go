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

// greekForeignGroups are the letter groups greekForeignSounds rewrites,
// each with what it stands for, tried in this order at each position of a
// token; ng is left as it is at the token's start.
var greekForeignGroups = [][2]string{
	{"mp", "b"},
	{"nts", "nch"}, // Σάντσεζ Sanchez: ν and τσ, not ντ and σ
	{"nt", "d"},
	{"tz", "j"},
	{"ts", "ch"},
	{"ch", "kh"},
	{"nng", "ng"},
	{"ng", "g"},
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
		n := 0
		for _, g := range greekForeignGroups {
			if strings.HasPrefix(t[i:], g[0]) && (i > 0 || g[0] != "ng") {
				b.WriteString(g[1])
				n = len(g[0])
				break
			}
		}
		if n == 0 {
			b.WriteByte(t[i])
			n = 1
		}
		i += n
	}
	return b.String()
}
