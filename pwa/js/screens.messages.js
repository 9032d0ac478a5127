/**
 * The screens' message catalogue: every text the wallet's screens show, in plain Dutch (B1)
 * and English, one catalogue assembled from one file per area under `texts/` (a key may be
 * defined once only). The protocol layer's texts (errors, warnings) stay in messages.js;
 * `text()` looks in both, so a screen has one way to ask for a text. `{name}` placeholders
 * are filled.
 */

import { MESSAGES, message } from './messages.js';
import backup from './texts/backup.js';
import card from './texts/card.js';
import cases from './texts/cases.js';
import common from './texts/common.js';
import history from './texts/history.js';
import home from './texts/home.js';
import inbox from './texts/inbox.js';
import present from './texts/present.js';
import receive from './texts/receive.js';
import scan from './texts/scan.js';
import settings from './texts/settings.js';
import vault from './texts/vault.js';

export const AREAS = { common, home, receive, scan, present, vault, history, cases, settings, card, inbox, backup };

function assemble(areas) {
  const catalogue = {};
  for (const [area, texts] of Object.entries(areas)) {
    for (const [key, entry] of Object.entries(texts)) {
      if (key in catalogue || key in MESSAGES) throw new Error(`text ${key} of texts/${area}.js is defined twice`);
      catalogue[key] = entry;
    }
  }
  return Object.freeze(catalogue);
}

export const SCREEN_MESSAGES = assemble(AREAS);

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
