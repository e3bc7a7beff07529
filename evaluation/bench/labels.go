package bench

import (
	"path/filepath"
	"sort"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/link"
)

// The label rules: a negative row says that its names are not the same
// person or organisation. The generator makes negatives from real lists,
// so some candidates are not negatives at all: two rows of one party, a
// name a listed party is known by, an "unlisted" name that another list
// gives a listed party. These rules drop such candidates before any row is
// chosen. They look at the lists and at letters only (sameFullName),
// never at the matcher's score, and never at single rows. See
// evaluation/testdata/bench/README.md ("Label rules").

// Rule names, as counted in Bench.Dropped.
const (
	ruleParty   = "party"   // the two entities are one party: an identifier, a cross-list link
	ruleLetters = "letters" // the names are one name by sameFullName
	ruleListed  = "listed"  // the name is a listed name by sameFullName
	// ruleReference: a UK row's UN reference does not name the entity of
	// the screened UN list (uk_variant; see realQueries).
	ruleReference = "reference"
)

// otherLists are the lists of the data folder the generator reads only to
// tell whether a name is listed anywhere: an "unlisted" name from the UK or
// CSL list that one of them gives a party is not an unlisted name.
var otherLists = []string{
	"ofac-sdn/2019-01-04",
	"ofac-consolidated/2018-04-06",
	"ofac-consolidated/2020-03-17/cons_advanced.xml",
	"ofac-consolidated/2025-12-19",
	"eu-fsf-samples/sample_eu.xml",
	"eu-fsf-samples/sample_eu_sanctions.xml",
}

// listKey is the benchmark key of a listed entity (ukKey for the UK list).
func listKey(e *embargo.Entity) string {
	if e.Source == embargo.SourceUKOFSI {
		return ukKey(e)
	}
	return entityKey(e)
}

// parties groups the entity keys of every list read into parties, by the
// links of package link (a shared identifier that names one holder, a UN
// reference, a full name with a full date of birth), compared between any
// two entities, of one list or of two.
func parties(all [][]*embargo.Entity) map[string]string {
	var es []embargo.Entity
	keyOf := map[string]string{}
	for _, l := range all {
		for _, e := range l {
			c := *e
			k := listKey(e)
			// Every entity its own source, so that two entries of one
			// list are compared too; a UN entry keeps its reference.
			c.Source = k
			c.ID = k
			if e.Source == embargo.SourceUN {
				c.Properties = map[string][]string{"un_reference": {e.SourceID}}
			}
			keyOf[k] = k
			es = append(es, c)
		}
	}
	// Each group of linked keys, sorted: its first key names the party.
	groups := link.Groups(link.Link(es))
	out := map[string]string{}
	for k := range keyOf {
		if g := groups[k]; len(g) > 0 && g[0] != k {
			out[k] = g[0]
		}
	}
	return out
}

// party is the party of an entity key: the smallest key linked to it.
func (l *lists) party(key string) string {
	if p, ok := l.parties[key]; ok {
		return p
	}
	return key
}

// letterIndex finds the listed names that are the same name as a given
// one by sameFullName, without comparing it with every name: a name can
// only be the same as names that hold one of its words as written.
type letterIndex struct {
	id       map[string]int32 // word -> its postings
	postings [][]int32        // word -> names holding it
	names    [][]string       // each name's aliasWords
	owner    []string         // each name's entity key
	text     []string         // each name as listed
	screened []bool           // each name is on a screened list
}

func newLetterIndex() *letterIndex {
	return &letterIndex{id: map[string]int32{}}
}

// add indexes every name of the entities of one list.
func (x *letterIndex) add(es []*embargo.Entity, screened bool) {
	for _, e := range es {
		for _, n := range e.AllNames() {
			ws := aliasWords(n)
			if len(ws) < 2 {
				continue // one word is not a full name
			}
			ni := int32(len(x.names))
			for _, w := range ws {
				i, ok := x.id[w]
				if !ok {
					i = int32(len(x.postings))
					x.id[w] = i
					x.postings = append(x.postings, nil)
				}
				if p := x.postings[i]; len(p) == 0 || p[len(p)-1] != ni {
					x.postings[i] = append(p, ni)
				}
			}
			x.names = append(x.names, ws)
			x.owner = append(x.owner, listKey(e))
			x.text = append(x.text, n)
			x.screened = append(x.screened, screened)
		}
	}
}

// match returns the first indexed name (in index order) that is the same
// name as n by sameFullName and that keep accepts, and whether there is
// one.
func (x *letterIndex) match(n string, keep func(i int) bool) (int, bool) {
	wa := aliasWords(n)
	if len(wa) < 2 {
		return 0, false // one word is not a full name
	}
	var cands []int32
	seen := map[int32]bool{}
	for _, w := range wa {
		if wi, ok := x.id[w]; ok {
			for _, ni := range x.postings[wi] {
				if !seen[ni] {
					seen[ni] = true
					cands = append(cands, ni)
				}
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i] < cands[j] })
	for _, ni := range cands {
		if keep(int(ni)) && sameFullName(wa, x.names[ni]) {
			return int(ni), true
		}
	}
	return 0, false
}

// buildLabels reads otherLists and prepares the label rules over every
// list read: the parties and the index of names.
func (l *lists) buildLabels(dir string) error {
	var others [][]*embargo.Entity
	for _, p := range otherLists {
		es, err := readList(filepath.Join(dir, p))
		if err != nil {
			return err
		}
		others = append(others, es)
	}
	all := [][]*embargo.Entity{l.sdn, l.un18, l.un26, l.uk, l.csl}
	l.parties = parties(append(all, others...))
	l.screenedParty = map[string]bool{}
	for _, es := range [][]*embargo.Entity{l.sdn, l.un18} {
		for _, e := range es {
			l.screenedParty[l.party(listKey(e))] = true
		}
	}
	l.letters = newLetterIndex()
	l.letters.add(l.sdn, true)
	l.letters.add(l.un18, true)
	for _, es := range append([][]*embargo.Entity{l.un26, l.uk, l.csl}, others...) {
		l.letters.add(es, false)
	}
	return nil
}

// listedName tells whether n is, by sameFullName, a name of an
// entity of the screened lists (of any list read when anyList) that is not
// of the party of skip and not the same name as any of avoid.
func (g *gen) listedName(n string, anyList bool, skip string, avoid ...string) bool {
	x := g.l.letters
	sp := ""
	if skip != "" {
		sp = g.l.party(skip)
	}
	_, ok := x.match(n, func(i int) bool {
		if !anyList && !x.screened[i] {
			return false
		}
		if skip != "" && (x.owner[i] == skip || g.l.party(x.owner[i]) == sp) {
			return false
		}
		for _, a := range avoid {
			if sameFullName(aliasWords(x.text[i]), aliasWords(a)) {
				return false
			}
		}
		return true
	})
	return ok
}

// drop counts a candidate a rule dropped, by rule, rows (pairs, queries,
// or names for both), kind and split.
func (g *gen) drop(rule, rows, kind string, keys ...string) {
	k := rule + "\x00" + rows + "\x00" + kind + "\x00" + SplitOf(joinKeys(keys))
	g.dropped[k]++
}

func joinKeys(keys []string) string {
	out := ""
	for i, k := range uniq(keys) {
		if i > 0 {
			out += " "
		}
		out += k
	}
	return out
}

// notNegativePair tells which rule, if any, says two listed entities are
// not a negative pair: they are one party (an identifier, a cross-list
// link), or (when byLetters) their names are one name by
// sameFullName.
func (g *gen) notNegativePair(keyA, keyB, nameA, nameB string, byLetters bool) string {
	if keyA == keyB || g.l.party(keyA) == g.l.party(keyB) {
		return ruleParty
	}
	if byLetters && sameFullName(aliasWords(nameA), aliasWords(nameB)) {
		return ruleLetters
	}
	return ""
}

// nearByDesign are the negative kinds whose variant differs from its
// subject's name in a way the letters rule does not see, which is the
// kind: the order of a nasab chain, one consonant of the surname, a
// qualifier added to a company name. Their variants are not compared
// with the subject's name, nor with listed names that are its name by
// letters (namesakes), only with the other listed names.
var nearByDesign = map[string]bool{"neg_nasab_order": true, "neg_similar_surname": true, "neg_company_qualifier": true}

// negativeListed tells whether a negative query s of kind, made from the
// listed name of key, is a listed name of the screened lists by
// sameFullName (see nearByDesign).
func (g *gen) negativeListed(kind, s, key, listed string) bool {
	if nearByDesign[kind] {
		return g.listedName(s, false, key, listed)
	}
	return g.listedName(s, false, "")
}

// sameFullName is the letters rule as the label rules use it, on the
// names' aliasWords: the words correspond as sameNameByLetters's do
// (wordsCorrespond), word for word. Both names hold two words or more
// (one word is not a full name), the longer at most one more (a middle
// name, a qualifier), each word of the shorter corresponds to a word of
// its own in the longer, and one word at least is written the same in
// both. sameNameByLetters alone was made for two names one list gives one
// party: against every listed name it calls the same any two names whose
// words merely look alike ("Daniel Chen", "Dandong Chengtai"), which is
// what a hard negative is.
func sameFullName(wa, wb []string) bool {
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	if len(wa) < 2 || len(wb) > len(wa)+1 {
		return false
	}
	used := make([]bool, len(wb))
	done := make([]bool, len(wa))
	exact := false
	// Words written the same first, then the others.
	for pass := 0; pass < 2; pass++ {
		for i, x := range wa {
			if done[i] {
				continue
			}
			for j, y := range wb {
				if used[j] || pass == 0 && x != y || pass == 1 && !wordsCorrespond(x, y, 3) {
					continue
				}
				used[j], done[i] = true, true
				exact = exact || x == y
				break
			}
		}
	}
	for _, d := range done {
		if !d {
			return false
		}
	}
	return exact
}
