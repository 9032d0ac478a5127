/**
 * The wallet's trust list of issuers (`{issuer, trustAnchors?}`, exact identifier match,
 * see oid4vci.js `trustedIssuer`). Empty for now: every issuer gets the untrusted-issuer
 * warning and the resident must accept it explicitly before anything is issued. A trust list
 * delivered by the wallet provider comes with a later slice.
 */
export const TRUST_LIST = Object.freeze([]);
