package match

import (
	"cmp"
	"hash/maphash"
	"maps"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/name"
)

// SearchOptions tune one search.
type SearchOptions struct {
	// Seqs gives, per source, the snapshot seq to screen against: only
	// entity versions valid at that seq are considered, and sources absent
	// from the map are skipped. Nil screens every version still listed
	// (ToSeq == 0).
	Seqs map[string]int
	// Ended selects, instead, the versions that had left the list by
	// their source's seq in Seqs (ToSeq != 0 and ToSeq <= seq): what a
	// search for delisted entities starts from.
	Ended bool
	// Threshold is the lowest score reported; negative means
	// embargo.DefaultThreshold. Zero reports every candidate with a score above 0.
	Threshold float64
	// Limit caps the number of matches; 0 or less means embargo.DefaultLimit.
	Limit int
}

// Candidate generation limits. The rarest query token always admits every
// listed name it reaches; later, commoner tokens admit new names only while
// fewer than maxAdmit are in, and otherwise only add to names already in.
// A name that shares nothing but a very common token with the query cannot
// reach the threshold anyway, while its full scoring would cost time.
const maxAdmit = 20000

// maxPhoneticFolds caps the fold keys one sound key may bring in: in a
// very large vocabulary a short sound key is shared by so many spellings
// that it no longer tells anything (the edit-distance and equivalence
// lookups still find the close ones).
const maxPhoneticFolds = 400

// compoundPrefixes are written both joined to and apart from the next word
// ("Alhassan"/"Al Hassan", "Abdulaziz"/"Abdul Aziz", "Binladin"/"Bin Ladin").
var compoundPrefixes = []string{"abdul", "abdel", "abdal", "abd", "abu", "abou", "al", "el", "ul", "bin", "ibn", "ben"}

// searchState is the scratch memory of one search, reused through a pool.
type searchState struct {
	acc     []float64 // bound numerator per name id
	best    []float64 // best bound of the current token per name id
	mark    []uint32  // == gen: admitted in this search
	tmark   []uint32  // == tgen: touched by the current token
	fmark   []uint32  // == fgen: fold already seen by the current expansion
	tokMark []uint32  // == tokGen: token already seen by the current expansion
	tokGen  uint32
	pmark   []uint32  // == gen: reached by the common first token (see markOnly)
	pbest   []float64 // its bound per name
	gen     uint32
	tgen    uint32
	fgen    uint32
	admit   []int32
	touched []int32
	order   []tokCost
	ents    []*tokExp
	cands   []cand
	hits    []vhit
	vgen    []uint32 // == gen: vhit holds the version's hit
	vhit    []int32
}

// cand is an admitted name and its bound.
type cand struct {
	n     int32
	bound float64
}

// hit is the best-scoring name of a version.
type hit struct {
	n                int32
	nameScore, score float64
}

type vhit struct {
	vid int32
	hit
}

// tokCost is a query token as collect orders them.
type tokCost struct {
	i         int
	cost      int
	contrib   float64
	essential bool
}

func (ix *Index) state() *searchState {
	st, _ := ix.pool.Get().(*searchState)
	if st == nil || len(st.acc) < ix.nNames || len(st.fmark) < len(ix.folds) || len(st.tokMark) < len(ix.toks) || len(st.vgen) < len(ix.vers) {
		st = &searchState{
			vgen: make([]uint32, len(ix.vers)), vhit: make([]int32, len(ix.vers)),
			acc: make([]float64, ix.nNames), best: make([]float64, ix.nNames),
			mark: make([]uint32, ix.nNames), tmark: make([]uint32, ix.nNames),
			fmark: make([]uint32, len(ix.folds)), tokMark: make([]uint32, len(ix.toks)),
			pmark: make([]uint32, ix.nNames), pbest: make([]float64, ix.nNames),
		}
	}
	st.gen++
	if st.gen == 0 { // wrapped: clear the marks once
		clear(st.mark)
		clear(st.tmark)
		clear(st.pmark)
		clear(st.vgen)
		st.gen, st.tgen = 1, 0
	}
	st.admit = st.admit[:0]
	return st
}

// Search screens one query against the index and returns the matching
// entities, best first. It returns EINVALID for an unusable query (see
// embargo.Query.ValidateName). It is safe for concurrent use after Finish.
//
// A query with a parenthesised part is screened as written and as each of
// its name.ParenVariants ("KORVALD SHIPPING CORP. (KSC)" also as
// "KORVALD SHIPPING CORP."), but its acronym alone ("KSC"): a few capitals
// screened alone are near other acronyms by a letter or two, and a listed
// name's acronym is listed (Index.Add) to be found by the query's as
// written. An entity found by several keeps its best match.
func (ix *Index) Search(q embargo.Query, opts SearchOptions) ([]embargo.Match, error) {
	ms, err := ix.search(q, opts)
	vs := name.ParenVariants(q.Name)
	if err != nil || len(vs) == 0 {
		return ms, err
	}
	for _, v := range vs {
		if strings.Contains(q.Name, "("+v+")") {
			continue // the acronym alone
		}
		vq := q
		vq.Name = v
		more, err := ix.search(vq, opts)
		if err != nil {
			continue // a variant without letters
		}
		for _, m := range more {
			i := slices.IndexFunc(ms, func(x embargo.Match) bool { return x.EntityID == m.EntityID })
			switch {
			case i < 0:
				ms = append(ms, m)
			case m.Score > ms[i].Score:
				ms[i] = m
			}
		}
	}
	slices.SortStableFunc(ms, func(a, b embargo.Match) int { return cmp.Compare(b.Score, a.Score) })
	limit := opts.Limit
	if limit <= 0 {
		limit = embargo.DefaultLimit
	}
	if len(ms) > limit {
		ms = ms[:limit]
	}
	return ms, nil
}

func (ix *Index) search(q embargo.Query, opts SearchOptions) ([]embargo.Match, error) {
	if err := q.ValidateName(); err != nil {
		return nil, err
	}
	if !ix.finished {
		return nil, embargo.Errorf(embargo.EINTERNAL, "match: index searched before Finish")
	}
	threshold := opts.Threshold
	if threshold < 0 {
		threshold = embargo.DefaultThreshold
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = embargo.DefaultLimit
	}
	toks := analyzeQuery(q)
	if len(toks) == 0 {
		return nil, embargo.Errorf(embargo.EINVALID, "name has no letters or digits")
	}
	seqOK := ix.seqFilter(opts.Seqs, opts.Ended)
	st := ix.state()
	defer ix.pool.Put(st)
	toks = ix.splitGlued(toks, st)
	qs := ix.prepareQuery(toks, st)
	setQueryRoles(q.Name, qs, q.Schema)
	fq := prepareFeatures(q)

	// Bound of each admitted name: the share of the query's weight its
	// tokens can explain at best, counting initials and legal forms as
	// matched. A name's real score is never above it (up to the feature
	// bonus), so names are scored in full in bound order and the loop stops
	// once no later name can enter the results.
	// wsum is the least the query's tokens can weigh in the denominator:
	// a title the listed name lacks costs nothing, a middle name little.
	var wsum, constPart float64
	for i := range qs {
		wsum += qs[i].w * boundCost(qs[i].role)
		switch qs[i].t.Kind {
		case name.KindInitial:
			constPart += qs[i].w * simInitial
		case name.KindLegal:
			constPart += qs[i].w * simLegal
		}
	}
	minBound := calibration.rawFor(threshold) - maxFeatureBonus
	ix.collect(qs, wsum, constPart, minBound, !opts.Ended && ix.isLatest(opts.Seqs), seqOK, st)
	cands := st.cands[:0]
	pb := newPartBound(qs)
	for _, n := range st.admit {
		b := (st.acc[n] + constPart) / wsum
		if b > 0 && b >= minBound && (pb == nil || ix.partBound(n, qs, st.acc[n]+constPart, pb) >= minBound-boundSlack) {
			cands = append(cands, cand{n, b})
		}
	}
	st.cands = cands
	slices.SortFunc(cands, func(a, b cand) int {
		if c := cmp.Compare(b.bound, a.bound); c != 0 {
			return c
		}
		return cmp.Compare(a.n, b.n)
	})

	// The best hit of each version, in st.hits; st.vhit[v]-1 is the
	// index of version v's when st.vgen[v] is this search's gen.
	hits := st.hits[:0]
	hitOf := func(vid int32) *vhit {
		if st.vgen[vid] == st.gen {
			return &hits[st.vhit[vid]]
		}
		return nil
	}
	setHit := func(vid int32, h hit) {
		if p := hitOf(vid); p != nil {
			p.hit = h
			return
		}
		st.vgen[vid], st.vhit[vid] = st.gen, int32(len(hits))
		hits = append(hits, vhit{vid, h})
	}
	var top []float64 // best final scores so far, descending, at most limit
	push := func(s float64) {
		i := sort.Search(len(top), func(i int) bool { return top[i] < s })
		top = append(top, 0)
		copy(top[i+1:], top[i:])
		top[i] = s
		if len(top) > limit {
			top = top[:limit]
		}
	}
	var l listed
	var p pairing
	consider := func(n int32) {
		rec := &ix.names[n]
		ix.fillListed(rec, &l)
		ns := scoreName(qs, &l, &p)
		e := &ix.vers[rec.ver].v.Entity
		final := applyFeatures(fq, e, ns, rec.weak)
		if final <= 0 || final < threshold {
			return
		}
		h := hitOf(rec.ver)
		if h != nil && h.score >= final {
			return
		}
		if h == nil {
			push(final)
		}
		setHit(rec.ver, hit{n, ns, final})
	}
	for _, c := range cands {
		if len(top) >= limit && calibration.maxApply(c.bound+maxFeatureBonus) < top[len(top)-1] {
			break
		}
		consider(c.n)
	}

	// An identifier match is decisive whatever the name says.
	for _, k := range fq.ids {
		for _, vid := range ix.ids[k] {
			vi := &ix.vers[vid]
			if !seqOK(vi) {
				continue
			}
			bestN, bestS := int32(-1), -1.0
			for n := vi.nameLo; n < vi.nameHi; n++ {
				ix.fillListed(&ix.names[n], &l)
				if s := scoreName(qs, &l, &p); s > bestS {
					bestN, bestS = n, s
				}
			}
			if bestN >= 0 {
				final := applyFeatures(fq, &vi.v.Entity, bestS, ix.names[bestN].weak)
				setHit(vid, hit{bestN, bestS, final})
			}
		}
	}

	// Best first, one match per entity (a safety net: at one snapshot an
	// entity has one version), explained only for the matches returned.
	st.hits = hits
	all := hits
	slices.SortFunc(all, func(a, b vhit) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return strings.Compare(ix.vers[a.vid].v.Entity.ID, ix.vers[b.vid].v.Entity.ID)
	})
	out := make([]embargo.Match, 0, min(limit, len(all)))
	var seen map[string]bool // entities in out, once out is long
	for _, h := range all {
		if len(out) == limit {
			break
		}
		id := ix.vers[h.vid].v.Entity.ID
		if seen == nil && len(out) >= 32 {
			seen = map[string]bool{}
			for i := range out {
				seen[out[i].EntityID] = true
			}
		}
		if seen != nil && seen[id] || seen == nil && slices.ContainsFunc(out, func(m embargo.Match) bool { return m.EntityID == id }) {
			continue
		}
		if seen != nil {
			seen[id] = true
		}
		out = append(out, ix.buildMatch(q.Name, qs, fq, h.n))
	}
	sortMatches(out)
	return out, nil
}

// buildMatch scores name n again, this time keeping the explanation.
func (ix *Index) buildMatch(query string, qs []qtok, fq *queryFeatures, n int32) embargo.Match {
	rec := &ix.names[n]
	e := &ix.vers[rec.ver].v.Entity
	var l listed
	var p pairing
	ix.fillListed(rec, &l)
	ns := scoreName(qs, &l, &p)
	final, feats, contrib := applyFeaturesExplained(fq, e, ns, rec.weak)
	ex := explain(query, qs, &l, &p, ns, rec.text, final, feats)
	ex.Contributions = contrib
	return embargo.Match{
		EntityID: e.ID, Source: e.Source, SourceID: e.SourceID, Schema: e.Schema,
		Name: e.Name, MatchedName: rec.text, Score: final, Programs: e.Programs,
		Dates:       listingDates(e),
		Explanation: ex,
	}
}

// listingDates returns the listing date the entity's list publishes; the
// engine adds the snapshot dates.
func listingDates(e *embargo.Entity) embargo.Dates {
	d, ok := embargo.ListingDate(e)
	return embargo.Dates{ListedOn: d, ListedOnPublished: ok}
}

func (ix *Index) fillListed(rec *nameRec, l *listed) {
	lt := ix.lt[rec.lt:][:min(len(rec.toks), maxTokens)]
	for j, x := range lt {
		l.toks[j], l.w[j], l.id[j], l.fold[j] = &ix.toks[x.id], x.w, x.id, x.fold
	}
	l.n = len(lt)
	l.initials = rec.initials
	l.person = rec.person
	l.entMiddle = ix.vers[rec.ver].middle
	l.roleMasks = rec.roles
}

// seqFilter returns the test of whether a version is to be screened.
func (ix *Index) seqFilter(seqs map[string]int, ended bool) func(*verInfo) bool {
	if seqs == nil {
		if ended {
			return func(v *verInfo) bool { return v.to != 0 }
		}
		return func(v *verInfo) bool { return v.to == 0 }
	}
	bySrc := make([]int, len(ix.srcs))
	for i, s := range ix.srcs {
		if seq, ok := seqs[s]; ok {
			bySrc[i] = seq
		} else {
			bySrc[i] = -1
		}
	}
	if ended {
		return func(v *verInfo) bool {
			seq := bySrc[v.src]
			return seq >= 0 && v.to != 0 && v.to <= seq
		}
	}
	return func(v *verInfo) bool {
		seq := bySrc[v.src]
		return seq >= 0 && v.from <= seq && (v.to == 0 || seq < v.to)
	}
}

// isLatest reports whether seqs select every source's latest versions:
// no seqs, or every indexed source at or after its last change. Such a
// search filters names by one flag instead of by version intervals.
func (ix *Index) isLatest(seqs map[string]int) bool {
	if seqs == nil {
		return true
	}
	if len(seqs) != len(ix.srcs) {
		return false
	}
	for i, src := range ix.srcs {
		if seq, ok := seqs[src]; !ok || seq < ix.srcMax[i] {
			return false
		}
	}
	return true
}

// minGluedPart is the shortest name part splitGlued separates.
const minGluedPart = 3

// minGluedReach is the least score by which a query word must reach a
// listed word to be taken as that word rather than split: a word two
// typing errors from a listed one ("salehassi" from Salehi, "fujingzheng"
// from Mingzheng) may still be two listed words written together (Saleh
// Assi, Fujing Zheng); a variant, an equivalent or a sound-alike is not.
const minGluedReach = simPhonetic

// splitGlued splits a query word that no listed name has but that is two
// listed words written together ("ebrahimraisi", "MAJIDSAJDEH",
// "Nordstalag"): each part then matches and weighs on its own, in any
// order. Of several splits, the one whose parts listed names spell so
// wins, then the most even. A word that reaches some
// listed word by spelling, sound or a typo of one letter is not split:
// "Mosbah" is a name, not "Mos" and "Bah" (see minGluedReach).
func (ix *Index) splitGlued(toks []name.Token, st *searchState) []name.Token {
	var out []name.Token
	for i := range toks {
		t := &toks[i]
		if a, b, ok := ix.gluedSplit(t, st); ok && len(toks)+len(out)-i < maxTokens {
			if out == nil {
				out = append(make([]name.Token, 0, len(toks)+2), toks[:i]...)
			}
			ta, tb := name.MakeToken(a), name.MakeToken(b)
			ta.Origin, tb.Origin = t.Origin, t.Origin
			out = append(out, ta, tb)
			continue
		}
		if out != nil {
			out = append(out, *t)
		}
	}
	if out == nil {
		return toks
	}
	return out
}

func (ix *Index) gluedSplit(t *name.Token, st *searchState) (a, b string, ok bool) {
	if t.Kind != name.KindWord || len(t.Text) < 2*minGluedPart || !asciiOnly(t.Text) {
		return "", "", false
	}
	if _, known := ix.tokKey[t.Text]; known {
		return "", "", false
	}
	if _, known := ix.foldID[t.Fold]; known {
		return "", "", false
	}
	key := expKey{kind: t.Kind, text: t.Text}
	e, cached := ix.cache.get(key)
	if !cached {
		e = ix.newTokExp(t, ix.expand(t, st))
		ix.cache.put(key, e)
	}
	if e.top >= minGluedReach {
		return "", "", false
	}
	// known is 2 for a part some listed name spells so, 1 for one with a
	// listed fold key, 0 otherwise.
	known := func(s string) int {
		if _, ok := ix.tokKey[s]; ok {
			return 2
		}
		if _, ok := ix.foldID[name.Fold(s)]; ok {
			return 1
		}
		return 0
	}
	// A word that reaches a listed word by two typing errors splits only
	// into two words of four letters or more that listed names spell so:
	// "chaykh" is no "cha" and "ykh".
	minPart, minKnown := minGluedPart, 1
	if len(e.m) > 0 {
		minPart, minKnown = minGluedPart+1, 2
	}
	best := 0
	for k := minPart; k+minPart <= len(t.Text); k++ {
		ka, kb := known(t.Text[:k]), known(t.Text[k:])
		if ka < minKnown || kb < minKnown {
			continue
		}
		// Parts spelled as listed first ("saleh assi", not "sale hassi"),
		// then the most even split.
		if score := (ka+kb)*64 + min(k, len(t.Text)-k); score > best {
			a, b, best = t.Text[:k], t.Text[k:], score
		}
	}
	return a, b, best > 0
}

// prepareQuery weighs the query tokens and finds, for each, the fold keys
// of listed tokens it may match.
func (ix *Index) prepareQuery(toks []name.Token, st *searchState) []qtok {
	qs := make([]qtok, len(toks))
	ents := st.ents[:0]
	for i := range toks {
		qs[i].t = toks[i]
		var e *tokExp
		if indexed(toks[i].Kind) {
			key := expKey{kind: toks[i].Kind, text: toks[i].Text}
			var ok bool
			if e, ok = ix.cache.get(key); !ok {
				e = ix.newTokExp(&toks[i], ix.expand(&toks[i], st))
				ix.cache.put(key, e)
			}
			qs[i].exp = e.m
		}
		ents = append(ents, e)
	}
	st.ents = ents
	// Compounds: two query tokens written as one listed token, and a
	// query token that is a prefix and a name written together.
	for i := 0; i+1 < len(qs); i++ {
		if !joinable(&qs[i].t) || !joinable(&qs[i+1].t) {
			continue
		}
		key := expKey{kind: compoundKind, text: qs[i].t.Text, second: qs[i+1].t.Text}
		e, ok := ix.cache.get(key)
		if !ok {
			found := map[int32]float64{}
			c := name.MakeToken(qs[i].t.Text + qs[i+1].t.Text)
			ix.expandFuzzy(&c, true, st, func(f int32, s float64) {
				if s >= minCompound {
					addExp(found, f, s)
				}
			})
			e = &tokExp{m: found, list: sortedBounds(found)}
			ix.cache.put(key, e)
		}
		for _, fb := range e.list {
			qs[i].add(fb.f, fb.s)
			qs[i+1].add(fb.f, fb.s)
		}
	}
	// Letters written apart ("K. L. M.") reach the listed word they spell.
	for i := 0; i+1 < len(qs); {
		k := i
		for k < len(qs) && qs[k].t.Kind == name.KindInitial {
			k++
		}
		if k-i >= 2 {
			var b []byte
			for x := i; x < k; x++ {
				b = append(b, qs[x].t.Text[0])
			}
			if f, ok := ix.foldID[name.Fold(string(b))]; ok {
				qs[i].exp = map[int32]float64{f: simVariant}
				qs[i].owned = true
			}
		}
		i = max(k, i+1)
	}
	for i := range qs {
		if qs[i].t.Kind != name.KindWord {
			continue
		}
		for _, p := range compoundPrefixes {
			if rest, ok := strings.CutPrefix(qs[i].t.Text, p); ok && len(rest) >= 3 {
				if f, ok := ix.foldID[name.Fold(rest)]; ok {
					qs[i].add(f, simVariant)
				}
			}
		}
	}
	for i := range qs {
		q, e := &qs[i], ents[i]
		if q.t.Kind == name.KindWord {
			_, q.known = ix.foldID[q.t.Fold]
			_, q.spelled = ix.tokKey[q.t.Text]
		}
		switch {
		case e == nil:
			q.w = ix.queryWeight(q)
			if q.exp != nil { // an acronym's first letter
				q.list = sortedBounds(q.exp)
				q.cost, q.top = ix.costTop(q.list)
			}
		case q.owned:
			// The compounds added to the cached expansion.
			q.list = sortedBounds(q.exp)
			q.cost, q.top = ix.costTop(q.list)
			if e.known {
				q.w = e.w
			} else {
				q.w = ix.queryWeight(q)
			}
		default:
			q.list, q.cost, q.top, q.w = e.list, e.cost, e.top, e.w
		}
	}
	return qs
}

// tokExp is the cached expansion of a query token with what the search
// derives from it.
type tokExp struct {
	m     map[int32]float64 // fold id -> bound
	list  []foldBound       // m in fold id order
	cost  int               // postings of the folds in m
	top   float64           // best bound in m
	w     float64           // the token's query weight with m as its expansion
	known bool              // the token's fold is listed: w does not depend on m
}

func (ix *Index) newTokExp(t *name.Token, m map[int32]float64) *tokExp {
	e := &tokExp{m: m, list: sortedBounds(m)}
	e.cost, e.top = ix.costTop(e.list)
	_, e.known = ix.foldID[t.Fold]
	e.w = ix.queryWeight(&qtok{t: *t, exp: m})
	return e
}

func sortedBounds(m map[int32]float64) []foldBound {
	l := make([]foldBound, 0, len(m))
	for f, s := range m {
		l = append(l, foldBound{f, s})
	}
	slices.SortFunc(l, func(a, b foldBound) int { return cmp.Compare(a.f, b.f) })
	return l
}

func (ix *Index) costTop(l []foldBound) (cost int, top float64) {
	for _, fb := range l {
		cost += len(ix.folds[fb.f].post)
		top = max(top, fb.s)
	}
	return cost, top
}

func addExp(m map[int32]float64, f int32, s float64) {
	if m != nil && s > m[f] {
		m[f] = s
	}
}

// queryWeight is the weight of a query token: the IDF of its fold key
// among the indexed names; for a key no name has (a typo, a rare
// spelling), the IDF of the closest listed key it reaches, else the
// weight of a token seen nowhere.
func (ix *Index) queryWeight(q *qtok) float64 {
	switch q.t.Kind {
	case name.KindInitial, name.KindLegal:
		return kindWeight(&q.t, 0)
	}
	if w := ix.foldWeight(q.t.Fold); w >= 0 {
		return kindWeight(&q.t, w)
	}
	bestS, w := 0.0, ix.maxW
	for f, s := range q.exp {
		if s >= 0.75 && (s > bestS || s == bestS && ix.folds[f].w > w) {
			bestS, w = s, ix.folds[f].w
		}
	}
	return kindWeight(&q.t, w)
}

// expand finds the fold keys a query token may match, with the best score
// each can reach.
func (ix *Index) expand(t *name.Token, st *searchState) map[int32]float64 {
	exp := make(map[int32]float64, 8)
	if f, ok := ix.foldID[t.Fold]; ok {
		exp[f] = simExact
	}
	if t.Kind == name.KindNumber {
		return exp
	}
	if t.Equiv != "" {
		for _, f := range ix.equiv[t.Equiv] {
			addExp(exp, f, simEquivalent)
		}
	}
	if t.PetForms {
		for _, g := range name.Nicknames(t.Fold) {
			if f, ok := ix.foldID[g]; ok {
				addExp(exp, f, simNickname)
			}
		}
	}
	if t.Kind == name.KindStop {
		return exp
	}
	if len(t.Phonetic) >= minPhoneticLen && len(ix.phon[t.Phonetic]) <= maxPhoneticFolds {
		for _, f := range ix.phon[t.Phonetic] {
			if key := ix.folds[f].key; phoneticClose(t.Fold, key, len(t.Phonetic)) {
				addExp(exp, f, max(simPhonetic, fuzzySim(t.Fold, key)))
			}
		}
	}
	if k, ok := conventionKey(t); ok {
		// The same name in another language's romanisation ("Asis" for
		// Aziz, "Sajzew" for Zaytsev): listed keys with the token's
		// convention key, and the listed key that is that key.
		for _, f := range ix.conv[k] {
			addExp(exp, f, simConvention)
		}
		if f, ok := ix.foldID[k]; ok && k != t.Fold {
			addExp(exp, f, simConvention)
		}
	}
	if t.Syllable {
		// Two romanisations of one Korean or Chinese syllable (gi and ki,
		// jeong and chong) that edits and sound keys do not bring
		// together: too short, or two letters apart.
		for _, f := range ix.syl[name.SyllableKey(t.Text)] {
			addExp(exp, f, simPhonetic)
		}
	}
	if t.Origin == name.OriginInexact && len(ix.skel[t.Skeleton]) <= maxPhoneticFolds {
		if s := skeletonScore(t.Skeleton); s > 0 {
			for _, f := range ix.skel[t.Skeleton] {
				addExp(exp, f, s)
			}
		}
	}
	if t.Origin == name.OriginHan {
		return exp // no fuzzy matching of pinyin syllables (see tokenSim)
	}
	// A token spelled as some listed token is, or whose key is long and
	// listed, is a name, not a typo: one edit is enough for it.
	_, known := ix.tokKey[t.Text]
	if _, ok := ix.foldID[t.Fold]; ok && len(t.Fold) >= 5 {
		known = true
	}
	ix.expandFuzzy(t, known, st, func(f int32, s float64) { addExp(exp, f, s) })
	if len(exp) > maxExpansion {
		// A dense neighbourhood (a short name in a vocabulary of millions):
		// keep the closest keys.
		type fs struct {
			f int32
			s float64
		}
		all := make([]fs, 0, len(exp))
		for f, s := range exp {
			all = append(all, fs{f, s})
		}
		sort.Slice(all, func(i, j int) bool {
			if all[i].s != all[j].s {
				return all[i].s > all[j].s
			}
			return all[i].f < all[j].f
		})
		clear(exp)
		for _, x := range all[:maxExpansion] {
			exp[x.f] = x.s
		}
	}
	return exp
}

// maxExpansion caps the listed keys one query token may match.
const maxExpansion = 128

// expandFuzzy calls fn for every listed fold key within maxEdits of t's
// key or spelling, found through the deletion neighbourhoods. For a token
// the index knows (spelled as some listed name is) one edit of its key is
// enough: its two-edit neighbours are other names, not its misspellings.
// For a token it does not know (a typo, or a name not listed), keys and
// spellings are both searched, two edits deep: a typo across a folded
// cluster ("Aleskandrovich", where sk is not the ks that folds to x; or
// "Amesen" for "Ameen", which folds to "amin") is close in spelling only.
func (ix *Index) expandFuzzy(t *name.Token, known bool, st *searchState, fn func(f int32, s float64)) {
	if f, ok := ix.foldID[t.Fold]; ok {
		fn(f, simExact)
	}
	best := 0.0
	maskDiff := 4 // two edits
	if known {
		maskDiff = 2 // one edit
	}
	// Route 1: the query's key against listed keys.
	// Route 2: the query's spelling against listed keys (a listed token
	// whose spelling is its key).
	// Each edit changes at most two letters of the set of letters a word
	// uses: a cheap test that rejects most of a neighbourhood before any
	// edit distance is computed.
	byFold := func(q string) func(uint64) {
		st.nextFoldGen()
		gen, qmask := st.fgen, letterMask(q)
		return func(h uint64) {
			ix.del.lookup(h, func(f int32) {
				if st.fmark[f] == gen {
					return
				}
				st.fmark[f] = gen
				fi := &ix.folds[f]
				if bits.OnesCount32(qmask^fi.foldMask) > maskDiff {
					return
				}
				if s := fuzzySim(q, fi.key); s >= minTokenSim {
					best = max(best, s)
					fn(f, s)
				}
			})
		}
	}
	if known {
		if f, ok := ix.foldID[t.Fold]; ok {
			ix.nearFolds(f, st, fn)
			return
		}
		forDeletions1(t.Fold, byFold(t.Fold))
		return
	}
	forDeletions1(t.Fold, byFold(t.Fold))
	if best < 0.85 {
		// Two edits deep, unless the token is long (seven letters or more)
		// and a listed key is one edit away: that one is the likely intent.
		forDeletions2(t.Fold, byFold(t.Fold))
	}
	if t.Text != t.Fold {
		visit := byFold(t.Text)
		forDeletions(t.Text, visit)
	}
	// Route 3: the query's spelling against listed spellings that differ
	// from their keys.
	st.nextTokGen()
	tmask := letterMask(t.Text)
	visitText := func(h uint64) {
		ix.delText.lookup(h, func(tid int32) {
			if st.tokMark[tid] == st.tokGen {
				return
			}
			st.tokMark[tid] = st.tokGen
			lt := &ix.toks[tid]
			if bits.OnesCount32(tmask^letterMask(lt.Text)) > maskDiff {
				return
			}
			if s := fuzzySim(t.Text, lt.Text); s >= minTokenSim {
				best = max(best, s)
				fn(ix.tokFold[tid], s)
			}
		})
	}
	forDeletions1(t.Text, visitText)
	if best < 0.8 {
		forDeletions2(t.Text, visitText)
	}
}

func (st *searchState) nextFoldGen() {
	st.fgen++
	if st.fgen == 0 {
		clear(st.fmark)
		st.fgen = 1
	}
}

func (st *searchState) nextTokGen() {
	st.tokGen++
	if st.tokGen == 0 {
		clear(st.tokMark)
		st.tokGen = 1
	}
}

// collect walks the postings of every query token's fold keys, rarest
// token first, and accumulates each reached name's bound numerator.
//
// latest says the search is against every source's latest snapshot, which
// a precomputed flag per name answers without looking at its version.
//
// Only essential tokens admit names (MaxScore): sorted by the most they
// can add to a bound, the tokens whose contributions together, with the
// initials and legal forms, stay below minBound (as a share of wsum) are
// not essential, since a name they alone reach cannot pass the bound
// filter. They only add to names the essential tokens found.
func (ix *Index) collect(qs []qtok, wsum, constPart, minBound float64, latest bool, seqOK func(*verInfo) bool, st *searchState) {
	order := st.order[:0]
	for i := range qs {
		if len(qs[i].list) == 0 {
			continue
		}
		order = append(order, tokCost{i: i, cost: qs[i].cost, contrib: qs[i].w * qs[i].top, essential: true})
	}
	st.order = order
	// The same algorithm as sort.Slice, which this replaces: equal
	// contributions keep the order they had.
	slices.SortFunc(order, func(a, b tokCost) int { return cmp.Compare(a.contrib, b.contrib) })
	sum := constPart
	for k := range order {
		sum += order[k].contrib
		if sum/wsum >= minBound {
			break
		}
		order[k].essential = false
	}
	slices.SortStableFunc(order, func(a, b tokCost) int {
		if a.essential != b.essential {
			if a.essential {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.cost, b.cost)
	})
	// When even the rarest two tokens are common (a query of common given
	// names), only names that have both are admitted: a name that shares a
	// single common token with a query of several cannot reach a
	// threshold, and admitting every such name is what makes a search slow
	// on a large index.
	var pending []int32
	if len(order) >= 2 && order[0].cost > maxAdmit && order[1].essential && qs[order[1].i].t.Kind != name.KindStop {
		pending = ix.markOnly(&qs[order[0].i], st)
	}
	first := pending == nil
	for k, tc := range order {
		q := &qs[tc.i]
		if len(q.list) == 0 || pending != nil && k == 0 {
			continue
		}
		admitting := tc.essential && (first || len(st.admit) < maxAdmit)
		first = false
		if !admitting && tc.cost > 32*len(st.admit) {
			// Fewer candidates than postings: look the token up in each
			// candidate instead of walking its postings.
			for _, n := range st.admit {
				if st.acc[n] < 0 {
					continue
				}
				st.acc[n] += q.w * ix.bestBound(n, q.exp)
			}
			continue
		}
		st.tgen++
		if st.tgen == 0 { // wrapped: clear the marks once
			clear(st.tmark)
			st.tgen = 1
		}
		st.touched = st.touched[:0]
		for _, fb := range q.list {
			s := fb.s
			for _, n := range ix.folds[fb.f].post {
				if st.mark[n] != st.gen {
					if !admitting || pending != nil && st.pmark[n] != st.gen {
						continue
					}
					st.mark[n] = st.gen
					if latest && !ix.nameLive[n] || !latest && !seqOK(&ix.vers[ix.names[n].ver]) {
						st.acc[n] = -1
						continue
					}
					st.acc[n] = 0
					st.admit = append(st.admit, n)
				}
				if st.acc[n] < 0 {
					continue
				}
				if st.tmark[n] != st.tgen {
					st.tmark[n] = st.tgen
					st.best[n] = s
					st.touched = append(st.touched, n)
				} else if s > st.best[n] {
					st.best[n] = s
				}
			}
		}
		for _, n := range st.touched {
			st.acc[n] += q.w * st.best[n]
		}
		if pending != nil {
			// Add the first token's share to the names both tokens reached.
			q0 := &qs[order[0].i]
			for _, n := range st.admit {
				if st.acc[n] >= 0 {
					st.acc[n] += q0.w * st.pbest[n]
				}
			}
			pending = nil
		}
	}
}

// markOnly walks the postings of a common token and notes, per name, the
// best bound it reaches (pbest) without admitting the name.
func (ix *Index) markOnly(q *qtok, st *searchState) []int32 {
	var marked []int32
	for _, fb := range q.list {
		s := fb.s
		for _, n := range ix.folds[fb.f].post {
			if st.pmark[n] != st.gen {
				st.pmark[n] = st.gen
				st.pbest[n] = s
				marked = append(marked, n)
			} else if s > st.pbest[n] {
				st.pbest[n] = s
			}
		}
	}
	if marked == nil {
		marked = []int32{}
	}
	return marked
}

// add raises the bound of fold f in the token's expansion, copying the
// expansion first when it is shared with the cache.
func (q *qtok) add(f int32, s float64) {
	if q.exp == nil || s <= q.exp[f] {
		return
	}
	if !q.owned {
		q.exp, q.owned = maps.Clone(q.exp), true
	}
	q.exp[f] = s
}

// expCache keeps the expansions of recently seen query tokens: screening
// batches repeat the same given names and surnames over and over, and an
// expansion depends only on the token and the index. The entries in it
// are never changed. It is emptied whenever it reaches maxExpCache
// entries and by Finish.
//
// Reads far outnumber writes: the map is split into shards, each behind
// its own lock, so that searches on different cores rarely meet.
type expCache struct {
	seed   maphash.Seed
	shards [expShards]expShard
	n      atomic.Int64
}

const (
	maxExpCache = 200_000
	expShards   = 32
)

type expShard struct {
	mu sync.RWMutex
	m  map[expKey]*tokExp
	_  [40]byte // a cache line each
}

// expKey is a query token (its kind and text), or two adjacent query
// tokens written together (compoundKind).
type expKey struct {
	kind         name.Kind
	text, second string
}

// compoundKind marks the expKey of a compound.
const compoundKind name.Kind = 255

func (c *expCache) shard(k *expKey) *expShard {
	return &c.shards[maphash.String(c.seed, k.text)%expShards]
}

func (c *expCache) get(k expKey) (*tokExp, bool) {
	sh := c.shard(&k)
	sh.mu.RLock()
	e, ok := sh.m[k]
	sh.mu.RUnlock()
	return e, ok
}

func (c *expCache) put(k expKey, e *tokExp) {
	if c.n.Load() >= maxExpCache {
		c.reset()
	}
	sh := c.shard(&k)
	sh.mu.Lock()
	if _, ok := sh.m[k]; !ok {
		if sh.m == nil {
			sh.m = map[expKey]*tokExp{}
		}
		sh.m[k] = e
		c.n.Add(1)
	}
	sh.mu.Unlock()
}

func (c *expCache) reset() {
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		sh.m = nil
		sh.mu.Unlock()
	}
	c.n.Store(0)
}

// boundCost is the share of a query token's weight the candidate bounds
// count: optionalCost for titles and patronymics, which are rare, but the
// full weight for a middle name, which most queries of three words have:
// counting it at its least would admit many more candidates to full
// scoring. A middle name the listed name lacks still costs little once a
// candidate is scored.
func boundCost(r name.Role) float64 {
	if r == name.RoleMiddle {
		return 1
	}
	return optionalCost(r)
}

// partBound is a second, tighter bound for a query with parts a listed
// name may lack at less than their full weight (optionalCost: titles,
// patronymics, forebears' names, middle names, particles). The bound
// above counts such a part at its least cost in the denominator yet at
// its best similarity in the numerator, as if it were both missing and
// matched; scoreName counts a part either matched (its full weight in the
// denominator) or missing (no similarity). partBound takes the best of
// those choices for each such part, which keeps the bound an upper bound
// of the name score (under the same assumption as the bound above: a
// matched part scores no more than its best fold reaches) while a name
// that shares only a title or a patronymic with the query ("Ayatollah",
// "Ben") is not scored in full. Candidates are still ordered by the bound
// above, so the search returns the same matches, only sooner.
type partBound struct {
	den      float64               // the least denominator: each part at its optionalCost
	part     [maxPartBound]int     // the parts' indexes in the query
	gain     [maxPartBound]float64 // what a part adds to the denominator when matched
	n        int
	nq       int  // the query tokens scored
	long     int  // the longest query word, in bytes
	initials bool // the query has an initial
}

// maxPartBound is the most optional parts partBound weighs (it tries each
// subset of them); a query with more keeps the one bound.
const maxPartBound = 6

// boundSlack absorbs the rounding of partBound's subtractions.
const boundSlack = 1e-9

// newPartBound returns the partBound of a query, or nil when the bound
// above is as tight (no optional part) or the query is too long.
func newPartBound(qs []qtok) *partBound {
	if len(qs) > maxTokens {
		return nil
	}
	var pb partBound
	for i := range qs {
		c := optionalCost(qs[i].role)
		pb.den += c * qs[i].w
		if c < 1 {
			if pb.n == maxPartBound {
				return nil
			}
			pb.part[pb.n], pb.gain[pb.n] = i, (1-c)*qs[i].w
			pb.n++
		}
	}
	if pb.den <= 0 {
		return nil
	}
	pb.nq = min(len(qs), maxTokens)
	for i := range qs[:pb.nq] {
		pb.initials = pb.initials || qs[i].t.Kind == name.KindInitial
		if qs[i].t.Kind == name.KindWord {
			pb.long = max(pb.long, len(qs[i].t.Text))
		}
	}
	return &pb
}

// partBound returns the bound of name n, whose tokens' best similarities
// weigh num in all (st.acc plus the constant part).
func (ix *Index) partBound(n int32, qs []qtok, num float64, pb *partBound) float64 {
	// What each optional part added to num: its weight times the best
	// bound its expansion gives a token of the name, as collect added it.
	var share [maxPartBound]float64
	for k := 0; k < pb.n; k++ {
		q := &qs[pb.part[k]]
		if q.exp == nil {
			continue
		}
		best := ix.bestBound(n, q.exp)
		share[k] = q.w * best
	}
	bound := 0.0
	den := pb.den + ix.listedCost(n, qs[:pb.nq], pb)
	for set := 0; set < 1<<pb.n; set++ {
		sn, sd := num, den
		for k := 0; k < pb.n; k++ {
			if set&(1<<k) != 0 {
				sd += pb.gain[k]
			} else {
				sn -= share[k]
			}
		}
		bound = max(bound, sn/sd)
	}
	return bound
}

// listedCost is the least the listed tokens of name n that no query token
// pairs with add to the denominator: each listed token other than an
// initial (which a query word may spell as an acronym) costs at least its
// missingCost, or alphaInitial when a query initial may pair with it. The
// query's tokens pair with one listed token each, or a query word with two
// written together (compounds), which compoundPlausible allows only when
// the word is at most two letters shorter than the two.
func (ix *Index) listedCost(n int32, qs []qtok, pb *partBound) float64 {
	rec := &ix.names[n]
	lt := ix.lt[rec.lt:][:min(len(rec.toks), maxTokens)]
	if len(lt) <= pb.nq {
		return 0
	}
	var costs [maxTokens]float64
	k := 0
	short1, short2 := math.MaxInt, math.MaxInt // the two shortest tokens' lengths
	for j, x := range lt {
		t := &ix.toks[x.id]
		if t.Kind == name.KindInitial {
			continue
		}
		if l := len(t.Text); l < short1 {
			short1, short2 = l, short1
		} else if l < short2 {
			short2 = l
		}
		var c float64
		switch {
		case rec.roles.title&(1<<j) != 0:
			c = 0
		case rec.roles.middle&(1<<j) != 0:
			c = alphaMiddle * x.w
		default:
			c = alphaMissing * x.w
		}
		if pb.initials {
			c = min(c, alphaInitial*x.w)
		}
		costs[k] = c
		k++
	}
	cover := len(qs)
	if k >= 2 && pb.long+2 >= short1+short2 {
		for i := range qs {
			if qs[i].t.Kind == name.KindWord && len(qs[i].t.Text)+2 >= short1+short2 {
				cover++
			}
		}
	}
	if k <= cover {
		return 0
	}
	slices.Sort(costs[:k])
	sum := 0.0
	for _, c := range costs[:k-cover] {
		sum += c
	}
	return sum
}

// bestBound is the best bound exp (a query token's expansion: fold id ->
// bound) gives any token of name record n.
func (ix *Index) bestBound(n int32, exp map[int32]float64) float64 {
	best := 0.0
	for _, tid := range ix.names[n].toks {
		if f := ix.tokFold[tid]; f >= 0 {
			if s, ok := exp[f]; ok && s > best {
				best = s
			}
		}
	}
	return best
}
