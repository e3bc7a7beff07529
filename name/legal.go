package name

import (
	"sort"
	"strings"
)

// legalFormTable maps each legal-form code to the ways lists and customers
// write it, as normalised tokens (punctuation gone, so "S.A." is "s a").
// Codes in the same family (see legalFamily) are near-equivalent: a Russian
// OOO and an English Ltd are both limited-liability companies.
var legalFormTable = map[string][]string{
	"llc": {"llc", "l l c", "limited liability company", "limited liability co", "ltd liability co",
		"ooo", "o o o", "tov", "too", "srl", "s r l", "sarl", "s a r l", "sp z o o", "spolka z o o",
		"spolka z ograniczona odpowiedzialnoscia", "s de rl", "s de r l", "s p z o o", "ltda", "limitada",
		"obshchestvo s ogranichennoi otvetstvennostiu", "obshchestvo s ogranichennoy otvetstvennostyu",
		"tovarystvo z obmezhenoiu vidpovidalnistiu", "tovarystvo z obmezhenoyu vidpovidalnistyu",
		"one person limited liability company", "one person llc", "one person co ltd", "one person company", "eood", "ood", "doo", "d o o", "kft", "sro", "s r o", "mchj"},
	"ltd": {"ltd", "limited", "co ltd", "co limited", "company limited", "company ltd", "pte ltd",
		"pte limited", "private limited", "pvt ltd", "pvt limited", "private ltd", "pty ltd",
		"pty limited", "sdn bhd", "sendirian berhad", "bhd", "berhad", "co l t d", "corp ltd", "limited company"},
	"gmbh": {"gmbh", "g m b h", "gesellschaft mbh", "gesellschaft mit beschrankter haftung", "mbh", "ges m b h"},
	"jsc": {"jsc", "j s c", "joint stock company", "joint stock co", "jt stock co", "joint stock",
		"ao", "a o", "oao", "zao", "cjsc", "ojsc", "closed joint stock company", "open joint stock company",
		"aktsionernoe obshchestvo", "otkrytoe aktsionernoe obshchestvo", "zakrytoe aktsionernoe obshchestvo",
		"aktsionerne tovarystvo", "aktsionerny", "aktsionernoe", "aktsionernyi", "pat", "prat", "ag",
		"aktiengesellschaft", "ad", "a d", "as", "a s", "jsco", "ojsc", "aj"},
	"pjsc": {"pjsc", "p j s c", "pjs", "p j s", "public joint stock company", "pao", "publichnoe aktsionernoe obshchestvo",
		"public jsc", "publichne aktsionerne tovarystvo"},
	"plc":    {"plc", "p l c", "public limited company", "public company limited", "public co ltd", "pcl"},
	"llp":    {"llp", "l l p", "limited liability partnership"},
	"lp":     {"lp", "l p", "limited partnership"},
	"inc":    {"inc", "incorporated"},
	"corp":   {"corp", "corporation"},
	"co":     {"co", "company", "cia", "compania", "compagnie", "companhia", "cie"},
	"sa":     {"sa", "s a", "sociedad anonima", "societe anonyme", "sociedade anonima", "spa", "s p a", "societa per azioni", "ca", "c a", "compania anonima", "sal", "s a l", "sae", "s a e"},
	"sadecv": {"sa de cv", "s a de c v", "sociedad anonima de capital variable", "sapi de cv", "s a p i de c v", "s de rl de cv", "s de r l de c v"},
	"fze":    {"fze", "free zone establishment", "fz e"},
	"fzco":   {"fzco", "fzc", "free zone company", "fz co"},
	"fzllc":  {"fz llc", "fzllc", "free zone llc"},
	"bv":     {"bv", "b v", "besloten vennootschap"},
	"nv":     {"nv", "n v", "naamloze vennootschap"},
	"kg":     {"kg", "k g", "kommanditgesellschaft", "gmbh co kg", "gmbh and co kg", "gmbh co k g", "gmbh and co k g"},
	"pt":     {"pt", "p t", "perseroan terbatas"},
	"sas":    {"sas", "s a s", "societe par actions simplifiee"},
}

// legalFamily groups codes that are near-equivalent for screening.
var legalFamily = map[string]string{
	"llc": "limited", "ltd": "limited", "gmbh": "limited", "bv": "limited", "fzllc": "limited", "fzco": "limited", "fze": "limited", "pt": "limited",
	"jsc": "stock", "pjsc": "stock", "plc": "stock", "sa": "stock", "sadecv": "stock", "nv": "stock", "sas": "stock",
	"inc": "corporate", "corp": "corporate", "co": "corporate",
	"llp": "partnership", "lp": "partnership", "kg": "partnership",
}

// legalStartCodes may open a name ("OOO Romashka", "AO Zavod Fiolent",
// "PT Maju"); other short forms only count at the end, where "S. A." cannot
// be a person's initials and "Co" cannot be a word of the name.
var legalStartCodes = map[string]bool{"llc": true, "jsc": true, "pjsc": true, "pt": true}

type legalPhrase struct {
	toks  []string
	folds []string // Fold of each token of four letters or more, else ""
	code  string
	start bool
}

type legalSpan struct {
	start, end int
	code       string
}

var (
	legalPhrases = buildLegalPhrases()
	// Phrases by the key (see legalKey) of their last and first token,
	// longest first.
	legalByLast, legalByFirst = indexLegalPhrases()
)

// legalKey is how a phrase token is looked up: its text when short, its
// Fold when long (so that spellings of long words agree).
func legalKey(text, fold string) string {
	if len(text) >= 4 {
		return "~" + fold
	}
	return text
}

func indexLegalPhrases() (byLast, byFirst map[string][]legalPhrase) {
	byLast, byFirst = map[string][]legalPhrase{}, map[string][]legalPhrase{}
	for _, p := range legalPhrases {
		n := len(p.toks) - 1
		k := legalKey(p.toks[n], p.folds[n])
		byLast[k] = append(byLast[k], p)
		if p.start {
			k := legalKey(p.toks[0], p.folds[0])
			byFirst[k] = append(byFirst[k], p)
		}
	}
	return byLast, byFirst
}

func buildLegalPhrases() []legalPhrase {
	var out []legalPhrase
	for code, variants := range legalFormTable {
		for _, v := range variants {
			toks := strings.Fields(v)
			start := legalStartCodes[code] && (len(toks) > 1 && len(toks[0]) > 1 || len(toks[0]) >= 3 || v == "ao" || v == "pt")
			if len(toks) >= 2 && len(toks[0]) > 2 && code != "co" && code != "ltd" {
				start = true // spelled-out forms ("Joint Stock Company X")
			}
			folds := make([]string, len(toks))
			for i, t := range toks {
				if len(t) >= 4 {
					folds[i] = Fold(t)
				}
			}
			out = append(out, legalPhrase{toks: toks, folds: folds, code: code, start: start})
		}
	}
	// Longest first, so "co ltd" wins over "ltd", "sa de cv" over "sa".
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].toks) != len(out[j].toks) {
			return len(out[i].toks) > len(out[j].toks)
		}
		return strings.Join(out[i].toks, " ") < strings.Join(out[j].toks, " ")
	})
	return out
}

// matchLegalAt reports whether phrase p stands at toks[i:]: equal text, or,
// for long words, equal Fold ("ogranichennoy" and "ogranichennoi").
func matchLegalAt(toks, folds []string, i int, p legalPhrase) bool {
	if i < 0 || i+len(p.toks) > len(toks) {
		return false
	}
	for k, pt := range p.toks {
		if toks[i+k] != pt && (p.folds[k] == "" || folds[i+k] != p.folds[k]) {
			return false
		}
	}
	return true
}

// legalCandidates returns the phrases whose token at one end may be t.
func legalCandidates(m map[string][]legalPhrase, text, fold string) ([]legalPhrase, []legalPhrase) {
	a := m[text]
	var b []legalPhrase
	if len(text) >= 4 {
		b = m["~"+fold]
	}
	return a, b
}

// findLegalForms finds legal forms at the end of a name (up to three in a
// row: "X Co. Ltd.", "X Company LLC") and at its start (up to two), always
// leaving at least one other token.
func findLegalForms(toks, folds []string) []legalSpan {
	var tail []legalSpan
	end := len(toks)
	for n := 0; n < 3 && end >= 2; n++ {
		best := legalSpan{start: -1}
		a, b := legalCandidates(legalByLast, toks[end-1], folds[end-1])
		for _, ps := range [][]legalPhrase{a, b} {
			for _, p := range ps {
				s := end - len(p.toks)
				if s >= 1 && (best.start < 0 || s < best.start) && matchLegalAt(toks, folds, s, p) {
					best = legalSpan{s, end, p.code}
				}
			}
		}
		if best.start < 0 {
			break
		}
		tail = append(tail, best)
		end = best.start
	}
	var head []legalSpan
	begin := 0
	for n := 0; n < 2 && begin < end; n++ {
		best := legalSpan{start: -1}
		a, b := legalCandidates(legalByFirst, toks[begin], folds[begin])
		for _, ps := range [][]legalPhrase{a, b} {
			for _, p := range ps {
				e := begin + len(p.toks)
				if e < end && e > best.end && matchLegalAt(toks, folds, begin, p) {
					best = legalSpan{begin, e, p.code}
				}
			}
		}
		if best.start < 0 {
			break
		}
		head = append(head, best)
		begin = best.end
	}
	for i := len(tail) - 1; i >= 0; i-- {
		head = append(head, tail[i])
	}
	return head
}

// LegalFormCode returns the legal-form code of a phrase ("Limited Liability
// Company", "OOO", "S.A. de C.V."), or "" when it is not one.
func LegalFormCode(s string) string {
	toks := Tokens(s)
	folds := make([]string, len(toks))
	for i, t := range toks {
		folds[i] = Fold(t)
	}
	for _, p := range legalPhrases {
		if len(p.toks) == len(toks) && matchLegalAt(toks, folds, 0, p) {
			return p.code
		}
	}
	return ""
}

// LegalFormSimilarity compares two legal-form codes: 1 for the same code,
// 0.7 for codes of one family (LLC and GmbH, JSC and PJSC), 0 otherwise.
func LegalFormSimilarity(a, b string) float64 {
	switch {
	case a == b:
		return 1
	case legalFamily[a] != "" && legalFamily[a] == legalFamily[b]:
		return 0.7
	}
	return 0
}
