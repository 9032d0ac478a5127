/**
 * `#/` "Mijn gegevens": the stored cards (from IndexedDB; works offline), in a fixed order
 * (store.js `cards`). Each card's name is a link to its details (`#/card?id=…`) that covers
 * the whole card, a large target. Online, the wallet then checks the Token Status List of its
 * cards (statuslist.js) and marks a revoked or suspended card, in plain words.
 */

import { checkStatuses } from '../statuslist.js';
import { allCopies, cards } from '../store.js';
import { buttonLink, forLocale, formatDate, h, show, t, takeNotice } from '../ui.js';

const STATUS_TEXTS = {
  revoked: ['card_revoked', 'card_revoked_text'],
  suspended: ['card_suspended', 'card_suspended_text'],
};

/** The mark of a card that is no longer valid (`status` from statuslist.js), or null. */
export function statusMark(status, issuerName) {
  const texts = STATUS_TEXTS[status];
  if (!texts) return null;
  return h('div', { class: 'utrecht-alert utrecht-alert--warning wallet-card__status', 'data-card-status': status },
    h('p', { class: 'utrecht-paragraph' }, h('strong', {}, t(texts[0]))),
    h('p', { class: 'utrecht-paragraph' }, t(texts[1], { name: issuerName })));
}

export async function homeScreen() {
  const held = await cards();
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('home_heading')),
    takeNotice(),
    held.length
      ? h('ul', { class: 'wallet-cards', 'data-wallet-cards': true },
        held.map((card) => h('li', { class: 'wallet-card', 'data-vct': card.vct, 'data-card': card.card },
          h('h2', { class: 'utrecht-heading-2 wallet-card__name' },
            h('a', { class: 'utrecht-link wallet-card__link', href: `#/card?id=${encodeURIComponent(card.card)}` }, forLocale(card.name, card.vct))),
          h('p', { class: 'utrecht-paragraph' }, t('card_issuer', { name: forLocale(card.issuerName, card.issuer) })),
          h('p', { class: 'utrecht-paragraph' }, t('card_received', { date: formatDate(card.receivedAt) })),
          h('p', { class: 'utrecht-paragraph' }, t('card_copies', { count: card.unused })))))
      : h('p', { class: 'utrecht-paragraph', 'data-wallet-empty': true }, t('home_empty')),
    h('div', { class: 'regie-actions' },
      buttonLink('#/scan', t('home_scan')),
      buttonLink('#/receive', t('home_add'), 'secondary-action')),
  );
  if (!held.length) return;
  checkStatuses(await allCopies(), (card, status) => {
    const item = [...document.querySelectorAll('[data-wallet-cards] [data-card]')].find((li) => li.dataset.card === card);
    const shown = held.find((c) => c.card === card);
    const mark = item?.isConnected && shown ? statusMark(status, forLocale(shown.issuerName, shown.issuer)) : null;
    if (mark) {
      item.dataset.status = status;
      item.append(mark);
    }
  });
}
