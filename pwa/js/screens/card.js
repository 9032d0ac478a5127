/**
 * `#/card?id=<card>`: one card: its name, who issued it and when, how many unused copies are
 * left, and every claim as label + value (from the stored SD-JWT VC and its Type Metadata's
 * claim metadata, SD-JWT VC §5); whether it was revoked (online, Token Status List, statuslist.js
 * `checkStatuses`); and deleting it with its keys, after a confirmation.
 */

import { claimRows } from '../claims.js';
import { confirmStep } from '../confirm.js';
import { readStoredCredential } from '../sdjwt.js';
import { checkStatuses } from '../statuslist.js';
import { cardCopies, deleteCard } from '../store.js';
import { buttonLink, forLocale, formatDate, fragmentParams, h, locale, setNotice, show, t } from '../ui.js';
import { statusMark } from './home.js';

/** The card's claims as rows, or null when the stored credential cannot be read. */
async function rowsOf(copy) {
  try {
    const { claims } = await readStoredCredential(copy.compact);
    return claimRows(claims, copy.claims, { locale, yes: t('card_yes'), no: t('card_no'), none: t('card_none') });
  } catch (failure) {
    console.error(failure);
    return null;
  }
}

function dataList(rows) {
  return h('dl', { class: 'utrecht-data-list utrecht-data-list--rows', 'data-card-claims': true },
    rows.map((row) => h('div', { class: 'utrecht-data-list__item', 'data-claim': row.name },
      h('dt', { class: 'utrecht-data-list__item-key' }, row.label),
      h('dd', { class: 'utrecht-data-list__item-value utrecht-data-list__item-value--html-dd wallet-claim-value' },
        row.lines.map((line) => h('span', { class: 'wallet-claim-line' }, line))))));
}

export async function cardScreen(hash) {
  const id = fragmentParams(hash).get('id');
  const copies = id ? await cardCopies(id) : [];
  if (!copies.length) {
    show(
      h('h1', { class: 'utrecht-heading-1' }, t('card_not_found')),
      h('div', { class: 'regie-actions' }, buttonLink('#/', t('back_home'), 'secondary-action')),
    );
    return;
  }
  const card = copies[0];
  const name = forLocale(card.name, card.vct);
  const unused = copies.filter((copy) => !copy.used).length;
  const rows = await rowsOf(card);
  const issuerName = forLocale(card.issuerName, card.issuer);
  const statusPlace = h('div', { 'data-card-status-place': true });
  show(
    h('h1', { class: 'utrecht-heading-1' }, name),
    statusPlace,
    h('p', { class: 'utrecht-paragraph' }, t('card_issuer', { name: issuerName })),
    h('p', { class: 'utrecht-paragraph' }, t('card_received', { date: formatDate(card.receivedAt) })),
    h('p', { class: 'utrecht-paragraph', 'data-card-unused': unused },
      unused ? t('card_copies', { count: unused }) : t('card_copies_none')),
    unused ? h('p', { class: 'utrecht-paragraph' }, t('card_copies_explained')) : null,
    h('h2', { class: 'utrecht-heading-2' }, t('card_data_heading')),
    rows ? dataList(rows) : h('p', { class: 'utrecht-paragraph', role: 'alert' }, t('card_unreadable')),
    h('section', { class: 'wallet-danger-zone', 'aria-labelledby': 'verwijder-kop' },
      h('h2', { class: 'utrecht-heading-2', id: 'verwijder-kop' }, t('card_delete_heading')),
      h('p', { class: 'utrecht-paragraph', id: 'verwijder-uitleg' }, t('card_delete_text')),
      confirmStep({
        label: t('card_delete'),
        question: t('card_delete_question', { name }),
        yes: t('card_delete_yes'),
        no: t('card_delete_no'),
        name: 'delete-card',
        describedBy: 'verwijder-uitleg',
        onConfirm: async () => {
          await deleteCard(id);
          setNotice(t('card_deleted', { name }));
          location.replace('#/');
        },
      })),
    h('div', { class: 'regie-actions' }, buttonLink('#/', t('back_home'), 'secondary-action')),
  );
  checkStatuses(copies, (_, status) => {
    const mark = statusPlace.isConnected ? statusMark(status, issuerName) : null;
    if (mark) statusPlace.append(mark);
  });
}
