package name_test

import (
	"testing"

	"github.com/embargo-dev/embargo/name"
)

func TestSkeleton(t *testing.T) {
	checkSameKey(t, "Skeleton", name.Skeleton, []keyPair{
		{"katakana oleg", "oregu", "oleg"},
		{"arabic oleg", "auligh", "oleg"},
		{"persian waw read as v", "avlg", "oleg"},
		{"hangul oleg", "olrekeu", "oleg"},
		{"katakana deripaska", "deripasuka", "deripaska"},
		{"katakana kadyrov", "kadirofu", "kadyrov"},
		{"final h", "nasralla", "nasrallah"},
		{"kana tsu", "tsukamoto", "sukamoto"},
	})
	checkDifferentKey(t, "Skeleton", name.Skeleton, []keyPair{
		{"other name", "oleg", "ivan"}, {"other surname", "deripaska", "daripov"}, {"m and n", "kim", "kin"},
	})
}

func TestAnalyze_Origin(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     name.Origin
	}{
		{"latin", "Oleg Deripaska", name.OriginAlphabet},
		{"cyrillic", "Олег Дерипаска", name.OriginAlphabet},
		{"katakana", "オレグ・デリパスカ", name.OriginInexact},
		{"arabic", "أوليغ ديريباسكا", name.OriginInexact},
		{"chinese name", "金正恩", name.OriginHan},
		{"foreign name in chinese characters", "奥列格·德里帕斯卡", name.OriginInexact},
	} {
		t.Run(tc.name, func(t *testing.T) {
			toks := name.Analyze(tc.in, name.AnalyzeOptions{})
			if len(toks) == 0 || toks[0].Origin != tc.want {
				t.Fatalf("Analyze(%q)=%+v, want origin %v", tc.in, toks, tc.want)
			}
		})
	}
	if got := name.Normalize("奥列格·德里帕斯卡"); got != "oleg deripaska" {
		t.Errorf("Normalize(foreign name in characters)=%q, want one word per part, read with the transcription values", got)
	}
}

func TestEquivalent_CrossLanguageAndNicknames(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"michael", "mikhail"}, {"michel", "mykhailo"}, {"peter", "pyotr"}, {"pierre", "petro"},
		{"joseph", "iosif"}, {"osip", "giuseppe"}, {"yosyp", "yusuf"}, {"john", "ivan"}, {"juan", "jean"},
		{"alexander", "iskander"}, {"paul", "pablo"}, {"george", "jorge"}, {"yakov", "jacob"},
		{"sasha", "aleksandr"}, {"misha", "michael"}, {"bill", "william"},
	} {
		if ea, eb := name.Equivalent(tc.a), name.Equivalent(tc.b); ea == "" || ea != eb {
			t.Errorf("Equivalent(%q)=%q, Equivalent(%q)=%q, want one group", tc.a, ea, tc.b, eb)
		}
	}
	if !name.IsNickname("sasha") || name.IsNickname("aleksandr") || name.IsNickname("petro") {
		t.Error("IsNickname: sasha should be a nickname, aleksandr and petro not")
	}
	if name.Equivalent("ivan") == name.Equivalent("yahya") {
		t.Error("Equivalent: ivan and yahya share a group, want apart")
	}
}

func TestIsGenericWord(t *testing.T) {
	for _, w := range []string{"united", "company", "group", "international", "trading", "holding", "industries", "enterprises", "services", "bank", "national"} {
		if !name.IsGenericWord(w) {
			t.Errorf("IsGenericWord(%q)=false, want true", w)
		}
	}
	for _, w := range []string{"rusal", "deripaska", "mellat"} {
		if name.IsGenericWord(w) {
			t.Errorf("IsGenericWord(%q)=true, want false", w)
		}
	}
}
