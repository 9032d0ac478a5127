import { test } from 'node:test';
import assert from 'node:assert/strict';

import { b64Decode } from '../../../pwa/js/b64.js';
import { toCertificate, verifyX5cChain } from '../../../pwa/js/jose.js';
import { parseCertificate, readTlv } from '../../../pwa/js/x509.js';
import { NOW, PKI } from './helpers.mjs';

const der = (b64) => b64Decode(b64);

test('rfc5280_4_1_parses_names_validity_san_and_constraints', () => {
  const leaf = parseCertificate(der(PKI.x5c[0]));
  assert.equal(leaf.version, 3);
  assert.deepEqual(leaf.subject.attributes, { C: 'NL', O: 'Woningcorporatie De Test', CN: 'Woningcorporatie Test' });
  assert.equal(leaf.issuer.attributes.CN, 'Regie wallet test intermediate CA');
  assert.equal(leaf.notBefore, Date.UTC(2025, 0, 1) / 1000); // UTCTime
  assert.equal(leaf.notAfter, Date.UTC(2125, 0, 1) / 1000); // GeneralizedTime
  assert.deepEqual(leaf.dnsNames, [PKI.rp_dns]);
  assert.deepEqual(leaf.uris, [`https://${PKI.rp_dns}`]);
  assert.equal(leaf.ca, false);
  assert.deepEqual(leaf.keyUsage, { digitalSignature: true, keyCertSign: false });
  const root = toCertificate(PKI.root);
  assert.equal(root.ca, true);
  assert.equal(root.pathLength, 1);
  assert.deepEqual(root.keyUsage, { digitalSignature: false, keyCertSign: true });
});

test('rfc7515_4_1_6_x5c_chain_to_anchor', async () => {
  const { leaf, key } = await verifyX5cChain(PKI.x5c, [PKI.root], { now: NOW });
  assert.equal(leaf.subject.attributes.O, 'Woningcorporatie De Test');
  assert.equal(key.algorithm.namedCurve, 'P-256');
});

const refusals = [
  ['untrusted_root', () => verifyX5cChain(PKI.x5c_untrusted, [PKI.root], { now: NOW }), 'untrusted_certificate'],
  ['other_anchor', () => verifyX5cChain(PKI.x5c, [PKI.other_root], { now: NOW }), 'untrusted_certificate'],
  ['no_anchors', () => verifyX5cChain(PKI.x5c, [], { now: NOW }), 'untrusted_certificate'],
  ['expired_leaf', () => verifyX5cChain(PKI.x5c_expired, [PKI.root], { now: NOW }), 'certificate_expired'],
  ['before_validity', () => verifyX5cChain(PKI.x5c, [PKI.root], { now: Date.UTC(2024, 0, 1) / 1000 }), 'certificate_expired'],
  ['ca_as_signer', () => verifyX5cChain(PKI.x5c_ca_signer, [PKI.root], { now: NOW }), 'certificate_invalid'],
  ['haip_5_anchor_in_x5c', () => verifyX5cChain(PKI.x5c_with_root, [PKI.root], { now: NOW }), 'certificate_invalid'],
  ['missing_intermediate', () => verifyX5cChain([PKI.x5c[0]], [PKI.root], { now: NOW }), 'untrusted_certificate'],
  ['wrong_order', () => verifyX5cChain([PKI.x5c[1], PKI.x5c[0]], [PKI.root], { now: NOW }), 'certificate_invalid'],
  ['not_base64', () => verifyX5cChain(['%%%'], [PKI.root], { now: NOW }), 'malformed'],
  ['empty', () => verifyX5cChain([], [PKI.root], { now: NOW }), 'certificate_invalid'],
];
for (const [name, run, code] of refusals) {
  test(`rfc5280_6_x5c_refuses_${name}`, async () => {
    await assert.rejects(run(), { code });
  });
}

test('rfc5280_6_x5c_refuses_a_flipped_signature_bit', async () => {
  const bytes = der(PKI.x5c[0]);
  bytes[bytes.length - 5] ^= 1;
  const flipped = Buffer.from(bytes).toString('base64');
  await assert.rejects(verifyX5cChain([flipped, PKI.x5c[1]], [PKI.root], { now: NOW }), { code: /certificate_invalid/ });
});

test('x690_10_der_strictness', () => {
  assert.throws(() => readTlv(new Uint8Array([0x30, 0x80, 0, 0])), { code: 'certificate_invalid' }); // indefinite
  assert.throws(() => readTlv(new Uint8Array([0x04, 0x81, 0x05, 1, 2, 3, 4, 5])), { code: 'certificate_invalid' }); // long form, short length
  assert.throws(() => readTlv(new Uint8Array([0x04, 0x82, 0x00, 0x80])), { code: 'certificate_invalid' }); // leading zero
  assert.throws(() => readTlv(new Uint8Array([0x04, 0x05, 1])), { code: 'certificate_invalid' }); // runs past
  assert.throws(() => readTlv(new Uint8Array([0x1f, 0x01, 0])), { code: 'certificate_invalid' }); // multi-byte tag
  const bytes = der(PKI.x5c[0]);
  assert.throws(() => parseCertificate(new Uint8Array([...bytes, 0])), { code: 'certificate_invalid' }); // trailing
  assert.throws(() => parseCertificate(bytes.subarray(0, bytes.length - 1)), { code: 'certificate_invalid' }); // truncated
  for (let cut = 1; cut < bytes.length; cut += 37) {
    assert.throws(() => parseCertificate(bytes.subarray(0, cut)), { code: 'certificate_invalid' });
  }
});
