// The screens' message catalogue is complete (nl and en, none empty, same placeholders) and
// the locale follows the browser's first of nl/en.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { LOCALES } from '../../../pwa/js/messages.js';
import { SCREEN_MESSAGES, pickLocale, text } from '../../../pwa/js/screens.messages.js';

const placeholders = (value) => [...value.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every screen text has Dutch and English with the same placeholders', () => {
  for (const [key, entry] of Object.entries(SCREEN_MESSAGES)) {
    for (const locale of LOCALES) {
      assert.ok(typeof entry[locale] === 'string' && entry[locale].trim(), `${key}.${locale}`);
    }
    assert.deepEqual(placeholders(entry.nl), placeholders(entry.en), key);
  }
});

test('text() fills placeholders and falls back to the protocol catalogue', () => {
  assert.equal(text('card_issuer', 'en', { name: 'Gemeente Boxtel' }), 'From Gemeente Boxtel');
  assert.match(text('tx_code_invalid', 'nl'), /code klopt niet/);
  assert.equal(text('no_such_key', 'en'), 'Something went wrong. Please try again.');
});

test('the locale is the first of nl/en the browser prefers, else Dutch', () => {
  assert.equal(pickLocale(['en-GB', 'nl']), 'en');
  assert.equal(pickLocale(['de-DE', 'nl-BE']), 'nl');
  assert.equal(pickLocale(['fr']), 'nl');
  assert.equal(pickLocale([]), 'nl');
});
