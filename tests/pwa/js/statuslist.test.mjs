// statuslist.js: the wallet reads the Token Status List of the credentials it holds (§4.1
// encoding, §5.1 token, §8.3 checks) to mark a revoked card "Ingetrokken" (issue 6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';

import { b64urlEncode } from '../../../pwa/js/b64.js';
import { publicJwk, signJws } from '../../../pwa/js/jose.js';
import { cardStatuses, readStatusListToken, statusAt, statusReference } from '../../../pwa/js/statuslist.js';
import { fakeFetch, issue, newKeyPair, NOW } from './helpers.mjs';

const ISSUER = 'http://127.0.0.1:8001';
const LIST = `${ISSUER}/status-lists/1`;

/** §4.1: `values` packed `bits` per entry, least significant first, ZLIB-compressed. */
function lst(values, bits) {
  const bytes = new Uint8Array(Math.ceil((values.length * bits) / 8));
  values.forEach((value, i) => { bytes[Math.floor((i * bits) / 8)] |= value << ((i * bits) % 8); });
  return b64urlEncode(deflateSync(bytes));
}

async function statusListToken(keyPair, { values = [0, 1, 0, 2], bits = 2, sub = LIST, exp = NOW + 600, typ = 'statuslist+jwt', kid = 'k1' } = {}) {
  return signJws({ sub, iat: NOW, exp, ttl: 300, status_list: { bits, lst: lst(values, bits) } }, keyPair.privateKey, { typ, headers: { kid } });
}

async function issuerKeys(keyPair) {
  return [{ ...(await publicJwk(keyPair)), kid: 'k1' }];
}

test('statusReference: §6.1 status.status_list {idx, uri}, else null', () => {
  assert.deepEqual(statusReference({ status: { status_list: { idx: 3, uri: LIST } } }), { idx: 3, uri: LIST });
  assert.equal(statusReference({}), null);
  assert.equal(statusReference({ status: { status_list: { idx: -1, uri: LIST } } }), null);
  assert.equal(statusReference({ status: { status_list: { idx: 1, uri: 'http://elders.example/l' } } }), null); // not secure
});

test('readStatusListToken + statusAt: the entries as the issuer packed them (1, 2 and 8 bits)', async () => {
  const keyPair = await newKeyPair();
  for (const bits of [1, 2, 8]) {
    const values = bits === 1 ? [0, 1, 1, 0, 0, 0, 0, 0, 1] : [0, 1, 0, 2, 1];
    const list = await readStatusListToken(await statusListToken(keyPair, { values, bits }), { uri: LIST, issuerKeys: await issuerKeys(keyPair), now: NOW });
    assert.deepEqual(values.map((_, i) => statusAt(list, i)), values, `bits ${bits}`);
    assert.throws(() => statusAt(list, 64), /outside/);
  }
});

test('readStatusListToken refuses another URI, an expired token, another typ or another key', async () => {
  const keyPair = await newKeyPair();
  const keys = await issuerKeys(keyPair);
  const read = async (options, extra = {}) => readStatusListToken(await statusListToken(keyPair, options), { uri: LIST, issuerKeys: keys, now: NOW, ...extra });
  await assert.rejects(read({ sub: `${ISSUER}/status-lists/2` }), /another URI/);
  await assert.rejects(read({ exp: NOW - 1 }), /expired/);
  await assert.rejects(read({ typ: 'jwt' }));
  await assert.rejects(read({}, { issuerKeys: await issuerKeys(await newKeyPair()) }), /signature/);
});

test('cardStatuses: a card is revoked when one of its copies is; unknown lists leave it out', async () => {
  const issuerKey = await newKeyPair();
  const credential = (idx, uri = LIST) => issue({ claims: { iss: ISSUER, vct: 'urn:test', status: { status_list: { idx, uri } } }, issuerKey: issuerKey.privateKey });
  const copies = [
    { card: 'adres', issuer: ISSUER, compact: await credential(0) },
    { card: 'adres', issuer: ISSUER, compact: await credential(1) }, // revoked
    { card: 'huis', issuer: ISSUER, compact: await credential(2) },
    { card: 'geschorst', issuer: ISSUER, compact: await credential(3) },
    { card: 'weg', issuer: ISSUER, compact: await credential(0, `${ISSUER}/status-lists/weg`) },
  ];
  const log = [];
  const fetch = fakeFetch({
    [`GET ${ISSUER}/.well-known/jwt-vc-issuer`]: async () => ({ body: { issuer: ISSUER, jwks: { keys: [{ ...(await publicJwk(issuerKey)), kid: 'issuer-key' }] } } }),
    [`GET ${LIST}`]: async () => ({ text: await signJws({ sub: LIST, iat: NOW, exp: NOW + 600, status_list: { bits: 2, lst: lst([0, 1, 0, 2], 2) } }, issuerKey.privateKey, { typ: 'statuslist+jwt', headers: { kid: 'issuer-key' } }) }),
  }, log);
  const statuses = await cardStatuses(copies, { fetch, now: () => NOW });
  assert.deepEqual(Object.fromEntries(statuses), { adres: 'revoked', huis: 'valid', geschorst: 'suspended' });
  assert.equal(log.filter((entry) => entry.key === `GET ${LIST}`).length, 1); // each list once
});
