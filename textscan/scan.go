package textscan

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
)

// Scanner finds listed names in text. It is safe for concurrent use; build
// one with a Builder.
type Scanner struct {
	dict      map[string]int32 // fold key -> token id
	info      []tokInfo        // per token id
	rootChild []int32          // per token id: the trie node of the one-token path, -1 if none
	nodes     []node
	edges     []edge
	refs      []patRef
	ents      []entRec
	names     []string
	maxSeq    map[string]int
	score     func(q embargo.Query, e *embargo.Entity) embargo.Match
	idAnd     int32
	patterns  int
}

type tokInfo struct{ cls uint16 }

// node is a trie node: its children are edges[firstEdge:firstEdge+nEdges],
// sorted by token id, and the patterns ending here refs[firstRef:...].
type node struct {
	firstEdge, nEdges int32
	firstRef, nRefs   int32
}

type edge struct{ tok, child int32 }

// patRef is one entity's pattern ending at a trie node.
type patRef struct {
	ent   int32
	name  int32  // index in Scanner.names: the listed name the pattern came from
	word  int32  // index in Scanner.names of how the last word must be spelled, -1: any variant
	df    uint16 // distinctive patterns: how many entities share the token
	rule  uint8
	flags uint8
}

// Entities returns the number of entities the scanner knows.
func (s *Scanner) Entities() int { return len(s.ents) }

// Patterns returns the number of name patterns the scanner searches for.
func (s *Scanner) Patterns() int { return s.patterns }

// LatestSeqs returns each source's latest snapshot seq among the versions
// the scanner was built from.
func (s *Scanner) LatestSeqs() map[string]int {
	out := make(map[string]int, len(s.maxSeq))
	for k, v := range s.maxSeq {
		out[k] = v
	}
	return out
}

// ScanOptions tune a scan.
type ScanOptions struct {
	// Seqs gives, per source, the snapshot seq to scan against; sources
	// missing from it are not scanned. Nil: every source at its latest seq.
	Seqs map[string]int
	// AsOf returns the date of a source's snapshot by seq, used to say when
	// a delisted entity left its list. Nil: delisting dates are not given.
	AsOf func(source string, seq int) time.Time
	// Threshold is the lowest score reported; negative: embargo.DefaultThreshold.
	Threshold float64
	// Pause, when set, is called every pauseEvery words of the text (a
	// few milliseconds of work at most, however dense the text is in
	// names): a caller can pace a scan there, or give way to other work.
	Pause func()
}

// pauseEvery is how many words a scan reads between calls of
// ScanOptions.Pause.
const pauseEvery = 512

// Mention is one listed entity named in the text.
type Mention struct {
	// Text is the mention as written; Start and End are its byte offsets
	// in the input (End exclusive).
	Text        string         `json:"text"`
	Start       int64          `json:"start"`
	End         int64          `json:"end"`
	EntityID    string         `json:"entity_id"`
	Source      string         `json:"source"`
	Schema      embargo.Schema `json:"schema"`
	Name        string         `json:"name"`         // the entity's primary name
	MatchedName string         `json:"matched_name"` // the listed name (primary or alias) that matched
	Score       float64        `json:"score"`
	// Listed is false when the entity was listed before the snapshot
	// scanned against but not in it; DelistedOn then gives the date of the
	// first snapshot without it (YYYY-MM-DD), when known.
	Listed     bool   `json:"listed"`
	DelistedOn string `json:"delisted_on,omitempty"`
	// Dates are the entity's published listing date and, filled by the
	// engine, the first and last snapshots that held it.
	embargo.Dates
	// Between is, for a delisted entity, the last snapshot that held it
	// and the first that did not (filled by the engine).
	Between *embargo.Interval `json:"between,omitempty"`
	// Rule is the kind of pattern that found the mention: full_name,
	// partial_name, distinctive, follow_up or identifier.
	Rule        string               `json:"rule"`
	Explanation *embargo.Explanation `json:"explanation"`
}

// Scan scans a whole text held in memory. See ScanReader.
func (s *Scanner) Scan(text []byte, opts ScanOptions) []Mention {
	out := []Mention{}
	st := s.newState(opts)
	chunks(text, func(buf []byte, base int64, from, to int) {
		st.chunk(buf, base, from, to, func(m Mention) error {
			out = append(out, m)
			return nil
		})
	})
	return out
}

// chunks splits an in-memory text into the same overlapping windows that
// ScanReader reads, without copying.
func chunks(text []byte, fn func(buf []byte, base int64, from, to int)) {
	start, from := 0, 0
	for {
		end := min(len(text), start+chunkSize+lookahead)
		if end == len(text) {
			fn(text[start:end], int64(start), from-start, end-start)
			return
		}
		cut := cutPoint(text[start:end], end-start-lookahead)
		fn(text[start:end], int64(start), from-start, cut)
		from = start + cut
		start += keepPoint(text[start:end], cut)
	}
}

// state is one scan in progress.
type state struct {
	sc        *Scanner
	seqs      map[string]int
	asOf      func(string, int) time.Time
	threshold float64
	pause     func()

	toks  []token
	aux   []string
	lower []byte
	fbuf  []byte

	base    int64 // offset of the current chunk in the input
	lastEnd int64 // end of the last mention reported
	prior   map[int32]prior
	cache   map[scoreKey]embargo.Match
	cands   [maxCands]cand
	err     error
}

// prior is the last full mention of an entity, for follow-ups.
type prior struct {
	score float64
	start int64
	toks  []int32 // token ids of the mention: a follow-up must be one of them
}

type scoreKey struct {
	ent, ver int32
	q        string
}

// partialMargin is how much more than the threshold a partial name (first
// name and surname of a longer listed name, initials) must score: a text
// gives no date of birth or country to tell namesakes apart, and partial
// names of common names ("Andres Mejia" for MEJIA ALZATE, Andres Camilo)
// are shared by many people.
// A partial name whose rarest word at most maxRareDF entities share needs
// no margin: "Simón Zerpa" for ZERPA DELGADO, Simon Alejandro.
const (
	partialMargin = 0.06
	maxRareDF     = 3
)

const (
	maxCands     = 16
	maxSpan      = 256 // bytes: the longest mention
	contextToks  = 6   // tokens either side searched for vessel/aircraft context
	maxCache     = 4096
	maxPerMatch  = 8 // entities reported for one span
	maxTokenLen  = 64
	chunkSize    = 256 << 10
	lookahead    = 4 << 10
	backContext  = 1 << 10
	maxGapLength = 48 // bytes between two tokens of one name
)

func (s *Scanner) newState(opts ScanOptions) *state {
	th := opts.Threshold
	if th < 0 {
		th = embargo.DefaultThreshold
	}
	seqs := opts.Seqs
	if seqs == nil {
		seqs = s.maxSeq
	}
	return &state{
		sc: s, seqs: seqs, asOf: opts.AsOf, threshold: th, pause: opts.Pause,
		lower: make([]byte, 0, maxTokenLen), fbuf: make([]byte, 0, 2*maxTokenLen),
		lastEnd: -1, prior: map[int32]prior{}, cache: map[scoreKey]embargo.Match{},
	}
}

// cand is a pattern match in the token stream.
type cand struct {
	node  int32
	first int
	last  int
	used  uint64 // bit k: token first+k is part of the name (not a skipped initial)
	alt   uint64 // bit k: token first+k matched in its inflected form
}

// chunk scans buf, whose first byte is at offset base in the input, and
// reports the mentions that start in buf[from:to].
func (st *state) chunk(buf []byte, base int64, from, to int, emit func(Mention) error) {
	st.base = base
	st.tokenize(buf)
	toks := st.toks
	pause := st.pause
	next := pauseEvery
	for i := 0; i < len(toks); i++ {
		if pause != nil && i >= next {
			pause()
			next = i + pauseEvery
		}
		t := &toks[i]
		if int(t.start) < from || base+int64(t.start) < st.lastEnd {
			continue
		}
		if int(t.start) >= to {
			break
		}
		if t.id < 0 && t.alt < 0 {
			continue
		}
		n := st.walk(i)
		for c := n - 1; c >= 0; c-- {
			ms := st.confirm(buf, &st.cands[c])
			if len(ms) == 0 {
				continue
			}
			for _, m := range ms {
				if st.err == nil {
					st.err = emit(m)
				}
			}
			st.lastEnd = ms[0].End
			i = st.cands[c].last
			break
		}
		if st.err != nil {
			return // the caller has enough (or failed): the rest is not read
		}
	}
}

// root returns the trie node of the one-token path of t.
func (st *state) root(t *token) (int32, bool) {
	rc := st.sc.rootChild
	if t.id >= 0 && rc[t.id] >= 0 {
		return rc[t.id], false
	}
	if t.alt >= 0 && rc[t.alt] >= 0 {
		return rc[t.alt], true
	}
	return -1, false
}

// child returns the child of nd by token id, -1 if none.
func (st *state) child(nd int32, tok int32) int32 {
	if tok < 0 {
		return -1
	}
	n := &st.sc.nodes[nd]
	es := st.sc.edges[n.firstEdge : n.firstEdge+n.nEdges]
	lo, hi := 0, len(es)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if es[m].tok < tok {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(es) && es[lo].tok == tok {
		return es[lo].child
	}
	return -1
}

// walk follows the trie from token first as far as the text allows and
// records every pattern end on the way, shortest first. A single letter
// that no pattern expects (a middle initial) is skipped, twice at most.
func (st *state) walk(first int) int {
	toks := st.toks
	nd, viaAlt := st.root(&toks[first])
	if nd < 0 {
		return 0
	}
	n := 0
	c := cand{node: nd, first: first, last: first, used: 1}
	if viaAlt {
		c.alt = 1
	}
	if st.sc.nodes[nd].nRefs > 0 {
		st.cands[n] = c
		n++
	}
	start := toks[first].start
	skips := 0
	for k := first + 1; k < len(toks) && k-first < 64; k++ {
		t := &toks[k]
		if t.flags&tHard != 0 || t.end-start > maxSpan {
			break
		}
		child := st.child(c.node, t.id)
		alt := false
		if child < 0 {
			child = st.child(c.node, t.alt)
			alt = child >= 0
		}
		if child < 0 {
			if t.flags&tInitial != 0 && skips < 2 {
				skips++
				continue
			}
			break
		}
		c.node, c.last = child, k
		c.used |= 1 << (k - first)
		if alt {
			c.alt |= 1 << (k - first)
		}
		if st.sc.nodes[child].nRefs > 0 && n < maxCands {
			st.cands[n] = c
			n++
		}
	}
	return n
}

// candidate is an entity a span may name, being confirmed.
type candidate struct {
	ref     *patRef
	ver     *embargo.EntityVersion
	listed  bool
	delSeq  int
	score   float64
	m       embargo.Match
	feats   []embargo.Feature
	follows int64
}

// confirm checks the patterns ending at c's node against the text and the
// scorer and returns the mentions to report, best first.
func (st *state) confirm(buf []byte, c *cand) []Mention {
	sc := st.sc
	nd := &sc.nodes[c.node]
	refs := sc.refs[nd.firstRef : nd.firstRef+nd.nRefs]
	var query string
	var ok []candidate
	for i := range refs {
		r := &refs[i]
		e := &sc.ents[r.ent]
		seq, in := st.seqs[e.source]
		if !in {
			continue
		}
		ver, listed, delSeq := e.at(seq)
		if ver == nil {
			continue
		}
		if r.flags&needCaps != 0 && !st.capitalised(c) {
			continue
		}
		if r.word >= 0 && (c.alt>>(c.last-c.first) != 0 || st.norm(buf, c.last, false) != sc.names[r.word]) {
			continue
		}
		if c.first == c.last && !st.isolated(buf, c) {
			continue
		}
		cd := candidate{ref: r, ver: ver, listed: listed, delSeq: delSeq}
		if r.flags&(needVessel|needAircraft) != 0 {
			word, found := st.context(buf, c, r.flags)
			if !found {
				continue
			}
			kind := "vessel"
			if r.flags&needAircraft != 0 {
				kind = "aircraft"
			}
			cd.feats = append(cd.feats, embargo.Feature{Name: "context", Result: kind, Detail: fmt.Sprintf("%q nearby", word)})
		}
		switch r.rule {
		case ruleFollowUp:
			p, seen := st.prior[r.ent]
			if !seen || !p.has(&st.toks[c.first]) {
				continue
			}
			cd.score, cd.follows = p.score, p.start
			cd.m = embargo.Match{MatchedName: sc.names[r.name], Explanation: &embargo.Explanation{NameScore: p.score,
				Summary: fmt.Sprintf("surname of %s, named in full at byte %d", ver.Entity.Name, p.start)}}
		case ruleIdentifier:
			cd.score = 1
			cd.m = embargo.Match{MatchedName: ver.Entity.Name, Explanation: &embargo.Explanation{NameScore: 0,
				Summary: fmt.Sprintf("%s is the IMO number of %s", sc.names[r.name], ver.Entity.Name)}}
		default:
			if query == "" {
				query = st.query(buf, c)
			}
			cd.m = st.scoreCached(r.ent, ver, query)
			cd.score = cd.m.Score
			if r.rule == ruleDistinctive {
				// The scorer weighs the company's generic words as missing;
				// a token this rare is evidence enough on its own.
				base := distinctiveScore(r.df)
				if base > cd.score {
					cd.score = base
				}
				cd.feats = append(cd.feats, embargo.Feature{Name: "distinctive", Result: "rare",
					Detail: fmt.Sprintf("%q is in the names of %d listed %s and is not a common English word or a place", query, r.df, plural(int(r.df), "entity", "entities"))})
			}
		}
		if cd.score < st.threshold || r.rule == rulePartial && r.df > maxRareDF && cd.score < st.threshold+partialMargin {
			continue
		}
		ok = append(ok, cd)
	}
	if len(ok) == 0 {
		return nil
	}
	sort.SliceStable(ok, func(i, j int) bool {
		if ok[i].score != ok[j].score {
			return ok[i].score > ok[j].score
		}
		return sc.ents[ok[i].ref.ent].id < sc.ents[ok[j].ref.ent].id
	})
	// One entity per source, unless several tie: which of two namesakes
	// is meant, the text alone cannot tell.
	best := map[string]float64{}
	var out []Mention
	start, end := st.toks[c.first].start, st.toks[c.last].end
	text := validText(buf[start:end])
	for _, cd := range ok {
		e := &sc.ents[cd.ref.ent]
		if b, seen := best[e.source]; seen && cd.score < b-1e-9 {
			continue
		}
		best[e.source] = cd.score
		if len(out) == maxPerMatch {
			break
		}
		m := Mention{
			Text: text, Start: st.base + int64(start), End: st.base + int64(end),
			EntityID: e.id, Source: e.source, Schema: e.schema, Name: cd.ver.Entity.Name,
			MatchedName: cd.m.MatchedName, Score: round3(cd.score), Listed: cd.listed,
			Rule: ruleNames[cd.ref.rule],
		}
		m.ListedOn, m.ListedOnPublished = embargo.ListingDate(&cd.ver.Entity)
		if !cd.listed && st.asOf != nil {
			if t := st.asOf(e.source, cd.delSeq); !t.IsZero() {
				m.DelistedOn = t.UTC().Format("2006-01-02")
			}
		}
		m.Explanation = st.explain(&m, &cd)
		out = append(out, m)
		if cd.ref.rule == ruleFull || cd.ref.rule == rulePartial {
			var ids []int32
			for k := c.first; k <= c.last; k++ {
				ids = append(ids, st.toks[k].id, st.toks[k].alt)
			}
			st.prior[cd.ref.ent] = prior{score: m.Score, start: m.Start, toks: ids}
		}
	}
	return out
}

// has reports whether t is one of the words of the prior mention.
func (p *prior) has(t *token) bool {
	for _, id := range p.toks {
		if id >= 0 && (id == t.id || id == t.alt) {
			return true
		}
	}
	return false
}

// explain combines the scorer's explanation with what the text showed.
func (st *state) explain(m *Mention, cd *candidate) *embargo.Explanation {
	ex := embargo.Explanation{}
	if cd.m.Explanation != nil {
		ex = *cd.m.Explanation
		ex.Features = append([]embargo.Feature(nil), ex.Features...)
	}
	detail := fmt.Sprintf("%q found as a %s of %q", m.Text, strings.ReplaceAll(m.Rule, "_", " "), m.MatchedName)
	if cd.ref.rule == ruleFollowUp {
		detail += fmt.Sprintf(" after its full mention at byte %d", cd.follows)
	}
	if cd.ref.flags&weakAlias != 0 {
		detail += " (a weak alias)"
	}
	ex.Features = append(ex.Features, embargo.Feature{Name: "pattern", Result: m.Rule, Detail: detail})
	ex.Features = append(ex.Features, cd.feats...)
	status := "listed"
	if !m.Listed {
		status = "delisted"
		if m.DelistedOn != "" {
			// A list seldom dates a removal: it happened after the
			// snapshot before and by the first one without the entity.
			status += " by " + m.DelistedOn
			if t := st.asOf(m.Source, cd.delSeq-1); !t.IsZero() {
				status = fmt.Sprintf("delisted between %s and %s", t.UTC().Format("2006-01-02"), m.DelistedOn)
			}
		}
	}
	ex.Summary = fmt.Sprintf("%s [%s; %s, score %.2f]", ex.Summary, m.Rule, status, m.Score)
	return &ex
}

// distinctiveScore is the score of a company found by its distinctive
// token alone: high enough to report at the default threshold when one
// entity has the token, lower as more share it.
func distinctiveScore(df uint16) float64 {
	return 0.9 - 0.04*float64(max(int(df), 1)-1)
}

func (st *state) scoreCached(ent int32, ver *embargo.EntityVersion, q string) embargo.Match {
	e := &st.sc.ents[ent]
	vi := int32(0)
	for i := range e.vers {
		if &e.vers[i] == ver {
			vi = int32(i)
		}
	}
	key := scoreKey{ent, vi, q}
	if m, ok := st.cache[key]; ok {
		return m
	}
	if len(st.cache) >= maxCache {
		clear(st.cache)
	}
	m := st.sc.score(embargo.Query{Name: q, Schema: ver.Entity.Schema}, &ver.Entity)
	st.cache[key] = m
	return m
}

// at returns the version of e to judge a mention by at snapshot seq: the
// one listed then, or else the last one listed before (with the seq of the
// first snapshot without it). Nil when e was first listed after seq.
func (e *entRec) at(seq int) (*embargo.EntityVersion, bool, int) {
	var last *embargo.EntityVersion
	for i := range e.vers {
		v := &e.vers[i]
		if v.ValidAt(seq) {
			return v, true, 0
		}
		if v.ToSeq != 0 && v.ToSeq <= seq {
			last = v
		}
	}
	if last != nil {
		return last, false, last.ToSeq
	}
	return nil, false, 0
}

// capitalised reports whether every name word of c starts with a capital
// letter (or is written in a script without case).
func (st *state) capitalised(c *cand) bool {
	for k := c.first; k <= c.last; k++ {
		t := &st.toks[k]
		if c.used&(1<<(k-c.first)) == 0 || t.flags&tUpper != 0 {
			continue
		}
		if t.id >= 0 && st.sc.info[t.id].cls&clsStop != 0 || t.flags&tDigits != 0 {
			continue
		}
		return false
	}
	return true
}

// isolated reports whether the one-word mention c stands apart from other
// capitalised words: "Hansen" in "Peter Hansen" or "Tamás" in "Tamás Nagy"
// is a part of someone's name, not the company HANSEN or TAMAS. Next to it
// may stand common words ("Rusal Shares Jump"), generic and legal words
// ("Rusal Plc"), titles ("Mr. Deripaska"), places and acronyms ("UC Rusal").
func (st *state) isolated(buf []byte, c *cand) bool {
	near := func(k int, gapFrom, gapTo int32) bool {
		t := &st.toks[k]
		if t.flags&(tUpper|tDigits|tAmp) != tUpper {
			return false
		}
		gap := buf[gapFrom:gapTo]
		if t.flags&tInitial != 0 {
			// "C. V. Raman": an initial with its full stop.
			return k < c.first && len(gap) >= 2 && gap[0] == '.' && gap[1] == ' '
		}
		for _, b := range gap {
			if b != ' ' && b != '\n' && b != '\r' {
				return false
			}
		}
		if t.id >= 0 && st.sc.info[t.id].cls&(clsCommon|clsGeneric|clsAbbrev|clsPlace|clsStop) != 0 {
			return false
		}
		// An acronym: at most four letters, all capitals.
		if w := buf[t.start:t.end]; len(w) <= 4 {
			caps := true
			for _, b := range w {
				caps = caps && b >= 'A' && b <= 'Z'
			}
			if caps {
				return false
			}
		}
		return true
	}
	first, last := &st.toks[c.first], &st.toks[c.last]
	if c.first > 0 && first.flags&tHard == 0 && near(c.first-1, st.toks[c.first-1].end, first.start) {
		return false
	}
	if n := c.last + 1; n < len(st.toks) && st.toks[n].flags&tHard == 0 && near(n, last.end, st.toks[n].start) {
		return false
	}
	return true
}

// context looks for a vessel or aircraft word near c, within the same
// sentence or the next, and returns it.
func (st *state) context(buf []byte, c *cand, flags uint8) (string, bool) {
	want := clsVesselCtx
	if flags&needAircraft != 0 {
		want = clsAircraftCtx
	}
	toks := st.toks
	check := func(k int) (string, bool) {
		t := &toks[k]
		if t.id >= 0 && st.sc.info[t.id].cls&want != 0 {
			return validText(buf[t.start:t.end]), true
		}
		// "M/V", "M/T": two one-letter tokens.
		if want == clsVesselCtx && k+1 < len(toks) && t.flags&tInitial != 0 && toks[k+1].flags&tInitial != 0 &&
			toks[k+1].start-t.end == 1 && buf[t.end] == '/' && (buf[t.start]|0x20) == 'm' {
			if x := buf[toks[k+1].start] | 0x20; x == 'v' || x == 't' {
				return validText(buf[t.start:toks[k+1].end]), true
			}
		}
		return "", false
	}
	for k := c.first - 1; k >= 0 && k >= c.first-contextToks; k-- {
		if w, ok := check(k); ok {
			return w, true
		}
	}
	for k := c.last + 1; k < len(toks) && k <= c.last+contextToks; k++ {
		if w, ok := check(k); ok {
			return w, true
		}
	}
	return "", false
}

// query is the text of c as the scorer sees it: its name tokens
// normalised, skipped initials left out, inflections removed.
func (st *state) query(buf []byte, c *cand) string {
	var b strings.Builder
	for k := c.first; k <= c.last; k++ {
		bit := uint64(1) << (k - c.first)
		if c.used&bit == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(st.norm(buf, k, c.alt&bit != 0))
	}
	return b.String()
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
