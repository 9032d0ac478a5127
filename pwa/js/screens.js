/**
 * The wallet's screens, routed on the URL fragment (the server never sees it):
 *
 * - `#/` "Mijn gegevens": the stored cards (from IndexedDB; works offline).
 * - `#/receive`: paste an offer link (for who cannot scan).
 * - `#/offer?credential_offer_uri=...`: the issuer's same-device button; shows who offers
 *   what, warns about an issuer not on the trust list, asks the transaction code, receives
 *   the credentials with fresh non-extractable device keys and stores them.
 *
 * DOM built with createElement and textContent only (no HTML from data; strict CSP).
 */

import { errorMessage } from './messages.js';
import { completeIssuance, parseCredentialOfferLink, prepareIssuance } from './oid4vci.js';
import { pickLocale, text } from './screens.messages.js';
import { cards, storeIssued } from './store.js';
import { TRUST_LIST } from './trust.js';

const locale = pickLocale();
const t = (key, params) => text(key, locale, params);
let notice = null; // shown once on the next home screen

/** A DOM element: `h('p', {class: 'x'}, 'text', child)`. Attributes via setAttribute; `on*` as listeners. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

function main() {
  return document.getElementById('inhoud');
}

/** Replace the screen; focus its heading so a screen reader announces the new screen. */
function show(...content) {
  const root = main();
  root.replaceChildren(...content);
  const heading = root.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

/** An error region (role=alert is aria-live assertive), empty until `say`. */
function errorRegion(id) {
  const region = h('div', { id, class: 'wallet-error', role: 'alert' });
  return {
    element: region,
    say(message) {
      region.replaceChildren(message ? h('p', { class: 'utrecht-paragraph wallet-error__text' }, message) : '');
    },
  };
}

function buttonLink(href, label, kind = 'primary-action') {
  return h('a', {
    class: `utrecht-button-link utrecht-button-link--html-a utrecht-button-link--${kind} regie-button-large`,
    href,
  }, label);
}

function forLocale(names, fallback = '') {
  if (!names) return fallback;
  return names[locale] ?? names.nl ?? fallback;
}

// --- Mijn gegevens --------------------------------------------------------------------------

async function homeScreen() {
  const held = await cards();
  const shown = notice;
  notice = null;
  const dateFormat = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'long' });
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('home_heading')),
    shown ? h('div', { class: 'utrecht-alert utrecht-alert--ok', role: 'status' }, h('p', { class: 'utrecht-paragraph' }, shown)) : null,
    held.length
      ? h('ul', { class: 'wallet-cards', 'data-wallet-cards': true },
        held.map((card) => h('li', { class: 'wallet-card', 'data-vct': card.vct },
          h('h2', { class: 'utrecht-heading-2 wallet-card__name' }, forLocale(card.name, card.vct)),
          h('p', { class: 'utrecht-paragraph' }, t('card_issuer', { name: forLocale(card.issuerName, card.issuer) })),
          h('p', { class: 'utrecht-paragraph' }, t('card_received', { date: dateFormat.format(new Date(card.receivedAt)) })),
          h('p', { class: 'utrecht-paragraph' }, t('card_copies', { count: card.unused })))))
      : h('p', { class: 'utrecht-paragraph', 'data-wallet-empty': true }, t('home_empty')),
    h('div', { class: 'regie-actions' }, buttonLink('#/receive', t('home_add'), 'secondary-action')),
  );
}

// --- paste a link ---------------------------------------------------------------------------

function receiveScreen() {
  const error = errorRegion('link-fout');
  const input = h('input', {
    id: 'link', name: 'link', type: 'url', required: true, autocomplete: 'off', spellcheck: 'false',
    class: 'utrecht-textbox utrecht-textbox--html-input wallet-input-large', 'aria-describedby': 'link-uitleg link-fout',
  });
  const form = h('form', { class: 'utrecht-form', novalidate: true },
    h('div', { class: 'utrecht-form-field' },
      h('label', { class: 'utrecht-form-label', for: 'link' }, t('paste_label')),
      h('p', { class: 'utrecht-paragraph', id: 'link-uitleg' }, t('paste_text')),
      input),
    error.element,
    h('div', { class: 'regie-actions' },
      h('button', { type: 'submit', class: 'utrecht-button utrecht-button--primary-action regie-button-large' }, t('paste_submit'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const link = input.value.trim();
    try {
      parseCredentialOfferLink(link);
    } catch (failure) {
      input.setAttribute('aria-invalid', 'true');
      error.say(errorMessage(failure, locale));
      input.focus();
      return;
    }
    location.hash = `#/offer?${link.slice(link.indexOf('?') + 1).split('#')[0]}`;
  });
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('paste_heading')),
    form,
    h('p', { class: 'utrecht-paragraph' }, h('a', { class: 'utrecht-link', href: '#/' }, t('back_home'))),
  );
}

// --- receive: the offer ---------------------------------------------------------------------

function failedScreen(failure) {
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('error_heading')),
    h('div', { class: 'utrecht-alert utrecht-alert--error', role: 'alert' },
      h('p', { class: 'utrecht-paragraph' }, errorMessage(failure, locale))),
    h('div', { class: 'regie-actions' }, buttonLink('#/', t('back_home'), 'secondary-action')),
  );
}

/** The issuer's refusal of the code (RFC 6749 `invalid_grant`) reads as a wrong code. */
function issuanceMessage(failure) {
  if (failure?.error === 'invalid_grant') return text('tx_code_invalid', locale);
  return errorMessage(failure, locale);
}

async function offerScreen(link) {
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('offer_heading')),
    h('p', { class: 'utrecht-paragraph', role: 'status' }, t('offer_loading')),
  );
  let session;
  try {
    session = await prepareIssuance(link, { trustList: TRUST_LIST });
  } catch (failure) {
    console.error(failure);
    failedScreen(failure);
    return;
  }
  const issuerName = forLocale(session.issuerName, session.issuer);
  const error = errorRegion('code-fout');
  const status = h('p', { class: 'utrecht-paragraph', role: 'status' });
  const txCode = session.txCode;
  const accept = session.trusted ? null : h('input', {
    id: 'vertrouw', type: 'checkbox', class: 'utrecht-checkbox utrecht-checkbox--html-input wallet-checkbox-large',
  });
  const numeric = !txCode || txCode.inputMode !== 'text';
  const input = txCode ? h('input', {
    id: 'code', name: 'code', type: 'text', required: true,
    inputmode: numeric ? 'numeric' : 'text', pattern: numeric ? '[0-9]*' : null,
    autocomplete: 'one-time-code', maxlength: txCode.length ?? null,
    class: 'utrecht-textbox utrecht-textbox--html-input wallet-code-input',
    'aria-describedby': 'code-uitleg code-fout',
  }) : null;
  const submit = h('button', { type: 'submit', class: 'utrecht-button utrecht-button--primary-action regie-button-large' }, t('offer_submit'));
  const form = h('form', { class: 'utrecht-form', novalidate: true },
    accept ? h('div', { class: 'utrecht-alert utrecht-alert--warning', 'data-untrusted': true },
      h('p', { class: 'utrecht-paragraph' }, text('untrusted_issuer', locale, { name: issuerName })),
      h('div', { class: 'utrecht-form-field utrecht-form-field--checkbox wallet-accept' },
        accept, h('label', { class: 'utrecht-form-label utrecht-form-label--checkbox', for: 'vertrouw' }, t('offer_untrusted_accept')))) : null,
    input ? h('div', { class: 'utrecht-form-field' },
      h('label', { class: 'utrecht-form-label', for: 'code' }, t('tx_code_label')),
      h('p', { class: 'utrecht-paragraph', id: 'code-uitleg' },
        txCode.length ? t('tx_code_hint', { length: txCode.length }) : (txCode.description ?? text('tx_code_required', locale))),
      input) : null,
    error.element,
    status,
    h('div', { class: 'regie-actions' },
      submit,
      buttonLink('#/', t('offer_cancel'), 'secondary-action')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.say('');
    if (accept && !accept.checked) {
      error.say(t('offer_untrusted_needed'));
      accept.focus();
      return;
    }
    const code = input ? input.value.replace(/\s+/g, '') : undefined;
    submit.disabled = true;
    status.textContent = t('offer_busy');
    try {
      const received = await completeIssuance(session, { txCode: code, allowUntrusted: Boolean(accept?.checked) });
      await storeIssued(received, { issuerName: session.issuerName });
    } catch (failure) {
      console.error(failure);
      status.textContent = '';
      submit.disabled = false;
      error.say(issuanceMessage(failure));
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      }
      return;
    }
    notice = t('received_notice');
    location.replace('#/');
  });
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('offer_heading')),
    h('p', { class: 'utrecht-paragraph' }, t('offer_from', { name: issuerName })),
    h('ul', { class: 'utrecht-unordered-list wallet-offered', 'data-offered': true },
      session.credentials.map((item) => h('li', { class: 'utrecht-unordered-list__item' }, forLocale(item.display.name, item.configurationId)))),
    form,
  );
}

// --- routing --------------------------------------------------------------------------------

function notFoundScreen() {
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('not_found')),
    h('div', { class: 'regie-actions' }, buttonLink('#/', t('back_home'))),
  );
}

/** Show the screen for the current fragment. */
export async function route() {
  const hash = location.hash || '#/';
  const path = hash.split('?')[0];
  try {
    if (path === '#/' || path === '#') await homeScreen();
    else if (path === '#/receive') receiveScreen();
    else if (path === '#/offer') await offerScreen(hash);
    else notFoundScreen();
  } catch (failure) {
    console.error(failure);
    failedScreen(failure);
  }
}

/** Start routing: the current screen now, and on every fragment change. */
export function startScreens() {
  document.documentElement.lang = locale;
  window.addEventListener('hashchange', () => { route(); });
  return route();
}
