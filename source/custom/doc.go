// Package custom parses in-house lists kept as a simple CSV file into
// embargo entities. The source name must be given (opts.Source, the
// import command's --source).
//
// # Custom list CSV format
//
// A custom list is a CSV file (RFC 4180: comma-separated, fields with
// commas, quotes or line breaks in double quotes, quotes doubled), UTF-8
// encoded, with or without a byte-order mark, LF or CRLF line endings. The
// first row is a header naming the columns, in any order; only id and name
// are required. Column names are case-insensitive; an unknown column is an
// error, so that a misspelt column is not silently ignored.
//
//	column       content
//	id           the entry's id in your list, unique; the entity id is SOURCE:id
//	name         the primary name
//	type         person, organization, vessel or aircraft (also: individual,
//	             entity, company, ship, ...); empty: not stated
//	aliases      other names, separated by ";"
//	dob          dates of birth, separated by ";": YYYY, YYYY-MM, YYYY-MM-DD,
//	             or a range of years YYYY..YYYY
//	country      countries, separated by ";" (ISO codes or names): the
//	             nationality of a person, the country of any other entry
//	program      the programs or reasons for listing, separated by ";"
//	identifiers  identifiers as type:value, separated by ";", e.g.
//	             "passport:X1234567;tax_id:7701234567"; types: passport,
//	             national_id, tax_id, registration, imo, mmsi, call_sign,
//	             swift_bic, email, website, digital_currency_address,
//	             aircraft_tail_number, or any other word
//	remarks      free text
//
// Example:
//
//	id,name,type,aliases,dob,country,program,identifiers,remarks
//	C-001,Ivan Petrov,person,Ivan Petroff;I. Petrov,1970-05-01,RU,Internal,passport:7100000;tax_id:770000000000,Former client
//	C-002,Acme Trading FZE,organization,,,AE,Internal,registration:12345,
//
// Blank lines are skipped. A row without an id or name, a repeated id, a
// bad date or an identifier without "type:" fails the import with the
// row's line number.
package custom
