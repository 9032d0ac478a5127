/**
 * Encodings: strict base64url (RFC 7515 §2, RFC 4648 §5), standard base64 for `x5c`
 * (RFC 7515 §4.1.6, RFC 4648 §4), UTF-8, and strict JSON (RFC 8259; RFC 7515 §5.2 step 4 and
 * RFC 7519 §7.2 step 9: duplicate member names are refused).
 *
 * Mirrors `standards/jose.py` (`b64url_encode`, `b64url_decode`, `json_loads`, `json_dumps`).
 */

import { WalletError } from './errors.js';

const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_INDEX = indexOf(URL_ALPHABET);
const STD_INDEX = indexOf(STD_ALPHABET);

function indexOf(alphabet) {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i += 1) table[alphabet.charCodeAt(i)] = i;
  return table;
}

function encode(bytes, alphabet) {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + alphabet[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += alphabet[n >> 18] + alphabet[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63];
  }
  return out;
}

function decode(text, table, what) {
  if (typeof text !== 'string') throw new WalletError('malformed', `${what} is not text`);
  const tail = text.length & 3;
  if (tail === 1) throw new WalletError('malformed', `${what} has a length no base64 string has`);
  const out = new Uint8Array(((text.length >> 2) * 3) + (tail ? tail - 1 : 0));
  let o = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? table[c] : -1;
    if (v < 0) throw new WalletError('malformed', `${what} is not base64url without padding`);
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o] = (buffer >> bits) & 0xff;
      o += 1;
    }
  }
  // RFC 4648 §3.5: the pad bits are zero, so that each value has one spelling.
  if (bits && (buffer & ((1 << bits) - 1)) !== 0) {
    throw new WalletError('malformed', `${what} is not canonical base64url`);
  }
  return out;
}

/** RFC 7515 §2: base64url without padding. */
export function b64urlEncode(bytes) {
  return encode(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), URL_ALPHABET);
}

/** RFC 7515 §2 / RFC 4648 §5: strict base64url: no padding, no other characters, canonical. */
export function b64urlDecode(text, what = 'value') {
  return decode(text, URL_INDEX, what);
}

/** RFC 4648 §4 with padding, as in `x5c` (RFC 7515 §4.1.6); strict and canonical. */
export function b64Decode(text, what = 'value') {
  if (typeof text !== 'string' || text.length % 4 !== 0) {
    throw new WalletError('malformed', `${what} is not padded base64`);
  }
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return decode(text.slice(0, text.length - pad), STD_INDEX, what);
}

/** RFC 4648 §4 with padding. */
export function b64Encode(bytes) {
  const body = encode(bytes, STD_ALPHABET);
  return body + '='.repeat((4 - (body.length % 4)) % 4);
}

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes of a string. */
export function utf8(text) {
  return ENCODER.encode(text);
}

/** Text of UTF-8 bytes; invalid UTF-8 is refused. */
export function fromUtf8(bytes, what = 'value') {
  try {
    return DECODER.decode(bytes);
  } catch {
    throw new WalletError('malformed', `${what} is not valid UTF-8`);
  }
}

/** ASCII bytes of a string (JWS signing input, RFC 7515 §5.1 step 5). */
export function ascii(text) {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c > 127) throw new WalletError('malformed', 'not ASCII');
    out[i] = c;
  }
  return out;
}

/**
 * Throws on a repeated member name in any object of `text` (RFC 8259 §4 leaves it open;
 * RFC 7515 §5.2 step 4 requires a JOSE receiver to refuse). `text` is already valid JSON.
 */
function refuseDuplicates(text, what) {
  const stack = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1));
        if (top.keys.has(key)) throw new WalletError('malformed', `${what} repeats member ${JSON.stringify(key)}`);
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === '{') stack.push({ keys: new Set(), expectKey: true });
    else if (c === '[') stack.push(null);
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top) top.expectKey = true;
    }
    i += 1;
  }
}

function refuseLoneSurrogates(value, what) {
  if (typeof value === 'string') {
    // String.prototype.isWellFormed (ES2024); the regular expression where it is missing.
    const wellFormed = value.isWellFormed ? value.isWellFormed() : !/\p{Surrogate}/u.test(value);
    if (!wellFormed) throw new WalletError('malformed', `${what} holds an unpaired surrogate`);
  } else if (Array.isArray(value)) {
    value.forEach((v) => refuseLoneSurrogates(v, what));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      refuseLoneSurrogates(k, what);
      refuseLoneSurrogates(v, what);
    }
  }
}

/** Strict JSON from text or UTF-8 bytes: valid UTF-8, no duplicate names, no lone surrogates. */
export function jsonParse(data, what = 'JSON') {
  const text = typeof data === 'string' ? data : fromUtf8(data, what);
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WalletError('malformed', `${what} is not valid JSON`);
  }
  refuseDuplicates(text, what);
  if (text.includes('\\u')) refuseLoneSurrogates(value, what);
  return value;
}

/** Compact JSON as UTF-8 bytes, as signed and hashed (same as Python's `json_dumps`). */
export function jsonBytes(value) {
  return utf8(JSON.stringify(value));
}

/** Is `value` a plain JSON object (not an array, not null)? */
export function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Byte arrays equal? */
export function bytesEqual(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** Concatenate byte arrays. */
export function concatBytes(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** `n` random bytes from the platform CSPRNG (WebCrypto). */
export function randomBytes(n) {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}
