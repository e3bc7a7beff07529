package name

import (
	"bufio"
	"bytes"
	_ "embed"
	"slices"
	"strings"
	"sync"
)

// Nicknames and pet forms of given names, as data: us-nicknames.csv (the
// English given names of the public "nicknames" project, Apache License
// 2.0, see NOTICE) and pet-forms.csv (the project's own: Spanish,
// Portuguese, Italian, Russian, German, French and Polish pet forms such
// as Pepe and Chepe for José, Paco for Francisco, Misha for Mikhail,
// Volodya for Vladimir). Both are "name1,relationship,name2" with
// relationship has_nickname. A name and its nickname are related both
// ways; two nicknames of one name are not (Bill and Will are Williams, but
// not each other's).
var (
	//go:embed data/us-nicknames.csv
	usNicknamesCSV []byte
	//go:embed data/pet-forms.csv
	petFormsCSV []byte

	// nicknames maps the fold key of a given name or nickname to the fold
	// keys it is related to, sorted. Built on first use: a process that
	// matches no names (an import) does not pay for it at start-up.
	nicknames = sync.OnceValue(func() map[string][]string { return buildNicknames(usNicknamesCSV, petFormsCSV) })
)

func buildNicknames(files ...[]byte) map[string][]string {
	m := map[string][]string{}
	add := func(a, b string) {
		if !slices.Contains(m[a], b) {
			m[a] = append(m[a], b)
		}
	}
	for _, f := range files {
		sc := bufio.NewScanner(bytes.NewReader(f))
		for sc.Scan() {
			cols := strings.Split(strings.TrimSpace(sc.Text()), ",")
			if len(cols) != 3 || cols[1] != "has_nickname" {
				continue // the header
			}
			formal, nick, ok := nicknameKeys(cols[0], cols[2])
			if ok {
				add(formal, nick)
				add(nick, formal)
			}
		}
	}
	for _, l := range m {
		slices.Sort(l)
	}
	return m
}

// nicknameKeys returns the fold keys of a name and its nickname, and
// false for pairs matching must not use: a part of several words, a
// particle ("al" for Albert is the Arabic article), a name shorter than
// three letters, and a nickname that is itself a name of another
// equivalence group ("ali" for Alison is the Arabic name Ali).
func nicknameKeys(formal, nick string) (string, string, bool) {
	a, b := Tokens(formal), Tokens(nick)
	if len(a) != 1 || len(b) != 1 || IsStopWord(a[0]) || IsStopWord(b[0]) {
		return "", "", false
	}
	// The names have three letters at least; their keys may be shorter
	// ("jeff" folds to "ef", as "Jevgeni" to "evgeni").
	fa, fb := Fold(a[0]), Fold(b[0])
	if len(a[0]) < 3 || len(b[0]) < 3 || len(fa) < 2 || len(fb) < 2 || fa == fb {
		return "", "", false
	}
	if ea, eb := equivalentIndex[fa], equivalentIndex[fb]; eb != "" && ea != eb {
		return "", "", false
	}
	return fa, fb, true
}

// HasNicknames reports whether the fold key f is a given name or nickname
// of the nickname tables.
func HasNicknames(f string) bool { _, ok := nicknames()[f]; return ok }

// Nicknames returns the fold keys of the names that the name with fold
// key f is a nickname of, and of its nicknames ("bill": william; "jose":
// pepe, chepe, ...). The slice must not be changed.
func Nicknames(f string) []string { return nicknames()[f] }

// IsNicknameOf reports whether the names with fold keys a and b are a
// given name and its nickname or pet form, in either order.
func IsNicknameOf(a, b string) bool {
	_, ok := slices.BinarySearch(nicknames()[a], b)
	return ok
}
