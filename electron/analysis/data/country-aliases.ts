/*
 * The reviewed half of the country gazetteer: what no package offers, and every exception to the
 * generated names. Spelling variants of one word do not need listing twice when they only differ
 * in case or accents ("Türkiye"/"Turkiye"): the matcher folds both. Each entry is a name as it is
 * written in Indonesian or English news; a phrase of several words matches with spaces, hyphens
 * or apostrophes between its words.
 */

/** Capitals and seats of power, used as metonyms for the state ("Moskow membantah", "the Kremlin said"). */
export const CAPITALS: Record<string, readonly string[]> = {
  AE: ['Abu Dhabi'],
  AF: ['Kabul'],
  AL: ['Tirana'],
  AM: ['Yerevan'],
  AO: ['Luanda'],
  AR: ['Buenos Aires', 'Casa Rosada'],
  AT: ['Wina', 'Vienna', 'Wien'],
  AU: ['Canberra'],
  AZ: ['Baku'],
  BA: ['Sarajevo'],
  BD: ['Dhaka', 'Dakka'],
  // Brussels is left out on purpose: in news it is the usual metonym for the European Union.
  BF: ['Ouagadougou'],
  BG: [], // Sofia is also a common given name.
  BH: ['Manama'],
  BN: ['Bandar Seri Begawan'],
  BO: ['La Paz'],
  BR: ['Brasilia', 'Brasília', 'Planalto'],
  BT: ['Thimphu'],
  BW: ['Gaborone'],
  BY: ['Minsk'],
  CA: ['Ottawa'],
  CD: ['Kinshasa'],
  CF: ['Bangui'],
  CG: ['Brazzaville'],
  // Geneva (Jenewa) hosts UN bodies and talks about everyone else; only the capital stands for Switzerland.
  CH: ['Bern', 'Berne'],
  CI: ['Abidjan', 'Yamoussoukro'],
  CL: [], // Santiago is also a city in Spain and the Dominican Republic and a common given name.
  CM: ['Yaounde', 'Yaoundé'],
  CN: ['Beijing', 'Peking', 'Zhongnanhai'],
  CO: ['Bogota', 'Bogotá'],
  CU: ['Havana', 'Habana'],
  CY: ['Nicosia'],
  CZ: ['Praha', 'Prague'],
  DE: ['Berlin', 'Bundestag'],
  DK: ['Kopenhagen', 'Copenhagen', 'København'],
  DO: ['Santo Domingo'],
  DZ: ['Aljir', 'Algiers'],
  EC: ['Quito'],
  EE: ['Tallinn'],
  EG: ['Kairo', 'Cairo'],
  ER: ['Asmara'],
  ES: ['Madrid', 'Moncloa'],
  ET: ['Addis Ababa', 'Addis Abeba'],
  FI: ['Helsinki'],
  FJ: ['Suva'],
  FR: ['Paris', 'Élysée', 'Istana Elysee', 'Quai d\'Orsay'],
  // Whitehall and Westminster are the government and the parliament; both only ever mean the UK in news.
  GB: ['London', 'Downing Street', 'Whitehall', 'Westminster'],
  GE: ['Tbilisi'],
  GH: ['Accra'],
  GM: ['Banjul'],
  GN: ['Conakry'],
  GQ: ['Malabo'],
  GR: ['Athens', 'Athena'],
  GT: ['Guatemala City'],
  GW: ['Bissau'],
  HN: ['Tegucigalpa'],
  HR: ['Zagreb'],
  HT: ['Port-au-Prince'],
  HU: ['Budapest'],
  // Jakarta is a capital like any other: a domestic story set there is about Indonesia.
  ID: ['Jakarta', 'Istana Merdeka', 'Istana Negara', 'Istana Kepresidenan'],
  IE: ['Dublin'],
  // Jerusalem is left out: its status is disputed and a mention concerns Palestinians as much as Israel.
  IL: ['Tel Aviv', 'Knesset'],
  IN: ['New Delhi'],
  IQ: ['Baghdad', 'Bagdad'],
  IR: ['Teheran', 'Tehran'],
  IS: ['Reykjavik', 'Reykjavík'],
  IT: ['Roma', 'Rome'],
  JM: [], // Kingston is also a London borough and towns in Canada, Australia and the US.
  JO: ['Amman'],
  JP: ['Tokyo', 'Tokio'],
  KE: ['Nairobi'],
  KG: ['Bishkek'],
  KH: ['Phnom Penh'],
  KP: ['Pyongyang'],
  KR: ['Seoul', 'Seoel'],
  KZ: ['Astana'],
  LA: ['Vientiane'],
  LB: ['Beirut', 'Beyrouth'],
  LK: ['Colombo'],
  LR: ['Monrovia'],
  LS: ['Maseru'],
  LT: ['Vilnius'],
  LV: ['Riga'],
  // Tripoli is also a Lebanese city, but in news it is the Libyan capital nearly every time.
  LY: ['Tripoli'],
  MA: ['Rabat'],
  MD: ['Chisinau', 'Chișinău'],
  ME: ['Podgorica'],
  MG: ['Antananarivo'],
  MK: ['Skopje'],
  ML: ['Bamako'],
  MM: ['Naypyidaw', 'Naypyitaw', 'Nay Pyi Taw'],
  MN: ['Ulaanbaatar', 'Ulan Bator'],
  MR: ['Nouakchott'],
  MT: ['Valletta'],
  MW: ['Lilongwe'],
  MX: ['Mexico City', 'Kota Meksiko'],
  MY: ['Kuala Lumpur', 'Putrajaya'],
  MZ: ['Maputo'],
  NA: ['Windhoek'],
  NE: ['Niamey'],
  NG: ['Abuja'],
  NI: ['Managua'],
  NL: ['Amsterdam', 'Den Haag', 'The Hague'],
  NO: ['Oslo'],
  NP: ['Kathmandu', 'Katmandu'],
  NZ: ['Wellington'],
  OM: ['Muscat', 'Masqat'],
  PA: ['Panama City'],
  PG: ['Port Moresby'],
  PH: ['Manila', 'Malacañang', 'Malacanang'],
  PK: ['Islamabad'],
  PL: ['Warsawa', 'Warsaw', 'Warszawa'],
  // The Palestinian Authority sits in Ramallah; Gaza and the West Bank are the territory ISO's PS covers.
  PS: ['Ramallah', 'Gaza', 'Jalur Gaza', 'Gaza Strip', 'Tepi Barat', 'West Bank'],
  PT: ['Lisbon', 'Lisabon', 'Lisboa'],
  PY: ['Asuncion', 'Asunción'],
  QA: ['Doha'],
  RO: ['Bukares', 'Bucharest', 'București'],
  RS: ['Beograd', 'Belgrade'],
  RU: ['Moskow', 'Moscow', 'Moskwa', 'Moskva', 'Kremlin', 'Duma'],
  RW: ['Kigali'],
  SA: ['Riyadh', 'Riyad'],
  SB: ['Honiara'],
  SD: ['Khartoum', 'Khartum'],
  SE: ['Stockholm'],
  SI: ['Ljubljana'],
  SK: ['Bratislava'],
  SL: ['Freetown'],
  SN: ['Dakar'],
  SO: ['Mogadishu', 'Mogadisyu'],
  SS: ['Juba'],
  SY: ['Damaskus', 'Damascus'],
  SZ: ['Mbabane'],
  TD: ['N\'Djamena', 'Ndjamena'],
  TG: ['Lome', 'Lomé'],
  TH: ['Bangkok'],
  TJ: ['Dushanbe'],
  TL: ['Dili'],
  TM: ['Ashgabat'],
  TN: ['Tunis'],
  TO: ['Nuku\'alofa'],
  TR: ['Ankara'],
  TW: ['Taipei', 'Taipeh'],
  TZ: ['Dodoma'],
  UA: ['Kyiv', 'Kiev', 'Kiyv', 'Kiew'],
  UG: ['Kampala'],
  // Washington stands for the US government in most news; the state, the newspaper and people named
  // Washington are handled by NOT_COUNTRIES and PERSON_LIKE below.
  US: ['Washington', 'Gedung Putih', 'White House', 'Pentagon', 'Capitol Hill', 'Oval Office'],
  UY: ['Montevideo'],
  UZ: ['Tashkent', 'Taskent'],
  VE: ['Caracas'],
  VN: ['Hanoi', 'Ha Noi'],
  VU: ['Port Vila'],
  WS: ['Apia'],
  XK: ['Pristina', 'Priština'],
  YE: ['Sanaa', 'Sana\'a'],
  ZA: ['Pretoria', 'Cape Town', 'Tshwane'],
  ZM: ['Lusaka'],
  ZW: ['Harare'],
};

/*
 * People and adjectives. Indonesian mostly writes "warga Rusia", "pemerintah Jepang", so its
 * demonyms are the country names themselves; the few it has are here. English plurals are added by
 * the matcher ("Russian" also gives "Russians").
 */
export const DEMONYMS_EN: Record<string, readonly string[]> = {
  AE: ['Emirati'],
  AF: ['Afghan'],
  AL: ['Albanian'],
  AM: ['Armenian'],
  AO: ['Angolan'],
  AR: ['Argentine', 'Argentinian'],
  AT: ['Austrian'],
  AU: ['Australian', 'Aussie'],
  AZ: ['Azerbaijani', 'Azeri'],
  BA: ['Bosnian'],
  BD: ['Bangladeshi'],
  BE: ['Belgian'],
  BG: ['Bulgarian'],
  BH: ['Bahraini'],
  BN: ['Bruneian'],
  BO: ['Bolivian'],
  BR: ['Brazilian'],
  BT: ['Bhutanese'],
  BY: ['Belarusian'],
  CA: ['Canadian'],
  CH: ['Swiss'],
  CL: ['Chilean'],
  CM: ['Cameroonian'],
  CN: ['Chinese'],
  CO: ['Colombian'],
  CR: ['Costa Rican'],
  CU: ['Cuban'],
  CY: ['Cypriot'],
  CZ: ['Czech'],
  DE: ['German'],
  DK: ['Danish', 'Dane'],
  // "Dominican" nearly always means the Dominican Republic, the far larger country.
  DO: ['Dominican'],
  DZ: ['Algerian'],
  EC: ['Ecuadorian'],
  EE: ['Estonian'],
  EG: ['Egyptian'],
  ER: ['Eritrean'],
  ES: ['Spanish', 'Spaniard'],
  ET: ['Ethiopian'],
  FI: ['Finnish'],
  FJ: ['Fijian'],
  FR: ['French', 'Frenchman', 'Frenchmen'],
  // English alone is the language and England's adjective; only British and Briton name the state.
  GB: ['British', 'Briton', 'Brit'],
  GE: ['Georgian'],
  GH: ['Ghanaian'],
  GR: ['Greek'],
  GT: ['Guatemalan'],
  HN: ['Honduran'],
  HR: ['Croatian', 'Croat'],
  HT: ['Haitian'],
  HU: ['Hungarian'],
  ID: ['Indonesian'],
  IE: ['Irish'],
  IL: ['Israeli'],
  IN: ['Indian'],
  IQ: ['Iraqi'],
  IR: ['Iranian'],
  IS: ['Icelandic', 'Icelander'],
  IT: ['Italian'],
  JM: ['Jamaican'],
  JO: ['Jordanian'],
  JP: ['Japanese'],
  KE: ['Kenyan'],
  KG: ['Kyrgyz'],
  KH: ['Cambodian'],
  KP: ['North Korean'],
  // Korean alone is read as South Korean, as in news it nearly always is (see "Korea" below).
  KR: ['South Korean', 'Korean'],
  KW: ['Kuwaiti'],
  KZ: ['Kazakh', 'Kazakhstani'],
  LA: ['Laotian'],
  LB: ['Lebanese'],
  LK: ['Sri Lankan'],
  LR: ['Liberian'],
  LT: ['Lithuanian'],
  LU: ['Luxembourgish'],
  LV: ['Latvian'],
  LY: ['Libyan'],
  MA: ['Moroccan'],
  MD: ['Moldovan'],
  ME: ['Montenegrin'],
  MG: ['Malagasy'],
  MK: ['Macedonian'],
  ML: ['Malian'],
  MM: ['Burmese'],
  MN: ['Mongolian'],
  MR: ['Mauritanian'],
  MT: ['Maltese'],
  MV: ['Maldivian'],
  MW: ['Malawian'],
  MX: ['Mexican'],
  MY: ['Malaysian'],
  MZ: ['Mozambican'],
  NA: ['Namibian'],
  NE: ['Nigerien'],
  NG: ['Nigerian'],
  NI: ['Nicaraguan'],
  NL: ['Dutch', 'Dutchman'],
  NO: ['Norwegian'],
  NP: ['Nepali', 'Nepalese'],
  NZ: ['New Zealander'],
  OM: ['Omani'],
  PA: ['Panamanian'],
  PE: ['Peruvian'],
  PG: ['Papua New Guinean'],
  PH: ['Filipino', 'Philippine'],
  PK: ['Pakistani'],
  PL: ['Polish'],
  PR: ['Puerto Rican'],
  PS: ['Palestinian'],
  PT: ['Portuguese'],
  PY: ['Paraguayan'],
  QA: ['Qatari'],
  RO: ['Romanian'],
  RS: ['Serbian', 'Serb'],
  RU: ['Russian'],
  RW: ['Rwandan'],
  SA: ['Saudi'],
  SD: ['Sudanese'],
  SE: ['Swedish', 'Swede'],
  SG: ['Singaporean'],
  SI: ['Slovenian', 'Slovene'],
  SK: ['Slovak', 'Slovakian'],
  SN: ['Senegalese'],
  SO: ['Somali'],
  SS: ['South Sudanese'],
  SV: ['Salvadoran'],
  SY: ['Syrian'],
  TH: ['Thai'],
  TJ: ['Tajik'],
  TL: ['Timorese'],
  TM: ['Turkmen'],
  TN: ['Tunisian'],
  TO: ['Tongan'],
  TR: ['Turkish', 'Turk'],
  TW: ['Taiwanese'],
  TZ: ['Tanzanian'],
  UA: ['Ukrainian'],
  UG: ['Ugandan'],
  US: ['American'],
  UY: ['Uruguayan'],
  UZ: ['Uzbek'],
  VE: ['Venezuelan'],
  VN: ['Vietnamese'],
  WS: ['Samoan'],
  XK: ['Kosovar'],
  YE: ['Yemeni'],
  ZA: ['South African'],
  ZM: ['Zambian'],
  ZW: ['Zimbabwean'],
};

/** Short and everyday names the packages lack, in Indonesian (and Malay) and English. */
export const OTHER_NAMES: Record<string, readonly string[]> = {
  AE: ['Emirat Arab', 'UEA', 'UAE'],
  BA: ['Bosnia-Herzegovina'],
  BN: ['Brunei Darussalam'],
  // The Central African Republic in full only: "Afrika Tengah" alone is also the region.
  CF: ['Republik Afrika Tengah'],
  CD: ['Kongo-Kinshasa', 'Congo-Kinshasa', 'RD Kongo', 'DR Kongo', 'DR Congo', 'DRC', 'RDK', 'Zaire', 'Democratic Republic of Congo'],
  CG: ['Kongo-Brazzaville', 'Congo-Brazzaville', 'Republik Kongo', 'Republic of Congo'],
  CI: ['Ivory Coast'],
  // RRT (Republik Rakyat Tiongkok) is the official Indonesian abbreviation since 2014; RRC and Cina are older usage.
  CN: ['Tiongkok', 'Cina', 'RRT', 'RRC', 'PRC', 'Negeri Tirai Bambu'],
  CZ: ['Republik Ceko', 'Czech Republic'],
  DE: ['Negeri Panser'],
  EG: ['Negeri Piramida', 'Negeri Firaun'],
  ES: ['Negeri Matador'],
  FR: ['Perancis', 'Prancis', 'Negeri Ayam Jantan'],
  // Inggris is both England and the UK in Indonesian; England, Scotland, Wales and Northern Ireland
  // are not ISO countries, so a story about any of them is a story about the United Kingdom.
  GB: ['Inggris', 'Britania', 'Britain', 'Great Britain', 'Britania Raya', 'Inggris Raya', 'UK', 'U.K.', 'England', 'Skotlandia', 'Scotland', 'Wales', 'Irlandia Utara', 'Northern Ireland', 'Negeri Ratu Elizabeth'],
  GQ: ['Guinea Ekuatorial'],
  IN: ['Negeri Bollywood'],
  // RI and NKRI are how Indonesian writes its own state ("Presiden RI").
  ID: ['RI', 'NKRI', 'Republik Indonesia'],
  JP: ['Negeri Sakura', 'Negeri Matahari Terbit'],
  KP: ['Korut', 'DPRK', 'Republik Rakyat Demokratik Korea'],
  // "Korea" alone is read as South Korea: North Korea is always written out (Korea Utara, Korut).
  // The peninsula and the 1950 war are in NOT_COUNTRIES.
  KR: ['Korea', 'Korsel', 'ROK', 'Republik Korea', 'Negeri Ginseng', 'Negeri Gingseng'],
  LA: ['Laos'],
  // Myanmar's old name is still common in English; Burma and Birma in Indonesian.
  MM: ['Burma', 'Birma'],
  MK: ['Makedonia', 'Macedonia'],
  // Negeri Jiran ("the neighbouring country") means Malaysia in Indonesian news.
  MY: ['Negeri Jiran'],
  NL: ['Holland', 'Negeri Kincir Angin', 'Negeri Oranye'],
  NZ: ['NZ', 'Negeri Kiwi'],
  PG: ['PNG', 'Papua Nugini', 'Papua New Guinea'],
  PH: ['Filipina'],
  PS: ['Palestina', 'Palestine'],
  PT: ['Portugal'],
  RU: ['Federasi Rusia', 'Negeri Beruang Merah'],
  // Saudi alone is the kingdom in both languages ("raja Saudi", "the Saudi crown prince").
  SA: ['Saudi', 'Saudi Arabia', 'Arab Saudi', 'KSA'],
  SG: ['Negeri Singa'],
  SS: ['Sudan Selatan', 'South Sudan'],
  SZ: ['Swaziland'],
  // Timor Timur was the Indonesian province that became Timor-Leste; "Timor" alone is the island.
  TL: ['Timor Leste', 'Timor-Leste', 'East Timor', 'Timor Timur', 'Timtim'],
  TH: ['Siam', 'Negeri Gajah Putih', 'Muangthai'],
  TR: ['Turki', 'Turkey', 'Türkiye'],
  UA: ['Ukraina'],
  // AS (Amerika Serikat) is the standard Indonesian abbreviation; Amerika alone means the US in both
  // languages, while the continents and Latin America are in NOT_COUNTRIES.
  US: ['AS', 'Amerika', 'America', 'USA', 'U.S.', 'U.S.A.', 'US', 'Negeri Paman Sam', 'Paman Sam', 'Uncle Sam'],
  VA: ['Vatikan', 'Vatican', 'Takhta Suci', 'Tahta Suci', 'Holy See'],
  VN: ['Viet Nam'],
  ZA: ['Afsel'],
  // Sports bodies call Taiwan so.
  TW: ['Chinese Taipei'],
  // Football clubs: the city names the country, and their AS is not Amerika Serikat.
  IT: ['Negeri Pizza', 'AS Roma'],
  MC: ['AS Monaco'],
  LK: ['Ceylon', 'Srilanka'],
  KH: ['Kampuchea'],
  BJ: ['Dahomey'],
  BF: ['Upper Volta'],
  MF: ['Saint Martin', 'Saint-Martin'],
  SX: ['Sint Maarten'],
  ZW: ['Rhodesia'],
  AR: ['Negeri Tango'],
  BR: ['Negeri Samba'],
  AU: ['Negeri Kanguru', 'Negeri Kangguru'],
};

/*
 * Generated names that are ordinary words or other things more often than countries in Indonesian
 * or English text, and names shared by two countries. They are dropped; the country keeps its other names.
 */
export const EXCLUDED_NAMES: readonly string[] = [
  'Island', // German for Iceland; an English word.
  'Irã', // Portuguese for Iran; folds to "ira" (and IRA).
  'Omã', // Portuguese for Oman; folds to "oma", grandmother in Indonesian and Dutch.
  'Maurice', 'Mauricio', 'Dominique', 'Francia', 'Georgie', 'Guadalupe', // foreign names that are given names.
  'Granada', // Spanish for Grenada; a Spanish city.
  'Salvador', // the short form of El Salvador; a Brazilian city and a given name.
  'Chili', // French and German for Chile; the pepper.
  'Équateur', // French for Ecuador; also a province of the DR Congo.
  'Norfolk', // Norfolk Island; an English county and a US city.
  'Guiana', // Portuguese for Guyana; also the region.
  'Réunion', // the French island; "reunion" in English.
  'Congo', 'Kongo', // two countries; each has its own qualified name.
  'Afrika Tengah', // the region of Africa; the country is "Republik Afrika Tengah".
  'São Martinho', // two territories share the island.
];

/*
 * Names that are also ordinary words or names when not capitalised exactly so: each matches only as
 * written here. Names written all in capitals (AS, UK, RRT) are treated so without being listed.
 */
export const CASE_SENSITIVE: readonly string[] = [
  'China', // porcelain
  'Turkey', // the bird
  'Japan', // lacquer
  'Chile', // the pepper
  'Cuba', // Malay for "try"
  'Polen', // Dutch and German for Poland; Indonesian for pollen
  'Baku', // Indonesian for standard ("bahan baku", raw material)
  'Chad', 'Jordan', 'Georgia', 'Holland', 'Wales', 'Dane', // given and family names; see PERSON_LIKE
  'Guinea', // the coin, guinea fowl, guinea pig
  'Niger', // Latin "black" in species names
  'Mali', 'Oman', // short enough to be words elsewhere (Tagalog "mali", wrong); the country always has its capital
  'Jersey', 'Guernsey', // clothing
  'Bermuda', // shorts
  'Kamboja', 'Kemboja', // the frangipani flower
  'Polish', // the verb
  'Swede', 'Turk', 'Brit', // a turnip, and words inside other words' compounds
  'Manila', // the paper and envelope
  'Muscat', // the grape
  'Pentagon', // the shape
  'Juba', 'Doha', 'Dili', 'Riga', 'Suva', 'Apia', 'Roma', 'Duma', // short capitals that are words in some language
  'Washington', 'Wellington', 'Paris', 'Amman', // people's names too, so a Title Case headline alone does not settle them
];

/*
 * Of those, the ones whose ordinary word often begins a sentence ("Turkey prices fell", Malay "Cuba
 * lagi"): there a capital letter proves nothing, so such a mention counts only when the text names
 * the country somewhere else too. Every case-sensitive name is treated so in a Title Case headline.
 */
export const COMMON_AT_SENTENCE_START: readonly string[] = ['Turkey', 'Cuba', 'Polish', 'Bermuda', 'Kamboja', 'Kemboja'];

/*
 * Names that are also given or family names ("Michael Jordan", "Chad Smith", "Tom Holland"): they
 * count only when no capitalised word sits right before them, and none right after unless a title
 * introduces the country ("Presiden Chad Mahamat Deby") or the next word is a day, month or title.
 */
export const PERSON_LIKE: readonly string[] = ['Chad', 'Jordan', 'Georgia', 'Holland', 'Wales', 'Washington', 'Wellington', 'Dane'];

/** Capitalised words that may stand next to a PERSON_LIKE country name without making it a person. */
export const BESIDE_COUNTRY: readonly string[] = [
  'Presiden', 'President', 'Perdana', 'Prime', 'Menteri', 'Minister', 'Menlu', 'PM', 'Raja', 'King', 'Ratu', 'Queen',
  'Pangeran', 'Prince', 'Kerajaan', 'Kingdom', 'Republik', 'Republic', 'Negara', 'State', 'Pemerintah', 'Government',
  'Kedutaan', 'Kedubes', 'Embassy', 'Dubes', 'Duta', 'Ambassador', 'Timnas', 'Tim', 'Team', 'Parlemen', 'Parliament',
  'Tentara', 'Army', 'Militer', 'Military', 'Wakil', 'Vice', 'Foreign', 'Kementerian', 'Ministry', 'Angkatan',
  'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday',
  'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember',
  'January', 'February', 'March', 'May', 'June', 'July', 'August', 'October', 'December',
  'DC', 'D',
];

/** A country name right after one of these words is a language: "bahasa Inggris", "berbahasa Arab". */
export const LANGUAGE_BEFORE: readonly string[] = ['bahasa', 'berbahasa', 'sastra'];

/** A country name or adjective right before one of these words is a language: "French-speaking", "Chinese language". */
export const LANGUAGE_AFTER: readonly string[] = ['language', 'languages', 'speaking', 'speaker', 'speakers', 'subtitles', 'translation'];

/*
 * Phrases that contain a country name but are not about the country: continents and regions, things
 * named after a place (newspapers, accords), and US states and other places with a country in their
 * name. A comma may stand between their words ("Atlanta, Georgia"). Phrases without a country name
 * in them (Uni Eropa, Asia Tenggara, Samudra Hindia, Congo River) need no entry: nothing in them matches.
 */
export const NOT_COUNTRIES: readonly string[] = [
  // continents, regions, seas
  'Amerika Latin', 'Latin America', 'Latin American', 'Amerika Selatan', 'South America', 'South American',
  'Amerika Utara', 'North America', 'North American', 'Amerika Tengah', 'Central America', 'Central American',
  'Benua Amerika',
  'Semenanjung Korea', 'Korean Peninsula', 'Perang Korea', 'Korean War',
  'New Guinea', 'Gulf of Guinea', 'Teluk Guinea', 'Guinea pig', 'Guinea pigs',
  'Indian Ocean', 'Hindia Belanda', 'Dutch East Indies',
  'Teluk Meksiko', 'Gulf of Mexico', 'Laut China Selatan', 'South China Sea',
  'Laut Tiongkok Selatan', 'Laut China Timur', 'East China Sea', 'Laut Cina Selatan',
  'Niger Delta', 'Delta Niger', 'Sungai Niger', 'Niger River', 'Lake Chad', 'Danau Chad',
  'Selat Inggris',
  // US states and places named after another country
  'New Mexico', 'New Jersey', 'New South Wales', 'Georgia state', 'state of Georgia',
  'negara bagian Georgia', 'Atlanta Georgia', 'Georgia Tech', 'University of Georgia', 'Washington state',
  'state of Washington', 'negara bagian Washington', 'University of Washington',
  'Prince of Wales', 'Pangeran Wales', 'Putri Wales', 'Princess of Wales',
  // newspapers, clubs, brands, accords, named after a place
  'Washington Post', 'Jakarta Post', 'Jakarta Globe', 'Bangkok Post', 'Moscow Times', 'Japan Times', 'China Daily',
  'Korea Herald', 'Korea Times', 'Times of India', 'South China Morning Post', 'Taipei Times', 'Kyiv Independent',
  'Kyiv Post', 'Voice of America', 'Bank of America', 'Captain America', 'Copa America', 'Copa América',
  'Paris Hilton',
  'Panama Papers', 'Panama hat', 'Paris Agreement', 'Perjanjian Paris', 'Kesepakatan Paris', 'Persetujuan Paris',
  'Air Jordan', 'Michael Jordan', 'French fries', 'French toast', 'Dutch auction', 'Indian summer', 'Teh Ceylon', 'Ceylon tea',
  'Kucing Siam', 'Swiss-Belhotel', // an Indonesian hotel chain
];
