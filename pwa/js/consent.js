/**
 * What the consent screen (`#/present`) needs between the protocol layer (oid4vp.js) and the
 * store, without DOM: the relying party's legal name from its certificate, the held cards as
 * DCQL candidates (OpenID4VP 1.0 §6.4), each requested claim with its label (SD-JWT VC §5
 * claim metadata, per language) and value as the resident reads it, one unused copy per
 * answered Credential Query (HAIP 1.0 §7: one-time use), and the history and case records.
 */

import { isObject } from './b64.js';
import { WalletError } from './errors.js';
import { inline, labelFor, NOT_SHOWN } from './claims.js';
import { readStoredCredential } from './sdjwt.js';

const HOST_NAME = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
/** The `verifier_info` format of Regie's relying parties (verifier/transactions.py). */
export const USE_CASE_INFO = 'urn:regie:verifier-info:use-case';

const texts = (value) => (isObject(value) && ['nl', 'en'].some((l) => typeof value[l] === 'string' && value[l])
  ? Object.fromEntries(['nl', 'en'].filter((l) => typeof value[l] === 'string').map((l) => [l, value[l]]))
  : null);

/**
 * OpenID4VP 1.0 §5.1 `verifier_info`, "to enrich the End-User consent dialog": which use case
 * asks and why, `{title, purpose}` (each `{nl, en}` or null), from the entry of format
 * `USE_CASE_INFO`; null without one. Its data carries no signature of its own: the Request
 * Object's, by the relying party's verified certificate, covers it.
 */
export function useCaseFrom(request) {
  const infos = request?.raw?.verifier_info;
  if (!Array.isArray(infos)) return null;
  const info = infos.find((i) => isObject(i) && i.format === USE_CASE_INFO && isObject(i.data));
  if (!info) return null;
  const found = { title: texts(info.data.title), purpose: texts(info.data.purpose) };
  return found.title || found.purpose ? found : null;
}

/**
 * RFC 5280 §4.1.2.6: the relying party's legal name from its certificate's subject: the
 * commonName, which names the organisation in Regie's certificates; the organizationName when
 * the commonName is a host name (as in TLS-style certificates); else `fallback`.
 */
export function legalName(certificate, fallback) {
  const names = certificate?.subject?.attributes ?? {};
  if (names.CN && !HOST_NAME.test(names.CN)) return names.CN;
  return names.O ?? names.CN ?? fallback;
}

/**
 * The stored copies (store.js `allCopies`) grouped per card, cards with unused copies first
 * and the newest first among them: `[{card, vct, name, issuer, issuerName, claims, copies}]`.
 */
export function cardsOf(copies) {
  const cards = new Map();
  for (const copy of copies) {
    const card = cards.get(copy.card) ?? {
      card: copy.card, vct: copy.vct, name: copy.name, issuer: copy.issuer, issuerName: copy.issuerName,
      claims: copy.claims ?? [], receivedAt: copy.receivedAt, copies: [],
    };
    card.copies.push(copy);
    cards.set(copy.card, card);
  }
  const unused = (c) => c.copies.some((copy) => !copy.used);
  return [...cards.values()].sort((a, b) => Number(unused(b)) - Number(unused(a))
    || String(b.receivedAt).localeCompare(String(a.receivedAt)));
}

/**
 * §6.4 candidates: one `{ref, vct, claims, holderBound}` per card, its claims read from one of
 * its own stored copies (verified before they were stored, RFC 9901 §7.1 steps 2.5-5).
 */
export async function heldCredentials(cards) {
  return Promise.all(cards.map(async (card) => ({
    ref: card.card,
    vct: card.vct,
    claims: (await readStoredCredential(card.copies[0].compact)).claims,
    holderBound: true,
  })));
}

/** The lines of the values a claims path selected: an object one `label: value` per member. */
export function valueLines(values, path, metadata, words) {
  return values.flatMap((value) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.entries(value).filter(([k]) => !NOT_SHOWN.has(k))
        .map(([k, v]) => `${labelFor(metadata, [...path, k], words.locale)}: ${inline(v, words)}`);
    }
    return [inline(value, words)];
  });
}

/** A claim's label in both languages, for the history (`{nl, en}`). */
export function labels(metadata, path) {
  return { nl: labelFor(metadata, path, 'nl'), en: labelFor(metadata, path, 'en') };
}

/**
 * The consent screen's list (from oid4vp.js `consentItems`): per card, its name and issuer
 * and each requested claim with its label and value lines in `words.locale`
 * (`words`: `{locale, yes, no, none}`).
 */
export function consentView(items, cards, words) {
  const byCard = new Map(cards.map((c) => [c.card, c]));
  return items.map((item) => {
    const card = byCard.get(item.ref);
    return {
      queryId: item.queryId,
      card,
      claims: item.claims.map(({ path, values }) => ({
        path,
        label: labelFor(card.claims, path, words.locale),
        labels: labels(card.claims, path),
        lines: valueLines(values, path, card.claims, words),
      })),
    };
  });
}

/**
 * The answers for oid4vp.js `present`: per chosen Credential Query one unused copy of the
 * chosen card (HAIP 1.0 §7), read from the store with its key pair; the ids of the copies
 * used. Throws `no_unused_copy` when a card has none left (fetch it again).
 */
export async function answersFor(selection, cards) {
  const byCard = new Map(cards.map((c) => [c.card, c]));
  const answers = {};
  const used = [];
  for (const [queryId, { credential, paths }] of Object.entries(selection.chosen)) {
    const copy = byCard.get(credential.ref)?.copies.find((c) => !c.used && !used.includes(c.id));
    if (!copy) throw new WalletError('no_unused_copy', `every copy of ${credential.ref} has been used`);
    used.push(copy.id);
    answers[queryId] = { copy: { credential: await readStoredCredential(copy.compact), keyPair: copy.keyPair }, paths };
  }
  return { answers, used };
}

/** The cards a selection would use, none of which may be used up (checked before consent). */
export function cardsWithoutCopies(selection, cards) {
  const byCard = new Map(cards.map((c) => [c.card, c]));
  return Object.values(selection.chosen).map(({ credential }) => byCard.get(credential.ref))
    .filter((card) => !card || !card.copies.some((c) => !c.used));
}

/** The history entry of a presentation (store.js `addHistory`). */
export function historyEntry({ clientId, name, view, outcome, caseId = null, at = new Date().toISOString() }) {
  return {
    kind: 'presentation', at, party: { id: clientId, name },
    claims: view.flatMap((item) => item.claims.map((c) => c.labels)),
    cards: view.map((item) => item.card.card),
    outcome, caseId,
  };
}
