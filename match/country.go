package match

import (
	"github.com/embargo-dev/embargo/country"
)

// countryCode maps a country name, code or demonym to an ISO 3166-1
// alpha-2 code, or "" when unknown. Unknown values never count as a
// mismatch.
func countryCode(s string) string { return country.Code(s) }
