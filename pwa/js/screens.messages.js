/**
 * The screens' message catalogue: every text the wallet's screens show, in plain Dutch (B1)
 * and English. The protocol layer's texts (errors, warnings) stay in messages.js; `text()`
 * looks in both, so a screen has one way to ask for a text. `{name}` placeholders are filled.
 */

import { MESSAGES, message } from './messages.js';

export const SCREEN_MESSAGES = {
  app_name: { nl: 'Regie wallet', en: 'Regie wallet' },
  skip_link: { nl: 'Naar de inhoud', en: 'Skip to content' },
  home_heading: { nl: 'Mijn gegevens', en: 'My data' },
  home_empty: {
    nl: 'U heeft nog geen gegevens in de wallet. Haal ze op bij de gemeente.',
    en: 'There is no data in your wallet yet. Get it from the municipality.',
  },
  home_add: { nl: 'Gegevens toevoegen met een link', en: 'Add data with a link' },
  card_issuer: { nl: 'Van {name}', en: 'From {name}' },
  card_copies: { nl: 'Nog {count} keer te gebruiken', en: 'Can be used {count} more times' },
  card_received: { nl: 'Ontvangen op {date}', en: 'Received on {date}' },
  received_notice: {
    nl: 'Gelukt. Uw gegevens staan nu in de wallet.',
    en: 'Done. Your data is now in the wallet.',
  },
  paste_heading: { nl: 'Gegevens toevoegen', en: 'Add data' },
  paste_text: {
    nl: 'Plak hier de link die u van de gemeente kreeg.',
    en: 'Paste the link you got from the municipality here.',
  },
  paste_label: { nl: 'Link', en: 'Link' },
  paste_submit: { nl: 'Verder', en: 'Continue' },
  back_home: { nl: 'Terug naar mijn gegevens', en: 'Back to my data' },
  offer_heading: { nl: 'Gegevens ontvangen', en: 'Receive data' },
  offer_loading: { nl: 'Even geduld, de wallet haalt het aanbod op.', en: 'One moment, the wallet is fetching the offer.' },
  offer_from: { nl: '{name} wil u deze gegevens geven:', en: '{name} wants to give you this data:' },
  offer_untrusted_accept: {
    nl: 'Ik weet zeker wie deze gegevens geeft',
    en: 'I am sure who gives this data',
  },
  offer_untrusted_needed: {
    nl: 'Vink eerst aan dat u zeker weet wie deze gegevens geeft.',
    en: 'First tick the box to say you are sure who gives this data.',
  },
  tx_code_label: { nl: 'Code van het scherm van de gemeente', en: "Code from the municipality's screen" },
  tx_code_hint: {
    nl: 'De code heeft {length} cijfers.',
    en: 'The code has {length} digits.',
  },
  offer_submit: { nl: 'Gegevens ophalen', en: 'Get the data' },
  offer_busy: { nl: 'Even geduld, de wallet haalt uw gegevens op.', en: 'One moment, the wallet is fetching your data.' },
  offer_cancel: { nl: 'Niet ophalen', en: 'Do not get it' },
  not_found: { nl: 'Deze pagina bestaat niet in de wallet.', en: 'This page does not exist in the wallet.' },
  error_heading: { nl: 'Dat ging niet goed', en: 'That did not work' },
};

/** The locale the screens use: the resident's first of nl/en, else Dutch. */
export function pickLocale(languages = globalThis.navigator?.languages ?? []) {
  for (const language of languages) {
    const base = String(language).toLowerCase().split('-')[0];
    if (base === 'nl' || base === 'en') return base;
  }
  return 'nl';
}

/** The text for `key` (screen catalogue first, then the protocol layer's), placeholders filled. */
export function text(key, locale = 'nl', params = {}) {
  const entry = SCREEN_MESSAGES[key];
  if (!entry) return message(key in MESSAGES ? key : 'unknown_error', locale, params);
  const value = entry[locale] ?? entry.nl;
  return value.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}
