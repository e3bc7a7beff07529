// Package textscan finds the listed persons, organisations, vessels and
// aircraft named in free text (a news article, a payment message) and says
// which entity each mention is, how sure the match is, and whether the
// entity was listed on the date that matters.
//
// A Scanner is built once from every version of every listed entity. From
// each primary name and strong alias (weak aliases only when long and
// distinctive) it derives token patterns: a person's full name in natural
// and in list order, first name and surname, initials and surname, and the
// surname alone as a follow-up mention of someone already named in full; a
// company's name with and without its legal form, and its distinctive part
// ("Rusal" of "UNITED COMPANY RUSAL PLC") when that part is rare across the
// lists and is not a common English word or a place; a vessel's or
// aircraft's name only next to words such as "tanker" or "IMO", unless the
// name is long; and "IMO nnnnnnn" for every listed vessel. Every token is
// transliterated (name.ToLatin) and folded (name.Fold), so "Олег Дерипаска"
// finds "DERIPASKA, Oleg Vladimirovich".
//
// Scanning tokenises the text on the fly, with a fast path for ASCII that
// neither allocates nor transliterates, walks a trie of the patterns' token
// ids from every token, and keeps byte offsets into the original input
// throughout. Possessives ("Deripaska's"), plurals, line breaks and
// hyphenation inside a name, middle initials, and Russian case endings are
// tolerated. Each candidate is then confirmed with the screening scorer
// (match.Score) against the entity as it stood in the snapshot asked for,
// and reported when its score reaches the threshold.
//
// Input is read in overlapping chunks, so memory stays bounded however
// long the text, a name across a chunk boundary is found once, and
// invalid UTF-8 and binary data are skipped with offsets intact.
//
// The package does no I/O of its own.
package textscan
