package match_test

import "testing"

// TestScore_ScriptCompounds pins two adjacent words of a name read from an
// inexact script (Arabic, Persian) against one word written together in
// Latin letters, compared by their consonant skeletons: the article
// assimilated (عبد الرزاق, abd al-razzaq, as Abderrazak), a Persian zada
// written apart (گلاب زاده as Gulabzada), two names glued in the script
// (خدايرحيم as Khudai Rahim). Other consonants are another name.
func TestScore_ScriptCompounds(t *testing.T) {
	checkStructure(t, []structureCase{
		{"article assimilated", "عبد الرزاق ولد سالم", "ABDERRAZAK OULD SALEM", "", true, ""},
		{"article assimilated, listed in script", "ABDERRAZAK OULD SALEM", "عبد الرزاق ولد سالم", "", true, ""},
		{"zada written apart", "ناصر گلاب زاده", "NASIR GULABZADA", "", true, ""},
		{"glued in the script", "سمير خدايرحيم", "SAMIR KHUDAI RAHIM", "", true, ""},
		{"another name after abd", "عبد الرزاق ولد سالم", "ABDELKADER OULD SALEM", "", false, ""},
		{"another family name", "ناصر گلاب زاده", "NASIR GULAMKAR", "", false, ""},
		{"another name glued in the script", "سمير ملکرحيم", "SAMIR KHUDAI RAHIM", "", false, ""},
	})
}
