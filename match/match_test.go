package match_test

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
)

// MustSearch searches and fails the test on error.
func MustSearch(tb testing.TB, ix *match.Index, q embargo.Query, opts match.SearchOptions) []embargo.Match {
	tb.Helper()
	ms, err := ix.Search(q, opts)
	if err != nil {
		tb.Fatalf("Search(%q): %v", q.Name, err)
	}
	return ms
}

// MustFindFirst searches with the default threshold and checks that the
// entity id is the best match.
func MustFindFirst(tb testing.TB, ix *match.Index, q embargo.Query, id string) embargo.Match {
	tb.Helper()
	ms := MustSearch(tb, ix, q, match.SearchOptions{Threshold: -1})
	if len(ms) == 0 {
		tb.Fatalf("Search(%q): no match, want %s first", q.Name, id)
	}
	if ms[0].EntityID != id {
		tb.Fatalf("Search(%q): first %s %q (%.3f), want %s", q.Name, ms[0].EntityID, ms[0].MatchedName, ms[0].Score, id)
	}
	return ms[0]
}

// findCase is a query and the entity id it must find first.
type findCase struct{ name, query, id string }

// checkFindFirst runs each case as a subtest: its query, of the schema
// given ("" for any), must find the case's entity first.
func checkFindFirst(t *testing.T, ix *match.Index, schema embargo.Schema, cases []findCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			MustFindFirst(t, ix, embargo.Query{Name: tc.query, Schema: schema}, tc.id)
		})
	}
}

func TestSearch_SDN(t *testing.T) {
	_, ix := MustSDN(t)
	checkFindFirst(t, ix, "", []findCase{
		{"ukrainian respelling", "Andriy Derkach", "ofac-sdn:29366"},
		{"ukrainian official romanisation", "Andrii Derkach", "ofac-sdn:29366"},
		{"russian romanisation", "Andrey Derkach", "ofac-sdn:29366"},
		{"given name first", "Oleg Deripaska", "ofac-sdn:24283"},
		{"cyrillic", "Олег Дерипаска", "ofac-sdn:24283"},
		{"initials", "O. V. Deripaska", "ofac-sdn:24283"},
		{"surname first with comma", "DERIPASKA, Oleg", "ofac-sdn:24283"},
		{"typo", "Oleg Deripaksa", "ofac-sdn:24283"},
		{"arabic al- prefix and equivalent", "Saif al-Islam Gaddafi", "ofac-sdn:12608"},
		{"legal form company limited", "ANGLO-CARIBBEAN Company Limited", "ofac-sdn:173"},
	})
}

// TestSearch_Scripts screens real listed names written in other scripts.
func TestSearch_Scripts(t *testing.T) {
	_, ix := MustSDN(t)
	checkFindFirst(t, ix, embargo.SchemaPerson, []findCase{
		{"russian cyrillic", "Олег Владимирович Дерипаска", "ofac-sdn:24283"},
		{"ukrainian cyrillic", "Андрій Деркач", "ofac-sdn:29366"},
		{"greek", "Όλεγκ Ντεριπάσκα", "ofac-sdn:24283"},
		{"greek patronymic", "Βίκτορ Γιανουκόβιτς", "ofac-sdn:16641"},
		{"hebrew", "אולג דריפסקה", "ofac-sdn:24283"},
		{"arabic", "صدام حسين", "ofac-sdn:7843"},
		{"arabic with article", "سيف الإسلام القذافي", "ofac-sdn:12608"},
		{"persian name in arabic script", "محمد جواد ظريف", "ofac-sdn:26950"},
		{"russian cyrillic of a persian name", "Мухаммад Джавад Зариф", "ofac-sdn:26950"},
		{"cyrillic of an arabic name", "Саддам Хусейн", "ofac-sdn:7843"},
		{"chinese", "李方伟", "ofac-sdn:11447"},
		{"chinese traditional", "李方偉", "ofac-sdn:11447"},
		{"chinese of another name", "陈明福", "ofac-sdn:19250"},
		{"korean", "최룡해", "ofac-sdn:23213"},
		{"korean of a leader", "김정은", "ofac-sdn:20157"},
		{"belarusian cyrillic", "Алег Дзерыпаска", "ofac-sdn:24283"},
		{"ukrainian cyrillic of a russian name", "Олег Деріпаска", "ofac-sdn:24283"},
	})
}

// TestSearch_ExactScoresOne checks that every listed name, searched as
// written, finds its entity with a score of exactly 1.
func TestSearch_ExactScoresOne(t *testing.T) {
	ents, ix := MustSDN(t)
	for i := 0; i < len(ents); i += 37 {
		e := &ents[i]
		ms := MustSearch(t, ix, embargo.Query{Name: e.Name}, match.SearchOptions{Threshold: 0.99, Limit: 50})
		found := false
		for _, m := range ms {
			if m.EntityID == e.ID {
				found = true
				if m.Score != 1 {
					t.Errorf("Search(%q): %s score %v, want 1", e.Name, e.ID, m.Score)
				}
			}
		}
		if !found {
			t.Errorf("Search(%q): %s not found with score 1", e.Name, e.ID)
		}
	}
}

func TestSearch_Invalid(t *testing.T) {
	ix := match.NewIndex()
	ix.Finish()
	for _, tc := range []struct {
		name, query string
	}{
		{"empty", ""},
		{"spaces only", "   "},
		{"too long", strings.Repeat("a", embargo.MaxQueryLen+1)},
		{"invalid UTF-8", "Oleg \xff"},
		{"control characters only", "\x00\x01\t"},
		{"punctuation only", "--- !!!"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ix.Search(embargo.Query{Name: tc.query}, match.SearchOptions{})
			if code := embargo.ErrorCode(err); code != embargo.EINVALID {
				t.Fatalf("Search(%q) error %v (code %q), want %s", tc.query, err, code, embargo.EINVALID)
			}
		})
	}
	if _, err := ix.Search(embargo.Query{Name: strings.Repeat("é", embargo.MaxQueryLen)}, match.SearchOptions{}); err != nil {
		t.Fatalf("Search of %d two-byte characters: %v, want no error", embargo.MaxQueryLen, err)
	}
}

// testEntity makes a listed person.
func testEntity(id, name string, mod func(*embargo.Entity)) embargo.Entity {
	e := embargo.Entity{ID: "test:" + id, Source: "test", SourceID: id, Schema: embargo.SchemaPerson, Name: name}
	if mod != nil {
		mod(&e)
	}
	return e
}

// listed is a version of the test person id, for newTestIndex.
func listed(id, name string) *embargo.EntityVersion {
	return &embargo.EntityVersion{Entity: testEntity(id, name, nil)}
}

// listedOrg is a version of the test organization id, for newTestIndex.
func listedOrg(id, name string) *embargo.EntityVersion {
	return &embargo.EntityVersion{Entity: testEntity(id, name, func(e *embargo.Entity) { e.Schema = embargo.SchemaOrganization })}
}

func newTestIndex(versions ...*embargo.EntityVersion) *match.Index {
	ix := match.NewIndex()
	for _, v := range versions {
		ix.Add(v)
	}
	ix.Finish()
	return ix
}

// TestSearch_AsOf checks that a search sees only the versions valid at the
// snapshot it is given.
func TestSearch_AsOf(t *testing.T) {
	// One person renamed in snapshot 3, one delisted in snapshot 4, one
	// listed from snapshot 2.
	ix := newTestIndex(
		&embargo.EntityVersion{Entity: testEntity("1", "PETROV, Ivan", nil), FromSeq: 1, ToSeq: 3},
		&embargo.EntityVersion{Entity: testEntity("1", "PETROV-VODKIN, Ivan", nil), FromSeq: 3},
		&embargo.EntityVersion{Entity: testEntity("2", "SIDOROVA, Anna", nil), FromSeq: 1, ToSeq: 4},
		&embargo.EntityVersion{Entity: testEntity("3", "KUZNETSOV, Boris", nil), FromSeq: 2},
		&embargo.EntityVersion{Entity: testEntity("9", "SIDOROVA, Anna", func(e *embargo.Entity) { e.Source, e.ID = "other", "other:9" }), FromSeq: 1},
	)
	find := func(name string, seqs map[string]int) []string {
		var ids []string
		for _, m := range MustSearch(t, ix, embargo.Query{Name: name}, match.SearchOptions{Seqs: seqs, Threshold: 0.9}) {
			ids = append(ids, fmt.Sprintf("%s=%s", m.EntityID, m.MatchedName))
		}
		return ids
	}
	for _, tc := range []struct {
		name  string
		query string
		seqs  map[string]int
		want  string
	}{
		{"old name at its time", "Ivan Petrov", map[string]int{"test": 2}, "test:1=PETROV, Ivan"},
		{"new name now", "Ivan Petrov-Vodkin", nil, "test:1=PETROV-VODKIN, Ivan"},
		{"new name not before it was given", "Ivan Petrov-Vodkin", map[string]int{"test": 2}, ""},
		{"delisted person still listed before", "Anna Sidorova", map[string]int{"test": 3}, "test:2=SIDOROVA, Anna"},
		{"delisted person gone after", "Anna Sidorova", map[string]int{"test": 4}, ""},
		{"latest skips delisted", "Anna Sidorova", nil, "other:9=SIDOROVA, Anna"},
		{"sources absent are skipped", "Anna Sidorova", map[string]int{"test": 1}, "test:2=SIDOROVA, Anna"},
		{"not yet listed", "Boris Kuznetsov", map[string]int{"test": 1}, ""},
		{"listed later", "Boris Kuznetsov", map[string]int{"test": 2}, "test:3=KUZNETSOV, Boris"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(find(tc.query, tc.seqs), ","); got != tc.want {
				t.Errorf("Search(%q, %v)=%q, want %q", tc.query, tc.seqs, got, tc.want)
			}
		})
	}
}

func TestSearch_Features(t *testing.T) {
	ix := newTestIndex(
		&embargo.EntityVersion{Entity: testEntity("1", "KARIMOV, Rustam Aliyevich", func(e *embargo.Entity) {
			e.BirthDates = []string{"1968-03-14"}
			e.Nationalities = []string{"Uzbekistan"}
			e.Identifiers = []embargo.Identifier{{Type: embargo.IDPassport, Value: "AB 1234567"}}
			e.Aliases = []embargo.Alias{{Name: "RUSTAM THE BOXER", Quality: embargo.QualityWeak}}
		})},
		&embargo.EntityVersion{Entity: embargo.Entity{ID: "test:2", Source: "test", SourceID: "2", Schema: embargo.SchemaOrganization, Name: "KARIMOV TRADING LLC"}},
	)
	base := embargo.Query{Name: "Rustam Karimov"}
	score := func(q embargo.Query, id string) (float64, *embargo.Explanation) {
		for _, m := range MustSearch(t, ix, q, match.SearchOptions{Threshold: 0}) {
			if m.EntityID == id {
				return m.Score, m.Explanation
			}
		}
		return 0, nil
	}
	plain, _ := score(base, "test:1")
	feature := func(ex *embargo.Explanation, name string) embargo.Feature {
		for _, f := range ex.Features {
			if f.Name == name {
				return f
			}
		}
		return embargo.Feature{}
	}
	for _, tc := range []struct {
		name    string
		mod     func(*embargo.Query)
		feature string
		result  string
		cmp     func(got float64) bool
	}{
		{"exact date of birth raises", func(q *embargo.Query) { q.BirthDate = "1968-03-14" }, "dob", "exact", func(s float64) bool { return s > plain }},
		{"year of birth raises", func(q *embargo.Query) { q.BirthDate = "1968" }, "dob", "year", func(s float64) bool { return s > plain }},
		{"a year off is neutral", func(q *embargo.Query) { q.BirthDate = "1969" }, "dob", "near", func(s float64) bool { return s == plain }},
		{"other date of birth lowers", func(q *embargo.Query) { q.BirthDate = "1980-01-01" }, "dob", "mismatch", func(s float64) bool { return s < plain }},
		{"same country raises", func(q *embargo.Query) { q.Country = "UZ" }, "country", "match", func(s float64) bool { return s > plain }},
		{"country by name", func(q *embargo.Query) { q.Country = "Uzbekistan" }, "country", "match", func(s float64) bool { return s > plain }},
		{"other country lowers", func(q *embargo.Query) { q.Country = "France" }, "country", "mismatch", func(s float64) bool { return s < plain }},
		{"other schema lowers", func(q *embargo.Query) { q.Schema = embargo.SchemaOrganization }, "schema", "mismatch", func(s float64) bool { return s < plain }},
		{"identifier is decisive", func(q *embargo.Query) {
			q.Name = "R. K."
			q.Identifiers = []embargo.Identifier{{Type: embargo.IDPassport, Value: "ab1234567"}}
		}, "identifier", "match", func(s float64) bool { return s == 1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := base
			tc.mod(&q)
			got, ex := score(q, "test:1")
			if !tc.cmp(got) {
				t.Errorf("score %.3f (without the feature %.3f)", got, plain)
			}
			if ex == nil {
				t.Fatal("no match")
			}
			if f := feature(ex, tc.feature); f.Result != tc.result {
				t.Errorf("feature %s=%+v, want result %q; summary %q", tc.feature, f, tc.result, ex.Summary)
			}
		})
	}
	t.Run("weak alias counts less", func(t *testing.T) {
		s, ex := score(embargo.Query{Name: "Rustam the Boxr"}, "test:1")
		if ex == nil || feature(ex, "alias_quality").Result != "weak" {
			t.Fatalf("score %.3f explanation %+v, want an alias_quality feature", s, ex)
		}
	})
}

func TestSearch_Explanation(t *testing.T) {
	_, ix := MustSDN(t)
	m := MustFindFirst(t, ix, embargo.Query{Name: "O. Deripaska"}, "ofac-sdn:24283")
	ex := m.Explanation
	if ex == nil || ex.Summary == "" {
		t.Fatalf("Explanation=%+v, want a summary", ex)
	}
	rules := map[string]string{}
	for _, tm := range ex.Tokens {
		rules[tm.Query+"|"+tm.Listed] = tm.Rule
		if tm.Weight <= 0 {
			t.Errorf("token %+v: weight %v, want > 0", tm, tm.Weight)
		}
	}
	if rules["o|oleg"] != match.RuleInitial || rules["deripaska|deripaska"] != match.RuleExact || rules["|vladimirovich"] != match.RulePatronymic {
		t.Errorf("tokens %+v, want o=oleg initial, deripaska exact, vladimirovich patronymic", ex.Tokens)
	}
	if !strings.Contains(ex.Summary, "DERIPASKA, Oleg Vladimirovich") {
		t.Errorf("Summary %q, want the matched name in it", ex.Summary)
	}
}

// TestSearch_Concurrent runs searches from many goroutines at once (run
// with -race).
func TestSearch_Concurrent(t *testing.T) {
	ents, ix := MustSDN(t)
	qs := benchQueries(ents, 400)
	want := make([]string, len(qs))
	for i, q := range qs {
		if ms := MustSearch(t, ix, q, match.SearchOptions{Threshold: -1}); len(ms) > 0 {
			want[i] = ms[0].EntityID
		}
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range qs {
				i = (i + g*50) % len(qs)
				ms, err := ix.Search(qs[i], match.SearchOptions{Threshold: -1})
				if err != nil {
					t.Error(err)
					return
				}
				got := ""
				if len(ms) > 0 {
					got = ms[0].EntityID
				}
				if got != want[i] {
					t.Errorf("Search(%q) concurrently: %q, alone %q", qs[i].Name, got, want[i])
				}
			}
		}()
	}
	wg.Wait()
}

// TestIndex_AddAfterFinish checks that an index grown after Finish answers
// for old and new entities once finished again.
func TestIndex_AddAfterFinish(t *testing.T) {
	ix := newTestIndex(&embargo.EntityVersion{Entity: testEntity("1", "KOLOMOISKY, Ihor", nil), FromSeq: 1})
	ix.Add(&embargo.EntityVersion{Entity: testEntity("2", "FIRTASH, Dmytro", nil), FromSeq: 1})
	if _, err := ix.Search(embargo.Query{Name: "Firtash"}, match.SearchOptions{}); err == nil {
		t.Fatal("Search before the second Finish: no error, want one")
	}
	ix.Finish()
	MustFindFirst(t, ix, embargo.Query{Name: "Ihor Kolomoiskiy"}, "test:1")
	MustFindFirst(t, ix, embargo.Query{Name: "Dmitry Firtash"}, "test:2")
	if ix.Len() != 2 {
		t.Fatalf("Len=%d, want 2", ix.Len())
	}
}

func TestScore(t *testing.T) {
	e := testEntity("1", "DERIPASKA, Oleg Vladimirovich", func(e *embargo.Entity) {
		e.BirthDates = []string{"1968-01-02"}
		e.Aliases = []embargo.Alias{{Name: "DERIPASKA, Oleg"}}
	})
	c := match.CurrentCalibration()
	cal := func(raw float64) float64 { return c.Apply(e.Schema, raw) }
	for _, tc := range []struct {
		name     string
		q        embargo.Query
		min, max float64
	}{
		{"exact listed name", embargo.Query{Name: "DERIPASKA, Oleg Vladimirovich"}, 1, 1},
		{"exact alias", embargo.Query{Name: "Oleg Deripaska"}, 1, 1},
		{"cyrillic", embargo.Query{Name: "Олег Владимирович Дерипаска"}, 0.95, 1},
		{"initials", embargo.Query{Name: "O. V. Deripaska"}, embargo.DefaultThreshold, 0.99},
		{"other person", embargo.Query{Name: "Oleg Ivanov"}, 0, cal(0.5)},
		// An exact name whose date of birth is another: the score of a
		// name score of 0.88 (1 less the mismatch's raw effect).
		{"date of birth mismatch", embargo.Query{Name: "Oleg Deripaska", BirthDate: "1990"}, cal(0.8), cal(0.95)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := match.Score(tc.q, &e)
			if m.Score < tc.min || m.Score > tc.max {
				t.Errorf("Score(%q)=%.3f, want in [%.2f, %.2f]; %s", tc.q.Name, m.Score, tc.min, tc.max, m.Explanation.Summary)
			}
			if m.EntityID != e.ID || m.Explanation == nil {
				t.Errorf("Score(%q)=%+v, want the entity and an explanation", tc.q.Name, m)
			}
		})
	}
}

// namePair is two names and whether they name the same party: whether
// CompareNamesAs reaches embargo.DefaultThreshold.
type namePair struct {
	name string
	a, b string
	same bool
}

// checkSameName runs each pair as a subtest: CompareNamesAs(a, b, schema)
// must give the same score both ways and reach the default threshold
// exactly when the pair is the same party.
func checkSameName(t *testing.T, schema embargo.Schema, pairs []namePair) {
	t.Helper()
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			got := match.CompareNamesAs(p.a, p.b, schema)
			if back := match.CompareNamesAs(p.b, p.a, schema); math.Abs(back-got) > 1e-9 {
				t.Errorf("CompareNamesAs(%q, %q, %q) not symmetric: %.3f and %.3f", p.a, p.b, schema, got, back)
			}
			if same := got >= embargo.DefaultThreshold; same != p.same {
				t.Errorf("CompareNamesAs(%q, %q, %q)=%.3f, want same=%v at %.2f", p.a, p.b, schema, got, p.same, embargo.DefaultThreshold)
			}
		})
	}
}

func TestCompareNames(t *testing.T) {
	checkSameName(t, embargo.SchemaUnknown, []namePair{
		{"identical", "Oleg Deripaska", "Oleg Deripaska", true},
		{"token order", "DERIPASKA, Oleg", "Oleg Deripaska", true},
		{"ukrainian respelling", "Andrii Derkach", "Andrey Derkach", true},
		{"russian g and ukrainian h", "Hennadiy Kernes", "Gennady Kernes", true},
		{"missing patronymic", "Oleg Vladimirovich Deripaska", "Oleg Deripaska", true},
		{"arabic name variants", "Mohammed Abdel Rahman", "Muhammad Abdul Rahman", true},
		{"arabic al- prefix", "Hassan al-Turabi", "Hassan El Turabi", true},
		{"yusuf and youssef", "Youssef Nada", "Yusuf Nada", true},
		{"typo", "Ramzan Kadryov", "Ramzan Kadyrov", true},
		{"legal form", "Rosneft Oil Company OAO", "Rosneft Oil Company JSC", true},
		{"different surname", "Oleg Deripaska", "Oleg Tinkov", false},
		{"different given name", "Maria Gonzalez", "Jose Gonzalez", false},
		{"nothing in common", "Vladimir Putin", "Kim Jong Un", false},
		{"shared common given name only", "Mohammed Ali", "Mohammed Hassan", false},
	})
	if got := match.CompareNames("Oleg Deripaska", "oleg  DERIPASKA"); got != 1 {
		t.Errorf("CompareNames of equal names=%v, want 1", got)
	}
}
