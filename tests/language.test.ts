import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { detectLanguage } from '../electron/import/language.js';
import { fixture } from './helpers.js';

test('Indonesian and English news are told apart, including Indonesian against Malay', () => {
  assert.equal(detectLanguage(readFileSync(fixture('text', 'banjir-jakarta.txt'), 'utf8')), 'id');
  assert.equal(detectLanguage(readFileSync(fixture('text', 'upah-crlf.txt'), 'utf8')), 'id');
  assert.equal(detectLanguage(readFileSync(fixture('text', 'harbour-reopens.txt'), 'utf8')), 'en');
  assert.equal(detectLanguage(readFileSync(fixture('markdown', 'pemilu.md'), 'utf8')), 'id');
  assert.equal(
    detectLanguage('Perdana Menteri berkata kerajaan akan terus memantau keadaan ekonomi negara dan mengambil langkah sewajarnya bagi memastikan rakyat tidak terjejas.'),
    'ms',
  );
});

test('other common languages of news get their ISO 639-1 code', () => {
  assert.equal(detectLanguage('Le président a déclaré lundi que les négociations avec les syndicats continueraient la semaine prochaine à Paris.'), 'fr');
  assert.equal(detectLanguage('Der Bundeskanzler sagte am Montag, die Gespräche mit den Gewerkschaften würden in der nächsten Woche in Berlin fortgesetzt.'), 'de');
  assert.equal(detectLanguage('中国国家主席习近平周一抵达莫斯科，开始对俄罗斯进行为期三天的国事访问，双方将签署多项合作文件。'), 'zh');
  assert.equal(detectLanguage('Президент России заявил, что переговоры с делегацией продолжатся на следующей неделе в Москве.'), 'ru');
});

test('too little text gives no language rather than a guess', () => {
  assert.equal(detectLanguage('OK'), null);
  assert.equal(detectLanguage(''), null);
});

test('a near tie between Indonesian and Malay without telling words goes to Indonesian', () => {
  assert.equal(detectLanguage('Rob meluas ke tiga kelurahan di Pekalongan Utara\nAir rob kembali masuk ke permukiman warga di Pekalongan Utara pada Kamis pagi, kali ini hingga tiga kelurahan.'), 'id');
});

test('languages that share words with the quick English and Indonesian checks still get their own code', () => {
  assert.equal(detectLanguage('Il presidente del consiglio ha detto che il governo di Roma presenterà in settimana il piano di riforma delle pensioni.'), 'it');
  assert.equal(detectLanguage('De minister zei dat het kabinet in de komende week een besluit neemt over de nieuwe regels voor de woningmarkt.'), 'nl');
  assert.equal(detectLanguage('Ang pangulo ay nagsalita sa harap ng mga mamamahayag tungkol sa bagong batas na ipinasa ng kongreso.'), 'tl');
});
