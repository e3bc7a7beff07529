package textscan

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
	"github.com/embargo-dev/embargo/name"
)

// Rules say which kind of pattern found a mention; they appear in the
// mention's explanation as the feature "pattern".
const (
	RuleFullName    = "full_name"    // a whole listed name, in natural or list order
	RulePartialName = "partial_name" // first name and surname, or initials and surname
	RuleDistinctive = "distinctive"  // the distinctive part of a company's name ("Rusal")
	RuleFollowUp    = "follow_up"    // a surname alone after a full mention of the same person
	RuleIdentifier  = "identifier"   // a vessel's IMO number
)

// rule ranks, strongest first; names index ruleNames.
const (
	ruleFull uint8 = iota
	rulePartial
	ruleDistinctive
	ruleIdentifier
	ruleFollowUp
)

var ruleNames = [...]string{RuleFullName, RulePartialName, RuleDistinctive, RuleIdentifier, RuleFollowUp}

// Pattern flags: conditions a match must meet in the text.
const (
	needCaps     uint8 = 1 << iota // every word capitalised (or written in a script without case)
	needVessel                     // vessel context nearby
	needAircraft                   // aircraft context nearby
	weakAlias                      // from a weak alias
)

// Token classes, from the word lists and the lists' own frequencies.
const (
	clsCommon      uint16 = 1 << iota // a common English word
	clsPlace                          // a country, demonym, city, month or weekday
	clsGeneric                        // a generic word of organisation names
	clsGivenName                      // a given name common on the lists
	clsVesselCtx                      // says "vessel" near a name
	clsAircraftCtx                    // says "aircraft" near a name
	clsAbbrev                         // an abbreviation a full stop follows without ending a sentence
	clsStop                           // a particle or connective (name.IsStopWord)
	clsEnglish                        // a less frequent English word
)

// Limits of pattern generation.
const (
	maxPatternTokens = 12 // longer names are not searched for in text
	// maxSpecificDF is how many entities may share a token for it to still
	// single a person out with a given name or initial in front of it.
	maxSpecificDF = 60
	// maxDistinctiveDF is how many entities may share the one token left of
	// a company name for that token alone to stand for the company.
	maxDistinctiveDF  = 3
	minDistinctiveLen = 4
)

// Options tune building a Scanner.
type Options struct {
	// Score confirms a candidate: it compares the text of the mention with
	// the entity. Nil: match.Score, the screening scorer.
	Score func(q embargo.Query, e *embargo.Entity) embargo.Match
}

// Builder collects entity versions for a Scanner.
type Builder struct {
	byID map[string]int
	ents []*entRec
}

// entRec is one entity (across its versions).
type entRec struct {
	id     string
	source string
	schema embargo.Schema
	vers   []embargo.EntityVersion // by FromSeq
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder { return &Builder{byID: map[string]int{}} }

// Add adds one version of an entity. The version is copied; its slices are
// shared, so the caller must not change them afterwards.
func (b *Builder) Add(v *embargo.EntityVersion) {
	i, ok := b.byID[v.Entity.ID]
	if !ok {
		i = len(b.ents)
		b.byID[v.Entity.ID] = i
		b.ents = append(b.ents, &entRec{id: v.Entity.ID, source: v.Entity.Source})
	}
	b.ents[i].vers = append(b.ents[i].vers, *v)
}

// Len returns the number of entities added so far.
func (b *Builder) Len() int { return len(b.ents) }

// Build derives the name patterns of every entity added and returns the
// Scanner. The Builder must not be used afterwards.
func (b *Builder) Build(opts Options) *Scanner {
	sort.Slice(b.ents, func(i, j int) bool { return b.ents[i].id < b.ents[j].id })
	sc := &Scanner{
		dict:   map[string]int32{},
		maxSeq: map[string]int{},
		score:  opts.Score,
	}
	if sc.score == nil {
		sc.score = match.Score
	}
	sc.ents = make([]entRec, len(b.ents))
	for i, e := range b.ents {
		sort.SliceStable(e.vers, func(a, c int) bool { return e.vers[a].FromSeq < e.vers[c].FromSeq })
		last := &e.vers[len(e.vers)-1]
		e.schema = last.Entity.Schema
		for _, v := range e.vers {
			if v.FromSeq > sc.maxSeq[e.source] {
				sc.maxSeq[e.source] = v.FromSeq
			}
			if v.ToSeq-1 > sc.maxSeq[e.source] {
				sc.maxSeq[e.source] = v.ToSeq - 1
			}
		}
		sc.ents[i] = *e
	}
	bd := &builder{sc: sc, edges: map[uint64]int32{}, terms: map[int32][]patRef{}, nameIdx: map[string]int32{}}
	bd.nodes = 1 // the root
	bd.classify()
	bd.prepareNames()
	for i := range sc.ents {
		bd.entityPatterns(int32(i))
	}
	bd.compact()
	return sc
}

// builder holds the state of one Build.
type builder struct {
	sc      *Scanner
	cls     map[string]uint16 // fold key -> classes
	df      map[string]int32  // fold key -> number of entities with a name holding it
	names   [][]nameInfo      // per entity
	nameIdx map[string]int32
	nodes   int32
	edges   map[uint64]int32 // parent<<32 | token id -> child
	terms   map[int32][]patRef
}

// nameInfo is one name of an entity, analysed.
type nameInfo struct {
	text  string
	toks  []string // normalised (name.Tokens)
	folds []string
	weak  bool
}

// classify folds the word lists into token classes.
func (bd *builder) classify() {
	bd.cls = map[string]uint16{}
	add := func(words []string, c uint16) {
		for _, w := range words {
			for _, t := range name.Tokens(w) {
				bd.cls[name.Fold(t)] |= c
			}
		}
	}
	add(commonWords(), clsCommon)
	add(englishWords(), clsEnglish)
	add(placeWords, clsPlace)
	add(genericOrgWords, clsGeneric)
	add(vesselContextWords, clsVesselCtx)
	add(aircraftContextWords, clsAircraftCtx)
	add(abbrevWords, clsAbbrev)
	// The context and abbreviation words must have token ids even when no
	// listed name holds them: the scanner looks them up.
	for k, c := range bd.cls {
		if c&(clsVesselCtx|clsAircraftCtx|clsAbbrev) != 0 {
			bd.tokenID(k)
		}
	}
	bd.tokenID("and")
	bd.tokenID("imo")
}

// tokenID returns the id of a fold key, adding it when new, together with
// the key of that key (folding is not idempotent: a text that writes a
// name as its key, "Shegolev" for "Shchegolev", still meets it).
func (bd *builder) tokenID(fold string) int32 {
	sc := bd.sc
	if id, ok := sc.dict[fold]; ok {
		return id
	}
	id := int32(len(sc.info))
	sc.dict[fold] = id
	sc.info = append(sc.info, tokInfo{cls: bd.cls[fold]})
	if isLowerASCII(fold) {
		if alt := name.Fold(fold); alt != fold {
			if _, ok := sc.dict[alt]; !ok {
				sc.dict[alt] = id
			}
		}
	}
	return id
}

// prepareNames analyses every entity's names and counts, for each token,
// how many entities have it in a name.
func (bd *builder) prepareNames() {
	bd.df = map[string]int32{}
	bd.names = make([][]nameInfo, len(bd.sc.ents))
	for i := range bd.sc.ents {
		e := &bd.sc.ents[i]
		seen := map[string]int{}
		var list []nameInfo
		addName := func(text string, weak bool) {
			text = strings.TrimSpace(text)
			if text == "" || len(text) > name.MaxNameLen {
				return
			}
			if j, ok := seen[text]; ok {
				if !weak {
					list[j].weak = false
				}
				return
			}
			toks := name.Tokens(text)
			if len(toks) == 0 {
				return
			}
			folds := make([]string, len(toks))
			for k, t := range toks {
				folds[k] = name.Fold(t)
			}
			seen[text] = len(list)
			list = append(list, nameInfo{text: text, toks: toks, folds: folds, weak: weak})
		}
		// Latest version first, so its primary name is the one explanations cite.
		for v := len(e.vers) - 1; v >= 0; v-- {
			ent := &e.vers[v].Entity
			addName(ent.Name, false)
			for _, a := range ent.Aliases {
				addName(a.Name, a.Quality == embargo.QualityWeak)
			}
		}
		bd.names[i] = list
		uniq := map[string]bool{}
		for _, n := range list {
			for _, f := range n.folds {
				uniq[f] = true
			}
		}
		for f := range uniq {
			bd.df[f]++
		}
	}
}

// class returns the classes of a normalised token, including those that
// depend on the lists (common given names, stop words).
func (bd *builder) class(tok, fold string) uint16 {
	c := bd.cls[fold]
	if name.IsCommonName(tok) {
		c |= clsGivenName
	}
	if name.IsStopWord(tok) {
		c |= clsStop
	}
	return c
}

// isWord reports whether a normalised token is a name word: not a stop
// word, initial or number.
func isWord(tok string) bool {
	return utf8.RuneCountInString(tok) > 1 && !name.IsStopWord(tok) && !name.IsDigits(tok)
}

// specific reports whether a token singles out a few entities: a name
// word of three letters or more that is not a common English word, a
// common given name or a place, and that few entities share.
func (bd *builder) specific(tok, fold string) bool {
	if !isWord(tok) || len(tok) < 3 {
		return false
	}
	if bd.class(tok, fold)&(clsCommon|clsPlace|clsGivenName|clsGeneric) != 0 {
		return false
	}
	return bd.df[fold] <= maxSpecificDF
}

// distinctive reports whether a single token may stand for a whole
// company name: specific, long enough, not an English word at all, and
// shared by at most a few entities.
func (bd *builder) distinctive(tok, fold string) bool {
	return bd.rare(tok, fold) && len(tok) >= minDistinctiveLen && bd.df[fold] <= maxDistinctiveDF
}

// rare reports whether a token is specific and not an English word or
// name of any frequency: one that stands for its entity on its own.
func (bd *builder) rare(tok, fold string) bool {
	return bd.specific(tok, fold) && bd.class(tok, fold)&clsEnglish == 0
}

// entityPatterns adds the patterns of every name of entity ent.
func (bd *builder) entityPatterns(ent int32) {
	e := &bd.sc.ents[ent]
	for _, n := range bd.names[ent] {
		if len(n.toks) > maxPatternTokens {
			continue
		}
		if n.weak && !bd.weakUsable(n) {
			continue
		}
		var flags uint8
		if n.weak {
			flags |= weakAlias
		}
		switch e.schema {
		case embargo.SchemaPerson:
			bd.personPatterns(ent, n, flags)
		case embargo.SchemaVessel, embargo.SchemaAircraft:
			bd.craftPatterns(ent, n, flags)
		default:
			bd.orgPatterns(ent, n, flags)
		}
	}
	if e.schema == embargo.SchemaVessel || e.schema == embargo.SchemaUnknown {
		bd.imoPatterns(ent)
	}
}

// measure returns how many of a name's tokens are words, whether one of
// them is specific, and how many letters (bytes) its tokens have.
func (bd *builder) measure(n nameInfo) (words int, spec bool, letters int) {
	for k, t := range n.toks {
		letters += len(t)
		if isWord(t) {
			words++
			spec = spec || bd.specific(t, n.folds[k])
		}
	}
	return words, spec, letters
}

// weakUsable reports whether a weak alias is long and distinctive enough
// to search for: two name words or more, one of them specific, eight
// letters or more in all.
func (bd *builder) weakUsable(n nameInfo) bool {
	words, spec, letters := bd.measure(n)
	return words >= 2 && spec && letters >= 8
}

// span is a run of a name's tokens.
type span struct{ toks, folds []string }

func (s span) join(o span) span {
	return span{append(append([]string{}, s.toks...), o.toks...), append(append([]string{}, s.folds...), o.folds...)}
}

// personPatterns adds a person's full name in natural and list order,
// first name and surname both ways, initials and surname, and the surname
// alone as a follow-up.
func (bd *builder) personPatterns(ent int32, n nameInfo, flags uint8) {
	var giv, sur span
	if before, after, ok := strings.Cut(n.text, ","); ok {
		st, gt := name.Tokens(before), name.Tokens(after)
		if len(st) > 0 && len(gt) > 0 && len(st)+len(gt) == len(n.toks) {
			sur = span{n.toks[:len(st)], n.folds[:len(st)]}
			giv = span{n.toks[len(st):], n.folds[len(st):]}
		}
	}
	words := 0
	for _, t := range n.toks {
		if isWord(t) {
			words++
		}
	}
	switch {
	case len(n.toks) == 1:
		// A one-word name of a person ("BILAL", "HAMZA") is never
		// searched for alone: too many people share it.
		return
	case words < 2:
		// A nickname of one word and particles ("LA TUTA", "ABU ALI")
		// only as written, capitalised.
		bd.add(ent, n, span{n.toks, n.folds}, ruleFull, flags|needCaps)
		return
	}
	if sur.toks == nil {
		// No comma: the last word (with the particles before it: "al
		// Baghdadi", "van der Berg") is taken for the surname.
		k := len(n.toks) - 1
		for k > 1 && name.IsStopWord(n.toks[k-1]) {
			k--
		}
		giv = span{n.toks[:k], n.folds[:k]}
		sur = span{n.toks[k:], n.folds[k:]}
	}
	specSur := false
	for k, t := range sur.toks {
		specSur = specSur || bd.specific(t, sur.folds[k])
	}
	specAny := specSur
	for k, t := range giv.toks {
		specAny = specAny || bd.specific(t, giv.folds[k])
	}
	full := flags
	if !specAny {
		full |= needCaps
	}
	bd.add(ent, n, giv.join(sur), ruleFull, full)
	bd.add(ent, n, sur.join(giv), ruleFull, full)
	if !specSur {
		// Partial names and follow-ups need a surname that says who is meant.
		return
	}
	first := firstWord(giv)
	if first.toks != nil && len(giv.toks) > 1 {
		bd.add(ent, n, first.join(sur), rulePartial, flags)
		bd.add(ent, n, sur.join(first), rulePartial, flags)
	}
	// Initials and follow-ups need a surname rarer still: not a word or
	// name of English at all ("S. Miller", "Daniel").
	rareSur := false
	for k, t := range sur.toks {
		rareSur = rareSur || bd.rare(t, sur.folds[k])
	}
	if first.toks != nil && rareSur {
		ini := initialOf(first)
		bd.addExact(ent, n, ini.join(sur), rulePartial, flags|needCaps, true)
		if words := wordsOf(giv); len(words) >= 2 {
			ini2 := initialOf(words[1])
			bd.addExact(ent, n, ini.join(ini2).join(sur), rulePartial, flags|needCaps, true)
			bd.add(ent, n, words[0].join(ini2).join(sur), rulePartial, flags)
		}
	}
	// A double surname ("MADURO MOROS, Nicolas") is mostly written with
	// its first part only: "Nicolas Maduro", "Maduro".
	// With a common given name ("José Tapia") that is too weak a clue.
	if sw := wordsOf(sur); len(sw) >= 2 && len(sw) == len(sur.toks) && bd.specific(sw[0].toks[0], sw[0].folds[0]) {
		if first.toks != nil && bd.class(first.toks[0], first.folds[0])&clsGivenName == 0 {
			bd.add(ent, n, first.join(sw[0]), rulePartial, flags)
		}
		if bd.rare(sw[0].toks[0], sw[0].folds[0]) {
			bd.add(ent, n, sw[0], ruleFollowUp, flags|needCaps)
		}
	}
	if !rareSur {
		return
	}
	// Follow-ups: the surname, and its last word when particles lead it.
	bd.add(ent, n, sur, ruleFollowUp, flags|needCaps)
	if last := len(sur.toks) - 1; last > 0 && bd.rare(sur.toks[last], sur.folds[last]) {
		bd.add(ent, n, span{sur.toks[last:], sur.folds[last:]}, ruleFollowUp, flags|needCaps)
	}
}

// wordsOf returns the name words of s (no particles), one span each.
func wordsOf(s span) []span {
	var out []span
	for k, t := range s.toks {
		if isWord(t) {
			out = append(out, span{s.toks[k : k+1], s.folds[k : k+1]})
		}
	}
	return out
}

func firstWord(s span) span {
	if w := wordsOf(s); len(w) > 0 {
		return w[0]
	}
	return span{}
}

func initialOf(s span) span {
	r, _ := utf8.DecodeRuneInString(s.toks[0])
	t := string(r)
	return span{[]string{t}, []string{name.Fold(t)}}
}

// orgPatterns adds an organisation's name with and without its legal
// form and leading article, without trailing place names ("Bank Melli
// Iran" is "Bank Melli"), and its distinctive part.
func (bd *builder) orgPatterns(ent int32, n nameInfo, flags uint8) {
	all := span{n.toks, n.folds}
	var core span
	for _, t := range name.Analyze(n.text, name.AnalyzeOptions{LegalForms: true}) {
		if t.Kind == name.KindLegal {
			continue
		}
		core.toks = append(core.toks, t.Text)
		core.folds = append(core.folds, name.Fold(t.Text))
	}
	if len(core.toks) == 0 {
		return
	}
	if len(core.toks) > 1 && core.toks[0] == "the" {
		core = span{core.toks[1:], core.folds[1:]}
	}
	bd.orgSpan(ent, n, all, ruleFull, flags)
	bd.orgSpan(ent, n, core, ruleFull, flags)
	trimmed := core
	for len(trimmed.toks) > 1 && bd.class(trimmed.toks[len(trimmed.toks)-1], trimmed.folds[len(trimmed.folds)-1])&(clsPlace|clsStop) != 0 {
		trimmed = span{trimmed.toks[:len(trimmed.toks)-1], trimmed.folds[:len(trimmed.folds)-1]}
	}
	if len(trimmed.toks) < len(core.toks) && len(trimmed.toks) > 1 {
		spec := false
		for k, t := range trimmed.toks {
			spec = spec || bd.specific(t, trimmed.folds[k])
		}
		if spec {
			bd.orgSpan(ent, n, trimmed, rulePartial, flags)
		}
	}
	// The distinctive part: what is left without generic words and
	// particles, when it is one run of the name.
	lo, hi := -1, -1
	contiguous := true
	for k, t := range core.toks {
		c := bd.class(t, core.folds[k])
		if c&(clsGeneric|clsStop) != 0 || !isWord(t) {
			continue
		}
		if hi >= 0 && hi != k {
			contiguous = false
		}
		if lo < 0 {
			lo = k
		}
		hi = k + 1
	}
	if lo < 0 || !contiguous || hi-lo == len(core.toks) || hi-lo > 3 {
		return
	}
	d := span{core.toks[lo:hi], core.folds[lo:hi]}
	if len(d.toks) == 1 {
		if bd.distinctive(d.toks[0], d.folds[0]) {
			bd.add(ent, n, d, ruleDistinctive, flags|needCaps)
		}
		return
	}
	spec := false
	for k, t := range d.toks {
		if bd.class(t, d.folds[k])&clsPlace != 0 {
			return
		}
		spec = spec || bd.specific(t, d.folds[k])
	}
	if spec {
		bd.add(ent, n, d, ruleDistinctive, flags|needCaps)
	}
}

// orgSpan adds one span of an organisation name: a one-word name only when
// the word is distinctive, and with capitals required when no word in it is
// specific ("ISLAMIC STATE", "BASIC ELEMENT").
func (bd *builder) orgSpan(ent int32, n nameInfo, s span, rule uint8, flags uint8) {
	words, spec := 0, false
	for k, t := range s.toks {
		if isWord(t) {
			words++
			spec = spec || bd.specific(t, s.folds[k])
		}
	}
	switch {
	case words == 0:
		return
	case len(s.toks) == 1:
		if !bd.distinctive(s.toks[0], s.folds[0]) {
			return
		}
		flags |= needCaps
	case !spec:
		flags |= needCaps
	}
	bd.add(ent, n, s, rule, flags)
}

// craftPatterns adds a vessel's or aircraft's name, which must have
// context nearby ("the tanker ARTAVIL", "M/V HERMANN") unless it is long
// and specific.
func (bd *builder) craftPatterns(ent int32, n nameInfo, flags uint8) {
	e := &bd.sc.ents[ent]
	s := span{n.toks, n.folds}
	words, spec, letters := bd.measure(n)
	if words == 0 && len(s.toks) < 2 {
		return
	}
	long := spec && (words >= 3 || words >= 2 && letters >= 12)
	if !long {
		if e.schema == embargo.SchemaVessel {
			flags |= needVessel
		} else {
			flags |= needAircraft
		}
	}
	bd.add(ent, n, s, ruleFull, flags|needCaps)
}

// imoPatterns adds "IMO nnnnnnn" and "IMO No. nnnnnnn" for each IMO number
// of a vessel.
func (bd *builder) imoPatterns(ent int32) {
	seen := map[string]bool{}
	e := &bd.sc.ents[ent]
	for _, v := range e.vers {
		for _, id := range v.Entity.Identifiers {
			if id.Type != embargo.IDIMO {
				continue
			}
			num := digitsOf(id.Value)
			if len(num) != 7 || seen[num] {
				continue
			}
			seen[num] = true
			n := nameInfo{text: "IMO " + num}
			bd.add(ent, n, span{[]string{"imo", num}, []string{"imo", num}}, ruleIdentifier, 0)
			bd.add(ent, n, span{[]string{"imo", "no", num}, []string{"imo", "no", num}}, ruleIdentifier, 0)
		}
	}
}

func digitsOf(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// intern returns the index of a string in Scanner.names.
func (bd *builder) intern(s string) int32 {
	i, ok := bd.nameIdx[s]
	if !ok {
		i = int32(len(bd.sc.names))
		bd.sc.names = append(bd.sc.names, s)
		bd.nameIdx[s] = i
	}
	return i
}

// add enters a pattern in the trie. An entity keeps one reference per
// trie node: the strongest rule that reaches it.
func (bd *builder) add(ent int32, n nameInfo, s span, rule uint8, flags uint8) {
	bd.addExact(ent, n, s, rule, flags, false)
}

// addExact is add, with exact set when the last word must be spelled as
// listed (initials and surname).
func (bd *builder) addExact(ent int32, n nameInfo, s span, rule uint8, flags uint8, exact bool) {
	if len(s.folds) == 0 || len(s.folds) > maxPatternTokens {
		return
	}
	node := int32(0)
	for k, f := range s.folds {
		id := bd.tokenID(f)
		if name.IsStopWord(s.toks[k]) {
			bd.sc.info[id].cls |= clsStop
		}
		key := uint64(node)<<32 | uint64(uint32(id))
		child, ok := bd.edges[key]
		if !ok {
			child = bd.nodes
			bd.nodes++
			bd.edges[key] = child
		}
		node = child
	}
	ni := bd.intern(n.text)
	ref := patRef{ent: ent, name: ni, word: -1, rule: rule, flags: flags}
	if exact || len(s.toks) == 1 && rule != ruleFollowUp && rule != ruleIdentifier {
		// One word alone, or a surname after initials, must be spelled as
		// listed: a variant of one word ("Naba" for "NABAH", "Khayat" for
		// "HAYAT") is too weak a clue.
		ref.word = bd.intern(s.toks[len(s.toks)-1])
	}
	if rule == ruleDistinctive || rule == rulePartial {
		// How many entities share the span's rarest word.
		df := int32(1 << 15)
		for k, t := range s.toks {
			if isWord(t) {
				df = min(df, bd.df[s.folds[k]])
			}
		}
		ref.df = uint16(df)
	}
	refs := bd.terms[node]
	for i := range refs {
		if refs[i].ent == ent {
			if rule < refs[i].rule || rule == refs[i].rule && flags&^refs[i].flags == 0 && flags != refs[i].flags {
				refs[i] = ref
			}
			return
		}
	}
	bd.terms[node] = append(refs, ref)
}

// compact turns the build-time trie into sorted arrays.
func (bd *builder) compact() {
	sc := bd.sc
	sc.rootChild = make([]int32, len(sc.info))
	for i := range sc.rootChild {
		sc.rootChild[i] = -1
	}
	type e struct {
		parent, tok, child int32
	}
	all := make([]e, 0, len(bd.edges))
	for k, child := range bd.edges {
		parent, tok := int32(k>>32), int32(uint32(k))
		if parent == 0 {
			sc.rootChild[tok] = child
			continue
		}
		all = append(all, e{parent, tok, child})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].parent != all[j].parent {
			return all[i].parent < all[j].parent
		}
		return all[i].tok < all[j].tok
	})
	sc.nodes = make([]node, bd.nodes)
	sc.edges = make([]edge, len(all))
	for i, x := range all {
		sc.edges[i] = edge{tok: x.tok, child: x.child}
		nd := &sc.nodes[x.parent]
		if nd.nEdges == 0 {
			nd.firstEdge = int32(i)
		}
		nd.nEdges++
	}
	ids := make([]int32, 0, len(bd.terms))
	for id := range bd.terms {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		refs := bd.terms[id]
		sort.Slice(refs, func(i, j int) bool { return refs[i].ent < refs[j].ent })
		nd := &sc.nodes[id]
		nd.firstRef, nd.nRefs = int32(len(sc.refs)), int32(len(refs))
		sc.refs = append(sc.refs, refs...)
		sc.patterns += len(refs)
	}
	for k, id := range sc.dict {
		sc.info[id].cls |= bd.cls[k]
	}
	sc.idAnd = sc.dict["and"]
}

func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || s[i] >= 'A' && s[i] <= 'Z' {
			return false
		}
	}
	return true
}
