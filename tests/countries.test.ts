import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evalCountries, loadCountryArticles } from '../bench/eval/countries.js';
import { allCountries, countryByCode, countryNames, findCountries, resolveCountry } from '../electron/analysis/countries.js';
import { CAPITALS, DEMONYMS_EN, NOT_COUNTRIES, OTHER_NAMES } from '../electron/analysis/data/country-aliases.js';
import { analysisText } from '../electron/analysis/types.js';

/** Each mention as "surface→CODE@start", so one assert checks codes, offsets and spans together. */
const found = (text: string): string[] => findCountries(text).map((m) => `${text.slice(m.start, m.end)}→${m.code}@${m.start}`);
const codes = (text: string): string[] => findCountries(text).map((m) => m.code);

test('the seed article: Rusia, and both sides of "Moskow-Kiev", with exact offsets', () => {
  const text = 'Kunjungan Presiden Xi adalah yang pertama ke Rusia sejak pecahnya konflik Moskow-Kiev';
  assert.deepEqual(findCountries(text), [
    { start: 45, end: 50, code: 'RU' },
    { start: 74, end: 80, code: 'RU' },
    { start: 81, end: 85, code: 'UA' },
  ]);
  assert.deepEqual(found('hubungan China-Rusia'), ['China→CN@9', 'Rusia→RU@15']);
  assert.deepEqual(found('menurut situs web Kremlin'), ['Kremlin→RU@18']);
});

test('the longest name wins and mentions never overlap', () => {
  assert.deepEqual(found('Sudan Selatan dan Sudan'), ['Sudan Selatan→SS@0', 'Sudan→SD@18']);
  assert.deepEqual(found('South Sudan and Sudan'), ['South Sudan→SS@0', 'Sudan→SD@16']);
  assert.deepEqual(found('Papua Nugini berbatasan dengan Papua'), ['Papua Nugini→PG@0']);
  assert.deepEqual(found('Papua New Guinea'), ['Papua New Guinea→PG@0']);
  assert.deepEqual(found('pemilu di Guinea, Guinea-Bissau, Guinea Khatulistiwa dan Equatorial Guinea ditunda.'), [
    'Guinea→GN@10', 'Guinea-Bissau→GW@18', 'Guinea Khatulistiwa→GQ@33', 'Equatorial Guinea→GQ@57',
  ]);
  assert.deepEqual(found('Uni Emirat Arab dan Arab Saudi'), ['Uni Emirat Arab→AE@0', 'Arab Saudi→SA@20']);
  assert.deepEqual(found('Korea Utara, Korea Selatan'), ['Korea Utara→KP@0', 'Korea Selatan→KR@13']);
  assert.deepEqual(found('North Korean and South Korean troops'), ['North Korean→KP@0', 'South Korean→KR@17']);
  assert.deepEqual(found('Samoa Amerika'), ['Samoa Amerika→AS@0']);
});

test('words end at anything but a letter or digit; English possessives and Indonesian -nya still match', () => {
  assert.deepEqual(found("Russia's war"), ['Russia→RU@0']);
  assert.deepEqual(found('talks between Moskow–Kiev and Beijing/Washington'), ['Moskow→RU@14', 'Kiev→UA@21', 'Beijing→CN@30', 'Washington→US@38']);
  assert.deepEqual(found('kebijakan Rusianya'), ['Rusia→RU@10']);
  assert.deepEqual(found('Rusiawan dan Kenya'), ['Kenya→KE@13']);
});

test('ordinary names match in any case and spelling of accents', () => {
  assert.deepEqual(codes('RUSIA SERANG KIEV'), ['RU', 'UA']);
  assert.deepEqual(codes('Perancis, Prancis, France'), ['FR', 'FR', 'FR']);
  assert.deepEqual(codes('Türkiye, Turkiye, Turki'), ['TR', 'TR', 'TR']);
  assert.deepEqual(codes("Côte d'Ivoire, Cote d’Ivoire, Pantai Gading"), ['CI', 'CI', 'CI']);
  assert.deepEqual(codes('Großbritannien und Frankreich'), ['GB', 'FR']);
});

test('names that are ordinary words match only as the country is written', () => {
  assert.deepEqual(codes('a set of fine china and a roast turkey'), []);
  assert.deepEqual(codes('Both China and Turkey signed the deal.'), ['CN', 'TR']);
  assert.deepEqual(codes('Saya cuba lagi esok. Kuba dan Cuba.'), ['CU', 'CU']);
  assert.deepEqual(codes('tell us about it; as usual'), []);
  assert.deepEqual(codes('US officials and AS pejabat'), ['US', 'US']);
  assert.deepEqual(codes('the U.S. economy'), ['US']);
  assert.deepEqual(codes('a guinea pig in a new jersey, bunga kamboja'), []);
  assert.deepEqual(codes('Pasukan dari Mali, Niger dan Oman.'), ['ML', 'NE', 'OM']);
  assert.deepEqual(codes('Niger dan Nigeria'), ['NE', 'NG']);
});

test('an ordinary word capitalised by a headline or a sentence start counts only if the text names the country elsewhere', () => {
  assert.deepEqual(codes(analysisText('Turkey Prices Fall Ahead of Thanksgiving', 'Turkey prices fell 5 percent, a farm group said.')), []);
  assert.deepEqual(codes(analysisText('Demand for Fine China Returns', 'Sales of fine china rose.')), []);
  assert.deepEqual(
    found(analysisText('China Warns Taiwan Over Drills', 'On Monday China said it would respond.')),
    ['China→CN@0', 'Taiwan→TW@12', 'China→CN@42'],
  );
  assert.deepEqual(codes('Turkey is on the menu. Ankara is not.'), ['TR', 'TR']);
  assert.deepEqual(codes('"Turkey is on the menu," she said.'), []);
  assert.deepEqual(codes('Saya sudah makan. Cuba lagi esok.'), []);
  assert.deepEqual(codes('Japan and China held talks.'), ['JP', 'CN']);
  // A sentence with many names is prose, not a headline.
  assert.deepEqual(codes('Presiden Chad Mahamat Deby tiba di Paris.'), ['TD', 'FR']);
});

test('languages are not countries: bahasa X, berbahasa X, X-speaking, X language', () => {
  assert.deepEqual(codes('guru bahasa Inggris, bahasa Arab, bahasa Jepang, bahasa Rusia, bahasa Mandarin dan Bahasa Indonesia'), []);
  assert.deepEqual(codes('Ia fasih berbahasa Jerman dan bahasa Prancis.'), []);
  assert.deepEqual(codes('French-speaking tutors and Spanish speakers took Chinese language classes.'), []);
  assert.deepEqual(codes('Beasiswa ke Inggris mensyaratkan kemampuan bahasa Inggris.'), ['GB']);
});

test('continents, regions and unions are not countries', () => {
  assert.deepEqual(codes('Amerika Latin, Amerika Selatan, Amerika Utara, Latin America, South America'), []);
  assert.deepEqual(codes('Amerika dan Amerika Serikat'), ['US', 'US']);
  assert.deepEqual(codes('Afrika, Afrika Barat, Afrika Tengah dan Afrika Selatan'), ['ZA']);
  assert.deepEqual(codes('negara-negara Arab dan Liga Arab'), []);
  assert.deepEqual(codes('Uni Eropa, Asia Tenggara, PBB, ASEAN'), []);
  assert.deepEqual(codes('Semenanjung Korea dan the Korean Peninsula'), []);
  assert.deepEqual(codes('drama Korea'), ['KR']);
  assert.deepEqual(codes('Laut China Selatan, the Gulf of Mexico and the Indian Ocean'), []);
  assert.deepEqual(codes('Provinsi Papua dan Papua Barat; Timor Barat dan pulau Timor'), []);
  assert.deepEqual(codes('Timor Leste, Timor-Leste, East Timor'), ['TL', 'TL', 'TL']);
});

test('two countries of one name resolve only when qualified', () => {
  assert.deepEqual(codes('Kongo dan Congo'), []);
  assert.deepEqual(codes('Republik Demokratik Kongo, Democratic Republic of Congo, DRC, Kinshasa'), ['CD', 'CD', 'CD', 'CD']);
  assert.deepEqual(codes('Republik Kongo, Congo-Brazzaville, Brazzaville'), ['CG', 'CG', 'CG']);
  assert.deepEqual(codes('Dominica and the Dominican Republic, Dominika dan Republik Dominika'), ['DM', 'DO', 'DM', 'DO']);
});

test('places named after another country are not that country', () => {
  assert.deepEqual(codes('New Mexico, New South Wales, New Jersey'), []);
  assert.deepEqual(codes('according to The Washington Post'), []);
  assert.deepEqual(codes('the Panama Papers leak'), []);
  assert.deepEqual(codes('a court in Panama'), ['PA']);
});

test('a name that is also a personal name does not count where it is one, nor anywhere else in that text', () => {
  assert.deepEqual(codes('Michael Jordan scored 40. Jordan wore red shoes.'), []);
  assert.deepEqual(codes('Jordan Henderson mencetak gol.'), []);
  assert.deepEqual(codes("King Abdullah of Jordan met Jordan's prime minister."), ['JO', 'JO']);
  assert.deepEqual(codes('Presiden Chad Mahamat Deby bertemu Raja Yordania.'), ['TD', 'JO']);
  assert.deepEqual(codes('Chad Smith played drums.'), []);
  assert.deepEqual(codes('Election workers in Atlanta, Georgia, counted ballots. Georgia certified the result.'), []);
  assert.deepEqual(codes('Penghitungan suara di negara bagian Georgia. Hasil di Georgia menentukan.'), []);
  assert.deepEqual(codes('Protesters marched in Tbilisi, the capital of Georgia.'), ['GE', 'GE']);
  assert.deepEqual(codes('Tom Holland starred in the film.'), []);
  assert.deepEqual(codes('Fans of Holland cheered as their team beat Spain 2-1.'), ['NL', 'ES']);
});

test('capitals and seats of power, abbreviations, demonyms and old names', () => {
  assert.deepEqual(
    codes('Gedung Putih, White House, Downing Street, Canberra, Tokyo, Seoul, Pyongyang, Peking, Kyiv, Tel Aviv'),
    ['US', 'US', 'GB', 'AU', 'JP', 'KR', 'KP', 'CN', 'UA', 'IL'],
  );
  assert.deepEqual(codes('AS, RRT, RRC, Tiongkok, Cina, UK, USA, UEA, UAE, DPRK, PNG, Presiden RI, Korsel, Korut'), [
    'US', 'CN', 'CN', 'CN', 'CN', 'GB', 'US', 'AE', 'AE', 'KP', 'PG', 'ID', 'KR', 'KP',
  ]);
  assert.deepEqual(codes('Russian and Chinese diplomats met Americans, Israelis and Pakistanis.'), ['RU', 'CN', 'US', 'IL', 'PK']);
  assert.deepEqual(codes('warga negara Rusia dan warga Inggris'), ['RU', 'GB']);
  assert.deepEqual(codes('Myanmar, once called Burma, borders Siam; Ceylon is now Sri Lanka; Zaire.'), ['MM', 'MM', 'TH', 'LK', 'LK', 'CD']);
  assert.deepEqual(codes('Negeri Paman Sam, Negeri Sakura dan Negeri Jiran'), ['US', 'JP', 'MY']);
  assert.deepEqual(codes('AS Roma menang atas AS Monaco'), ['IT', 'MC']);
});

test('resolveCountry takes names, aliases and codes; names first, so AS is the United States', () => {
  for (const query of ['RU', 'ru', 'Russia', 'Rusia', 'Rusland', 'Moskow', 'Kremlin', 'russians']) assert.equal(resolveCountry(query)?.code, 'RU', query);
  assert.equal(resolveCountry('AS')?.code, 'US');
  assert.equal(resolveCountry('Amerika Serikat')?.code, 'US');
  assert.equal(resolveCountry('gb')?.code, 'GB');
  assert.equal(resolveCountry('Réunion')?.code, 'RE');
  assert.equal(resolveCountry('Kongo'), undefined);
  assert.equal(resolveCountry('Amerika Latin'), undefined);
  assert.equal(resolveCountry('ZZ'), undefined);
  assert.equal(resolveCountry(''), undefined);
});

test('every country is listed with its English and Indonesian names, and resolves from both', () => {
  const countries = allCountries();
  assert.equal(countries.length, 250);
  assert.deepEqual(countryByCode('ru'), { code: 'RU', name: 'Russia', nameId: 'Rusia' });
  assert.deepEqual(countryByCode('US'), { code: 'US', name: 'United States', nameId: 'Amerika Serikat' });
  assert.equal(countryByCode('XX'), undefined);
  for (const country of countries) {
    assert.equal(resolveCountry(country.name)?.code, country.code, country.name);
    assert.equal(resolveCountry(country.nameId)?.code, country.code, country.nameId);
  }
});

test('countryNames lists every name and alias the matcher uses for the country, and no dropped one', () => {
  const names = countryNames('RU');
  for (const name of ['Rusia', 'Russia', 'Rusland', 'Moskow', 'Moscow', 'Kremlin', 'Russian', 'Russians']) assert.ok(names.includes(name), name);
  assert.ok(!countryNames('IS').includes('Island'));
  assert.ok(!countryNames('CD').includes('Kongo'));
  assert.deepEqual(countryNames('XX'), []);
  for (const name of countryNames('ID')) assert.equal(resolveCountry(name)?.code, 'ID', name);
});

test('every reviewed alias resolves to its country', () => {
  for (const table of [CAPITALS, OTHER_NAMES, DEMONYMS_EN]) {
    for (const [code, names] of Object.entries(table)) {
      for (const name of names) assert.equal(resolveCountry(name)?.code, code, name);
    }
  }
});

test('every phrase listed as not a country contains a country name and yields no mention', () => {
  for (const phrase of NOT_COUNTRIES) {
    assert.deepEqual(findCountries(phrase), [], phrase);
    const words = phrase.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
    const containsCountry = words.some((_, from) => words.some((__, to) => to >= from && resolveCountry(words.slice(from, to + 1).join(' '))));
    assert.ok(containsCountry, `"${phrase}" names no country, so listing it changes nothing`);
  }
});

test('mentions in the annotated articles are sorted, disjoint and cover the text they claim', () => {
  for (const article of loadCountryArticles()) {
    const text = analysisText(article.title, article.body);
    let end = 0;
    for (const mention of findCountries(text)) {
      assert.ok(mention.start >= end && mention.end > mention.start, article.id);
      assert.equal(resolveCountry(text.slice(mention.start, mention.end).replace(/nya$/, ''))?.code !== undefined, true, article.id);
      end = mention.end;
    }
  }
});

test('on the hand-annotated articles precision is at least 0.95 and recall at least 0.90', () => {
  const result = evalCountries();
  assert.ok(result.articles >= 45);
  assert.ok(result.precision >= 0.95, JSON.stringify(result.falsePositives));
  assert.ok(result.recall >= 0.9, JSON.stringify(result.falseNegatives));
});
