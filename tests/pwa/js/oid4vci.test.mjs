// OpenID4VCI 1.0 client against an in-memory issuer that follows tests/issuer's shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { importPublicJwk, jwkThumbprint, publicJwk, signJws, verifyJws } from '../../../pwa/js/jose.js';
import {
  ATTESTATION_POP_TYP, PROOF_TYP, checkTxCode, completeIssuance, createClientAttestationPop, notifyAccepted,
  parseCredentialOfferLink, prepareIssuance,
} from '../../../pwa/js/oid4vci.js';
import { NOW, fakeFetch, issue, newKeyPair } from './helpers.mjs';

const ISSUER = 'http://127.0.0.1:8001';
const VCT = 'https://gemeente.example.nl/vct/persoonsgegevens';
const OFFER_URI = `${ISSUER}/credential-offer/o1`;
const LINK = `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(OFFER_URI)}`;

/** An issuer: offer, metadata, token (tx_code 123456), nonce, credential, keys, type metadata. */
async function fakeIssuer({ metadataIssuer = ISSUER, bindTo = null, vct = VCT, keysIssuer = ISSUER, authMethods = null } = {}) {
  const key = await newKeyPair();
  const jwk = { ...(await publicJwk(key)), kid: 'issuer-key' };
  const seen = { proofs: [], token: null, tokenHeaders: null };
  const server = { issuer: ISSUER, token_endpoint: `${ISSUER}/token` };
  if (authMethods) {
    Object.assign(server, {
      token_endpoint_auth_methods_supported: authMethods,
      client_attestation_signing_alg_values_supported: ['ES256'],
      client_attestation_pop_signing_alg_values_supported: ['ES256'],
    });
  }
  const routes = {
    [`GET ${OFFER_URI}`]: async () => ({
      body: {
        credential_issuer: ISSUER,
        credential_configuration_ids: ['persoonsgegevens'],
        grants: { 'urn:ietf:params:oauth:grant-type:pre-authorized_code': { 'pre-authorized_code': 'code-1', tx_code: { input_mode: 'numeric', length: 6 } } },
      },
    }),
    [`GET ${ISSUER}/.well-known/openid-credential-issuer`]: async () => ({
      body: {
        credential_issuer: metadataIssuer,
        credential_endpoint: `${ISSUER}/credential`,
        nonce_endpoint: `${ISSUER}/nonce`,
        batch_credential_issuance: { batch_size: 3 },
        display: [{ name: 'Gemeente Boxtel', locale: 'nl' }, { name: 'Municipality of Boxtel', locale: 'en' }],
        credential_configurations_supported: {
          persoonsgegevens: {
            format: 'dc+sd-jwt', vct: VCT,
            credential_metadata: { display: [{ name: 'Persoonsgegevens', locale: 'nl' }, { name: 'Personal data', locale: 'en' }] },
            type_metadata_uri: `${ISSUER}/type-metadata/persoonsgegevens`,
          },
        },
      },
    }),
    [`GET ${ISSUER}/.well-known/oauth-authorization-server`]: async () => ({ body: server }),
    [`POST ${ISSUER}/token`]: async (init) => {
      const form = new URLSearchParams(init.body);
      seen.token = form;
      seen.tokenHeaders = init.headers;
      if (form.get('tx_code') !== '123456') return { status: 400, body: { error: 'invalid_grant' } };
      return { body: { access_token: 'at-1', token_type: 'Bearer' } };
    },
    [`POST ${ISSUER}/nonce`]: async () => ({ body: { c_nonce: 'nonce-1' } }),
    [`POST ${ISSUER}/credential`]: async (init) => {
      assert.equal(init.headers.Authorization, 'Bearer at-1');
      const body = JSON.parse(init.body);
      const credentials = [];
      for (const proof of body.proofs.jwt) {
        const parsed = await verifyJws(proof, (header) => importPublicJwk(header.jwk), { typ: PROOF_TYP, allowHeaderJwk: true });
        seen.proofs.push(parsed);
        const holder = bindTo ?? parsed.header.jwk;
        credentials.push({
          credential: await issue({
            claims: { iss: ISSUER, vct, given_name: 'Anna' }, disclosable: [['given_name']], issuerKey: key.privateKey,
            holderKeyPair: { publicKey: await importPublicJwk(holder) },
          }),
        });
      }
      return { body: { credentials, notification_id: 'n-1' } };
    },
    [`GET ${ISSUER}/.well-known/jwt-vc-issuer`]: async () => ({ body: { issuer: keysIssuer, jwks: { keys: [jwk] } } }),
    [`GET ${ISSUER}/type-metadata/persoonsgegevens`]: async () => ({
      body: { vct: VCT, display: [{ locale: 'nl', name: 'Persoonsgegevens' }, { locale: 'en', name: 'Personal data' }], claims: [{ path: ['given_name'], display: [{ locale: 'nl', label: 'Voornaam' }, { locale: 'en', label: 'Given name' }] }] },
    }),
  };
  return { fetch: fakeFetch(routes), seen };
}

const TRUST = [{ issuer: ISSUER }];

test('oid4vci_4_1_offer_link_by_reference_and_by_value', () => {
  assert.deepEqual(parseCredentialOfferLink(LINK), { offerUri: OFFER_URI, offer: null });
  const offer = { credential_issuer: ISSUER, credential_configuration_ids: ['a'], grants: { 'urn:ietf:params:oauth:grant-type:pre-authorized_code': { 'pre-authorized_code': 'c' } } };
  const byValue = parseCredentialOfferLink(`openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`);
  assert.equal(byValue.offer.preAuthorizedCode, 'c');
  assert.equal(byValue.offer.txCode, null);
  // The issuer's same-device button opens the wallet app itself: {wallet_url}/#/offer?...
  const button = `http://127.0.0.1:8003/#/offer?credential_offer_uri=${encodeURIComponent(OFFER_URI)}`;
  assert.deepEqual(parseCredentialOfferLink(button), { offerUri: OFFER_URI, offer: null });
  for (const bad of ['openid-credential-offer://', `${LINK}&credential_offer=%7B%7D`, 'openid-credential-offer://?credential_offer_uri=http%3A%2F%2Fexample.com%2Fo']) {
    assert.throws(() => parseCredentialOfferLink(bad), { code: 'offer_invalid' });
  }
});

test('oid4vci_full_flow_batch_of_verified_key_bound_credentials', async () => {
  const { fetch, seen } = await fakeIssuer();
  const session = await prepareIssuance(LINK, { fetch, trustList: TRUST });
  assert.equal(session.status, 'ready');
  assert.deepEqual(session.issuerName, { nl: 'Gemeente Boxtel', en: 'Municipality of Boxtel' });
  assert.deepEqual(session.credentials[0].display.name, { nl: 'Persoonsgegevens', en: 'Personal data' });
  assert.deepEqual(session.txCode, { inputMode: 'numeric', length: 6, description: null });
  const [received] = await completeIssuance(session, { txCode: '123456', fetch, now: () => NOW });
  assert.equal(received.copies.length, 3);
  assert.equal(received.vct, VCT);
  assert.equal(received.notificationId, 'n-1');
  assert.deepEqual(received.typeMetadata.claims[0].label, { nl: 'Voornaam', en: 'Given name' });
  const thumbprints = new Set();
  for (const copy of received.copies) {
    assert.equal(copy.keyPair.privateKey.extractable, false);
    assert.equal(copy.credential.claims.given_name, 'Anna');
    thumbprints.add(await jwkThumbprint(copy.credential.holderJwk));
  }
  assert.equal(thumbprints.size, 3); // one device key per copy
  assert.equal(seen.token.get('grant_type'), 'urn:ietf:params:oauth:grant-type:pre-authorized_code');
  for (const proof of seen.proofs) {
    assert.equal(proof.header.typ, 'openid4vci-proof+jwt');
    assert.deepEqual(Object.keys(proof.header.jwk).sort(), ['crv', 'kty', 'x', 'y']);
    assert.deepEqual(proof.payload, { aud: ISSUER, iat: NOW, nonce: 'nonce-1' });
  }
});

test('oid4vci_untrusted_issuer_is_explicit_never_silent', async () => {
  const { fetch } = await fakeIssuer();
  const session = await prepareIssuance(LINK, { fetch, trustList: [] });
  assert.equal(session.status, 'untrusted_issuer');
  await assert.rejects(completeIssuance(session, { txCode: '123456', fetch, now: () => NOW }), { code: 'untrusted_issuer' });
  const received = await completeIssuance(session, { txCode: '123456', fetch, now: () => NOW, allowUntrusted: true });
  assert.equal(received[0].copies.length, 3);
});

test('oid4vci_12_2_4_metadata_for_another_issuer_refused', async () => {
  const { fetch } = await fakeIssuer({ metadataIssuer: 'http://127.0.0.1:9999' });
  await assert.rejects(prepareIssuance(LINK, { fetch, trustList: TRUST }), { code: 'issuer_metadata_invalid' });
});

test('sd_jwt_vc_4_3_issuer_keys_of_another_issuer_refused', async () => {
  const { fetch } = await fakeIssuer({ keysIssuer: 'http://127.0.0.1:9999' });
  const session = await prepareIssuance(LINK, { fetch, trustList: TRUST });
  await assert.rejects(completeIssuance(session, { txCode: '123456', fetch, now: () => NOW }), { code: 'issuer_metadata_invalid' });
});

test('oid4vci_6_wrong_tx_code_is_the_issuers_invalid_grant', async () => {
  const { fetch } = await fakeIssuer();
  const session = await prepareIssuance(LINK, { fetch, trustList: TRUST });
  await assert.rejects(completeIssuance(session, { txCode: '654321', fetch, now: () => NOW }), { code: 'server_error', error: 'invalid_grant' });
  await assert.rejects(completeIssuance(session, { fetch, now: () => NOW }), { code: 'tx_code_required' });
  assert.throws(() => checkTxCode({ inputMode: 'numeric', length: 6 }, '12345a'), { code: 'tx_code_invalid' });
  assert.throws(() => checkTxCode({ inputMode: 'numeric', length: 6 }, '12345'), { code: 'tx_code_invalid' });
});

test('oid4vci_credential_bound_to_another_key_or_type_refused', async () => {
  const stranger = await newKeyPair();
  const { fetch } = await fakeIssuer({ bindTo: await publicJwk(stranger) });
  const session = await prepareIssuance(LINK, { fetch, trustList: TRUST });
  await assert.rejects(completeIssuance(session, { txCode: '123456', fetch, now: () => NOW }), { code: 'credential_invalid' });
  const other = await fakeIssuer({ vct: 'https://other.example/vct' });
  const again = await prepareIssuance(LINK, { fetch: other.fetch, trustList: TRUST });
  await assert.rejects(completeIssuance(again, { txCode: '123456', fetch: other.fetch, now: () => NOW }), { code: 'credential_invalid' });
});

test('oid4vci_11_1_credential_accepted_with_mailbox_uri_extension', async () => {
  const { fetch } = await fakeIssuer();
  const session = await prepareIssuance(LINK, { fetch, trustList: TRUST });
  const received = await completeIssuance(session, { txCode: '123456', fetch, now: () => NOW });
  assert.equal(typeof received.accessToken, 'string');
  assert.equal(Object.keys(received).includes('accessToken'), false); // not a stored field
  const endpoint = `${ISSUER}/notification`;
  const sent = [];
  const notify = async (url, init = {}) => {
    if (url === endpoint) {
      sent.push({ headers: init.headers, body: JSON.parse(init.body) });
      return new Response(null, { status: 204 });
    }
    return fetch(url, init);
  };
  const withEndpoint = { ...session, metadata: { ...session.metadata, notification_endpoint: endpoint } };
  const mailboxUri = 'https://wallet.example.nl/api/mailboxes/abc';
  assert.equal(await notifyAccepted(withEndpoint, received, { fetch: notify, mailboxUri }), 1);
  assert.deepEqual(sent[0].body, { notification_id: 'n-1', event: 'credential_accepted', mailbox_uri: mailboxUri });
  assert.equal(sent[0].headers.Authorization, `Bearer ${received.accessToken}`);
  assert.equal(await notifyAccepted({ ...session, metadata: { ...session.metadata, notification_endpoint: undefined } }, received, { fetch: notify }), 0);
  await notifyAccepted(withEndpoint, received, { fetch: notify });
  assert.equal('mailbox_uri' in sent[1].body, false);
});

test('oid4vci_11_1_a_failed_notification_says_how_many_went_through', async () => {
  // offer.js deletes the mailbox again only when no notification (with its URL) reached the issuer
  const { fetch } = await fakeIssuer();
  const session = await prepareIssuance(LINK, { fetch, trustList: TRUST });
  const received = await completeIssuance(session, { txCode: '123456', fetch, now: () => NOW });
  const endpoint = `${ISSUER}/notification`;
  const withEndpoint = { ...session, metadata: { ...session.metadata, notification_endpoint: endpoint } };
  const failingFrom = (taken) => {
    let calls = 0;
    return async (url, init = {}) => {
      if (url !== endpoint) return fetch(url, init);
      calls += 1;
      if (calls > taken) throw new TypeError('Failed to fetch');
      return new Response(null, { status: 204 });
    };
  };
  await assert.rejects(notifyAccepted(withEndpoint, received, { fetch: failingFrom(0), mailboxUri: 'u' }), { code: 'network_error', sent: 0 });
  const two = [received[0], { ...received[0], notificationId: 'n-2' }];
  Object.defineProperty(two, 'accessToken', { value: received.accessToken });
  await assert.rejects(notifyAccepted(withEndpoint, two, { fetch: failingFrom(1), mailboxUri: 'u' }), { code: 'network_error', sent: 1 });
  const refusing = async (url, init = {}) => (url === endpoint ? new Response('{}', { status: 400 }) : fetch(url, init));
  await assert.rejects(notifyAccepted(withEndpoint, received, { fetch: refusing }), { code: 'server_error', sent: 0, status: 400 });
});

// --- wallet attestation as client authentication (Appendix E; Attestation-Based Client Auth) ---

const PROVIDER = 'http://127.0.0.1:8003';
/** A wallet attestation as the provider's (only its `sub` is read by the wallet). */
async function attestedWallet() {
  const instance = await newKeyPair();
  const provider = await newKeyPair();
  const claims = { iss: PROVIDER, sub: PROVIDER, exp: NOW + 900, cnf: { jwk: await publicJwk(instance) } };
  const attestation = await signJws(claims, provider.privateKey, { typ: 'oauth-client-attestation+jwt' });
  return { instance, attestation, attest: async () => ({ attestation, privateKey: instance.privateKey }) };
}

test('abca_5_2_the_pop_names_the_client_and_the_server_and_is_fresh', async () => {
  const instance = await newKeyPair();
  const pop = await createClientAttestationPop(instance.privateKey, { clientId: PROVIDER, audience: ISSUER, issuedAt: NOW });
  const parsed = await verifyJws(pop, instance.publicKey, { typ: ATTESTATION_POP_TYP });
  assert.deepEqual(parsed.header, { alg: 'ES256', typ: ATTESTATION_POP_TYP });
  assert.deepEqual(Object.keys(parsed.payload).sort(), ['aud', 'iat', 'iss', 'jti']);
  assert.equal(parsed.payload.iss, PROVIDER);
  assert.equal(parsed.payload.aud, ISSUER);
  assert.equal(parsed.payload.iat, NOW);
  const again = await createClientAttestationPop(instance.privateKey, { clientId: PROVIDER, audience: ISSUER, issuedAt: NOW });
  assert.notEqual((await verifyJws(again, instance.publicKey, { typ: ATTESTATION_POP_TYP })).payload.jti, parsed.payload.jti);
  const challenged = await createClientAttestationPop(instance.privateKey, { clientId: PROVIDER, audience: ISSUER, issuedAt: NOW, challenge: 'c-1' });
  assert.equal((await verifyJws(challenged, instance.publicKey, { typ: ATTESTATION_POP_TYP })).payload.challenge, 'c-1');
});

test('abca_6_1_the_token_request_carries_the_attestation_and_its_pop', async () => {
  const { fetch, seen } = await fakeIssuer({ authMethods: ['attest_jwt_client_auth'] });
  const wallet = await attestedWallet();
  const session = await prepareIssuance(LINK, { fetch, trustList: TRUST });
  await completeIssuance(session, { txCode: '123456', fetch, now: () => NOW, attest: wallet.attest });
  assert.equal(seen.tokenHeaders['OAuth-Client-Attestation'], wallet.attestation);
  const pop = await verifyJws(seen.tokenHeaders['OAuth-Client-Attestation-PoP'], wallet.instance.publicKey, { typ: ATTESTATION_POP_TYP });
  assert.equal(pop.payload.iss, PROVIDER);
  assert.equal(pop.payload.aud, ISSUER);
  assert.equal(pop.payload.iat, NOW);
  assert.equal(seen.token.get('client_id'), PROVIDER); // ABCA §6.3: the attestation's sub
});

test('abca_10_1_an_issuer_that_requires_attestation_gets_a_clear_error_without_the_provider', async () => {
  const { fetch, seen } = await fakeIssuer({ authMethods: ['attest_jwt_client_auth'] });
  const session = await prepareIssuance(LINK, { fetch, trustList: TRUST });
  const away = async () => { throw new Error('provider unreachable'); };
  await assert.rejects(completeIssuance(session, { txCode: '123456', fetch, now: () => NOW, attest: away }), { code: 'wallet_attestation_unavailable' });
  assert.equal(seen.token, null); // no token request without it
});

test('abca_10_1_an_issuer_that_also_serves_anonymous_wallets_is_reached_without_the_provider', async () => {
  const { fetch, seen } = await fakeIssuer({ authMethods: ['attest_jwt_client_auth', 'none'] });
  const session = await prepareIssuance(LINK, { fetch, trustList: TRUST });
  const away = async () => { throw new Error('provider unreachable'); };
  const received = await completeIssuance(session, { txCode: '123456', fetch, now: () => NOW, attest: away });
  assert.equal(received.length, 1);
  assert.equal(seen.tokenHeaders['OAuth-Client-Attestation'], undefined);
  assert.equal(seen.token.get('client_id'), null);
});

test('abca_10_1_no_attestation_goes_to_an_issuer_that_does_not_ask_for_one', async () => {
  const { fetch, seen } = await fakeIssuer();
  const session = await prepareIssuance(LINK, { fetch, trustList: TRUST });
  let asked = false;
  const attest = async () => { asked = true; return (await attestedWallet()).attest(); };
  await completeIssuance(session, { txCode: '123456', fetch, now: () => NOW, attest });
  assert.equal(asked, false); // the instance key is not shown where it is not needed
  assert.equal(seen.tokenHeaders['OAuth-Client-Attestation'], undefined);
});
