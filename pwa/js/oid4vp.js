/**
 * The wallet's OpenID4VP 1.0 client: read an `openid4vp://` link (§5, RFC 9101 §5.2; HAIP 1.0
 * §5.1: signed requests by `request_uri` only), fetch the Request Object (GET, or POST with
 * `wallet_nonce` for `request_uri_method=post`, §5.10), verify it (typ `oauth-authz-req+jwt`,
 * ES256 by the `x5c` leaf, chain to the wallet's trust anchors, the client identifier prefix
 * `x509_san_dns` or `x509_hash`, §5.9.3), check that the query stays within the relying
 * party's registration when the wallet knows it, build the VP Token with one unused credential
 * copy per Credential Query (Appendix B.3.6, KB-JWT `aud` the full client_id, §14.8),
 * encrypt it for `direct_post.jwt` (§8.3, §8.3.1) and post it; a declined request posts
 * `error=access_denied` (§8.5). The Response URI's `redirect_uri` is returned for the
 * same-device flow (§8.2), with `refused` when the verifier processed the response and refused it.
 *
 * Mirrors `standards/oid4vp/` and `tests/verifier/wallet.py`. No DOM, no storage here.
 */

import { WalletError, ensure } from './errors.js';
import { b64urlEncode, isObject, jsonBytes, randomBytes } from './b64.js';
import { encryptJwe, JWE_ALGORITHM, sha256, verifyJws, verifyX5cChain } from './jose.js';
import { checkWithinRegistration, parseDcqlQuery, processClaimsPath, selectCredentials } from './dcql.js';
import { presentCredential } from './sdjwt.js';
import { FORM, formBody, jsonBody, request } from './http.js';
import { secureUrl } from './urls.js';

export const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt';
export const SELF_ISSUED_AUDIENCE = 'https://self-issued.me/v2';
export const DIRECT_POST = 'direct_post';
export const DIRECT_POST_JWT = 'direct_post.jwt';
export const X509_SAN_DNS = 'x509_san_dns';
export const X509_HASH = 'x509_hash';
const CLOCK_SKEW = 60;
const MAX_LINK = 8 * 1024;
const URL_SAFE = /^[A-Za-z0-9._~-]+$/;
const PREFERRED_ENC = ['A256GCM', 'A128GCM'];

const requestError = (detail, error = 'invalid_request') => new WalletError('request_invalid', detail, { error });

/** §5 with RFC 9101 §5.2: `client_id` and an https `request_uri`, each once, and
 * `request_uri_method` `get` or `post` if present (§5.10, §8.5 `invalid_request_uri_method`). */
export function parseRequestLink(link) {
  ensure(typeof link === 'string' && link.length <= MAX_LINK, 'link_invalid', 'the request link is not text of a reasonable size');
  const query = link.includes('?') ? link.slice(link.indexOf('?') + 1).split('#')[0] : '';
  const params = new URLSearchParams(query);
  for (const name of ['client_id', 'request_uri', 'request_uri_method']) {
    ensure(params.getAll(name).length <= 1, 'link_invalid', `${name} is sent more than once`);
  }
  const clientId = params.get('client_id');
  const requestUri = params.get('request_uri');
  const method = params.get('request_uri_method');
  ensure(method === null || requestUri !== null, 'link_invalid', 'request_uri_method is only sent with request_uri');
  ensure(clientId && requestUri !== null, 'link_invalid', 'a signed request by reference: client_id and request_uri (HAIP 1.0 §5.1)');
  ensure(secureUrl(requestUri), 'link_invalid', 'request_uri is an https URL');
  ensure(method === null || method === 'get' || method === 'post', 'link_invalid', `request_uri_method ${method} is neither get nor post`);
  return { clientId, requestUri, requestUriMethod: method };
}

/** §5.9.1: `<prefix>:<original>`, split at the first `:`; only x509_san_dns and x509_hash. */
export function parseClientId(clientId) {
  const at = typeof clientId === 'string' ? clientId.indexOf(':') : -1;
  const prefix = at > 0 ? clientId.slice(0, at) : '';
  const original = at > 0 ? clientId.slice(at + 1) : '';
  ensure([X509_SAN_DNS, X509_HASH].includes(prefix) && original, 'client_id_unsupported',
    `client_id ${clientId} has no supported prefix (§5.9.3)`, { error: 'invalid_client' });
  return { prefix, original };
}

/** §5.9.3 `x509_hash`: base64url of the SHA-256 hash of the DER leaf certificate. */
export async function x509Hash(der) {
  return b64urlEncode(await sha256(der));
}

/** §5.9.3: x509_san_dns names a dNSName SAN of the leaf; x509_hash is the leaf's hash. */
export async function checkClientIdCertificate(clientId, leaf) {
  if (clientId.prefix === X509_SAN_DNS) {
    ensure(leaf.dnsNames.includes(clientId.original), 'client_id_mismatch', 'the certificate does not name this DNS name', { error: 'invalid_client' });
  } else {
    ensure(clientId.original === await x509Hash(leaf.der), 'client_id_mismatch', 'x509_hash is not the hash of the certificate', { error: 'invalid_client' });
  }
}

/** §5.1 `client_metadata`: `jwks` (keys with unique `kid`s) and the offered `enc` values. */
function parseClientMetadata(raw) {
  if (raw === undefined || raw === null) return null;
  if (!isObject(raw)) throw requestError('client_metadata is an object');
  if (raw.jwks !== undefined) {
    const keys = raw.jwks?.keys;
    if (!Array.isArray(keys) || !keys.length || !keys.every(isObject)) throw requestError('jwks.keys is a non-empty array of JWKs');
    const kids = keys.map((k) => k.kid);
    if (!kids.every((k) => typeof k === 'string') || new Set(kids).size !== kids.length) throw requestError('each JWK in jwks has a unique kid (§5.1)');
  }
  const enc = raw.encrypted_response_enc_values_supported;
  if (enc !== undefined && (!Array.isArray(enc) || !enc.length || !enc.every((e) => typeof e === 'string'))) {
    throw requestError('encrypted_response_enc_values_supported is a non-empty array of strings');
  }
  return raw;
}

/** §5 (with §5.1, §5.8, §8.2, §8.3.1): the parameters of a Request Object as Regie uses them. */
export function parseAuthorizationRequest(p) {
  if ('transaction_data' in p) throw requestError('no transaction data type is supported (§5.1)', 'invalid_transaction_data');
  if ('redirect_uri' in p) throw requestError('redirect_uri is not sent with direct_post (§8.2)');
  if ('scope' in p) throw requestError('scope is not sent with dcql_query (§5.1)');
  if (typeof p.client_id !== 'string' || !p.client_id) throw requestError('client_id is missing');
  if (p.response_type !== 'vp_token') throw requestError('response_type is vp_token');
  if (p.response_mode !== DIRECT_POST && p.response_mode !== DIRECT_POST_JWT) throw requestError('response_mode is direct_post or direct_post.jwt');
  if (!secureUrl(p.response_uri)) throw requestError('response_uri is an https URL');
  if (typeof p.nonce !== 'string' || !URL_SAFE.test(p.nonce)) throw requestError('nonce holds only URL safe characters (§5.2)');
  if (p.state !== undefined && p.state !== null && (typeof p.state !== 'string' || !URL_SAFE.test(p.state))) throw requestError('state holds only URL safe characters');
  if (p.aud !== SELF_ISSUED_AUDIENCE) throw requestError(`aud is ${SELF_ISSUED_AUDIENCE} (§5.8)`);
  if (p.iat !== undefined && p.iat !== null && !Number.isInteger(p.iat)) throw requestError('iat is an integer');
  if (!Number.isInteger(p.exp)) throw requestError('exp is an integer');
  if (p.wallet_nonce !== undefined && p.wallet_nonce !== null && typeof p.wallet_nonce !== 'string') throw requestError('wallet_nonce is a string');
  const dcqlQuery = parseDcqlQuery(p.dcql_query);
  const clientMetadata = parseClientMetadata(p.client_metadata);
  if (p.response_mode === DIRECT_POST_JWT && !clientMetadata?.jwks) throw requestError('direct_post.jwt needs client_metadata.jwks (§8.3)');
  return {
    clientId: p.client_id, responseMode: p.response_mode, responseUri: p.response_uri, nonce: p.nonce,
    state: p.state ?? null, dcqlQuery, clientMetadata, iat: p.iat ?? null, exp: p.exp,
    walletNonce: p.wallet_nonce ?? null, raw: p,
  };
}

/** §5.10: fetch the Request Object; with `post`, a form with a fresh `wallet_nonce`. */
export async function fetchRequestObject(link, { fetch } = {}) {
  const walletNonce = link.requestUriMethod === 'post' ? b64urlEncode(randomBytes(16)) : null;
  const answer = await request(fetch, link.requestUri, link.requestUriMethod === 'post'
    ? { method: 'POST', headers: { ...FORM, Accept: 'application/oauth-authz-req+jwt' }, body: formBody({ wallet_nonce: walletNonce }) }
    : { headers: { Accept: 'application/oauth-authz-req+jwt' } });
  ensure(answer.ok, 'request_unavailable', `${link.requestUri}: HTTP ${answer.status}`, { status: answer.status });
  return { token: answer.text.trim(), walletNonce };
}

/**
 * The wallet's checks of a Request Object (§5.10.1), in the order of
 * `standards/oid4vp/request.py`: typ and ES256, the `x5c` chain to `trustAnchors` and the
 * signature by its leaf (§5.9.3), the parameters (§5), `exp`/`iat` at `now` (seconds), the
 * `client_id` equal to the link's with a supported prefix naming the leaf, the `response_uri`
 * host for `x509_san_dns`, and the `wallet_nonce` echoed when one was posted. With
 * `registrations` (`{client_id: {vct: [paths]}}`) a known relying party must stay within its
 * registration, and an unknown one is marked `registered: false`.
 * Returns `{request, clientId, certificate, relyingParty, registered}`.
 */
export async function verifyRequestObject(token, { clientId, trustAnchors, now, walletNonce = null, registrations = null }) {
  let leaf = null;
  const parsed = await verifyJws(token, async (header) => {
    ensure(Array.isArray(header.x5c), 'untrusted_certificate', 'the Request Object has no x5c certificate chain');
    const verified = await verifyX5cChain(header.x5c, trustAnchors, { now });
    leaf = verified.leaf;
    return verified.key;
  }, { typ: REQUEST_OBJECT_TYP, what: 'the Request Object' });
  const req = parseAuthorizationRequest(parsed.payload);
  ensure(now < req.exp + CLOCK_SKEW, 'request_expired', 'the Request Object has expired');
  ensure(req.iat === null || req.iat <= now + CLOCK_SKEW, 'request_invalid', 'the Request Object is dated in the future');
  ensure(req.clientId === clientId, 'client_id_mismatch', "the Request Object's client_id is not the link's", { error: 'invalid_client' });
  const prefixed = parseClientId(req.clientId);
  await checkClientIdCertificate(prefixed, leaf);
  if (prefixed.prefix === X509_SAN_DNS) {
    ensure(new URL(req.responseUri).hostname === prefixed.original, 'request_invalid', "the response_uri is not on the client id's host (§5.9.3)");
  }
  if (walletNonce !== null) ensure(req.walletNonce === walletNonce, 'request_invalid', 'the Request Object lacks the wallet_nonce that was posted (§5.10.1)');
  let registered = null;
  if (registrations) {
    const registration = registrations[req.clientId];
    registered = Boolean(registration);
    if (registration) checkWithinRegistration(req.dcqlQuery, registration);
  }
  const names = leaf.subject.attributes;
  return {
    request: req,
    clientId: prefixed,
    certificate: leaf,
    relyingParty: { name: names.O ?? names.CN ?? prefixed.original, commonName: names.CN ?? null, dnsNames: leaf.dnsNames },
    registered,
  };
}

/** Link → fetched and verified request (the two steps above). */
export async function fetchAndVerifyRequest(link, { fetch, trustAnchors, now = () => Date.now() / 1000, registrations = null }) {
  const parsedLink = parseRequestLink(link);
  const { token, walletNonce } = await fetchRequestObject(parsedLink, { fetch });
  return verifyRequestObject(token, { clientId: parsedLink.clientId, trustAnchors, now: now(), walletNonce, registrations });
}

/**
 * §6.4: which held credentials answer the request. `held` entries are
 * `{ref, vct, claims, holderBound}`; the result's `chosen` is the default answer to show.
 */
export function matchRequest(verified, held) {
  return selectCredentials(verified.request.dcqlQuery, held);
}

/**
 * What the consent screen lists (§6.4.1): per chosen Credential Query, the held credential's
 * `ref` and `vct` and each claim path to disclose with the values it selects (§7.1.1), so the
 * resident sees every claim asked for and its value before agreeing.
 */
export function consentItems(selection) {
  return Object.entries(selection.chosen).map(([queryId, { credential, paths }]) => ({
    queryId,
    ref: credential.ref,
    vct: credential.vct,
    claims: paths.map((path) => ({ path, values: processClaimsPath(credential.claims, path) })),
  }));
}

/** One unused copy of a credential (`copies: [{used, ...}]`): HAIP 1.0 §7 unlinkability:
 * each presentation uses a copy no verifier has seen. Throws `no_unused_copy` if none is left. */
export function pickUnusedCopy(copies) {
  const copy = copies.find((c) => !c.used);
  ensure(copy, 'no_unused_copy', 'every copy of this credential has been used; fetch it again');
  return copy;
}

/**
 * Appendix B.3.6: the VP Token `{queryId: [presentation]}`. `answers` maps each Credential
 * Query id to `{copy: {credential (verified SD-JWT), keyPair}, paths}`; each presentation
 * discloses exactly `paths` and has a KB-JWT over the request's nonce with `aud` the full
 * client_id (§14.8). `now` in seconds.
 */
export async function buildVpToken(request, answers, { now = Date.now() / 1000 } = {}) {
  const vpToken = {};
  for (const [queryId, { copy, paths }] of Object.entries(answers)) {
    ensure(request.dcqlQuery.credentials.some((c) => c.id === queryId), 'presentation_failed', `${queryId} is not a Credential Query id`);
    vpToken[queryId] = [await presentCredential(copy.credential, paths, {
      holderKey: copy.keyPair.privateKey, audience: request.clientId, nonce: request.nonce, issuedAt: Math.floor(now),
    })];
  }
  return vpToken;
}

/** §8.3: the verifier's ECDH-ES P-256 key and an offered `enc`, A256GCM first (HAIP 1.0 §5). */
export function selectEncryption(clientMetadata) {
  const keys = clientMetadata?.jwks?.keys ?? [];
  const usable = keys.filter((k) => k.kty === 'EC' && k.crv === 'P-256' && k.alg === JWE_ALGORITHM && (k.use ?? 'enc') === 'enc');
  ensure(usable.length, 'encryption_unsupported', 'client_metadata.jwks holds no ECDH-ES P-256 key');
  const offered = clientMetadata.encrypted_response_enc_values_supported ?? ['A128GCM'];
  const enc = PREFERRED_ENC.find((e) => offered.includes(e));
  ensure(enc, 'encryption_unsupported', `none of ${offered} is supported`);
  return { recipient: usable[0], enc };
}

/** §8.2 / §8.3.1: the form to post: `response` (the JWE of `{vp_token, state}`) for
 * direct_post.jwt, or `vp_token` and `state` for direct_post. `mailboxUri`: the case's mailbox
 * at the wallet provider, as the extension response parameter `mailbox_uri` (§8.1 "Additional
 * response parameters MAY be defined"; inside the JWE with direct_post.jwt, so only the
 * verifier reads it; docs/wallet-provider.md). */
export async function responseForm(request, vpToken, { mailboxUri = null } = {}) {
  const payload = { vp_token: vpToken };
  if (request.state !== null) payload.state = request.state;
  if (mailboxUri !== null) payload.mailbox_uri = mailboxUri;
  if (request.responseMode === DIRECT_POST_JWT) {
    const { recipient, enc } = selectEncryption(request.clientMetadata);
    return { response: await encryptJwe(jsonBytes(payload), recipient, { enc }) };
  }
  const form = { vp_token: JSON.stringify(vpToken) };
  if (request.state !== null) form.state = request.state;
  if (mailboxUri !== null) form.mailbox_uri = mailboxUri;
  return form;
}

/**
 * §8.2: post to the Response URI; returns `{redirectUri, refused}`. A 200 answer means the
 * verifier processed the response: its `redirect_uri` (same-device) MUST be followed, and the
 * extension parameter `refused` (§8.2 "Additional parameters MAY be defined"; the Regie
 * verifier's, README "Trying the verifier") names the check that refused the presentation,
 * such as `verifier.credential_revoked`; `null` when it was accepted (or the verifier does not
 * say). Any other answer throws `server_error` with its OAuth `error` and HTTP `status`
 * (RFC 6749 §5.2): the post was not taken as the answer to the request.
 */
export async function postResponse(request, form, { fetch } = {}) {
  const answer = await request_(fetch, request.responseUri, form);
  const body = jsonBody(answer, request.responseUri);
  const redirectUri = body.redirect_uri ?? null;
  ensure(redirectUri === null || secureUrl(redirectUri), 'server_error', 'redirect_uri is an https URL');
  const refused = typeof body.refused === 'string' && body.refused ? body.refused : null;
  return { redirectUri, refused };
}

function request_(fetch, url, form) {
  return request(fetch, url, { method: 'POST', headers: FORM, body: formBody(form) });
}

/** Agree: build, encrypt and post the presentation in one go (with the case's `mailboxUri`
 * when the wallet made one, see `responseForm`). `beforePost` runs once the response is ready,
 * just before it leaves: the moment its copies can be seen (HAIP 1.0 §7), so a presentation
 * that could not be built uses up none. Returns what `postResponse` returns. */
export async function present(verified, answers, {
  fetch, now = () => Date.now() / 1000, mailboxUri = null, beforePost = async () => {},
} = {}) {
  const vpToken = await buildVpToken(verified.request, answers, { now: now() });
  const form = await responseForm(verified.request, vpToken, { mailboxUri });
  await beforePost();
  return postResponse(verified.request, form, { fetch });
}

/** §8.5 (RFC 6749 §4.1.2.1): the resident declined: `error=access_denied` with `state`, sent
 * without encryption (§8.3.1). Returns `{redirectUri}` like `postResponse`. */
export async function decline(request, { fetch, error = 'access_denied' } = {}) {
  const form = { error };
  if (request.state !== null) form.state = request.state;
  const answer = await request_(fetch, request.responseUri, form);
  if (!answer.ok) return { redirectUri: null, status: answer.status };
  const body = jsonBody(answer, request.responseUri);
  return { redirectUri: typeof body.redirect_uri === 'string' && secureUrl(body.redirect_uri) ? body.redirect_uri : null, status: answer.status };
}
