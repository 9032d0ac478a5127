// OpenID4VP 1.0 on the wallet's side: links, Request Object checks (§5, §5.9.3, §5.10.1),
// the VP Token, the encrypted response (§8.3), the verifier's answer to it (§8.2) and the
// decline (§8.5).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { b64Decode, b64urlDecode, b64urlEncode } from '../../../pwa/js/b64.js';
import { decryptJwe, publicJwk, sha256 } from '../../../pwa/js/jose.js';
import { verifyCredential, verifyPresentation } from '../../../pwa/js/sdjwt.js';
import {
  buildVpToken, consentItems, decline, fetchAndVerifyRequest, matchRequest, parseClientId, parseRequestLink,
  pickUnusedCopy, postResponse, present, responseForm, verifyRequestObject,
} from '../../../pwa/js/oid4vp.js';
import { PKI, NOW, fakeFetch, issue, newKeyPair, requestObject } from './helpers.mjs';

const VCT = 'https://gemeente.example.nl/vct/persoonsgegevens';
const DNS_CLIENT = `x509_san_dns:${PKI.rp_dns}`;
const RESPONSE_URI = `https://${PKI.rp_dns}/oid4vp/response/abc`;
const REQUEST_URI = `https://${PKI.rp_dns}/oid4vp/request/abc`;

async function hashClient() {
  return `x509_hash:${b64urlEncode(await sha256(b64Decode(PKI.x5c[0])))}`;
}

async function encryptionKey() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  return { pair, jwk: { ...(await publicJwk(pair)), kid: 'enc-1', use: 'enc', alg: 'ECDH-ES' } };
}

function payload(changes = {}, jwk = null) {
  return {
    client_id: DNS_CLIENT,
    response_type: 'vp_token',
    response_mode: 'direct_post.jwt',
    response_uri: RESPONSE_URI,
    nonce: 'bm9uY2Utb2YtdGhlLXZlcmlmaWVy',
    state: 'c3RhdGUtb2YtdGhlLXJlcXVlc3Q',
    aud: 'https://self-issued.me/v2',
    iat: NOW,
    exp: NOW + 300,
    dcql_query: { credentials: [{ id: 'persoon', format: 'dc+sd-jwt', meta: { vct_values: [VCT] }, claims: [{ path: ['given_name'] }] }] },
    client_metadata: {
      jwks: { keys: [jwk ?? { kty: 'EC', crv: 'P-256', x: 'weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ', y: 'e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck', kid: 'k', use: 'enc', alg: 'ECDH-ES' }] },
      encrypted_response_enc_values_supported: ['A128GCM', 'A256GCM'],
    },
    ...changes,
  };
}

const verify = async (token, options = {}) => verifyRequestObject(token, { clientId: DNS_CLIENT, trustAnchors: [PKI.root], now: NOW, ...options });

test('oid4vp_5_link_parsed', () => {
  const link = `openid4vp://?client_id=${encodeURIComponent(DNS_CLIENT)}&request_uri=${encodeURIComponent(REQUEST_URI)}&request_uri_method=post`;
  assert.deepEqual(parseRequestLink(link), { clientId: DNS_CLIENT, requestUri: REQUEST_URI, requestUriMethod: 'post' });
});

for (const [name, link] of [
  ['no_request_uri', 'openid4vp://?client_id=x'],
  ['request_by_value', 'openid4vp://?client_id=x&request=eyJ'],
  ['http_request_uri', 'openid4vp://?client_id=x&request_uri=http%3A%2F%2Fexample.com%2Fr'],
  ['method_put', `openid4vp://?client_id=x&request_uri=${encodeURIComponent(REQUEST_URI)}&request_uri_method=put`],
  ['client_id_twice', `openid4vp://?client_id=x&client_id=y&request_uri=${encodeURIComponent(REQUEST_URI)}`],
]) {
  test(`oid4vp_5_link_refused_${name}`, () => assert.throws(() => parseRequestLink(link), { code: 'link_invalid' }));
}

test('oid4vp_5_9_3_x509_san_dns_request_verifies', async () => {
  const verified = await verify(await requestObject(payload()));
  assert.equal(verified.request.nonce, 'bm9uY2Utb2YtdGhlLXZlcmlmaWVy');
  assert.deepEqual(verified.clientId, { prefix: 'x509_san_dns', original: PKI.rp_dns });
  assert.equal(verified.relyingParty.name, 'Woningcorporatie De Test');
  assert.equal(verified.registered, null);
});

test('oid4vp_5_9_3_x509_hash_request_verifies', async () => {
  const clientId = await hashClient();
  const verified = await verify(await requestObject(payload({ client_id: clientId })), { clientId });
  assert.equal(verified.clientId.prefix, 'x509_hash');
});

const REFUSED = [
  ['rfc9101_10_8_bad_typ', () => requestObject(payload(), { typ: 'JWT' }), {}, 'typ_mismatch'],
  ['rfc7515_bad_signature', async () => {
    const token = await requestObject(payload());
    const other = await newKeyPair();
    const forged = await requestObject(payload({ nonce: 'forged-nonce-value-xyz' }), { key: other.privateKey });
    return `${token.split('.').slice(0, 2).join('.')}.${forged.split('.')[2]}`;
  }, {}, 'signature_invalid'],
  ['rfc7515_signed_by_other_key', async () => requestObject(payload(), { key: (await newKeyPair()).privateKey }), {}, 'signature_invalid'],
  ['oid4vp_5_9_3_untrusted_chain', () => requestObject(payload(), { x5c: PKI.x5c_untrusted }), {}, 'untrusted_certificate'],
  ['oid4vp_5_9_3_other_anchor', () => requestObject(payload()), { trustAnchors: [PKI.other_root] }, 'untrusted_certificate'],
  ['oid4vp_5_9_3_expired_certificate', () => requestObject(payload(), { x5c: PKI.x5c_expired }), {}, 'certificate_expired'],
  ['haip_5_trust_anchor_in_x5c', () => requestObject(payload(), { x5c: PKI.x5c_with_root }), {}, 'certificate_invalid'],
  ['oid4vp_5_9_3_no_x5c', () => requestObject(payload(), { x5c: null }), {}, 'untrusted_certificate'],
  ['oid4vp_5_9_1_unsupported_prefix', () => requestObject(payload({ client_id: 'redirect_uri:https://rp.example.nl' })), { clientId: 'redirect_uri:https://rp.example.nl' }, 'client_id_unsupported'],
  ['oid4vp_5_9_2_no_prefix', () => requestObject(payload({ client_id: 'rp.example.nl' })), { clientId: 'rp.example.nl' }, 'client_id_unsupported'],
  ['oid4vp_5_9_3_san_dns_not_in_certificate', () => requestObject(payload({ client_id: 'x509_san_dns:evil.example', response_uri: 'https://evil.example/r' })), { clientId: 'x509_san_dns:evil.example' }, 'client_id_mismatch'],
  ['oid4vp_5_9_3_wrong_x509_hash', () => requestObject(payload({ client_id: 'x509_hash:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })), { clientId: 'x509_hash:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 'client_id_mismatch'],
  ['oid4vp_5_10_1_client_id_not_the_links', () => requestObject(payload()), { clientId: 'x509_san_dns:other.example' }, 'client_id_mismatch'],
  ['oid4vp_5_9_3_response_uri_on_other_host', () => requestObject(payload({ response_uri: 'https://evil.example/r' })), {}, 'request_invalid'],
  ['oid4vp_5_expired_request', () => requestObject(payload({ exp: NOW - 120 })), {}, 'request_expired'],
  ['oid4vp_5_future_request', () => requestObject(payload({ iat: NOW + 3600 })), {}, 'request_invalid'],
  ['oid4vp_5_8_wrong_aud', () => requestObject(payload({ aud: 'https://wallet.example' })), {}, 'request_invalid'],
  ['oid4vp_5_1_transaction_data', () => requestObject(payload({ transaction_data: ['x'] })), {}, 'request_invalid'],
  ['oid4vp_5_2_nonce_not_url_safe', () => requestObject(payload({ nonce: 'a b' })), {}, 'request_invalid'],
  ['oid4vp_8_3_direct_post_jwt_without_jwks', () => requestObject(payload({ client_metadata: {} })), {}, 'request_invalid'],
  ['oid4vp_5_10_1_wallet_nonce_not_echoed', () => requestObject(payload()), { walletNonce: 'abc' }, 'request_invalid'],
  ['oid4vp_6_broken_dcql', () => requestObject(payload({ dcql_query: { credentials: [] } })), {}, 'dcql_invalid'],
  ['oid4vp_15_4_2_beyond_registration', () => requestObject(payload()), { registrations: { [DNS_CLIENT]: { [VCT]: [['family_name']] } } }, 'beyond_registration'],
];
for (const [name, make, options, code] of REFUSED) {
  test(`request_object_refused_${name}`, async () => {
    await assert.rejects(verify(await make(), options), { code });
  });
}

test('oid4vp_15_registered_relying_party_within_registration', async () => {
  const verified = await verify(await requestObject(payload()), { registrations: { [DNS_CLIENT]: { [VCT]: [['given_name']] } } });
  assert.equal(verified.registered, true);
  const unknown = await verify(await requestObject(payload()), { registrations: {} });
  assert.equal(unknown.registered, false);
});

test('oid4vp_5_9_1_client_id_split_at_first_colon', () => {
  assert.deepEqual(parseClientId('x509_hash:a:b'), { prefix: 'x509_hash', original: 'a:b' });
});

async function wallet() {
  const issuer = await newKeyPair();
  const copies = [];
  for (let i = 0; i < 2; i += 1) {
    const keyPair = await newKeyPair();
    const compact = await issue({
      claims: { iss: 'https://gemeente.example.nl', vct: VCT, given_name: 'Anna', family_name: 'Jansen' },
      disclosable: [['given_name'], ['family_name']], issuerKey: issuer.privateKey, holderKeyPair: keyPair,
    });
    copies.push({ compact, keyPair, used: false, credential: await verifyCredential(compact, { issuerKey: issuer.publicKey, now: NOW }) });
  }
  return { issuer, copies };
}

test('oid4vp_b_3_6_vp_token_encrypted_for_direct_post_jwt_and_posted', async () => {
  const { pair, jwk } = await encryptionKey();
  const verified = await verify(await requestObject(payload({}, jwk)));
  const { issuer, copies } = await wallet();
  const selection = matchRequest(verified, [{ ref: 'c1', vct: VCT, claims: copies[0].credential.claims, holderBound: true }]);
  assert.deepEqual(selection.chosen.persoon.paths, [['given_name']]);
  assert.deepEqual(consentItems(selection), [{ queryId: 'persoon', ref: 'c1', vct: VCT, claims: [{ path: ['given_name'], values: ['Anna'] }] }]);
  copies[0].used = true;
  const copy = pickUnusedCopy(copies);
  assert.equal(copy, copies[1]);
  const vpToken = await buildVpToken(verified.request, { persoon: { copy, paths: selection.chosen.persoon.paths } }, { now: NOW });
  const form = await responseForm(verified.request, vpToken);
  assert.deepEqual(Object.keys(form), ['response']);
  const { header, plaintext } = await decryptJwe(form.response, pair.privateKey);
  assert.equal(header.enc, 'A256GCM'); // HAIP 1.0 §5: A256GCM when offered
  assert.equal(header.kid, 'enc-1');
  const body = JSON.parse(new TextDecoder().decode(plaintext));
  assert.equal(body.state, verified.request.state);
  const presented = await verifyPresentation(body.vp_token.persoon[0], {
    issuerKey: issuer.publicKey, audience: DNS_CLIENT, nonce: verified.request.nonce, now: NOW,
  });
  assert.equal(presented.claims.given_name, 'Anna');
  assert.equal(presented.claims.family_name, undefined);
  const log = [];
  const fetch = fakeFetch({ [`POST ${RESPONSE_URI}`]: async () => ({ body: { redirect_uri: 'https://rp.example.nl/done' } }) }, log);
  assert.deepEqual(await postResponse(verified.request, form, { fetch }), { redirectUri: 'https://rp.example.nl/done', refused: null });
  assert.match(log[0].init.body, /^response=/);
});

/** The held copy and the answers for the one Credential Query of `payload()`. */
async function heldAnswers() {
  const { copies } = await wallet();
  return { persoon: { copy: copies[0], paths: [['given_name']] } };
}

test('oid4vp_8_2_refused_presentation_is_answered_200_with_refused_and_redirect', async () => {
  const { jwk } = await encryptionKey();
  const verified = await verify(await requestObject(payload({}, jwk)));
  const answer = { redirect_uri: 'https://rp.example.nl/verify/t/result?response_code=c', refused: 'verifier.credential_revoked' };
  const fetch = fakeFetch({ [`POST ${RESPONSE_URI}`]: async () => ({ body: answer }) });
  assert.deepEqual(await present(verified, await heldAnswers(), { fetch, now: () => NOW }), {
    redirectUri: answer.redirect_uri, refused: 'verifier.credential_revoked',
  });
  const crossDevice = fakeFetch({ [`POST ${RESPONSE_URI}`]: async () => ({ body: { refused: 'dcql.claim_missing' } }) });
  assert.deepEqual(await present(verified, await heldAnswers(), { fetch: crossDevice, now: () => NOW }), {
    redirectUri: null, refused: 'dcql.claim_missing',
  });
  for (const odd of [true, '', { code: 'x' }]) { // §8.2: what the wallet does not know is ignored
    const strange = fakeFetch({ [`POST ${RESPONSE_URI}`]: async () => ({ body: { refused: odd } }) });
    assert.equal((await present(verified, await heldAnswers(), { fetch: strange, now: () => NOW })).refused, null);
  }
});

test('oid4vp_8_2_response_not_taken_throws_with_the_oauth_error', async () => {
  const { jwk } = await encryptionKey();
  const verified = await verify(await requestObject(payload({}, jwk)));
  const fetch = fakeFetch({
    [`POST ${RESPONSE_URI}`]: async () => ({ status: 400, body: { error: 'invalid_request', error_description: 'the transaction has expired' } }),
  });
  await assert.rejects(present(verified, await heldAnswers(), { fetch, now: () => NOW }), { code: 'server_error', error: 'invalid_request', status: 400 });
});

test('haip_7_copies_are_used_up_only_when_the_response_leaves', async () => {
  const { jwk } = await encryptionKey();
  const verified = await verify(await requestObject(payload({}, jwk)));
  const order = [];
  const fetch = fakeFetch({ [`POST ${RESPONSE_URI}`]: async () => { order.push('posted'); return { body: {} }; } });
  const beforePost = async () => { order.push('used'); };
  await present(verified, await heldAnswers(), { fetch, now: () => NOW, beforePost });
  assert.deepEqual(order, ['used', 'posted']);
  order.length = 0;
  const unencryptable = { ...verified, request: { ...verified.request, clientMetadata: { jwks: { keys: [] } } } };
  await assert.rejects(present(unencryptable, await heldAnswers(), { fetch, now: () => NOW, beforePost }), { code: 'encryption_unsupported' });
  assert.deepEqual(order, []); // nothing left the wallet: no copy used up
});

test('oid4vp_8_5_decline_sends_access_denied_with_state', async () => {
  const verified = await verify(await requestObject(payload()));
  const log = [];
  const fetch = fakeFetch({ [`POST ${RESPONSE_URI}`]: async () => ({ body: {} }) }, log);
  const result = await decline(verified.request, { fetch });
  assert.equal(result.redirectUri, null);
  const sent = new URLSearchParams(log[0].init.body);
  assert.equal(sent.get('error'), 'access_denied');
  assert.equal(sent.get('state'), verified.request.state);
  assert.equal(sent.get('vp_token'), null);
});

test('oid4vp_5_10_request_uri_post_with_wallet_nonce_end_to_end', async () => {
  const { jwk } = await encryptionKey();
  const log = [];
  const fetch = fakeFetch({
    [`POST ${REQUEST_URI}`]: async (init) => {
      const walletNonce = new URLSearchParams(init.body).get('wallet_nonce');
      return { text: await requestObject(payload({ wallet_nonce: walletNonce }, jwk)) };
    },
  }, log);
  const link = `openid4vp://?client_id=${encodeURIComponent(DNS_CLIENT)}&request_uri=${encodeURIComponent(REQUEST_URI)}&request_uri_method=post`;
  const verified = await fetchAndVerifyRequest(link, { fetch, trustAnchors: [PKI.root], now: () => NOW });
  assert.equal(verified.request.walletNonce.length > 16, true);
  assert.equal(b64urlDecode(verified.request.walletNonce).length, 16);
});

test('haip_7_no_unused_copy_left', () => {
  assert.throws(() => pickUnusedCopy([{ used: true }]), { code: 'no_unused_copy' });
});

test('oid4vp_8_1_mailbox_uri_extension_inside_the_jwe_only', async () => {
  const { pair, jwk } = await encryptionKey();
  const verified = await verify(await requestObject(payload({}, jwk)));
  const { copies } = await wallet();
  const vpToken = await buildVpToken(verified.request, { persoon: { copy: copies[0], paths: [['given_name']] } }, { now: NOW });
  const mailboxUri = 'https://wallet.example.nl/api/mailboxes/abc';
  const form = await responseForm(verified.request, vpToken, { mailboxUri });
  assert.deepEqual(Object.keys(form), ['response']); // not beside the JWE, where others could read it
  const body = JSON.parse(new TextDecoder().decode((await decryptJwe(form.response, pair.privateKey)).plaintext));
  assert.equal(body.mailbox_uri, mailboxUri);
  assert.equal(body.state, verified.request.state);
  const without = JSON.parse(new TextDecoder().decode((await decryptJwe((await responseForm(verified.request, vpToken)).response, pair.privateKey)).plaintext));
  assert.equal('mailbox_uri' in without, false);
});
