/**
 * JOSE for the wallet, on WebCrypto (`globalThis.crypto.subtle`): ES256 JWS (RFC 7515,
 * RFC 7518 §3.4), JWK (RFC 7517, RFC 7518 §6.2) and thumbprints (RFC 7638), `x5c` chains to
 * configured trust anchors (RFC 7515 §4.1.6, RFC 5280 §6 as far as a wallet needs), and
 * compact JWE with ECDH-ES + A128GCM/A256GCM (RFC 7516, RFC 7518 §4.6 and §5.3) for
 * OpenID4VP `direct_post.jwt` (OpenID4VP 1.0 §8.3).
 *
 * Mirrors `standards/jose.py`. Algorithms are pinned (ES256 only; RFC 8725 §3.1) and keys
 * never come from the token under check, except where a spec says the header key is the
 * one being proven (OpenID4VCI proofs; not verified here).
 */

import { WalletError, ensure } from './errors.js';
import {
  ascii, b64Decode, b64urlDecode, b64urlEncode, bytesEqual, concatBytes, isObject,
  jsonBytes, jsonParse, utf8,
} from './b64.js';
import { OIDS, ecdsaDerToRaw, parseCertificate } from './x509.js';

const subtle = () => globalThis.crypto.subtle;
export const ES256 = 'ES256';
export const MAX_JWS_SIZE = 256 * 1024;
export const MAX_JWE_SIZE = 1024 * 1024;
const HEADER_KEY_PARAMETERS = ['jwk', 'jku', 'x5u'];
const P256 = { name: 'ECDSA', namedCurve: 'P-256' };

// --- keys --------------------------------------------------------------------------------------

/**
 * A fresh P-256 signing key pair whose private key is not extractable (WebCrypto
 * `extractable=false`): exporting it fails, so it never leaves the browser. The public key of
 * a pair is always exportable.
 */
export async function generateSigningKey() {
  return subtle().generateKey(P256, false, ['sign', 'verify']);
}

/** RFC 7518 §6.2.1: the public JWK `{kty, crv, x, y}` of a key pair or public CryptoKey. */
export async function publicJwk(key) {
  const publicKey = key.publicKey ?? key;
  const jwk = await subtle().exportKey('jwk', publicKey);
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
}

/**
 * RFC 7518 §6.2.1: import a public EC P-256 JWK for ES256; coordinates full-length base64url
 * (one spelling per key), no private member `d` (RFC 7517 §9.2 spirit).
 */
export async function importPublicJwk(jwk) {
  ensure(isObject(jwk), 'key_invalid', 'a JWK is a JSON object');
  ensure(!('d' in jwk), 'key_invalid', 'a public JWK has no d');
  ensure(jwk.kty === 'EC' && jwk.crv === 'P-256', 'key_invalid', 'only EC P-256 keys are used');
  for (const m of ['x', 'y']) {
    ensure(typeof jwk[m] === 'string' && b64urlDecode(jwk[m], `JWK ${m}`).length === 32,
      'key_invalid', `JWK ${m} is 32 octets`);
  }
  try {
    return await subtle().importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true },
      P256, true, ['verify']);
  } catch {
    throw new WalletError('key_invalid', 'the JWK is not a point on P-256');
  }
}

/** SHA-256 of bytes. */
export async function sha256(bytes) {
  return new Uint8Array(await subtle().digest('SHA-256', bytes));
}

/** RFC 7638 §3: SHA-256 thumbprint over the required members in lexicographic order. */
export async function jwkThumbprint(jwk) {
  const members = { EC: ['crv', 'kty', 'x', 'y'], OKP: ['crv', 'kty', 'x'], RSA: ['e', 'kty', 'n'] }[jwk?.kty];
  ensure(members && members.every((m) => typeof jwk[m] === 'string'), 'key_invalid',
    'the JWK lacks the members its thumbprint needs');
  const canonical = `{${members.map((m) => `${JSON.stringify(m)}:${JSON.stringify(jwk[m])}`).join(',')}}`;
  return b64urlEncode(await sha256(utf8(canonical)));
}

// --- JWS ---------------------------------------------------------------------------------------

/**
 * RFC 7515 §5.1: a compact JWS over `payload` with ES256 and an explicit `typ` (RFC 8725
 * §3.11); `headers` are added to `{alg, typ}`.
 */
export async function signJws(payload, privateKey, { typ, headers = {} }) {
  const header = { alg: ES256, typ, ...headers };
  const input = `${b64urlEncode(jsonBytes(header))}.${b64urlEncode(jsonBytes(payload))}`;
  const signature = await subtle().sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, ascii(input));
  return `${input}.${b64urlEncode(new Uint8Array(signature))}`;
}

/** RFC 7515 §5.2 steps 1-6: split and decode, without verifying. */
export function parseJws(token, { maxSize = MAX_JWS_SIZE, what = 'JWS' } = {}) {
  ensure(typeof token === 'string' && token.length > 0, 'malformed', `${what} is empty`);
  ensure(token.length <= maxSize, 'malformed', `${what} is too large`);
  const parts = token.split('.');
  ensure(parts.length === 3, 'malformed', `${what} has ${parts.length} segments, not 3`);
  const header = jsonParse(b64urlDecode(parts[0], what), `${what} header`);
  ensure(isObject(header), 'malformed', `${what} header is not a JSON object`);
  const payload = jsonParse(b64urlDecode(parts[1], what), `${what} payload`);
  ensure(isObject(payload), 'malformed', `${what} payload is not a JSON object`);
  const signature = b64urlDecode(parts[2], `${what} signature`);
  return { header, payload, signingInput: ascii(`${parts[0]}.${parts[1]}`), signature };
}

/** RFC 7515 §4.1.9: media types compare case-insensitively, `application/` optional. */
const normaliseTyp = (t) => t.toLowerCase().replace(/^application\//, '');

/**
 * Check a JWS header before any signature work (RFC 8725 §3.1, §3.11; RFC 7515 §4.1.11):
 * `alg` ES256 (never `none`), no `crit`, no key from the header unless allowed, and `typ`.
 */
export function checkHeader(header, { typ, allowHeaderJwk = false, what = 'JWS' }) {
  ensure(header.alg === ES256, 'algorithm_not_allowed', `${what}: algorithm ${JSON.stringify(header.alg)} is not allowed`);
  ensure(!('crit' in header), 'malformed', `${what}: no crit header parameter is understood`);
  for (const name of HEADER_KEY_PARAMETERS) {
    ensure(!(name in header) || (name === 'jwk' && allowHeaderJwk), 'key_from_header',
      `${what}: header parameter ${name} is not accepted`);
  }
  if (typ != null) {
    const wanted = Array.isArray(typ) ? typ : [typ];
    ensure(typeof header.typ === 'string' && wanted.map(normaliseTyp).includes(normaliseTyp(header.typ)),
      'typ_mismatch', `${what}: typ ${JSON.stringify(header.typ)} is not ${wanted.join(' or ')}`);
  }
}

/**
 * RFC 7515 §5.2: parse, check the header, resolve the key, verify. `key` is a CryptoKey the
 * caller trusts, or an async resolver `(header, payload) => CryptoKey` that picks among keys
 * the caller already trusts (never a key because the token carries it).
 */
export async function verifyJws(token, key, { typ, allowHeaderJwk = false, maxSize = MAX_JWS_SIZE, what = 'JWS' } = {}) {
  const parsed = parseJws(token, { maxSize, what });
  checkHeader(parsed.header, { typ, allowHeaderJwk, what });
  const publicKey = typeof key === 'function' ? await key(parsed.header, parsed.payload) : key;
  ensure(parsed.signature.length === 64, 'signature_invalid', `${what}: an ES256 signature is 64 octets (R || S)`);
  const ok = await subtle().verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, parsed.signature, parsed.signingInput);
  ensure(ok, 'signature_invalid', `${what}: the signature does not verify with the expected key`);
  return parsed;
}

// --- x5c ---------------------------------------------------------------------------------------

const SIGNATURES = {
  [OIDS.ecdsaSha256]: { hash: 'SHA-256' },
  [OIDS.ecdsaSha384]: { hash: 'SHA-384' },
};
const CURVES = { [OIDS.p256]: { name: 'P-256', size: 32 }, [OIDS.p384]: { name: 'P-384', size: 48 } };

/** RFC 5280 §4.1.2.7: the certificate's EC public key as a WebCrypto verify key. */
export async function certificateKey(cert) {
  const curve = CURVES[cert.curve];
  ensure(cert.keyAlgorithm === OIDS.ecPublicKey && curve, 'certificate_invalid',
    'only EC P-256 and P-384 certificate keys are supported');
  return subtle().importKey('spki', cert.spki, { name: 'ECDSA', namedCurve: curve.name }, true, ['verify']);
}

async function signedBy(cert, issuerCert) {
  const sig = SIGNATURES[cert.signatureAlgorithm];
  ensure(sig, 'certificate_invalid', 'only ECDSA with SHA-256 or SHA-384 signs certificates');
  const raw = ecdsaDerToRaw(cert.signature, CURVES[issuerCert.curve]?.size ?? 32);
  return subtle().verify({ name: 'ECDSA', hash: sig.hash }, await certificateKey(issuerCert), raw, cert.tbs);
}

/** Parse an anchor or chain entry given as DER bytes, base64 DER, or PEM text. */
export function toCertificate(input) {
  if (input?.tbs) return input;
  if (input instanceof Uint8Array) return parseCertificate(input);
  ensure(typeof input === 'string', 'certificate_invalid', 'a certificate is DER, base64 or PEM');
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(input);
  return parseCertificate(b64Decode((pem ? pem[1] : input).replace(/\s+/g, ''), 'a certificate'));
}

/**
 * RFC 7515 §4.1.6 and RFC 5280 §6 (the subset a wallet needs): `x5c` is the signer's
 * certificate first, then intermediates, without the trust anchor (HAIP 1.0 §5). Each is
 * signed by the next, the last by one of `anchors` (names chain, RFC 5280 §6.1.3 (a)(4));
 * every certificate, the anchor included, is valid at `now` (seconds); CAs have
 * `basicConstraints cA` (and `keyCertSign` if key usage is present) within `pathLenConstraint`;
 * the signer is no CA and may sign (`digitalSignature`, RFC 5280 §4.2.1.3).
 * Returns `{leaf, key}` with the leaf's parsed certificate and WebCrypto key.
 */
export async function verifyX5cChain(x5c, anchors, { now, maxDepth = 4 }) {
  ensure(Array.isArray(x5c) && x5c.length > 0 && x5c.length <= maxDepth, 'certificate_invalid',
    'x5c is a non-empty list of a few certificates');
  ensure(x5c.every((e) => typeof e === 'string'), 'certificate_invalid', 'x5c entries are base64 strings');
  ensure(anchors && anchors.length > 0, 'untrusted_certificate', 'no trust anchors are configured');
  const chain = x5c.map((entry) => parseCertificate(b64Decode(entry, 'an x5c entry')));
  const roots = anchors.map(toCertificate);
  for (const cert of chain) {
    ensure(!roots.some((r) => bytesEqual(r.der, cert.der)), 'certificate_invalid',
      'x5c must not include the trust anchor (HAIP 1.0 §5)');
  }
  const valid = (c) => now >= c.notBefore && now <= c.notAfter;
  const leaf = chain[0];
  ensure(!leaf.ca, 'certificate_invalid', 'the signing certificate is a CA certificate');
  ensure(!leaf.keyUsage || leaf.keyUsage.digitalSignature, 'certificate_invalid',
    "the signing certificate's key usage lacks digitalSignature");
  const caOk = (c, below) => c.ca && (!c.keyUsage || c.keyUsage.keyCertSign)
    && (c.pathLength === null || below <= c.pathLength);
  for (let i = 0; i < chain.length; i += 1) {
    ensure(valid(chain[i]), 'certificate_expired', 'a certificate in x5c is not valid now');
    if (i + 1 < chain.length) {
      const parent = chain[i + 1];
      ensure(caOk(parent, i), 'certificate_invalid', 'an intermediate is not a CA for this path');
      ensure(bytesEqual(chain[i].issuer.der, parent.subject.der), 'certificate_invalid', 'x5c is not in order');
      ensure(await signedBy(chain[i], parent), 'certificate_invalid', 'a certificate signature does not verify');
    }
  }
  const last = chain[chain.length - 1];
  let anchored = false;
  for (const root of roots) {
    if (bytesEqual(root.subject.der, last.issuer.der) && valid(root) && caOk(root, chain.length - 1)
      && await signedBy(last, root)) {
      anchored = true;
      break;
    }
  }
  ensure(anchored, 'untrusted_certificate', 'x5c does not chain to a trust anchor');
  return { leaf, chain, key: await certificateKey(leaf) };
}

// --- JWE: ECDH-ES direct key agreement with AES GCM -------------------------------------------

export const JWE_ALGORITHM = 'ECDH-ES';
export const JWE_ENCRYPTIONS = ['A128GCM', 'A256GCM'];
const KEY_BITS = { A128GCM: 128, A256GCM: 256 };
const JWE_HEADER_PARAMETERS = new Set(['alg', 'enc', 'kid', 'epk', 'apu', 'apv', 'typ', 'cty']);

const be32 = (n) => new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const lengthPrefixed = (bytes) => concatBytes(be32(bytes.length), bytes);

/**
 * RFC 7518 §4.6.2: the Concat KDF (NIST SP 800-56A §5.8.1) with SHA-256. For direct key
 * agreement AlgorithmID is the `enc` value; keydatalen its key size; one round suffices.
 */
export async function concatKdf(z, enc, apu = new Uint8Array(0), apv = new Uint8Array(0)) {
  const bits = KEY_BITS[enc];
  const otherInfo = concatBytes(lengthPrefixed(ascii(enc)), lengthPrefixed(apu), lengthPrefixed(apv), be32(bits));
  const hash = await sha256(concatBytes(be32(1), z, otherInfo));
  return hash.subarray(0, bits / 8);
}

async function agree(privateKey, publicKey) {
  return new Uint8Array(await subtle().deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256));
}

async function importEcdhPublic(jwk, what) {
  ensure(isObject(jwk) && jwk.kty === 'EC' && jwk.crv === 'P-256' && !('d' in jwk), 'key_invalid',
    `${what} is a public P-256 JWK`);
  try {
    return await subtle().importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y },
      { name: 'ECDH', namedCurve: 'P-256' }, true, []);
  } catch {
    throw new WalletError('key_invalid', `${what} is not a point on P-256`);
  }
}

async function gcmKey(cek, usage) {
  return subtle().importKey('raw', cek, { name: 'AES-GCM' }, false, [usage]);
}

/**
 * RFC 7516 §5.1 with OpenID4VP 1.0 §8.3: encrypt `plaintext` (bytes) to the verifier's public
 * JWK (`alg` ECDH-ES, `use` enc if present, P-256). A fresh ephemeral key (`epk`) per message;
 * the recipient's `kid` is copied into the protected header.
 */
export async function encryptJwe(plaintext, recipient, { enc }) {
  ensure(isObject(recipient) && recipient.alg === JWE_ALGORITHM, 'encryption_unsupported',
    "the recipient's JWK must have alg ECDH-ES");
  ensure((recipient.use ?? 'enc') === 'enc', 'encryption_unsupported', "the recipient's JWK is not for encryption");
  ensure(JWE_ENCRYPTIONS.includes(enc), 'encryption_unsupported', `enc ${enc} is not supported`);
  const theirs = await importEcdhPublic(recipient, "the recipient's JWK");
  const ephemeral = await subtle().generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const epk = await publicJwk(ephemeral);
  const header = { alg: JWE_ALGORITHM, enc, epk };
  if (recipient.kid !== undefined) {
    ensure(typeof recipient.kid === 'string', 'encryption_unsupported', "the recipient's kid is not a string");
    header.kid = recipient.kid;
  }
  const cek = await concatKdf(await agree(ephemeral.privateKey, theirs), enc);
  const protectedHeader = b64urlEncode(jsonBytes(header));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await subtle().encrypt(
    { name: 'AES-GCM', iv, additionalData: ascii(protectedHeader), tagLength: 128 },
    await gcmKey(cek, 'encrypt'), plaintext,
  ));
  const ciphertext = sealed.subarray(0, sealed.length - 16);
  const tag = sealed.subarray(sealed.length - 16);
  return [protectedHeader, '', b64urlEncode(iv), b64urlEncode(ciphertext), b64urlEncode(tag)].join('.');
}

/**
 * RFC 7516 §5.2: decrypt a compact ECDH-ES JWE with an ECDH P-256 private CryptoKey. The
 * wallet itself never decrypts; this is here for round-trip tests and a future encrypted
 * credential response (OpenID4VCI 1.0 §10).
 */
export async function decryptJwe(token, privateKey, { encryptions = JWE_ENCRYPTIONS, maxSize = MAX_JWE_SIZE } = {}) {
  ensure(typeof token === 'string' && token.length <= maxSize, 'malformed', 'the JWE is not text of a reasonable size');
  const parts = token.split('.');
  ensure(parts.length === 5, 'malformed', `the JWE has ${parts.length} segments, not 5`);
  const header = jsonParse(b64urlDecode(parts[0], 'the JWE header'), 'the JWE header');
  ensure(isObject(header), 'malformed', 'the JWE header is not a JSON object');
  ensure(!('zip' in header) && !('crit' in header)
    && Object.keys(header).every((k) => JWE_HEADER_PARAMETERS.has(k)), 'malformed', 'JWE header parameters not accepted');
  ensure(header.alg === JWE_ALGORITHM && encryptions.includes(header.enc), 'encryption_unsupported',
    'JWE alg/enc not accepted');
  ensure(parts[1] === '', 'malformed', 'with ECDH-ES the JWE Encrypted Key is empty (RFC 7518 §4.6)');
  const iv = b64urlDecode(parts[2], 'the JWE IV');
  const ciphertext = b64urlDecode(parts[3], 'the JWE ciphertext');
  const tag = b64urlDecode(parts[4], 'the JWE tag');
  ensure(iv.length === 12 && tag.length === 16, 'malformed', 'AES GCM takes a 96-bit IV and a 128-bit tag');
  const epk = await importEcdhPublic(header.epk, 'epk');
  const apu = header.apu ? b64urlDecode(header.apu, 'apu') : new Uint8Array(0);
  const apv = header.apv ? b64urlDecode(header.apv, 'apv') : new Uint8Array(0);
  const cek = await concatKdf(await agree(privateKey, epk), header.enc, apu, apv);
  try {
    const plain = await subtle().decrypt({ name: 'AES-GCM', iv, additionalData: ascii(parts[0]), tagLength: 128 },
      await gcmKey(cek, 'decrypt'), concatBytes(ciphertext, tag));
    return { header, plaintext: new Uint8Array(plain) };
  } catch {
    throw new WalletError('decryption_failed', 'the JWE does not decrypt');
  }
}
