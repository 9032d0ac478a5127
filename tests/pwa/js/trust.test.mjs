// The wallet's trust list (pwa/js/trust.js): fetched from the provider, checked, remembered
// for offline use; a malformed or missing list trusts nobody.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadTrust, parseTrustList, resetTrust, STORAGE_KEY, TRUST_LIST_URL } from '../../../pwa/js/trust.js';
import { PKI, fakeFetch } from './helpers.mjs';

const DOC = {
  issuers: [{ issuer: 'https://gemeente.example.nl', name: 'Gemeente Voorbeeld' }, { issuer: 'https://other.example.nl', name: null }],
  relying_party_anchors: [PKI.root],
  relying_parties: [{ client_id: 'x509_san_dns:rp.example.nl', registration: { 'urn:vct': [['given_name']] }, purpose: { nl: 'Inschrijven', en: 'Register' } }],
};

function memoryStorage(initial = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, String(v)), items };
}

const serving = (body, status = 200) => fakeFetch({ [`GET ${TRUST_LIST_URL}`]: async () => ({ status, body }) });
const offline = async () => { throw new TypeError('Failed to fetch'); };

test('trust_list_parsed_for_the_wallet', () => {
  const list = parseTrustList(DOC);
  assert.deepEqual(list.issuers, DOC.issuers);
  assert.deepEqual(list.anchors, [PKI.root]);
  assert.deepEqual(list.registrations, { 'x509_san_dns:rp.example.nl': { 'urn:vct': [['given_name']] } });
  assert.deepEqual(list.relyingParties[0].purpose, { nl: 'Inschrijven', en: 'Register' });
  assert.equal(parseTrustList({ ...DOC, relying_parties: [] }).registrations, null); // no registrations: no check
});

for (const [name, doc] of [
  ['not_an_object', []],
  ['no_issuers', { relying_party_anchors: [] }],
  ['issuer_without_identifier', { issuers: [{ name: 'x' }], relying_party_anchors: [] }],
  ['anchor_not_text', { issuers: [], relying_party_anchors: [42] }],
  ['party_without_registration', { issuers: [], relying_party_anchors: [], relying_parties: [{ client_id: 'x' }] }],
]) {
  test(`trust_list_malformed_${name}_refused`, () => {
    assert.equal(parseTrustList(doc), null);
  });
}

test('trust_list_fetched_remembered_and_used_offline', async () => {
  resetTrust();
  const storage = memoryStorage();
  const online = await loadTrust({ fetch: serving(DOC), storage });
  assert.equal(online.issuers[0].issuer, 'https://gemeente.example.nl');
  assert.ok(storage.items.get(STORAGE_KEY));
  assert.equal(await loadTrust({ fetch: offline, storage }), online); // one fetch per page load
  resetTrust();
  const later = await loadTrust({ fetch: offline, storage });
  assert.deepEqual(later, online);
});

test('trust_list_bad_answer_keeps_the_last_good_copy', async () => {
  resetTrust();
  const storage = memoryStorage({ [STORAGE_KEY]: JSON.stringify(DOC) });
  const list = await loadTrust({ fetch: serving({ issuers: 'all' }), storage });
  assert.equal(list.issuers.length, 2);
  assert.equal(storage.items.get(STORAGE_KEY), JSON.stringify(DOC)); // the bad one is not kept
  resetTrust();
  assert.equal((await loadTrust({ fetch: serving({}, 500), storage })).anchors.length, 1);
});

test('trust_list_without_any_copy_trusts_nobody', async () => {
  resetTrust();
  const list = await loadTrust({ fetch: offline, storage: memoryStorage({ [STORAGE_KEY]: '{not json' }) });
  assert.deepEqual(list.issuers, []);
  assert.deepEqual(list.anchors, []);
  assert.equal(list.registrations, null);
  resetTrust();
});
