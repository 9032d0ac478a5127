/**
 * The wallet's vault: the keys that seal the stored records, the PIN and passkey unlock, the
 * lockout after wrong PINs. No DOM and no IndexedDB (store.js keeps the vault record and the
 * attempt counter); runs unchanged in the browser and in Node 20 (WebCrypto).
 *
 * Key hierarchy:
 *
 * - a random 256-bit data key (DEK) seals every record (AES-GCM, a fresh 96-bit IV per
 *   record, the record's store and id as additional data, so a sealed value cannot be moved
 *   to another record; NIST SP 800-38D §8.2.2 random IVs);
 * - the DEK is stored only wrapped (AES-GCM): by a key derived from the PIN with PBKDF2-SHA-256,
 *   600 000 iterations and a random 128-bit salt (the OWASP Password Storage Cheat Sheet's
 *   2023 figure for PBKDF2-HMAC-SHA256; NIST SP 800-132 asks at least 1 000 and "as large as
 *   feasible"), and optionally by a key derived with HKDF-SHA-256 (RFC 5869) from a passkey's
 *   WebAuthn PRF output (WebAuthn Level 3 §10.1.4, the `prf` extension);
 * - the unwrapped DEK lives only in memory as a non-extractable CryptoKey (`unlock()`):
 *   reloading the app locks it again.
 *
 * Whether a PIN is right is decided by unwrapping the DEK (AES-GCM's tag fails on a wrong
 * key), never by a stored PIN hash. A 5-6 digit PIN is weak against a copied profile on its
 * own; the PBKDF2 cost makes each guess slow, and on the device the attempt counter wipes the
 * wallet after {@link MAX_ATTEMPTS} wrong PINs.
 */

import { WalletError } from './errors.js';

export const PBKDF2_ITERATIONS = 600_000;
export const PIN_PATTERN = /^[0-9]{5,6}$/;
/** Wrong PINs allowed without waiting; after that a growing wait; the last one wipes. */
export const FREE_ATTEMPTS = 3;
export const MAX_ATTEMPTS = 10;
/** The wait (seconds) after the 3rd, 4th, ... 9th wrong PIN in a row. */
export const WAITS = [30, 60, 120, 300, 900, 1800, 3600];

const VERSION = 1;
const WRAP_AAD = 'regie-wallet data key v1';
const HKDF_INFO = 'regie-wallet passkey key v1';
const encoder = new TextEncoder();

function subtle() {
  return globalThis.crypto.subtle;
}

function random(length) {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

function bytes(value) {
  return value instanceof Uint8Array ? value : new Uint8Array(value);
}

// --- PIN ----------------------------------------------------------------------------------------

/** Whether `pin` is a PIN the wallet accepts: 5 or 6 digits. */
export function validPin(pin) {
  return PIN_PATTERN.test(String(pin ?? ''));
}

/**
 * Whether `pin` is among the first a thief would try: one digit repeated (11111) or a run up
 * or down (12345, 987654). Refused when a PIN is chosen, as NIST SP 800-63B §5.1.1.2 asks for
 * "repetitive or sequential characters".
 */
export function weakPin(pin) {
  const digits = [...String(pin)].map(Number);
  const steps = new Set(digits.slice(1).map((digit, i) => digit - digits[i]));
  return steps.size === 1 && [0, 1, -1].includes([...steps][0]);
}

function ensureNewPin(pin) {
  if (!validPin(pin)) throw new WalletError('pin_invalid', 'a PIN is 5 or 6 digits');
  if (weakPin(pin)) throw new WalletError('pin_weak', 'a repeated digit or a run');
}

async function pinKey(pin, kdf) {
  const material = await subtle().importKey('raw', encoder.encode(pin), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: bytes(kdf.salt), iterations: kdf.iterations },
    material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt', 'unwrapKey'],
  );
}

async function prfKey(prfOutput, salt) {
  const material = await subtle().importKey('raw', bytes(prfOutput), 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: bytes(salt), info: encoder.encode(HKDF_INFO) },
    material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt', 'unwrapKey'],
  );
}

async function wrap(raw, kek) {
  const iv = random(12);
  const data = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(WRAP_AAD) }, kek, raw);
  return { iv, data: new Uint8Array(data) };
}

/** The DEK as a non-extractable CryptoKey; throws `code` when `kek` is not the key it was wrapped with. */
async function unwrap(wrapped, kek, code) {
  try {
    return await subtle().unwrapKey(
      'raw', bytes(wrapped.data), kek, { name: 'AES-GCM', iv: bytes(wrapped.iv), additionalData: encoder.encode(WRAP_AAD) },
      { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'],
    );
  } catch (failure) {
    throw new WalletError(code, `the data key did not unwrap: ${failure?.name ?? failure}`);
  }
}

/** The DEK's raw bytes, only while adding a second way to unlock (then dropped). */
async function rawDek(record, pin) {
  try {
    const kek = await pinKey(pin, record.pin.kdf);
    const wrapped = record.pin.wrapped;
    return new Uint8Array(await subtle().decrypt(
      { name: 'AES-GCM', iv: bytes(wrapped.iv), additionalData: encoder.encode(WRAP_AAD) }, kek, bytes(wrapped.data)));
  } catch (failure) {
    throw new WalletError('pin_wrong', `the data key did not unwrap: ${failure?.name ?? failure}`);
  }
}

/**
 * A new vault for `pin`: `{record, dek}`. `record` is what store.js keeps (salt, iterations,
 * the wrapped DEK; nothing secret in the clear); `dek` is the non-extractable data key.
 */
export async function createVault(pin, { iterations = PBKDF2_ITERATIONS } = {}) {
  ensureNewPin(pin);
  const raw = random(32);
  try {
    const kdf = { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: random(16) };
    const record = { version: VERSION, pin: { kdf, wrapped: await wrap(raw, await pinKey(pin, kdf)) }, passkey: null };
    const dek = await subtle().importKey('raw', raw, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    return { record, dek };
  } finally {
    raw.fill(0);
  }
}

/** The DEK for `pin`, or WalletError `pin_wrong` (the AES-GCM tag did not check). */
export async function openWithPin(record, pin) {
  if (!validPin(pin)) throw new WalletError('pin_wrong', 'not 5 or 6 digits');
  return unwrap(record.pin.wrapped, await pinKey(pin, record.pin.kdf), 'pin_wrong');
}

/**
 * `record` with the DEK also wrapped by the passkey's PRF output (`prfOutput`, the
 * `results.first` of the `prf` extension for input `passkey.prfSalt`); `pin` unwraps the DEK
 * to wrap it again. `passkey`: `{credentialId, prfSalt}` (bytes).
 */
export async function addPasskey(record, pin, prfOutput, passkey) {
  const raw = await rawDek(record, pin);
  try {
    const hkdfSalt = random(32);
    const wrapped = await wrap(raw, await prfKey(prfOutput, hkdfSalt));
    return { ...record, passkey: { credentialId: bytes(passkey.credentialId), prfSalt: bytes(passkey.prfSalt), hkdfSalt, wrapped } };
  } finally {
    raw.fill(0);
  }
}

/**
 * `record` with the DEK wrapped by `newPin` instead of `pin` (fresh salt; the passkey wrap,
 * the DEK and so every sealed record stay as they are). WalletError `pin_wrong`, `pin_invalid`.
 */
export async function changePin(record, pin, newPin, { iterations = PBKDF2_ITERATIONS } = {}) {
  ensureNewPin(newPin);
  const raw = await rawDek(record, pin);
  try {
    const kdf = { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: random(16) };
    return { ...record, pin: { kdf, wrapped: await wrap(raw, await pinKey(newPin, kdf)) } };
  } finally {
    raw.fill(0);
  }
}

/** The DEK from the passkey's PRF output, or WalletError `passkey_failed`. */
export async function openWithPasskey(record, prfOutput) {
  if (!record.passkey) throw new WalletError('passkey_failed', 'no passkey in this vault');
  return unwrap(record.passkey.wrapped, await prfKey(prfOutput, record.passkey.hkdfSalt), 'passkey_failed');
}

// --- sealing records ------------------------------------------------------------------------------

function aad(label) {
  return encoder.encode(`regie-wallet record v1 ${label}`);
}

/** `value` (JSON) sealed with `dek`: `{iv, data}`; `label` (store and id) is bound as additional data. */
export async function seal(dek, label, value) {
  const iv = random(12);
  const data = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: aad(label) }, dek, encoder.encode(JSON.stringify(value)));
  return { iv, data: new Uint8Array(data) };
}

/** The value sealed under `label`; WalletError `record_damaged` when it was changed or moved. */
export async function unseal(dek, label, sealed) {
  let plain;
  try {
    plain = await subtle().decrypt({ name: 'AES-GCM', iv: bytes(sealed.iv), additionalData: aad(label) }, dek, bytes(sealed.data));
  } catch (failure) {
    throw new WalletError('record_damaged', `record ${label} did not unseal: ${failure?.name ?? failure}`);
  }
  return JSON.parse(new TextDecoder().decode(plain));
}

// --- lockout ----------------------------------------------------------------------------------

/** The attempt counter before any wrong PIN. Not secret: store.js keeps it in the clear. */
export const NO_FAILURES = Object.freeze({ failures: 0, lockedUntil: 0 });

/** The wait (ms) after `failures` wrong PINs in a row: none for the first {@link FREE_ATTEMPTS}. */
export function waitAfter(failures) {
  if (failures < FREE_ATTEMPTS) return 0;
  return WAITS[Math.min(failures - FREE_ATTEMPTS, WAITS.length - 1)] * 1000;
}

/**
 * The counter after one more attempt that has not been checked yet, as written before the
 * PIN is tried: stopping the app during the check still counts it.
 */
export function countAttempt(attempts, now) {
  const failures = (attempts?.failures ?? 0) + 1;
  return { failures, lockedUntil: failures >= MAX_ATTEMPTS ? 0 : now + waitAfter(failures) };
}

/**
 * Where the counter stands at `now`: ms to wait before the next try, tries left before the
 * wipe. The wait is never longer than its step (a clock set back does not lock for a year); a
 * clock set forward shortens it, which is why the wipe, not the wait, bounds the guesses.
 */
export function lockout(attempts, now) {
  const failures = attempts?.failures ?? 0;
  return {
    failures,
    waitMs: Math.min(waitAfter(failures), Math.max(0, (attempts?.lockedUntil ?? 0) - now)),
    left: Math.max(0, MAX_ATTEMPTS - failures),
    wipe: failures >= MAX_ATTEMPTS,
  };
}

// --- the unlocked session ---------------------------------------------------------------------

let dataKey = null;

/** Keep `dek` (a non-extractable CryptoKey) in memory: the wallet is open. */
export function unlock(dek) {
  dataKey = dek;
}

/** Forget the DEK: the wallet is locked until the PIN or passkey opens it again. */
export function lock() {
  dataKey = null;
}

export function isUnlocked() {
  return dataKey !== null;
}

/** The DEK, or WalletError `wallet_locked`. */
export function currentKey() {
  if (!dataKey) throw new WalletError('wallet_locked', 'the wallet is locked');
  return dataKey;
}

// --- passkey (WebAuthn with the PRF extension) --------------------------------------------

const IP_ADDRESS = /^(\d+\.){3}\d+$|^\[?[0-9a-f:]+\]?$/i;

/**
 * Whether to offer the passkey: a platform authenticator that verifies the user
 * (`isUserVerifyingPlatformAuthenticatorAvailable`), the `prf` extension where the browser
 * says (`getClientCapabilities`), and a host name that can be an RP ID (WebAuthn Level 3
 * §5.1.3: a domain, never an IP address). Whether the passkey really gives PRF output is
 * only known once it is made (`createPasskey`).
 */
export async function passkeyAvailable(scope = globalThis) {
  try {
    const credential = scope.PublicKeyCredential;
    if (!credential || !scope.navigator?.credentials || IP_ADDRESS.test(scope.location?.hostname ?? '')) return false;
    if (!(await credential.isUserVerifyingPlatformAuthenticatorAvailable())) return false;
    if (typeof credential.getClientCapabilities === 'function') {
      const capabilities = await credential.getClientCapabilities();
      if (capabilities['extension:prf'] === false) return false;
    }
    return true;
  } catch {
    return false;
  }
}

async function prfAssertion(credentials, credentialId, prfSalt) {
  const assertion = await credentials.get({
    publicKey: {
      challenge: random(32),
      allowCredentials: [{ type: 'public-key', id: bytes(credentialId) }],
      userVerification: 'required',
      extensions: { prf: { eval: { first: bytes(prfSalt) } } },
    },
  });
  const first = assertion?.getClientExtensionResults?.().prf?.results?.first;
  if (!first) throw new WalletError('passkey_unsupported', 'the passkey gave no PRF output');
  return new Uint8Array(first);
}

/**
 * Make a passkey on this device for the wallet and get its PRF output: `{credentialId,
 * prfSalt, prfOutput}`. WalletError `passkey_unsupported` when the authenticator has no PRF,
 * `passkey_failed` when the resident cancelled or it failed. The challenge is random and
 * checked by nobody: the passkey only derives a key here, it logs in nowhere.
 */
export async function createPasskey({ credentials = globalThis.navigator?.credentials, appName = 'Regie wallet' } = {}) {
  const prfSalt = random(32);
  let created;
  try {
    created = await credentials.create({
      publicKey: {
        rp: { name: appName },
        user: { id: random(16), name: appName, displayName: appName },
        challenge: random(32),
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }],
        authenticatorSelection: { authenticatorAttachment: 'platform', residentKey: 'preferred', userVerification: 'required' },
        extensions: { prf: { eval: { first: prfSalt } } },
      },
    });
  } catch (failure) {
    throw new WalletError('passkey_failed', `no passkey made: ${failure?.name ?? failure}`);
  }
  const prf = created?.getClientExtensionResults?.().prf;
  if (!prf?.enabled && !prf?.results) throw new WalletError('passkey_unsupported', 'the authenticator has no PRF');
  const credentialId = new Uint8Array(created.rawId);
  const prfOutput = prf.results?.first ? new Uint8Array(prf.results.first) : await prfAssertion(credentials, credentialId, prfSalt);
  return { credentialId, prfSalt, prfOutput };
}

/** The PRF output of the vault's passkey (the resident confirms with a fingerprint or face). */
export async function passkeyOutput(record, { credentials = globalThis.navigator?.credentials } = {}) {
  try {
    return await prfAssertion(credentials, record.passkey.credentialId, record.passkey.prfSalt);
  } catch (failure) {
    if (failure instanceof WalletError) throw failure;
    throw new WalletError('passkey_failed', `no assertion: ${failure?.name ?? failure}`);
  }
}
