import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normaliseParagraph, wordCount } from '../electron/analysis/duplicates/normalise.js';
import { paragraphSignature, shingleSet, similarity } from '../electron/analysis/duplicates/signature.js';

/*
 * `npm run eval:dup-edits`: how often a one-word edit of a real Indonesian paragraph shares no band
 * key with its original, so the duplicate finder never compares the two. Paragraphs: the seed
 * article (../shared/corpora/seed-article-id.txt) and the first 300 IDNER dev sentences
 * (../shared/corpora/idner/dev.txt, MIT licence) of at least 8 words. Each word is replaced in turn
 * by a common word; edits that leave the similarity under 0.8 are not copies and are dropped.
 * Skipped with a message when the corpora are absent.
 */

const here = dirname(fileURLToPath(import.meta.url));
const corpora = join(here, '..', '..', '..', 'shared', 'corpora');
const seedFile = join(corpora, 'seed-article-id.txt');
const idnerFile = join(corpora, 'idner', 'dev.txt');
const COMMON = ['yang', 'dan', 'di', 'itu', 'dengan', 'untuk', 'pada', 'ini', 'dari', 'akan'];
const words = (text: string): number => wordCount(normaliseParagraph(text));

if (!existsSync(seedFile) || !existsSync(idnerFile)) {
  console.log(`skipped: the corpora are not at ${corpora}`);
} else {
  const seed = readFileSync(seedFile, 'utf8').split('\n').map((l) => l.trim()).filter((l) => words(l) >= 8);
  const idner: string[] = [];
  for (const block of readFileSync(idnerFile, 'utf8').split(/\n\s*\n/)) {
    const tokens = block.split('\n').map((l) => l.split(' ')[0]).filter((t): t is string => Boolean(t));
    const sentence = tokens.join(' ').replace(/ ([.,!?;:)])/g, '$1').replace(/\( /g, '(');
    if (words(sentence) >= 8) idner.push(sentence);
    if (idner.length >= 300) break;
  }
  const paragraphs = [...new Set([...seed, ...idner])];
  let tried = 0;
  const missed = new Map<string, number>();
  for (const original of paragraphs) {
    const keys = paragraphSignature(original).keys;
    if (!keys) continue;
    const set = shingleSet(original);
    const parts = original.split(' ');
    parts.forEach((word, i) => {
      const common = COMMON[i % COMMON.length]!;
      const replacement = common === word.toLowerCase() ? COMMON[(i + 1) % COMMON.length]! : common;
      const copy = [...parts.slice(0, i), replacement, ...parts.slice(i + 1)].join(' ');
      if (similarity(set, shingleSet(copy)) < 0.8) return;
      const copyKeys = paragraphSignature(copy).keys;
      if (!copyKeys) return;
      tried += 1;
      if (copyKeys.some((k) => keys.includes(k))) return;
      const n = words(original);
      const bucket = n <= 8 ? '8 words' : n < 16 ? '9–15 words' : '16 words or more';
      missed.set(bucket, (missed.get(bucket) ?? 0) + 1);
    });
  }
  const total = [...missed.values()].reduce((a, b) => a + b, 0);
  console.log(`${paragraphs.length} paragraphs, ${tried} one-word edits at similarity ≥ 0.8: ${total} (${((100 * total) / tried).toFixed(2)} %) share no band key`);
  for (const [bucket, n] of missed) console.log(`  ${bucket}: ${n}`);
}
