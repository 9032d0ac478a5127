/**
 * `#/history`: every issuance and disclosure the wallet logged (store.js `history()`), newest
 * first: when, who, what (and which claims), how it went, the case it started, and whether a
 * new card replaced an old one (store.js `storeIssued`: `replaced`); delete one
 * entry, or all of them after a confirmation. Stored only in this browser.
 */

import { confirmStep } from '../confirm.js';
import { deleteHistory, history } from '../store.js';
import { forLocale, formatDate, h, setNotice, show, t, takeNotice } from '../ui.js';

const OUTCOMES = new Set(['received', 'shared', 'declined', 'failed']);

/** "24 november 2026 om 10:15". */
export function when(at) {
  return t('history_at', { date: formatDate(at), time: formatDate(at, { timeStyle: 'short' }) });
}

function what(entry) {
  if (entry.kind === 'issuance') {
    return entry.name ? t('history_kind_issuance', { name: forLocale(entry.name, entry.vct) }) : t('history_kind_issuance_unnamed');
  }
  return t('history_kind_presentation');
}

/** One `label: value` row of a data list (`key` a text key). */
export function item(key, ...value) {
  return h('div', { class: 'utrecht-data-list__item' },
    h('dt', { class: 'utrecht-data-list__item-key' }, t(key)),
    h('dd', { class: 'utrecht-data-list__item-value utrecht-data-list__item-value--html-dd' }, ...value));
}

function entryView(entry) {
  const summary = what(entry);
  const claims = (entry.claims ?? []).map((label) => forLocale(label)).filter(Boolean);
  const remove = entry.id === undefined || entry.id === null ? null : h('button', {
    type: 'button',
    class: 'utrecht-button utrecht-button--secondary-action regie-button-large',
    'aria-label': t('history_delete_one_label', { what: summary, when: when(entry.at) }),
    'data-action': 'delete-entry',
    onclick: async () => {
      await deleteHistory(entry.id);
      setNotice(t('history_deleted_one'));
      await historyScreen();
    },
  }, t('history_delete_one'));
  return h('li', { class: 'wallet-entry', 'data-history-entry': entry.kind, 'data-outcome': entry.outcome },
    h('h2', { class: 'utrecht-heading-3 wallet-entry__title' }, summary),
    h('dl', { class: 'utrecht-data-list utrecht-data-list--rows' },
      item('history_when', when(entry.at)),
      item('history_who', forLocale(entry.party?.name, entry.party?.id ?? t('history_unknown_party'))),
      claims.length ? item('history_claims', claims.join(', ')) : null,
      item('history_outcome', OUTCOMES.has(entry.outcome) ? t(`history_outcome_${entry.outcome}`) : String(entry.outcome ?? '')),
      entry.caseId === null || entry.caseId === undefined ? null : item('history_case',
        h('a', { class: 'utrecht-link', href: `#/cases?id=${encodeURIComponent(entry.caseId)}` }, t('history_case_link')))),
    entry.kind === 'issuance' && entry.replaced > 0
      ? h('p', { class: 'utrecht-paragraph', 'data-history-replaced': entry.replaced }, t('history_replaced'))
      : null,
    remove ? h('div', { class: 'regie-actions' }, remove) : null);
}

export async function historyScreen() {
  const entries = await history();
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('history_heading')),
    takeNotice(),
    h('p', { class: 'utrecht-paragraph' }, t('history_intro')),
    entries.length
      ? h('ol', { class: 'wallet-entries', 'data-history': true }, entries.map(entryView))
      : h('p', { class: 'utrecht-paragraph', 'data-history-empty': true }, t('history_empty')),
    entries.length ? confirmStep({
      label: t('history_delete_all'),
      question: t('history_delete_all_question'),
      yes: t('history_delete_all_yes'),
      no: t('history_delete_all_no'),
      name: 'delete-history',
      onConfirm: async () => {
        await deleteHistory();
        setNotice(t('history_deleted_all'));
        await historyScreen();
      },
    }) : null,
  );
}
