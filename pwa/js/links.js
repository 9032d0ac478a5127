/**
 * What a scanned, pasted or opened link asks of the wallet, and the wallet screen for it:
 *
 * - a credential offer (OpenID4VCI 1.0 §4.1: `credential_offer` or `credential_offer_uri`,
 *   behind `openid-credential-offer://` or the wallet's own `…/#/offer?`) → `#/offer?…`
 * - a presentation request (OpenID4VP 1.0 §5 with RFC 9101 §5.2: `client_id` and
 *   `request_uri`, behind `openid4vp://` or the wallet's own `…/#/present?…`) → `#/present?…`
 *
 * Links are untrusted input: each is checked by the protocol module's own parser, and
 * anything else is refused with `link_unknown`.
 */

import { WalletError } from './errors.js';
import { parseCredentialOfferLink } from './oid4vci.js';
import { parseRequestLink } from './oid4vp.js';

/** The query of a link, wherever it sits (`scheme://?q`, `https://w/#/offer?q`). */
function queryOf(link) {
  const at = link.indexOf('?');
  if (at < 0) return '';
  const query = link.slice(at + 1);
  // an https link to the wallet itself carries the query after the fragment's route
  return query.includes('#') && !link.includes('#/') ? query.split('#')[0] : query;
}

/** `{kind: 'offer'|'request', route}` for `link`; a WalletError (`link_unknown`, or the
 * protocol parser's `offer_invalid` / `link_invalid`) otherwise. */
export function classifyLink(value) {
  const link = typeof value === 'string' ? value.trim() : '';
  if (!link || link.length > 64 * 1024) throw new WalletError('link_unknown', 'not a link of a reasonable size');
  const params = new URLSearchParams(queryOf(link));
  if (params.has('credential_offer') || params.has('credential_offer_uri')) {
    parseCredentialOfferLink(`?${queryOf(link)}`);
    return { kind: 'offer', route: `#/offer?${queryOf(link)}` };
  }
  if (params.has('request_uri') || params.has('client_id')) {
    parseRequestLink(`?${queryOf(link)}`);
    return { kind: 'request', route: `#/present?${queryOf(link)}` };
  }
  throw new WalletError('link_unknown', 'neither a credential offer nor a presentation request');
}
