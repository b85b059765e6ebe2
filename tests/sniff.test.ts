import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isIgnoredName, sniffFormat } from '../electron/import/sniff.js';
import { fixture } from './helpers.js';

const ascii = (text: string): Buffer => Buffer.from(text, 'utf8');

test('goes by the extension, whatever the case', () => {
  const cases: Array<[string, string]> = [
    ['a.txt', 'text'], ['a.TEXT', 'text'],
    ['a.md', 'markdown'], ['a.markdown', 'markdown'],
    ['a.html', 'html'], ['a.HTM', 'html'], ['a.xhtml', 'html'],
    ['a.json', 'json'], ['a.jsonl', 'jsonl'], ['a.ndjson', 'jsonl'],
    ['a.csv', 'csv'], ['a.tsv', 'tsv'],
    ['a.rss', 'feed'], ['a.atom', 'feed'], ['a.xml', 'feed'],
    ['a.zip', 'zip'],
  ];
  // The content says "JSON" every time, so only the extension can produce these answers.
  for (const [path, format] of cases) assert.equal(sniffFormat(path, ascii('{"title": "x"}')), format, path);
});

test('rejects documents, images and executables by extension', () => {
  for (const path of ['report.xlsx', 'book.epub', 'scan.pdf', 'photo.JPG', 'tool.exe']) {
    // A docx is a zip: without the extension list it would be read as an archive of articles.
    assert.equal(sniffFormat(path, Buffer.from('PK\x03\x04\x14\x00', 'latin1')), null, path);
  }
});

test('recognises content when the extension says nothing', () => {
  const cases: Array<[string, string | null]> = [
    ['PK\x03\x04\x14\x00\x00\x00', 'zip'],
    ['<?xml version="1.0"?>\n<rss version="2.0"><channel>', 'feed'],
    ['<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', 'feed'],
    ['<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', 'feed'],
    ['<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', 'html'],
    ['<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">', null],
    ['\n  <!DOCTYPE html>\n<html lang="id">', 'html'],
    ['<html><head><title>Berita</title>', 'html'],
    ['[{"title": "a"}]', 'json'],
    ['{\n  "title": "a",\n  "body": "b"\n}\n', 'json'],
    ['{"title": "a"}\n{"title": "b"}\n{"title": "c"', 'jsonl'],
    ['{"title": "a"}\n', 'json'],
    ['Judul berita\n\nIsi berita tentang café di Réunion.\n', 'text'],
  ];
  for (const [head, format] of cases) assert.equal(sniffFormat('download', Buffer.from(head, 'latin1')), format, head);
});

test('recognises UTF-16 content without an extension', () => {
  const head = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<!DOCTYPE html><html>', 'utf16le')]);
  assert.equal(sniffFormat('page', head), 'html');
});

test('returns null for binary content without an extension', () => {
  assert.equal(sniffFormat('image', readFileSync(fixture('encodings', 'image.png'))), null);
  assert.equal(sniffFormat('blob', Buffer.from([0x41, 0x00, 0x00, 0x00, 0x42, 0x00, 0x00, 0x00, 0x43, 0x00, 0x00, 0x00])), null);
});

test('leaves an undecodable but textual file to the text reader', () => {
  assert.equal(sniffFormat('page', readFileSync(fixture('encodings', 'declared-unknown.html'))), 'html');
  assert.equal(sniffFormat('page.unknown', ascii('<p>hi</p><meta charset="x-foo">')), 'html');
});

test('ignores hidden and system files', () => {
  for (const name of ['.DS_Store', '.git', '.hidden.txt', 'Thumbs.db', 'thumbs.db', 'desktop.ini', 'Desktop.ini', '__MACOSX', '~$laporan.docx', 'Icon\r']) {
    assert.equal(isIgnoredName(name), true, JSON.stringify(name));
  }
});

test('does not ignore ordinary names that merely resemble system files', () => {
  for (const name of ['berita.txt', 'Icon', 'Thumbs.db.txt', 'a.DS_Store', 'laporan~$.txt', '__MACOSX.txt']) {
    assert.equal(isIgnoredName(name), false, JSON.stringify(name));
  }
});
