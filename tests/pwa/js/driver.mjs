// The cross-language driver: runs the wallet's JavaScript protocol layer in Node for
// tests/pwa/test_cross_language.py. Reads one JSON command on stdin, writes one JSON result
// on stdout. `routes` maps an origin the wallet sees (the issuer's or verifier's public URL)
// to the local proxy that reaches the Python app, so pwa/js runs unchanged.
//
// Commands:
//   {"command": "receive", link, tx_code, trust_list, routes}
//   {"command": "receive_and_present", ..., request_link, trust_anchors, tamper, decline}
//   {"command": "parse_certificate", der_b64}

import { b64Decode } from '../../../pwa/js/b64.js';
import { jwkThumbprint } from '../../../pwa/js/jose.js';
import { completeIssuance, prepareIssuance } from '../../../pwa/js/oid4vci.js';
import {
  buildVpToken, decline, fetchAndVerifyRequest, matchRequest, pickUnusedCopy, postResponse, responseForm,
} from '../../../pwa/js/oid4vp.js';
import { parseCertificate } from '../../../pwa/js/x509.js';

function routedFetch(routes) {
  return (url, init) => {
    let target = url;
    for (const [origin, proxy] of Object.entries(routes ?? {})) {
      if (url === origin || url.startsWith(`${origin}/`)) target = proxy + url.slice(origin.length);
    }
    return globalThis.fetch(target, init);
  };
}

async function receive(input, fetch) {
  const session = await prepareIssuance(input.link, { fetch, trustList: input.trust_list });
  if (session.status !== 'ready' && !input.allow_untrusted) return { session: { status: session.status }, credentials: [] };
  const received = await completeIssuance(session, { txCode: input.tx_code, fetch, copies: input.copies, allowUntrusted: input.allow_untrusted });
  return { session: { status: session.status, issuer_name: session.issuerName }, received };
}

async function summary(received) {
  return Promise.all(received.map(async (r) => ({
    configuration_id: r.configurationId,
    vct: r.vct,
    display: r.display.name,
    type_metadata: r.typeMetadata?.name ?? null,
    copies: await Promise.all(r.copies.map(async (c) => ({
      compact: c.compact,
      claims: c.credential.claims,
      holder_thumbprint: await jwkThumbprint(c.credential.holderJwk),
      private_key_extractable: c.keyPair.privateKey.extractable,
    }))),
  })));
}

/** Alter one presentation after its KB-JWT was made, as an attacker on the wire would. */
function tamper(vpToken, kind, received) {
  const [queryId] = Object.keys(vpToken);
  const presentation = vpToken[queryId][0];
  const parts = presentation.split('~');
  if (kind === 'extra_disclosure') {
    // A Disclosure the resident withheld, slipped in: sd_hash no longer covers the presentation.
    const all = received.flatMap((r) => r.copies.map((c) => c.credential)).find((c) => c.parts.issuerJwt === parts[0]);
    const extra = all.parts.disclosures.find((d) => !parts.includes(d));
    parts.splice(parts.length - 1, 0, extra);
  } else if (kind === 'issuer_payload') {
    const [h, p, s] = parts[0].split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    payload.vct = `${payload.vct}-forged`;
    parts[0] = [h, Buffer.from(JSON.stringify(payload)).toString('base64url'), s].join('.');
  } else if (kind === 'kb_signature') {
    const kb = parts[parts.length - 1].split('.');
    kb[2] = (kb[2][0] === 'A' ? 'B' : 'A') + kb[2].slice(1);
    parts[parts.length - 1] = kb.join('.');
  }
  vpToken[queryId] = [parts.join('~')];
}

async function receiveAndPresent(input, fetch) {
  const { received } = await receive(input, fetch);
  const verified = await fetchAndVerifyRequest(input.request_link, { fetch, trustAnchors: input.trust_anchors });
  const copies = new Map(received.map((r) => [r.configurationId, r.copies.map((c) => ({ ...c, used: false }))]));
  const held = received.map((r) => ({ ref: r.configurationId, vct: r.vct, claims: r.copies[0].credential.claims, holderBound: true }));
  const result = {
    relying_party: verified.relyingParty,
    client_id: verified.clientId,
    response_mode: verified.request.responseMode,
  };
  try {
    if (input.decline) {
      result.response = await decline(verified.request, { fetch });
      return { ...result, received: await summary(received) };
    }
    const selection = matchRequest(verified, held);
    const answers = {};
    for (const [queryId, { credential, paths }] of Object.entries(selection.chosen)) {
      answers[queryId] = { copy: pickUnusedCopy(copies.get(credential.ref)), paths };
    }
    result.disclosed = Object.fromEntries(Object.entries(answers).map(([id, a]) => [id, a.paths]));
    const vpToken = await buildVpToken(verified.request, answers);
    if (input.tamper) tamper(vpToken, input.tamper, received);
    result.response = { ok: true, ...(await postResponse(verified.request, await responseForm(verified.request, vpToken), { fetch })) };
  } catch (error) {
    result.response = { ok: false, code: error.code ?? null, error: error.error ?? null, status: error.status ?? null, detail: error.detail ?? String(error) };
  }
  return { ...result, received: await summary(received) };
}

async function main() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const input = JSON.parse(text);
  const fetch = routedFetch(input.routes);
  let output;
  try {
    if (input.command === 'receive') {
      const { session, received = [] } = await receive(input, fetch);
      output = { ok: true, session, received: await summary(received) };
    } else if (input.command === 'receive_and_present') {
      output = { ok: true, ...(await receiveAndPresent(input, fetch)) };
    } else if (input.command === 'parse_certificate') {
      const cert = parseCertificate(b64Decode(input.der_b64));
      output = {
        ok: true, subject: cert.subject.attributes, issuer: cert.issuer.attributes, not_before: cert.notBefore,
        not_after: cert.notAfter, dns_names: cert.dnsNames, uris: cert.uris, ca: cert.ca,
      };
    } else {
      output = { ok: false, code: 'unknown_command' };
    }
  } catch (error) {
    output = { ok: false, code: error.code ?? null, error: error.error ?? null, detail: error.detail ?? String(error.stack ?? error) };
  }
  process.stdout.write(JSON.stringify(output));
}

await main();
