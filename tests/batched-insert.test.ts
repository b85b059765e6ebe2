import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BatchedInsert } from '../db/batched-insert.js';
import { type Database, openDatabase } from '../db/driver.js';

/* Rows written many a statement (db/batched-insert.ts): all of them, in order, and none from a fill that failed. */

function table(t: { after: (fn: () => void) => void }): Database {
  const dir = mkdtempSync(join(tmpdir(), 'pantau-batch-'));
  const db = openDatabase(join(dir, 'batch.db'));
  t.after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  db.exec('CREATE TABLE t (seq INTEGER PRIMARY KEY, a INTEGER NOT NULL, b TEXT)');
  return db;
}

test('every row, in the order added, for counts around the rows a statement', (t) => {
  const db = table(t);
  const insert = new BatchedInsert(db, 'INSERT INTO t (a, b)', 2);
  let next = 0;
  for (const count of [0, 1, 31, 32, 33, 64, 65, 200]) {
    const from = next;
    insert.write((add) => {
      for (let i = 0; i < count; i++, next++) add(next, `row ${next}`);
    });
    const rows = db.prepare('SELECT a, b FROM t WHERE a >= ? ORDER BY seq').all(from) as { a: number; b: string }[];
    assert.deepEqual(
      rows.map((r) => r.a),
      Array.from({ length: count }, (_, i) => from + i),
      `${count} rows`,
    );
    assert.ok(rows.every((r) => r.b === `row ${r.a}`));
  }
});

test('a fill that throws in a transaction leaves none of its rows, and the next write is whole', (t) => {
  const db = table(t);
  const insert = new BatchedInsert(db, 'INSERT INTO t (a, b)', 2);
  assert.throws(
    () =>
      db.transaction(() =>
        insert.write((add) => {
          for (let i = 0; i < 40; i++) add(i, null);
          throw new Error('reader failed');
        }),
      )(),
    /reader failed/,
  );
  assert.equal(db.prepare('SELECT count(*) FROM t').pluck().get(), 0);
  insert.write((add) => add(7, 'x'));
  assert.deepEqual(db.prepare('SELECT a, b FROM t').all(), [{ a: 7, b: 'x' }]);
});

test('a row of the wrong width is refused', (t) => {
  const db = table(t);
  const insert = new BatchedInsert(db, 'INSERT INTO t (a, b)', 2);
  assert.throws(() => insert.write((add) => add(1)), /a row of 1 values for 2 columns/);
});
