import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeEntities } from '../electron/import/entities.js';
import { stripTags } from '../electron/import/strip-tags.js';

test('every HTML5 named reference is decoded, not only the common ones', () => {
  assert.equal(decodeEntities('Tunggu&hellip; kata Ren&eacute; dan &Scaron;koda di&nbsp;Praha'), 'Tunggu… kata René dan Škoda di\u00a0Praha');
  assert.equal(decodeEntities('&laquo;&#x1F600;&raquo; &frac12; &Omega; &rarr; &NotEqualTilde;'), '«😀» ½ Ω → ≂̸');
});

test('decimal and hexadecimal references', () => {
  assert.equal(decodeEntities('Jakarta&#8217;s &#x2019;floods&#X2019; &#169;'), 'Jakarta’s ’floods’ ©');
});

test('malformed or unknown references and bare ampersands are left as they are', () => {
  for (const text of ['&notanentity;', '&#xZZ;', '& amp;', '&amp without semicolon', 'AT&T', 'https://x.id/?a=1&copy=2&not=3']) {
    assert.equal(decodeEntities(text), text, text);
  }
});

test('references are decoded once: an escaped reference stays a reference', () => {
  assert.equal(decodeEntities('&amp;eacute; &amp;amp;'), '&eacute; &amp;');
});

test('tag stripping decodes the full set of references', () => {
  assert.equal(stripTags('<p>Harga naik&hellip; &ldquo;sepi&rdquo;</p><p>kata Ren&eacute;&#8217;s</p>'), 'Harga naik… “sepi”\n\nkata René’s');
});
