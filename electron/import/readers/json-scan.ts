/*
 * A JSON scanner for the files JSON.parse refuses. It finds where the syntax breaks (V8 does not
 * always say), and it reads an article list item by item, so one damaged article costs that
 * article and not the whole export. No installed library does this: JSON.parse and json5 are all
 * or nothing.
 */

/** Where a broken part of the document starts and what is wrong there, in V8's words when it has them. */
export interface SyntaxDamage {
  /** 1-based position of the damaged item in the list; absent when the damage is between items. */
  item?: number;
  offset: number;
  message: string;
}

export interface ScannedList {
  /** Items that parsed, with their 1-based position in the list. */
  items: { item: number; value: unknown }[];
  damage: SyntaxDamage[];
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX = /[0-9a-fA-F]/;

function skipSpace(s: string, i: number): number {
  while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r') i++;
  return i;
}

/**
 * End of the JSON value starting at `start` (after leading space), validated as strictly as
 * JSON.parse does. Throws the offset of the first character that breaks the syntax, or a
 * RangeError when the nesting is too deep to scan.
 */
function scanValue(s: string, start: number): number {
  let i = start;
  const ws = (): void => {
    i = skipSpace(s, i);
  };
  const expect = (c: string): void => {
    if (s[i] !== c) throw i;
    i++;
  };
  const string = (): void => {
    expect('"');
    for (;;) {
      const c = s[i];
      if (c === undefined || c < ' ') throw i;
      i++;
      if (c === '"') return;
      if (c !== '\\') continue;
      const escape = s[i] ?? '';
      if (!/["\\/bfnrtu]/.test(escape)) throw i;
      i++;
      for (let k = 0; escape === 'u' && k < 4; k++, i++) if (!HEX.test(s[i] ?? '')) throw i;
    }
  };
  const list = (close: string, member: () => void): void => {
    i++;
    ws();
    if (s[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      ws();
      if (s[i] !== ',') return expect(close);
      i++;
    }
  };
  const value = (): void => {
    ws();
    const c = s[i];
    if (c === '{') return list('}', () => (ws(), string(), ws(), expect(':'), value()));
    if (c === '[') return list(']', value);
    if (c === '"') return string();
    const word = ['true', 'false', 'null'].find((w) => w[0] === c);
    if (word) {
      for (const ch of word) expect(ch);
      return;
    }
    NUMBER.lastIndex = i;
    if (!NUMBER.test(s)) throw i;
    i = NUMBER.lastIndex;
  };
  value();
  return i;
}

/** Offset of the first character that breaks the syntax of a whole document JSON.parse refused. */
export function firstBadOffset(s: string): number {
  try {
    return skipSpace(s, scanValue(s, 0));
  } catch (offset) {
    // Too deep to scan (a stack overflow) says nothing about where the syntax breaks.
    return typeof offset === 'number' ? offset : s.length;
  }
}

/** V8's words for a JSON.parse failure, without its position or its quote of the input. */
export function syntaxMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  return raw.replace(/,\s*(?:"[\s\S]*"|\.\.\.[\s\S]*) is not valid JSON$/, '').replace(/\s*(?:in JSON\s*)?at position \d+.*$/, '');
}

/**
 * Where a damaged item ends, by brackets and quotes alone: the offset after the comma that closes
 * it at list level, or -1 when the list ends first. A JSON string cannot hold a line break, so a
 * string still open at one had a stray or missing quote and is taken to end there; in a file laid
 * out on several lines that confines the damage to its line. Undefined when no end is found.
 */
function endByBrackets(s: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"' || c === '\n') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (--depth < 0) return -1;
    } else if (c === ',' && depth === 0) return i + 1;
  }
  return undefined;
}

/** The previous character that is not space. */
function before(s: string, i: number): string | undefined {
  let k = i - 1;
  while (k >= 0 && /\s/.test(s[k] ?? '')) k--;
  return s[k];
}

/** Property names of the item at `start` that come before its damage at `bad`, a stretch that is valid JSON. */
function keysBefore(s: string, start: number, bad: number): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = start; i < bad; i++) {
    const c = s[i];
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === '"') {
      const open = i;
      while (++i < bad && s[i] !== '"') if (s[i] === '\\') i++;
      if (depth === 1 && i < bad && s[skipSpace(s, i + 1)] === ':') keys.push(JSON.parse(s.slice(open, i + 1)) as string);
    }
  }
  return keys;
}

/**
 * Where to resume after an item broke at `bad`: the next item's start, -1 at the list's end, or
 * undefined when nothing further can be trusted. Brackets and quotes come first. When they do not
 * balance (a stray quote in a file on one line, a lost brace), the next item is the first object
 * after a comma that is whole, is followed by a comma or the list's end, and shares a property with
 * the items read so far or with the damaged one: that keeps the damaged item's own
 * `authors: [{...}, {...}]` out.
 */
function resume(s: string, start: number, bad: number, read: ReadonlySet<string>): number | undefined {
  const end = endByBrackets(s, start);
  if (end !== undefined) return end;
  const keys = new Set([...read, ...keysBefore(s, start, bad)]);
  for (let k = s.indexOf('{', bad); k >= 0; k = s.indexOf('{', k + 1)) {
    if (before(s, k) !== ',') continue;
    try {
      const close = scanValue(s, k);
      const after = s[skipSpace(s, close)];
      const shared = keys.size === 0 || Object.keys(JSON.parse(s.slice(k, close)) as object).some((key) => keys.has(key));
      if (shared && (after === ',' || after === ']' || after === undefined)) return k;
    } catch {
      // not a whole object: keep looking
    }
  }
  return undefined;
}

/**
 * V8's words for what is wrong with the item at `start`. The text handed to it runs to where the
 * next item begins, separator included, so it never parses and V8 stops at the same place we did.
 */
function itemDamage(s: string, start: number, end: number, item: number, bad: number): SyntaxDamage {
  let message = 'malformed item';
  try {
    JSON.parse(s.slice(start, end));
  } catch (error) {
    message = syntaxMessage(error);
  }
  return { item, offset: bad, message };
}

/** Reads the list whose `[` is at `open` item by item; see the module comment. */
function scanItems(s: string, open: number): ScannedList {
  const items: ScannedList['items'] = [];
  const damage: SyntaxDamage[] = [];
  const keys = new Set<string>();
  let i = skipSpace(s, open + 1);
  // A trailing comma before `]` loses nothing, so it is let pass.
  for (let item = 1; i < s.length && s[i] !== ']'; item++) {
    const start = i;
    let end: number;
    try {
      end = scanValue(s, start);
      const value: unknown = JSON.parse(s.slice(start, end));
      if (typeof value === 'object' && value !== null) for (const key of Object.keys(value)) keys.add(key);
      items.push({ item, value });
    } catch (offset) {
      const bad = typeof offset === 'number' ? offset : start;
      const next = resume(s, start, bad, keys);
      damage.push(itemDamage(s, start, next === undefined || next < 0 ? s.length : next, item, bad));
      if (next === undefined || next < 0) return { items, damage };
      i = skipSpace(s, next);
      continue;
    }
    i = skipSpace(s, end);
    if (s[i] === ',') i = skipSpace(s, i + 1);
    // The item is whole and the next one may be too: only the comma between them is missing.
    else if (s[i] !== ']' && i < s.length) damage.push({ offset: i, message: "Expected ',' or ']' after array element" });
  }
  if (i >= s.length) damage.push({ offset: s.length, message: 'Unexpected end of JSON input' });
  return { items, damage };
}

/** Offset of the string key's closing quote + 1, or throws. */
const scanKey = (s: string, i: number): number => {
  if (s[i] !== '"') throw i;
  return scanValue(s, i);
};

/**
 * Offset of the `[` of the article list: the document itself, or the value of a wrapper property
 * (`{"articles": [...]}`, nested as in `{"hits": {"hits": [...]}}`), found in document order.
 */
function findListStart(s: string, wrappers: readonly string[], at: number, depth: number): number | undefined {
  const i = skipSpace(s, at);
  if (s[i] === '[') return i;
  if (s[i] !== '{' || depth > 2) return undefined;
  let k = skipSpace(s, i + 1);
  while (s[k] === '"') {
    const keyEnd = scanKey(s, k);
    const key = JSON.parse(s.slice(k, keyEnd)) as string;
    k = skipSpace(s, keyEnd);
    if (s[k] !== ':') return undefined;
    k = skipSpace(s, k + 1);
    if (wrappers.includes(key) && (s[k] === '[' || s[k] === '{')) {
      const list = findListStart(s, wrappers, k, depth + 1);
      if (list !== undefined) return list;
    }
    k = skipSpace(s, scanValue(s, k));
    if (s[k] !== ',') return undefined;
    k = skipSpace(s, k + 1);
  }
  return undefined;
}

/**
 * The article list of a document JSON.parse refused, read item by item; undefined when the
 * damage is before the list, or the document holds no list.
 */
export function scanList(s: string, wrappers: readonly string[]): ScannedList | undefined {
  let open: number | undefined;
  try {
    open = findListStart(s, wrappers, 0, 0);
  } catch {
    return undefined;
  }
  return open === undefined ? undefined : scanItems(s, open);
}
