/**
 * A minimal, strict DER reader (ITU-T X.690 §8 and §10) and the part of X.509 (RFC 5280
 * §4.1) a wallet needs to check an `x5c` chain (RFC 7515 §4.1.6): names, validity, basic
 * constraints, key usage, subject alternative names, the public key and the signature.
 *
 * Written by hand rather than vendored: the well-kept parsers on npm (pkijs, @peculiar/asn1-*)
 * ship as CommonJS or as ES modules with bare imports across four or five packages, which
 * needs a bundler or import map; this module is small, refuses anything not DER, and is
 * tested against certificates made by Python's `cryptography` (tests/pwa/js/x509.test.mjs).
 */

import { WalletError } from './errors.js';
import { bytesEqual, fromUtf8 } from './b64.js';

const fail = (detail) => {
  throw new WalletError('certificate_invalid', detail);
};

/** X.690 §8.1: one TLV at `offset`, definite length, minimally encoded (§10.1). */
export function readTlv(bytes, offset = 0, end = bytes.length) {
  if (offset + 2 > end) fail('DER: truncated');
  const tag = bytes[offset];
  if ((tag & 0x1f) === 0x1f) fail('DER: multi-byte tags are not used in X.509');
  let length = bytes[offset + 1];
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0) fail('DER: indefinite length (X.690 §10.1)');
    if (count > 4) fail('DER: length too large');
    if (offset + 2 + count > end) fail('DER: truncated length');
    if (bytes[offset + 2] === 0) fail('DER: length not minimal');
    length = 0;
    for (let i = 0; i < count; i += 1) length = (length * 256) + bytes[offset + 2 + i];
    if (length < 128) fail('DER: long form for a short length');
    header += count;
  }
  const start = offset + header;
  if (start + length > end) fail('DER: value runs past its container');
  return { tag, start, end: start + length, offset, constructed: (tag & 0x20) !== 0 };
}

/** The TLVs directly inside a constructed value. */
export function children(bytes, tlv) {
  const out = [];
  let at = tlv.start;
  while (at < tlv.end) {
    const child = readTlv(bytes, at, tlv.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

function expect(tlv, tag, what) {
  if (tlv === undefined || tlv.tag !== tag) fail(`DER: ${what} expected`);
  return tlv;
}

const value = (bytes, tlv) => bytes.subarray(tlv.start, tlv.end);
const whole = (bytes, tlv) => bytes.subarray(tlv.offset, tlv.end);

/** X.690 §8.19: an OBJECT IDENTIFIER in dotted form. */
export function oid(bytes, tlv) {
  const v = value(bytes, expect(tlv, 0x06, 'OBJECT IDENTIFIER'));
  if (v.length === 0 || (v[v.length - 1] & 0x80)) fail('DER: bad OID');
  const parts = [];
  let n = 0;
  for (let i = 0; i < v.length; i += 1) {
    if (n === 0 && v[i] === 0x80) fail('DER: OID component not minimal');
    n = (n * 128) + (v[i] & 0x7f);
    if (!(v[i] & 0x80)) {
      parts.push(n);
      n = 0;
    }
  }
  const first = parts[0] < 80 ? Math.floor(parts[0] / 40) : 2;
  return [first, parts[0] - (first * 40), ...parts.slice(1)].join('.');
}

function boolean(bytes, tlv) {
  const v = value(bytes, expect(tlv, 0x01, 'BOOLEAN'));
  if (v.length !== 1 || (v[0] !== 0 && v[0] !== 0xff)) fail('DER: BOOLEAN is 0x00 or 0xFF');
  return v[0] === 0xff;
}

/** X.690 §8.6: a BIT STRING's bits (the unused-bit count must be 0-7 and the bits zero). */
function bitString(bytes, tlv) {
  const v = value(bytes, expect(tlv, 0x03, 'BIT STRING'));
  if (v.length === 0 || v[0] > 7 || (v.length === 1 && v[0] !== 0)) fail('DER: bad BIT STRING');
  return { unused: v[0], bits: v.subarray(1) };
}

/** X.690 §8.3: a non-negative INTEGER's magnitude, minimal. */
function unsigned(bytes, tlv) {
  const v = value(bytes, expect(tlv, 0x02, 'INTEGER'));
  if (v.length === 0) fail('DER: empty INTEGER');
  if (v.length > 1 && ((v[0] === 0 && !(v[1] & 0x80)) || (v[0] === 0xff && (v[1] & 0x80)))) {
    fail('DER: INTEGER not minimal');
  }
  if (v[0] & 0x80) fail('DER: negative INTEGER');
  return v[0] === 0 && v.length > 1 ? v.subarray(1) : v;
}

/** RFC 5280 §4.1.2.5: UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ). */
function time(bytes, tlv) {
  const text = fromUtf8(value(bytes, tlv));
  let m;
  if (tlv.tag === 0x17 && (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text))) {
    const yy = Number(m[1]);
    m = [m[0], String(yy >= 50 ? 1900 + yy : 2000 + yy), ...m.slice(2)];
  } else if (tlv.tag === 0x18 && (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text))) {
    // m as is
  } else {
    fail('DER: a time is UTCTime or GeneralizedTime in Zulu, whole seconds');
  }
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const at = Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
  if (Number.isNaN(at)) fail('DER: bad time');
  return at;
}

const NAME_ATTRIBUTES = {
  '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O',
  '2.5.4.11': 'OU', '2.5.4.97': 'organizationIdentifier', '2.5.4.5': 'serialNumber',
};
const STRING_TAGS = new Set([0x0c, 0x13, 0x16, 0x14, 0x1e]);

/** RFC 5280 §4.1.2.4: a Name, kept as DER (for chaining) and as readable attributes. */
function name(bytes, tlv) {
  expect(tlv, 0x30, 'Name');
  const attributes = {};
  for (const set of children(bytes, tlv)) {
    expect(set, 0x31, 'RelativeDistinguishedName');
    for (const pair of children(bytes, set)) {
      const [type, val] = children(bytes, expect(pair, 0x30, 'AttributeTypeAndValue'));
      const key = NAME_ATTRIBUTES[oid(bytes, type)];
      if (key && val && STRING_TAGS.has(val.tag) && val.tag !== 0x1e) {
        attributes[key] = fromUtf8(value(bytes, val));
      }
    }
  }
  return { der: whole(bytes, tlv), attributes };
}

/** RFC 5280 §4.1.1.2: an AlgorithmIdentifier's OID and parameters (DER). */
function algorithm(bytes, tlv) {
  const [id, params] = children(bytes, expect(tlv, 0x30, 'AlgorithmIdentifier'));
  return { oid: oid(bytes, id), params: params ? whole(bytes, params) : null, der: whole(bytes, tlv) };
}

export const OIDS = {
  ecPublicKey: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  extKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
};

/** Extensions a critical flag does not stop us from processing (RFC 5280 §4.2). */
const UNDERSTOOD = new Set([
  OIDS.basicConstraints, OIDS.keyUsage, OIDS.subjectAltName, OIDS.extKeyUsage,
  OIDS.subjectKeyIdentifier, OIDS.authorityKeyIdentifier,
]);

function extensions(bytes, tlv, cert) {
  const list = children(bytes, expect(tlv, 0x30, 'Extensions'));
  if (list.length === 0) fail('RFC 5280 §4.1: Extensions holds at least one');
  const seen = new Set();
  for (const ext of list) {
    const parts = children(bytes, expect(ext, 0x30, 'Extension'));
    const id = oid(bytes, parts[0]);
    if (seen.has(id)) fail(`RFC 5280 §4.2: extension ${id} appears twice`);
    seen.add(id);
    let i = 1;
    let critical = false;
    if (parts[i] && parts[i].tag === 0x01) {
      critical = boolean(bytes, parts[i]);
      if (!critical) fail('DER: a DEFAULT FALSE value is not encoded (X.690 §11.5)');
      i += 1;
    }
    const inner = value(bytes, expect(parts[i], 0x04, 'extnValue'));
    if (parts.length !== i + 1) fail('DER: trailing data in Extension');
    if (critical && !UNDERSTOOD.has(id)) fail(`RFC 5280 §4.2: unknown critical extension ${id}`);
    const top = readTlv(inner, 0);
    if (top.end !== inner.length) fail('DER: trailing data in an extension');
    if (id === OIDS.basicConstraints) {
      const items = children(inner, expect(top, 0x30, 'BasicConstraints'));
      let j = 0;
      if (items[j] && items[j].tag === 0x01) {
        cert.ca = boolean(inner, items[j]);
        if (!cert.ca) fail('DER: a DEFAULT FALSE value is not encoded (X.690 §11.5)');
        j += 1;
      }
      if (items[j]) {
        const len = unsigned(inner, items[j]);
        cert.pathLength = len.reduce((n, b) => (n * 256) + b, 0);
      }
    } else if (id === OIDS.keyUsage) {
      const { bits } = bitString(inner, top);
      cert.keyUsage = {
        digitalSignature: bits.length > 0 && (bits[0] & 0x80) !== 0,
        keyCertSign: bits.length > 0 && (bits[0] & 0x04) !== 0,
      };
    } else if (id === OIDS.subjectAltName) {
      for (const general of children(inner, expect(top, 0x30, 'GeneralNames'))) {
        if (general.tag === 0x82) cert.dnsNames.push(fromUtf8(value(inner, general)));
        if (general.tag === 0x86) cert.uris.push(fromUtf8(value(inner, general)));
      }
    }
  }
}

/**
 * RFC 5280 §4.1: parse a DER certificate. Returns the fields a wallet needs; `tbs` is the
 * signed part, `signature` the raw BIT STRING contents (DER ECDSA-Sig-Value for EC).
 */
export function parseCertificate(der) {
  const bytes = der instanceof Uint8Array ? der : new Uint8Array(der);
  const top = readTlv(bytes, 0);
  if (top.tag !== 0x30 || top.end !== bytes.length) fail('DER: a certificate is one SEQUENCE');
  const [tbsTlv, sigAlgTlv, sigTlv, extra] = children(bytes, top);
  if (extra || !sigTlv) fail('DER: a certificate has three parts');
  const tbs = children(bytes, expect(tbsTlv, 0x30, 'TBSCertificate'));
  let i = 0;
  let version = 1;
  if (tbs[i] && tbs[i].tag === 0xa0) {
    const [v] = children(bytes, tbs[i]);
    version = unsigned(bytes, v)[0] + 1;
    if (version !== 3) fail('RFC 5280 §4.1.2.1: only v3 certificates are used');
    i += 1;
  }
  const serial = unsigned(bytes, tbs[i]);
  i += 1;
  const innerAlg = algorithm(bytes, tbs[i]);
  i += 1;
  const issuer = name(bytes, tbs[i]);
  i += 1;
  const validity = children(bytes, expect(tbs[i], 0x30, 'Validity'));
  i += 1;
  const subject = name(bytes, tbs[i]);
  i += 1;
  const spkiTlv = expect(tbs[i], 0x30, 'SubjectPublicKeyInfo');
  const [keyAlgTlv] = children(bytes, spkiTlv);
  const keyAlg = algorithm(bytes, keyAlgTlv);
  i += 1;
  const cert = {
    der: bytes,
    tbs: whole(bytes, tbsTlv),
    version,
    serial,
    issuer,
    subject,
    notBefore: time(bytes, validity[0]),
    notAfter: time(bytes, validity[1]),
    spki: whole(bytes, spkiTlv),
    keyAlgorithm: keyAlg.oid,
    curve: keyAlg.params && keyAlg.params[0] === 0x06 ? oid(keyAlg.params, readTlv(keyAlg.params, 0)) : null,
    signatureAlgorithm: algorithm(bytes, sigAlgTlv).oid,
    signature: null,
    ca: false,
    pathLength: null,
    keyUsage: null,
    dnsNames: [],
    uris: [],
  };
  if (!bytesEqual(innerAlg.der, algorithm(bytes, sigAlgTlv).der)) {
    fail('RFC 5280 §4.1.1.2: signatureAlgorithm differs from tbsCertificate.signature');
  }
  while (tbs[i] && (tbs[i].tag === 0x81 || tbs[i].tag === 0x82)) i += 1; // unique ids
  if (tbs[i] && tbs[i].tag === 0xa3) {
    const [exts] = children(bytes, tbs[i]);
    extensions(bytes, exts, cert);
    i += 1;
  }
  if (tbs[i]) fail('DER: trailing data in TBSCertificate');
  const sig = bitString(bytes, sigTlv);
  if (sig.unused !== 0) fail('DER: the signature is whole octets');
  cert.signature = sig.bits;
  return cert;
}

/** X9.62 ECDSA-Sig-Value (DER) to the fixed-size R || S WebCrypto verifies (RFC 7518 §3.4). */
export function ecdsaDerToRaw(der, size) {
  const top = readTlv(der, 0);
  if (top.tag !== 0x30 || top.end !== der.length) fail('DER: bad ECDSA signature');
  const parts = children(der, top);
  if (parts.length !== 2) fail('DER: bad ECDSA signature');
  const out = new Uint8Array(2 * size);
  parts.forEach((part, k) => {
    const v = unsigned(der, part);
    if (v.length > size) fail('DER: ECDSA integer too large');
    out.set(v, ((k + 1) * size) - v.length);
  });
  return out;
}
