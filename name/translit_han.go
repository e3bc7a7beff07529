package name

//go:generate go run translit_gen.go -o translit_han_table.go

import (
	"sort"
	"strings"
	"sync"
)

// Han characters become Hanyu Pinyin without tones, one syllable per
// character, syllables separated by spaces (习近平 → xi jin ping), with ü
// written u. The readings are Unihan's kMandarin (see translit_gen.go);
// characters outside its common-use sets are kept as they are. Japanese
// kanji and Korean hanja are read in Mandarin too: no table of Japanese
// name readings is attempted.

// hanSurnames gives the reading a character has as a surname where it
// differs from its common reading (曾 is céng as a word, Zēng as a name).
// It applies to the first character of a run of Han characters, which is
// where a Chinese name puts the surname.
var hanSurnames = map[rune]string{
	'曾': "zeng", '单': "shan", '單': "shan", '解': "xie", '仇': "qiu", '区': "ou", '區': "ou",
	'朴': "piao", '查': "zha", '覃': "qin", '盖': "ge", '蓋': "ge", '乐': "yue", '樂': "yue",
	'尉': "yu", '秘': "bi", '缪': "miao", '繆': "miao", '种': "chong", '種': "chong", '召': "shao",
	'翟': "zhai", '折': "she", '员': "yun", '員': "yun", '洗': "xian", '句': "gou", '隗': "wei",
	'长': "chang", '長': "chang", '重': "chong", '宿': "su", '柏': "bai", '薄': "bo", '贲': "ben",
	'賁': "ben", '祭': "zhai", '乜': "nie", '万': "wan", '萬': "wan", '石': "shi", '都': "du",
}

// hanIndex is hanPinyin parsed for lookup: entries sorted by rune, each
// rune<<10 | index into hanSyllables.
var hanIndex struct {
	once      sync.Once
	entries   []uint32
	syllables []string
}

func loadHan() {
	lines := strings.Split(strings.TrimSuffix(hanPinyin, "\n"), "\n")
	hanIndex.syllables = make([]string, len(lines))
	for i, line := range lines {
		syl, chars, _ := strings.Cut(line, " ")
		hanIndex.syllables[i] = syl
		for _, r := range chars {
			hanIndex.entries = append(hanIndex.entries, uint32(r)<<10|uint32(i))
		}
	}
	sort.Slice(hanIndex.entries, func(i, j int) bool { return hanIndex.entries[i] < hanIndex.entries[j] })
}

// hanPinyinOf returns the toneless pinyin of a Han character, "" if the
// table does not have it.
func hanPinyinOf(r rune) string {
	hanIndex.once.Do(loadHan)
	e := hanIndex.entries
	k := sort.Search(len(e), func(i int) bool { return e[i]>>10 >= uint32(r) })
	if k < len(e) && rune(e[k]>>10) == r {
		return hanIndex.syllables[e[k]&0x3FF]
	}
	return ""
}

func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF || r >= 0x20000 && r <= 0x323AF ||
		r >= 0xF900 && r <= 0xFAFF || r == 0x3005 || r == 0x3007
}

// han transliterates one Han character.
func (t *translator) han(i int) int {
	rs := t.rs
	r := rs[i]
	var s string
	switch {
	case r == 0x3005: // 々 repeats the character before (佐々木)
		if i > 0 && isHan(rs[i-1]) && rs[i-1] != 0x3005 {
			s = hanPinyinOf(rs[i-1])
		}
	case r == 0x3007: // 〇
		s = "ling"
	case i == 0 || !isHan(rs[i-1]):
		if sur, ok := hanSurnames[r]; ok {
			s = sur
			break
		}
		fallthrough
	default:
		s = hanPinyinOf(r)
	}
	if s == "" {
		if r != 0x3005 {
			t.syllable(string(r))
		}
		return 1
	}
	t.syllable(s)
	return 1
}
