/**
 * Token Status List (draft-ietf-oauth-status-list, /work/shared/specs) for the holder: is a
 * credential this wallet holds still valid? The credential's `status.status_list` `{idx, uri}`
 * (§6.1) points at a Status List Token (§5.1, `typ` `statuslist+jwt`), which the wallet fetches
 * (§8.1, anonymously: the issuer only learns that someone holding one of many credentials on
 * that list looked), verifies with the issuer's own keys (`/.well-known/jwt-vc-issuer`, as
 * oid4vci.js does for the credentials; §8.3 steps 2-4: `sub` is the URI, not expired) and
 * reads the entry at `idx` (§4.1: `lst` is ZLIB-compressed, `bits` per entry, least
 * significant bits first). Mirrors `standards/status_list` on the Python side.
 *
 * Used by the home and card screens to mark a revoked card "Ingetrokken" while online, and by
 * the consent screen to warn before a revoked card is shared; the result is not stored (the
 * next check asks again).
 */

import { b64urlDecode, isObject } from './b64.js';
import { ensure } from './errors.js';
import { request } from './http.js';
import { importPublicJwk, parseJws, verifyJws } from './jose.js';
import { fetchIssuerKeys } from './oid4vci.js';
import { readStoredCredential } from './sdjwt.js';
import { secureUrl } from './urls.js';

export const STATUS_LIST_TYP = 'statuslist+jwt';
/** §7.1: the status values every list uses. */
export const VALID = 0;
export const INVALID = 1;
export const SUSPENDED = 2;
const MAX_ENTRIES = 1 << 24;

/** §6.1: the credential's `{idx, uri}`, or null when it has none (or a malformed one). */
export function statusReference(claims) {
  const ref = isObject(claims?.status) ? claims.status.status_list : null;
  if (!isObject(ref) || !Number.isInteger(ref.idx) || ref.idx < 0 || !secureUrl(ref.uri)) return null;
  return { idx: ref.idx, uri: ref.uri };
}

async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * §8.3: verify the Status List Token `token` fetched from `uri` with `issuerKeys` (JWKs) at
 * `now` (seconds); `{bits, entries (Uint8Array), ttl}`. Throws WalletError.
 */
export async function readStatusListToken(token, { uri, issuerKeys, now }) {
  const { header } = parseJws(token, { what: 'the Status List Token' });
  const candidates = issuerKeys.filter((k) => header.kid === undefined || k.kid === header.kid);
  ensure(candidates.length === 1, 'credential_invalid', `no single key of the issuer matches kid ${header.kid}`);
  const { payload } = await verifyJws(token, await importPublicJwk(candidates[0]), { typ: STATUS_LIST_TYP, what: 'the Status List Token' });
  ensure(payload.sub === uri, 'credential_invalid', 'the Status List Token is for another URI (§8.3)');
  ensure(payload.exp === undefined || (typeof payload.exp === 'number' && now < payload.exp), 'credential_invalid', 'the Status List Token expired');
  const list = payload.status_list;
  ensure(isObject(list) && [1, 2, 4, 8].includes(list.bits) && typeof list.lst === 'string', 'credential_invalid', 'status_list needs bits and lst (§4.2)');
  const entries = await inflate(b64urlDecode(list.lst, 'lst'));
  ensure(entries.length * (8 / list.bits) <= MAX_ENTRIES, 'credential_invalid', 'the status list is too large');
  return { bits: list.bits, entries, ttl: payload.ttl ?? null };
}

/** §4.1: the status at `idx`; an index beyond the list is an error (§8.3 step 5). */
export function statusAt({ bits, entries }, idx) {
  const bit = idx * bits;
  const byte = Math.floor(bit / 8);
  ensure(byte < entries.length, 'credential_invalid', 'the index is outside the status list');
  return (entries[byte] >> (bit % 8)) & ((1 << bits) - 1);
}

/**
 * The status of each card in `copies` (store.js `allCopies`): `Map(card → 'valid'|'revoked'|
 * 'suspended')`; a card is revoked when any of its copies is. Cards without a status, or whose
 * list cannot be fetched or verified, are left out (unknown: the card shows as before). Each
 * list and each issuer's keys are fetched once. `now()` gives seconds.
 */
export async function cardStatuses(copies, { fetch, now = () => Date.now() / 1000 } = {}) {
  const lists = new Map();
  const keys = new Map();
  const once = (cache, key, make) => {
    if (!cache.has(key)) cache.set(key, make().catch((failure) => { console.warn(failure); return null; }));
    return cache.get(key);
  };
  const worst = new Map();
  const rank = { valid: 0, suspended: 1, revoked: 2 };
  for (const copy of copies) {
    let ref;
    try {
      ref = statusReference((await readStoredCredential(copy.compact)).claims);
    } catch {
      ref = null;
    }
    if (!ref) continue;
    const issuerKeys = await once(keys, copy.issuer, () => fetchIssuerKeys(copy.issuer, { fetch }));
    if (!issuerKeys) continue;
    const list = await once(lists, ref.uri, async () => {
      // §8.1 caching: revalidate (ETag) rather than trust a copy the browser kept for `ttl`
      const answer = await request(fetch, ref.uri, { cache: 'no-cache', headers: { Accept: 'application/statuslist+jwt' } });
      ensure(answer.ok, 'server_error', `${ref.uri}: ${answer.status}`);
      return readStatusListToken(answer.text.trim(), { uri: ref.uri, issuerKeys, now: now() });
    });
    if (!list) continue;
    let value;
    try {
      value = statusAt(list, ref.idx);
    } catch {
      continue;
    }
    const status = { [VALID]: 'valid', [INVALID]: 'revoked', [SUSPENDED]: 'suspended' }[value];
    if (!status) continue; // §7.1: 0x03 and above are the application's own, not known here
    if (!worst.has(copy.card) || rank[status] > rank[worst.get(copy.card)]) worst.set(copy.card, status);
  }
  return worst;
}

/** When online, the status of each card in `copies`, handed to `mark(card, status)` once known;
 * offline or on any failure nothing is marked (the card shows as before). */
export async function checkStatuses(copies, mark) {
  if (globalThis.navigator?.onLine === false || !copies.length) return;
  try {
    for (const [card, status] of await cardStatuses(copies)) mark(card, status);
  } catch (failure) {
    console.warn(failure);
  }
}
