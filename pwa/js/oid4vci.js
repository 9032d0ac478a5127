/**
 * The wallet's OpenID4VCI 1.0 client, pre-authorized code flow (§3.5): read the offer link
 * (§4.1), fetch the offer (§4.1.3) and the issuer metadata (§12.2.2, `credential_issuer`
 * identical to the URL it was fetched for, §12.2.4), check the issuer against the wallet's
 * trust list, redeem the code with the transaction code at the token endpoint (§6.1, RFC 8414
 * §3 for the endpoint), fetch a `c_nonce` (§7), and request a batch of credentials with one
 * key proof per copy (§8.2, Appendix F.1), each signed by a fresh non-extractable device key.
 * Every credential is verified (RFC 9901 §7.2, SD-JWT VC §2.4 with the issuer's keys from
 * SD-JWT VC §4) and bound to its key before it is handed back for storage.
 *
 * Client authentication at the token endpoint (Appendix E, OAuth 2.0 Attestation-Based Client
 * Authentication draft -07 "ABCA", HAIP 1.0 §4.4.1): when the authorization server lists
 * `attest_jwt_client_auth` (ABCA §10.1), the wallet fetches a fresh wallet attestation from its
 * provider (provider.js) and sends it with a PoP signed by the instance key, in the headers
 * `OAuth-Client-Attestation` and `OAuth-Client-Attestation-PoP` (ABCA §6.1). Without its
 * provider it goes on unauthenticated, unless the server requires attestation (it does not list
 * `none`): then `wallet_attestation_unavailable`.
 *
 * Two steps, so the screens can show who offers what and ask for the code in between:
 * `prepareIssuance(link)` and `completeIssuance(session, {txCode})`. An issuer not on the
 * trust list yields `status: 'untrusted_issuer'`, and `completeIssuance` refuses it unless the
 * resident explicitly accepted the warning (`allowUntrusted`). No DOM, no storage here.
 *
 * Mirrors `standards/oid4vci/` and `tests/issuer/holder.py`.
 */

import { WalletError, ensure } from './errors.js';
import { b64urlEncode, isObject, jsonParse, randomBytes } from './b64.js';
import { generateSigningKey, importPublicJwk, jwkThumbprint, parseJws, publicJwk, signJws, verifyX5cChain } from './jose.js';
import { walletAttestation as providerAttestation } from './provider.js';
import { verifyCredential } from './sdjwt.js';
import { FORM, formBody, jsonBody, request } from './http.js';
import { identifierUrl, secureUrl, wellKnownUrl } from './urls.js';

export const PRE_AUTHORIZED_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
export const PROOF_TYP = 'openid4vci-proof+jwt';
export const ATTESTATION_POP_TYP = 'oauth-client-attestation-pop+jwt';
export const ATTEST_JWT_CLIENT_AUTH = 'attest_jwt_client_auth';
export const ATTESTATION_HEADER = 'OAuth-Client-Attestation';
export const ATTESTATION_POP_HEADER = 'OAuth-Client-Attestation-PoP';
export const MAX_OFFER_LINK_SIZE = 64 * 1024;

const offerError = (detail) => new WalletError('offer_invalid', detail);
const issuerError = (detail) => new WalletError('issuer_metadata_invalid', detail);

/** §4.1: a link carries exactly one of `credential_offer` and `credential_offer_uri`, once. */
export function parseCredentialOfferLink(link) {
  ensure(typeof link === 'string' && link.length <= MAX_OFFER_LINK_SIZE, 'offer_invalid', 'the offer link is not text of a reasonable size');
  const query = link.includes('?') ? link.slice(link.indexOf('?') + 1).split('#')[0] : '';
  const params = new URLSearchParams(query);
  const present = ['credential_offer', 'credential_offer_uri'].filter((n) => params.has(n));
  if (present.length !== 1) throw offerError('an offer link carries exactly one of credential_offer and credential_offer_uri');
  const [name] = present;
  if (params.getAll(name).length !== 1) throw offerError(`${name} appears more than once`);
  const value = params.get(name);
  if (name === 'credential_offer_uri') {
    if (!secureUrl(value)) throw offerError('credential_offer_uri is an https URL (§4.1.3)');
    return { offerUri: value, offer: null };
  }
  return { offerUri: null, offer: parseCredentialOffer(jsonParse(value, 'credential_offer')) };
}

/** §4.1.1: the Credential Offer object, with the pre-authorized code grant Regie uses. */
export function parseCredentialOffer(doc) {
  if (!isObject(doc)) throw offerError('the offer is a JSON object');
  if (!identifierUrl(doc.credential_issuer)) throw offerError('credential_issuer is an https URL without query or fragment');
  const ids = doc.credential_configuration_ids;
  if (!Array.isArray(ids) || !ids.length || !ids.every((i) => typeof i === 'string') || new Set(ids).size !== ids.length) {
    throw offerError('credential_configuration_ids is a non-empty array of unique strings');
  }
  const grant = isObject(doc.grants) ? doc.grants[PRE_AUTHORIZED_CODE_GRANT] : undefined;
  if (!isObject(grant) || typeof grant['pre-authorized_code'] !== 'string' || !grant['pre-authorized_code']) {
    throw offerError('the offer has no pre-authorized code grant');
  }
  let txCode = null;
  if ('tx_code' in grant && grant.tx_code !== null) {
    const t = grant.tx_code;
    if (!isObject(t)) throw offerError('tx_code is an object');
    const inputMode = t.input_mode ?? 'numeric';
    if (!['numeric', 'text'].includes(inputMode)) throw offerError('tx_code.input_mode is numeric or text');
    if (t.length !== undefined && !(Number.isInteger(t.length) && t.length >= 1)) throw offerError('tx_code.length is a positive integer');
    if (t.description !== undefined && (typeof t.description !== 'string' || t.description.length > 300)) {
      throw offerError('tx_code.description is text of at most 300 characters');
    }
    txCode = { inputMode, length: t.length ?? null, description: t.description ?? null };
  }
  return {
    credentialIssuer: doc.credential_issuer,
    credentialConfigurationIds: ids,
    preAuthorizedCode: grant['pre-authorized_code'],
    txCode,
  };
}

/** §12.2.2 and §12.2.4: fetch the Credential Issuer Metadata; `credential_issuer` must be
 * identical to the identifier it was fetched for ("simple string comparison"). */
export async function fetchIssuerMetadata(issuer, { fetch } = {}) {
  const url = wellKnownUrl(issuer, '/.well-known/openid-credential-issuer');
  if (!url) throw issuerError('the issuer identifier is not an https URL');
  const doc = jsonBody(await request(fetch, url), url);
  if (doc.credential_issuer !== issuer) throw issuerError('credential_issuer is not the identifier the metadata was fetched for');
  if (!secureUrl(doc.credential_endpoint)) throw issuerError('credential_endpoint is an https URL');
  for (const e of ['nonce_endpoint', 'notification_endpoint']) {
    if (doc[e] !== undefined && !secureUrl(doc[e])) throw issuerError(`${e} is an https URL`);
  }
  if (!isObject(doc.credential_configurations_supported)) throw issuerError('credential_configurations_supported is an object');
  return doc;
}

/** §12.2.4 with RFC 8414 §3: the (first) authorization server; without `authorization_servers`
 * the issuer is its own. `issuer` must be identical (RFC 8414 §3.3). Returns `{issuer,
 * tokenEndpoint, attestation}`, `attestation` being `required`, `supported` or `none` (ABCA
 * §10.1: `attest_jwt_client_auth` listed, `none` not; listed with `none`; not listed). */
export async function fetchAuthorizationServer(metadata, { fetch } = {}) {
  const servers = metadata.authorization_servers ?? [metadata.credential_issuer];
  const server = servers[0];
  const url = wellKnownUrl(server, '/.well-known/oauth-authorization-server');
  if (!url) throw issuerError('the authorization server is not an https URL');
  const doc = jsonBody(await request(fetch, url), url);
  if (doc.issuer !== server) throw issuerError('issuer is not the identifier the metadata was fetched for');
  if (!secureUrl(doc.token_endpoint)) throw issuerError('token_endpoint is an https URL');
  const methods = Array.isArray(doc.token_endpoint_auth_methods_supported) ? doc.token_endpoint_auth_methods_supported : [];
  let attestation = 'none';
  if (methods.includes(ATTEST_JWT_CLIENT_AUTH)) attestation = methods.includes('none') ? 'supported' : 'required';
  return { issuer: doc.issuer, tokenEndpoint: doc.token_endpoint, attestation };
}

/** ABCA §5.2: the Client Attestation PoP: header `typ oauth-client-attestation-pop+jwt`, ES256;
 * payload `iss` the client_id (the attestation's `sub`), `aud` the authorization server's
 * issuer identifier, a fresh random `jti`, `iat`, and `challenge` when the server gave one. */
export async function createClientAttestationPop(privateKey, { clientId, audience, issuedAt, jti = null, challenge = null }) {
  const payload = { iss: clientId, aud: audience, jti: jti ?? b64urlEncode(randomBytes(16)), iat: issuedAt };
  if (challenge !== null) payload.challenge = challenge;
  return signJws(payload, privateKey, { typ: ATTESTATION_POP_TYP });
}

/**
 * ABCA §6.1 and §6.3: how the wallet authenticates its token request to `server` (from
 * `fetchAuthorizationServer`): `{headers, clientId}`, both empty when it does not. `attest()`
 * gives `{attestation, privateKey}`: a fresh wallet attestation and the instance key it binds.
 */
export async function clientAuthentication(server, { attest = providerAttestation, now = () => Date.now() / 1000 } = {}) {
  const none = { headers: {}, clientId: undefined };
  if (server.attestation === 'none' || !attest) return none;
  let attested;
  try {
    attested = await attest();
    ensure(attested && typeof attested.attestation === 'string' && attested.privateKey, 'server_error', 'the provider gave no attestation');
  } catch (failure) {
    if (server.attestation === 'required') {
      throw new WalletError('wallet_attestation_unavailable', `no wallet attestation from the provider: ${failure.message}`);
    }
    return none; // the server also serves wallets without one
  }
  const clientId = parseJws(attested.attestation, { what: 'the wallet attestation' }).payload.sub;
  ensure(typeof clientId === 'string' && clientId, 'server_error', 'the wallet attestation has no sub');
  const pop = await createClientAttestationPop(attested.privateKey, { clientId, audience: server.issuer, issuedAt: Math.floor(now()) });
  return { headers: { [ATTESTATION_HEADER]: attested.attestation, [ATTESTATION_POP_HEADER]: pop }, clientId };
}

/** SD-JWT VC §4.1-§4.3: the issuer's keys from `/.well-known/jwt-vc-issuer` (`jwks` by value). */
export async function fetchIssuerKeys(issuer, { fetch } = {}) {
  const url = wellKnownUrl(issuer.replace(/\/$/, ''), '/.well-known/jwt-vc-issuer');
  if (!url) throw issuerError('the issuer identifier is not an https URL');
  const doc = jsonBody(await request(fetch, url), url);
  if (doc.issuer !== issuer) throw issuerError('the JWT VC Issuer Metadata names another issuer (SD-JWT VC §4.3)');
  if (!isObject(doc.jwks) || !Array.isArray(doc.jwks.keys)) throw issuerError('jwks must be a JWK Set held by value');
  return doc.jwks.keys.filter((k) => isObject(k) && k.kty === 'EC' && k.crv === 'P-256');
}

/** The trust list entry for `issuer` (exact string match), or null. */
export function trustedIssuer(trustList, issuer) {
  return (trustList ?? []).find((entry) => entry.issuer === issuer) ?? null;
}

/** Pick a display entry by locale: exact, then same language, then the first (RFC 5646). */
export function pickDisplay(displays, locale) {
  if (!Array.isArray(displays) || !displays.length) return null;
  const lower = (l) => String(l ?? '').toLowerCase();
  return displays.find((d) => lower(d.locale) === lower(locale))
    ?? displays.find((d) => lower(d.locale).split('-')[0] === lower(locale).split('-')[0])
    ?? displays[0];
}

/** Names per language (`{nl, en}`) from a display array, `field` being `name` or `label`. */
export function namesByLocale(displays, fallback, field = 'name') {
  const out = {};
  for (const locale of ['nl', 'en']) out[locale] = pickDisplay(displays, locale)?.[field] ?? fallback;
  return out;
}

/** §12.2.4 (Appendix A.3.2 `credential_metadata`): how a configuration is shown, nl and en. */
export function configurationDisplay(configuration, id) {
  const meta = configuration?.credential_metadata ?? {};
  return {
    name: namesByLocale(meta.display ?? configuration?.display, id),
    claims: (meta.claims ?? []).map((c) => ({ path: c.path, label: namesByLocale(c.display, String(c.path?.at(-1) ?? '?')) })),
  };
}

/** SD-JWT VC §5: a Type Metadata document (display names per locale, claim labels); null on failure. */
export async function fetchTypeMetadata(uri, { fetch } = {}) {
  if (!secureUrl(uri)) return null;
  try {
    const doc = jsonBody(await request(fetch, uri), uri);
    return {
      vct: doc.vct,
      name: namesByLocale(doc.display, doc.name ?? doc.vct),
      claims: (doc.claims ?? []).map((c) => ({ path: c.path, label: namesByLocale(c.display, String(c.path?.at(-1) ?? '?'), 'label') })),
    };
  } catch {
    return null;
  }
}

/**
 * Step 1: read the link, fetch the offer and the metadata, check trust. The result is what the
 * consent screen shows; pass it to `completeIssuance`. `status` is `ready` or
 * `untrusted_issuer` (show the warning; never issue silently).
 */
export async function prepareIssuance(link, { fetch, trustList } = {}) {
  const parsed = parseCredentialOfferLink(link);
  const offer = parsed.offer ?? parseCredentialOffer(jsonBody(await request(fetch, parsed.offerUri), parsed.offerUri));
  const metadata = await fetchIssuerMetadata(offer.credentialIssuer, { fetch });
  const credentials = offer.credentialConfigurationIds.map((id) => {
    const configuration = metadata.credential_configurations_supported[id];
    if (!isObject(configuration)) throw issuerError(`the issuer does not describe configuration ${id}`);
    if (configuration.format !== 'dc+sd-jwt') throw new WalletError('format_unsupported', `configuration ${id} is ${configuration.format}`);
    return { configurationId: id, vct: configuration.vct ?? null, display: configurationDisplay(configuration, id) };
  });
  const trust = trustedIssuer(trustList, offer.credentialIssuer);
  return {
    status: trust ? 'ready' : 'untrusted_issuer',
    trusted: Boolean(trust),
    issuer: offer.credentialIssuer,
    issuerName: namesByLocale(metadata.display, offer.credentialIssuer),
    txCode: offer.txCode,
    credentials,
    offer,
    metadata,
    trust,
  };
}

/** §6.1: the transaction code as the offer describes it (`input_mode`, `length`). */
export function checkTxCode(description, txCode) {
  if (!description) return undefined;
  ensure(typeof txCode === 'string' && txCode.length > 0, 'tx_code_required', 'the offer needs a transaction code');
  if (description.inputMode === 'numeric') ensure(/^[0-9]+$/.test(txCode), 'tx_code_invalid', 'the code is digits only');
  if (description.length) ensure(txCode.length === description.length, 'tx_code_invalid', `the code has ${description.length} characters`);
  return txCode;
}

/** Appendix F.1: a key proof: header `typ openid4vci-proof+jwt`, ES256, `jwk` the bare public
 * key; payload `aud` (the issuer), `iat`, and `nonce` when the issuer gave one. */
export async function createProofJwt(keyPair, { audience, nonce, issuedAt }) {
  const payload = { aud: audience, iat: issuedAt };
  if (nonce != null) payload.nonce = nonce;
  return signJws(payload, keyPair.privateKey, { typ: PROOF_TYP, headers: { jwk: await publicJwk(keyPair) } });
}

/** A key resolver over the trusted issuer's keys (SD-JWT VC §2.5): `iss` must be this issuer;
 * `x5c` is followed only to the trust list's anchors, with the issuer as SAN URI or DNS name. */
function issuerKeyResolver(issuer, jwks, anchors, now) {
  return async (header, payload) => {
    ensure(payload.iss === issuer, 'credential_invalid', 'the credential names another issuer');
    if (header.x5c && anchors?.length) {
      const { leaf, key } = await verifyX5cChain(header.x5c, anchors, { now });
      const host = new URL(issuer).hostname;
      ensure(leaf.uris.includes(issuer) || leaf.dnsNames.includes(host), 'credential_invalid', 'the signing certificate does not name this issuer');
      return key;
    }
    const candidates = jwks.filter((k) => header.kid === undefined || k.kid === header.kid);
    ensure(candidates.length === 1, 'credential_invalid', `no single key of the issuer matches kid ${header.kid}`);
    return importPublicJwk(candidates[0]);
  };
}

async function postJson(fetch, url, body, accessToken) {
  return jsonBody(await request(fetch, url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
    body: JSON.stringify(body),
  }), url);
}

/**
 * Step 2: redeem the code, and per offered configuration fetch a nonce and request `copies`
 * credentials (at most the issuer's `batch_size`, §12.2.4), one fresh device key per copy.
 * Each credential is verified and bound to its key before it is returned:
 * `[{configurationId, vct, display, typeMetadata, notificationId, copies: [{compact, keyPair, credential}]}]`.
 * `now()` gives seconds. Throws WalletError; nothing is returned unless all verified.
 */
export async function completeIssuance(session, { txCode, copies, fetch, now = () => Date.now() / 1000, generateKey = generateSigningKey, allowUntrusted = false, attest = providerAttestation } = {}) {
  ensure(session.trusted || allowUntrusted === true, 'untrusted_issuer', `issuer ${session.issuer} is not on the trust list`);
  const { offer, metadata } = session;
  const code = checkTxCode(offer.txCode, txCode);
  const server = await fetchAuthorizationServer(metadata, { fetch });
  const { tokenEndpoint } = server;
  const client = await clientAuthentication(server, { attest, now });
  const token = jsonBody(await request(fetch, tokenEndpoint, {
    method: 'POST',
    headers: { ...FORM, ...client.headers },
    body: formBody({
      grant_type: PRE_AUTHORIZED_CODE_GRANT, 'pre-authorized_code': offer.preAuthorizedCode, tx_code: code, client_id: client.clientId,
    }),
  }), tokenEndpoint);
  ensure(typeof token.access_token === 'string' && token.access_token, 'server_error', 'the token response has no access_token');
  ensure(String(token.token_type).toLowerCase() === 'bearer', 'server_error', 'only Bearer access tokens are supported');
  const jwks = await fetchIssuerKeys(session.issuer, { fetch });
  const batch = metadata.batch_credential_issuance?.batch_size ?? 1;
  const count = Math.max(1, Math.min(copies ?? batch, batch));
  const received = [];
  for (const item of session.credentials) {
    const nonce = metadata.nonce_endpoint
      ? jsonBody(await request(fetch, metadata.nonce_endpoint, { method: 'POST' }), metadata.nonce_endpoint).c_nonce
      : null;
    ensure(nonce === null || typeof nonce === 'string', 'server_error', 'c_nonce is a string');
    const keys = [];
    for (let i = 0; i < count; i += 1) keys.push(await generateKey());
    const issuedAt = Math.floor(now());
    const proofs = await Promise.all(keys.map((k) => createProofJwt(k, { audience: session.issuer, nonce, issuedAt })));
    const body = await postJson(fetch, metadata.credential_endpoint, {
      credential_configuration_id: item.configurationId,
      proofs: { jwt: proofs },
    }, token.access_token);
    ensure(Array.isArray(body.credentials) && body.credentials.length === keys.length, 'server_error',
      'the issuer returned another number of credentials than proofs (§8.3)');
    const resolver = issuerKeyResolver(session.issuer, jwks, session.trust?.trustAnchors, now());
    const held = [];
    for (const [i, entry] of body.credentials.entries()) {
      ensure(isObject(entry) && typeof entry.credential === 'string', 'server_error', 'a dc+sd-jwt credential is a string');
      const credential = await verifyCredential(entry.credential, { issuerKey: resolver, now: now() });
      ensure(item.vct === null || credential.vct === item.vct, 'credential_invalid', 'the credential is of another type than offered');
      ensure(await jwkThumbprint(credential.holderJwk) === await jwkThumbprint(await publicJwk(keys[i])),
        'credential_invalid', 'the credential is bound to another key than this copy was requested with');
      held.push({ compact: entry.credential, keyPair: keys[i], credential });
    }
    const configuration = metadata.credential_configurations_supported[item.configurationId];
    received.push({
      configurationId: item.configurationId,
      vct: held[0].credential.vct,
      issuer: session.issuer,
      display: item.display,
      typeMetadata: configuration.type_metadata_uri ? await fetchTypeMetadata(configuration.type_metadata_uri, { fetch }) : null,
      notificationId: typeof body.notification_id === 'string' ? body.notification_id : null,
      copies: held,
    });
  }
  // for notifyAccepted (§11): the access token, not a stored field (storeIssued ignores it)
  Object.defineProperty(received, 'accessToken', { value: token.access_token });
  return received;
}

/**
 * §11.1: tell the issuer the wallet accepted what `completeIssuance` returned
 * (`credential_accepted` per notification id), with the extension parameter `mailbox_uri`
 * when given (where the issuer's re-issue prompts reach the wallet; "The Credential Issuer
 * MUST ignore any unrecognized parameters", docs/wallet-provider.md). Nothing without a
 * notification endpoint. Returns how many notifications were sent; a failure carries as
 * `sent` how many went through before it, and the issuer's HTTP `status` when it answered.
 */
export async function notifyAccepted(session, received, { fetch, mailboxUri = null } = {}) {
  const endpoint = session.metadata.notification_endpoint;
  if (!endpoint || !received.accessToken) return 0;
  let sent = 0;
  for (const item of received.filter((r) => r.notificationId)) {
    const body = { notification_id: item.notificationId, event: 'credential_accepted' };
    if (mailboxUri !== null) body.mailbox_uri = mailboxUri;
    try {
      const answer = await request(fetch, endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${received.accessToken}` },
        body: JSON.stringify(body),
      });
      ensure(answer.ok, 'server_error', `${endpoint}: HTTP ${answer.status}`, { status: answer.status });
    } catch (failure) {
      failure.sent = sent; // how many the issuer took before this one (offer.js: its mailbox URL)
      throw failure;
    }
    sent += 1;
  }
  return sent;
}
