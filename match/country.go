package match

import (
	"strings"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/country"
)

// countryCode maps a country name, code or demonym to an ISO 3166-1
// alpha-2 code, or "" when unknown. Unknown values never count as a
// mismatch.
func countryCode(s string) string { return country.Code(s) }

// CheckCountry returns an EINVALID error for a query country that is
// neither an ISO 3166-1 alpha-2 code nor a country name embargo knows; ""
// (no country) is fine. A country that is not understood would otherwise
// be ignored silently.
func CheckCountry(c string) error {
	if strings.TrimSpace(c) == "" || countryCode(c) != "" {
		return nil
	}
	return embargo.Errorf(embargo.EINVALID, "unknown country %q: want an ISO 3166-1 alpha-2 code (e.g. RU, IR, KP) or an English country name (e.g. Russia)", c)
}
