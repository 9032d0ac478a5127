import { test } from 'node:test';
import assert from 'node:assert/strict';

import { b64urlDecode, b64urlEncode, jsonBytes, utf8 } from '../../../pwa/js/b64.js';
import {
  concatKdf, decryptJwe, encryptJwe, generateSigningKey, jwkThumbprint, publicJwk, signJws, verifyJws,
} from '../../../pwa/js/jose.js';

async function tamper(token, index, change) {
  const parts = token.split('.');
  parts[index] = change(parts[index]);
  return parts.join('.');
}

const segment = (object) => b64urlEncode(jsonBytes(object));

test('rfc7515_es256_sign_and_verify', async () => {
  const key = await generateSigningKey();
  const token = await signJws({ a: 1 }, key.privateKey, { typ: 'example+jwt' });
  const parsed = await verifyJws(token, key.publicKey, { typ: 'application/example+jwt' });
  assert.deepEqual(parsed.payload, { a: 1 });
  assert.equal(parsed.header.alg, 'ES256');
});

test('webcrypto_private_key_not_extractable', async () => {
  const key = await generateSigningKey();
  assert.equal(key.privateKey.extractable, false);
  await assert.rejects(globalThis.crypto.subtle.exportKey('jwk', key.privateKey));
  await assert.rejects(globalThis.crypto.subtle.exportKey('pkcs8', key.privateKey));
  assert.deepEqual(Object.keys(await publicJwk(key)).sort(), ['crv', 'kty', 'x', 'y']);
});

test('rfc8725_3_1_refuses_alg_none_other_algorithms_crit_and_header_keys', async () => {
  const key = await generateSigningKey();
  const token = await signJws({ a: 1 }, key.privateKey, { typ: 't' });
  for (const header of [{ alg: 'none', typ: 't' }, { alg: 'HS256', typ: 't' }, { alg: 'ES384', typ: 't' }]) {
    const forged = await tamper(token, 0, () => segment(header));
    await assert.rejects(verifyJws(forged, key.publicKey, { typ: 't' }), { code: 'algorithm_not_allowed' });
  }
  const crit = await tamper(token, 0, () => segment({ alg: 'ES256', typ: 't', crit: ['b64'], b64: false }));
  await assert.rejects(verifyJws(crit, key.publicKey, { typ: 't' }), { code: 'malformed' });
  for (const name of ['jwk', 'jku', 'x5u']) {
    const withKey = await signJws({}, key.privateKey, { typ: 't', headers: { [name]: 'x' } });
    await assert.rejects(verifyJws(withKey, key.publicKey, { typ: 't' }), { code: 'key_from_header' });
  }
});

test('rfc8725_3_11_typ_checked', async () => {
  const key = await generateSigningKey();
  const token = await signJws({}, key.privateKey, { typ: 'kb+jwt' });
  await assert.rejects(verifyJws(token, key.publicKey, { typ: 'dc+sd-jwt' }), { code: 'typ_mismatch' });
});

test('rfc7515_5_2_step_8_bad_signature_refused', async () => {
  const key = await generateSigningKey();
  const other = await generateSigningKey();
  const token = await signJws({ a: 1 }, key.privateKey, { typ: 't' });
  await assert.rejects(verifyJws(token, other.publicKey, { typ: 't' }), { code: 'signature_invalid' });
  const changed = await tamper(token, 1, () => segment({ a: 2 }));
  await assert.rejects(verifyJws(changed, key.publicKey, { typ: 't' }), { code: 'signature_invalid' });
  const short = await tamper(token, 2, (s) => s.slice(0, 40));
  await assert.rejects(verifyJws(short, key.publicKey, { typ: 't' }), { code: 'signature_invalid' });
  await assert.rejects(verifyJws(`${token}.x`, key.publicKey, { typ: 't' }), { code: 'malformed' });
});

test('rfc7638_3_1_thumbprint_example', async () => {
  const jwk = {
    kty: 'RSA',
    n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
    e: 'AQAB', alg: 'RS256', kid: '2011-04-29',
  };
  assert.equal(await jwkThumbprint(jwk), 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
});

test('rfc7518_appendix_c_ecdh_es_concat_kdf', async () => {
  const alice = { kty: 'EC', crv: 'P-256', x: 'gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0', y: 'SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps', d: '0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo' };
  const bob = { kty: 'EC', crv: 'P-256', x: 'weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ', y: 'e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck' };
  const ecdh = { name: 'ECDH', namedCurve: 'P-256' };
  const priv = await crypto.subtle.importKey('jwk', alice, ecdh, false, ['deriveBits']);
  const pub = await crypto.subtle.importKey('jwk', bob, ecdh, false, []);
  const z = new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: pub }, priv, 256));
  const key = await concatKdf(z, 'A128GCM', utf8('Alice'), utf8('Bob'));
  assert.equal(b64urlEncode(key), 'VqqN6vgjbSBcIijNcacQGg');
});

async function recipient() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  return { pair, jwk: { ...(await publicJwk(pair)), kid: 'k1', use: 'enc', alg: 'ECDH-ES' } };
}

for (const enc of ['A128GCM', 'A256GCM']) {
  test(`rfc7516_jwe_round_trip_ecdh_es_${enc}`, async () => {
    const { pair, jwk } = await recipient();
    const token = await encryptJwe(jsonBytes({ vp_token: { a: ['x'] } }), jwk, { enc });
    const parts = token.split('.');
    assert.equal(parts.length, 5);
    assert.equal(parts[1], '');
    const header = JSON.parse(new TextDecoder().decode(b64urlDecode(parts[0])));
    assert.equal(header.alg, 'ECDH-ES');
    assert.equal(header.enc, enc);
    assert.equal(header.kid, 'k1');
    assert.deepEqual(Object.keys(header.epk).sort(), ['crv', 'kty', 'x', 'y']);
    const { plaintext } = await decryptJwe(token, pair.privateKey);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(plaintext)), { vp_token: { a: ['x'] } });
  });
}

test('rfc7516_jwe_tampered_ciphertext_header_or_wrong_key_fails', async () => {
  const { pair, jwk } = await recipient();
  const other = await recipient();
  const token = await encryptJwe(utf8('hello'), jwk, { enc: 'A256GCM' });
  const flipped = await tamper(token, 3, (s) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1));
  await assert.rejects(decryptJwe(flipped, pair.privateKey), { code: 'decryption_failed' });
  await assert.rejects(decryptJwe(token, other.pair.privateKey), { code: 'decryption_failed' });
  const header = JSON.parse(new TextDecoder().decode(b64urlDecode(token.split('.')[0])));
  const reheadered = await tamper(token, 0, () => segment({ ...header, kid: 'k2' }));
  await assert.rejects(decryptJwe(reheadered, pair.privateKey), { code: 'decryption_failed' });
});

test('oid4vp_8_3_encryption_refuses_unsuitable_recipient_keys', async () => {
  const { jwk } = await recipient();
  await assert.rejects(encryptJwe(utf8('x'), { ...jwk, alg: 'ECDH-ES+A128KW' }, { enc: 'A128GCM' }), { code: 'encryption_unsupported' });
  await assert.rejects(encryptJwe(utf8('x'), { ...jwk, use: 'sig' }, { enc: 'A128GCM' }), { code: 'encryption_unsupported' });
  await assert.rejects(encryptJwe(utf8('x'), jwk, { enc: 'A128CBC-HS256' }), { code: 'encryption_unsupported' });
  await assert.rejects(encryptJwe(utf8('x'), { ...jwk, x: jwk.y }, { enc: 'A128GCM' }), { code: 'key_invalid' });
});
