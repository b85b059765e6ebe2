/*
 * What the analysers find in an article. Offsets are UTF-16 code units into the analysed text,
 * `analysisText(title, body)`: the title, a blank line, then the stored body (its distinct
 * paragraphs joined by blank lines), which is also what the reader shows.
 */

/** A stretch of the analysed text: `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** A place where a country is named, by its name, a capital or seat of power, a demonym or an abbreviation. */
export interface CountryMention extends Span {
  /** ISO 3166-1 alpha-2, upper case. */
  code: string;
}

/** A place where a person is named; `name` is the full name the mention resolves to. */
export interface PersonMention extends Span {
  name: string;
}

/** A person the registry knows: matched by name and aliases wherever they appear. */
export interface KnownPerson {
  name: string;
  aliases: string[];
}

export const analysisText = (title: string, body: string): string => `${title}\n\n${body}`;
