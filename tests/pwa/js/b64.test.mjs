import { test } from 'node:test';
import assert from 'node:assert/strict';

import { b64Decode, b64Encode, b64urlDecode, b64urlEncode, jsonParse, utf8 } from '../../../pwa/js/b64.js';

test('rfc7515_2_b64url_round_trip', () => {
  for (let n = 0; n < 40; n += 1) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
    assert.deepEqual(b64urlDecode(b64urlEncode(bytes)), bytes);
    assert.deepEqual(b64Decode(b64Encode(bytes)), bytes);
    assert.equal(b64Encode(bytes), Buffer.from(bytes).toString('base64'));
    assert.equal(b64urlEncode(bytes), Buffer.from(bytes).toString('base64url'));
  }
});

for (const [name, value] of [
  ['padding', 'YQ=='], ['plus', 'a+b_'], ['slash', 'a/bc'], ['space', 'YW J'],
  ['length_1_mod_4', 'YWJjZ'], ['non_canonical', 'YR'], ['non_ascii', 'YWé'],
]) {
  test(`rfc4648_5_b64url_refuses_${name}`, () => {
    assert.throws(() => b64urlDecode(value), { code: 'malformed' });
  });
}

test('rfc4648_4_b64_refuses_missing_padding_and_url_alphabet', () => {
  assert.throws(() => b64Decode('YQ'), { code: 'malformed' });
  assert.throws(() => b64Decode('a-b_'), { code: 'malformed' });
});

test('rfc7515_5_2_json_refuses_duplicate_members', () => {
  assert.throws(() => jsonParse('{"a":1,"a":2}'), { code: 'malformed' });
  assert.throws(() => jsonParse('{"x":{"a":1,"\\u0061":2}}'), { code: 'malformed' });
  assert.deepEqual(jsonParse('{"a":{"a":1},"b":[{"a":2},{"a":3}],"s":"a,\\"a"}'), { a: { a: 1 }, b: [{ a: 2 }, { a: 3 }], s: 'a,"a' });
});

test('rfc8259_json_refuses_invalid_utf8_lone_surrogates_and_garbage', () => {
  assert.throws(() => jsonParse(new Uint8Array([0x22, 0xff, 0x22])), { code: 'malformed' });
  assert.throws(() => jsonParse('"\\ud800"'), { code: 'malformed' });
  assert.throws(() => jsonParse('{"a":NaN}'), { code: 'malformed' });
  assert.equal(jsonParse(utf8('"Möbius"')), 'Möbius');
});
