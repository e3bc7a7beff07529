package name

// koreanSurnameGroups are the spellings of Korean surnames that Fold and
// the edit distance cannot bring together: the customary South Korean
// forms, McCune-Reischauer as North Korean names are listed, and the
// Revised Romanization (이 Lee, Yi, Rhee, Ri; 정 Jung, Jeong, Chung). Each is
// one Hangul syllable. Spellings one edit apart (Park/Pak, Kim/Gim,
// Choi/Choe) are left to the edit distance, which scores them a little
// lower, as a one-syllable name should be; spellings that are also common
// words or names of other languages (No, So, Jon, An) are left out.
var koreanSurnameGroups = [][]string{
	{"lee", "yi", "rhee", "ri", "rhie", "rie"},
	{"jung", "jeong", "chung", "joung"},
	{"lim", "rim", "yim"},
	{"roh", "noh"},
	{"ryu", "yoo", "yu"},
	{"oh", "o"},
}
