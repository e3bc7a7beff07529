// Package name turns personal and company names into comparable tokens.
//
// It is pure (no I/O) and has four layers, each usable on its own:
// ToLatin (transliteration of any script to lower-case ASCII Latin),
// Normalize and Analyze (punctuation, apostrophes, legal forms, initials,
// stop words), per-token keys (Fold for romanisation variants such as
// Andrii/Andriy/Andrey, Phonetic for sound-alike spellings, Equivalent for
// known name equivalents such as Mohammed/Muhammad, cross-language forms
// such as Mikhail/Michel and nicknames such as Sasha, Skeleton for
// consonant skeletons of names from abjads and syllabaries, IsGenericWord
// for the generic words of company names), and string distances
// (DamerauLevenshtein, JaroWinkler) for typing errors. Package match builds
// its candidate index and scorer on these keys.
package name
