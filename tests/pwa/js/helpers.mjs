// Shared helpers of the wallet's JavaScript tests: paths, the test PKI (made by Python,
// tests/pwa/pki_fixture.py), a small SD-JWT VC issuer and Request Object signer, and a fake
// fetch that routes URLs to handlers.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { b64urlEncode, jsonBytes, randomBytes } from '../../../pwa/js/b64.js';
import { publicJwk, signJws } from '../../../pwa/js/jose.js';
import { digest } from '../../../pwa/js/sdjwt.js';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '..', '..', '..');
export const SHARED = resolve(ROOT, '..', 'shared');
export const PKI = JSON.parse(readFileSync(join(here, 'fixtures', 'pki.json'), 'utf8'));
export const NOW = 1767225600; // 2026-01-01T00:00:00Z

export function readShared(...parts) {
  return readFileSync(join(SHARED, ...parts), 'utf8');
}

/** A private ES256 key from a JWK (test keys only). */
export async function importPrivateJwk(jwk) {
  return globalThis.crypto.subtle.importKey('jwk', { ...jwk, kid: undefined, ext: false }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
}

export async function newKeyPair() {
  return globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
}

/**
 * A test SD-JWT VC issuer (RFC 9901 §4.2): each of `disclosable` (paths of object members,
 * or `[..., name, index]` for array elements) becomes a Disclosure; nested paths make
 * recursive disclosures.
 */
export async function issue({ claims, disclosable = [], issuerKey, holderKeyPair = null, typ = 'dc+sd-jwt', extra = {} }) {
  const disclosures = [];
  const salt = () => b64urlEncode(randomBytes(16));
  async function walk(value, path) {
    if (Array.isArray(value)) {
      const out = [];
      for (const [i, element] of value.entries()) {
        const inner = await walk(element, [...path, i]);
        if (disclosable.some((p) => JSON.stringify(p) === JSON.stringify([...path, i]))) {
          const encoded = b64urlEncode(jsonBytes([salt(), inner]));
          disclosures.push(encoded);
          out.push({ '...': await digest(encoded) });
        } else out.push(inner);
      }
      return out;
    }
    if (value && typeof value === 'object') {
      const out = {};
      const sd = [];
      for (const [name, child] of Object.entries(value)) {
        const inner = await walk(child, [...path, name]);
        if (disclosable.some((p) => JSON.stringify(p) === JSON.stringify([...path, name]))) {
          const encoded = b64urlEncode(jsonBytes([salt(), name, inner]));
          disclosures.push(encoded);
          sd.push(await digest(encoded));
        } else out[name] = inner;
      }
      if (sd.length) out._sd = sd.sort();
      return out;
    }
    return value;
  }
  const payload = await walk(claims, []);
  if (holderKeyPair) payload.cnf = { jwk: await publicJwk(holderKeyPair) };
  Object.assign(payload, { _sd_alg: 'sha-256' }, extra);
  const jwt = await signJws(payload, issuerKey, { typ, headers: { kid: 'issuer-key' } });
  return `${jwt}~${disclosures.map((d) => `${d}~`).join('')}`;
}

/** A signed Request Object (OpenID4VP 1.0 §5) with the fixture's relying party key. */
export async function requestObject(payload, { x5c = PKI.x5c, typ = 'oauth-authz-req+jwt', key = null, headers = {} } = {}) {
  const signer = key ?? await importPrivateJwk(PKI.leaf_private_jwk);
  return signJws(payload, signer, { typ, headers: x5c === null ? headers : { x5c, ...headers } });
}

/** A fetch that answers from `routes`: `{ 'METHOD url': async (init) => ({status, body}) }`. */
export function fakeFetch(routes, log = []) {
  return async (url, init = {}) => {
    const key = `${init.method ?? 'GET'} ${url}`;
    log.push({ key, init });
    const handler = routes[key];
    if (!handler) return new Response(JSON.stringify({ error: 'not_found' }), { status: 404 });
    const { status = 200, body = {}, text = null } = await handler(init);
    return new Response(text ?? JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  };
}
