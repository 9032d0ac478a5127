/**
 * RFC 9901 (SD-JWT) and SD-JWT VC §2 for the wallet: split the compact form (§4), verify an
 * SD-JWT received from the issuer (§7.1, §7.2), choose the Disclosures for a set of claim
 * paths (§7.2 steps 1-2, ancestors included, §4.2.6), and make the presentation with a Key
 * Binding JWT (§4.3, §7.2 steps 3-5). `verifyPresentation` (§7.3) is the verifier's check,
 * kept here so the wallet's output is tested against the same rules.
 *
 * Mirrors `standards/sd_jwt/` and `standards/sd_jwt_vc/credential.py`.
 */

import { WalletError, ensure } from './errors.js';
import { ascii, b64urlDecode, b64urlEncode, isObject, jsonParse } from './b64.js';
import { importPublicJwk, parseJws, signJws, verifyJws } from './jose.js';

export const KB_JWT_TYP = 'kb+jwt';
export const SD_JWT_VC_TYP = 'dc+sd-jwt';
export const DEFAULT_LIMITS = Object.freeze({ maxDisclosures: 256, maxDepth: 16, maxSize: 512 * 1024, clockSkew: 60 });
const HASHES = { 'sha-256': 'SHA-256', 'sha-384': 'SHA-384', 'sha-512': 'SHA-512' };
/** SD-JWT VC §2.2.2.3: registered claims that are never selectively disclosed. */
export const PROTECTED_CLAIMS = new Set(['iss', 'nbf', 'exp', 'cnf', 'vct', 'vct#integrity', 'aka_vcts', 'status']);

const bad = (detail) => new WalletError('credential_invalid', detail);

/** §4: `<JWT>~<Disclosure 1>~…~<Disclosure N>~[<KB-JWT>]` into its parts (§7.1 step 1). */
export function splitSdJwt(value, limits = DEFAULT_LIMITS) {
  ensure(typeof value === 'string' && value.length > 0, 'credential_invalid', 'the SD-JWT is empty');
  ensure(value.length <= limits.maxSize, 'credential_invalid', 'the SD-JWT is too large');
  ensure(value.includes('~'), 'credential_invalid', "an SD-JWT is '<JWT>~', and this has no '~'");
  const parts = value.split('~');
  ensure(parts.length - 2 <= limits.maxDisclosures, 'credential_invalid', 'too many Disclosures');
  return { issuerJwt: parts[0], disclosures: parts.slice(1, -1), keyBindingJwt: parts[parts.length - 1] };
}

/** §4: the Issuer-signed JWT and each Disclosure, each followed by `~`. */
export function joinSdJwt(issuerJwt, disclosures) {
  return `${issuerJwt}~${disclosures.map((d) => `${d}~`).join('')}`;
}

/** §4.2.3: base64url of the hash over the ASCII bytes of the encoded string. */
export async function digest(encoded, sdAlg = 'sha-256') {
  const hash = HASHES[sdAlg];
  ensure(hash, 'credential_invalid', `_sd_alg ${sdAlg} is not supported`);
  return b64urlEncode(new Uint8Array(await globalThis.crypto.subtle.digest(hash, ascii(encoded))));
}

/** §4.2.1/§4.2.2: `[salt, name, value]` or `[salt, value]`. */
export function parseDisclosure(encoded) {
  const array = jsonParse(b64urlDecode(encoded, 'a Disclosure'), 'a Disclosure');
  if (!Array.isArray(array) || (array.length !== 2 && array.length !== 3)) throw bad('a Disclosure is an array of 2 or 3');
  if (typeof array[0] !== 'string') throw bad("a Disclosure's salt is a string");
  if (array.length === 2) return { encoded, salt: array[0], name: null, value: array[1] };
  if (typeof array[1] !== 'string') throw bad("a Disclosure's claim name is a string");
  return { encoded, salt: array[0], name: array[1], value: array[2] };
}

/** §7.1 step 3: replace embedded digests with the claims their Disclosures hold. */
function process(value, path, ancestors, state) {
  if (path.length > state.maxDepth) throw bad('claims nested too deeply');
  if (Array.isArray(value)) return processArray(value, path, ancestors, state);
  if (isObject(value)) return processObject(value, path, ancestors, state);
  return value;
}

function take(entry, state) {
  if (typeof entry !== 'string') throw bad('a digest is a string');
  if (state.seen.has(entry)) throw bad(`digest ${entry} appears more than once (§7.1 step 4)`);
  state.seen.add(entry);
  return state.byDigest.get(entry) ?? null;
}

function processObject(value, path, ancestors, state) {
  if ('_sd_alg' in value && path.length) throw bad('_sd_alg may only appear at the top level');
  const result = {};
  for (const [name, child] of Object.entries(value)) {
    result[name] = name !== '_sd' && typeof child === 'object' && child !== null
      ? process(child, [...path, name], ancestors, state) : child;
  }
  if (!('_sd' in result)) return result;
  const digests = result._sd;
  delete result._sd;
  if (!Array.isArray(digests)) throw bad('_sd is an array of digests (§4.2.4.1)');
  for (const entry of digests) {
    const disclosure = take(entry, state);
    if (disclosure === null) continue; // §7.1 step 3.3.1: a decoy, or withheld
    if (disclosure.name === null) throw bad('an array-element Disclosure was referenced from _sd');
    if (disclosure.name === '_sd' || disclosure.name === '...') throw bad(`a Disclosure may not be named ${disclosure.name}`);
    if (Object.hasOwn(result, disclosure.name)) throw bad(`claim ${disclosure.name} already exists at its level`);
    const claimPath = [...path, disclosure.name];
    state.found.push({ disclosure, path: claimPath, ancestors });
    result[disclosure.name] = process(disclosure.value, claimPath, [...ancestors, entry], state);
  }
  return result;
}

function processArray(value, path, ancestors, state) {
  const result = [];
  for (const element of value) {
    if (isObject(element) && '...' in element) {
      if (Object.keys(element).length !== 1) throw bad("an array digest object has only the key '...'");
      const entry = element['...'];
      const disclosure = take(entry, state);
      if (disclosure === null) continue; // §7.1 step 3.4
      if (disclosure.name !== null) throw bad("an object-property Disclosure was referenced from '...'");
      const elementPath = [...path, result.length];
      state.found.push({ disclosure, path: elementPath, ancestors });
      result.push(process(disclosure.value, elementPath, [...ancestors, entry], state));
    } else {
      result.push(process(element, [...path, result.length], ancestors, state));
    }
  }
  return result;
}

function checkTimes(claims, now, skew, what) {
  for (const name of ['exp', 'nbf', 'iat']) {
    if (name in claims && typeof claims[name] !== 'number') throw bad(`${name} must be a NumericDate`);
  }
  if ('exp' in claims && now >= claims.exp + skew) throw new WalletError('credential_expired', `${what} has expired`);
  if ('nbf' in claims && now < claims.nbf - skew) throw new WalletError('credential_not_yet_valid', `${what} is not valid yet`);
}

/**
 * §7.1: every check a receiver of an SD-JWT performs, in order. `issuerKey` is a CryptoKey or
 * an async resolver `(header, payload) => CryptoKey` over keys the caller trusts.
 */
async function verifySdJwt(parts, { issuerKey, typ, now, limits }) {
  const jws = await verifyJws(parts.issuerJwt, issuerKey, { typ, maxSize: limits.maxSize, what: 'the Issuer-signed JWT' });
  const { claims, found, sdAlg } = await disclose(jws.payload, parts, limits);
  checkTimes(claims, now, limits.clockSkew, 'the credential'); // step 6
  let holderJwk = null;
  if ('cnf' in claims) { // §4.1.2, RFC 7800 §3.2
    if (!isObject(claims.cnf) || !isObject(claims.cnf.jwk)) throw bad('cnf must hold a jwk');
    holderJwk = claims.cnf.jwk;
  }
  return { header: jws.header, issuerPayload: jws.payload, claims, disclosures: found, sdAlg, parts, holderJwk };
}

/** §7.1 steps 2.5-5: the Processed SD-JWT Payload from the payload and the Disclosures. */
async function disclose(payload, parts, limits) {
  const sdAlg = payload._sd_alg ?? 'sha-256'; // step 2.5
  if (typeof sdAlg !== 'string' || !HASHES[sdAlg]) throw bad(`_sd_alg ${sdAlg} is not supported`);
  const byDigest = new Map(); // step 3.1
  for (const encoded of parts.disclosures) {
    if (!encoded) throw bad("an empty Disclosure (two '~' in a row)");
    const disclosure = parseDisclosure(encoded);
    const key = await digest(encoded, sdAlg);
    if (byDigest.has(key)) throw bad('the same Disclosure was sent more than once');
    byDigest.set(key, disclosure);
  }
  const state = { byDigest, seen: new Set(), found: [], maxDepth: limits.maxDepth };
  const claims = process(payload, [], [], state); // steps 3.2-3.5, 4
  if (state.found.length !== byDigest.size) throw bad('a Disclosure is not referenced by any digest (§7.1 step 5)');
  delete claims._sd_alg; // step 3.6
  return { claims, found: state.found, sdAlg };
}

/** SD-JWT VC §2.2.2: `vct` present, registered claims never disclosed, `iss` a string. */
function checkVc(verified, { requireHolderKey }) {
  for (const item of verified.disclosures) {
    if (PROTECTED_CLAIMS.has(item.path[0])) throw bad(`${item.path[0]} was sent as a Disclosure (SD-JWT VC §2.2.2.3)`);
  }
  const { vct, iss } = verified.claims;
  if (typeof vct !== 'string' || !vct) throw bad('the credential has no vct');
  if (iss !== undefined && typeof iss !== 'string') throw bad('iss must be a string');
  if (requireHolderKey && !verified.holderJwk) throw bad('the credential is not bound to a holder key (cnf)');
  return { ...verified, vct, issuer: iss ?? null };
}

/**
 * SD-JWT VC §2.4 with RFC 9901 §7.2: the holder checks a credential from the issuer before
 * storing it (typ `dc+sd-jwt`). An SD-JWT+KB from an issuer is refused. `now` in seconds.
 */
export async function verifyCredential(sdJwt, { issuerKey, now, typ = SD_JWT_VC_TYP, requireHolderKey = true, limits = DEFAULT_LIMITS }) {
  const parts = splitSdJwt(sdJwt, limits);
  if (parts.keyBindingJwt) throw bad('an issuer sends an SD-JWT ending in ~, never an SD-JWT+KB');
  const verified = await verifySdJwt(parts, { issuerKey, typ, now, limits });
  return typ === SD_JWT_VC_TYP ? checkVc(verified, { requireHolderKey }) : verified;
}

/**
 * §7.1 steps 2.5-5 over a credential this wallet verified before it stored it (SD-JWT VC
 * §2.4, `verifyCredential`): the same shape as `verifyCredential` returns (`claims` is the
 * Processed SD-JWT Payload; `presentCredential` takes it), to show the holder their own data
 * or present it. The signature is not checked again (the issuer's keys are not kept): never
 * use this on anything that did not come out of the wallet's own store.
 */
export async function readStoredCredential(sdJwt, limits = DEFAULT_LIMITS) {
  const parts = splitSdJwt(sdJwt, limits);
  const { header, payload } = parseJws(parts.issuerJwt, { maxSize: limits.maxSize, what: 'the Issuer-signed JWT' });
  const { claims, found, sdAlg } = await disclose(payload, parts, limits);
  const holderJwk = isObject(claims.cnf) && isObject(claims.cnf.jwk) ? claims.cnf.jwk : null;
  return { header, issuerPayload: payload, claims, disclosures: found, sdAlg, parts, holderJwk, vct: claims.vct, issuer: claims.iss ?? null };
}

/** Does `shorter` lead to `longer`? `null` in either stands for any array index. */
function prefixOf(shorter, longer) {
  return shorter.length <= longer.length && shorter.every((a, i) => {
    const b = longer[i];
    return a === b || (a === null && Number.isInteger(b)) || (b === null && Number.isInteger(a));
  });
}

/** Does the Processed SD-JWT Payload hold a value at `path` (`null`: any element)? */
function exists(claims, path) {
  if (!path.length) return true;
  const [head, ...rest] = path;
  if (isObject(claims) && typeof head === 'string') return Object.hasOwn(claims, head) && exists(claims[head], rest);
  if (Array.isArray(claims) && head === null) return claims.some((e) => exists(e, rest));
  if (Array.isArray(claims) && Number.isInteger(head)) return head >= 0 && head < claims.length && exists(claims[head], rest);
  return false;
}

/**
 * §7.2 steps 1-2: the Disclosures that reveal exactly the claims at `paths`: every Disclosure
 * at or beneath a path, and every Disclosure enclosing one (recursive disclosures, §4.2.6),
 * in the order the holder received them.
 */
export async function selectDisclosures(verified, paths) {
  const byDigest = new Map();
  for (const item of verified.disclosures) byDigest.set(await digest(item.disclosure.encoded, verified.sdAlg), item);
  const chosen = new Set();
  for (const path of paths) {
    ensure(exists(verified.claims, path), 'claim_missing', `the credential holds no claim at ${JSON.stringify(path)}`);
    for (const [key, item] of byDigest) {
      if (prefixOf(path, item.path) || prefixOf(item.path, path)) {
        chosen.add(key);
        item.ancestors.forEach((a) => chosen.add(a));
      }
    }
  }
  const order = new Map(verified.parts.disclosures.map((d, i) => [d, i]));
  return [...byDigest].filter(([key]) => chosen.has(key)).map(([, item]) => item.disclosure)
    .sort((a, b) => order.get(a.encoded) - order.get(b.encoded));
}

/**
 * §7.2 steps 3-5 and §4.3: the SD-JWT with the chosen Disclosures and a KB-JWT (`typ kb+jwt`,
 * `iat`, `aud`, `nonce`, `sd_hash` over exactly what is presented, §4.3.1) signed by the
 * holder's private key (the one `cnf.jwk` names).
 */
export async function createPresentation(issuerJwt, disclosures, { holderKey, audience, nonce, issuedAt, sdAlg = 'sha-256' }) {
  const sdJwt = joinSdJwt(issuerJwt, disclosures.map((d) => d.encoded ?? d));
  ensure(typeof audience === 'string' && typeof nonce === 'string' && Number.isInteger(issuedAt),
    'presentation_failed', 'a KB-JWT needs an audience, a nonce and an issue time');
  const payload = { iat: issuedAt, aud: audience, nonce, sd_hash: await digest(sdJwt, sdAlg) };
  return sdJwt + await signJws(payload, holderKey, { typ: KB_JWT_TYP });
}

/** The presentation for one credential: Disclosures of `paths` and a KB-JWT (both above). */
export async function presentCredential(verified, paths, { holderKey, audience, nonce, issuedAt }) {
  const disclosures = await selectDisclosures(verified, paths);
  return createPresentation(verified.parts.issuerJwt, disclosures, { holderKey, audience, nonce, issuedAt, sdAlg: verified.sdAlg });
}

/**
 * §7.3: the verifier's check of a presentation with Key Binding required (audience, nonce,
 * `iat` within `maxAge`, `sd_hash`). For the wallet's own tests and diagnostics.
 */
export async function verifyPresentation(presentation, { issuerKey, audience, nonce, now, typ = SD_JWT_VC_TYP, maxAge = 300, limits = DEFAULT_LIMITS }) {
  const parts = splitSdJwt(presentation, limits);
  ensure(parts.keyBindingJwt, 'presentation_invalid', 'Key Binding is required but no KB-JWT was presented');
  const verified = await verifySdJwt(parts, { issuerKey, typ, now, limits });
  ensure(verified.holderJwk, 'presentation_invalid', 'the SD-JWT names no holder key');
  const kb = await verifyJws(parts.keyBindingJwt, await importPublicJwk(verified.holderJwk), { typ: KB_JWT_TYP, what: 'the KB-JWT' });
  const { iat, aud, sd_hash: sdHash } = kb.payload;
  ensure(typeof iat === 'number' && iat >= now - maxAge && iat <= now + 60, 'presentation_invalid', 'the KB-JWT iat is not recent');
  ensure(kb.payload.nonce === nonce, 'presentation_invalid', 'the KB-JWT nonce is not the expected one');
  ensure(aud === audience, 'presentation_invalid', 'the KB-JWT was made for another verifier');
  const sdJwt = presentation.slice(0, presentation.length - parts.keyBindingJwt.length);
  ensure(sdHash === await digest(sdJwt, verified.sdAlg), 'presentation_invalid', 'sd_hash does not cover what was presented');
  return { ...verified, keyBinding: kb };
}
