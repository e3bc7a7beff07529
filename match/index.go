package match

import (
	"hash/maphash"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/name"
)

// Index is an in-memory search index over entity versions. Build it with
// Add and Finish, from one goroutine; after Finish, Search may be called
// from any number of goroutines at once.
type Index struct {
	vers   []verInfo
	srcIdx map[string]int32
	srcs   []string
	// srcMax is, per source, the highest seq a version starts or ends at:
	// a search at or after it in every source is a search of the latest
	// versions (set by Finish).
	srcMax []int

	names    []nameRec
	nameLive []bool  // names of versions still listed (ToSeq 0), set by Finish
	ltIDs    []int32 // the token ids of every distinct analysed name, one after another
	lt       []ltok  // ltIDs with fold ids and weights, set by Finish

	// Tokens: every distinct analysed token of every listed name.
	toks    []name.Token
	tokKey  map[string]int32
	tokFold []int32   // token id -> fold id, -1 for tokens that are not indexed
	tokW    []float64 // token id -> weight, set by Finish

	// Fold keys with their postings (name ids, ascending, unique).
	folds   []foldInfo
	foldID  map[string]int32
	phon    map[string][]int32 // phonetic key -> fold ids
	equiv   map[string][]int32 // equivalence group -> fold ids
	skel    map[string][]int32 // consonant skeleton -> fold ids (see name.Skeleton)
	conv    map[string][]int32 // convention key -> fold ids whose key differs from the fold (see conventionKey)
	syl     map[string][]int32 // syllable key -> fold ids of romanised syllables (see name.SyllableKey)
	del     hashIndex          // deletion neighbourhood of fold keys -> fold ids
	delText hashIndex          // ... of spellings that differ from their keys -> token ids

	ids map[string][]int32 // normalised identifier value -> version ids

	// analysed caches the analysis of each distinct name during the build.
	analysed map[analysisKey]analysis

	finished bool
	delFolds int // fold keys in del
	delToks  int // tokens whose spellings are in delText
	nNames   int
	maxW     float64 // weight of a token seen in no indexed name

	pool  sync.Pool // *searchState
	cache expCache
}

type verInfo struct {
	v              *embargo.EntityVersion
	src            int32
	from, to       int
	nameLo, nameHi int32 // the version's names are ix.names[nameLo:nameHi]
	middle         uint8 // the kinds of middle part its names have (see listed.entMiddle)
}

type nameRec struct {
	ver      int32
	toks     []int32
	lt       int32 // the name's tokens as scored are ix.lt[lt:lt+len(toks)]
	weak     bool
	variant  bool // a name.ParenVariants form: not counted in token weights
	initials bool // a single letter may stand for a name (see listed)
	person   bool
	roles    roleMasks
	text     string
}

// ltok is a listed token as the scorer reads it: its id, fold id and
// weight side by side, so that preparing a name for scoring reads one
// short run of memory.
type ltok struct {
	w        float64
	id, fold int32
}

type analysisKey struct {
	text   string
	schema embargo.Schema
}

type analysis struct {
	toks  []int32 // shared by every name record with this text
	lt    int32   // offset of toks in ix.ltIDs
	roles roleMasks
}

type foldInfo struct {
	key      string
	post     []int32
	w        float64
	foldMask uint32 // the set of letters of key (see letterMask)
}

// letterMask is the set of letters a-z (bits 0-25) and of any other
// character (bit 26 for digits, 27 for the rest) in s.
func letterMask(s string) uint32 {
	var m uint32
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z':
			m |= 1 << (c - 'a')
		case c >= '0' && c <= '9':
			m |= 1 << 26
		default:
			m |= 1 << 27
		}
	}
	return m
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	ix := &Index{
		srcIdx:   map[string]int32{},
		tokKey:   map[string]int32{},
		foldID:   map[string]int32{},
		phon:     map[string][]int32{},
		equiv:    map[string][]int32{},
		skel:     map[string][]int32{},
		conv:     map[string][]int32{},
		syl:      map[string][]int32{},
		ids:      map[string][]int32{},
		analysed: map[analysisKey]analysis{},
	}
	ix.cache.seed = maphash.MakeSeed()
	return ix
}

// Len returns the number of entity versions in the index.
func (ix *Index) Len() int { return len(ix.vers) }

// Add indexes one entity version: its primary name and every alias. Add
// must not run concurrently with Search or with another Add; an index
// changed by Add answers searches again only after Finish.
func (ix *Index) Add(v *embargo.EntityVersion) {
	ix.finished = false
	e := &v.Entity
	src, ok := ix.srcIdx[e.Source]
	if !ok {
		src = int32(len(ix.srcs))
		ix.srcIdx[e.Source] = src
		ix.srcs = append(ix.srcs, e.Source)
	}
	vid := int32(len(ix.vers))
	lo := int32(len(ix.names))
	ix.vers = append(ix.vers, verInfo{v: v, src: src, from: v.FromSeq, to: v.ToSeq, nameLo: lo})

	opts := analyzeOptionsFor(e.Schema)
	initials := e.Schema == embargo.SchemaPerson || e.Schema == embargo.SchemaUnknown
	// Names repeat within an entity ("MV X" as name and alias); an entity
	// has a few, so a scan of those already added is cheaper than a map.
	// Text that had no tokens is analysed again, from the cache.
	seen := func(text string) bool {
		for _, r := range ix.names[lo:] {
			if r.text == text {
				return true
			}
		}
		return false
	}
	add := func(text string, weak, variant bool) {
		if seen(text) || strings.TrimSpace(text) == "" {
			return
		}
		// Versions of one entity repeat its names, and lists repeat one
		// another's: analyse each distinct name once.
		akey := analysisKey{text, e.Schema}
		an, ok := ix.analysed[akey]
		if !ok {
			toks := name.Analyze(text, opts)
			an = ix.intern(akey, toks, listedRoles(text, toks, e.Schema))
		}
		if len(an.toks) == 0 {
			return
		}
		// Postings are built in bulk by Finish.
		ix.names = append(ix.names, nameRec{ver: vid, weak: weak, variant: variant, initials: initials, person: e.Schema == embargo.SchemaPerson, text: text, toks: an.toks, lt: an.lt, roles: an.roles})
	}
	// A name with a parenthesised part is also listed without it and by
	// the names an "a.k.a." in it gives (name.ParenVariants).
	addAll := func(text string, weak bool) {
		add(text, weak, false)
		for _, v := range name.ParenVariants(text) {
			add(v, weak, true)
		}
	}
	addAll(e.Name, false)
	for _, a := range e.Aliases {
		addAll(a.Name, a.Quality == embargo.QualityWeak)
	}
	ix.vers[vid].nameHi = int32(len(ix.names))
	for _, r := range ix.names[lo:] {
		ix.vers[vid].middle |= r.roles.middleKinds
	}
	for _, id := range e.Identifiers {
		if k := identifierKey(id.Value); k != "" {
			l := ix.ids[k]
			if len(l) == 0 || l[len(l)-1] != vid {
				ix.ids[k] = append(l, vid)
			}
		}
	}
}

// intern records the analysis of a distinct name.
func (ix *Index) intern(key analysisKey, toks []name.Token, roles roleMasks) analysis {
	an := analysis{toks: make([]int32, len(toks)), roles: roles, lt: int32(len(ix.ltIDs))}
	for i, t := range toks {
		an.toks[i] = ix.internToken(t)
	}
	ix.ltIDs = append(ix.ltIDs, an.toks...)
	ix.analysed[key] = an
	return an
}

// AddAll adds versions as Add does, but first analyses their new distinct
// names on every core: analysis is most of what adding costs.
func (ix *Index) AddAll(vs []*embargo.EntityVersion) {
	type job struct {
		key   analysisKey
		toks  []name.Token
		roles roleMasks
	}
	var jobs []job
	queued := map[analysisKey]bool{}
	for _, v := range vs {
		e := &v.Entity
		queue := func(text string) {
			k := analysisKey{text, e.Schema}
			if _, ok := ix.analysed[k]; ok || queued[k] || strings.TrimSpace(text) == "" {
				return
			}
			queued[k] = true
			jobs = append(jobs, job{key: k})
		}
		for _, n := range e.AllNames() {
			queue(n)
			for _, v := range name.ParenVariants(n) {
				queue(v)
			}
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				j := &jobs[i]
				j.toks = name.Analyze(j.key.text, analyzeOptionsFor(j.key.schema))
				j.roles = listedRoles(j.key.text, j.toks, j.key.schema)
			}
		})
	}
	wg.Wait()
	// Interning is serial, in the order Add would have met the names, so
	// that the index is the same as one built by Add alone.
	for _, j := range jobs {
		ix.intern(j.key, j.toks, j.roles)
	}
	for _, v := range vs {
		ix.Add(v)
	}
}

// analyzeOptionsFor recognises legal forms in every name that is not
// known to be a person's.
func analyzeOptionsFor(s embargo.Schema) name.AnalyzeOptions {
	return name.AnalyzeOptions{LegalForms: s != embargo.SchemaPerson}
}

// internToken returns the id of a token, adding it (and its fold key, with
// the fold's phonetic, equivalence and deletion entries) when new.
func (ix *Index) internToken(t name.Token) int32 {
	key := tokenKey(t)
	if id, ok := ix.tokKey[key]; ok {
		return id
	}
	id := int32(len(ix.toks))
	ix.tokKey[key] = id
	ix.toks = append(ix.toks, t)
	f := int32(-1)
	if indexed(t.Kind) {
		var ok bool
		f, ok = ix.foldID[t.Fold]
		if !ok {
			f = int32(len(ix.folds))
			ix.foldID[t.Fold] = f
			ix.folds = append(ix.folds, foldInfo{key: t.Fold, foldMask: letterMask(t.Fold)})
			if t.Equiv != "" {
				ix.equiv[t.Equiv] = append(ix.equiv[t.Equiv], f)
			}
			if name.SkeletonLen(t.Skeleton) >= minSkeletonLen {
				ix.skel[t.Skeleton] = append(ix.skel[t.Skeleton], f)
			}
			if k, ok := conventionKey(&t); ok && k != t.Fold {
				ix.conv[k] = append(ix.conv[k], f)
			}
		}
		if t.Syllable {
			k := name.SyllableKey(t.Text)
			if l := ix.syl[k]; !containsID(l, f) {
				ix.syl[k] = append(l, f)
			}
		}
		if len(t.Phonetic) >= minPhoneticLen {
			l := ix.phon[t.Phonetic]
			if !containsID(l, f) {
				ix.phon[t.Phonetic] = append(l, f)
			}
		}
	}
	ix.tokFold = append(ix.tokFold, f)
	return id
}

// tokenKey is what tells tokens apart in the index: the text, and for a
// legal form the words it came from too.
func tokenKey(t name.Token) string {
	switch {
	case t.Kind == name.KindLegal:
		return "\x00" + t.Text + "\x00" + t.Raw
	case t.Kind == name.KindWord && t.Syllable && (len(t.Text) == 1 || name.IsStopWord(t.Text)):
		// A particle or a letter that is a syllable of a Korean or
		// Chinese name there ("Il" of Kim Il Sung, the surname O): another
		// token than the same letters elsewhere.
		return "\x01" + t.Text
	}
	return t.Text
}

// indexed reports whether tokens of a kind get postings. Initials and legal
// forms do not: a letter or "LLC" alone finds nothing worth scoring.
func indexed(k name.Kind) bool {
	return k == name.KindWord || k == name.KindStop || k == name.KindNumber
}

func containsID(l []int32, id int32) bool {
	for _, x := range l {
		if x == id {
			return true
		}
	}
	return false
}

// Finish builds the postings and the deletion neighbourhoods, computes
// token weights and sorts the lookup tables. Call it once after the last
// Add (and again after any later Add) before searching. It uses two
// goroutines: the deletion index of the fold keys, the largest table, is
// built beside the rest.
func (ix *Index) Finish() {
	var wg sync.WaitGroup
	wg.Go(func() {
		ix.addFoldDeletions()
		ix.del.finish()
	})
	ix.addTextDeletions()
	ix.delText.finish()
	dfs, named := ix.buildPostings()
	ix.nNames = len(ix.names)
	n := float64(max(named, 1))
	// Inverse document frequency: ln(1 + N/df). A token in every name
	// weighs ln 2 ≈ 0.7, one in a single name of 20,000 about 10. Names
	// derived from another (ParenVariants) are not counted.
	for i := range ix.folds {
		df := float64(max(dfs[i], 1))
		ix.folds[i].w = math.Log(1 + n/df)
	}
	ix.maxW = math.Log(1 + n)
	ix.srcMax = make([]int, len(ix.srcs))
	for i := range ix.vers {
		v := &ix.vers[i]
		ix.srcMax[v.src] = max(ix.srcMax[v.src], v.from, v.to)
	}
	ix.nameLive = make([]bool, len(ix.names))
	for n := range ix.names {
		ix.nameLive[n] = ix.vers[ix.names[n].ver].to == 0
	}
	ix.tokW = make([]float64, len(ix.toks))
	for id := range ix.toks {
		w := ix.maxW
		if f := ix.tokFold[id]; f >= 0 {
			w = ix.folds[f].w
		}
		ix.tokW[id] = kindWeight(&ix.toks[id], w)
	}
	ix.lt = make([]ltok, len(ix.ltIDs))
	for k, id := range ix.ltIDs {
		ix.lt[k] = ltok{w: ix.tokW[id], id: id, fold: ix.tokFold[id]}
	}
	wg.Wait()
	ix.analysed = map[analysisKey]analysis{} // only the build needs it
	ix.cache.reset()
	ix.finished = true
}

// buildPostings fills every fold key's postings (name ids, ascending,
// unique) from the names, counting first so that all of them share one
// allocation.
//
// It returns each fold key's document frequency and the number of names,
// both without the derived names (nameRec.variant).
func (ix *Index) buildPostings() (df []int32, named int) {
	count := make([]int32, len(ix.folds)+1)
	df = make([]int32, len(ix.folds))
	last := make([]int32, len(ix.folds))
	for f := range last {
		last[f] = -1
	}
	for nid := range ix.names {
		variant := ix.names[nid].variant
		if !variant {
			named++
		}
		for _, tid := range ix.names[nid].toks {
			if f := ix.tokFold[tid]; f >= 0 && last[f] != int32(nid) {
				last[f] = int32(nid)
				count[f+1]++
				if !variant {
					df[f]++
				}
			}
		}
	}
	for f := range ix.folds {
		count[f+1] += count[f]
	}
	all := make([]int32, count[len(ix.folds)])
	for f := range ix.folds {
		last[f] = -1
		ix.folds[f].post = all[count[f]:count[f]:count[f+1]]
	}
	for nid := range ix.names {
		for _, tid := range ix.names[nid].toks {
			if f := ix.tokFold[tid]; f >= 0 && last[f] != int32(nid) {
				last[f] = int32(nid)
				ix.folds[f].post = append(ix.folds[f].post, int32(nid))
			}
		}
	}
	return df, named
}

// addFoldDeletions enters the deletion neighbourhoods of the fold keys
// added since the last Finish.
func (ix *Index) addFoldDeletions() {
	for f := ix.delFolds; f < len(ix.folds); f++ {
		forDeletions(ix.folds[f].key, func(h uint64) { ix.del.add(h, int32(f)) })
	}
	ix.delFolds = len(ix.folds)
}

// addTextDeletions enters the deletion neighbourhoods of the spellings of
// indexed tokens added since the last Finish that differ from their fold
// keys: a typo across a folded cluster ("Mrskic" for "Mrksic", where ks
// folds to x) is one edit from the spelling but not from the fold.
func (ix *Index) addTextDeletions() {
	for id := ix.delToks; id < len(ix.toks); id++ {
		if t := &ix.toks[id]; ix.tokFold[id] >= 0 && t.Text != t.Fold {
			forDeletions(t.Text, func(h uint64) { ix.delText.add(h, int32(id)) })
		}
	}
	ix.delToks = len(ix.toks)
}

// nearFolds calls fn with every listed fold key within one edit of fold
// key f and its score: what a query token spelled as a listed name
// needs. (It is found at search time and kept in the expansion cache:
// computing it for every key at Finish cost more than all the searches of
// a batch.)
func (ix *Index) nearFolds(f int32, st *searchState, fn func(g int32, s float64)) {
	fi := &ix.folds[f]
	st.nextFoldGen()
	gen := st.fgen
	st.fmark[f] = gen
	forDeletions1(fi.key, func(h uint64) {
		ix.del.lookup(h, func(g int32) {
			if st.fmark[g] == gen {
				return
			}
			st.fmark[g] = gen
			gi := &ix.folds[g]
			if bits.OnesCount32(fi.foldMask^gi.foldMask) > 2 {
				return
			}
			if s := fuzzySim(fi.key, gi.key); s >= minTokenSim {
				// Rounded as the near lists once kept it, so that bounds
				// (and the order of equal scores) stay as they were.
				fn(g, float64(float32(s)))
			}
		})
	})
}

// foldWeight returns the IDF weight of a fold key, or -1 when no indexed
// name has it.
func (ix *Index) foldWeight(fold string) float64 {
	if f, ok := ix.foldID[fold]; ok {
		return ix.folds[f].w
	}
	return -1
}

// hashIndex maps hashes to fold ids: (hash, fold id) pairs packed into one
// uint64 each (the hash's top 40 bits, the id's 24) and sorted, found
// through a directory of where each run of leading hash bits begins. Far
// smaller than a map of strings (or an open-addressing table) for the
// millions of deletion variants of a large vocabulary; hash collisions only
// add candidates, which are checked.
type hashIndex struct {
	pairs []uint64 // packed pairs, sorted by the last finish
	// added holds the pairs added since the last finish, in chunks of
	// addChunk: a large vocabulary adds millions, which one growing slice
	// would copy and zero over and over before finish sorts them into a
	// new slice anyway.
	added [][]uint64
	// dir[b] is the index of the first pair whose top bits are b (or
	// after b), for b in [0, 1<<bits]; shift is 64-bits.
	dir   []uint32
	shift uint
}

const (
	hashIDBits = 24
	hashIDMask = 1<<hashIDBits - 1
	// maxFolds is the most distinct fold keys the deletion index can tell
	// apart; keys beyond it get no deletion neighbourhood (they still
	// match exactly and by sound and equivalence).
	maxFolds = 1 << hashIDBits
	// pairsPerBucket is about how many pairs share a directory entry: a
	// lookup scans them, a few cache lines in a row.
	pairsPerBucket = 8
	// addChunk is how many added pairs a chunk holds (512 KiB).
	addChunk = 1 << 16
)

func (h *hashIndex) add(k uint64, v int32) {
	if v >= maxFolds {
		return
	}
	n := len(h.added)
	if n == 0 || len(h.added[n-1]) == addChunk {
		h.added = append(h.added, make([]uint64, 0, addChunk))
		n++
	}
	h.added[n-1] = append(h.added[n-1], k&^hashIDMask|uint64(v))
}

func (h *hashIndex) finish() {
	if len(h.added) == 0 && h.dir != nil {
		return
	}
	h.pairs = slices.Clip(slices.Compact(sortPairs(append([][]uint64{h.pairs}, h.added...))))
	h.added = nil
	bits := uint(1)
	for bits < 64-hashIDBits && 1<<bits*pairsPerBucket < len(h.pairs) {
		bits++
	}
	h.shift = 64 - bits
	h.dir = make([]uint32, 1<<bits+1)
	for _, p := range h.pairs {
		h.dir[p>>h.shift+1]++
	}
	for b := 1; b < len(h.dir); b++ {
		h.dir[b] += h.dir[b-1]
	}
}

// sortPairs returns the packed pairs of chunks, sorted, in a new slice:
// their top bits are a hash, evenly spread, so when there are many, one
// counting pass on the top 16 bits leaves buckets of a few pairs each to
// sort, several times faster than a comparison sort of the whole.
func sortPairs(chunks [][]uint64) []uint64 {
	const bucketBits = 16
	n := 0
	for _, c := range chunks {
		n += len(c)
	}
	if n < 1<<bucketBits {
		out := slices.Concat(chunks...)
		slices.Sort(out)
		return out
	}
	const shift = 64 - bucketBits
	start := make([]int32, 1<<bucketBits+1)
	for _, c := range chunks {
		for _, x := range c {
			start[x>>shift+1]++
		}
	}
	for b := 1; b < len(start); b++ {
		start[b] += start[b-1]
	}
	out := make([]uint64, n)
	next := slices.Clone(start[:1<<bucketBits])
	for _, c := range chunks {
		for _, x := range c {
			b := x >> shift
			out[next[b]] = x
			next[b]++
		}
	}
	for b := 0; b < 1<<bucketBits; b++ {
		if q := out[start[b]:start[b+1]]; len(q) > 1 {
			slices.Sort(q)
		}
	}
	return out
}

func (h *hashIndex) lookup(k uint64, fn func(int32)) {
	if len(h.dir) == 0 {
		return
	}
	b := k >> h.shift
	want := k >> hashIDBits
	for _, p := range h.pairs[h.dir[b]:h.dir[b+1]] {
		if got := p >> hashIDBits; got == want {
			fn(int32(p & hashIDMask))
		} else if got > want {
			return
		}
	}
}

// Deletion neighbourhoods: a fold key is entered under its own hash, the
// hash of each string with one letter removed and, from five letters on,
// with two removed. Two keys within the edit distance that maxEdits allows
// then share at least one entry (symmetric deletion), so a typo finds its
// listed token without a scan of the vocabulary.
const (
	minDeletionLen  = 3 // shorter keys match only exactly
	twoDeletionsLen = 5
)

// forDeletions calls fn with the hash of s and of its deletions (see
// above).
func forDeletions(s string, fn func(uint64)) {
	forDeletions1(s, fn)
	forDeletions2(s, fn)
}

// forDeletions2 calls fn with the two-letter deletions of s only.
func forDeletions2(s string, fn func(uint64)) {
	if len(s) < twoDeletionsLen || !asciiOnly(s) {
		return
	}
	for i := 0; i < len(s); i++ {
		for j := i + 1; j < len(s); j++ {
			fn(hashSkip(s, i, j))
		}
	}
}

// forDeletions1 calls fn with the hash of s and of its one-letter
// deletions.
func forDeletions1(s string, fn func(uint64)) {
	fn(hashSkip(s, -1, -1))
	if len(s) < minDeletionLen || !asciiOnly(s) {
		return
	}
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] == s[i-1] {
			continue // same string as deleting s[i-1]
		}
		fn(hashSkip(s, i, -1))
	}
}

// hashSkip is FNV-1a over s without the bytes at i and j.
func hashSkip(s string, i, j int) uint64 {
	h := uint64(14695981039346656037)
	for k := 0; k < len(s); k++ {
		if k == i || k == j {
			continue
		}
		h ^= uint64(s[k])
		h *= 1099511628211
	}
	return h
}

func asciiOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// identifierKey normalises an identifier value for exact comparison:
// letters and digits only, upper case. Values shorter than five characters
// are too likely to collide and are not used.
func identifierKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		}
	}
	if b.Len() < 5 {
		return ""
	}
	return b.String()
}
