package match_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
)

// scriptPairs are names written in their own script and the spelling the
// lists or the press give them (match), and pairs of different people
// (no match). The names are public figures'; the script forms are as
// their own media write them.
var scriptPairs = []namePair{
	{"sinh", "මහින්ද රාජපක්ෂ", "Mahinda Rajapaksa", true},
	{"sinh", "ගෝඨාභය රාජපක්ෂ", "Gotabaya Rajapaksa", true},
	{"sinh", "මහින්ද රාජපක්ෂ", "Ranil Wickremesinghe", false},
	{"laoo", "ທອງລຸນ ສີສຸລິດ", "Thongloun Sisoulith", true},
	{"laoo", "ໄກສອນ ພົມວິຫານ", "Kaysone Phomvihane", true},
	{"laoo", "ທອງລຸນ ສີສຸລິດ", "Khamtai Siphandone", false},
	{"khmr", "ហ៊ុន សែន", "Hun Sen", true},
	{"khmr", "ហ៊ុន ម៉ាណែត", "Hun Manet", true},
	{"khmr", "ហ៊ុន សែន", "Hun Manet", false},
	{"mymr", "မင်းအောင်လှိုင်", "Min Aung Hlaing", true},
	{"mymr", "အောင်ဆန်းစုကြည်", "Aung San Suu Kyi", true},
	{"mymr", "သန်းရွှေ", "Than Shwe", true},
	{"mymr", "မင်းအောင်လှိုင်", "Than Shwe", false},
	{"ethi", "ኢሳያስ አፈወርቂ", "Isaias Afwerki", true},
	{"ethi", "አብይ አህመድ", "Abiy Ahmed", true},
	{"ethi", "መለስ ዜናዊ", "Meles Zenawi", true},
	{"ethi", "አብይ አህመድ", "Isaias Afwerki", false},
	{"tibt", "བསྟན་འཛིན་རྒྱ་མཚོ", "Tenzin Gyatso", true},
	{"tibt", "བསྟན་འཛིན་རྒྱ་མཚོ", "Thubten Gyatso", false},
	{"mong", "ᠬᠦᠷᠡᠯᠰᠦᠬ", "Khurelsukh", true},
	{"mong", "ᠲᠡᠮᠦᠵᠢᠨ", "Temujin", true},
	{"mong", "ᠬᠦᠷᠡᠯᠰᠦᠬ", "Temujin", false},
	{"hans-foreign", "弗拉基米尔·普京", "Vladimir Putin", true},
	{"hans-foreign", "弗拉基米尔·普京", "Vladimir Potanin", false},
	{"hans-foreign", "普京", "Putin", true},
	{"hans-foreign", "谢尔盖·拉夫罗夫", "Sergey Lavrov", true},
	{"hans-foreign", "奥萨马·本·拉登", "Osama bin Laden", true},
	{"hans-foreign", "奥萨马·本·拉登", "Hamza bin Laden", false},
	{"kana-foreign", "セルゲイ・ラブロフ", "Sergey Lavrov", true},
	{"kana-foreign", "アフマド・シャー・マスード", "Ahmad Shah Massoud", true},
	{"kana-foreign", "ラムザン・カディロフ", "Ramzan Kadyrov", true},
	{"kana-foreign", "ラムザン・カディロフ", "Ramzan Kadirbekov", false},
	{"hang", "이승만", "Rhee Seung Man", true}, // the surname by equivalence
	{"hang", "이명박", "Yi Myong Bak", true},
	{"hang", "박정희", "Pak Jong Hui", true}, // the surname by edit distance
	{"hang", "김영철", "Gim Yeong Cheol", true},
	{"hang", "최룡해", "Choe Ryong Hae", true},
	{"hang", "이명박", "Kim Myong Bak", false},
}

func TestCompareNames_Scripts(t *testing.T) {
	checkSameName(t, embargo.SchemaUnknown, scriptPairs)
}

// TestCompareNames_UNOriginalScript compares the original-script name of
// every UN-listed individual that has one (testdata/un-original-script.tsv,
// an extract of the UN consolidated list: 326 Arabic-script and 9 Cyrillic
// names) with the Latin name the list gives. The Latin name often has
// parts the original lacks or the reverse, so not every pair reaches the
// threshold; the share that does must not fall.
func TestCompareNames_UNOriginalScript(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "un-original-script.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, found := 0, 0
	var missed []string
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 3 {
			t.Fatalf("testdata/un-original-script.tsv:%d: %d columns, want 3", line, len(cols))
		}
		n++
		if s := match.CompareNamesAs(cols[1], cols[2], embargo.SchemaPerson); s >= embargo.DefaultThreshold {
			found++
		} else {
			missed = append(missed, cols[0]+" "+cols[1]+" / "+cols[2])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	share := float64(found) / float64(n)
	t.Logf("%d of %d original-script names match their Latin form (%.1f%%)", found, n, 100*share)
	if testing.Verbose() {
		for _, m := range missed {
			t.Log("missed: " + m)
		}
	}
	if n != 335 || share < unOriginalFloor {
		t.Errorf("%d pairs, %.1f%% matched, want 335 pairs and at least %.1f%%", n, 100*share, 100*unOriginalFloor)
	}
}

// unOriginalFloor is the share of TestCompareNames_UNOriginalScript's
// pairs that must match.
const unOriginalFloor = 0.84

// TestExplanation_NamesTransliteration: a match for a query in another
// script says which reading of the query was compared.
func TestExplanation_NamesTransliteration(t *testing.T) {
	_, ix := MustSDN(t)
	for _, tc := range []struct{ query, want string }{
		{"Олег Дерипаска", "query read as Russian Cyrillic, BGN/PCGN"},
		{"최룡해", "query read as Hangul, Revised Romanization with customary surnames"},
		{"Oleg Deripaska", ""},
	} {
		ms, err := ix.Search(embargo.Query{Name: tc.query}, match.SearchOptions{Limit: 1})
		if err != nil || len(ms) == 0 {
			t.Fatalf("Search(%q) = %v, %v", tc.query, ms, err)
		}
		sum := ms[0].Explanation.Summary
		if tc.want == "" && strings.Contains(sum, "query read as") || tc.want != "" && !strings.Contains(sum, tc.want) {
			t.Errorf("Search(%q) summary %q, want %q", tc.query, sum, tc.want)
		}
	}
}
