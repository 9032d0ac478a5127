/**
 * Which URLs count as secure (mirrors `standards/urls.py`): `https`, or `http` to the machine
 * itself (W3C Secure Contexts §3.1: `localhost`, `*.localhost`, 127.0.0.0/8, `::1`), which the
 * embedded demo uses. Identifiers (OpenID4VCI 1.0 §12.2.1, SD-JWT VC §4) also have no query or
 * fragment.
 */

export function isLoopbackHost(host) {
  const h = String(host).toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '[::1]';
}

/** The parsed URL if `value` is https with a host, or http to loopback; else null. */
export function secureUrl(value) {
  if (typeof value !== 'string') return null;
  let url;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (!url.hostname) return null;
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return url;
  return null;
}

/** An identifier URL: secure, no query or fragment (not even an empty `?` or `#`). */
export function identifierUrl(value) {
  const url = secureUrl(value);
  if (!url || value.includes('?') || value.includes('#')) return null;
  return url;
}

/**
 * OpenID4VCI 1.0 §12.2.2 and RFC 8414 §3.1: insert `suffix` (a `/.well-known/...` path)
 * between the host and the identifier's path (a lone `/` path counts as none).
 */
export function wellKnownUrl(identifier, suffix) {
  const url = identifierUrl(identifier);
  if (!url) return null;
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.protocol}//${url.host}${suffix}${path}`;
}
