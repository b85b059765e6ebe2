import { MAX_EVIDENCE, type NewSuggestion } from '../../db/entities.js';
import { findCountries } from './countries.js';
import { buildRegistry, findPeople, type PersonRegistry } from './people.js';
import { analysisText, type KnownPerson, type Span } from './types.js';

/*
 * An article's country and person suggestions, each with its mentions as evidence and a score.
 * A mention in the title counts three times, one in the lead paragraph twice, any other once:
 * what a story is about is named early, what it merely touches is named in passing.
 */
const TITLE_WEIGHT = 3;
const LEAD_WEIGHT = 2;
const BODY_WEIGHT = 1;

export class Analyser {
  private readonly registry: PersonRegistry;

  constructor(people: readonly KnownPerson[]) {
    this.registry = buildRegistry([...people]);
  }

  suggest(title: string, body: string): NewSuggestion[] {
    const text = analysisText(title, body);
    const titleEnd = title.length;
    const bodyStart = titleEnd + 2;
    const leadBreak = text.indexOf('\n\n', bodyStart);
    const leadEnd = leadBreak === -1 ? text.length : leadBreak;
    const weight = (m: Span): number => (m.start < titleEnd ? TITLE_WEIGHT : m.start < leadEnd ? LEAD_WEIGHT : BODY_WEIGHT);

    const countries = findCountries(text);
    const people = findPeople(text, this.registry, countries);
    const found = new Map<string, NewSuggestion>();
    const add = (kind: NewSuggestion['kind'], key: string, m: Span): void => {
      const id = `${kind}\u0000${key}`;
      let s = found.get(id);
      if (!s) {
        s = { kind, key, mentions: 0, score: 0, evidence: [] };
        found.set(id, s);
      }
      s.mentions += 1;
      s.score += weight(m);
      if (s.evidence.length < MAX_EVIDENCE) s.evidence.push([m.start, m.end]);
    };
    for (const m of countries) add('country', m.code, m);
    for (const m of people) add('person', m.name, m);
    return [...found.values()].sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
  }
}
