// Package match finds the listed entities a screened name may refer to and
// says why.
//
// An Index holds every version of every listed entity (so a search can
// answer as of any snapshot) and, for each token of each listed name,
// postings keyed by the token's romanisation-variant key (name.Fold). A
// query token finds listed tokens through that key, its equivalence group
// (name.Equivalent), its sound key (name.Phonetic) and a deletion
// neighbourhood of its key (every string with one or two letters removed),
// which finds typing errors without comparing against the whole
// vocabulary. Candidates are ranked by an upper bound of their name score,
// computed from those postings, and only the best are scored in full.
//
// The score of a listed name is the weighted share of the query's tokens it
// explains: each query token is paired with at most one listed token, each
// pair scores by the strongest rule that holds (exact, variant, equivalent,
// nickname, phonetic, skeleton, fuzzy, initial, legal_form), and tokens
// weigh by how rare they are among the indexed names (inverse document
// frequency), so a surname counts more than "Mohammed", "al" counts little,
// and the generic words of company names ("united", "company", "group")
// weigh at most a little, so that "Rusal" finds UNITED COMPANY RUSAL PLC.
// Names written in scripts that leave vowels out or add them (Arabic,
// Hebrew, kana, Hangul, Indic, Thai) are also compared by consonant
// skeleton (name.Skeleton), through a skeleton posting list; pinyin
// syllables of Chinese characters are never compared by edit distance. Listed tokens that the
// query lacks (a patronymic, a middle name) lower the score only a little.
// Date of birth, country, schema and identifiers then move the score, and
// every Match carries an Explanation of all of it.
//
// Everything here is pure computation without I/O. Score and CompareNames
// compare without an index, for monitoring, text scanning and name-pair
// benchmarks.
package match
