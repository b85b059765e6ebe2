import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inferDateOrder, parseDate } from '../electron/import/dates.js';

test('dates as news exports write them become ISO 8601, keeping time and zone only when given', () => {
  const cases: [string, string][] = [
    ['2023-03-21', '2023-03-21'],
    ['2023-03-21T10:00:00.000Z', '2023-03-21T10:00:00Z'],
    ['2023-03-21 10:00+0700', '2023-03-21T10:00+07:00'],
    ['21/03/2023', '2023-03-21'],
    ['10/21/2025 20:43', '2025-10-21T20:43'],
    ['21.03.23', '2023-03-21'],
    ['Selasa, 21 Maret 2023 10:00 WIB', '2023-03-21T10:00+07:00'],
    ['Tuesday 21 March 2023 10:00', '2023-03-21T10:00'],
    ['March 21, 2023 8:05 PM', '2023-03-21T20:05'],
    ['Tue, 21 Mar 2023 10:00:00 +0700', '2023-03-21T10:00:00+07:00'],
    ['Tue, 05 Mar 2024 14:30:00 EST', '2024-03-05T14:30:00-05:00'],
    ['17 Agustus 2024', '2024-08-17'],
  ];
  for (const [input, iso] of cases) assert.equal(parseDate(input), iso, input);
});

test('nothing is invented: text that is not a full date gives null', () => {
  for (const input of ['Section 2023', 'Kamis 2023', 'kemarin sore', '2023-02-30', '32/01/2023', '21/03/2023 25:00', '']) {
    assert.equal(parseDate(input), null, input);
  }
});

test('ambiguous day/month follows the hint, day first without one', () => {
  assert.equal(parseDate('03/04/2023'), '2023-04-03');
  assert.equal(parseDate('03/04/2023', 'MDY'), '2023-03-04');
  assert.equal(parseDate('21/03/2023', 'MDY'), '2023-03-21');
});

test('a column of dates settles its own order, or says that it mixes both', () => {
  assert.equal(inferDateOrder(['03/04/2023', '21/04/2023']), 'DMY');
  assert.equal(inferDateOrder(['03/04/2023', '04/21/2023']), 'MDY');
  assert.equal(inferDateOrder(['03/04/2023', '2023-05-01']), null);
  assert.throws(() => inferDateOrder(['21/04/2023', '04/21/2023']), /mix day-first and month-first/);
});
