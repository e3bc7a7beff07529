// Package ofac parses the sanctions lists of the US Treasury's Office of
// Foreign Assets Control into embargo entities. It reads the three formats
// OFAC has published: the legacy delimited files (sdn.csv, alt.csv, add.csv
// and sdn_comments.csv for the SDN list, cons_prim.csv and friends for the
// non-SDN consolidated list), the legacy XML (sdn.xml, consolidated.xml) and
// the Advanced XML (sdn_advanced.xml, cons_advanced.xml). The legacy formats
// pack most facts (dates and places of birth, nationality, passports and other
// identifiers, weak aliases, "Linked To:" relations) into a free-text remarks
// field; the parser lifts them into structured fields and keeps the full text
// in Entity.Remarks. The SDN list becomes source "ofac-sdn" and the
// consolidated list "ofac-cons"; entity ids are "SOURCE:ENT_NUM". Every
// problem with an input file is an *embargo.ParseError naming the file and,
// where known, the line.
package ofac
