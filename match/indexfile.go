package match

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/maphash"
	"reflect"
	"runtime"
	"sync"
	"unsafe"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/name"
)

// An index is written whole, with the versions it holds, so that a
// process can load one built by another instead of analysing every name
// again (see engine's index cache). The bytes are meant for the same
// build of the program only: tables of plain values (numbers, flags, the
// scorer's role masks) are written as their memory, which another build
// may lay out otherwise; whoever stores them must key them by the build
// (the engine keys them by the executable's build id). Everything with
// pointers or strings goes through encoding/gob, which writes every
// exported field by construction.

// An encoded index is a run of sections, each a length (8 bytes, little
// endian) and its bytes, padded to 8 bytes: first indexMeta (gob), then
// the plain tables (rawTables, as their memory, which the decoded index
// uses in place), then the versions in chunks of versionChunk (gob each,
// so that they decode on every core).
const indexMagic = "embargo index 1\x00"

// indexMeta is what of an index has strings, maps or a few numbers.
type indexMeta struct {
	Srcs                   []string
	SrcMax                 []int
	NameText               []string
	Toks                   []name.Token
	FoldKeys               []string
	Phon                   map[string][]int32
	Equiv                  map[string][]int32
	Skel                   map[string][]int32
	Conv                   map[string][]int32
	Syl                    map[string][]int32
	IDs                    map[string][]int32
	DelShift, DelTextShift uint
	DelFolds, DelToks      int
	NNames                 int
	MaxW                   float64
}

// verFile is a verInfo without its version, which is written apart.
type verFile struct {
	src            int32
	from, to       int
	nameLo, nameHi int32
	middle         uint8
}

// nameFile is a nameRec without its strings and slices: its tokens are
// ltIDs[lt:lt+ntoks], its text is written apart.
type nameFile struct {
	ver, lt, ntoks                  int32
	weak, variant, initials, person bool
	roles                           roleMasks
}

// rawTables are the plain tables of an index, in the order written.
type rawTables struct {
	vers                []verFile
	names               []nameFile
	nameLive            []bool
	ltIDs               []int32
	lt                  []ltok
	tokFold             []int32
	tokW                []float64
	foldEnd, foldPost   []int32 // fold f's postings end at foldPost[foldEnd[f]]
	foldW               []float64
	foldMask            []uint32
	delPairs, textPairs []uint64
	delDir, textDir     []uint32
}

// sections returns the tables' memory, in order.
func (t *rawTables) sections() [][]byte {
	return [][]byte{rawOf(t.vers), rawOf(t.names), rawOf(t.nameLive), rawOf(t.ltIDs), rawOf(t.lt), rawOf(t.tokFold), rawOf(t.tokW),
		rawOf(t.foldEnd), rawOf(t.foldPost), rawOf(t.foldW), rawOf(t.foldMask), rawOf(t.delPairs), rawOf(t.textPairs), rawOf(t.delDir), rawOf(t.textDir)}
}

// load sets the tables to the memory of secs, in the order of sections.
func (t *rawTables) load(secs [][]byte) error {
	if len(secs) != 15 {
		return fmt.Errorf("%d tables, want 15", len(secs))
	}
	return errors.Join(view(&t.vers, secs[0]), view(&t.names, secs[1]), view(&t.nameLive, secs[2]), view(&t.ltIDs, secs[3]),
		view(&t.lt, secs[4]), view(&t.tokFold, secs[5]), view(&t.tokW, secs[6]), view(&t.foldEnd, secs[7]), view(&t.foldPost, secs[8]),
		view(&t.foldW, secs[9]), view(&t.foldMask, secs[10]), view(&t.delPairs, secs[11]), view(&t.textPairs, secs[12]),
		view(&t.delDir, secs[13]), view(&t.textDir, secs[14]))
}

// versionChunk is how many versions one gob chunk holds.
const versionChunk = 1024

// MarshalBinary encodes a finished index and the versions it holds, for
// UnmarshalIndex in a process of the same build (see above).
func (ix *Index) MarshalBinary() ([]byte, error) {
	if !ix.finished {
		return nil, errors.New("match: MarshalBinary of an index not finished")
	}
	m := indexMeta{
		Srcs: ix.srcs, SrcMax: ix.srcMax, Toks: ix.toks, Phon: ix.phon, Equiv: ix.equiv, Skel: ix.skel, Conv: ix.conv, Syl: ix.syl, IDs: ix.ids,
		DelShift: ix.del.shift, DelTextShift: ix.delText.shift,
		DelFolds: ix.delFolds, DelToks: ix.delToks, NNames: ix.nNames, MaxW: ix.maxW,
	}
	t := rawTables{nameLive: ix.nameLive, ltIDs: ix.ltIDs, lt: ix.lt, tokFold: ix.tokFold, tokW: ix.tokW,
		delPairs: ix.del.pairs, textPairs: ix.delText.pairs, delDir: ix.del.dir, textDir: ix.delText.dir}
	t.vers = make([]verFile, len(ix.vers))
	for i, v := range ix.vers {
		t.vers[i] = verFile{src: v.src, from: v.from, to: v.to, nameLo: v.nameLo, nameHi: v.nameHi, middle: v.middle}
	}
	t.names = make([]nameFile, len(ix.names))
	m.NameText = make([]string, len(ix.names))
	for i, r := range ix.names {
		t.names[i] = nameFile{ver: r.ver, lt: r.lt, ntoks: int32(len(r.toks)), weak: r.weak, variant: r.variant, initials: r.initials, person: r.person, roles: r.roles}
		m.NameText[i] = r.text
	}
	m.FoldKeys = make([]string, len(ix.folds))
	t.foldEnd, t.foldW, t.foldMask = make([]int32, len(ix.folds)), make([]float64, len(ix.folds)), make([]uint32, len(ix.folds))
	for i, fi := range ix.folds {
		m.FoldKeys[i], t.foldW[i], t.foldMask[i] = fi.key, fi.w, fi.foldMask
		t.foldPost = append(t.foldPost, fi.post...)
		t.foldEnd[i] = int32(len(t.foldPost))
	}
	var meta bytes.Buffer
	if err := gob.NewEncoder(&meta).Encode(&m); err != nil {
		return nil, fmt.Errorf("match: encode index: %w", err)
	}
	secs := append([][]byte{meta.Bytes()}, t.sections()...)
	for lo := 0; lo < len(ix.vers); lo += versionChunk {
		chunk := make([]*embargo.EntityVersion, 0, versionChunk)
		for _, v := range ix.vers[lo:min(lo+versionChunk, len(ix.vers))] {
			chunk = append(chunk, v.v)
		}
		var b bytes.Buffer
		if err := gob.NewEncoder(&b).Encode(chunk); err != nil {
			return nil, fmt.Errorf("match: encode versions: %w", err)
		}
		secs = append(secs, b.Bytes())
	}
	n := len(indexMagic) + 8
	for _, s := range secs {
		n += 8 + pad8(len(s))
	}
	out := make([]byte, 0, n)
	out = append(out, indexMagic...)
	out = binary.LittleEndian.AppendUint64(out, uint64(len(secs)))
	for _, s := range secs {
		out = binary.LittleEndian.AppendUint64(out, uint64(len(s)))
		out = append(out, s...)
		out = append(out, make([]byte, pad8(len(s))-len(s))...)
	}
	return out, nil
}

func pad8(n int) int { return (n + 7) &^ 7 }

// splitSections returns the sections of an encoded index, in place.
func splitSections(data []byte) ([][]byte, error) {
	if len(data) < len(indexMagic)+8 || string(data[:len(indexMagic)]) != indexMagic {
		return nil, errors.New("not an encoded index")
	}
	data = data[len(indexMagic):]
	n := binary.LittleEndian.Uint64(data)
	data = data[8:]
	if n > uint64(len(data)/8) {
		return nil, errors.New("truncated")
	}
	secs := make([][]byte, 0, n)
	for range n {
		if len(data) < 8 {
			return nil, errors.New("truncated")
		}
		l := binary.LittleEndian.Uint64(data)
		data = data[8:]
		if l > uint64(len(data)) || uint64(pad8(int(l))) > uint64(len(data)) {
			return nil, errors.New("truncated")
		}
		secs = append(secs, data[:l:l])
		data = data[pad8(int(l)):]
	}
	if len(data) != 0 {
		return nil, errors.New("bytes after the last section")
	}
	return secs, nil
}

// UnmarshalIndex decodes an index that MarshalBinary encoded in a process
// of the same build. The index answers searches as the one encoded did.
// Its tables are data's memory: data must not change afterwards.
func UnmarshalIndex(data []byte) (*Index, error) {
	secs, err := splitSections(data)
	if err == nil && len(secs) < 16 {
		err = fmt.Errorf("%d sections, want at least 16", len(secs))
	}
	if err != nil {
		return nil, fmt.Errorf("match: decode index: %w", err)
	}
	// The versions decode on every core while the tables are put back.
	vsecs := secs[16:]
	chunks := make([][]embargo.EntityVersion, len(vsecs))
	errs := make([]error, len(vsecs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, b := range vsecs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = gob.NewDecoder(bytes.NewReader(b)).Decode(&chunks[i])
		})
	}
	ix, err := decodeTables(secs[0], secs[1:16])
	wg.Wait()
	if err == nil {
		err = errors.Join(errs...)
	}
	if err != nil {
		return nil, fmt.Errorf("match: decode index: %w", err)
	}
	k := 0
	for _, c := range chunks {
		for i := range c {
			if k == len(ix.vers) {
				return nil, errors.New("match: decode index: more versions than the index holds")
			}
			ix.vers[k].v = &c[i]
			k++
		}
	}
	if k != len(ix.vers) {
		return nil, fmt.Errorf("match: decode index: %d versions, the index holds %d", k, len(ix.vers))
	}
	return ix, nil
}

// decodeTables puts an index back from its meta and plain tables, without
// its versions.
func decodeTables(meta []byte, tables [][]byte) (*Index, error) {
	var m indexMeta
	if err := gob.NewDecoder(bytes.NewReader(meta)).Decode(&m); err != nil {
		return nil, err
	}
	var t rawTables
	if err := t.load(tables); err != nil {
		return nil, err
	}
	ix := &Index{
		srcIdx: make(map[string]int32, len(m.Srcs)), srcs: m.Srcs, srcMax: m.SrcMax,
		nameLive: t.nameLive, ltIDs: t.ltIDs, lt: t.lt,
		toks: m.Toks, tokKey: make(map[string]int32, len(m.Toks)), tokFold: t.tokFold, tokW: t.tokW,
		foldID: make(map[string]int32, len(m.FoldKeys)),
		phon:   orEmpty(m.Phon), equiv: orEmpty(m.Equiv), skel: orEmpty(m.Skel), ids: orEmpty(m.IDs),
		conv: orEmpty(m.Conv), syl: orEmpty(m.Syl),
		del:      hashIndex{pairs: t.delPairs, dir: t.delDir, shift: m.DelShift},
		delText:  hashIndex{pairs: t.textPairs, dir: t.textDir, shift: m.DelTextShift},
		analysed: map[analysisKey]analysis{},
		delFolds: m.DelFolds, delToks: m.DelToks, nNames: m.NNames, maxW: m.MaxW,
		finished: true,
	}
	ix.cache.seed = maphash.MakeSeed()
	nf := len(m.FoldKeys)
	if len(t.names) != len(m.NameText) || len(t.foldEnd) != nf || len(t.foldW) != nf || len(t.foldMask) != nf ||
		len(ix.tokFold) != len(ix.toks) || len(ix.tokW) != len(ix.toks) || len(ix.nameLive) != len(t.names) || len(ix.lt) != len(ix.ltIDs) {
		return nil, errors.New("tables of different lengths")
	}
	for i, s := range ix.srcs {
		ix.srcIdx[s] = int32(i)
	}
	ix.vers = make([]verInfo, len(t.vers))
	for i, v := range t.vers {
		ix.vers[i] = verInfo{src: v.src, from: v.from, to: v.to, nameLo: v.nameLo, nameHi: v.nameHi, middle: v.middle}
	}
	ix.names = make([]nameRec, len(t.names))
	for i, r := range t.names {
		if r.lt < 0 || r.ntoks < 0 || int(r.lt)+int(r.ntoks) > len(ix.ltIDs) {
			return nil, errors.New("a name's tokens lie outside the table")
		}
		toks := ix.ltIDs[r.lt : r.lt+r.ntoks : r.lt+r.ntoks]
		ix.names[i] = nameRec{ver: r.ver, toks: toks, lt: r.lt, weak: r.weak, variant: r.variant, initials: r.initials, person: r.person, roles: r.roles, text: m.NameText[i]}
	}
	for id, tok := range ix.toks {
		ix.tokKey[tokenKey(tok)] = int32(id)
	}
	ix.folds = make([]foldInfo, nf)
	start := int32(0)
	for i, k := range m.FoldKeys {
		end := t.foldEnd[i]
		if end < start || int(end) > len(t.foldPost) {
			return nil, errors.New("postings outside their table")
		}
		ix.folds[i] = foldInfo{key: k, post: t.foldPost[start:end:end], w: t.foldW[i], foldMask: t.foldMask[i]}
		ix.foldID[k] = int32(i)
		start = end
	}
	return ix, nil
}

// Version returns the i-th version of the index, 0 <= i < Len(), in the
// order they were added.
func (ix *Index) Version(i int) *embargo.EntityVersion { return ix.vers[i].v }

func orEmpty(m map[string][]int32) map[string][]int32 {
	if m == nil {
		return map[string][]int32{}
	}
	return m
}

// rawOf returns the memory of a slice of plain values.
func rawOf[T any](s []T) []byte {
	mustBePlain(reflect.TypeFor[T]())
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(s[0])))
}

// view sets *dst to the values whose memory b holds: b itself when it is
// aligned for them, else a copy. b must not change afterwards.
func view[T any](dst *[]T, b []byte) error {
	typ := reflect.TypeFor[T]()
	mustBePlain(typ)
	size := int(typ.Size())
	if len(b)%size != 0 {
		return fmt.Errorf("a table of %v of %d bytes", typ, len(b))
	}
	if len(b) == 0 {
		*dst = nil
		return nil
	}
	if uintptr(unsafe.Pointer(unsafe.SliceData(b)))%uintptr(typ.Align()) != 0 {
		b = bytes.Clone(b) // a new allocation is aligned for any plain type
	}
	*dst = unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/size)
	return nil
}

// mustBePlain panics unless t holds no pointers, strings, slices, maps or
// the like: only such values may be written as their memory.
func mustBePlain(t reflect.Type) {
	if !plain(t) {
		panic(fmt.Sprintf("match: %v is not plain data", t))
	}
}

func plain(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	case reflect.Array:
		return plain(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if !plain(t.Field(i).Type) {
				return false
			}
		}
		return true
	}
	return false
}
