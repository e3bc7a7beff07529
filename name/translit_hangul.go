package name

// Hangul follows the Revised Romanization of Korean (2000). Each syllable
// is romanised on its own and written as a separate token ("kim jeong
// eun"), as lists split Korean names ("Kim Jong Un"); so the sound changes
// across syllables that RR also writes are not applied.

// Syllables U+AC00–U+D7A3 are arithmetic: ((lead*21)+vowel)*28+tail.
const (
	hangulBase  = 0xAC00
	hangulCount = 11172
	hangulTails = 28
	hangulMid   = 21 * hangulTails
)

var (
	hangulLead = [19]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	hangulVow  = [21]string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	hangulTail = [28]string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
)

// hangulSurnames holds the customary spelling of the commonest Korean
// surnames, used for the first syllable of a word instead of their RR
// spelling (김 is gim in RR but Kim in practice, 이 i but Lee; 리 is the
// North Korean Ri).
var hangulSurnames = map[rune]string{
	'김': "kim", '이': "lee", '리': "ri", '박': "park", '최': "choi", '강': "kang", '조': "cho",
	'윤': "yoon", '임': "lim", '림': "lim", '노': "roh", '류': "ryu", '유': "yoo", '오': "oh",
	'신': "shin", '우': "woo", '고': "ko", '구': "koo", '권': "kwon", '곽': "kwak", '길': "kil",
	'문': "moon", '손': "son", '송': "song", '전': "jeon", '홍': "hong", '황': "hwang", '한': "han",
	'양': "yang", '백': "baek", '현': "hyun",
}

// hangulJamo romanises the conjoining jamo that do not compose into a
// syllable (a lone lead U+1100–U+1112, vowel U+1161–U+1175, or tail
// U+11A8–U+11C2).
func hangulJamo(r rune) (string, bool) {
	switch {
	case r >= 0x1100 && r <= 0x1112:
		return hangulLead[r-0x1100], true
	case r >= 0x1161 && r <= 0x1175:
		return hangulVow[r-0x1161], true
	case r >= 0x11A8 && r <= 0x11C2:
		return hangulTail[r-0x11A8+1], true
	}
	return "", false
}

// hangul transliterates one Hangul syllable or jamo.
func (t *translator) hangul(i int) int {
	r := t.rs[i]
	if r >= hangulBase && r < hangulBase+hangulCount {
		if !isHangulSyllable(t.rs, i-1) {
			if s, ok := hangulSurnames[r]; ok && isHangulSyllable(t.rs, i+1) {
				t.syllable(s)
				return 1
			}
		}
		n := r - hangulBase
		t.syllable(hangulLead[n/hangulMid] + hangulVow[n%hangulMid/hangulTails] + hangulTail[n%hangulTails])
		return 1
	}
	if s, ok := hangulJamo(r); ok {
		if s != "" {
			t.write(s)
		}
		return 1
	}
	t.other(r)
	return 1
}

func isHangulSyllable(rs []rune, i int) bool {
	return i >= 0 && i < len(rs) && rs[i] >= hangulBase && rs[i] < hangulBase+hangulCount
}
