// The consent screen's logic (pwa/js/consent.js): the relying party's legal name, held cards as
// DCQL candidates, each requested claim with its label and value, one unused copy per answer
// (HAIP 1.0 §7), and the history entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  answersFor, cardsOf, cardsWithoutCopies, consentView, heldCredentials, historyEntry, legalName, useCaseFrom, valueLines,
} from '../../../pwa/js/consent.js';
import { consentItems, matchRequest } from '../../../pwa/js/oid4vp.js';
import { parseDcqlQuery } from '../../../pwa/js/dcql.js';
import { issue, newKeyPair } from './helpers.mjs';

const VCT = 'https://gemeente.example.nl/vct/persoonsgegevens';
const LABELS = [
  { path: ['given_name'], label: { nl: 'Voornamen', en: 'Given names' } },
  { path: ['address'], label: { nl: 'Adres', en: 'Address' } },
  { path: ['address', 'street'], label: { nl: 'Straat', en: 'Street' } },
];
const WORDS = { locale: 'nl', yes: 'Ja', no: 'Nee', none: '-' };

async function storedCopies(count, { card = 'kaart-1', receivedAt = '2026-01-01T00:00:00Z', used = [] } = {}) {
  const issuer = await newKeyPair();
  const copies = [];
  for (let i = 0; i < count; i += 1) {
    const keyPair = await newKeyPair();
    const compact = await issue({
      claims: { iss: 'https://gemeente.example.nl', vct: VCT, given_name: 'Anna', age_over_18: true, birthdate: '2001-02-03', address: { street: 'Kerkstraat', city: 'Boxtel' } },
      disclosable: [['given_name'], ['age_over_18'], ['birthdate'], ['address']], issuerKey: issuer.privateKey, holderKeyPair: keyPair,
    });
    copies.push({
      id: `${card}-${i}`, card, vct: VCT, name: { nl: 'Persoonsgegevens', en: 'Personal data' }, issuer: 'https://gemeente.example.nl',
      issuerName: { nl: 'Gemeente Boxtel', en: 'Municipality of Boxtel' }, claims: LABELS, compact, keyPair, used: used.includes(i), receivedAt,
    });
  }
  return copies;
}

const request = (claims) => ({
  request: { dcqlQuery: parseDcqlQuery({ credentials: [{ id: 'persoon', format: 'dc+sd-jwt', meta: { vct_values: [VCT] }, claims: claims.map((path) => ({ path })) }] }) },
});

test('legal_name_from_the_certificate_subject', () => {
  assert.equal(legalName({ subject: { attributes: { O: 'Regie demo', CN: 'Woonstichting De Kempen' } } }, 'x'), 'Woonstichting De Kempen');
  assert.equal(legalName({ subject: { attributes: { O: 'Gemeente Boxtel', CN: 'rp.boxtel.nl' } } }, 'x'), 'Gemeente Boxtel');
  assert.equal(legalName({ subject: { attributes: {} } }, '127.0.0.1'), '127.0.0.1');
});

test('consent_lists_exactly_the_requested_claims_with_labels_and_values', async () => {
  const cards = cardsOf(await storedCopies(2));
  const selection = matchRequest(request([['given_name'], ['birthdate'], ['age_over_18'], ['address']]), await heldCredentials(cards));
  const [item] = consentView(consentItems(selection), cards, WORDS);
  assert.equal(item.card.card, 'kaart-1');
  assert.deepEqual(item.claims.map((c) => [c.label, c.lines]), [
    ['Voornamen', ['Anna']],
    ['birthdate', ['3 februari 2001']],
    ['age over 18', ['Ja']],
    ['Adres', ['Straat: Kerkstraat', 'city: Boxtel']],
  ]);
  assert.deepEqual(item.claims[0].labels, { nl: 'Voornamen', en: 'Given names' });
});

test('value_lines_in_english', () => {
  assert.deepEqual(valueLines([false, 1234.5], ['x'], [], { ...WORDS, locale: 'en', no: 'No' }), ['No', '1,234.5']);
});

test('haip_7_each_answer_takes_an_unused_copy_and_says_which', async () => {
  const cards = cardsOf(await storedCopies(3, { used: [0] }));
  const selection = matchRequest(request([['given_name']]), await heldCredentials(cards));
  const { answers, used } = await answersFor(selection, cards);
  assert.deepEqual(used, ['kaart-1-1']);
  assert.equal(answers.persoon.copy.keyPair, cards[0].copies[1].keyPair);
  assert.equal(answers.persoon.copy.credential.claims.given_name, 'Anna');
  assert.deepEqual(answers.persoon.paths, [['given_name']]);
  assert.deepEqual(cardsWithoutCopies(selection, cards), []);
});

test('haip_7_no_unused_copy_is_said_before_consent', async () => {
  const cards = cardsOf(await storedCopies(1, { used: [0] }));
  const selection = matchRequest(request([['given_name']]), await heldCredentials(cards));
  assert.equal(cardsWithoutCopies(selection, cards).length, 1);
  await assert.rejects(answersFor(selection, cards), { code: 'no_unused_copy' });
});

test('cards_with_unused_copies_come_first_then_the_newest', async () => {
  const old = await storedCopies(1, { card: 'oud', receivedAt: '2026-01-01T00:00:00Z' });
  const fresh = await storedCopies(1, { card: 'nieuw', receivedAt: '2026-02-01T00:00:00Z' });
  const spent = await storedCopies(1, { card: 'op', receivedAt: '2026-03-01T00:00:00Z', used: [0] });
  assert.deepEqual(cardsOf([...old, ...spent, ...fresh]).map((c) => c.card), ['nieuw', 'oud', 'op']);
  const selection = matchRequest(request([['given_name']]), await heldCredentials(cardsOf([...old, ...spent, ...fresh])));
  assert.equal(selection.chosen.persoon.credential.ref, 'nieuw');
});

test('history_entry_names_party_claims_cards_and_outcome', async () => {
  const cards = cardsOf(await storedCopies(1));
  const view = consentView(consentItems(matchRequest(request([['given_name']]), await heldCredentials(cards))), cards, WORDS);
  assert.deepEqual(historyEntry({ clientId: 'x509_hash:abc', name: 'Balie', view, outcome: 'declined', at: 'T' }), {
    kind: 'presentation', at: 'T', party: { id: 'x509_hash:abc', name: 'Balie' },
    claims: [{ nl: 'Voornamen', en: 'Given names' }], cards: ['kaart-1'], outcome: 'declined', caseId: null,
  });
});

test('oid4vp_5_1_verifier_info_names_the_use_case_and_its_purpose', () => {
  const info = (data, format = 'urn:regie:verifier-info:use-case') => ({ raw: { verifier_info: [{ format: 'other', data: {} }, { format, data }] } });
  assert.deepEqual(useCaseFrom(info({ title: { nl: 'Inschrijven', en: 'Register' }, purpose: { nl: 'Om u in te schrijven' } })), {
    title: { nl: 'Inschrijven', en: 'Register' }, purpose: { nl: 'Om u in te schrijven' },
  });
  assert.equal(useCaseFrom(info({ title: 'x', purpose: 42 })), null);
  assert.equal(useCaseFrom(info({ title: { nl: 'x' } }, 'urn:other')), null);
  assert.equal(useCaseFrom({ raw: {} }), null);
  assert.equal(useCaseFrom({ raw: { verifier_info: 'x' } }), null);
});
