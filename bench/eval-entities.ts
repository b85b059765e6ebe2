import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workbench } from '../electron/service.js';
import { evalCountries } from './eval/countries.js';
import { evalPersons } from './eval/persons.js';

/*
 * `npm run eval:entities`: precision and recall of the suggestions.
 * - Countries: the hand-annotated fixture articles (tests/fixtures/entities/countries/).
 * - Persons: real Indonesian news sentences with PER labels (IDNER, ../shared/corpora/idner/dev.txt,
 *   MIT licence), each sentence an article; skipped with a message when the corpus is absent.
 * - The seed article (../shared/corpora/seed-article-id.txt), imported as a user would: its suggestions.
 * Targets: countries precision ≥ 0.95, recall ≥ 0.90; persons precision ≥ 0.75, recall ≥ 0.65.
 */

const here = dirname(fileURLToPath(import.meta.url));
const corpora = join(here, '..', '..', '..', 'shared', 'corpora');
const pct = (x: number): string => x.toFixed(3);
const verdict = (ok: boolean): string => (ok ? 'meets the target' : 'BELOW the target');

const c = evalCountries();
console.log(`Countries: ${c.articles} hand-annotated articles, precision ${pct(c.precision)}, recall ${pct(c.recall)} (${c.truePositives} right) — ${verdict(c.precision >= 0.95 && c.recall >= 0.9)}`);
for (const f of c.falsePositives) console.log(`  suggested but not annotated: ${f.id} ${f.code}`);
for (const f of c.falseNegatives) console.log(`  annotated but missed: ${f.id} ${f.code}`);

const idner = join(corpora, 'idner', 'dev.txt');
if (existsSync(idner)) {
  const p = evalPersons(idner);
  console.log(
    `Persons: ${p.sentences} IDNER dev sentences, ${p.gold} labelled names, ${p.predicted} suggested; precision ${pct(p.precision)}, recall ${pct(p.recall)} — ${verdict(p.precision >= 0.75 && p.recall >= 0.65)}`,
  );
  if (process.env.EVAL_VERBOSE) {
    for (const f of p.falsePositives) console.log(`  suggested but not labelled: ${f}`);
    for (const f of p.falseNegatives) console.log(`  labelled but missed: ${f}`);
  }
} else {
  console.log(`Persons: skipped, ${idner} is absent (the IDNER corpus, MIT licence).`);
}

const seed = join(corpora, 'seed-article-id.txt');
if (existsSync(seed)) {
  const dir = mkdtempSync(join(tmpdir(), 'pantau-eval-'));
  try {
    const wb = await Workbench.open(join(dir, 'seed.db'), { create: true });
    await wb.import({ paths: [seed] });
    const id = wb.search({ query: '' }).results[0]!.id;
    const tags = wb.tags({ id });
    wb.close();
    console.log(`Seed article: countries ${tags.countries.map((t) => `${t.name} (${t.mentions})`).join(', ')}; persons ${tags.persons.map((t) => `${t.name} (${t.mentions})`).join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  console.log(`Seed article: skipped, ${seed} is absent.`);
}
