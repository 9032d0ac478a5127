// The wallet's vault (pwa/js/vault.js) with Node's WebCrypto: the data key wrapped by the PIN
// (PBKDF2) and by a passkey's PRF output (HKDF), wrong PINs refused by the AES-GCM tag, records
// sealed and bound to their store/id, tampering refused, and the lockout schedule on an
// injected clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  addPasskey, changePin, countAttempt, createVault, currentKey, FREE_ATTEMPTS, isUnlocked, lock, lockout, MAX_ATTEMPTS,
  NO_FAILURES, openWithPasskey, openWithPin, PBKDF2_ITERATIONS, passkeyAvailable, seal, unlock, unseal, validPin,
  waitAfter, WAITS, weakPin,
} from '../../../pwa/js/vault.js';

const FAST = { iterations: 1000 }; // the real count (600 000) is checked once, below
const PIN = '246810';
const rejectsWith = (promise, code) => assert.rejects(promise, (error) => error.code === code);

test('a PIN is 5 or 6 digits', () => {
  for (const pin of ['12345', '246810']) assert.ok(validPin(pin), pin);
  for (const pin of ['1234', '1234567', '12a45', ' 12345', '', null, undefined]) assert.equal(validPin(pin), false, String(pin));
});

test('a PIN that a thief tries first is refused: one digit repeated, a run up or down', async () => {
  for (const pin of ['11111', '000000', '12345', '234567', '98765', '543210']) assert.ok(weakPin(pin), pin);
  for (const pin of ['246810', '13579', '12346', '90123', '112233', '10293']) assert.equal(weakPin(pin), false, pin);
  await rejectsWith(createVault('123456', FAST), 'pin_weak');
  const { record } = await createVault(PIN, FAST);
  await rejectsWith(changePin(record, PIN, '99999', FAST), 'pin_weak');
});

test('the vault is made with PBKDF2-SHA-256, 600 000 iterations and a random salt, nothing secret in the clear', async () => {
  assert.equal(PBKDF2_ITERATIONS, 600_000);
  const { record, dek } = await createVault(PIN);
  assert.deepEqual({ ...record.pin.kdf, salt: undefined }, { name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000, salt: undefined });
  assert.equal(record.pin.kdf.salt.length, 16);
  assert.equal(record.pin.wrapped.iv.length, 12);
  assert.equal(record.pin.wrapped.data.length, 32 + 16); // the 256-bit key and the GCM tag
  assert.equal(record.passkey, null);
  assert.equal(dek.extractable, false);
  assert.deepEqual(dek.algorithm, { name: 'AES-GCM', length: 256 });
  const other = await createVault(PIN);
  assert.notDeepEqual(other.record.pin.kdf.salt, record.pin.kdf.salt);
  await rejectsWith(createVault('1234'), 'pin_invalid');
});

test('the right PIN unwraps the data key (non-extractable), a wrong one is refused by AES-GCM', async () => {
  const { record, dek } = await createVault(PIN, FAST);
  const sealed = await seal(dek, 'history/1', { claim: 'Boxtel' });
  const opened = await openWithPin(record, PIN);
  assert.equal(opened.extractable, false);
  await assert.rejects(globalThis.crypto.subtle.exportKey('raw', opened), /not extractable/); // Node: InvalidAccessException
  assert.deepEqual(await unseal(opened, 'history/1', sealed), { claim: 'Boxtel' });
  await rejectsWith(openWithPin(record, '246811'), 'pin_wrong');
  await rejectsWith(openWithPin(record, 'abcde'), 'pin_wrong');
  const changedSalt = { ...record, pin: { ...record.pin, kdf: { ...record.pin.kdf, salt: new Uint8Array(16) } } };
  await rejectsWith(openWithPin(changedSalt, PIN), 'pin_wrong');
});

test('the passkey PRF output wraps the same data key; another output is refused; the PIN keeps working', async () => {
  const { record, dek } = await createVault(PIN, FAST);
  const prfOutput = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const passkey = { credentialId: new Uint8Array([1, 2, 3]), prfSalt: new Uint8Array(32).fill(7) };
  await rejectsWith(addPasskey(record, '135790', prfOutput, passkey), 'pin_wrong');
  const both = await addPasskey(record, PIN, prfOutput, passkey);
  assert.deepEqual(both.passkey.credentialId, passkey.credentialId);
  assert.deepEqual(both.passkey.prfSalt, passkey.prfSalt);
  const sealed = await seal(dek, 'cases/7', ['a']);
  assert.deepEqual(await unseal(await openWithPasskey(both, prfOutput), 'cases/7', sealed), ['a']);
  assert.deepEqual(await unseal(await openWithPin(both, PIN), 'cases/7', sealed), ['a']);
  await rejectsWith(openWithPasskey(both, new Uint8Array(32)), 'passkey_failed');
  await rejectsWith(openWithPasskey(record, prfOutput), 'passkey_failed');
});

test('a changed PIN wraps the same data key; the old PIN no longer opens it, the passkey still does', async () => {
  const { record, dek } = await createVault(PIN, FAST);
  const prfOutput = new Uint8Array(32).fill(3);
  const both = await addPasskey(record, PIN, prfOutput, { credentialId: new Uint8Array([9]), prfSalt: new Uint8Array(32) });
  const sealed = await seal(dek, 'history/9', 'kept');
  await rejectsWith(changePin(both, '111111', '97531', FAST), 'pin_wrong');
  await rejectsWith(changePin(both, PIN, '9753', FAST), 'pin_invalid');
  const changed = await changePin(both, PIN, '97531', FAST);
  assert.notDeepEqual(changed.pin.kdf.salt, both.pin.kdf.salt);
  assert.equal(changed.passkey, both.passkey);
  assert.equal(await unseal(await openWithPin(changed, '97531'), 'history/9', sealed), 'kept');
  assert.equal(await unseal(await openWithPasskey(changed, prfOutput), 'history/9', sealed), 'kept');
  await rejectsWith(openWithPin(changed, PIN), 'pin_wrong');
});

test('a sealed record round-trips, hides its contents, uses a fresh IV, and is bound to its label', async () => {
  const { dek } = await createVault(PIN, FAST);
  const value = { vct: 'https://issuer.example/persoonsgegevens', name: { nl: 'Persoonsgegevens' }, compact: 'eyJ~x~' };
  const first = await seal(dek, 'copies/1/card', value);
  const second = await seal(dek, 'copies/1/card', value);
  assert.notDeepEqual(first.iv, second.iv);
  assert.equal(first.iv.length, 12);
  const text = new TextDecoder('latin1').decode(first.data);
  assert.ok(!text.includes('issuer.example') && !text.includes('Persoons'));
  assert.deepEqual(await unseal(dek, 'copies/1/card', first), value);
  await rejectsWith(unseal(dek, 'copies/2/card', first), 'record_damaged');
  await rejectsWith(unseal(dek, 'copies/1/other', first), 'record_damaged');
  const { dek: otherKey } = await createVault(PIN, FAST);
  await rejectsWith(unseal(otherKey, 'copies/1/card', first), 'record_damaged');
});

test('tampered ciphertext, tag or IV is refused', async () => {
  const { dek } = await createVault(PIN, FAST);
  const sealed = await seal(dek, 'history/3', { outcome: 'shared' });
  const flipped = (bytes, at) => { const copy = new Uint8Array(bytes); copy[at] ^= 1; return copy; };
  await rejectsWith(unseal(dek, 'history/3', { ...sealed, data: flipped(sealed.data, 0) }), 'record_damaged');
  await rejectsWith(unseal(dek, 'history/3', { ...sealed, data: flipped(sealed.data, sealed.data.length - 1) }), 'record_damaged');
  await rejectsWith(unseal(dek, 'history/3', { ...sealed, iv: flipped(sealed.iv, 5) }), 'record_damaged');
  await rejectsWith(unseal(dek, 'history/3', { ...sealed, data: sealed.data.slice(0, 10) }), 'record_damaged');
});

test('the lockout: three free tries, then a growing wait, the tenth wipes', () => {
  assert.equal(FREE_ATTEMPTS, 3);
  assert.equal(MAX_ATTEMPTS, 10);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(waitAfter), [0, 0, 0, 30e3, 60e3, 120e3, 300e3, 900e3, 1800e3, 3600e3]);
  assert.deepEqual(WAITS, [30, 60, 120, 300, 900, 1800, 3600]);
  let now = Date.UTC(2026, 10, 24, 10, 0, 0);
  let attempts = NO_FAILURES;
  assert.deepEqual(lockout(attempts, now), { failures: 0, waitMs: 0, left: 10, wipe: false });
  for (let failure = 1; failure <= 2; failure += 1) {
    attempts = countAttempt(attempts, now);
    assert.deepEqual(lockout(attempts, now), { failures: failure, waitMs: 0, left: 10 - failure, wipe: false });
  }
  attempts = countAttempt(attempts, now);
  assert.deepEqual(lockout(attempts, now), { failures: 3, waitMs: 30_000, left: 7, wipe: false });
  assert.equal(lockout(attempts, now + 29_999).waitMs, 1);
  now += 30_000;
  assert.equal(lockout(attempts, now).waitMs, 0);
  attempts = countAttempt(attempts, now);
  assert.equal(lockout(attempts, now).waitMs, 60_000);
  for (let failure = 5; failure <= 9; failure += 1) {
    now += lockout(attempts, now).waitMs;
    attempts = countAttempt(attempts, now);
  }
  assert.deepEqual(lockout(attempts, now), { failures: 9, waitMs: 3_600_000, left: 1, wipe: false });
  now += 3_600_000;
  attempts = countAttempt(attempts, now);
  assert.deepEqual(lockout(attempts, now), { failures: 10, waitMs: 0, left: 0, wipe: true });
  assert.deepEqual(lockout(undefined, now), { failures: 0, waitMs: 0, left: 10, wipe: false });
  // a clock set back a year waits one step at most
  assert.equal(lockout({ failures: 3, lockedUntil: now + 30_000 }, now - 365 * 86_400_000).waitMs, 30_000);
});

test('the session: locked until unlocked, locked again on lock()', async () => {
  lock();
  assert.equal(isUnlocked(), false);
  assert.throws(() => currentKey(), (error) => error.code === 'wallet_locked');
  const { dek } = await createVault(PIN, FAST);
  unlock(dek);
  assert.equal(isUnlocked(), true);
  assert.equal(currentKey(), dek);
  lock();
  assert.throws(() => currentKey(), (error) => error.code === 'wallet_locked');
});

test('the passkey is offered only with a user-verifying platform authenticator, PRF and a domain', async () => {
  const scope = (available, capabilities, hostname = 'wallet.example') => ({
    navigator: { credentials: {} },
    location: { hostname },
    PublicKeyCredential: {
      isUserVerifyingPlatformAuthenticatorAvailable: async () => available,
      ...(capabilities ? { getClientCapabilities: async () => capabilities } : {}),
    },
  });
  assert.equal(await passkeyAvailable(scope(true, { 'extension:prf': true })), true);
  assert.equal(await passkeyAvailable(scope(true, null)), true); // no capabilities API: tried when made
  assert.equal(await passkeyAvailable(scope(false, { 'extension:prf': true })), false);
  assert.equal(await passkeyAvailable(scope(true, { 'extension:prf': false })), false);
  assert.equal(await passkeyAvailable(scope(true, { 'extension:prf': true }, '127.0.0.1')), false);
  assert.equal(await passkeyAvailable(scope(true, { 'extension:prf': true }, '[::1]')), false);
  assert.equal(await passkeyAvailable({ navigator: {} }), false);
});
