/**
 * Digital Credentials Query Language, OpenID for Verifiable Presentations 1.0 §6 and §7, on
 * the wallet's side: parse a query with the same rules as `standards/dcql/query.py` (§6.1-§6.3,
 * Appendix B.3.5 `vct_values`, §7 claims paths; unknown properties ignored, §6), select the
 * claims a credential answers with (§7.1.1, §6.3, §6.4.1), match held credentials and choose
 * the default answer (§6.4.2), and check a query against a relying party's registration
 * (§15.3, §15.4.2: no over-asking).
 *
 * Mirrors `standards/dcql/`. Errors are WalletError `dcql_invalid` (the request is broken,
 * OpenID4VP §8.5 `invalid_request`) or `no_matching_credentials` (`access_denied`).
 */

import { WalletError, ensure } from './errors.js';
import { isObject } from './b64.js';

export const SD_JWT_VC_FORMAT = 'dc+sd-jwt';
const IDENTIFIER = /^[A-Za-z0-9_-]+$/;

const invalid = (detail) => new WalletError('dcql_invalid', detail, { error: 'invalid_request' });
const isIndex = (c) => Number.isInteger(c) && c >= 0;
const isIdList = (v) => Array.isArray(v) && v.length > 0 && v.every((i) => typeof i === 'string');

/** §7: a non-empty array of strings, nulls and non-negative integers. */
export function claimsPath(value) {
  if (!Array.isArray(value) || value.length === 0) throw invalid('a claims path pointer is a non-empty array');
  for (const c of value) {
    if (!(c === null || typeof c === 'string' || isIndex(c))) throw invalid(`${JSON.stringify(c)} is no claims path component`);
  }
  return [...value];
}

function identifier(value, what) {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) throw invalid(`${what} ${JSON.stringify(value)} is not made of letters, digits, '_' and '-'`);
}

function unique(values, what) {
  const seen = new Set();
  for (const v of values) {
    const key = JSON.stringify(v);
    if (seen.has(key)) throw invalid(`${what} ${key} appears more than once`);
    seen.add(key);
  }
}

function optionalArray(object, name) {
  if (!(name in object) || object[name] === null) return null;
  if (!Array.isArray(object[name]) || object[name].length === 0) throw invalid(`${name} is a non-empty array`);
  return object[name];
}

/** §6.3: one Claims Query. */
function parseClaimsQuery(raw) {
  if (!isObject(raw)) throw invalid('a claims query is an object');
  if (!('path' in raw)) throw invalid('a claims query has a path');
  const claim = { path: claimsPath(raw.path), id: null, values: null };
  if ('id' in raw && raw.id !== null) {
    if (typeof raw.id !== 'string') throw invalid('claim id is a string');
    identifier(raw.id, 'claim id');
    claim.id = raw.id;
  }
  const values = optionalArray(raw, 'values');
  if (values) {
    for (const v of values) {
      if (!(typeof v === 'string' || typeof v === 'boolean' || Number.isInteger(v))) throw invalid('values are strings, integers or booleans');
    }
    claim.values = values;
  }
  return claim;
}

/** §6.1: one Credential Query. */
function parseCredentialQuery(raw) {
  if (!isObject(raw)) throw invalid('a credential query is an object');
  if (typeof raw.id !== 'string') throw invalid('a credential query has a string id');
  if (typeof raw.format !== 'string' || !raw.format) throw invalid('a credential query has a format');
  if (!isObject(raw.meta)) throw invalid('a credential query has meta, an object');
  const multiple = raw.multiple ?? false;
  const binding = raw.require_cryptographic_holder_binding ?? true;
  if (typeof multiple !== 'boolean' || typeof binding !== 'boolean') throw invalid('multiple and require_cryptographic_holder_binding are booleans');
  const authorities = optionalArray(raw, 'trusted_authorities');
  for (const a of authorities ?? []) {
    if (!isObject(a) || typeof a.type !== 'string' || !isIdList(a.values)) throw invalid('trusted_authorities entries have a type and values (§6.1.1)');
  }
  const claims = (optionalArray(raw, 'claims') ?? null)?.map(parseClaimsQuery) ?? null;
  const claimSets = optionalArray(raw, 'claim_sets');
  if (claimSets && !claimSets.every(isIdList)) throw invalid('claim_sets options are non-empty arrays of claim ids');
  identifier(raw.id, 'credential query id');
  let vctValues = [];
  if (raw.format === SD_JWT_VC_FORMAT) { // Appendix B.3.5
    const v = raw.meta.vct_values;
    if (!Array.isArray(v) || !v.length || !v.every((s) => typeof s === 'string' && s)) {
      throw invalid('meta.vct_values is a non-empty array of strings');
    }
    vctValues = [...v];
  }
  unique((claims ?? []).filter((c) => c.id !== null).map((c) => c.id), 'claim id');
  unique((claims ?? []).map((c) => c.path), 'claims path'); // §6.1: never the same claim twice
  if (claimSets) {
    if (!claims) throw invalid('claim_sets is not present without claims (§6.4.1)');
    if (claims.some((c) => c.id === null)) throw invalid('every claim needs an id when claim_sets is present');
    const known = new Set(claims.map((c) => c.id));
    const unknown = claimSets.flat().filter((i) => !known.has(i));
    if (unknown.length) throw invalid(`claim_sets name unknown claim ids ${JSON.stringify(unknown)}`);
  }
  return {
    id: raw.id, format: raw.format, multiple, meta: raw.meta, vctValues,
    trustedAuthorities: authorities, requireCryptographicHolderBinding: binding, claims, claimSets,
  };
}

/**
 * §6: parse and check a DCQL query (`credentials`, optional `credential_sets`). Returns a
 * plain object `{credentials, credentialSets}`; throws `dcql_invalid` naming the broken rule.
 */
export function parseDcqlQuery(raw) {
  if (!isObject(raw)) throw invalid('a DCQL query is an object');
  if (!Array.isArray(raw.credentials) || !raw.credentials.length) throw invalid('credentials is a non-empty array');
  const sets = optionalArray(raw, 'credential_sets');
  const credentialSets = sets?.map((s) => {
    if (!isObject(s) || !Array.isArray(s.options) || !s.options.length || !s.options.every(isIdList)) {
      throw invalid('a credential set has non-empty options of credential query ids (§6.2)');
    }
    const required = s.required ?? true;
    if (typeof required !== 'boolean') throw invalid('required is a boolean');
    return { options: s.options, required };
  }) ?? null;
  const credentials = raw.credentials.map(parseCredentialQuery);
  unique(credentials.map((c) => c.id), 'credential query id'); // §6.1
  const known = new Set(credentials.map((c) => c.id));
  const named = (credentialSets ?? []).flatMap((s) => s.options.flat()).filter((i) => !known.has(i));
  if (named.length) throw invalid(`credential_sets name unknown ids ${JSON.stringify(named)}`); // §6.2
  return { credentials, credentialSets };
}

/**
 * §7.1.1: the elements `path` selects in `claims`, left to right; a component meeting the
 * wrong kind of element, or an empty selection at the end (step 3), throws `claim_missing`.
 */
export function processClaimsPath(claims, path) {
  const missing = (why) => new WalletError('claim_missing', `${JSON.stringify(path)}: ${why}`);
  let selected = [claims];
  for (const c of path) {
    if (typeof c === 'string') {
      if (!selected.every(isObject)) throw missing('a name meets a non-object'); // step 2.1
      selected = selected.filter((e) => Object.hasOwn(e, c)).map((e) => e[c]);
    } else if (c === null) {
      if (!selected.every(Array.isArray)) throw missing('null meets a non-array'); // step 2.2
      selected = selected.flat(1);
    } else if (isIndex(c)) {
      if (!selected.every(Array.isArray)) throw missing('an index meets a non-array'); // step 2.3
      selected = selected.filter((e) => c < e.length).map((e) => e[c]);
    } else {
      throw missing('not a path component'); // step 2.4
    }
  }
  if (!selected.length) throw missing('the credential holds no claim there'); // step 3
  return selected;
}

/** §6.3: "the type and value of the claim both match exactly". */
const same = (a, b) => typeof a === typeof b && a === b;

function matchOne(claim, claims) {
  const selected = processClaimsPath(claims, claim.path);
  if (claim.values === null) return selected;
  const matching = selected.filter((e) => claim.values.some((v) => same(e, v)));
  if (!matching.length) throw new WalletError('claim_missing', `no claim at ${JSON.stringify(claim.path)} has a requested value`);
  return matching;
}

/**
 * §6.4.1: the claims paths of `claims` that answer `query` (with the values they select):
 * every Claims Query without `claim_sets`; with them the first option that is met.
 * Returns `[{path, values}]`, or throws `claim_missing`.
 */
export function matchClaims(query, claims) {
  if (query.claims === null) return [];
  if (query.claimSets === null) return query.claims.map((c) => ({ path: c.path, values: matchOne(c, claims) }));
  const byId = new Map(query.claims.map((c) => [c.id, c]));
  for (const option of query.claimSets) {
    try {
      return option.map((id) => ({ path: byId.get(id).path, values: matchOne(byId.get(id), claims) }));
    } catch (error) {
      if (error.code !== 'claim_missing') throw error;
    }
  }
  throw new WalletError('claim_missing', `credential query ${query.id}: no option of claim_sets is met`);
}

function candidate(query, held) {
  const format = held.format ?? SD_JWT_VC_FORMAT;
  if (format !== query.format || format !== SD_JWT_VC_FORMAT) return null;
  if (!query.vctValues.includes(held.vct)) return null;
  if (query.requireCryptographicHolderBinding && held.holderBound === false) return null;
  try {
    return { credential: held, paths: matchClaims(query, held.claims).map((m) => m.path) };
  } catch (error) {
    if (error.code === 'claim_missing') return null;
    throw error;
  }
}

/**
 * §6.4: every held credential (`{ref, vct, claims, holderBound?}`) that answers each
 * Credential Query, and the default answer: all queries without `credential_sets`, else the
 * first option met of each set (optional sets when met). Throws `no_matching_credentials`
 * (`access_denied`, §6.4.2) when a required query or set cannot be met.
 * Returns `{candidates: {id: [{credential, paths}]}, chosen: {id: {credential, paths}}}`.
 */
export function selectCredentials(query, held) {
  const candidates = {};
  for (const q of query.credentials) candidates[q.id] = held.map((h) => candidate(q, h)).filter(Boolean);
  let wanted = [];
  if (query.credentialSets === null) {
    wanted = query.credentials.map((q) => q.id);
    const missing = wanted.filter((id) => !candidates[id].length);
    ensure(!missing.length, 'no_matching_credentials', `no credential answers ${JSON.stringify(missing)}`, { error: 'access_denied' });
  } else {
    query.credentialSets.forEach((set, number) => {
      const met = set.options.filter((o) => o.every((id) => candidates[id].length));
      if (met.length) met[0].forEach((id) => { if (!wanted.includes(id)) wanted.push(id); });
      else ensure(!set.required, 'no_matching_credentials', `no option of credential set ${number} can be met`, { error: 'access_denied' });
    });
  }
  return { candidates, chosen: Object.fromEntries(wanted.map((id) => [id, candidates[id][0]])) };
}

/** `allowed` leads to (or is) `requested`; an allowed `null` covers any index. */
function covers(allowed, requested) {
  return allowed.length <= requested.length && allowed.every((a, i) => {
    const r = requested[i];
    return (a === r && typeof a === typeof r) || (a === null && (r === null || isIndex(r)));
  });
}

/**
 * §15.3 and §15.4.2: refuse a query that asks beyond `registration` (`{vct: [paths]}`): every
 * Credential Query `dc+sd-jwt`, each `vct_values` entry registered, and each claims path
 * covered by a registered path. Throws `beyond_registration`.
 */
export function checkWithinRegistration(query, registration) {
  const beyond = (detail) => new WalletError('beyond_registration', detail, { error: 'invalid_request' });
  for (const c of query.credentials) {
    if (c.format !== SD_JWT_VC_FORMAT) throw beyond(`${c.id} asks for ${c.format}`);
    for (const vct of c.vctValues) {
      if (!Object.hasOwn(registration, vct)) throw beyond(`${c.id} asks for type ${vct}`);
      for (const claim of c.claims ?? []) {
        if (!registration[vct].some((a) => covers(a, claim.path))) throw beyond(`${c.id} asks for ${JSON.stringify(claim.path)} of ${vct}`);
      }
    }
  }
}
