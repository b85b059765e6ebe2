/*
 * The words of Nexis downloads, in the interface languages of the account: English, German,
 * French, Dutch and Spanish. LexisNexis Academic writes its labels in capitals (`BYLINE:`,
 * `LÄNGE:`), Nexis Uni in title case (`Byline:`, `Länge:`); both are compared without case.
 * The English words are the ones of real downloads; the others are the translations these
 * interfaces use as far as we could find them, so every spelling we know of is listed. A label
 * missing here is no failure: its line is kept as a paragraph of the body.
 */

/** What a labelled line holds. */
export type NexisField =
  | 'headline' | 'classification' | 'byline' | 'length' | 'section' | 'loadDate' | 'language' | 'publicationType' | 'documentType' | 'dateline' | 'highlight' | 'url' | 'graphic' | 'correction' | 'notes';

const FIELD_LABELS: Record<NexisField, readonly string[]> = {
  headline: ['headline', 'titel', 'überschrift', 'schlagzeile', 'titre', 'kop', 'titular', 'título', 'titulo'],
  // Nexis Uni's index terms under its "Classification" heading, after the text.
  classification: [
    'subject', 'industry', 'geographic', 'company', 'organization', 'person', 'ticker',
    'thema', 'branche', 'geografisch', 'geographisch', 'unternehmen', 'organisation', 'sujet', 'secteur', 'géographie', 'entreprise', 'personne',
    'onderwerp', 'bedrijf', 'persoon', 'tema', 'sector', 'geografía', 'empresa', 'persona', 'organización',
  ],
  byline: ['byline', 'autor', 'autoren', 'verfasser', 'auteur', 'auteurs', 'signature', 'autores', 'firma'],
  length: ['length', 'länge', 'laenge', 'umfang', 'longueur', 'lengte', 'longitud', 'extensión', 'extension'],
  section: ['section', 'rubrik', 'ressort', 'rubrique', 'sectie', 'rubriek', 'sección', 'seccion'],
  loadDate: ['load-date', 'load date', 'update', 'ladedatum', 'date-chargement', 'date de chargement', 'laaddatum', 'datum geladen', 'fecha-carga', 'fecha de carga'],
  language: ['language', 'sprache', 'langue', 'taal', 'idioma'],
  publicationType: ['publication-type', 'publication type', 'publikationstyp', 'publikationsart', 'type-publication', 'type de publication', 'publicatietype', 'publicatie-type', 'tipo-publicación', 'tipo de publicación', 'tipo-publicacion'],
  documentType: ['document-type', 'document type', 'dokumenttyp', 'dokumentart', 'type-document', 'type de document', 'documenttype', 'tipo-documento', 'tipo de documento'],
  dateline: ['dateline', 'ortsmarke', 'lieu', 'plaatsnaam', 'lugar'],
  highlight: ['highlight', 'höhepunkt', 'zusammenfassung', 'faits saillants', 'samenvatting', 'resumen', 'lo más destacado'],
  url: ['url'],
  graphic: ['graphic', 'grafik', 'graphique', 'afbeelding', 'gráfico', 'grafico'],
  correction: ['correction-date', 'correction', 'korrektur', 'rectificatif', 'correctie', 'corrección'],
  notes: ['notes', 'anmerkungen', 'hinweise', 'remarques', 'opmerkingen', 'notas'],
};

const FIELD_OF = new Map<string, NexisField>();
for (const [field, labels] of Object.entries(FIELD_LABELS) as [NexisField, readonly string[]][]) {
  for (const label of labels) FIELD_OF.set(label, field);
}

/** The Nexis Uni heading before the article text. */
const BODY_HEADINGS = new Set(['body', 'text', 'volltext', 'corps', 'texte', 'hoofdtekst', 'tekst', 'cuerpo', 'texto']);

/** Nexis Uni's heading of the index terms after the text. */
const CLASSIFICATION_HEADINGS = new Set(['classification', 'klassifikation', 'klassifizierung', 'classificatie', 'clasificación', 'clasificacion']);

/** The line Nexis Uni writes after each article. */
const END_OF_DOCUMENT = new Set(['end of document', 'dokumentende', 'ende des dokuments', 'fin du document', 'einde document', 'einde van document', 'fin del documento']);

/** `12 of 250 DOCUMENTS`, `12 von 250 DOKUMENTEN`, `12 sur 250 DOCUMENTS`, `12 van 250 DOCUMENTEN`, `12 de 250 DOCUMENTOS`. */
export const DOCUMENT_SEPARATOR = /^[ \t]*(\d{1,7}) (?:of|von|sur|de|van) (\d{1,7}) (?:DOCUMENTS?|DOKUMENTE[NS]?|DOKUMENT|DOCUMENTOS?|DOCUMENTEN)[ \t]*$/iu;

/** `LENGTH: 412 words`, `Länge: 412 Wörter`: the label and the value of a labelled line, if it is one. */
export function labelledLine(line: string): { field: NexisField; label: string; value: string } | null {
  const m = /^[ \t]*(\p{L}[\p{L} -]{0,30}?)[ \t]*:[ \t]*(.*)$/u.exec(line);
  if (!m) return null;
  const label = m[1]!;
  const field = FIELD_OF.get(label.toLowerCase());
  return field ? { field, label, value: m[2]!.trim() } : null;
}

const squash = (line: string): string => line.trim().replace(/\s+/g, ' ').toLowerCase();

export const isBodyHeading = (line: string): boolean => BODY_HEADINGS.has(squash(line));
export const isClassificationHeading = (line: string): boolean => CLASSIFICATION_HEADINGS.has(squash(line));
export const isEndOfDocument = (line: string): boolean => END_OF_DOCUMENT.has(squash(line));

/** `Copyright 2023 Kompas`, `© 2023 The Jakarta Post`, `(c) 2023 …`, `Urheberrecht 2023 …`, `Droits d'auteur …`. */
export const isCopyright = (line: string): boolean => /^[ \t]*(copyright\b|©|\(c\)[ \t]|urheberrecht\b|droits d'auteur\b|auteursrecht\b|derechos de autor\b)/iu.test(line);

/** `412 words`, `1.234 Wörter`, `1 234 mots`: the value of a length line. */
export const WORD_COUNT = /^(\d{1,3}(?:[.,  ]\d{3})*|\d+) (?:words?|wörter|wort|mots?|woorden|woord|palabras?|kata)$/iu;
