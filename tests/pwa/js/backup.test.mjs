import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  backupKeys, checkPhrase, decryptBackup, encryptBackup, newPhrase, normalisePhrase, phraseFromEntropy,
} from '../../../pwa/js/backup.js';

const hex = (text) => Uint8Array.from(text.match(/../g), (pair) => parseInt(pair, 16));

test('bip39_test_vectors_entropy_to_phrase', async () => {
  // BIP-39 reference vectors (trezor/python-mnemonic vectors.json, English)
  assert.equal(await phraseFromEntropy(hex('00'.repeat(16))),
    'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about');
  assert.equal(await phraseFromEntropy(hex('7f'.repeat(16))),
    'legal winner thank year wave sausage worth useful legal winner thank yellow');
  assert.equal(await phraseFromEntropy(hex('80'.repeat(16))),
    'letter advice cage absurd amount doctor acoustic avoid letter advice cage above');
});

test('backup_phrase_is_12_words_and_checked', async () => {
  const phrase = await newPhrase();
  assert.equal(phrase.split(' ').length, 12);
  assert.notEqual(phrase, await newPhrase());
  assert.equal(await checkPhrase(`  ${phrase.toUpperCase().replace(/ /g, '\n ')} `), phrase);
  const words = phrase.split(' ');
  // Two words swapped: a fixed BIP-39 vector, since a random phrase's 4-bit checksum still
  // matches after a swap one time in 16 (the test failed so now and then).
  const vector = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
  assert.equal(await checkPhrase(vector), vector);
  await assert.rejects(checkPhrase(`winner legal ${vector.split(' ').slice(2).join(' ')}`), { code: 'backup_phrase_invalid' });
  await assert.rejects(checkPhrase(words.slice(0, 11).join(' ')), { code: 'backup_phrase_invalid' });
  await assert.rejects(checkPhrase(`${words.slice(0, 11).join(' ')} gemeente`), { code: 'backup_phrase_invalid' });
  assert.equal(normalisePhrase(' A  b\tc '), 'a b c');
});

test('backup_round_trip_and_wrong_phrase', async () => {
  const phrase = await newPhrase();
  const keys = await backupKeys(phrase, { iterations: 1000 });
  assert.ok(keys.backupKey.length >= 32);
  assert.equal(keys.encryptionKey.extractable, false);
  const again = await backupKeys(phrase, { iterations: 1000 });
  assert.equal(again.backupKey, keys.backupKey);
  const contents = { history: [{ id: 1, party: { name: 'Gemeente Boxtel' } }], cases: [], inbox: [], settings: {} };
  const bytes = await encryptBackup(contents, keys.encryptionKey);
  assert.equal(new TextDecoder().decode(bytes).includes('Boxtel'), false);
  assert.deepEqual(await decryptBackup(bytes, again.encryptionKey), contents);
  const other = await backupKeys(await newPhrase(), { iterations: 1000 });
  assert.notEqual(other.backupKey, keys.backupKey);
  await assert.rejects(decryptBackup(bytes, other.encryptionKey), { code: 'backup_phrase_wrong' });
  await assert.rejects(decryptBackup(new Uint8Array(10), keys.encryptionKey), { code: 'backup_phrase_wrong' });
});
