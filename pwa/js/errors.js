/**
 * One error type for the wallet's protocol layer.
 *
 * `code` names the check that failed and is the key of its user-facing text in
 * `messages.js` (nl + en); `detail` is technical English for logs, never shown as the main
 * text; `error` is the specification's error code where it has one (RFC 6749 §5.2, OpenID4VP
 * 1.0 §8.5, OpenID4VCI 1.0 §8.3.1.2), for example `invalid_request` or `access_denied`.
 *
 * Runs unchanged in the browser and in Node 20: no DOM, no Node-only API.
 */

export class WalletError extends Error {
  /**
   * @param {string} code catalogue key (see messages.js)
   * @param {string} [detail] technical detail in English
   * @param {{error?: string, status?: number}} [extra]
   */
  constructor(code, detail = code, extra = {}) {
    super(`${code}: ${detail}`);
    this.name = 'WalletError';
    this.code = code;
    this.detail = detail;
    this.error = extra.error ?? null;
    this.status = extra.status ?? null;
  }
}

/**
 * The server answered with a 4xx (`server_error` with its HTTP `status`): it refused the
 * request and acted on none of it (RFC 6749 §5.2, OpenID4VCI 1.0 §11.3). Without an answer
 * (a lost connection) or with a 5xx the server may have acted on it.
 */
export function refusedByServer(failure) {
  const status = failure?.code === 'server_error' ? failure.status ?? 0 : 0;
  return status >= 400 && status < 500;
}

/** Throw a WalletError with `code` unless `condition` holds. */
export function ensure(condition, code, detail, extra) {
  if (!condition) throw new WalletError(code, detail, extra);
}
