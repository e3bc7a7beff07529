// Package uk parses the United Kingdom's sanctions lists into embargo
// entities. ParseXML reads the FCDO "UK Sanctions List" XML
// (UK-Sanctions-List.xml, source "uk-fcdo"), the only official UK list since
// 28 January 2026: one entity per <Designation>, with its DateDesignated as
// the listing date, non-Latin names as original-script aliases, ship details
// (IMO numbers, flags, type, tonnage) and the OFSI group id. Parse reads the
// CSV forms:
//
//   - the HM Treasury OFSI "Consolidated List of Financial Sanctions
//     Targets" (ConList.csv, source "uk-ofsi"), both the original layout
//     (first line "Last Updated,27/04/2020") and the 2022 layout with
//     separate passport and national-identifier number columns;
//   - the FCDO "UK Sanctions List" CSV (source "uk-fcdo"), which starts with
//     a "Report Date: 08-Oct-2026" line and keys its rows by "Unique ID".
//
// Columns are found by their header names (case-insensitively), so column
// order does not matter. Both files have one row per name: rows are grouped
// by Group ID (OFSI) or Unique ID (FCDO) into one entity whose SourceID is
// that id. The row whose alias type is "Prime Alias", "Primary name" or
// "Primary Name" gives the entity's name (Name 1 to Name 5 are given names,
// Name 6 the surname, so the name reads "Name 1 ... Name 5 Name 6"); other
// rows become aliases: "AKA"/"Alias" as "a.k.a.", "FKA" as "f.k.a.", and
// "Primary name variation" as "primary-name-variation". Variations are kept
// strong: OFSI uses them for other spellings and transliterations of the
// primary name, which are as good for screening as the name itself. An alias
// is weak only where the list's own "Alias Quality"/"Alias strength" column
// says "Low". A second primary-name row becomes a strong alias.
//
// Every other column is the union over a group's rows: dates of birth
// ("00/00/1980" with 00 for unknown parts becomes "1980"), places of birth,
// nationalities (enumerations such as "1) Saudi Arabia 2) Qatar" are split),
// passport and national identity numbers (the number is picked out of the
// free text, which is kept in the identifier's Note), addresses, regimes
// (programs) and the earliest "Listed On"/"Date Designated" date. IMO and
// MMSI numbers that OFSI's 2020 layout gives only in "Other Information"
// become identifiers too.
//
// OFSI publishes ConList.csv in Windows-1252. A file that is valid UTF-8
// (with or without a byte-order mark) is read as UTF-8; any other file is
// decoded as Windows-1252.
package uk
