package name

import "strings"

// equivalentGroups lists spellings and language forms of one name that
// screening must treat as the same name even though Fold and Phonetic do
// not bring them together (different vowels, a dropped or added letter,
// another language's form: Ukrainian h for Russian g, Belarusian a for o).
// The first entry names the group. Spellings that Fold already merges
// (Mohammed/Mohamed, Andrii/Andriy) need not be listed, but listing them
// does no harm.
var equivalentGroups = [][]string{
	// Words of organisations' names written short, in the plural or in
	// the transliterated Russian form (France Tech Services, France
	// Technology Service).
	{"technology", "technologies", "tech", "techn", "tekhnologii", "tekhnologiya", "tekhnologiy", "tecnologia", "technologie", "technik"},
	{"service", "services", "servis", "servicios", "servicio", "svc"},
	{"international", "intl", "internatsional", "internacional", "internationale", "internazionale"},
	{"industry", "industries", "industriya", "industria", "industrie"},
	{"communication", "communications", "kommunikatsii", "comunicaciones", "telecommunication", "telecommunications", "telecom"},
	{"system", "systems", "sistemy", "sistema", "sistemas", "systeme"},
	{"import", "imp", "importing"},
	{"export", "exp", "exporting"},
	{"charity", "charitable"},
	{"product", "products", "produkty"},
	{"manufacturing", "mfg", "manufacture", "manufacturer"},
	{"resource", "resources", "resursy"},
	{"investment", "investments", "invest"},
	{"development", "developments"},
	{"management", "menedzhment", "menedzhmenta", "menedzhmentu", "gestion", "gestao"},
	{"global", "globalnye", "globalnyi", "globalnyy", "globalnaya", "globalnoe"},
	// Anstalt, the Liechtenstein form, is an establishment in English.
	{"establishment", "anstalt", "establishments"},
	// Arabic and Persian given names and name parts.
	{"muhammad", "mohammed", "mohamed", "mohammad", "muhammed", "mohamad", "mukhammad", "mukhammed", "mehmet", "mehmed", "mohamud", "muhamad", "mouhamed", "mouhammad", "mohd", "mhd", "muhamed", "mohammadi"},
	{"ahmad", "ahmed", "akhmed", "akhmad", "achmed", "ahmet", "ahmat", "ehmed"},
	{"mahmud", "mahmoud", "mahmood", "makhmud", "mehmud"},
	{"abdul", "abdel", "abdal", "abdol", "abdoul", "abdil", "abdu"},
	{"abdullah", "abdallah", "abdellah", "abdollah", "abdulah", "abdalla", "abdoullah"},
	{"yusuf", "youssef", "yousef", "yousif", "yusef", "youssouf", "yossef", "joseph", "iosif", "josef", "yosef", "yousuf", "jusuf", "yosyp", "josip"},
	{"husayn", "hussein", "husein", "hussain", "husain", "hossein", "hosein", "huseyin", "hüseyin", "houssein", "hussien", "hussin", "hossain"},
	{"hasan", "hassan", "hasson", "hassen", "hasen"},
	{"ali", "aly", "alee"},
	{"umar", "omar", "omer", "oumar", "umer"},
	{"uthman", "othman", "osman", "usman", "ousmane", "otman", "usmon"},
	{"usama", "osama", "ousama", "oussama"},
	{"ibrahim", "ebrahim", "brahim", "ibragim", "ebrahem", "ibrahem"},
	{"ismail", "ismael", "ismayil", "esmail", "ismoil", "smail"},
	{"suleiman", "sulayman", "soleiman", "suleyman", "sulaiman", "soliman", "sleiman", "suleymon", "soleyman"},
	{"mustafa", "moustafa", "mostafa", "mustapha", "moustapha", "mostapha"},
	{"khalid", "khaled", "halid", "haled"},
	{"said", "saeed", "saied", "sayed", "sayid", "sa'id", "saeid"},
	{"sayyid", "sayed", "seyed", "seyyed", "syed", "sayyed", "said"},
	{"muhsin", "mohsen", "mohsin", "muhsen"},
	{"jafar", "jaafar", "dzhafar", "djafar", "cafer", "jafer"},
	{"yaqub", "yakub", "yacoub", "yaakov", "jacob", "yakoub", "yaqoob", "yakov", "jakov", "yakiv", "iakov"},
	{"musa", "moussa", "mousa", "mussa"},
	{"isa", "issa", "eisa", "aisa"},
	{"dawud", "daoud", "dawood", "daud", "davud"},
	{"yahya", "yehia", "yahia", "yahiya", "yehya"},
	{"yunus", "younis", "younes", "yunes", "younus"},
	{"abu", "abou", "abo"},
	{"bin", "ibn", "ben", "bn", "ebn"},
	{"al", "el", "ul", "il"},
	{"abdulaziz", "abdelaziz", "abdalaziz", "abdulaziz", "abdul-aziz"},
	{"abdulrahman", "abdelrahman", "abdurrahman", "abdalrahman", "abdurahman", "abderrahman", "abdarrahman"},
	{"nasrallah", "nasrullah", "nasrala"},
	{"nuraldin", "nureddin", "noureddine", "nuruddin", "nouraldin", "nur-al-din", "nuraddin"},
	{"jamaladdin", "jamaleddine", "jamaluddin", "jamaladin", "jamal-al-din", "dzhamaladdin"},
	{"salahuddin", "salaheddine", "salahaddin", "salah-al-din", "salaheddin"},
	{"saifaldin", "saifuddin", "sayfaldin", "saifeddine", "saif-al-din"},
	{"qasim", "kasim", "qassem", "ghasem", "qasem", "kassem", "gasim", "qassim"},
	{"qadhafi", "gaddafi", "kadhafi", "qaddafi", "gadhafi", "kaddafi", "qadafi"},
	{"hamid", "hameed", "hamed"},
	{"rashid", "rasheed", "rached", "rashed"},
	{"majid", "majeed", "madjid", "maged", "magid", "majed"},
	{"walid", "waleed", "oualid", "valid"},
	{"zayd", "zaid", "zeid", "zayed", "zied"},
	{"aziz", "azeez", "aziiz"},
	{"faisal", "faysal", "feisal", "faycal"},
	{"haji", "hadji", "hajji", "hadj", "haj", "hajj", "hadzhi"},
	{"mahdi", "mehdi", "mahady"},
	{"reza", "riza", "rida", "ridha", "redha"},
	{"jamal", "djamel", "gamal", "jamel", "dzhamal", "cemal"},
	{"kamal", "kamel", "kemal"},
	{"abbas", "abas"},
	{"fatima", "fatimah", "fatma", "fatemeh", "fatime"},
	{"aisha", "aicha", "ayesha", "aysha", "aishah", "ayse"},
	{"nasser", "naser", "nasir", "nassir"},
	{"hakim", "hakeem"},
	{"karim", "kareem", "kerim"},
	{"rahim", "raheem", "rakhim"},
	{"salim", "saleem", "selim"},
	{"naim", "naeem", "nayim"},
	{"tariq", "tarik", "tareq", "tarek"},
	{"shafiq", "shafik", "chafik", "shafeeq"},
	{"ghulam", "gholam", "golam", "gulam"},
	{"zuhair", "zuhayr", "zouhair", "zoheir", "zuheir"},
	{"khalil", "khaleel", "halil"},
	{"habib", "habeeb"},
	{"sharif", "shareef", "cherif"},
	{"anwar", "anouar", "enver"},
	{"adil", "adel", "adeel"},
	{"awad", "awadh", "aouad"},
	// Slavic given names in their Russian, Ukrainian and Belarusian forms
	// and common romanisations.
	{"aleksandr", "alexander", "alexandr", "oleksandr", "aliaksandr", "alyaksandr", "aleksander", "alexandre", "olexandr", "aleksandar"},
	{"aleksei", "alexey", "aleksey", "alexei", "oleksiy", "oleksii", "aliaksei"},
	{"andrei", "andrey", "andriy", "andrii", "andrej", "andrzej"},
	{"yevgeniy", "evgeny", "evgenii", "yevgeny", "evgeni", "yevhen", "ievgen", "evgen", "yauhen", "eugene", "jewgienij"},
	{"mikhail", "mykhailo", "michael", "mikhael", "michail", "mihail", "mikhal", "michal", "mikail", "mikhailo"},
	{"sergei", "sergey", "serhiy", "serhii", "siarhei", "sergiy", "sergiu", "serge"},
	{"dmitry", "dmitri", "dmitriy", "dmytro", "dzmitry", "dimitri", "dimitry"},
	{"oleg", "oleh", "aleh"},
	{"olga", "olha", "volha"},
	{"vladimir", "volodymyr", "uladzimir", "wladimir", "vladimer"},
	{"pavel", "pavlo", "pawel", "pavle", "paval"},
	{"petr", "pyotr", "petro", "piotr", "petar", "piatro"},
	{"nikolai", "nikolay", "mykola", "mikalai", "nicolai", "nikola", "mikola"},
	{"grigory", "grigoriy", "hryhoriy", "ryhor", "grigori", "hryhorii", "ryhor"},
	{"georgiy", "georgy", "heorhiy", "georgi", "heorhii", "hieorhi"},
	{"yuri", "yuriy", "yury", "iurii", "jurij", "yurii", "yurij", "yurko"},
	{"konstantin", "kostiantyn", "kanstantsin", "constantin", "kostyantyn"},
	{"viktor", "victor", "wiktor", "viktar"},
	{"igor", "ihor", "ihar"},
	{"ivan", "iwan", "ivane", "ioann"},
	{"gennady", "gennadiy", "hennadiy", "henadz", "gennadii", "hennadii"},
	{"anatoly", "anatoliy", "anatolii", "anatol"},
	{"vasily", "vasiliy", "vasyl", "vasil", "vasili", "wasili"},
	{"ilya", "illia", "ilia", "illya"},
	{"maxim", "maksim", "maksym", "maxime"},
	{"vitaly", "vitaliy", "vitalii", "vital"},
	{"valery", "valeriy", "valerii", "valeri"},
	{"yelena", "elena", "olena", "alena", "jelena", "alyona"},
	{"yekaterina", "ekaterina", "kateryna", "katsiaryna", "katsiaryna"},
	{"natalya", "natalia", "nataliya", "natallia"},
	{"tatyana", "tatiana", "tetiana", "tatsiana"},
	{"svetlana", "sviatlana", "svitlana"},
	{"stepan", "stefan", "stiapan", "stepane"},
	{"timur", "temur", "teymur"},
	{"ruslan", "rouslan"},
	{"arkady", "arkadiy", "arkadii", "arkadz"},
	{"semyon", "semen", "semion", "siamion"},
	{"fyodor", "fedor", "fiodor", "fedir"},
	{"leonid", "leonide"},
	{"boris", "barys"},
	{"artyom", "artem", "artiom", "artsiom"},
	{"kirill", "kyrylo", "kiryl"},
	{"roman", "raman"},
}

var equivalentIndex, nicknameIndex = buildEquivalentIndex()

// buildEquivalentIndex maps every listed spelling's Fold to its group's
// canonical key: equivalentGroups first, then crossLanguageGroups, which
// join the group of their first member that already has one; and, apart,
// every nickname to the group of its formal name.
func buildEquivalentIndex() (idx, nick map[string]string) {
	idx = make(map[string]string)
	key := func(v string) string {
		return Fold(strings.ReplaceAll(strings.ReplaceAll(v, "-", ""), "'", ""))
	}
	for _, g := range append(equivalentGroups[:len(equivalentGroups):len(equivalentGroups)], koreanSurnameGroups...) {
		canon := key(g[0])
		for _, v := range g {
			// The first group to claim a spelling keeps it: a spelling in two
			// groups (Jacob, Yahya, Said) stays with the more specific one.
			if _, ok := idx[key(v)]; !ok {
				idx[key(v)] = canon
			}
		}
	}
	join := func(g []string) string {
		for _, v := range g {
			if c, ok := idx[key(v)]; ok {
				return c
			}
		}
		return key(g[0])
	}
	for _, g := range crossLanguageGroups {
		canon := join(g)
		for _, v := range g {
			if _, ok := idx[key(v)]; !ok {
				idx[key(v)] = canon
			}
		}
	}
	nick = make(map[string]string)
	for _, g := range nicknameGroups {
		canon := join(g[:1])
		if _, ok := idx[key(g[0])]; !ok {
			idx[key(g[0])] = canon
		}
		for _, v := range g[1:] {
			// A nickname that is a name of its own (Petro, Dimitri) keeps
			// its own group.
			if _, ok := idx[key(v)]; !ok {
				nick[key(v)] = canon
			}
		}
	}
	return idx, nick
}

// Equivalent returns the canonical (folded) member of the group of known
// equivalent names that the normalised token t belongs to, or "" when it
// belongs to none: Equivalent("mohamed") == Equivalent("muhammad"),
// Equivalent("youssef") == Equivalent("joseph").
func Equivalent(t string) string {
	f := Fold(t)
	if e, ok := equivalentIndex[f]; ok {
		return e
	}
	return nicknameIndex[f]
}

// IsNickname reports whether the normalised token t is known as a short
// or pet form of a given name ("sasha", "misha", "bill"), whose group
// Equivalent returns.
func IsNickname(t string) bool {
	_, ok := nicknameIndex[Fold(t)]
	return ok
}
