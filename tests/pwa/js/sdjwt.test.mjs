import { test } from 'node:test';
import assert from 'node:assert/strict';

import { importPublicJwk, publicJwk } from '../../../pwa/js/jose.js';
import {
  createPresentation, digest, parseDisclosure, presentCredential, selectDisclosures,
  verifyCredential, verifyPresentation,
} from '../../../pwa/js/sdjwt.js';
import { issue, newKeyPair, readShared, NOW } from './helpers.mjs';

// RFC 9901 Appendix A, read in place from ../shared/vectors/sd-jwt (as tests/standards does).
const ISSUER_JWK = { kty: 'EC', crv: 'P-256', x: 'b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ', y: 'Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8' };
const HOLDER_JWK = { kty: 'EC', crv: 'P-256', x: 'TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc', y: 'ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ' };
const TYP = 'example+sd-jwt';
const ISSUED_AT = 1683000000;
const KB_IAT = 1740818271;
const COMMON = { iss: 'https://issuer.example.com', iat: ISSUED_AT, exp: 1883000000 };
const vector = (name) => readShared('vectors', 'sd-jwt', name).trim();

test('rfc9901_appendix_a_1_simple_structured', async () => {
  const verified = await verifyCredential(vector('simple_structured.jwt'), { issuerKey: await importPublicJwk(ISSUER_JWK), typ: TYP, now: ISSUED_AT + 1 });
  assert.deepEqual(verified.claims, { ...COMMON, address: { region: '港区', country: 'JP' } });
  assert.deepEqual(verified.disclosures.map((d) => d.path), [['address', 'region'], ['address', 'country']]);
  assert.equal(verified.holderJwk, null);
});

test('rfc9901_appendix_a_2_complex_structured_recursive_paths', async () => {
  const verified = await verifyCredential(vector('complex_structured.jwt'), { issuerKey: await importPublicJwk(ISSUER_JWK), typ: TYP, now: ISSUED_AT });
  assert.equal(verified.disclosures.length, 6);
  assert.equal(verified.claims.verified_claims.claims.family_name, 'Müller');
  assert.deepEqual(verified.claims.verified_claims.verification.evidence, [{ method: 'pipp' }]);
  const method = verified.disclosures.find((d) => d.path.join('/') === 'verified_claims/verification/evidence/0/method');
  assert.equal(method.ancestors.length, 1);
  // §7.2: asking for the method discloses the evidence element that encloses it.
  const chosen = await selectDisclosures(verified, [['verified_claims', 'verification', 'evidence', 0, 'method']]);
  assert.equal(chosen.length, 2);
  assert.deepEqual(chosen.map((d) => d.name), [null, 'method']);
});

test('rfc9901_5_2_presentation_with_key_binding', async () => {
  const verified = await verifyPresentation(vector('with_kb.jwt'), {
    issuerKey: await importPublicJwk(ISSUER_JWK), typ: TYP, audience: 'https://verifier.example.org', nonce: '1234567890', now: KB_IAT,
  });
  assert.deepEqual(verified.holderJwk, HOLDER_JWK);
  assert.equal(verified.keyBinding.header.typ, 'kb+jwt');
  assert.equal(verified.keyBinding.payload.sd_hash, 'xcDN6Hhhf5WmwQ2s03CRvUkVyztwTgEnctoQoV9gHsI');
  assert.deepEqual(verified.claims.nationalities, ['US']);
});

test('rfc9901_4_2_disclosure_and_digest_examples', async () => {
  const d = parseDisclosure('WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0');
  assert.deepEqual([d.salt, d.name, d.value], ['_26bc4LT-ac6q2KI6cBW5es', 'family_name', 'Möbius']);
  assert.equal(await digest(d.encoded), 'X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0');
  const e = parseDisclosure('WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0');
  assert.deepEqual([e.salt, e.name, e.value], ['lklxF5jMYlGTPUovMNIvCA', null, 'FR']);
  assert.equal(await digest(e.encoded), 'w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs');
});

const PERSON = {
  iss: 'https://gemeente.example.nl', vct: 'https://gemeente.example.nl/vct/persoonsgegevens', iat: NOW - 10,
  given_name: 'Anna', family_name: 'Jansen', birthdate: '1990-01-01', nationalities: ['NL', 'BE'],
  address: { street_address: 'Markt 1', locality: 'Boxtel' },
};
const DISCLOSABLE = [['given_name'], ['family_name'], ['birthdate'], ['nationalities'], ['nationalities', 0], ['nationalities', 1],
  ['address'], ['address', 'street_address'], ['address', 'locality']];

async function held() {
  const issuer = await newKeyPair();
  const holder = await newKeyPair();
  const compact = await issue({ claims: PERSON, disclosable: DISCLOSABLE, issuerKey: issuer.privateKey, holderKeyPair: holder });
  const credential = await verifyCredential(compact, { issuerKey: issuer.publicKey, now: NOW });
  return { issuer, holder, compact, credential };
}

test('sd_jwt_vc_2_4_holder_verifies_issued_credential', async () => {
  const { credential, holder } = await held();
  assert.equal(credential.vct, PERSON.vct);
  assert.deepEqual(credential.claims.address, PERSON.address);
  assert.deepEqual(credential.holderJwk, await publicJwk(holder));
  assert.equal(credential.disclosures.length, DISCLOSABLE.length);
});

test('rfc9901_7_2_selects_only_the_asked_claims_with_their_ancestors', async () => {
  const { credential } = await held();
  const locality = await selectDisclosures(credential, [['address', 'locality']]);
  assert.deepEqual(locality.map((d) => d.name).sort(), ['address', 'locality']);
  const all = await selectDisclosures(credential, [['nationalities', null]]);
  assert.deepEqual(all.map((d) => d.name ?? d.value).sort(), ['BE', 'NL', 'nationalities']);
  const whole = await selectDisclosures(credential, [['address']]);
  assert.equal(whole.length, 3);
  await assert.rejects(selectDisclosures(credential, [['bsn']]), { code: 'claim_missing' });
});

test('rfc9901_4_3_kb_jwt_presentation_verifies_and_discloses_only_the_selection', async () => {
  const { issuer, holder, credential } = await held();
  const presentation = await presentCredential(credential, [['given_name'], ['address', 'locality']], {
    holderKey: holder.privateKey, audience: 'x509_san_dns:rp.example.nl', nonce: 'n-0S6_WzA2Mj', issuedAt: NOW,
  });
  const verified = await verifyPresentation(presentation, { issuerKey: issuer.publicKey, audience: 'x509_san_dns:rp.example.nl', nonce: 'n-0S6_WzA2Mj', now: NOW });
  assert.deepEqual(Object.keys(verified.claims).filter((k) => !['iss', 'vct', 'iat', 'cnf'].includes(k)).sort(), ['address', 'given_name']);
  assert.deepEqual(verified.claims.address, { locality: 'Boxtel' });
  const { payload, header } = verified.keyBinding;
  assert.equal(header.typ, 'kb+jwt');
  assert.deepEqual(Object.keys(payload).sort(), ['aud', 'iat', 'nonce', 'sd_hash']);
  assert.equal(payload.aud, 'x509_san_dns:rp.example.nl');
});

test('rfc9901_7_3_kb_jwt_refused_for_other_nonce_audience_or_changed_disclosures', async () => {
  const { issuer, holder, credential } = await held();
  const options = { holderKey: holder.privateKey, audience: 'aud', nonce: 'nonce', issuedAt: NOW };
  const presentation = await presentCredential(credential, [['given_name']], options);
  const check = (p, o = {}) => verifyPresentation(p, { issuerKey: issuer.publicKey, audience: 'aud', nonce: 'nonce', now: NOW, ...o });
  await assert.rejects(check(presentation, { nonce: 'other' }), { code: 'presentation_invalid' });
  await assert.rejects(check(presentation, { audience: 'other' }), { code: 'presentation_invalid' });
  await assert.rejects(check(presentation, { now: NOW + 3600 }), { code: 'presentation_invalid' });
  // An extra Disclosure slipped in after the KB-JWT was made: sd_hash no longer covers it.
  const parts = presentation.split('~');
  const extra = credential.parts.disclosures.find((d) => !parts.includes(d));
  const widened = [...parts.slice(0, -1), extra, parts.at(-1)].join('~');
  await assert.rejects(check(widened), { code: 'presentation_invalid' });
  // A KB-JWT signed by another key than cnf.jwk.
  const stranger = await newKeyPair();
  const forged = await createPresentation(credential.parts.issuerJwt, [], { ...options, holderKey: stranger.privateKey });
  await assert.rejects(check(forged), { code: 'signature_invalid' });
});

test('rfc9901_7_1_refuses_duplicate_unreferenced_and_forged_disclosures', async () => {
  const { issuer, compact } = await held();
  const check = (c) => verifyCredential(c, { issuerKey: issuer.publicKey, now: NOW });
  const [jwt, first] = compact.split('~');
  await assert.rejects(check(`${compact}${first}~`), { code: 'credential_invalid' }); // §7.1 step 3.1, duplicate
  const stray = Buffer.from(JSON.stringify(['salt', 'bsn', '999999999'])).toString('base64url');
  await assert.rejects(check(`${compact}${stray}~`), { code: 'credential_invalid' }); // step 5, unreferenced
  await assert.rejects(check(`${compact}~`), { code: 'credential_invalid' }); // empty disclosure
  await assert.rejects(check(`${jwt}~${first}~kb.jwt.x`), { code: 'credential_invalid' }); // issuer sent SD-JWT+KB
  await assert.rejects(check(`${compact}`.replace(/^[^.]+/, (h) => h.slice(0, -2))), { code: /malformed|signature_invalid/ });
  const expired = await issue({ claims: { ...PERSON, exp: NOW - 120 }, issuerKey: issuer.privateKey, holderKeyPair: await newKeyPair() });
  await assert.rejects(check(expired), { code: 'credential_expired' });
});

test('sd_jwt_vc_2_2_2_3_protected_claims_never_disclosed_and_vct_required', async () => {
  const issuer = await newKeyPair();
  const holderKeyPair = await newKeyPair();
  const check = (c) => verifyCredential(c, { issuerKey: issuer.publicKey, now: NOW });
  await assert.rejects(check(await issue({ claims: PERSON, disclosable: [['iss']], issuerKey: issuer.privateKey, holderKeyPair })), { code: 'credential_invalid' });
  const { vct, ...noVct } = PERSON;
  await assert.rejects(check(await issue({ claims: noVct, issuerKey: issuer.privateKey, holderKeyPair })), { code: 'credential_invalid' });
  await assert.rejects(check(await issue({ claims: PERSON, issuerKey: issuer.privateKey })), { code: 'credential_invalid' }); // no cnf
  await assert.rejects(check(await issue({ claims: PERSON, issuerKey: issuer.privateKey, holderKeyPair, typ: 'vc+sd-jwt' })), { code: 'typ_mismatch' });
  assert.ok(vct);
});
