/**
 * The wallet's side of its provider (wallet_api, same origin; docs/wallet-provider.md): the
 * wallet instance registration, wallet attestations for issuers, pairwise mailboxes per case, fetching and decrypting their
 * messages, read receipts, web push settings and the encrypted backup. No DOM.
 *
 * Every call under `/api/wallet-instances/{id}/...` carries `Wallet-Instance-Proof`: a
 * `wallet-instance-proof+jwt` (ES256, payload `{nonce, aud, iat}`) over a fresh challenge from
 * `POST /api/wallet-instances/challenges`, signed with the instance key; registration signs one
 * with the key being registered (wallet_api/instances.py). The instance key and each mailbox's
 * ECDH-ES P-256 key are generated here, non-extractable, and kept in the store as CryptoKeys.
 * Messages are JWE (RFC 7516, ECDH-ES + AES-GCM) that the sender encrypted to the mailbox key;
 * the provider never sees their text.
 */

import { WalletError, ensure } from './errors.js';
import { request, jsonBody } from './http.js';
import { decryptJwe, generateSigningKey, jwkThumbprint, publicJwk, signJws } from './jose.js';
import {
  forgetMailbox, inbox, mailboxes, providerInstance, saveMailbox, saveMessages, saveProviderInstance, walletSettings,
} from './store.js';

export const PROOF_TYP = 'wallet-instance-proof+jwt';
const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** The provider's public URL: the wallet app is served by it (same origin). */
export function providerUrl(scope = globalThis) {
  return scope.location.origin;
}

async function call(path, init = {}, { fetch, base = providerUrl() } = {}) {
  const url = `${base}${path}`;
  return { url, answer: await request(fetch, url, init) };
}

async function callJson(path, init, options) {
  const { url, answer } = await call(path, init, options);
  return jsonBody(answer, url);
}

/** A proof over a fresh challenge, signed with `privateKey` (instances.py `_checked_nonce`). */
export async function instanceProof(privateKey, { fetch, base = providerUrl(), now = () => Date.now() / 1000 } = {}) {
  const { nonce } = await callJson('/api/wallet-instances/challenges', { method: 'POST' }, { fetch, base });
  return signJws({ nonce, aud: base, iat: Math.floor(now()) }, privateKey, { typ: PROOF_TYP });
}

let registering = null;

/**
 * Register this wallet at its provider once: a fresh non-extractable P-256 key, its public
 * JWK and a proof over a challenge. Kept in the store; returns `{instanceId, keyPair}`.
 * Already registered: the stored instance.
 */
export async function ensureRegistered({ fetch, base = providerUrl() } = {}) {
  const known = await providerInstance();
  if (known) return known;
  // one registration at a time in this page (the background sync and a screen may both ask)
  registering ??= register({ fetch, base }).finally(() => { registering = null; });
  return registering;
}

async function register({ fetch, base }) {
  const keyPair = await generateSigningKey();
  const proof = await instanceProof(keyPair.privateKey, { fetch, base });
  const body = await callJson('/api/wallet-instances/', {
    method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ public_key: await publicJwk(keyPair), proof }),
  }, { fetch, base });
  if (typeof body.id !== 'string') throw new WalletError('server_error', 'the registration has no id');
  const instance = { instanceId: body.id, keyPair };
  await saveProviderInstance(instance);
  return instance;
}

/** A call as the registered instance: `{url, answer}` (the answer not yet checked). */
async function asInstance(path, init = {}, { fetch, base = providerUrl() } = {}) {
  const instance = await ensureRegistered({ fetch, base });
  const proof = await instanceProof(instance.keyPair.privateKey, { fetch, base });
  const headers = { ...(init.headers ?? {}), 'Wallet-Instance-Proof': proof };
  return call(`/api/wallet-instances/${encodeURIComponent(instance.instanceId)}${path}`, { ...init, headers }, { fetch, base });
}

async function asInstanceJson(path, init, options) {
  const { url, answer } = await asInstance(path, init, options);
  return jsonBody(answer, url);
}

/**
 * OpenID4VCI 1.0 Appendix E: a fresh wallet attestation for this instance
 * (`POST .../attestation`, wallet_api/account_api.py), for the token request of an issuance
 * (oid4vci.js `clientAuthentication`). Returns `{attestation, privateKey}`: the Client
 * Attestation JWT and the non-extractable instance key its `cnf.jwk` names, which signs the PoP.
 */
export async function walletAttestation(options = {}) {
  const { url, answer } = await asInstance('/attestation', { method: 'POST' }, options);
  const body = jsonBody(answer, url);
  if (typeof body.attestation !== 'string') throw new WalletError('server_error', 'the provider answered without an attestation');
  const { keyPair } = await ensureRegistered(options);
  return { attestation: body.attestation, privateKey: keyPair.privateKey };
}

/**
 * A fresh pairwise mailbox for one case (docs/wallet-provider.md §Mailboxes 1): a new
 * non-extractable ECDH-ES P-256 key whose public JWK (with its thumbprint as `kid`) the
 * provider keeps, and `sender` (the relying party's client id, best `x509_hash:`, or the
 * issuer's identifier). Returns `{id, url}`; the key stays in the store.
 */
export async function createMailbox({ sender = null, name = null } = {}, options = {}) {
  const keyPair = await globalThis.crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const jwk = await publicJwk(keyPair);
  const encryptionKey = { ...jwk, kid: await jwkThumbprint(jwk), use: 'enc', alg: 'ECDH-ES' };
  const body = await asInstanceJson('/mailboxes', {
    method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(sender ? { encryption_key: encryptionKey, sender } : { encryption_key: encryptionKey }),
  }, options);
  if (typeof body.id !== 'string' || typeof body.url !== 'string') throw new WalletError('server_error', 'the mailbox answer lacks id or url');
  await saveMailbox({ id: body.id, keyPair, url: body.url, sender: body.sender ?? sender, name, createdAt: new Date().toISOString() });
  return { id: body.id, url: body.url };
}

/**
 * Delete mailbox `id` at the provider (docs/wallet-provider.md §Mailboxes 7) and forget its key
 * here: the case it was made for did not go through, so no sender has its URL. The provider
 * keeps a mailbox that holds a message (409 `mailbox_in_use`): then this throws and the key
 * stays, as on any other failure; 404 (already gone) counts as deleted.
 */
export async function deleteMailbox(id, options = {}) {
  const { url, answer } = await asInstance(`/mailboxes/${encodeURIComponent(id)}`, { method: 'DELETE' }, options);
  if (!answer.ok && answer.status !== 404) throw new WalletError('server_error', `DELETE ${url}: HTTP ${answer.status}`, { status: answer.status });
  await forgetMailbox(id);
}

/**
 * Best effort: delete `mailbox` (`{id}` from `createMailbox`, or null when none was made)
 * after its case failed. Never throws: a failure is logged and the screen goes on as it was.
 * Resolves with whether it was deleted.
 */
export async function discardMailbox(mailbox, options = {}) {
  if (!mailbox) return false;
  try {
    await deleteMailbox(mailbox.id, options);
    return true;
  } catch (failure) {
    console.error(failure);
    return false;
  }
}

const IMPORTANCE = new Set(['low', 'normal', 'high']);

/** One fetched message opened with its mailbox's key; null when it cannot be read (kept out). */
async function openMessage(raw, keys) {
  const keyPair = keys.get(raw.mailbox);
  if (!keyPair || typeof raw.content !== 'string') return null;
  try {
    const { plaintext } = await decryptJwe(raw.content, keyPair.privateKey);
    const content = JSON.parse(new TextDecoder().decode(plaintext));
    if (content === null || typeof content !== 'object' || Array.isArray(content)) return null;
    return {
      id: raw.id,
      mailbox: raw.mailbox,
      sender: raw.sender ?? null,
      kind: typeof raw.kind === 'string' ? raw.kind : 'status',
      importance: IMPORTANCE.has(raw.importance) ? raw.importance : 'normal',
      content,
      receivedAt: raw.received_at,
      readAt: raw.read_at ?? null,
      receiptSent: Boolean(raw.read_at),
    };
  } catch (failure) {
    console.error(failure); // a message the wallet cannot decrypt is not shown
    return null;
  }
}

/**
 * Fetch the messages received since the newest one kept (the provider marks them delivered),
 * decrypt them and keep the new ones. Returns the new messages.
 */
export async function syncMessages(options = {}) {
  const kept = await inbox();
  const known = new Set(kept.map((m) => m.id));
  const since = kept.reduce((latest, m) => (m.receivedAt > latest ? m.receivedAt : latest), '');
  const query = since ? `?since=${encodeURIComponent(since)}` : '';
  const body = await asInstanceJson(`/messages${query}`, {}, options);
  const raws = Array.isArray(body.messages) ? body.messages.filter((m) => m && typeof m.id === 'string' && !known.has(m.id)) : [];
  if (!raws.length) return [];
  const keys = new Map((await mailboxes()).map((box) => [box.id, box.keyPair]));
  const opened = (await Promise.all(raws.map((raw) => openMessage(raw, keys)))).filter(Boolean);
  if (opened.length) await saveMessages(opened);
  return opened;
}

/** Read receipts for messages `ids` (the sender sees "gelezen"); how many the provider marked. */
export async function sendReadReceipts(ids, options = {}) {
  if (!ids.length) return 0;
  const body = await asInstanceJson('/messages/read', {
    method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ ids }),
  }, options);
  return Number(body.read ?? 0);
}

/** The resident opened `message`: mark it read here and tell the sender; a receipt that
 * could not be sent now is sent by the next `sendPendingReceipts`. */
export async function markMessageRead(message, options = {}) {
  const readAt = message.readAt ?? new Date().toISOString();
  let receiptSent = message.receiptSent;
  if (!receiptSent) {
    try {
      await sendReadReceipts([message.id], options);
      receiptSent = true;
    } catch (failure) {
      console.error(failure); // offline: sent later
    }
  }
  const updated = { ...message, readAt, receiptSent };
  await saveMessages([updated]);
  return updated;
}

/** Receipts of messages read while the provider could not be reached. */
export async function sendPendingReceipts(options = {}) {
  const pending = (await inbox()).filter((m) => m.readAt && !m.receiptSent);
  if (!pending.length) return;
  await sendReadReceipts(pending.map((m) => m.id), options);
  await saveMessages(pending.map((m) => ({ ...m, receiptSent: true })));
}

/**
 * The resident deletes the wallet: the instance at the provider is deleted too (its key
 * forgotten, its mailboxes closed to senders). Best effort: never registered, offline or
 * already gone is no reason to keep the wallet; returns whether the provider confirmed.
 */
export async function deleteInstance(options = {}) {
  try {
    if (!(await providerInstance())) return false;
    const { answer } = await asInstance('', { method: 'DELETE' }, options);
    return answer.ok;
  } catch (failure) {
    console.error(failure);
    return false;
  }
}

// --- web push -----------------------------------------------------------------------------------

function applicationServerKey(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

/**
 * Subscribe this browser to push (the Push API with the provider's VAPID key) and tell the
 * provider which senders may nudge: `senders` `{client id: bool}`. The caller asks the
 * notification permission first, only when the resident turns push on. `signal`: once it is
 * aborted (the caller gave up waiting), a subscription the browser answers with late is not
 * sent to the provider, so the provider's senders stay what the wallet shows.
 */
export async function subscribePush(senders, { registration, fetch, base = providerUrl(), signal = null } = {}) {
  const { application_server_key: key } = await callJson('/api/push/vapid-public-key', {}, { fetch, base });
  const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: applicationServerKey(key) });
  ensure(!signal?.aborted, 'network_error', 'the push service answered after the wallet gave up');
  return asInstanceJson('/push', {
    method: 'PUT', headers: JSON_HEADERS,
    body: JSON.stringify({ subscription: subscription.toJSON(), allow_by_default: false, senders }),
  }, { fetch, base });
}

/** No pushes any more (the subscription at the provider is dropped). */
export async function unsubscribePush(options = {}) {
  const { url, answer } = await asInstance('/push', { method: 'DELETE' }, options);
  if (!answer.ok) throw new WalletError('server_error', `${url}: HTTP ${answer.status}`);
}

/** Which senders the resident allows to push: `{client id: bool}` from the settings. */
export async function pushSenders() {
  return (await walletSettings()).pushSenders ?? {};
}

// --- backup -------------------------------------------------------------------------------------

/**
 * Upload the backup ciphertext (backup.js) with its `Backup-Key`; `version` the one this
 * wallet wrote last (`If-Match`), none the first time (`If-None-Match: *`). Returns
 * `{version, size}`.
 */
export async function uploadBackup(ciphertext, backupKey, version = null, options = {}) {
  const headers = {
    'Content-Type': 'application/octet-stream',
    'Backup-Key': backupKey,
    ...(version === null ? { 'If-None-Match': '*' } : { 'If-Match': `"${version}"` }),
  };
  return asInstanceJson('/backup', { method: 'PUT', headers, body: ciphertext }, options);
}

/** The newest backup for `backupKey` (found by it alone: a new phone restoring, with a new
 * instance): `{ciphertext (bytes), version}`. */
export async function downloadBackup(backupKey, { fetch, base = providerUrl() } = {}) {
  const instance = await ensureRegistered({ fetch, base });
  const proof = await instanceProof(instance.keyPair.privateKey, { fetch, base });
  const url = `${base}/api/wallet-instances/${encodeURIComponent(instance.instanceId)}/backup`;
  let response;
  try {
    response = await (fetch ?? globalThis.fetch)(url, {
      headers: { 'Backup-Key': backupKey, 'Wallet-Instance-Proof': proof }, credentials: 'omit', redirect: 'error',
    });
  } catch (failure) {
    throw new WalletError('network_error', `GET ${url}: ${failure.message}`);
  }
  if (response.status === 404) throw new WalletError('backup_not_found', 'no backup for this recovery phrase');
  if (!response.ok) throw new WalletError('server_error', `${url}: HTTP ${response.status}`, { status: response.status });
  const version = Number((response.headers.get('ETag') ?? '').replace(/"/g, '')) || null;
  return { ciphertext: new Uint8Array(await response.arrayBuffer()), version };
}
