/**
 * The encrypted backup: a recovery phrase, the keys derived from it, and sealing what the
 * backup holds (history, cases, inbox, settings: store.js `backupContents`). No DOM.
 *
 * - The phrase: 12 words of the BIP-39 English list (vendor/bip39, 2048 words, 11 bits each)
 *   from 128 random bits plus a 4-bit checksum, BIP-39's "entropy to mnemonic" (the first
 *   ENT/32 bits of SHA-256 of the entropy). 128 bits of entropy: nobody guesses it, so a slow
 *   hash only adds a little; the checksum catches a mistyped word.
 * - The keys: PBKDF2-HMAC-SHA-256 (NIST SP 800-132) over the normalised phrase (NFKD, lower
 *   case, single spaces), salt `regie-wallet backup v1`, {@link BACKUP_ITERATIONS} iterations,
 *   512 bits: the first 256 are the AES-256-GCM key that encrypts the backup (imported
 *   non-extractable, it never leaves the phone), the last 256 the *backup key* (base64url, 43
 *   characters) sent as `Backup-Key`, by which the provider finds the backup (it stores only its
 *   SHA-256, wallet_api/backup.py). Knowing the backup key does not reveal the encryption key.
 * - The ciphertext: `RGB1` (4 bytes) ‖ 96-bit random IV ‖ AES-GCM(JSON), additional data
 *   `regie-wallet backup v1`.
 */

import WORDS from '../vendor/bip39/english.js';
import { WalletError } from './errors.js';

export const WORD_COUNT = 12;
export const ENTROPY_BITS = 128;
export const BACKUP_ITERATIONS = 210_000;
const SALT = 'regie-wallet backup v1';
const MAGIC = new TextEncoder().encode('RGB1');
const encoder = new TextEncoder();

const subtle = () => globalThis.crypto.subtle;

function bits(bytes) {
  return Array.from(bytes, (byte) => byte.toString(2).padStart(8, '0')).join('');
}

/** BIP-39: `entropy` (16 bytes) as 12 words, the last carrying the 4-bit checksum. */
export async function phraseFromEntropy(entropy) {
  if (entropy.length * 8 !== ENTROPY_BITS) throw new WalletError('backup_phrase_invalid', 'entropy is 128 bits');
  const checksum = bits(new Uint8Array(await subtle().digest('SHA-256', entropy))).slice(0, ENTROPY_BITS / 32);
  const all = bits(entropy) + checksum;
  return Array.from({ length: WORD_COUNT }, (_, i) => WORDS[parseInt(all.slice(i * 11, i * 11 + 11), 2)]).join(' ');
}

/** A new recovery phrase: 12 words from 128 random bits. */
export function newPhrase() {
  return phraseFromEntropy(globalThis.crypto.getRandomValues(new Uint8Array(ENTROPY_BITS / 8)));
}

/** The phrase as the resident may type it (capitals, extra spaces, line breaks), normalised. */
export function normalisePhrase(typed) {
  return String(typed ?? '').normalize('NFKD').toLowerCase().trim().split(/\s+/).filter(Boolean).join(' ');
}

/** Whether `typed` is 12 words of the list with a right checksum; throws `backup_phrase_invalid`. */
export async function checkPhrase(typed) {
  const words = normalisePhrase(typed).split(' ');
  const indexes = words.map((word) => WORDS.indexOf(word));
  if (words.length !== WORD_COUNT || indexes.some((i) => i < 0)) {
    throw new WalletError('backup_phrase_invalid', `${words.length} words, ${indexes.filter((i) => i < 0).length} not on the list`);
  }
  const all = indexes.map((i) => i.toString(2).padStart(11, '0')).join('');
  const entropy = Uint8Array.from({ length: ENTROPY_BITS / 8 }, (_, i) => parseInt(all.slice(i * 8, i * 8 + 8), 2));
  if (await phraseFromEntropy(entropy) !== words.join(' ')) throw new WalletError('backup_phrase_invalid', 'the checksum does not match');
  return words.join(' ');
}

/** `{encryptionKey (non-extractable AES-GCM CryptoKey), backupKey (base64url text)}` from the phrase. */
export async function backupKeys(phrase, { iterations = BACKUP_ITERATIONS } = {}) {
  const material = await subtle().importKey('raw', encoder.encode(normalisePhrase(phrase)), 'PBKDF2', false, ['deriveBits']);
  const derived = new Uint8Array(await subtle().deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: encoder.encode(SALT), iterations }, material, 512,
  ));
  const encryptionKey = await subtle().importKey('raw', derived.slice(0, 32), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  const backupKey = btoa(String.fromCharCode(...derived.slice(32))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return { encryptionKey, backupKey };
}

/** Encrypt the backup's contents (a JSON value) with the phrase's key: the bytes to upload. */
export async function encryptBackup(contents, encryptionKey) {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await subtle().encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(SALT) }, encryptionKey, encoder.encode(JSON.stringify(contents)),
  ));
  const out = new Uint8Array(MAGIC.length + iv.length + sealed.length);
  out.set(MAGIC, 0);
  out.set(iv, MAGIC.length);
  out.set(sealed, MAGIC.length + iv.length);
  return out;
}

/** The contents back; `backup_phrase_wrong` when the key does not open it. */
export async function decryptBackup(bytes, encryptionKey) {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (data.length < MAGIC.length + 12 + 16 || MAGIC.some((byte, i) => data[i] !== byte)) {
    throw new WalletError('backup_phrase_wrong', 'not a Regie wallet backup');
  }
  let plain;
  try {
    plain = await subtle().decrypt(
      { name: 'AES-GCM', iv: data.slice(MAGIC.length, MAGIC.length + 12), additionalData: encoder.encode(SALT) },
      encryptionKey, data.slice(MAGIC.length + 12),
    );
  } catch {
    throw new WalletError('backup_phrase_wrong', 'the backup does not open with this phrase');
  }
  return JSON.parse(new TextDecoder().decode(plain));
}
