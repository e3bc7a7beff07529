package name_test

import (
	"testing"

	"github.com/embargo-dev/embargo/name"
)

// TestNormalize_ForeignNamesInGreek: a name with a word ending in a
// consonant other than ς and ν, or in -ιν, or with τζ (rare in
// Greek names: Τζαννής reads as foreign "jannis") is foreign, and its letter pairs are read
// as the sounds they stand for; Greek names keep ELOT 743.
func TestNormalize_ForeignNamesInGreek(t *testing.T) {
	checkEach(t, "Normalize", name.Normalize, [][2]string{
		{"ΤΖΟΣΕ ΕΝΤΙΛΜΠΕΡΤΟ ΚΑΜΑΤΣΟ ΜΠΕΡΝΑΛ", "jose edilberto kamacho bernal"},
		{"ΜΟΧΑΜΕΝΤ ΧΑΣΣΕΝ ΤΣΙΜΠΟΥΜΠ", "mokhamed khassen chiboub"},
		{"ΣΛΟΜΠΟΝΤΑΝ ΜΙΛΟΣΕΒΙΚ", "slobodan milosevik"},
		{"ΤΣΟΛ ΣΟΝΓΚ ΤΖΟ", "chol song jo"},
		{"Σεργκέι Σοϊγκού", "sergei soigou"},        // γκ after a consonant
		{"ΒΙΤΖΙ ΤΖΟΚΟ ΣΑΝΤΟΣΟ", "viji joko sadoso"}, // words ending in ι, ο
		{"ΧΑΤΖΙ ΜΠΑΝΤΟ", "khaji bado"},
		{"Βλαντιμίρ Πούτιν", "vladimir poutin"},
		{"ΤΖΟΥΑΝ ΚΑΡΛΟΣ ΟΛΙΒΑΣ ΟΤΖΕΝΤΑ", "jouan karlos olivas ojeda"}, // τζ
		{"ΑΓΚΟΥΣΤΙΝ ΦΛΟΡΕΣ", "agoustin flores"},                       // -ιν
		// Greek names.
		{"Αντώνης Σαμαράς", "antonis samaras"},
		{"Ερμής Παπαδόπουλος", "ermis papadopoulos"},
		{"Αλέξης Τσίπρας", "alexis tsipras"},
		{"Ευάγγελος Βενιζέλος", "evangelos venizelos"},
		{"Λαμπράκης", "lamprakis"},
	})
}

// TestFold_OtherRomanisations: German, Dutch and Polish spellings of
// Russian and Arabic names fold with the English ones.
func TestFold_OtherRomanisations(t *testing.T) {
	for _, p := range [][2]string{
		{"dschamal", "jamal"}, {"nadschdschar", "najjar"}, // German dsch
		{"arkadevitsj", "arkadevich"}, {"razvozjajev", "razvozhayev"}, {"sjoigoe", "shoigoe"}, // Dutch tsj zj sj
		{"lifszyc", "lifshyc"}, {"szczegolew", "shchegolev"}, {"wjaczeslawowicz", "vyacheslavovich"}, // Polish szcz sz cz w
		{"joesoef", "yusuf"}, {"oemar", "umar"}, {"moehsin", "muhsin"}, // Dutch oe before a consonant
		{"foead", "fuad"}, {"aboe", "abu"}, {"abdoe", "abdu"}, {"sadoe", "sadu"}, // before a, i, u; at the end after b, d, ...
		{name.Normalize("Nadżdżar"), "najjar"}, {name.Normalize("Urżumcew"), "urzhumcew"}, // Polish ż, dż
	} {
		if a, b := name.Fold(p[0]), name.Fold(p[1]); a != b {
			t.Errorf("Fold(%q) = %q, Fold(%q) = %q, want equal", p[0], a, p[1], b)
		}
	}
	// Korean ㅚ is oe at the end of a syllable, Russian -oev two vowels: that
	// oe is not folded to u.
	for _, p := range [][2]string{{"choe", "chu"}, {"hoe", "hu"}, {"barkhanoev", "barkhanuv"}, {"monroe", "monru"}, {"zoe", "zu"}} {
		if a, b := name.Fold(p[0]), name.Fold(p[1]); a == b {
			t.Errorf("Fold(%s) = Fold(%s) = %q", p[0], p[1], a)
		}
	}
}

// TestToLatin_ArabicTheophoric: a name written as two words with الله or
// الدين is one token, as the lists write it; عبد الله stays Abd Allah.
func TestToLatin_ArabicTheophoric(t *testing.T) {
	checkEach(t, "ToLatin", name.ToLatin, [][2]string{
		{"هدايت الله", "hdaitullah"},            // Hidayatullah (UN TAi.014)
		{"فیض الله خان", "fizullah khan"},       // Faizullah Khan
		{"جلال الدين حقانى", "jlaluddin hqana"}, // Jalaluddin Haqqani
		{"عبد الله", "abd allah"},
		{"الله", "allah"},
	})
}

// TestAppendConventionKey: German s for z and z for ts, German and Dutch
// ch for kh, and k for a hard c share a key with the English spelling;
// other consonants do not.
func TestAppendConventionKey(t *testing.T) {
	key := func(s string) string { return string(name.AppendConventionKey(nil, name.Fold(s))) }
	for _, p := range [][2]string{
		{"asis", "aziz"}, {"sajzew", "zaytsev"}, {"kusnezow", "kuznetsov"}, {"bassas", "bazzaz"},
		{"chaschimow", "khashimov"}, {"schukow", "zhukov"}, {"kontreras", "contreras"}, {"tsesar", "cesar"},
	} {
		if a, b := key(p[0]), key(p[1]); a != b {
			t.Errorf("convention key of %q = %q, of %q = %q, want equal", p[0], a, p[1], b)
		}
		if !name.SameConvention(name.Fold(p[0]), name.Fold(p[1])) {
			t.Errorf("SameConvention(%q, %q) = false", p[0], p[1])
		}
	}
	for _, p := range [][2]string{{"asis", "anis"}, {"sajzew", "zaykov"}, {"kontreras", "monteras"}, {"hasan", "hasan"}} {
		if name.SameConvention(name.Fold(p[0]), name.Fold(p[1])) {
			t.Errorf("SameConvention(%q, %q) = true", p[0], p[1])
		}
	}
}

// TestTokens_AbdGluedArticle: an article written onto the name after abd
// moves to the abd, as a separate article does; Abd Allah stays.
func TestTokens_AbdGluedArticle(t *testing.T) {
	checkEach(t, "Normalize", name.Normalize, [][2]string{
		{"Abd Elrahman Salim", "abdel rahman salim"},
		{"Abd Albaset Azzouz", "abdal baset azzouz"},
		{"Abd al-Baset Azzouz", "abdal baset azzouz"},
		{"Abd Allah Salim", "abd allah salim"},
		{"Abd Alim", "abd alim"},
	})
}

// TestSkeleton_NasalBeforeStop: n before t or d and m before b or p drop
// out of the skeleton, as Greek writes d, nd and nt alike (ντ) and b, mb
// and mp (μπ); a foreign name in Greek is compared by skeleton.
func TestSkeleton_NasalBeforeStop(t *testing.T) {
	for _, p := range [][2]string{{"fernadez", "fernandez"}, {"lodono", "londono"}, {"kode", "conte"}, {"kolobo", "colombo"}} {
		if a, b := name.Skeleton(p[0]), name.Skeleton(p[1]); a != b {
			t.Errorf("Skeleton(%q) = %q, Skeleton(%q) = %q, want equal", p[0], a, p[1], b)
		}
	}
	for _, p := range [][2]string{{"kode", "kome"}, {"lodono", "lomono"}} {
		if a, b := name.Skeleton(p[0]), name.Skeleton(p[1]); a == b {
			t.Errorf("Skeleton(%q) = Skeleton(%q) = %q", p[0], p[1], a)
		}
	}
	if tok := name.Analyze("ΡΑΜΟΝ ΚΟΝΤΕ", name.AnalyzeOptions{}); len(tok) != 2 || tok[1].Origin != name.OriginInexact {
		t.Errorf("Analyze(ΡΑΜΟΝ ΚΟΝΤΕ) = %+v, want two tokens of OriginInexact", tok)
	}
}
