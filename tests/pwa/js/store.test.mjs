// store.js, the pure parts: which held cards a received credential replaces (the same vct from
// the same credential_issuer, issue 6: a re-issuance after a move), and the fixed order of the
// cards on "Mijn gegevens". The IndexedDB side is exercised in the browser
// (tests/browser/test_reissue.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { inListOrder, replacedBy } from '../../../pwa/js/store.js';

const GEMEENTE = 'https://gemeente.example';
const ANDERE = 'https://andere-gemeente.example';
const WOONADRES = 'https://gemeente.example/vct/woonadres';
const HUISHOUDEN = 'https://gemeente.example/vct/huishouden';

const copy = (id, card, issuer, vct, extra = {}) => ({ id, card, issuer, vct, ...extra });
const key = (issuer, vct) => JSON.stringify([issuer, vct]);

const held = [
  copy(10, 'oud-adres', GEMEENTE, WOONADRES),
  copy(11, 'oud-adres', GEMEENTE, WOONADRES, { used: true }),
  copy(12, 'huis', GEMEENTE, HUISHOUDEN),
  copy(20, 'ander-adres', ANDERE, WOONADRES),
];

test('replacedBy: the same type from the same issuer is replaced, with every copy of its card', () => {
  const { cards, place } = replacedBy(held, [{ issuer: GEMEENTE, vct: WOONADRES }]);
  assert.deepEqual([...cards], [[key(GEMEENTE, WOONADRES), ['oud-adres']]]);
  assert.equal(place.get(key(GEMEENTE, WOONADRES)), 10); // the new card takes the old one's place
});

test('replacedBy: another issuer or another type is kept', () => {
  const other = replacedBy(held, [{ issuer: 'https://elders.example', vct: WOONADRES }, { issuer: GEMEENTE, vct: 'https://gemeente.example/vct/pid' }]);
  assert.equal(other.cards.size, 0);
  assert.equal(other.place.size, 0);
  assert.equal(replacedBy([], [{ issuer: GEMEENTE, vct: WOONADRES }]).cards.size, 0);
  const untyped = [copy(40, 'zonder-type', GEMEENTE, null)];
  assert.equal(replacedBy(untyped, [{ issuer: GEMEENTE, vct: null }]).cards.size, 0); // no type, no match
});

test('replacedBy: two old cards of one type (kept before this rule) both go; the earliest place stays', () => {
  const twice = [...held, copy(30, 'tweede-adres', GEMEENTE, WOONADRES, { place: 5 })];
  const { cards, place } = replacedBy(twice, [{ issuer: GEMEENTE, vct: WOONADRES }, { issuer: GEMEENTE, vct: HUISHOUDEN }]);
  assert.deepEqual(cards.get(key(GEMEENTE, WOONADRES)).sort(), ['oud-adres', 'tweede-adres']);
  assert.deepEqual(cards.get(key(GEMEENTE, HUISHOUDEN)), ['huis']);
  assert.equal(place.get(key(GEMEENTE, WOONADRES)), 5);
  assert.equal(place.get(key(GEMEENTE, HUISHOUDEN)), 12);
});

test('inListOrder: by place, whatever order the store gives, ties by card id', () => {
  const groups = [
    { card: 'c', place: 300 },
    { card: 'a', place: 100 },
    { card: 'z', place: 200 },
    { card: 'b', place: 200 },
  ];
  assert.deepEqual(inListOrder(groups).map((g) => g.card), ['a', 'b', 'z', 'c']);
  assert.deepEqual(inListOrder([...groups].reverse()).map((g) => g.card), ['a', 'b', 'z', 'c']);
});
