/**
 * `#/present?client_id=...&request_uri=...`: the relying party's same-device button, a scanned
 * or pasted request (OpenID4VP 1.0 §5). The wallet fetches the Request Object and checks it
 * against its trust list (signature, `x5c` chain to a trust anchor, client identifier prefix,
 * registration: oid4vp.js `fetchAndVerifyRequest`), then shows who asks (the legal name from
 * the certificate), why (the use case from the request's `verifier_info`, OpenID4VP 1.0 §5.1),
 * and each requested claim with its value and the card it comes from.
 * "Delen" sends only those claims from an unused copy (HAIP 1.0 §7) with Key Binding,
 * encrypted (§8.3); "Niet delen" sends `access_denied` (§8.5); either way a returned
 * `redirect_uri` is followed (§8.2, same-device), else the wallet says what happened. Every
 * outcome after the check is logged in the history; only a presentation the relying party
 * accepted counts as shared and records a case ("Mijn zaken"): one it refused (`refused` in
 * its answer) or did not take is logged as failed, and the mailbox made for it is deleted at
 * the provider (provider.js `discardMailbox`, best effort).
 * Online, the wallet checks the Token Status List of the cards to be shared (statuslist.js
 * `checkStatuses`) and, for a card its issuer revoked or suspended, warns under that card that
 * the organisation will not accept it; the resident may still choose (the warning blocks nothing).
 */

import {
  answersFor, cardsOf, cardsWithoutCopies, consentView, heldCredentials, historyEntry, legalName, useCaseFrom,
} from '../consent.js';
import { refusedByServer } from '../errors.js';
import { errorMessage } from '../messages.js';
import { consentItems, decline, fetchAndVerifyRequest, matchRequest, parseRequestLink, present, x509Hash } from '../oid4vp.js';
import { createMailbox, discardMailbox } from '../provider.js';
import { text } from '../screens.messages.js';
import { checkStatuses } from '../statuslist.js';
import { addCase, addHistory, allCopies, markUsed } from '../store.js';
import { loadTrust } from '../trust.js';
import { button, buttonLink, errorRegion, failedScreen, forLocale, h, locale, show, t } from '../ui.js';

export const CONSENT_SHOWN = 'regie:consent-shown';

const heading = () => h('h1', { class: 'utrecht-heading-1' }, t('present_heading'));

/** A screen after the resident chose: what happened, and the way on. */
function outcomeScreen(titleKey, said, { alert = false } = {}) {
  show(
    h('h1', { class: 'utrecht-heading-1' }, t(titleKey)),
    h('div', { class: `utrecht-alert utrecht-alert--${alert ? 'error' : 'ok'}`, role: alert ? 'alert' : 'status', 'data-present-outcome': titleKey },
      h('p', { class: 'utrecht-paragraph' }, said)),
    h('div', { class: 'regie-actions' }, buttonLink('#/', t('back_home'))),
  );
}

function claimList(view) {
  return view.map((item) => h('section', { class: 'wallet-consent-card', 'data-query': item.queryId, 'data-card': item.card.card },
    h('h3', { class: 'utrecht-heading-3' },
      t('present_from_card', { card: forLocale(item.card.name, item.card.vct), issuer: forLocale(item.card.issuerName, item.card.issuer) })),
    h('dl', { class: 'wallet-consent-claims' },
      item.claims.flatMap((claim) => [
        h('dt', { class: 'wallet-consent-claims__label', 'data-claim': JSON.stringify(claim.path) }, claim.label),
        h('dd', { class: 'wallet-consent-claims__value wallet-claim-value' },
          claim.lines.map((line) => h('span', { class: 'wallet-claim-line' }, line))),
      ]))));
}

const STATUS_WARNINGS = { revoked: 'present_card_revoked', suspended: 'present_card_suspended' };

/** Online, warn under each card to be shared that its issuer revoked or suspended (the
 * verifier would refuse it: OpenID4VP 1.0 §8.6, Token Status List §8.3); nothing blocks. */
function warnUnusable(view) {
  const copies = [...new Map(view.map((item) => [item.card.card, item.card.copies])).values()].flat();
  checkStatuses(copies, (card, status) => {
    if (!Object.hasOwn(STATUS_WARNINGS, status)) return;
    for (const section of document.querySelectorAll('.wallet-consent-card[data-card]')) {
      if (section.dataset.card !== card) continue;
      section.append(h('div', { class: 'utrecht-alert utrecht-alert--warning', 'data-consent-card-status': status },
        h('p', { class: 'utrecht-paragraph' }, t(STATUS_WARNINGS[status]))));
    }
  });
}

/**
 * A fresh pairwise mailbox for the case this presentation starts (docs/wallet-provider.md),
 * its sender the relying party's leaf certificate (`x509_hash:`, OpenID4VP 1.0 §5.9.3); null
 * when the provider cannot be reached: sharing goes on, only without messages.
 */
async function caseMailbox(verified, name) {
  try {
    return await createMailbox({ sender: `x509_hash:${await x509Hash(verified.certificate.der)}`, name });
  } catch (failure) {
    console.error(failure);
    return null;
  }
}

/** How long a redirect waits for the mailbox to be deleted (leaving the page cancels the call). */
const DISCARD_WAIT_MS = 3000;

/** `discarding` (provider.js `discardMailbox`, never rejects) settled, or DISCARD_WAIT_MS passed. */
function beforeLeaving(discarding) {
  return Promise.race([discarding, new Promise((resolve) => { setTimeout(resolve, DISCARD_WAIT_MS); })]);
}

/** The verifier's checks the wallet can explain by the code in the answer's `refused`
 * (oid4vp.js `postResponse`), in its own words; any other refusal is told without a reason. */
const REFUSAL_TEXTS = {
  'verifier.credential_revoked': 'present_refused_revoked',
  'verifier.credential_suspended': 'present_refused_suspended',
  'verifier.status_unavailable': 'present_refused_status_unavailable',
  'verifier.issuer_not_trusted': 'present_refused_issuer_not_trusted',
};

/** What the resident reads when the presentation did not go through: the verifier processed
 * and refused it (`refused`, OpenID4VP 1.0 §8.2: a 200 answer), it did not take the post as
 * the answer to its request (a 4xx with an OAuth `error`, RFC 6749 §5.2: the request ran out
 * or was answered already), or the wallet could not send it. */
function notAccepted({ refused = null, failure = null }, name) {
  if (refused !== null) return text(REFUSAL_TEXTS[refused] ?? 'present_refused', locale, { name });
  const status = failure?.code === 'server_error' ? failure.status ?? 0 : 0;
  if (status === 404 || (status === 400 && failure.error === 'invalid_request')) return text('present_not_taken', locale, { name });
  if (refusedByServer(failure)) return text('present_refused', locale, { name });
  return errorMessage(failure, locale, { name });
}

async function agree(context, controls) {
  const { verified, view, cards, selection, name, clientId, purpose, title } = context;
  controls.busy(t('present_busy'));
  let answer;
  let mailbox = null;
  let posted = false;
  try {
    const { answers, used } = await answersFor(selection, cards);
    mailbox = await caseMailbox(verified, name);
    answer = await present(verified, answers, {
      mailboxUri: mailbox?.url ?? null,
      beforePost: async () => {
        await markUsed(used); // HAIP 1.0 §7: a copy that may have been seen is never used again
        posted = true;
      },
    });
  } catch (failure) {
    console.error(failure);
    // no case: in the background, the resident reads why at once. Only a mailbox whose URL
    // never reached the verifier, or that it refused to take (a 4xx answer): after a lost
    // connection or a 5xx the verifier may hold it and post the case's messages there.
    if (!posted || refusedByServer(failure)) discardMailbox(mailbox);
    await addHistory(historyEntry({ clientId, name, view, outcome: 'failed' }));
    controls.failed(notAccepted({ failure }, name));
    return;
  }
  if (answer.refused !== null) { // processed and refused: nothing was accepted, no case
    const discarding = discardMailbox(mailbox); // nobody else has its URL
    await addHistory(historyEntry({ clientId, name, view, outcome: 'failed' }));
    if (answer.redirectUri) {
      await beforeLeaving(discarding);
      location.assign(answer.redirectUri); // §8.2 "MUST redirect": its page says why
      return;
    }
    controls.failed(notAccepted(answer, name));
    return;
  }
  const at = new Date().toISOString();
  const caseId = await addCase({
    party: { id: clientId, name },
    useCase: title ?? purpose ?? { nl: text('present_case_use', 'nl', { name }), en: text('present_case_use', 'en', { name }) },
    at,
    mailbox: mailbox?.id ?? null,
  });
  await addHistory(historyEntry({ clientId, name, view, outcome: 'shared', caseId, at }));
  if (answer.redirectUri) {
    location.assign(answer.redirectUri); // §8.2: same-device, back to the relying party
    return;
  }
  outcomeScreen('present_shared_heading', text('shared', locale, { name }));
}

async function refuse(context, controls) {
  const { verified, view, name, clientId } = context;
  controls.busy(t('present_declining'));
  let answer = null;
  try {
    answer = await decline(verified.request);
  } catch (failure) {
    console.error(failure); // not told: still nothing was shared
  }
  await addHistory(historyEntry({ clientId, name, view, outcome: 'declined' }));
  if (answer?.redirectUri) {
    location.assign(answer.redirectUri); // §8.2 "MUST redirect", also after an error response
    return;
  }
  const told = answer !== null && answer.status >= 200 && answer.status < 300;
  outcomeScreen('present_declined_heading', told ? text('declined', locale, { name }) : t('present_declined_untold', { name }));
}

/** The consent screen (who, why, what; Delen / Niet delen). */
function consentScreen(context) {
  const { name, registered, view, purpose, title } = context;
  const error = errorRegion('delen-fout');
  const status = h('p', { class: 'utrecht-paragraph', role: 'status' });
  const home = buttonLink('#/', t('back_home'), 'subtle');
  let agreeButton;
  let declineButton;
  const controls = {
    busy(said) {
      agreeButton.disabled = true;
      declineButton.disabled = true;
      error.say('');
      status.textContent = said;
    },
    failed(said) {
      status.textContent = '';
      error.say(said);
      home.focus();
    },
  };
  agreeButton = button(t('present_agree'), () => agree(context, controls), 'primary-action', { 'data-consent': 'agree' });
  declineButton = button(t('present_decline'), () => refuse(context, controls), 'secondary-action', { 'data-consent': 'decline' });
  show(
    heading(),
    h('section', { class: 'wallet-consent-party', 'aria-labelledby': 'wie' },
      h('h2', { class: 'utrecht-heading-2', id: 'wie' }, t('present_who')),
      h('p', { class: 'wallet-consent-party__name', 'data-party': true }, name),
      h('p', { class: 'utrecht-paragraph' }, t('present_who_checked'))),
    registered === false ? h('div', { class: 'utrecht-alert utrecht-alert--warning', 'data-not-registered': true },
      h('p', { class: 'utrecht-paragraph' }, text('not_registered', locale, { name }))) : null,
    h('section', { 'aria-labelledby': 'waarom' },
      h('h2', { class: 'utrecht-heading-2', id: 'waarom' }, t('present_why')),
      title ? h('p', { class: 'utrecht-paragraph wallet-consent-title', 'data-use-case': true }, forLocale(title)) : null,
      h('p', { class: 'utrecht-paragraph', 'data-purpose': true }, purpose ? forLocale(purpose) : t('present_why_unknown', { name }))),
    h('section', { 'aria-labelledby': 'wat' },
      h('h2', { class: 'utrecht-heading-2', id: 'wat' }, t('present_what')),
      claimList(view),
      h('p', { class: 'utrecht-paragraph' }, t('present_only_this'))),
    h('p', { class: 'utrecht-paragraph wallet-consent-question' }, text('consent_question', locale, { name })),
    error.element,
    status,
    h('div', { class: 'regie-actions wallet-consent-actions' }, agreeButton, declineButton),
    h('div', { class: 'regie-actions' }, home),
  );
  globalThis.performance?.clearMarks?.(CONSENT_SHOWN);
  globalThis.performance?.mark?.(CONSENT_SHOWN);
  warnUnusable(view);
}

/** A request refused before anything was shown: logged as `failed` under the client id the
 * link claims (unverified, so without a name); a link that is no request is not logged. */
async function logRefused(hash) {
  let clientId;
  try {
    ({ clientId } = parseRequestLink(hash));
  } catch {
    return;
  }
  await addHistory({ kind: 'presentation', party: { id: clientId, name: null }, claims: [], cards: [], outcome: 'failed' })
    .catch((failure) => console.error(failure));
}

/** Check the request and the held cards; then the consent screen, or why not. */
export async function presentScreen(hash) {
  show(heading(), h('p', { class: 'utrecht-paragraph', role: 'status' }, t('present_loading')));
  let verified;
  let party = null;
  try {
    const trust = await loadTrust();
    verified = await fetchAndVerifyRequest(hash, { trustAnchors: trust.anchors, registrations: trust.registrations });
    party = trust.relyingParties.find((p) => p.clientId === verified.request.clientId) ?? null;
  } catch (failure) {
    console.error(failure); // nothing was sent: the request is not trusted or not valid
    await logRefused(hash);
    failedScreen(failure);
    return;
  }
  const clientId = verified.request.clientId;
  const name = legalName(verified.certificate, verified.clientId.original);
  const cards = cardsOf(await allCopies());
  let selection;
  let view;
  try {
    selection = matchRequest(verified, await heldCredentials(cards));
    view = consentView(consentItems(selection), cards, {
      locale, yes: t('present_yes'), no: t('present_no'), none: t('present_none'),
    });
  } catch (failure) {
    console.error(failure);
    await addHistory(historyEntry({ clientId, name, view: [], outcome: 'failed' }));
    outcomeScreen('error_heading', errorMessage(failure, locale, { name }), { alert: true });
    return;
  }
  if (cardsWithoutCopies(selection, cards).length) {
    await addHistory(historyEntry({ clientId, name, view, outcome: 'failed' }));
    outcomeScreen('present_no_copy_heading', text('no_unused_copy', locale), { alert: true });
    return;
  }
  const useCase = useCaseFrom(verified.request);
  consentScreen({
    verified, view, cards, selection, name, clientId, registered: verified.registered,
    title: useCase?.title ?? null, purpose: useCase?.purpose ?? party?.purpose ?? null,
  });
}
