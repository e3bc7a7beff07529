// Package country resolves the country names, codes and nationalities that
// sanctions lists write ("Russia", "Russian Federation", "Korea, North",
// "DPRK", "Iranian", "Region: Crimea") to ISO 3166-1 alpha-2 codes, and
// gives the English name of a code. It is a pure table with no I/O.
package country
