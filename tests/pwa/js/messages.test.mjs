// The message catalogue is complete: every code the protocol modules can throw has a Dutch
// and an English text, and no text is left empty or untranslated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { LOCALES, MESSAGES, errorMessage, message } from '../../../pwa/js/messages.js';
import { WalletError } from '../../../pwa/js/errors.js';
import { ROOT } from './helpers.mjs';

/** The source text of each top-level argument of the call whose arguments start at `at`. */
function topLevelArguments(source, at) {
  const args = [];
  let depth = 0;
  let from = at;
  for (let i = at; i < source.length; i += 1) {
    const c = source[i];
    if (c === "'" || c === '"' || c === '`') {
      i += 1;
      while (source[i] !== c) i += source[i] === '\\' ? 2 : 1;
    } else if ('([{'.includes(c)) depth += 1;
    else if (')]}'.includes(c)) {
      if (depth === 0) {
        args.push(source.slice(from, i));
        return args;
      }
      depth -= 1;
    } else if (c === ',' && depth === 0) {
      args.push(source.slice(from, i));
      from = i + 1;
    }
  }
  return args;
}

/** Every string literal passed as the code of `new WalletError(...)` or the second argument of `ensure(...)`. */
function thrownCodes() {
  const codes = new Set();
  const dir = join(ROOT, 'pwa', 'js');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const m of source.matchAll(/new WalletError\(\s*'([a-z_]+)'/g)) codes.add(m[1]);
    for (const m of source.matchAll(/\bensure\(/g)) {
      if (source.slice(0, m.index).endsWith('function ')) continue; // its definition
      const args = topLevelArguments(source, m.index + 'ensure('.length);
      const code = /^'([a-z_]+)'$/.exec((args[1] ?? '').trim());
      if (code) codes.add(code[1]);
      else throw new Error(`ensure() in ${file} has no literal code: ${args[1]}`);
    }
  }
  codes.delete('');
  return codes;
}

test('messages_every_thrown_code_has_nl_and_en', () => {
  const codes = thrownCodes();
  assert.ok(codes.size > 20, `found only ${[...codes]}`);
  const missing = [...codes].filter((c) => !(c in MESSAGES));
  assert.deepEqual(missing, []);
});

test('messages_complete_and_translated', () => {
  for (const [key, entry] of Object.entries(MESSAGES)) {
    assert.deepEqual(Object.keys(entry).sort(), [...LOCALES].sort(), key);
    for (const locale of LOCALES) assert.ok(entry[locale].trim().length > 10, `${key}.${locale}`);
    assert.notEqual(entry.nl, entry.en, `${key} is not translated`);
    const placeholders = (t) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(placeholders(entry.nl), placeholders(entry.en), key);
  }
});

test('messages_filled_and_fallbacks', () => {
  assert.match(message('untrusted_issuer', 'nl', { name: 'Gemeente X' }), /^Let op: Gemeente X staat niet/);
  assert.match(message('untrusted_issuer', 'en-GB', { name: 'X' }), /^Warning: X is not/);
  assert.equal(errorMessage(new WalletError('signature_invalid'), 'en'), MESSAGES.signature_invalid.en);
  assert.equal(errorMessage(new Error('boom'), 'nl'), MESSAGES.unknown_error.nl);
});
