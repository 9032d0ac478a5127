/**
 * `#/offer?credential_offer_uri=...`: the issuer's same-device button, a scanned or pasted
 * offer. Shows who offers what, warns about an issuer not on the trust list, asks the
 * transaction code, receives the credentials with fresh non-extractable device keys (one per
 * copy) and stores them; a new card of a type the wallet holds from the same issuer replaces
 * the old one (after a move, issue 6), and the notice says so.
 */

import { refusedByServer } from '../errors.js';
import { errorMessage } from '../messages.js';
import { completeIssuance, notifyAccepted, prepareIssuance } from '../oid4vci.js';
import { createMailbox, discardMailbox } from '../provider.js';
import { text } from '../screens.messages.js';
import { storeIssued } from '../store.js';
import { loadTrust } from '../trust.js';
import { buttonLink, errorRegion, failedScreen, forLocale, h, locale, setNotice, show, t } from '../ui.js';

/** The issuer's refusal of the code (RFC 6749 `invalid_grant`) reads as a wrong code. */
function issuanceMessage(failure) {
  if (failure?.error === 'invalid_grant') return text('tx_code_invalid', locale);
  return errorMessage(failure, locale);
}

/**
 * §11.1 `credential_accepted` to the issuer, with a fresh mailbox at the wallet provider as
 * the extension parameter `mailbox_uri` (its sender the issuer's identifier, which its
 * certificate names), so the municipality's re-issue prompts reach "Berichten"
 * (docs/wallet-provider.md). Failures are logged only: the credentials are stored already.
 * When the issuer refused the first notification (a 4xx answer, §11.3: it took nothing, so not
 * the mailbox URL either), the mailbox is deleted again (provider.js `discardMailbox`); after a
 * lost connection or a 5xx the issuer may hold the URL, and the mailbox stays.
 */
async function acceptedWithMailbox(session, received) {
  if (!received.some((item) => item.notificationId)) return;
  let mailbox = null;
  try {
    mailbox = await createMailbox({ sender: session.issuer, name: session.issuerName ?? null });
  } catch (failure) {
    console.error(failure); // the provider is away: notify without a mailbox
  }
  try {
    await notifyAccepted(session, received, { mailboxUri: mailbox?.url ?? null });
  } catch (failure) {
    console.error(failure);
    if (!failure.sent && refusedByServer(failure)) await discardMailbox(mailbox); // nobody else has its URL
  }
}

/** "Done", and which old cards the new ones replaced (store.js `storeIssued`). */
function receivedNotice(replaced) {
  if (!replaced.length) return t('received_notice');
  const names = replaced.map((name) => forLocale(name, '')).join(', ');
  return t(replaced.length === 1 ? 'received_replaced_one' : 'received_replaced_many', { names });
}

export async function offerScreen(link) {
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('offer_heading')),
    h('p', { class: 'utrecht-paragraph', role: 'status' }, t('offer_loading')),
  );
  let session;
  try {
    session = await prepareIssuance(link, { trustList: (await loadTrust()).issuers });
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
    let stored;
    try {
      const received = await completeIssuance(session, { txCode: code, allowUntrusted: Boolean(accept?.checked) });
      stored = await storeIssued(received, { issuerName: session.issuerName });
      acceptedWithMailbox(session, received); // in the background: never holds up the cards
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
    setNotice(receivedNotice(stored.replaced));
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
