// errors.js: which failures mean the server refused the request and acted on none of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { WalletError, refusedByServer } from '../../../pwa/js/errors.js';

test('refusedByServer: a 4xx answer; not a 5xx, a lost connection or no failure at all', () => {
  assert.equal(refusedByServer(new WalletError('server_error', 'x', { status: 400 })), true);
  assert.equal(refusedByServer(new WalletError('server_error', 'x', { status: 499 })), true);
  assert.equal(refusedByServer(new WalletError('server_error', 'x', { status: 500 })), false);
  assert.equal(refusedByServer(new WalletError('server_error', 'x')), false);
  assert.equal(refusedByServer(new WalletError('network_error', 'x', { status: 404 })), false);
  assert.equal(refusedByServer(new TypeError('Failed to fetch')), false);
  assert.equal(refusedByServer(null), false);
});
