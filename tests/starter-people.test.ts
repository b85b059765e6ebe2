import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STARTER_PEOPLE, STARTER_PEOPLE_AS_OF, type StarterPerson } from '../electron/analysis/data/starter-people.js';

/** The 193 member states of the United Nations. */
const UN_MEMBERS = `
  AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM CA CF TD CL CN CO
  KM CG CD CR CI HR CU CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN
  HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KP KR KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU
  MX FM MD MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA RO RU RW KN LC VC WS
  SM ST SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV UG UA AE GB US
  UY UZ VU VE VN YE ZM ZW
`.trim().split(/\s+/);

/** Observer states, and the two places the brief names that are not UN members. */
const ALSO_COVERED = ['VA', 'PS', 'TW', 'XK'];

/** Region codes CLDR names that are not countries. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ']);

/**
 * Words and names that must never be an alias on their own: common words in English and Indonesian
 * ("Dan" opens Indonesian sentences, "BBM" is fuel), titles, and names shared by too many people.
 */
const NEVER_ALIASES = [
  'King', 'Queen', 'Prince', 'Pope', 'President', 'Minister', 'Premier', 'Chancellor', 'Sultan', 'Emir', 'Sheikh',
  'General', 'Store', 'Turk', 'Friday', 'Coventry', 'Talon', 'Will', 'May', 'Hope', 'Frieden',
  'Raja', 'Ratu', 'Presiden', 'Menteri', 'Paus', 'Kaisar', 'Pangeran', 'Bapak', 'Ibu', 'Pak', 'Bu', 'Mas', 'Gus', 'Cak',
  'Dan', 'Salam', 'Mega', 'Bibi', 'BBM', 'Jalan', 'Negara',
  'Lee', 'Kim', 'Li', 'Ali', 'Khan', 'Charles', 'Abdullah', 'Mohammed', 'Muhammad', 'Mohamed', 'Ahmed', 'Hassan',
  'Ibrahim', 'Salman', 'Yunus', 'Burhan', 'Joko', 'Widodo', 'Yudhoyono', 'Airlangga', 'Tito', 'Sri', 'Agus', 'Budi',
  'Marcos', 'Castro', 'Costa', 'Rama', 'Albanese', 'Sharif', 'Aliyev', 'Abbas', 'Herzog', 'Ortega', 'Boko', 'Wong',
];

/** How a matcher that ignores case, accents and apostrophe shapes would see a name. */
const fold = (s: string): string =>
  s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[‘’ʻ`´]/g, "'").toLowerCase();

const stripMarks = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');

const forms = (p: StarterPerson): string[] => [p.name, ...p.aliases];

const person = (name: string): StarterPerson => {
  const found = STARTER_PEOPLE.find((p) => p.name === name);
  assert.ok(found, `${name} is in the list`);
  return found;
};

test('every country is an ISO 3166-1 alpha-2 code that names a country', () => {
  const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (const p of STARTER_PEOPLE) {
    if (p.country === null) continue;
    assert.match(p.country, /^[A-Z]{2}$/, p.name);
    assert.ok(!NOT_COUNTRIES.has(p.country), `${p.name}: ${p.country} is not a country`);
    assert.notEqual(regions.of(p.country), undefined, `${p.name}: ${p.country}`);
  }
});

test('every UN member state, both observer states, Taiwan and Kosovo have someone', () => {
  assert.equal(new Set(UN_MEMBERS).size, 193);
  const covered = new Set(STARTER_PEOPLE.map((p) => p.country));
  const missing = [...UN_MEMBERS, ...ALSO_COVERED].filter((code) => !covered.has(code));
  assert.deepEqual(missing, []);
});

test('names are unique, even ignoring case and accents', () => {
  const seen = new Map<string, string>();
  for (const p of STARTER_PEOPLE) {
    const key = fold(p.name);
    assert.equal(seen.get(key), undefined, `${p.name} repeats ${seen.get(key)}`);
    seen.set(key, p.name);
  }
});

test('no alias belongs to two people or names someone else, and none repeats its own person', () => {
  const owner = new Map<string, string>();
  for (const p of STARTER_PEOPLE) {
    const written = forms(p).map((form) => form.toLowerCase());
    assert.equal(new Set(written).size, written.length, `${p.name} lists a form twice`);
    const keys = new Set(forms(p).map(fold));
    for (const key of keys) {
      const other = owner.get(key);
      assert.ok(other === undefined, `"${key}" belongs to both ${other} and ${p.name}`);
    }
    for (const key of keys) owner.set(key, p.name);
  }
});

test('aliases are capitalised, at least two letters, and never a common word or a widely shared name', () => {
  const banned = new Set(NEVER_ALIASES.map(fold));
  for (const p of STARTER_PEOPLE) {
    for (const alias of p.aliases) {
      assert.ok(alias.trim() === alias && alias.length >= 2, `${p.name}: "${alias}"`);
      assert.notEqual(alias, alias.toLowerCase(), `${p.name}: "${alias}" is a lower-case word`);
      assert.ok(!banned.has(fold(alias)), `${p.name}: "${alias}" is too common to match alone`);
    }
  }
});

test('a name written with diacritics can also be found without them', () => {
  for (const p of STARTER_PEOPLE) {
    const written = new Set(forms(p));
    for (const form of written) {
      const plain = stripMarks(form);
      assert.ok(written.has(plain), `${p.name}: "${form}" has no variant "${plain}"`);
    }
  }
});

test('every entry says its office in English and Indonesian', () => {
  for (const p of STARTER_PEOPLE) {
    assert.ok(p.office.length > 0, p.name);
    assert.ok(p.officeId !== undefined && p.officeId.length > 0, p.name);
  }
});

test('the as-of date is a real ISO date and not in the future', () => {
  assert.match(STARTER_PEOPLE_AS_OF, /^\d{4}-\d{2}-\d{2}$/);
  const date = new Date(`${STARTER_PEOPLE_AS_OF}T00:00:00Z`);
  assert.equal(date.toISOString().slice(0, 10), STARTER_PEOPLE_AS_OF);
  assert.ok(date.getTime() <= Date.now());
});

test('spot checks: the people news name most', () => {
  const xi = person('Xi Jinping');
  assert.equal(xi.country, 'CN');
  assert.ok(xi.aliases.includes('Xi'));
  assert.ok(person('Joko Widodo').aliases.includes('Jokowi'));
  assert.ok(person('Susilo Bambang Yudhoyono').aliases.includes('SBY'));
  assert.equal(person('Vladimir Putin').country, 'RU');
  assert.equal(person('Mikhail Mishustin').office, 'Prime Minister of Russia');
  assert.equal(person('Prabowo Subianto').country, 'ID');
  assert.ok(person('Volodymyr Zelenskyy').aliases.includes('Zelensky'));
  assert.ok(person('Recep Tayyip Erdoğan').aliases.includes('Erdogan'));
  assert.ok(person('Mohammed bin Salman').aliases.includes('MBS'));
  const charles = person('Charles III');
  assert.equal(charles.country, 'GB');
  assert.match(charles.office, /Commonwealth realms/);
  assert.equal(person('António Guterres').country, null);
});
