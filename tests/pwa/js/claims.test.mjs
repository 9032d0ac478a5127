// A stored credential read back (sdjwt.readStoredCredential) and shown as label + value rows
// from its Type Metadata's claim metadata (SD-JWT VC §5), in Dutch and English.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { claimRows, labelFor, pathSelects, readableDate } from '../../../pwa/js/claims.js';
import { presentCredential, readStoredCredential, verifyCredential, verifyPresentation } from '../../../pwa/js/sdjwt.js';
import { issue, newKeyPair, NOW } from './helpers.mjs';

// As the store keeps it: SD-JWT VC §5 claim metadata with one label per language.
const METADATA = [
  { path: ['given_name'], label: { nl: 'Voornamen', en: 'Given names' } },
  { path: ['birthdate'], label: { nl: 'Geboortedatum', en: 'Date of birth' } },
  { path: ['address'], label: { nl: 'Adres', en: 'Address' } },
  { path: ['address', 'street'], label: { nl: 'Straat', en: 'Street' } },
  { path: ['address', 'postal_code'], label: { nl: 'Postcode', en: 'Postal code' } },
  { path: ['nationalities'], label: { nl: 'Nationaliteit', en: 'Nationality' } },
  { path: ['nationalities', null], label: { nl: 'Een nationaliteit', en: 'A nationality' } },
  { path: ['age_over_18'], label: { nl: '18 jaar of ouder', en: 'Aged 18 or over' } },
];
const CLAIMS = {
  vct: 'urn:nl:gemeente:regie:test:1',
  iss: 'https://gemeente.example',
  age_over_18: true,
  given_name: 'Anna Maria',
  address: { street: 'Markt 1', postal_code: '5281 AA', city: 'Boxtel' },
  nationalities: ['Nederlandse', 'Belgische'],
  birthdate: '1990-02-28',
  household: [{ name: 'Piet', age: 12 }],
  number_of_residents: 3,
};
const DISCLOSABLE = [
  ['given_name'], ['birthdate'], ['address'], ['address', 'street'], ['nationalities'],
  ['nationalities', 0], ['nationalities', 1], ['age_over_18'], ['household'], ['number_of_residents'],
];

async function stored() {
  const issuer = await newKeyPair();
  const holder = await newKeyPair();
  const compact = await issue({ claims: CLAIMS, disclosable: DISCLOSABLE, issuerKey: issuer.privateKey, holderKeyPair: holder, extra: { iat: NOW } });
  return { compact, issuer, holder };
}

test('sd_jwt_vc_read_stored_credential_gives_what_verify_gave', async () => {
  const { compact, issuer } = await stored();
  const verified = await verifyCredential(compact, { issuerKey: issuer.publicKey, now: NOW });
  const read = await readStoredCredential(compact);
  assert.deepEqual(read.claims, verified.claims);
  assert.deepEqual(read.holderJwk, verified.holderJwk);
  assert.equal(read.vct, CLAIMS.vct);
  assert.equal(read.issuer, CLAIMS.iss);
  assert.equal(read.disclosures.length, verified.disclosures.length);
});

test('sd_jwt_vc_read_stored_credential_can_be_presented', async () => {
  const { compact, issuer, holder } = await stored();
  const read = await readStoredCredential(compact);
  const presentation = await presentCredential(read, [['address', 'street']], {
    holderKey: holder.privateKey, audience: 'x509_san_dns:rp.example', nonce: 'n-1', issuedAt: NOW,
  });
  const checked = await verifyPresentation(presentation, { issuerKey: issuer.publicKey, audience: 'x509_san_dns:rp.example', nonce: 'n-1', now: NOW });
  assert.deepEqual(checked.claims.address, { street: 'Markt 1', postal_code: '5281 AA', city: 'Boxtel' });
  assert.equal(checked.claims.given_name, undefined);
});

test('rfc9901_7_1_step5_read_stored_credential_refuses_an_unreferenced_disclosure', async () => {
  const { compact } = await stored();
  const extra = Buffer.from(JSON.stringify(['salt', 'bsn', '999999999'])).toString('base64url');
  await assert.rejects(readStoredCredential(`${compact}${extra}~`), { code: 'credential_invalid' });
  await assert.rejects(readStoredCredential('not an sd-jwt'), { code: 'credential_invalid' });
});

test('sd_jwt_vc_5_claim_rows_in_dutch', async () => {
  const { claims } = await readStoredCredential((await stored()).compact);
  const rows = claimRows(claims, METADATA, { locale: 'nl', yes: 'Ja', no: 'Nee' });
  assert.deepEqual(rows.map((r) => [r.label, r.lines]), [
    ['Voornamen', ['Anna Maria']],
    ['Geboortedatum', ['28 februari 1990']],
    ['Adres', ['Straat: Markt 1', 'Postcode: 5281 AA', 'city: Boxtel']],
    ['Nationaliteit', ['Nederlandse', 'Belgische']],
    ['18 jaar of ouder', ['Ja']],
    // no metadata: the claim's own name, in the credential's order
    ['household', ['Piet, 12']],
    ['number of residents', ['3']],
  ]);
  // registered claims (vct, iss, cnf, iat) are not the resident's data
  assert.ok(rows.every((r) => !['vct', 'iss', 'cnf', 'iat', '_sd_alg'].includes(r.name)));
});

test('sd_jwt_vc_5_claim_rows_in_english', async () => {
  const { claims } = await readStoredCredential((await stored()).compact);
  const rows = claimRows({ ...claims, age_over_18: false }, METADATA, { locale: 'en', yes: 'Yes', no: 'No' });
  const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
  assert.equal(byName.birthdate.label, 'Date of birth');
  assert.deepEqual(byName.birthdate.lines, ['28 February 1990']);
  assert.deepEqual(byName.age_over_18.lines, ['No']);
  assert.deepEqual(byName.address.lines, ['Street: Markt 1', 'Postal code: 5281 AA', 'city: Boxtel']);
});

test('sd_jwt_vc_5_claim_path_null_selects_every_element', () => {
  assert.ok(pathSelects(['nationalities', null], ['nationalities', 1]));
  assert.ok(!pathSelects(['nationalities', null], ['nationalities']));
  assert.ok(!pathSelects(['nationalities', null], ['nationalities', 'x']));
  assert.ok(!pathSelects(undefined, ['x']));
  assert.equal(labelFor(METADATA, ['nationalities', 0], 'en'), 'A nationality');
  // a label given only in Dutch, or as plain text, is still used
  assert.equal(labelFor([{ path: ['bsn'], label: { nl: 'BSN' } }], ['bsn'], 'en'), 'BSN');
  assert.equal(labelFor([{ path: ['bsn'], label: 'BSN' }], ['bsn'], 'nl'), 'BSN');
});

test('only a real calendar date reads as a date', () => {
  assert.equal(readableDate('2024-02-29', 'nl'), '29 februari 2024');
  assert.equal(readableDate('2023-02-29', 'nl'), null);
  assert.equal(readableDate('1234 AB', 'nl'), null);
});

test('claims without metadata or values still show; empty ones do not', () => {
  assert.deepEqual(claimRows({ a: null, b: [], c: 'x' }, undefined), [
    { name: 'b', label: 'b', lines: [] },
    { name: 'c', label: 'c', lines: ['x'] },
  ]);
  assert.deepEqual(claimRows(null, METADATA), []);
});
