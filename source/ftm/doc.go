// Package ftm parses FollowTheMoney (FtM) entities in JSON lines, the format
// of OpenSanctions' exports (entities.ftm.json), into embargo entities.
//
// Each line is one FtM entity: {"id", "schema", "properties": {"name":
// [...], ...}, "datasets": [...]}. The delta format, whose lines read
// {"op": "ADD"|"MOD"|"DEL", "entity": {...}}, is accepted too: the
// operations are applied in order and the final set of entities is
// returned. Nested property values (an entity object in place of an id) are
// unnested.
//
// The entity id is the FtM id itself (ID and SourceID both), as FtM ids are
// already unique across datasets. The source name comes from opts.Source; it
// may be left empty only when every line names the same single dataset in
// "datasets".
//
// Schemas: Person becomes a person; Company, Organization, LegalEntity and
// PublicBody an organisation; Vessel a vessel; Airplane an aircraft. Other
// schemas are not listed entities but fill in the ones that are:
//
//   - Sanction: "program"/"programId" become Programs, the earliest
//     "listingDate"/"startDate" ListedOn, "authority" a property (an
//     entity without a Sanction's date takes its own "createdAt"; the
//     publisher's top-level first_seen, the date it first crawled the
//     entity, is not a listing date and is not used);
//   - Ownership, Directorship, Family, Associate, Employment, Membership,
//     Representation and UnknownLink become Links on both ends, when both
//     ends are listed entities;
//   - Identification and Passport become identifiers of their holder,
//     CryptoWallet a digital currency address of its holder;
//   - Address entities referred to by "addressEntity" become addresses.
//
// Every other schema is skipped. Properties map as follows: name (the
// caption, or else the first name, is the primary name; other names are
// strong aliases of type "name"), alias (a.k.a.), weakAlias (weak a.k.a.),
// previousName (f.k.a.), birthDate, birthPlace, nationality, citizenship,
// gender, address, notes (remarks), title, position, topics, program; the
// "country" and "jurisdiction" of an entity become address countries so
// that screening by country finds them; idNumber, passportNumber,
// taxNumber, innCode, ogrnCode, registrationNumber, swiftBic, imoNumber,
// mmsi, callSign, email, website and phone become identifiers; vessel and
// aircraft facts (flag, type, tonnage, model, serialNumber, buildDate)
// become properties, as do the entity's datasets.
package ftm
