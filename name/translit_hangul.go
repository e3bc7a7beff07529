package name

import "strings"

// Hangul follows the Revised Romanization of Korean (2000), each syllable
// romanised on its own, without the sound changes across syllables that RR
// also writes. A Korean name has each syllable written as a separate token
// ("kim jeong eun"), as lists split Korean names ("Kim Jong Un"); a word
// that is not a Korean name (a foreign name in Hangul: 데리파스카
// "deripaseuka") is written as one token. A word counts as a Korean name
// when it has two or three syllables and starts with a common surname
// (koreanSurnames), or has one or two and follows a lone surname (김 정은).

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
	'양': "yang", '백': "baek", '현': "hyun", '량': "ryang",
}

// koreanSurnames are the commonest Korean surnames, which tell a Korean
// name from a foreign name in Hangul. Syllables that often begin a
// foreign name's transcription (마 ma, 하 ha, 로 ro, 도 do, 사 sa) are left
// out, though they are surnames too.
var koreanSurnames = func() map[rune]bool {
	m := map[rune]bool{}
	for _, r := range "김이리박최정강조윤장임림한오서신권황안송류유전홍고문양량손배백허남심곽성차주우구민진지엄채원천방공현함" {
		m[r] = true
	}
	return m
}()

// hangulRun returns the start and end of the run of Hangul syllables that
// holds rs[i].
func hangulRun(rs []rune, i int) (int, int) {
	s, e := i, i+1
	for isHangulSyllable(rs, s-1) {
		s--
	}
	for isHangulSyllable(rs, e) {
		e++
	}
	return s, e
}

// koreanWord reports whether the Hangul word rs[s:e] is (part of) a
// Korean name, whose syllables are written apart.
func koreanWord(rs []rune, s, e int) bool {
	n := e - s
	if n >= 2 && n <= 3 && koreanSurnames[rs[s]] {
		return true
	}
	if n == 3 && !foreignHangul(rs[s:e]) && (koreanSurnames[rs[s+1]] || koreanSurnames[rs[s+2]] && rs[s+2] != '리' && rs[s+2] != '이' || hangulSurnames[rs[s]] != "") {
		// Written glued with the surname elsewhere than first ("동호김"
		// for Kim Tong Ho, "일리재" for Ri Jae Il): three syllables, one
		// a common surname, none a sign of a foreign name. A last 리 or
		// 이 is more often the end of a foreign name (발레리 Valeri).
		return true
	}
	if n > 2 {
		return false
	}
	// After a lone surname: "김 정은".
	p := s - 1
	for p >= 0 && !isHangulSyllable(rs, p) && !isLetterAt(rs, p) {
		p--
	}
	if p < 0 || !isHangulSyllable(rs, p) {
		return false
	}
	ps, pe := hangulRun(rs, p)
	return pe-ps == 1 && koreanSurnames[rs[ps]]
}

// foreignHangul reports whether a run of Hangul syllables has a sign of
// a foreign name written in Hangul, which Korean names do not have: a
// syllable of the vowel eu without a final consonant (the 르, 스, 트 of
// 세르게이, 블라디미르, 드미트리: consonants without a vowel), or a last
// syllable that is a bare vowel (the 아 of 마리아 Maria, 시리아 Syria;
// the 이 of 세르게이 Sergei).
func foreignHangul(rs []rune) bool {
	for i, r := range rs {
		n := r - hangulBase
		if n < 0 || n >= hangulCount {
			return true
		}
		lead, vow, tail := n/hangulMid, n%hangulMid/hangulTails, n%hangulTails
		if vow == 18 && tail == 0 { // ㅡ, no final consonant
			return true
		}
		if i == len(rs)-1 && lead == 11 && tail == 0 { // ㅇ: no consonant
			return true
		}
	}
	return false
}

// beforeKoreanWord reports whether the first word from rs[i] on, past
// spaces, is a Korean name's given name ("김 정은").
func beforeKoreanWord(rs []rune, i int) bool {
	for i < len(rs) && rs[i] == ' ' {
		i++
	}
	if !isHangulSyllable(rs, i) {
		return false
	}
	s, e := hangulRun(rs, i)
	return koreanWord(rs, s, e)
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
		s, e := hangulRun(t.rs, i)
		if e-s > 1 && !koreanWord(t.rs, s, e) {
			// A foreign name: one token of all the syllables.
			var b strings.Builder
			for k := s; k < e; k++ {
				b.WriteString(hangulRR(t.rs[k]))
			}
			t.syllable(b.String())
			return e - i
		}
		if !isHangulSyllable(t.rs, i-1) {
			if s, ok := hangulSurnames[r]; ok && (isHangulSyllable(t.rs, i+1) || beforeKoreanWord(t.rs, i+1)) {
				t.syllable(s)
				return 1
			}
		}
		if e-s == 3 && i == e-1 && koreanSurnames[r] && !koreanSurnames[t.rs[s]] {
			// A surname written last ("동호김"): its customary spelling.
			if s, ok := hangulSurnames[r]; ok {
				t.syllable(s)
				return 1
			}
		}
		t.syllable(hangulRR(r))
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

// hangulRR returns the Revised Romanization of one syllable.
func hangulRR(r rune) string {
	n := r - hangulBase
	return hangulLead[n/hangulMid] + hangulVow[n%hangulMid/hangulTails] + hangulTail[n%hangulTails]
}

func isHangulSyllable(rs []rune, i int) bool {
	return i >= 0 && i < len(rs) && rs[i] >= hangulBase && rs[i] < hangulBase+hangulCount
}
