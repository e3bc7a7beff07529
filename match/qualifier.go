package match

import (
	"strings"

	"github.com/embargo-dev/embargo/country"
	"github.com/embargo-dev/embargo/name"
)

// Company qualifiers: a number ("Fund III", "Group 2") or a place
// ("Nordstal Peru S.A.", "X Trading Dubai LLC") in an organisation's name
// tells one company of a group from another, so the two names must agree
// on it. A qualifier one side has and the other lacks multiplies the name
// score by qualifierMissing; two that disagree (Peru and Chile, 3 and 4)
// by qualifierConflict. A place at the start of a name is part of its
// stem ("Iran Air", "Korea Rungrado"), not a qualifier. Persons' names are
// exempt: a year of birth typed into the name field is no qualifier.
const (
	qualifierMissing  = 0.70
	qualifierConflict = 0.55
)

// RuleQualifier marks a number or place in an organisation's name that the
// other name lacks or gives differently.
const RuleQualifier = "qualifier"

// placeWords are the one-word English names of the countries (from
// package country) and the cities that company names most often carry, as
// normalised tokens.
var placeWords = buildPlaceWords()

func buildPlaceWords() map[string]bool {
	m := map[string]bool{}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if n := name.Tokens(country.Name(string([]rune{a, b}))); len(n) == 1 && len(n[0]) >= 4 {
				m[n[0]] = true
			}
		}
	}
	for _, c := range strings.Fields(`dubai sharjah ajman fujairah moscow tehran teheran beijing shanghai shenzhen guangzhou tianjin dalian
		harbin hongkong macau macao istanbul ankara izmir mersin lima bogota medellin cali caracas maracaibo damascus aleppo latakia
		beirut baghdad basra erbil kabul kandahar herat karachi lahore islamabad peshawar quetta mumbai bombay delhi chennai kolkata
		kiev kyiv odessa odesa kharkiv kharkov donetsk luhansk lugansk sevastopol simferopol minsk london paris berlin hamburg frankfurt
		munich geneva zurich vienna madrid barcelona rome milan athens piraeus cairo alexandria tripoli benghazi tunis algiers casablanca
		riyadh jeddah doha muscat manama amman sanaa aden khartoum nairobi lagos abuja johannesburg harare kinshasa pyongyang nampo
		seoul busan tokyo osaka bangkok jakarta manila hanoi yangon rangoon dhaka almaty astana tashkent baku tbilisi yerevan warsaw
		prague budapest bucharest sofia belgrade sarajevo zagreb riga vilnius tallinn helsinki stockholm oslo copenhagen amsterdam
		rotterdam antwerp brussels limassol nicosia larnaca havana miami houston toronto vancouver sydney melbourne vladivostok
		petersburg novosibirsk yekaterinburg ekaterinburg kazan rostov samara murmansk kaliningrad labuan panama`) {
		m[c] = true
	}
	return m
}

// isQualifier reports whether token t, at position pos of its name, is a
// company qualifier.
func isQualifier(t *name.Token, pos int) bool {
	return t.Kind == name.KindNumber || pos > 0 && t.Kind == name.KindWord && placeWords[t.Text]
}

// qualifiers multiplies the name score of an organisation's name by the
// qualifier factor and marks the qualifiers in the pairing.
func qualifiers(qs []qtok, l *listed, p *pairing, score float64) float64 {
	p.lQual, p.qualFactor = 0, 1
	org := !l.initials
	for i := range qs {
		org = org || qs[i].t.Kind == name.KindLegal
	}
	if !org {
		return score
	}
	qOnly, lOnly := false, false
	for i := range qs {
		if p.qMatch[i] == -1 && isQualifier(&qs[i].t, i) {
			qOnly = true
			p.qRule[i] = RuleQualifier
		}
	}
	for j := 0; j < l.n; j++ {
		if p.lUsed[j] == 0 && isQualifier(l.toks[j], j) {
			lOnly = true
			p.lQual |= 1 << j
		}
	}
	switch {
	case qOnly && lOnly:
		p.qualFactor = qualifierConflict
	case qOnly || lOnly:
		p.qualFactor = qualifierMissing
	}
	return score * p.qualFactor
}
