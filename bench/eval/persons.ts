import { readFileSync } from 'node:fs';
import { findCountries } from '../../electron/analysis/countries.js';
import { buildRegistry, findPeople } from '../../electron/analysis/people.js';

/*
 * Scores the person finder against a CoNLL file (token, tag, NER label per line; a blank line
 * between sentences; BIO labels, PER for persons). Each sentence is treated as an article with
 * an empty registry, and per sentence the set of distinct names the finder marks (their surface
 * text) is compared with the set of gold PER strings, exactly.
 */

export interface PersonScores {
  sentences: number;
  gold: number;
  predicted: number;
  truePositives: number;
  precision: number;
  recall: number;
  falsePositives: string[];
  falseNegatives: string[];
}

interface Sentence {
  tokens: string[];
  labels: string[];
}

function readConll(path: string): Sentence[] {
  const sentences: Sentence[] = [];
  let current: Sentence = { tokens: [], labels: [] };
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    if (fields[0] === '') {
      if (current.tokens.length > 0) sentences.push(current);
      current = { tokens: [], labels: [] };
      continue;
    }
    current.tokens.push(fields[0]!);
    current.labels.push(fields[fields.length - 1]!);
  }
  if (current.tokens.length > 0) sentences.push(current);
  return sentences;
}

function goldPersons({ tokens, labels }: Sentence): Set<string> {
  const names = new Set<string>();
  let run: string[] = [];
  const flush = (): void => {
    if (run.length > 0) names.add(run.join(' '));
    run = [];
  };
  tokens.forEach((token, i) => {
    const label = labels[i]!;
    if (label === 'B-PER') {
      flush();
      run.push(token);
    } else if (label === 'I-PER' && run.length > 0) {
      run.push(token);
    } else {
      flush();
    }
  });
  flush();
  return names;
}

export function evalPersons(conllPath: string): PersonScores {
  const registry = buildRegistry([]);
  const scores: PersonScores = {
    sentences: 0, gold: 0, predicted: 0, truePositives: 0, precision: 0, recall: 0, falsePositives: [], falseNegatives: [],
  };
  for (const sentence of readConll(conllPath)) {
    const text = sentence.tokens.join(' ');
    const found = new Set(findPeople(text, registry, findCountries(text)).map((m) => text.slice(m.start, m.end)));
    const gold = goldPersons(sentence);
    scores.sentences += 1;
    scores.gold += gold.size;
    scores.predicted += found.size;
    for (const name of found) {
      if (gold.has(name)) scores.truePositives += 1;
      else scores.falsePositives.push(name);
    }
    for (const name of gold) if (!found.has(name)) scores.falseNegatives.push(name);
  }
  scores.precision = scores.predicted === 0 ? 0 : scores.truePositives / scores.predicted;
  scores.recall = scores.gold === 0 ? 0 : scores.truePositives / scores.gold;
  return scores;
}
