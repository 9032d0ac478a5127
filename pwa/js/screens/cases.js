/**
 * `#/cases` "Mijn zaken": each case started by sharing data (store.js `cases()`), newest
 * first: the relying party, the use case, the date. `#/cases?id=<case>` marks one (the
 * history links here). Status updates and the inbox come with the wallet provider.
 */

import { cases } from '../store.js';
import { forLocale, fragmentParams, h, show, t } from '../ui.js';
import { item, when } from './history.js';

export async function casesScreen(hash) {
  const chosen = fragmentParams(hash).get('id');
  const held = await cases();
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('cases_heading')),
    h('p', { class: 'utrecht-paragraph' }, t('cases_intro')),
    held.length
      ? h('ol', { class: 'wallet-entries', 'data-cases': true }, held.map((entry) => h('li', {
        class: 'wallet-entry', 'data-case': entry.id, 'aria-current': String(entry.id) === chosen ? 'true' : null,
      },
      h('h2', { class: 'utrecht-heading-3 wallet-entry__title' }, forLocale(entry.party?.name, entry.party?.id ?? t('history_unknown_party'))),
      h('dl', { class: 'utrecht-data-list utrecht-data-list--rows' },
        entry.useCase ? item('cases_use_case', forLocale(entry.useCase)) : null,
        item('cases_started', when(entry.at))))))
      : h('p', { class: 'utrecht-paragraph', 'data-cases-empty': true }, t('cases_empty')),
    h('p', { class: 'utrecht-paragraph' }, t('cases_status_later')),
  );
  document.querySelector('[data-case][aria-current]')?.scrollIntoView({ block: 'center' });
}
