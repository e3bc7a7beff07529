package name_test

import (
	"testing"

	"github.com/embargo-dev/embargo/name"
)

// TestNormalize_ForeignNamesInCJK: foreign names in Chinese characters are
// read with the transcription values of their characters, one word per
// part, with or without the separator dot; Chinese names keep their
// pinyin syllables. Katakana foreign names (with the middle dot) lose the
// vowels katakana adds after their consonants.
func TestNormalize_ForeignNamesInCJK(t *testing.T) {
	checkEach(t, "Normalize", name.Normalize, [][2]string{
		{"弗拉基米尔·普京", "vlakimir pujin"}, // Vladimir Putin
		{"奥萨马·本·拉登", "osama ben laden"},
		{"奥列格·德里帕斯卡", "oleg deripaska"},
		{"阿布·巴克尔·巴格达迪", "abu bakr bagdadi"},
		{"拉姆赞・卡德罗夫", "lamzan kaderov"}, // katakana middle dot between Chinese characters
		{"普京", "pujin"}, // no dot: 普 is a transcription marker
		{"拉夫罗夫", "lavrov"},
		{"习近平", "xi jin ping"}, // Chinese names
		{"李方伟", "li fang wei"},
		{"马杜罗", "ma du luo"}, // a common surname first and no marker: read as Chinese
		{"セルゲイ・ショイグ", "sergei shoigu"},
		{"アフマド・シャー・マスード", "afmad sha masud"},
		{"ラムザン・カディロフ", "ramzan kadirof"},
		{"トヨタ", "toyota"}, // a Japanese word in katakana keeps its vowels
		{"マツダ", "matsuda"},
	})
}
