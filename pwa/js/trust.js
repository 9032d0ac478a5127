/**
 * The wallet's trust list, as its provider publishes it at `GET /api/trust-list`
 * (wallet_api/trust.py):
 *
 * - `issuers`: `[{issuer, name}]`, Credential Issuer Identifiers (OpenID4VCI 1.0 §12.2.1, exact
 *   string match, see oid4vci.js `trustedIssuer`); an issuer not listed gets the
 *   untrusted-issuer warning and nothing is issued without the resident's explicit consent.
 * - `anchors`: base64 DER root certificates a relying party's Request Object `x5c` chain must
 *   end at (OpenID4VP 1.0 §5.9.3, HAIP 1.0 §5); none: every request is refused.
 * - `registrations`: `{client_id: {vct: [claims path]}}` (OpenID4VP 1.0 §15.3), or null when
 *   the provider lists no relying parties (then no registration check); `relyingParties` the
 *   same as `[{clientId, registration, purpose}]` (`purpose` `{nl, en}` or null).
 *
 * The last good copy is kept in localStorage (public information, not secret), so the wallet
 * knows whom to trust offline or when the provider is down; without any copy the lists are
 * empty, which trusts nobody. Checked on the way in: a malformed list is never used or kept.
 */

import { isObject } from './b64.js';
import { request } from './http.js';

export const TRUST_LIST_URL = '/api/trust-list';
export const STORAGE_KEY = 'regie-trust-list';
const EMPTY = Object.freeze({ issuers: [], anchors: [], registrations: null, relyingParties: [] });

const isText = (value) => typeof value === 'string' && value.length > 0;

/** The provider's document as the wallet uses it; null when it is not a trust list. */
export function parseTrustList(doc) {
  if (!isObject(doc) || !Array.isArray(doc.issuers) || !Array.isArray(doc.relying_party_anchors)) return null;
  const parties = doc.relying_parties ?? [];
  if (!Array.isArray(parties)) return null;
  if (!doc.issuers.every((i) => isObject(i) && isText(i.issuer) && (i.name == null || typeof i.name === 'string'))) return null;
  if (!doc.relying_party_anchors.every(isText)) return null;
  if (!parties.every((p) => isObject(p) && isText(p.client_id) && isObject(p.registration))) return null;
  return Object.freeze({
    issuers: doc.issuers.map((i) => ({ issuer: i.issuer, name: i.name ?? null })),
    anchors: [...doc.relying_party_anchors],
    registrations: parties.length ? Object.fromEntries(parties.map((p) => [p.client_id, p.registration])) : null,
    relyingParties: parties.map((p) => ({ clientId: p.client_id, registration: p.registration, purpose: isObject(p.purpose) ? p.purpose : null })),
  });
}

function remembered(storage) {
  try {
    const text = storage?.getItem(STORAGE_KEY);
    return text ? parseTrustList(JSON.parse(text)) : null;
  } catch {
    return null;
  }
}

let current = null;

/**
 * The trust list: fetched from the provider (and remembered), else the last good copy, else
 * empty. One fetch per page load unless `refresh`; `fetch` and `storage` are parameters for
 * tests. Never throws.
 */
export async function loadTrust({ fetch, storage = globalThis.localStorage, refresh = false } = {}) {
  if (current && !refresh) return current;
  try {
    const answer = await request(fetch, TRUST_LIST_URL, { headers: { Accept: 'application/json' } });
    const parsed = answer.ok ? parseTrustList(JSON.parse(answer.text)) : null;
    if (parsed) {
      try {
        storage?.setItem(STORAGE_KEY, answer.text);
      } catch {
        // storage full or blocked: the list still holds for this page load
      }
      current = parsed;
      return current;
    }
  } catch {
    // offline, or the provider is down: fall back below
  }
  current = remembered(storage) ?? current ?? EMPTY;
  return current;
}

/** Forget the list held in memory (the stored copy stays); for tests. */
export function resetTrust() {
  current = null;
}
