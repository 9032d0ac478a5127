// DCQL (OpenID4VP 1.0 §6, §7): the rows of tests/standards/cases_dcql.py that concern the
// wallet, with the same QUERY, PERSON, ADDRESS and REGISTRATION, named as there; and the
// spec's inline queries, read in place from ../shared/specs/openid4vp-1_0.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  checkWithinRegistration, matchClaims, parseDcqlQuery, processClaimsPath, selectCredentials,
} from '../../../pwa/js/dcql.js';
import { readShared } from './helpers.mjs';

const PERSON_VCT = 'https://gemeente.example.nl/vct/persoonsgegevens';
const ADDRESS_VCT = 'https://gemeente.example.nl/vct/woonadres';
const QUERY = {
  credentials: [
    {
      id: 'persoon', format: 'dc+sd-jwt', meta: { vct_values: [PERSON_VCT] },
      claims: [{ path: ['given_name'] }, { path: ['birthdate'] }, { path: ['nationalities', null], values: ['NL'] }],
    },
    {
      id: 'adres', format: 'dc+sd-jwt', meta: { vct_values: [ADDRESS_VCT] },
      claims: [
        { id: 'straat', path: ['address', 'street_address'] },
        { id: 'plaats', path: ['address', 'locality'] },
        { id: 'postcode', path: ['address', 'postal_code'] },
      ],
      claim_sets: [['postcode'], ['straat', 'plaats']],
    },
  ],
};
const PERSON = { vct: PERSON_VCT, given_name: 'Anna', birthdate: '1990-01-01', age_over_18: true, nationalities: ['NL', 'BE'] };
const ADDRESS = { vct: ADDRESS_VCT, address: { street_address: 'Markt 1', locality: 'Boxtel' } };
const REGISTRATION = { [PERSON_VCT]: [['given_name'], ['birthdate'], ['nationalities', null]], [ADDRESS_VCT]: [['address']] };
const OPTIONAL_SETS = { credential_sets: [{ options: [['persoon']] }, { options: [['adres']], required: false }] };

const credential = (i, changes = {}) => ({ ...QUERY.credentials[i], ...changes });
const parse = (credentials = QUERY.credentials, top = {}) => parseDcqlQuery({ credentials, ...top });
const claims = (list, changes = {}) => credential(0, { claims: list, ...changes });
const without = (object, name) => Object.fromEntries(Object.entries(object).filter(([k]) => k !== name));
const held = (ref, vct, c, extra = {}) => ({ ref, vct, claims: c, holderBound: true, ...extra });
const beyond = (paths, vct = PERSON_VCT) => checkWithinRegistration(
  parse([credential(0, { meta: { vct_values: [vct] }, claims: paths.map((p) => ({ path: p })) })]), REGISTRATION);

const INVALID = {
  oid4vp_6_credentials_missing: () => parseDcqlQuery({}),
  oid4vp_6_credentials_empty: () => parseDcqlQuery({ credentials: [] }),
  oid4vp_6_credential_sets_empty: () => parse(undefined, { credential_sets: [] }),
  oid4vp_6_1_id_empty: () => parse([credential(0, { id: '' })]),
  oid4vp_6_1_id_bad_character: () => parse([credential(0, { id: 'pid.1' })]),
  oid4vp_6_1_id_trailing_newline: () => parse([credential(0, { id: 'pid\n' })]),
  oid4vp_6_1_id_duplicate: () => parse([credential(0), credential(1, { id: 'persoon' })]),
  oid4vp_6_1_format_missing: () => parse([without(QUERY.credentials[0], 'format')]),
  oid4vp_6_1_meta_missing: () => parse([without(QUERY.credentials[0], 'meta')]),
  oid4vp_6_1_multiple_not_boolean: () => parse([credential(0, { multiple: 'true' })]),
  oid4vp_6_1_claims_empty: () => parse([credential(0, { claims: [] })]),
  oid4vp_6_1_same_claim_twice: () => parse([claims([{ path: ['given_name'] }, { path: ['given_name'] }])]),
  oid4vp_b_3_5_vct_values_missing: () => parse([credential(0, { meta: {} })]),
  oid4vp_b_3_5_vct_values_empty: () => parse([credential(0, { meta: { vct_values: [] } })]),
  oid4vp_b_3_5_vct_values_not_strings: () => parse([credential(0, { meta: { vct_values: [1] } })]),
  oid4vp_6_2_options_empty: () => parse(undefined, { credential_sets: [{ options: [] }] }),
  oid4vp_6_2_option_empty: () => parse(undefined, { credential_sets: [{ options: [[]] }] }),
  oid4vp_6_2_unknown_credential_id: () => parse(undefined, { credential_sets: [{ options: [['persoon', 'rijbewijs']] }] }),
  oid4vp_6_3_claim_id_missing_with_claim_sets: () => parse([claims([{ id: 'a', path: ['given_name'] }, { path: ['birthdate'] }], { claim_sets: [['a']] })]),
  oid4vp_6_4_1_claim_sets_without_claims: () => parse([without(credential(1), 'claims')]),
  oid4vp_6_3_claim_id_duplicate: () => parse([claims([{ id: 'a', path: ['given_name'] }, { id: 'a', path: ['x'] }])]),
  oid4vp_6_3_claim_id_bad_character: () => parse([claims([{ id: 'naam/voornaam', path: ['given_name'] }])]),
  oid4vp_6_1_claim_sets_unknown_claim_id: () => parse([credential(1, { claim_sets: [['postcode'], ['huisnummer']] })]),
  oid4vp_6_3_values_empty: () => parse([claims([{ path: ['given_name'], values: [] }])]),
  oid4vp_6_3_values_float: () => parse([claims([{ path: ['height'], values: [1.5] }])]),
  oid4vp_6_3_values_object: () => parse([claims([{ path: ['address'], values: [{ locality: 'Boxtel' }] }])]),
  oid4vp_7_path_empty: () => parse([claims([{ path: [] }])]),
  oid4vp_7_path_not_an_array: () => parse([claims([{ path: 'name' }])]),
  oid4vp_7_path_negative_index: () => parse([claims([{ path: ['a', -1] }])]),
  oid4vp_7_path_boolean: () => parse([claims([{ path: ['a', true] }])]),
  oid4vp_7_path_float: () => parse([claims([{ path: ['a', 1.5] }])]), // JSON 1.0 reads as 1 in JS
  oid4vp_7_path_object: () => parse([claims([{ path: [{ a: 1 }] }])]),
  oid4vp_7_path_missing: () => parse([claims([{ id: 'a' }])]),
};
for (const [name, run] of Object.entries(INVALID)) {
  test(name, () => assert.throws(run, { code: 'dcql_invalid', error: 'invalid_request' }));
}

const MISSING = {
  oid4vp_7_1_1_step_2_1_key_in_non_object: () => processClaimsPath({ a: [1] }, ['a', 'b']),
  oid4vp_7_1_1_step_2_2_null_on_non_array: () => processClaimsPath({ a: { b: 1 } }, ['a', null]),
  oid4vp_7_1_1_step_2_3_index_on_non_array: () => processClaimsPath({ a: 'text' }, ['a', 0]),
  oid4vp_7_1_1_step_3_index_out_of_range: () => processClaimsPath({ a: [1] }, ['a', 1]),
  oid4vp_7_1_1_step_3_key_missing: () => processClaimsPath({ a: {} }, ['a', 'b']),
  oid4vp_6_3_claim_value_type_mismatch: () => matchClaims(parse([claims([{ path: ['age_over_18'], values: [1] }])]).credentials[0], PERSON),
  oid4vp_6_4_1_claim_sets_unmet: () => matchClaims(parse().credentials[1], { ...ADDRESS, address: { locality: 'X' } }),
};
for (const [name, run] of Object.entries(MISSING)) {
  test(name, () => assert.throws(run, { code: 'claim_missing' }));
}

const BEYOND = {
  oid4vp_15_4_2_claim_beyond_registration: () => beyond([['given_name'], ['bsn']]),
  oid4vp_15_4_2_parent_of_registered_claim: () => beyond([['nationalities']]),
  oid4vp_15_3_type_not_registered: () => beyond([['given_name']], 'https://other.example/vct/diploma'),
  oid4vp_15_3_format_not_registered: () => checkWithinRegistration(parse([{ id: 'mdl', format: 'mso_mdoc', meta: { doctype_value: 'x' } }]), REGISTRATION),
  oid4vp_15_4_2_all_elements_where_one_registered: () => checkWithinRegistration(parse([claims([{ path: ['nationalities', null] }])]), { [PERSON_VCT]: [['nationalities', 0]] }),
};
for (const [name, run] of Object.entries(BEYOND)) {
  test(name, () => assert.throws(run, { code: 'beyond_registration' }));
}

const CANNOT_ANSWER = {
  oid4vp_6_4_2_wallet_lacks_required_credential: () => selectCredentials(parse(), [held('p1', PERSON_VCT, PERSON)]),
  oid4vp_6_4_2_wallet_lacks_required_set: () => selectCredentials(parse(undefined, OPTIONAL_SETS), [held('a1', ADDRESS_VCT, ADDRESS)]),
  oid4vp_b_3_wallet_credential_without_holder_binding: () => selectCredentials(parse(), [held('p1', PERSON_VCT, PERSON, { holderBound: false }), held('a1', ADDRESS_VCT, ADDRESS)]),
  oid4vp_6_3_wallet_value_mismatch: () => selectCredentials(parse(), [held('p1', PERSON_VCT, { ...PERSON, nationalities: ['BE'] }), held('a1', ADDRESS_VCT, ADDRESS)]),
};
for (const [name, run] of Object.entries(CANNOT_ANSWER)) {
  test(name, () => assert.throws(run, { code: 'no_matching_credentials', error: 'access_denied' }));
}

test('oid4vp_6_4_wallet_selection_chooses_paths_and_first_claim_set_met', () => {
  const selection = selectCredentials(parse(), [held('p1', PERSON_VCT, PERSON), held('a1', ADDRESS_VCT, ADDRESS), held('p2', PERSON_VCT, PERSON)]);
  assert.deepEqual(Object.keys(selection.chosen), ['persoon', 'adres']);
  assert.equal(selection.chosen.persoon.credential.ref, 'p1');
  assert.equal(selection.candidates.persoon.length, 2);
  assert.deepEqual(selection.chosen.persoon.paths, [['given_name'], ['birthdate'], ['nationalities', null]]);
  // No postal code: the second option of claim_sets (street and place) is met.
  assert.deepEqual(selection.chosen.adres.paths, [['address', 'street_address'], ['address', 'locality']]);
  assert.deepEqual(matchClaims(parse().credentials[0], PERSON)[2].values, ['NL']);
});

test('oid4vp_6_4_2_optional_credential_set_answered_when_met', () => {
  const only = selectCredentials(parse(undefined, OPTIONAL_SETS), [held('p1', PERSON_VCT, PERSON)]);
  assert.deepEqual(Object.keys(only.chosen), ['persoon']);
  const both = selectCredentials(parse(undefined, OPTIONAL_SETS), [held('p1', PERSON_VCT, PERSON), held('a1', ADDRESS_VCT, ADDRESS)]);
  assert.deepEqual(Object.keys(both.chosen), ['persoon', 'adres']);
});

test('oid4vp_6_within_registration_accepts_registered_paths', () => {
  checkWithinRegistration(parse(), REGISTRATION);
});

test('oid4vp_6_unknown_properties_ignored', () => {
  const q = parseDcqlQuery({ ...QUERY, future: 1, credentials: [{ ...QUERY.credentials[0], future: true }] });
  assert.equal(q.credentials[0].id, 'persoon');
});

function specQueries() {
  const text = readShared('specs', 'openid4vp-1_0.md');
  const found = [];
  for (const m of text.matchAll(/```json\n([\s\S]*?)```/g)) {
    try {
      const block = JSON.parse(m[1]);
      if (block && typeof block === 'object' && 'dcql_query' in block) found.push(block.dcql_query);
    } catch { /* blocks with "..." are not JSON */ }
  }
  return found;
}

test('oid4vp_spec_inline_queries_parse_and_select', () => {
  const queries = specQueries();
  assert.equal(queries.length, 2);
  for (const document of queries) {
    const query = parseDcqlQuery(document);
    if (!query.credentials.every((c) => c.format === 'dc+sd-jwt')) continue;
    const wallet = query.credentials.map((c) => {
      const claimsOf = {};
      for (const claim of c.claims ?? []) {
        let node = claimsOf;
        for (const name of claim.path.slice(0, -1)) node = node[name] ??= {};
        node[claim.path.at(-1)] = 'value';
      }
      return held(c.id, c.vctValues[0], claimsOf);
    });
    const selection = selectCredentials(query, wallet);
    assert.deepEqual(Object.keys(selection.chosen).sort(), query.credentials.map((c) => c.id).sort());
  }
});
