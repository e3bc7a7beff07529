package textscan

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"strings"
)

// commonWordsText is a list of common English words; see the file's header
// for its provenance and licence.
//
//go:embed common_words.txt
var commonWordsText string

// commonWords returns the embedded common English words.
func commonWords() []string {
	var out []string
	for _, line := range strings.Split(commonWordsText, "\n") {
		if line = strings.TrimSpace(line); line != "" && line[0] != '#' {
			out = append(out, line)
		}
	}
	return out
}

// englishWordsGz lists less frequent English words and proper names:
// SCOWL size classes 35 (english-words.35, english-upper.35) and the
// capitalised words of class 50 (english-upper.50: given names, surnames,
// places), from the same Debian package scowl 2020.12.07-2 and under the
// same licence as common_words.txt, less the words of common_words.txt,
// trimmed the same way, gzipped:
//
//	cat english-words.35 english-upper.35 english-upper.50 | grep -v "'" |
//	LC_ALL=C grep -v '[^A-Za-z]' | tr A-Z a-z | LC_ALL=C sort -u |
//	LC_ALL=C comm -23 - common_words | gzip -9 -n
//
// They are not common enough to make a name ordinary ("Regent", "Noah"),
// but a company is never found by one of them alone.
//
//go:embed english_extra.txt.gz
var englishWordsGz []byte

// englishWords returns the less frequent English words.
func englishWords() []string {
	zr, err := gzip.NewReader(bytes.NewReader(englishWordsGz))
	if err != nil {
		panic("textscan: embedded word list: " + err.Error())
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		panic("textscan: embedded word list: " + err.Error())
	}
	return strings.Fields(string(b))
}

// placeWords are countries, their demonyms and common local spellings,
// continents, regions and large cities. A company or alias named after a
// place ("Bank Rossiya", "Iranian", "Jerusalem") must never be found by the
// place name alone, so these are never distinctive tokens. Months and
// weekdays are here for the same reason ("MAY", "AUGUST", "SUNDAY").
var placeWords = strings.Fields(`
afghanistan afghan albania albanian algeria algerian andorra angola angolan argentina argentine argentinian
armenia armenian australia australian austria austrian azerbaijan azerbaijani azeri bahamas bahrain bahraini
bangladesh bangladeshi barbados belarus belarusian belorussia belgium belgian belize benin bhutan bolivia
bolivian bosnia bosnian herzegovina botswana brazil brazilian brunei bulgaria bulgarian burkina faso burma
burmese burundi cambodia cambodian cameroon canada canadian cape verde chad chile chilean china chinese
colombia colombian comoros congo congolese costa rica croatia croatian cuba cuban cyprus cypriot czech
czechia denmark danish djibouti dominica dominican ecuador egypt egyptian emirates emirati england english
eritrea eritrean estonia estonian eswatini ethiopia ethiopian fiji finland finnish france french gabon gambia
georgia georgian germany german ghana ghanaian greece greek grenada guatemala guinea guyana haiti haitian
honduras hungary hungarian iceland india indian indonesia indonesian iran iranian iraq iraqi ireland irish
israel israeli italy italian ivory jamaica japan japanese jordan jordanian kazakhstan kazakh kenya kenyan
kiribati korea korean kosovo kuwait kuwaiti kyrgyzstan kyrgyz laos lao latvia latvian lebanon lebanese
lesotho liberia liberian libya libyan liechtenstein lithuania lithuanian luxembourg madagascar malawi
malaysia malaysian maldives mali malian malta maltese marshall mauritania mauritanian mauritius mexico
mexican micronesia moldova moldovan monaco mongolia mongolian montenegro morocco moroccan mozambique
myanmar namibia nauru nepal nepalese netherlands dutch zealand nicaragua nicaraguan niger nigeria nigerian
norway norwegian oman omani pakistan pakistani palau palestine palestinian panama panamanian papua
paraguay peru peruvian philippines filipino poland polish portugal portuguese qatar qatari romania romanian
russia russian rossiya rossii rossiyskaya rossiiskaya rwanda samoa marino saudi arabia arabian senegal
serbia serbian seychelles sierra leone singapore slovakia slovak slovenia solomon somalia somali sudan
sudanese spain spanish sri lanka suriname sweden swedish switzerland swiss syria syrian tajikistan tajik
tanzania thailand thai timor togo tonga trinidad tobago tunisia tunisian turkey turkish turkmenistan
turkmen tuvalu uganda ukraine ukrainian uruguay uzbekistan uzbek vanuatu vatican venezuela venezuelan
vietnam vietnamese yemen yemeni zambia zimbabwe crimea crimean donetsk luhansk lugansk abkhazia ossetia
kurdistan kurdish chechnya chechen dagestan tatarstan siberia siberian caucasus balkan balkans baltic
africa african america american americas asia asian europe european eurasia eurasian arctic atlantic
pacific levant sinai gulf persian arab arabic middle east eastern western northern southern central
moscow petersburg kiev kyiv minsk tehran teheran baghdad damascus beirut kabul kandahar islamabad karachi
lahore delhi mumbai dhaka beijing shanghai hong kong pyongyang seoul tokyo caracas havana managua bogota
lima quito mexico tripoli benghazi cairo khartoum mogadishu nairobi sanaa aden riyadh jeddah mecca medina
dubai abu dhabi sharjah doha manama muscat amman jerusalem gaza ramallah ankara istanbul baku tbilisi
yerevan tashkent almaty astana bishkek dushanbe ashgabat london paris berlin rome madrid vienna geneva
zurich brussels amsterdam washington york miami panama limassol nicosia larnaca riga vilnius tallinn
warsaw prague budapest belgrade sofia bucharest athens valletta luxembourg singapore jakarta manila
kuala lumpur bangkok hanoi rangoon yangon sevastopol simferopol crimea novosibirsk vladivostok kazan
yekaterinburg sochi rostov krasnodar grozny mosul raqqa aleppo homs idlib basra erbil kirkuk fallujah
herat peshawar quetta
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
`)

// genericOrgWords are words of company and organisation names that say what
// kind of body it is, not which one ("UNITED COMPANY RUSAL PLC" is known as
// "Rusal"). They are stripped to find a name's distinctive part.
var genericOrgWords = strings.Fields(`
united company companies group groups holding holdings trading trade traders industries industry industrial
international intl general national global worldwide world corporation corp incorporated enterprise enterprises
limited ltd llc inc co plc jsc pjsc ojsc cjsc ooo oao zao ao sa ag gmbh bv nv llp lp
management services service solutions systems technology technologies tech engineering construction
investment investments invest capital finance financial fund funds bank banking partners partnership
association foundation institute center centre organization organisation society union council
agency office bureau ministry department committee commission authority administration
import export imports exports logistics shipping shipping transport transportation navigation maritime
marine petroleum oil gas energy power resources mining metals metal steel chemical chemicals
development developments consulting consultants commercial products manufacturing factory plant
production producers supply supplies equipment electronics electronic machinery machines
first new joint stock public private open closed branch representative network networks
establishment est free zone fze fzco fzc
`)

// contextWords are words that, near a name, say it is a vessel's or an
// aircraft's: vessels and aircraft carry short names shared with people,
// places and companies ("HERMANN", "MAR AZUL"), so such a name alone is no
// evidence.
var (
	vesselContextWords = strings.Fields(`
vessel vessels ship ships tanker tankers supertanker mv mt imo mmsi
freighter carrier bulker container cargo tug yacht superyacht barge trawler ferry
vlcc ulcc lng lpg dwt flagged flag reflagged hull sailed docked moored berthed
`)
	aircraftContextWords = strings.Fields(`
aircraft airplane aeroplane plane planes jet jets airliner airliners airbus boeing ilyushin
tupolev antonov embraer bombardier gulfstream cessna learjet helicopter msn tail
`)
)

// abbrevWords are honorifics, ranks and abbreviations after which a full stop
// does not end a sentence ("Mr. Oleg V. Deripaska", "Co. Ltd", "IMO No.").
var abbrevWords = strings.Fields(`
mr mrs ms mx dr prof sr jr st gen col lt capt cpt maj sgt cmdr adm rev hon sen rep gov amb pres
co corp inc ltd no nos vs messrs mme mlle
`)
