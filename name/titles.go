package name

import "strings"

// titleWords are honorifics and titles of office as normalised tokens
// (lower-case Latin, transliterated from other scripts), in the languages
// whose names the lists carry and customers write. A title says how a
// person is addressed, not who they are: Roles tags it, and matching
// ignores it when the other name lacks it. Words that are also common
// surnames or given names in the position a title takes (Khan, Hafiz,
// Bey as a surname) are left out.
var titleWords = map[string]bool{}

// arabicTitleWords are titles written after the Arabic article
// ("al-Shaykh", "as-Sayyid"), as romanised and as transliterated from
// Arabic script (الشيخ "al shikh", السيد "al sid").
var arabicTitleWords = map[string]bool{}

// softTitleWords are titles that are also given names or family names
// (Don, Major, Imam, Syed, Judge, Sen): a title only as the first word of
// the given names and where at least two other name parts remain, so that
// "Imam Hussain" keeps his name. Words that are more often names than
// titles (Amir, Emir, Sultan, Shah, King, Prince) are not titles at all.
var softTitleWords = map[string]bool{}

// titlePhrases are titles of several tokens.
var titlePhrases [][]string

// cjkTrailingTitles are the titles Chinese, Japanese and Korean write after
// a name, as transliterated: 先生 xian sheng, 女士 nu shi, 小姐 xiao jie,
// 太太 tai tai, 将军 jiang jun, 同志 tong zhi, さん san, 様 sama, 氏 shi,
// 씨 ssi, 님 nim, 선생 seonsaeng, 선생님 seonsaengnim, 동지 dongji.
var cjkTrailingTitles [][]string

func init() {
	for _, group := range []string{
		// English
		"mr mrs ms miss mx messrs mister dr doctor prof professor sir dame lord lady rev reverend revd fr honorable honourable",
		"esq excellency gen general col colonel lt ltcol lieutenant maj capt captain cmdr commander adm admiral",
		"brig brigadier sgt sergeant cpl corporal pte private marshal commodore president vice minister senator governor gov",
		"ambassador amb justice mayor chairman chairwoman secretary queen princess duchess count countess baron baroness",
		"sheikh sheik shaykh shaikh sheykh cheikh chaikh shiekh",
		// and as French, German, Dutch and Polish write it
		"chaykh cheykh scheich scheikh schaich schaych sjeik sjeikh sjeich sjaich sjajch szejk szejch szeich szajch",
		"hajji hadji hajj hadj alhaji alhajji alhadji mullah mulla molla mollah moulana maulana mawlana maulvi mawlawi moulvi molvi",
		"imaam mufti ayatollah ayatullah hojatoleslam hojjatoleslam sarhang sartip mohandes doktor aqa",
		"ustadh ustaz ustadz effendi efendi",
		// German, Dutch
		"herr frau fraulein hr dipl mag dhr mevr mevrouw meneer",
		// French
		"monsieur mme madame mlle mademoiselle maitre mgr monseigneur",
		// Spanish, Portuguese, Italian
		"senor sr senora sra senorita srta lic licenciado licenciada ingeniero dra signor signore signora sig dott dottore dottoressa avv",
		// Russian, Ukrainian and others in Cyrillic, as transliterated
		"gospodin gospozha gospodyn tovarishch tovarisch",
		// Russian and Ukrainian military ranks, as transliterated
		"polkovnik podpolkovnik polkovnyk pidpolkovnyk leytenant leitenant kapitan serzhant praporshchik",
		// Turkish, Persian, Indonesian, Malay
		"bapak ibu puan datuk dato datin encik cik",
	} {
		for _, w := range strings.Fields(group) {
			titleWords[w] = true
		}
	}
	for _, w := range strings.Fields("don dona dom major judge sen hon " +
		"sayyid sayyed seyed seyyed syed sayed sayid haji haj haci hadschi hadzhi khadzhi hadzi imam qazi qadi kadi pasha pasa aga agha ustad sardar " +
		// Polish, Czech, Slovak: Pan, Pani, Paní, Pán; Ing. (engineer, also
		// written Eng.), which are surnames too (Pan, Eng, Ing).
		"pan pani panna ing eng") {
		softTitleWords[w] = true
	}
	for _, w := range strings.Fields("shaykh shaikh sheikh sheik shikh shykh sayyid sayed sayid sid syd seyyid hajj haj hadj haji dktur duktur doktor ustadh ustaz ustath amam imam mla mulla mullah mufti mufty qadi qazi") {
		arabicTitleWords[w] = true
	}
	for _, p := range []string{
		"his excellency", "her excellency", "his highness", "her highness", "his majesty", "her majesty",
		"hojjat al eslam", "hojjat ol eslam", "hujjat al islam", "ayatollah al ozma", "ayat allah", "aya allah",
		"vice admiral", "rear admiral", "major general", "lieutenant general", "brigadier general", "lieutenant colonel",
		"general leytenant", "general mayor", "general polkovnik", "general armii",
		// German academic degrees written before the name: Dr. med., Dr. jur.
		"dr med", "dr jur", "dr phil", "dr rer nat", "dr ing", "dipl ing",
	} {
		titlePhrases = append(titlePhrases, strings.Fields(p))
	}
	for _, p := range []string{
		"xian sheng", "nu shi", "xiao jie", "tai tai", "jiang jun", "tong zhi", "zhu xi", "zong tong", "jiao shou", "bo shi",
		"san", "sama", "sensei", "dono", "kun", "shi", "ssi", "nim", "seonsaengnim", "seon saeng nim", "seonsaeng", "seon saeng", "dongji", "janggun",
	} {
		cjkTrailingTitles = append(cjkTrailingTitles, strings.Fields(p))
	}
	// Longest first, so "his excellency" wins over a one-word reading.
	for i := 1; i < len(titlePhrases); i++ {
		for j := i; j > 0 && len(titlePhrases[j]) > len(titlePhrases[j-1]); j-- {
			titlePhrases[j], titlePhrases[j-1] = titlePhrases[j-1], titlePhrases[j]
		}
	}
	for i := 1; i < len(cjkTrailingTitles); i++ {
		for j := i; j > 0 && len(cjkTrailingTitles[j]) > len(cjkTrailingTitles[j-1]); j-- {
			cjkTrailingTitles[j], cjkTrailingTitles[j-1] = cjkTrailingTitles[j-1], cjkTrailingTitles[j]
		}
	}
}
