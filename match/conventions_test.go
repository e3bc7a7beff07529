package match_test

import (
	"testing"

	"github.com/embargo-dev/embargo"
)

// conventionPairs are invented names spelled as one language's
// romanisation writes them against the English spelling (match), and the
// names that differ in a sound no convention swaps (no match).
var conventionPairs = []namePair{
	// German s for the Arabic z and the Russian з, z for ц, ch for kh.
	{"german s for z", "Karim Abd Al-Asis Al-Bassas", "AL-BAZZAZ, Karim Abd al-Aziz", true},
	{"german z for ts", "Jurij Pawlowitsch Sajzew", "Yuriy Pavlovich Zaytsev", true},
	{"german s and z", "Boris Kusnezow", "Boris Kuznetsov", true},
	{"german ch for kh", "Machmud Chaschimow", "Makhmud Khashimov", true},
	{"german s for z, another surname", "Karim Asis", "Karim Anis", false},
	{"german z for ts, another surname", "Jurij Sajzew", "Yuriy Zaykov", false},
	// Greek, Slavic and Turkish k for the hard c.
	{"k for hard c", "Markos Kontreras Kastro", "Marcos Contreras Castro", true},
	{"k for hard c, another surname", "Markos Kontreras", "Marcos Cabrera", false},
	// Greek: ντ for d, nd and nt, μπ for b, mb and mp in a foreign name.
	{"greek nt for nd", "ΡΑΜΟΝ ΦΕΡΝΑΝΤΕΖ ΛΟΝΤΟΝΟ", "Ramon Fernandez Londono", true},
	{"greek nt for nt", "ΡΑΜΟΝ ΣΑΝΤΑΚΡΟΥΖ", "Ramon Santacruz", true},
	{"greek mp for mb", "ΡΑΜΟΝ ΚΟΛΟΜΠΟ", "Ramon Colombo", true},
	{"greek nt for nt, short", "ΡΑΜΟΝ ΚΟΝΤΕ", "Ramon Conte", true},
	{"greek nt, another surname", "ΡΑΜΟΝ ΦΕΡΝΑΝΤΕΖ", "Ramon Fuentes", false},
	// Persian and Urdu read ض ذ ظ as z and ث as s (the name in Persian letters: ک, ی).
	{"persian z for dad", "رمضان کریمی", "Ramazan Karimi", true},
	{"persian z for dhal", "ذاکر کریمی", "Zakir Karimi", true},
	{"persian z, another name", "رمضان کریمی", "Ramadan Rahimi", false},
	// The article written onto the name after abd.
	{"abd and a glued article", "Abd Elrahman Salim", "Abd el-Rahman Salim", true},
	{"abd allah stays", "Abd Allah Salim", "Abd al-Lahim Salim", false},
	// Korean: RR gi and MR ki, RR jeong and MR chong; MR surname O.
	{"korean gi ki", "김기철", "KIM, Ki Chol", true},
	{"korean jeong chong and o", "오정남", "O, Chong Nam", true},
	{"korean surname o, another given name", "오정남", "O, Chang Nam", false},
}

// TestSearch_SyllableOrder: the syllables of a Korean given name in the
// other order are another given name: the name in order ranks first,
// though read from Hangul its syllables score as romanisation variants.
func TestSearch_SyllableOrder(t *testing.T) {
	ix := newTestIndex(
		listed("1", "KANG, Song Un"),
		listed("2", "KANG, Eun Song"),
	)
	MustFindFirst(t, ix, embargo.Query{Name: "강송은"}, "test:1")
	MustFindFirst(t, ix, embargo.Query{Name: "Kang Eun Song"}, "test:2")
	MustFindFirst(t, ix, embargo.Query{Name: "Kang Song Un"}, "test:1")
}

func TestCompareNames_Conventions(t *testing.T) {
	checkSameName(t, embargo.SchemaPerson, conventionPairs)
}
