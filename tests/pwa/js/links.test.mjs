// links.js: a scanned, pasted or opened link goes to the offer or the request screen, checked
// by the protocol module's own parser; anything else is refused in words a resident reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { classifyLink } from '../../../pwa/js/links.js';

const OFFER_URI = encodeURIComponent('http://127.0.0.1:8001/credential-offer/o1');
const REQUEST_URI = encodeURIComponent('http://127.0.0.1:8002/request/r1');

const cases = [
  ['an OpenID4VCI offer link (§4.1)', `openid-credential-offer://?credential_offer_uri=${OFFER_URI}`, 'offer', `#/offer?credential_offer_uri=${OFFER_URI}`],
  ["the issuer's same-device button to the wallet", `http://127.0.0.1:8003/#/offer?credential_offer_uri=${OFFER_URI}`, 'offer', `#/offer?credential_offer_uri=${OFFER_URI}`],
  ['an OpenID4VP request link (§5)', `openid4vp://?client_id=x509_san_dns%3Arp.example&request_uri=${REQUEST_URI}`, 'request', `#/present?client_id=x509_san_dns%3Arp.example&request_uri=${REQUEST_URI}`],
  ["the verifier's same-device button to the wallet", `http://127.0.0.1:8003/#/present?client_id=x509_san_dns%3Arp.example&request_uri=${REQUEST_URI}&request_uri_method=post`, 'request', `#/present?client_id=x509_san_dns%3Arp.example&request_uri=${REQUEST_URI}&request_uri_method=post`],
  ['surrounding white space from a paste', `  openid-credential-offer://?credential_offer_uri=${OFFER_URI}\n`, 'offer', `#/offer?credential_offer_uri=${OFFER_URI}`],
];

for (const [name, link, kind, route] of cases) {
  test(`classifyLink: ${name}`, () => {
    assert.deepEqual(classifyLink(link), { kind, route });
  });
}

const refused = [
  ['a web page', 'https://example.nl/geen-aanbod', 'link_unknown'],
  ['empty text', '   ', 'link_unknown'],
  ['not text', 42, 'link_unknown'],
  ['a huge paste', `https://x.example/?${'a'.repeat(70 * 1024)}`, 'link_unknown'],
  ['an offer over plain http off the machine', `openid-credential-offer://?credential_offer_uri=${encodeURIComponent('http://issuer.example/o')}`, 'offer_invalid'],
  ['an offer with both offer parameters', `openid-credential-offer://?credential_offer_uri=${OFFER_URI}&credential_offer=%7B%7D`, 'offer_invalid'],
  ['a request by value (HAIP 1.0 §5.1)', 'openid4vp://?client_id=x509_san_dns%3Arp.example&dcql_query=%7B%7D', 'link_invalid'],
  ['a request with a bad request_uri_method', `openid4vp://?client_id=a&request_uri=${REQUEST_URI}&request_uri_method=put`, 'link_invalid'],
];

for (const [name, link, code] of refused) {
  test(`classifyLink refuses ${name} (${code})`, () => {
    assert.throws(() => classifyLink(link), (error) => error.code === code);
  });
}
