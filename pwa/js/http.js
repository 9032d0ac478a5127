/**
 * The protocol layer's HTTP: `fetch` is a parameter (the browser's by default), so tests and
 * the cross-language driver can route requests; responses are read with size bounds and
 * errors become WalletError `network_error` or `server_error` with the OAuth `error` code
 * when the server sent one (RFC 6749 §5.2).
 */

import { WalletError } from './errors.js';
import { jsonParse, isObject } from './b64.js';

const MAX_BODY = 1024 * 1024;

export async function request(fetchImpl, url, init = {}) {
  let response;
  try {
    response = await (fetchImpl ?? globalThis.fetch)(url, { redirect: 'error', credentials: 'omit', ...init });
  } catch (error) {
    throw new WalletError('network_error', `${init.method ?? 'GET'} ${url}: ${error.message}`);
  }
  const text = await response.text();
  if (text.length > MAX_BODY) throw new WalletError('server_error', `${url}: the answer is too large`);
  return { status: response.status, ok: response.ok, text, headers: response.headers };
}

/** The JSON object of a successful answer; a failed one throws with its OAuth error code. */
export function jsonBody(answer, url) {
  let body = null;
  try {
    body = jsonParse(answer.text, 'the answer');
  } catch {
    body = null;
  }
  if (!answer.ok) {
    const error = isObject(body) && typeof body.error === 'string' ? body.error : null;
    throw new WalletError('server_error', `${url}: HTTP ${answer.status} ${error ?? ''}`.trim(), { error, status: answer.status });
  }
  if (!isObject(body)) throw new WalletError('server_error', `${url}: the answer is not a JSON object`);
  return body;
}

/** application/x-www-form-urlencoded body of an object of strings. */
export function formBody(fields) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) params.append(k, v);
  return params.toString();
}

export const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
