import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setImmediate } from 'node:timers/promises';
import type { FilterField, QueryNode } from '../db/search/ast.js';
import { QueryError } from '../electron/search/query-error.js';
import { parseQuery } from '../electron/search/parse.js';
import { prng } from './prng.js';

const term = (word: string, prefix = false): QueryNode => ({ kind: 'term', word, prefix });
const titleTerm = (word: string, prefix = false): QueryNode => ({ kind: 'term', word, prefix, field: 'title' });
const phrase = (...words: string[]): QueryNode => ({ kind: 'phrase', words });
const near = (distance: number, ...words: string[]): QueryNode => ({ kind: 'near', words, distance });
const and = (...children: QueryNode[]): QueryNode => ({ kind: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ kind: 'or', children });
const not = (child: QueryNode): QueryNode => ({ kind: 'not', child });
const filter = (field: FilterField, value: string): QueryNode => ({ kind: 'filter', field, value });

/** Asserts each query parses to the expected tree. */
function parses(cases: [string, QueryNode | null][]): void {
  for (const [query, expected] of cases) assert.deepEqual(parseQuery(query), expected, query);
}

/** Asserts each query fails with exactly this message and position. */
function fails(cases: [string, string, number][]): void {
  for (const [query, message, position] of cases) {
    assert.throws(
      () => parseQuery(query),
      (e: unknown) => e instanceof QueryError && e.message === message && e.position === position,
      `${JSON.stringify(query)} should fail with "${message}" (${position})`,
    );
  }
}

describe('query parser: words, phrases and operators', () => {
  test('the examples people type', () => {
    parses([
      ['"peta jalan" putin -trump', and(phrase('peta', 'jalan'), term('putin'), not(term('trump')))],
      ['title:ukraina OR title:rusia', or(titleTerm('ukraina'), titleTerm('rusia'))],
      [
        'source:"Warta Kota" lang:id after:2023-03',
        and(filter('source', 'Warta Kota'), filter('lang', 'id'), { kind: 'date', from: '2023-04-01' }),
      ],
      ['NEAR(xi putin, 5)', near(5, 'xi', 'putin')],
      ['“perdamaian”', term('perdamaian')],
    ]);
  });

  test('words are lower-cased and NFC-normalised; diacritics are kept for the tokenizer to fold', () => {
    parses([
      ['PUTIN', term('putin')],
      ['Café', term('café')],
      ['Cafe\u0301', term('café')],
      ['ÉLYSÉE', term('élysée')],
      ['Rusia Jakarta', and(term('rusia'), term('jakarta'))],
      ['  putin\t\n', term('putin')],
      ['موسكو', term('موسكو')],
      ['2023', term('2023')],
    ]);
  });

  test('inner punctuation makes a phrase of the parts; outer punctuation is ignored', () => {
    parses([
      ['China-Rusia', phrase('china', 'rusia')],
      ["Jum'at", phrase('jum', 'at')],
      ['U.S.', phrase('u', 's')],
      ['12:30', phrase('12', '30')],
      ['putin, trump!', and(term('putin'), term('trump'))],
      ['putin,trump', and(term('putin'), term('trump'))],
      ['(putin)', term('putin')],
      ["'putin'", term('putin')],
    ]);
  });

  test('quotes: straight, curly and guillemets; a one-word phrase is a term', () => {
    parses([
      ['"perang dingin"', phrase('perang', 'dingin')],
      ['“perang dingin”', phrase('perang', 'dingin')],
      ['„perang dingin‟', phrase('perang', 'dingin')],
      ['«perang dingin»', phrase('perang', 'dingin')],
      ['″perang dingin″', phrase('perang', 'dingin')],
      ['"Putin"', term('putin')],
      ['"OR NOT putin"', phrase('or', 'not', 'putin')],
      ['"perang, dingin!"', phrase('perang', 'dingin')],
      ['"a b"c', and(phrase('a', 'b'), term('c'))],
    ]);
  });

  test('OR, |, explicit AND, NOT and -, with NOT > AND > OR', () => {
    parses([
      ['putin OR trump', or(term('putin'), term('trump'))],
      ['putin | trump', or(term('putin'), term('trump'))],
      ['putin|trump', or(term('putin'), term('trump'))],
      ['putin AND trump', and(term('putin'), term('trump'))],
      ['a b OR c', or(and(term('a'), term('b')), term('c'))],
      ['a OR b c', or(term('a'), and(term('b'), term('c')))],
      ['a AND b OR c AND d', or(and(term('a'), term('b')), and(term('c'), term('d')))],
      ['NOT a b', and(not(term('a')), term('b'))],
      ['a OR NOT b', or(term('a'), not(term('b')))],
      ['NOT trump', not(term('trump'))],
      ['-trump', not(term('trump'))],
      ['-"perang dingin"', not(phrase('perang', 'dingin'))],
      ['-(a OR b)', not(or(term('a'), term('b')))],
      ['-source:kompas', not(filter('source', 'kompas'))],
      ['NOT date:2023', not({ kind: 'date', from: '2023-01-01', until: '2024-01-01' })],
      ['--trump', not(term('trump'))],
      ['NOT NOT x', term('x')],
      ['NOT -x', term('x')],
    ]);
  });

  test('lower-case or, and, not and near are ordinary words', () => {
    parses([
      ['putin or trump', and(term('putin'), term('or'), term('trump'))],
      ['not and', and(term('not'), term('and'))],
      ['near(xi putin)', and(term('near'), term('xi'), term('putin'))],
      ['NEAR', term('near')],
    ]);
  });

  test('parentheses nest; nested same-kind nodes are flattened and single children unwrapped', () => {
    parses([
      ['(a OR b) c', and(or(term('a'), term('b')), term('c'))],
      ['a (b c)', and(term('a'), term('b'), term('c'))],
      ['a OR (b OR c)', or(term('a'), term('b'), term('c'))],
      ['((((a))))', term('a')],
      ['(a (b OR (c -d)))', and(term('a'), or(term('b'), and(term('c'), not(term('d')))))],
      [`${'('.repeat(32)}a${')'.repeat(32)}`, term('a')],
    ]);
  });

  test('prefix search', () => {
    parses([
      ['indo*', term('indo', true)],
      ['Ukr*', term('ukr', true)],
      ['ab*', term('ab', true)],
      ['putin**', term('putin', true)],
      ['*putin', term('putin')],
      ['title:putin*', titleTerm('putin', true)],
      // The AST has no prefix phrases, so the star after a phrase is dropped.
      ['covid-19*', phrase('covid', '19')],
    ]);
  });

  test('proximity', () => {
    parses([
      ['"xi putin"~10', near(10, 'xi', 'putin')],
      ['"Xi Jinping Putin"~0', near(0, 'xi', 'jinping', 'putin')],
      ['"xi putin"~100', near(100, 'xi', 'putin')],
      ['NEAR(xi putin)', near(10, 'xi', 'putin')],
      ['NEAR(xi putin,20)', near(20, 'xi', 'putin')],
      ['NEAR( Xi, Putin )', near(10, 'xi', 'putin')],
      ['-NEAR(xi putin) rusia', and(not(near(10, 'xi', 'putin')), term('rusia'))],
      ['"xi putin"~', phrase('xi', 'putin')],
    ]);
  });
});

describe('query parser: fields and filters', () => {
  test('title: on terms, prefixes and phrases; field names are case-insensitive', () => {
    parses([
      ['title:ukraina', titleTerm('ukraina')],
      ['TITLE:Putin', titleTerm('putin')],
      ['title:"xi jinping"', { kind: 'phrase', words: ['xi', 'jinping'], field: 'title' }],
      ['title:China-Rusia', { kind: 'phrase', words: ['china', 'rusia'], field: 'title' }],
      ['title:“putin”', titleTerm('putin')],
      ['-title:trump', not(titleTerm('trump'))],
    ]);
  });

  test('filters keep the value as typed (trimmed, NFC) and lower-case language codes', () => {
    parses([
      ['source:kompas.com', filter('source', 'kompas.com')],
      ['Source:"  Warta Kota "', filter('source', 'Warta Kota')],
      ['person:"Xi Jinping"', filter('person', 'Xi Jinping')],
      ['person:“Joko Widodo”', filter('person', 'Joko Widodo')],
      ['person:"Jose\u0301"', filter('person', 'José')],
      ['country:ID', filter('country', 'ID')],
      ['tag:Banjir', filter('tag', 'Banjir')],
      ['lang:id', filter('lang', 'id')],
      ['LANG:EN', filter('lang', 'en')],
      ['lang:ind', filter('lang', 'ind')],
      ['banjir (source:kompas OR source:detik)', and(term('banjir'), or(filter('source', 'kompas'), filter('source', 'detik')))],
    ]);
  });

  test('an unknown field is read as words', () => {
    parses([
      ['foo:bar', phrase('foo', 'bar')],
      ['Reuters: perang', and(term('reuters'), term('perang'))],
      ['http://kompas.com', phrase('http', 'kompas', 'com')],
    ]);
  });

  test('dates: day, month, year, ranges, after and before; until is exclusive', () => {
    parses([
      ['date:2023-03-21', { kind: 'date', from: '2023-03-21', until: '2023-03-22' }],
      ['date:2023-03', { kind: 'date', from: '2023-03-01', until: '2023-04-01' }],
      ['date:2023', { kind: 'date', from: '2023-01-01', until: '2024-01-01' }],
      ['date:2023-12', { kind: 'date', from: '2023-12-01', until: '2024-01-01' }],
      ['date:2023-12-31', { kind: 'date', from: '2023-12-31', until: '2024-01-01' }],
      ['date:2024-02-29', { kind: 'date', from: '2024-02-29', until: '2024-03-01' }],
      ['date:2023-02', { kind: 'date', from: '2023-02-01', until: '2023-03-01' }],
      ['date:2023-03-20..2023-03-22', { kind: 'date', from: '2023-03-20', until: '2023-03-23' }],
      ['date:2023-03..2023-03', { kind: 'date', from: '2023-03-01', until: '2023-04-01' }],
      ['date:2022..2023-02', { kind: 'date', from: '2022-01-01', until: '2023-03-01' }],
      ['date:..2023-03-22', { kind: 'date', until: '2023-03-23' }],
      ['date:2023-03-20..', { kind: 'date', from: '2023-03-20' }],
      ['date:"2023-03"', { kind: 'date', from: '2023-03-01', until: '2023-04-01' }],
      ['DATE:2023', { kind: 'date', from: '2023-01-01', until: '2024-01-01' }],
      ['after:2023-03', { kind: 'date', from: '2023-04-01' }],
      ['after:2023-03-21', { kind: 'date', from: '2023-03-22' }],
      ['after:2023', { kind: 'date', from: '2024-01-01' }],
      ['before:2024', { kind: 'date', until: '2024-01-01' }],
      ['before:2023-03-21', { kind: 'date', until: '2023-03-21' }],
      ['banjir after:2023 before:2023-06', and(term('banjir'), { kind: 'date', from: '2024-01-01' }, { kind: 'date', until: '2023-06-01' })],
    ]);
  });
});

describe('query parser: forgiveness', () => {
  test('dangling operators, empty groups and stray punctuation are dropped', () => {
    parses([
      ['', null],
      ['   ', null],
      ['!!! ,,, ;', null],
      ['*', null],
      ['-', null],
      ['😀', null],
      ['""', null],
      ['()', null],
      ['-()', null],
      ['NOT', null],
      ['OR', null],
      ['putin OR', term('putin')],
      ['OR putin', term('putin')],
      ['putin AND', term('putin')],
      ['putin NOT', term('putin')],
      ['a OR OR b', or(term('a'), term('b'))],
      ['a OR AND b', or(term('a'), term('b'))],
      ['(a NOT)', term('a')],
      ['(a OR)', term('a')],
      ['"" putin ()', term('putin')],
      ['- putin', term('putin')],
      ['putin -', term('putin')],
      ['Jakarta -- Reuters', and(term('jakarta'), term('reuters'))],
      ['a & b', and(term('a'), term('b'))],
      ['a && b', and(term('a'), term('b'))],
      ['a || b', or(term('a'), term('b'))],
      ['😀 putin 😀', term('putin')],
      ['putin~', term('putin')],
    ]);
  });
});

describe('query parser: errors name the problem and its position', () => {
  test('quotes and parentheses', () => {
    fails([
      ['putin "perang dingin', 'unclosed quote at 6', 6],
      ['"', 'unclosed quote at 0', 0],
      ['source:"Warta', 'unclosed quote at 7', 7],
      ['(putin OR trump', 'unclosed parenthesis at 0', 0],
      ['((a)', 'unclosed parenthesis at 0', 0],
      ['NEAR(xi putin', 'unclosed parenthesis at 4', 4],
      ['putin) trump', 'unexpected ")" at 5', 5],
      [')', 'unexpected ")" at 0', 0],
    ]);
  });

  test('prefix and proximity', () => {
    fails([
      ['a*', 'prefix search needs at least 2 letters at 0', 0],
      ['putin x*', 'prefix search needs at least 2 letters at 6', 6],
      ['title:é*', 'prefix search needs at least 2 letters at 6', 6],
      ['"xi putin"~101', 'NEAR distance must be 0 to 100 at 11', 11],
      ['"xi putin"~-1', 'NEAR distance must be 0 to 100 at 11', 11],
      ['NEAR(xi putin, 500)', 'NEAR distance must be 0 to 100 at 15', 15],
      ['NEAR(xi putin, -0)', 'NEAR distance must be 0 to 100 at 15', 15],
      ['NEAR(xi)', 'NEAR needs at least 2 words at 0', 0],
      ['a NEAR()', 'NEAR needs at least 2 words at 2', 2],
      ['NEAR(xi, 5)', 'NEAR needs at least 2 words at 0', 0],
      ['"putin"~5', 'NEAR needs at least 2 words at 0', 0],
      ['title:"xi jinping"~3', 'title: cannot be combined with ~ at 18', 18],
    ]);
  });

  test('filters', () => {
    fails([
      ['source:', 'source: expects a value at 7', 7],
      ['SOURCE: kompas', 'source: expects a value at 7', 7],
      ['person:""', 'person: expects a value at 7', 7],
      ['tag:"  "', 'tag: expects a value at 4', 4],
      ['title:!!', 'title: expects a value at 6', 6],
      ['lang:english', 'lang: expects a language code such as id or en at 5', 5],
      ['lang:en-US', 'lang: expects a language code such as id or en at 5', 5],
      ['lang:', 'lang: expects a language code such as id or en at 5', 5],
    ]);
  });

  test('dates', () => {
    const expects = (field: string, at: number) => `${field}: expects YYYY-MM-DD, YYYY-MM or YYYY at ${at}`;
    fails([
      ['date:2023-13-01', expects('date', 5), 5],
      ['date:21/03/2023', expects('date', 5), 5],
      ['date:2023-02-30', expects('date', 5), 5],
      ['date:2023-02-29', expects('date', 5), 5],
      ['date:', expects('date', 5), 5],
      ['date:..', expects('date', 5), 5],
      ['date:2023-3', expects('date', 5), 5],
      ['putin date:2023-00', expects('date', 11), 11],
      ['after:2023-03..2023-04', expects('after', 6), 6],
      ['before:soon', expects('before', 7), 7],
      ['date:2023-03-22..2023-03-20', 'date: range starts after it ends at 5', 5],
      ['date:2024..2023', 'date: range starts after it ends at 5', 5],
    ]);
  });

  test('limits', () => {
    assert.ok(parseQuery('a'.repeat(2000)));
    fails([
      ['a'.repeat(2001), 'query is too long (2000 characters at most) at 2000', 2000],
      [`${'('.repeat(33)}a${')'.repeat(33)}`, 'too many nested parentheses at 32', 32],
    ]);
    const words = (n: number) => Array.from({ length: n }, () => 'ab').join(' ');
    assert.equal((parseQuery(words(200)) as { children: unknown[] }).children.length, 200);
    fails([
      [words(201), 'too many terms at 600', 600],
      [`"${words(201)}"`, 'too many terms at 0', 0],
    ]);
  });
});

describe('query parser: fuzz', () => {
  const WORD_ONLY = /^[\p{L}\p{N}\p{M}]+$/u;

  /** Throws unless `node` is a well-formed tree whose every word the index could hold. */
  function checkTree(node: QueryNode): void {
    switch (node.kind) {
      case 'term':
        assert.match(node.word, WORD_ONLY);
        return;
      case 'phrase':
      case 'near':
        assert.ok(node.words.length >= 2, 'phrases and NEARs have at least two words');
        for (const w of node.words) assert.match(w, WORD_ONLY);
        if (node.kind === 'near') assert.ok(Number.isInteger(node.distance) && node.distance >= 0 && node.distance <= 100);
        return;
      case 'and':
      case 'or':
        assert.ok(node.children.length >= 2, 'single children are unwrapped');
        for (const child of node.children) {
          assert.notEqual(child.kind, node.kind, 'same-kind children are flattened');
          checkTree(child);
        }
        return;
      case 'not':
        checkTree(node.child);
        return;
      case 'filter':
        assert.ok(node.value.length > 0);
        return;
      case 'date':
        assert.ok(node.from !== undefined || node.until !== undefined);
        for (const d of [node.from, node.until]) if (d !== undefined) assert.match(d, /^\d{4}-\d{2}-\d{2}$/);
        return;
    }
  }

  function check(input: string): void {
    let result: QueryNode | null;
    try {
      result = parseQuery(input);
    } catch (e) {
      assert.ok(e instanceof QueryError, `${JSON.stringify(input.slice(0, 80))} threw ${String(e)}`);
      assert.ok(Number.isInteger(e.position) && e.position >= 0 && e.position <= input.length, `position ${e.position}`);
      return;
    }
    if (result !== null) checkTree(result);
  }

  const PIECES = [
    ...'abcxyzABCXYZ0123456789',
    ...'      ',
    ...'"“”„‟«»″()*-:~|.,;!?\'&_/#',
    ...['OR', 'AND', 'NOT', 'NEAR', 'NEAR(', 'or', 'near', ' OR ', ' AND ', ' NOT '],
    ...['title:', 'source:', 'lang:', 'country:', 'person:', 'tag:', 'date:', 'after:', 'before:', 'TITLE:', 'foo:'],
    ...['2023', '2023-03', '2023-03-21', '2023-02-30', '..', '~5', '~101', ', 5', 'id', 'en'],
    ...['putin', 'Jakarta', 'café', 'e\u0301', 'ß', 'İ', 'موسكو', 'עברית', '中文', 'ǅ', 'Ω', '\u212B'],
    ...['😀', '👨‍👩‍👧', '\u200d', '\u200f', '\u202e', '\u00ad', '\ufeff', '\u0301', '\u0300\u0301'],
    ...['\u0000', '\u0007', '\u001b', '\t', '\n', '\r', '\u2028', '\u3000', '\uD800', '\uDC00', '\uDBFF', '\uFFFF'],
  ];

  const HOSTILE = [
    '('.repeat(10_000),
    '"'.repeat(2000),
    'x'.repeat(1 << 20),
    'NEAR('.repeat(1000),
    '('.repeat(2000),
    ')'.repeat(2000),
    '"'.repeat(1999),
    '“'.repeat(1999),
    'NEAR('.repeat(400),
    `${'NEAR('.repeat(399)})`,
    '-'.repeat(2000),
    '-('.repeat(1000),
    'NOT '.repeat(500),
    'OR '.repeat(666),
    '(a)'.repeat(666),
    '"a b"~5 '.repeat(250),
    'date:2023 '.repeat(200),
    'title:"a b" '.repeat(166),
    'a* '.repeat(666),
    '\uD800'.repeat(2000),
    `e${'\u0301'.repeat(1999)}`,
    '😀'.repeat(1000),
    `"${'a '.repeat(999)}`,
  ];

  // A parser that backtracks without bound on these runs into the test's timeout, many times what
  // the whole test needs: a hang guard, not a speed limit that a busy machine could miss.
  test('20,000 random and some hostile strings give a tree, null or a positioned QueryError, without hanging', { timeout: 120_000 }, async () => {
    const random = prng(20230321);
    for (let n = 0; n < 20_000; n++) {
      const length = Math.floor(random() * 40);
      let input = '';
      for (let k = 0; k < length; k++) input += PIECES[Math.floor(random() * PIECES.length)];
      check(input);
      // Gives the test runner a turn, so its timeout can end the test.
      if (n % 1000 === 0) await setImmediate();
    }
    for (const input of HOSTILE) {
      check(input);
      await setImmediate();
    }
  });
});
