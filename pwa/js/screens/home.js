/**
 * `#/` "Mijn gegevens": the stored cards (from IndexedDB; works offline). Each card's name is a
 * link to its details (`#/card?id=…`) that covers the whole card, a large target.
 */

import { cards } from '../store.js';
import { buttonLink, forLocale, formatDate, h, show, t, takeNotice } from '../ui.js';

export async function homeScreen() {
  const held = await cards();
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('home_heading')),
    takeNotice(),
    held.length
      ? h('ul', { class: 'wallet-cards', 'data-wallet-cards': true },
        held.map((card) => h('li', { class: 'wallet-card', 'data-vct': card.vct },
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
}
