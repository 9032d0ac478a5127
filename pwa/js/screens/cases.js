/**
 * `#/cases` "Mijn zaken": each case started by sharing data (store.js `cases()`), newest
 * first: the relying party, the use case, the date, and from the messages in its mailbox
 * (screens/inbox.js) the status now and every message about it, newest first.
 * `#/cases?id=<case>` marks one (the history links here), `#/cases?mailbox=<id>` the case of
 * a mailbox (a message links here).
 */

import { cases, inbox } from '../store.js';
import { forLocale, formatDate, fragmentParams, h, show, t } from '../ui.js';
import { item, when } from './history.js';
import { messageText, statusLabel } from './inbox.js';

function statusPart(entry, messages) {
  if (!entry.mailbox) return h('p', { class: 'utrecht-paragraph' }, t('cases_no_mailbox'));
  const mine = messages.filter((m) => m.mailbox === entry.mailbox);
  const latest = mine.find((m) => typeof m.content?.status === 'string');
  return [
    latest ? h('p', { class: 'utrecht-paragraph', 'data-case-status': latest.content.status },
      h('strong', {}, `${t('cases_status_now')}: `), statusLabel(latest.content.status)) : null,
    h('h3', { class: 'utrecht-heading-4' }, t('cases_status_history')),
    mine.length
      ? h('ol', { class: 'wallet-entries', 'data-case-messages': true }, mine.map((m) => h('li', { 'data-case-message': m.id },
        h('a', { class: 'utrecht-link', href: `#/message?id=${encodeURIComponent(m.id)}` },
          `${formatDate(m.receivedAt, { dateStyle: 'medium', timeStyle: 'short' })}: ${messageText(m)}`))))
      : h('p', { class: 'utrecht-paragraph' }, t('cases_status_none')),
  ];
}

export async function casesScreen(hash) {
  const params = fragmentParams(hash);
  const chosen = params.get('id');
  const chosenMailbox = params.get('mailbox');
  const [held, messages] = await Promise.all([cases(), inbox()]);
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('cases_heading')),
    h('p', { class: 'utrecht-paragraph' }, t('cases_intro')),
    held.length
      ? h('ol', { class: 'wallet-entries', 'data-cases': true }, held.map((entry) => h('li', {
        class: 'wallet-entry', 'data-case': entry.id,
        'aria-current': String(entry.id) === chosen || (chosenMailbox && entry.mailbox === chosenMailbox) ? 'true' : null,
      },
      h('h2', { class: 'utrecht-heading-3 wallet-entry__title' }, forLocale(entry.party?.name, entry.party?.id ?? t('history_unknown_party'))),
      h('dl', { class: 'utrecht-data-list utrecht-data-list--rows' },
        entry.useCase ? item('cases_use_case', forLocale(entry.useCase)) : null,
        item('cases_started', when(entry.at))),
      statusPart(entry, messages))))
      : h('p', { class: 'utrecht-paragraph', 'data-cases-empty': true }, t('cases_empty')),
    h('p', { class: 'utrecht-paragraph' }, t('cases_status_later')),
  );
  document.querySelector('[data-case][aria-current]')?.scrollIntoView({ block: 'center' });
}
