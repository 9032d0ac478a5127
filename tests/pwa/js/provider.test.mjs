// provider.js against a fake wallet provider (fetch routed here) and an in-memory IndexedDB:
// deleting a mailbox whose case did not go through (docs/wallet-provider.md §Mailboxes 7), and
// a push subscription the browser answers with after the wallet gave up.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

import { b64urlDecode, fromUtf8 } from '../../../pwa/js/b64.js';
import { deleteMailbox, discardMailbox, PROOF_TYP, subscribePush } from '../../../pwa/js/provider.js';
import { mailboxes, saveMailbox, saveProviderInstance } from '../../../pwa/js/store.js';
import { unlock } from '../../../pwa/js/vault.js';
import { newKeyPair } from './helpers.mjs';
import { MemoryIndexedDb } from './memorydb.mjs';

globalThis.indexedDB = new MemoryIndexedDb(); // store.js opens it on first use
const BASE = 'https://wallet.example.nl';
const INSTANCE = 'instance-1';

const part = (jws, index) => JSON.parse(fromUtf8(b64urlDecode(jws.split('.')[index])));

/** The provider: challenges, and `DELETE .../mailboxes/{id}` answered `status`; `offline`
 * fails every call as a lost network does. Records the calls. */
function fakeProvider(status, { offline = false } = {}) {
  const calls = [];
  const fetch = async (url, init = {}) => {
    calls.push({ url, method: init.method ?? 'GET', headers: init.headers ?? {} });
    if (offline) throw new TypeError('Failed to fetch');
    if (url === `${BASE}/api/wallet-instances/challenges`) return Response.json({ nonce: `n${calls.length}` }, { status: 201 });
    if (url === `${BASE}/api/push/vapid-public-key`) return Response.json({ application_server_key: 'BAAA' });
    if (url === `${BASE}/api/wallet-instances/${INSTANCE}/push` && init.method === 'PUT') {
      return Response.json({ allow_by_default: false, senders: JSON.parse(init.body).senders });
    }
    if (url.startsWith(`${BASE}/api/wallet-instances/${INSTANCE}/mailboxes/`) && init.method === 'DELETE') {
      return status === 204 ? new Response(null, { status }) : Response.json({ code: 'mailbox_in_use', status }, { status });
    }
    return Response.json({ code: 'not_found' }, { status: 404 });
  };
  return { fetch, calls, options: { fetch, base: BASE } };
}

async function ids() {
  return (await mailboxes()).map((box) => box.id).sort();
}

unlock(await globalThis.crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']));
await saveProviderInstance({ instanceId: INSTANCE, keyPair: await newKeyPair() });

beforeEach(async () => { // two mailboxes of the wallet's cases, again before each test
  for (const id of ['case-1', 'case-2']) {
    await saveMailbox({ id, keyPair: await newKeyPair(), url: `${BASE}/api/mailboxes/t-${id}`, sender: 'x509_hash:abc', name: 'Woonstichting' });
  }
});

test('deleteMailbox: DELETE as the instance, with a fresh proof; the key is forgotten here', async () => {
  const provider = fakeProvider(204);
  await deleteMailbox('case-1', provider.options);
  const deleting = provider.calls.at(-1);
  assert.equal(deleting.method, 'DELETE');
  assert.equal(deleting.url, `${BASE}/api/wallet-instances/${INSTANCE}/mailboxes/case-1`);
  const proof = deleting.headers['Wallet-Instance-Proof'];
  assert.equal(part(proof, 0).typ, PROOF_TYP);
  assert.equal(part(proof, 1).aud, BASE);
  assert.equal(part(proof, 1).nonce, 'n1'); // the challenge just fetched
  assert.deepEqual(await ids(), ['case-2']);
});

test('deleteMailbox: already gone at the provider (404) counts as deleted', async () => {
  const provider = fakeProvider(404);
  await deleteMailbox('case-2', provider.options);
  assert.deepEqual(await ids(), ['case-1']);
});

test('deleteMailbox: a mailbox that holds a message (409) stays, here too', async () => {
  const provider = fakeProvider(409);
  await assert.rejects(deleteMailbox('case-1', provider.options), { code: 'server_error', status: 409 });
  assert.deepEqual(await ids(), ['case-1', 'case-2']);
});

test('discardMailbox: never throws; a failure is logged and the key kept', async (t) => {
  const logged = t.mock.method(console, 'error', () => {});
  const offline = fakeProvider(204, { offline: true });
  assert.equal(await discardMailbox({ id: 'case-1', url: 'x' }, offline.options), false);
  assert.equal(logged.mock.callCount(), 1);
  assert.equal(logged.mock.calls[0].arguments[0].code, 'network_error');
  assert.equal(await discardMailbox({ id: 'case-1' }, fakeProvider(409).options), false);
  assert.equal(logged.mock.callCount(), 2);
  assert.deepEqual(await ids(), ['case-1', 'case-2']);
  assert.equal(await discardMailbox({ id: 'case-1' }, fakeProvider(204).options), true);
  assert.deepEqual(await ids(), ['case-2']);
});

test('discardMailbox: no mailbox was made, nothing is asked', async () => {
  const provider = fakeProvider(204);
  assert.equal(await discardMailbox(null, provider.options), false);
  assert.deepEqual(provider.calls, []);
});

/** A service worker registration whose push service answers `subscribe` when `answer` is called. */
function slowPushService() {
  let answer;
  const answered = new Promise((resolve) => { answer = resolve; });
  const subscription = { toJSON: () => ({ endpoint: 'https://push.example/1', keys: { p256dh: 'k', auth: 'a' } }) };
  return { registration: { pushManager: { subscribe: () => answered.then(() => subscription) } }, answer };
}

test('subscribePush: the senders go to the provider once the push service answers', async () => {
  const provider = fakeProvider(204);
  const push = slowPushService();
  const subscribing = subscribePush({ 'x509_hash:abc': true }, { ...provider.options, registration: push.registration, signal: new AbortController().signal });
  push.answer();
  assert.deepEqual(await subscribing, { allow_by_default: false, senders: { 'x509_hash:abc': true } });
  assert.equal(provider.calls.filter((call) => call.method === 'PUT').length, 1);
});

test('subscribePush: a push service answering after the wallet gave up changes nothing at the provider', async () => {
  const provider = fakeProvider(204);
  const push = slowPushService();
  const controller = new AbortController();
  const subscribing = subscribePush({ 'x509_hash:abc': true }, { ...provider.options, registration: push.registration, signal: controller.signal });
  controller.abort(); // inbox.js: PUSH_SUBSCRIBE_MS passed, the resident was told it did not work
  push.answer();
  await assert.rejects(subscribing, { code: 'network_error' });
  assert.deepEqual(provider.calls.filter((call) => call.method === 'PUT'), []);
});
