// OpenID4VCI 1.0 client against an in-memory issuer that follows tests/issuer's shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { importPublicJwk, jwkThumbprint, publicJwk, verifyJws } from '../../../pwa/js/jose.js';
import {
  PROOF_TYP, checkTxCode, completeIssuance, notifyAccepted, parseCredentialOfferLink, prepareIssuance,
} from '../../../pwa/js/oid4vci.js';
import { NOW, fakeFetch, issue, newKeyPair } from './helpers.mjs';

const ISSUER = 'http://127.0.0.1:8001';
const VCT = 'https://gemeente.example.nl/vct/persoonsgegevens';
const OFFER_URI = `${ISSUER}/credential-offer/o1`;
const LINK = `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(OFFER_URI)}`;

/** An issuer: offer, metadata, token (tx_code 123456), nonce, credential, keys, type metadata. */
async function fakeIssuer({ metadataIssuer = ISSUER, bindTo = null, vct = VCT, keysIssuer = ISSUER } = {}) {
  const key = await newKeyPair();
  const jwk = { ...(await publicJwk(key)), kid: 'issuer-key' };
  const seen = { proofs: [], token: null };
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
    [`GET ${ISSUER}/.well-known/oauth-authorization-server`]: async () => ({ body: { issuer: ISSUER, token_endpoint: `${ISSUER}/token` } }),
    [`POST ${ISSUER}/token`]: async (init) => {
      const form = new URLSearchParams(init.body);
      seen.token = form;
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
