import { readFileSync } from 'node:fs';
import { findCountries } from '../../electron/analysis/countries.js';
import { analysisText } from '../../electron/analysis/types.js';
import { fixture } from '../../tests/helpers.js';

/*
 * Country suggestions scored against hand-annotated articles (tests/fixtures/entities/countries):
 * each (article, country) pair counts once, however often the article names the country, because
 * that is what a person confirms or rejects.
 */

interface AnnotatedArticle {
  id: string;
  lang: 'id' | 'en';
  title: string;
  body: string;
  countries: string[];
  note: string;
}

export interface CountryMiss {
  id: string;
  code: string;
}

export interface CountryEval {
  articles: number;
  precision: number;
  recall: number;
  truePositives: number;
  falsePositives: CountryMiss[];
  falseNegatives: CountryMiss[];
}

export function loadCountryArticles(): AnnotatedArticle[] {
  return JSON.parse(readFileSync(fixture('entities', 'countries', 'articles.json'), 'utf8')) as AnnotatedArticle[];
}

export function evalCountries(): CountryEval {
  const articles = loadCountryArticles();
  let truePositives = 0;
  const falsePositives: CountryMiss[] = [];
  const falseNegatives: CountryMiss[] = [];
  for (const article of articles) {
    const expected = new Set(article.countries);
    const found = new Set(findCountries(analysisText(article.title, article.body)).map((m) => m.code));
    for (const code of found) {
      if (expected.has(code)) truePositives += 1;
      else falsePositives.push({ id: article.id, code });
    }
    for (const code of expected) if (!found.has(code)) falseNegatives.push({ id: article.id, code });
  }
  const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
  return {
    articles: articles.length,
    precision: ratio(truePositives, truePositives + falsePositives.length),
    recall: ratio(truePositives, truePositives + falseNegatives.length),
    truePositives,
    falsePositives,
    falseNegatives,
  };
}
